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
from pipeline.contract import PAGU, REALISASI, SEBAB, SEBAB_LABEL
from pipeline.facts import BUDGET_INDIKATOR, budget_variabel
from pipeline.findings import Finding, error, warning
from pipeline.reader.cells import shown_text
from pipeline.reader.workbook import NameTarget, WorkbookXml, col_letters
from pipeline.sheetlayout import ANGGARAN_SHEET, Slot, anggaran_slots, jabatan_slots
from pipeline.wilayah import Wilayah

Coord = tuple[int, int]  # 1-based (row, col)
REFILL = "Jangan mengubah nama sel atau menyalin lembar; isi ulang pada template asli."


# (indikator, variabel | cause kind | None for the keterangan cell, wilayah: "*" or a
# kecamatan code)
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
    jab: Jabatan,
    q: int,
    wb: WorkbookXml,
    file: str,
    budget=None,
    known_sheets: frozenset[str] = frozenset(),
    wilayah: Wilayah | None = None,
) -> Plan:
    """`budget` (pipeline.budget.Budget): given when `jab` fills the Anggaran sheet.
    `known_sheets`: every sheet name a template may hold (lower case), so that a sheet
    named otherwise can be pointed out as the jabatan's sheet renamed. `wilayah`: the
    kecamatan, for the rows of indicators entered per kecamatan."""
    plan = Plan(jab, q)
    slots = jabatan_slots(jab, q, wilayah)
    budget_slots = anggaran_slots(budget, q) if budget is not None else []
    resolved = {s.name: wb.target(s.name) for s in (*slots, *budget_slots)}
    usable = {n: t for n, t in resolved.items() if t and not t.problem and wb.sheet(t.sheet or "")}
    if not usable and wb.sheet(jab.lembar) is None:
        plan.missing_sheet = True
        strange = [s.name for s in wb.sheets if s.name.lower() not in known_sheets]
        if strange and known_sheets:
            shown = ", ".join(f"'{clean(n)}'" for n in strange[:3])
            why = (
                f"Lembar '{jab.lembar}' untuk jabatan {jab.nama} tidak ada, tetapi berkas ini "
                f"memuat lembar {shown} yang tidak ada di template: mungkin lembar itu diganti "
                f"namanya. Kembalikan namanya menjadi '{jab.lembar}' (klik kanan tab lembar, "
                "Ganti Nama), simpan, lalu kirim ulang; tidak ada nilai jabatan ini yang terbaca."
            )
        else:
            why = (
                f"Lembar '{jab.lembar}' untuk jabatan {jab.nama} tidak ada (terhapus?), padahal "
                "identitas berkas menyebut jabatan ini; tidak ada nilainya yang terbaca. Isi "
                "ulang lembar itu pada template asli, atau hapus jabatan ini dari kiriman."
            )
        plan.findings.append(
            error(
                "sheet-missing",
                why,
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
        for s in (*slots, *budget_slots)
        if s.name in usable
    }
    moved = _misplaced(slots, placed, jab.lembar) | _misplaced(budget_slots, placed, ANGGARAN_SHEET)
    for slot in (*slots, *budget_slots):
        key = slot_key(slot)
        if slot.name not in placed:
            if slot.kind in (PAGU, REALISASI):
                plan.findings.append(_budget_name_finding(slot, resolved[slot.name], jab, q, file))
                continue
            ind = by_ind[slot.indikator]
            plan.findings.append(
                _name_finding(slot.name, resolved[slot.name], jab, ind, slot, q, file, wb)
            )
            continue
        sheet, target = placed[slot.name]
        plan.names[key] = slot.name
        plan.placed[key] = (sheet, (target.row, target.col))
        if slot.name in moved:
            plan.findings.append(_moved_finding(slot, sheet, target, jab, q, file))
            continue
        plan.targets[key] = (sheet, (target.row, target.col))
    return plan


def slot_key(slot: Slot) -> Key:
    """The plan key of a slot: (indikator_id, variabel_id | cause kind | None, wilayah), and
    for a budget cell the key of its fact (BUDGET_INDIKATOR, "<baris_id>__pagu|realisasi",
    "*")."""
    if slot.kind in (PAGU, REALISASI):
        return (BUDGET_INDIKATOR, budget_variabel(slot.indikator, slot.kind), slot.wilayah)
    return (slot.indikator, slot.variabel, slot.wilayah)


def _misplaced(
    slots: list[Slot], placed: dict[str, tuple[str, NameTarget]], lembar: str
) -> set[str]:
    """Names not where the template (plus rows inserted above them) puts them."""
    sheets = Counter(placed[s.name][0] for s in slots if s.name in placed)
    if not sheets:
        return set()
    # The sheet's real name: where most of its names point (renaming a sheet moves them all).
    home = next((s for s in sheets if s.lower() == lembar.lower()), None)
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
            text = key[0] != BUDGET_INDIKATOR and (key[1] is None or key[1] in SEBAB)
            make = warning if text else error
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
                    indikator=None if key[0] == BUDGET_INDIKATOR else key[0],
                    triwulan=plan.triwulan,
                )
            )
    return out


