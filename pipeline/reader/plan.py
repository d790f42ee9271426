"""Where each of a jabatan's named cells is, checked against the layout the template made.

A defined name can be re-pointed by anyone who unprotects the sheet. The template's layout
(pipeline/sheetlayout.py) says where every name belongs, so a name is trusted only when it
points at its jabatan's sheet, in its column, and in template order. Rows inserted above a
cell (Excel moves the names along) shift the names below by the same amount and are fine:
of the names' row shifts, the longest run that never decreases is taken as the sheet's
real layout and every other name is refused. Two names on one cell are both refused.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.catalog.model import Indikator, Jabatan
from pipeline.console import clean
from pipeline.findings import Finding, error, warning
from pipeline.reader.cells import shown_text
from pipeline.reader.workbook import NameTarget, WorkbookXml, col_letters
from pipeline.sheetlayout import Slot, jabatan_slots
from pipeline.wilayah import Wilayah

Coord = tuple[int, int]  # 1-based (row, col)
REFILL = "Jangan mengubah nama sel atau menyalin lembar; isi ulang pada template asli."


# (indikator, variabel or None for the keterangan cell, wilayah: "*" or a kecamatan code)
Key = tuple[str, str | None, str]


@dataclass
class Plan:
    """Key -> (sheet, cell) for the names that can be trusted."""

    jabatan: Jabatan
    triwulan: int
    targets: dict[Key, tuple[str, Coord]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    missing_sheet: bool = False
    names: dict[Key, str] = field(default_factory=dict)
    # Every name that points at one existing cell, trusted or not (for the shared-cell check).
    placed: dict[Key, tuple[str, Coord]] = field(default_factory=dict)


def make_plan(
    jab: Jabatan, q: int, wb: WorkbookXml, file: str, wilayah: Wilayah | None = None
) -> Plan:
    plan = Plan(jab, q)
    slots = jabatan_slots(jab, q, wilayah)
    resolved = {s.name: wb.target(s.name) for s in slots}
    usable = {n: t for n, t in resolved.items() if t and not t.problem and wb.sheet(t.sheet or "")}
    if not usable and wb.sheet(jab.lembar) is None:
        plan.missing_sheet = True
        plan.findings.append(
            error(
                "sheet-missing",
                f"Lembar '{jab.lembar}' untuk jabatan {jab.nama} tidak ada (terhapus?), padahal "
                "identitas berkas menyebut jabatan ini; tidak ada nilainya yang terbaca. Isi "
                "ulang lembar itu pada template asli, atau hapus jabatan ini dari kiriman.",
                file=file,
                sheet=jab.lembar,
                jabatan=jab.id,
                triwulan=q,
            )
        )
        return plan
    by_ind = {ind.id: ind for ind in jab.indikator}
    placed = {
        s.name: (wb.sheet(usable[s.name].sheet or "").name, usable[s.name])
        for s in slots
        if s.name in usable
    }
    moved = _misplaced(slots, placed, jab)
    for slot in slots:
        ind = by_ind[slot.indikator]
        if slot.name not in placed:
            plan.findings.append(
                _name_finding(slot.name, resolved[slot.name], jab, ind, slot.variabel, q, file, wb)
            )
            continue
        sheet, target = placed[slot.name]
        key = (slot.indikator, slot.variabel, slot.wilayah)
        plan.names[key] = slot.name
        plan.placed[key] = (sheet, (target.row, target.col))
        if slot.name in moved:
            plan.findings.append(_moved_finding(slot, sheet, target, jab, ind, q, file))
            continue
        plan.targets[key] = (sheet, (target.row, target.col))
    return plan


def _misplaced(
    slots: list[Slot], placed: dict[str, tuple[str, NameTarget]], jab: Jabatan
) -> set[str]:
    """Names not where the template (plus rows inserted above them) puts them."""
    sheets = Counter(sheet for sheet, _ in placed.values())
    if not sheets:
        return set()
    # The jabatan's sheet: where most of its names point (renaming a sheet moves them all).
    home = next((s for s in sheets if s.lower() == jab.lembar.lower()), None)
    if home is None or sheets[home] < max(sheets.values()):
        home = sheets.most_common(1)[0][0]
    moved = set()
    chain: list[tuple[Slot, int]] = []
    for slot in slots:
        if slot.name not in placed:
            continue
        sheet, target = placed[slot.name]
        shift = target.row - (slot.row + 1)
        if sheet != home or target.col != slot.col + 1 or shift < 0:
            moved.add(slot.name)
        else:
            chain.append((slot, shift))
    keep = _longest_nondecreasing([shift for _, shift in chain])
    moved.update(slot.name for i, (slot, _) in enumerate(chain) if i not in keep)
    return moved


def _longest_nondecreasing(xs: list[int]) -> set[int]:
    """Indices of a longest non-decreasing subsequence (earliest on ties); n is small."""
    if not xs:
        return set()
    best = [1] * len(xs)
    prev = [-1] * len(xs)
    for i in range(len(xs)):
        for j in range(i):
            if xs[j] <= xs[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(len(xs)), key=lambda k: (best[k], -k))
    out = set()
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


def shared_cells(plans: list[Plan], file: str) -> list[Finding]:
    """Two or more names on one cell: none of them can be trusted; each is refused."""
    users: dict[tuple[str, Coord], list[tuple[Plan, Key]]] = defaultdict(list)
    for plan in plans:
        for key, (sheet, coord) in plan.placed.items():
            users[(sheet.lower(), coord)].append((plan, key))
    out: list[Finding] = []
    for (_, coord), sharing in users.items():
        if len(sharing) < 2:
            continue
        names = ", ".join(p.names[k] for p, k in sharing)
        for plan, key in sharing:
            plan.targets.pop(key, None)
            sheet = plan.placed[key][0]
            jab = plan.jabatan
            make = warning if key[1] is None else error
            out.append(
                make(
                    "name-shared-cell",
                    f"Sel {clean(sheet)}!{col_letters(coord[1])}{coord[0]} ditunjuk oleh "
                    f"{len(sharing)} nama sel sekaligus ({names}); satu sel hanya boleh "
                    f"punya satu nama, sehingga nilainya tidak dipakai untuk "
                    f"{p_name(plan, key)}. {REFILL}",
                    file=file,
                    sheet=sheet,
                    cell=f"{col_letters(coord[1])}{coord[0]}",
                    jabatan=jab.id,
                    indikator=key[0],
                    triwulan=plan.triwulan,
                )
            )
    return out


def p_name(plan: Plan, key: Key) -> str:
    return plan.names[key]


def _moved_finding(
    slot: Slot, sheet: str, target: NameTarget, jab: Jabatan, ind: Indikator, q: int, file: str
) -> Finding:
    what = "sel keterangan" if slot.variabel is None else f"sel isian '{slot.variabel}'"
    expected = f"{col_letters(slot.col + 1)}{slot.row + 1}"
    make = warning if slot.variabel is None else error
    return make(
        "name-moved",
        f"Nama sel {slot.name} ({what} indikator {ind.nama}, jabatan {jab.nama}) menunjuk "
        f"{clean(sheet)}!{target.a1}, bukan tempatnya pada template (lembar '{jab.lembar}', sel "
        f"{expected} atau di bawahnya bila ada baris disisipkan), sehingga nilainya tidak "
        f"dipakai. {REFILL}",
        file=file,
        sheet=sheet,
        cell=target.a1,
        jabatan=jab.id,
        indikator=ind.id,
        triwulan=q,
    )


def _name_finding(
    name: str,
    target: NameTarget | None,
    jab: Jabatan,
    ind: Indikator,
    var: str | None,
    q: int,
    file: str,
    wb: WorkbookXml,
) -> Finding:
    what = "sel keterangan" if var is None else f"sel isian '{var}'"
    if target is None:
        problem = "tidak ada di workbook (terhapus)"
    elif target.problem == "ref":
        problem = "rusak (#REF!: sel atau lembar yang ditunjuknya terhapus)"
    elif target.problem:
        problem = f"tidak menunjuk satu sel ({shown_text(target.text, 60)})"
    else:
        problem = f"menunjuk lembar '{clean(target.sheet)}' yang tidak ada"
    make = warning if var is None else error
    return make(
        "name-missing" if target is None else "name-broken",
        f"Nama sel {name} ({what} indikator {ind.nama}, jabatan {jab.nama}) {problem}, sehingga "
        f"nilainya tidak terbaca. Jangan menghapus baris/sel atau lembar template; isi ulang "
        "pada template asli.",
        file=file,
        sheet=jab.lembar if wb.sheet(jab.lembar) else None,
        jabatan=jab.id,
        indikator=ind.id,
        triwulan=q,
    )