def p_name(plan: Plan, key: Key) -> str:
    return plan.names[key]


def _what(slot: Slot, jab: Jabatan) -> str:
    """The cell a slot is, as a message names it."""
    if slot.kind in (PAGU, REALISASI):
        return f"sel {slot.kind} anggaran baris {slot.indikator}, jabatan {jab.nama}"
    ind = next(i for i in jab.indikator if i.id == slot.indikator)
    if slot.kind == "keterangan":
        what = "sel keterangan"
    elif slot.kind == "sebab":
        what = f"sel {SEBAB_LABEL[slot.variabel or ''].lower()}"
    else:
        what = f"sel isian '{slot.variabel}'"
    return f"{what} indikator {ind.nama}, jabatan {jab.nama}"


def _moved_finding(
    slot: Slot, sheet: str, target: NameTarget, jab: Jabatan, q: int, file: str
) -> Finding:
    expected = f"{col_letters(slot.col + 1)}{slot.row + 1}"
    make = warning if slot.text else error
    budget = slot.kind in (PAGU, REALISASI)
    return make(
        "name-moved",
        f"Nama sel {slot.name} ({_what(slot, jab)}) menunjuk "
        f"{clean(sheet)}!{target.a1}, bukan tempatnya pada template (lembar "
        f"'{slot.sheet if budget else jab.lembar}', sel "
        f"{expected} atau di bawahnya bila ada baris disisipkan), sehingga nilainya tidak "
        f"dipakai. {REFILL}",
        file=file,
        sheet=sheet,
        cell=target.a1,
        jabatan=jab.id,
        indikator=None if budget else slot.indikator,
        triwulan=q,
    )


def _problem(target: NameTarget | None) -> str:
    if target is None:
        return "tidak ada di workbook (terhapus)"
    if target.problem == "ref":
        return "rusak (#REF!: sel atau lembar yang ditunjuknya terhapus)"
    if target.problem:
        return f"tidak menunjuk satu sel ({shown_text(target.text, 60)})"
    return f"menunjuk lembar '{clean(target.sheet)}' yang tidak ada"


def _budget_name_finding(
    slot: Slot, target: NameTarget | None, jab: Jabatan, q: int, file: str
) -> Finding:
    return error(
        "name-missing" if target is None else "name-broken",
        f"Nama sel {slot.name} ({_what(slot, jab)}) {_problem(target)}, sehingga nilainya "
        f"tidak terbaca. Jangan menghapus baris/sel atau lembar '{ANGGARAN_SHEET}'; isi ulang "
        "pada template asli.",
        file=file,
        sheet=ANGGARAN_SHEET,
        jabatan=jab.id,
        triwulan=q,
    )


def _name_finding(
    name: str,
    target: NameTarget | None,
    jab: Jabatan,
    ind: Indikator,
    slot: Slot,
    q: int,
    file: str,
    wb: WorkbookXml,
) -> Finding:
    what, problem = _what(slot, jab), _problem(target)
    make = warning if slot.text else error
    return make(
        "name-missing" if target is None else "name-broken",
        f"Nama sel {name} ({what}) {problem}, sehingga "
        f"nilainya tidak terbaca. Jangan menghapus baris/sel atau lembar template; isi ulang "
        "pada template asli.",
        file=file,
        sheet=jab.lembar if wb.sheet(jab.lembar) else None,
        jabatan=jab.id,
        indikator=ind.id,
        triwulan=q,
    )
