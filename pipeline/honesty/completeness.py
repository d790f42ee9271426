"""Who has sent which quarter: findings for what is missing, and a short summary.

A jabatan has sent a quarter when its facts of that quarter hold at least one value (a whole
workbook returned by one person carries every sheet, mostly blank: blank sheets do not
count). Within a sent quarter, an indicator whose inputs are all blank is not reported
either. Both are warnings naming the jabatan, its holder (config `[pejabat]`) and the
quarter: the figures to date of that jabatan are then provisional (`tidak_lengkap`).

What was sent but refused is told apart, since the clerk asks for something else (what
the refusing error says, not a workbook). The reader's `claims` name the files that sent a
jabatan-quarter and, where it happened, why their values were kept out (`ditolak`: a
blocked file, a missing sheet, conflicting copies, refused cells). A jabatan-quarter with
no value taken and such a refusal is `quarter-not-usable`, naming the files; one sent with
nothing refused but no indicator filled (only a Keterangan, only the Anggaran sheet) is
sent, its indicators `indicator-not-reported`. Within a sent quarter an indicator whose
typed inputs were refused (reader `refused`) is `indicator-refused`, naming the cells; one
whose inputs could not be read at all (a broken name, a failed sheet) is
`indicator-unreadable`, pointing at that error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.catalog.model import Catalog, Jabatan
from pipeline.config import Pejabat
from pipeline.facts import BUDGET_INDIKATOR
from pipeline.findings import Finding, warning
from pipeline.fmt import daftar, tw

if TYPE_CHECKING:
    import pandas as pd


def fact_rows(values: object) -> list[Mapping]:
    """The facts as row mappings, whether given as a DataFrame or already as rows."""
    if values is None:
        return []
    if hasattr(values, "to_dict"):
        return values.to_dict("records")  # type: ignore[union-attr]
    return list(values)  # type: ignore[call-overload]


def _filled(rows: Iterable[Mapping]) -> list[Mapping]:
    return [r for r in rows if r.get("nilai") is not None and not math.isnan(r["nilai"])]


QUARTER_NOT_REPORTED = "quarter-not-reported"
QUARTER_NOT_USABLE = "quarter-not-usable"
INDICATOR_NOT_REPORTED = "indicator-not-reported"
INDICATOR_REFUSED = "indicator-refused"
INDICATOR_UNREADABLE = "indicator-unreadable"
DITOLAK_GANDA = "ganda"  # reader.receipts: conflicting copies dropped


@dataclass(frozen=True)
class Submission:
    jabatan_id: str
    triwulan: int
    # A value of the jabatan in that quarter was taken, or a file sent it with nothing
    # refused (then its indicators are blank: only a Keterangan or the Anggaran was typed).
    dikirim: bool
    indikator_kosong: tuple[str, ...]  # ids of indicators with every input blank (when sent)
    # Files that claim this jabatan-quarter (reader `claims`).
    berkas: tuple[str, ...] = ()
    # indicator id -> the refused cells ("lembar!sel" per file) of an indicator with no
    # value because what was typed was refused, not because it was left blank
    indikator_ditolak: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    # (file, reason) of the claims whose values an error kept out (reader `ditolak`): with
    # no value taken, the jabatan-quarter was sent but is not usable.
    ditolak: tuple[tuple[str, str], ...] = ()
    # indicator id -> files, of an indicator with no value because its cells were unreadable
    indikator_tak_terbaca: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def tidak_terpakai(self) -> bool:
        """Sent, but an error kept every value out (never inferred from "no value" alone)."""
        return not self.dikirim and bool(self.ditolak)


def holder(jabatan: Jabatan, pejabat: Mapping[str, Pejabat]) -> str:
    """'Kepala Seksi Pendataan Penduduk (Plt. Nurhayati, S.Sos.)' or '(pejabat belum diisi)'."""
    p = pejabat.get(jabatan.id)
    if p is None:
        return f"{jabatan.nama} (pejabat belum diisi di config.toml)"
    status = f"{p.status} " if p.status else ""
    return f"{jabatan.nama} ({status}{p.nama})"


def expected_quarters(
    values: pd.DataFrame | Sequence[Mapping],
    triwulan: int | None,
    claims: Iterable[Mapping] = (),
) -> list[int]:
    """1..Q for a report; for `check`, the quarters the files read belong to (a folder of
    TW III returns is not short of TW I and II), also those whose values were all refused."""
    if triwulan is not None:
        return list(range(1, triwulan + 1))
    got = {int(r["triwulan"]) for r in fact_rows(values)}
    return sorted(got | {int(c["triwulan"]) for c in claims})


def submissions(
    catalog: Catalog,
    values: pd.DataFrame | Sequence[Mapping],
    quarters: Sequence[int],
    claims: Iterable[Mapping] = (),
    refused: Iterable[Mapping] = (),
) -> list[Submission]:
    sent: dict[tuple[str, int], set[str]] = {}
    for r in _filled(fact_rows(values)):
        if r["indikator_id"] == BUDGET_INDIKATOR:  # the Anggaran sheet is not an IKI report
            continue
        sent.setdefault((str(r["jabatan_id"]), int(r["triwulan"])), set()).add(
            str(r["indikator_id"])
        )
    claimed: dict[tuple[str, int], dict[str, None]] = {}
    kept_out: dict[tuple[str, int], dict[tuple[str, str], None]] = {}
    for c in claims:
        if c.get("jabatan_id") is None:  # a blocked whole workbook: its quarter only
            continue
        key = (str(c["jabatan_id"]), int(c["triwulan"]))
        claimed.setdefault(key, {})[str(c["berkas"])] = None
        if c.get("ditolak"):
            kept_out.setdefault(key, {})[(str(c["berkas"]), str(c["ditolak"]))] = None
    # (jabatan, quarter, indicator) -> file -> "lembar!sel" of its refused cells
    cells: dict[tuple[str, int, str], dict[str, list[str]]] = {}
    unread: dict[tuple[str, int, str], dict[str, None]] = {}
    for r in refused:
        key = (str(r["jabatan_id"]), int(r["triwulan"]), str(r["indikator_id"]))
        if r.get("tak_terbaca") or not (r.get("lembar") and r.get("sel")):
            unread.setdefault(key, {})[str(r["berkas"])] = None
            continue
        where = f"{r['lembar']}!{r['sel']}"
        cells.setdefault(key, {}).setdefault(str(r["berkas"]), []).append(where)
    out = []
    for q in quarters:
        for j in catalog.jabatan:
            got = sent.get((j.id, q))
            berkas = tuple(claimed.get((j.id, q), ()))
            ditolak = tuple(kept_out.get((j.id, q), ()))
            dikirim = bool(got) or (bool(berkas) and not ditolak)
            unfilled = [i.id for i in j.indikator if dikirim and i.id not in (got or ())]
            refused_ind = tuple(
                (iid, tuple((f, tuple(w)) for f, w in cells[(j.id, q, iid)].items()))
                for iid in unfilled
                if (j.id, q, iid) in cells
            )
            done = {iid for iid, _ in refused_ind}
            unreadable = tuple(
                (iid, tuple(unread[(j.id, q, iid)]))
                for iid in unfilled
                if iid not in done and (j.id, q, iid) in unread
            )
            done |= {iid for iid, _ in unreadable}
            empty = tuple(i for i in unfilled if i not in done)
            out.append(
                Submission(j.id, q, dikirim, empty, berkas, refused_ind, ditolak, unreadable)
            )
    return out


def _files(names: Sequence[str]) -> str:
    return "berkas " + daftar([f"'{n}'" for n in names])


def _cells(where: Sequence[tuple[str, Sequence[str]]]) -> str:
    """'sel 01 Kadis!G12, 01 Kadis!G13 berkas 'a.xlsx''; several files each named."""
    return "; ".join(f"sel {', '.join(cells)} {_files([f])}" for f, cells in where)


def completeness_findings(
    catalog: Catalog,
    values: pd.DataFrame | Sequence[Mapping],
    quarters: Sequence[int],
    pejabat: Mapping[str, Pejabat],
    *,
    claims: Iterable[Mapping] = (),
    refused: Iterable[Mapping] = (),
) -> list[Finding]:
    """`claims` and `refused` (ReadResult fields) tell sent-but-refused from not sent/blank."""
    values = fact_rows(values)
    out: list[Finding] = []
    for s in submissions(catalog, values, quarters, claims, refused):
        j = catalog.jabatan_by_id[s.jabatan_id]
        who = holder(j, pejabat)
        if s.tidak_terpakai:
            files = list(dict.fromkeys(f for f, _ in s.ditolak))
            # Conflicting copies are fixed by removing one; any other refusal's error says
            # what to do (a new template, a restored sheet, a corrected cell).
            if any(why == DITOLAK_GANDA for _, why in s.ditolak):
                todo = (
                    "Isi berkas-berkas itu berbeda: tentukan mana yang benar dan hapus yang "
                    "lain dari folder masukan."
                )
            else:
                todo = "Ikuti langkah pada galat berkas itu."
            out.append(
                warning(
                    QUARTER_NOT_USABLE,
                    f"{who} sudah mengirim {tw(s.triwulan)} ({_files(files)}), tetapi "
                    "isiannya tidak dapat dipakai: angka s.d. "
                    f"{tw(s.triwulan)} jabatan ini ditandai tidak lengkap dan tidak dihitung "
                    f"dalam rata-rata. {todo}",
                    file=files[0],
                    sheet=j.lembar,
                    jabatan=j.id,
                    triwulan=s.triwulan,
                )
            )
            continue
        if not s.dikirim:
            out.append(
                warning(
                    QUARTER_NOT_REPORTED,
                    f"{who} belum mengirim {tw(s.triwulan)}: angka s.d. {tw(s.triwulan)} "
                    "jabatan ini ditandai tidak lengkap dan tidak dihitung dalam rata-rata. "
                    "Minta workbook yang sudah diisi, simpan di folder masukan, lalu jalankan "
                    "ulang.",
                    sheet=j.lembar,
                    jabatan=j.id,
                    triwulan=s.triwulan,
                )
            )
            continue
        for iid, where in s.indikator_ditolak:
            ind = catalog.indikator_by_id[iid]
            out.append(
                warning(
                    INDICATOR_REFUSED,
                    f'{who}: isian indikator "{ind.nama}" untuk {tw(s.triwulan)} sudah diisi '
                    f"tetapi ditolak (lihat galat di {_cells(where)}): angkanya ditandai tidak "
                    "lengkap. Perbaiki isian itu sesuai galatnya, lalu kirim ulang.",
                    file=where[0][0],
                    sheet=j.lembar,
                    jabatan=j.id,
                    indikator=iid,
                    triwulan=s.triwulan,
                )
            )
        for iid, names in s.indikator_tak_terbaca:
            ind = catalog.indikator_by_id[iid]
            out.append(
                warning(
                    INDICATOR_UNREADABLE,
                    f'{who}: isian indikator "{ind.nama}" untuk {tw(s.triwulan)} tidak dapat '
                    f"dibaca dari {_files(names)} (lihat galat tentang nama sel atau lembar "
                    "yang rusak pada berkas itu): angkanya ditandai tidak lengkap. Ikuti "
                    "langkah pada galat itu, lalu kirim ulang.",
                    file=names[0],
                    sheet=j.lembar,
                    jabatan=j.id,
                    indikator=iid,
                    triwulan=s.triwulan,
                )
            )
        for iid in s.indikator_kosong:
            ind = catalog.indikator_by_id[iid]
            out.append(
                warning(
                    INDICATOR_NOT_REPORTED,
                    f'{who} belum mengisi indikator "{ind.nama}" untuk {tw(s.triwulan)}: '
                    "angkanya ditandai tidak lengkap. Minta pengisi melengkapinya.",
                    file=_file_of(values, j.id, s.triwulan),
                    sheet=j.lembar,
                    jabatan=j.id,
                    indikator=iid,
                    triwulan=s.triwulan,
                )
            )
    return out


def _file_of(values: Sequence[Mapping], jabatan_id: str, q: int) -> str | None:
    names = sorted(
        {
            str(r["berkas"])
            for r in values
            if r["jabatan_id"] == jabatan_id
            and r["triwulan"] == q
            and isinstance(r.get("berkas"), str)
            and r["berkas"]
        }
    )
    return names[0] if names else None


def submission_summary(
    catalog: Catalog,
    values: pd.DataFrame | Sequence[Mapping],
    quarters: Sequence[int],
    pejabat: Mapping[str, Pejabat],
    *,
    claims: Iterable[Mapping] = (),
    refused: Iterable[Mapping] = (),
) -> list[str]:
    """One line per quarter: how many jabatan sent it, whose workbook was sent but cannot be
    used, and who has not sent (with the holder): the clerk asks each for something else."""
    by_q: dict[int, list[Submission]] = {}
    for s in submissions(catalog, values, quarters, claims, refused):
        by_q.setdefault(s.triwulan, []).append(s)
    lines = []
    total = len(catalog.jabatan)

    def names(pick: list[Submission]) -> str:
        return "; ".join(holder(catalog.jabatan_by_id[s.jabatan_id], pejabat) for s in pick)

    for q, subs in by_q.items():
        unusable = [s for s in subs if s.tidak_terpakai]
        missing = [s for s in subs if not s.dikirim and not s.tidak_terpakai]
        notes = []
        if blank := sum(1 for s in subs if s.dikirim and s.indikator_kosong):
            notes.append(f"{blank} dengan indikator yang belum diisi")
        if refused_n := sum(1 for s in subs if s.dikirim and s.indikator_ditolak):
            notes.append(f"{refused_n} dengan isian indikator yang ditolak")
        if unread_n := sum(1 for s in subs if s.dikirim and s.indikator_tak_terbaca):
            notes.append(f"{unread_n} dengan isian indikator yang tidak terbaca")
        # Sent counts the unusable too: they did send, and are then listed apart.
        line = f"Kiriman {tw(q)}: {total - len(missing)} dari {total} jabatan mengirim"
        if notes:
            line += f" ({', '.join(notes)})"
        if unusable:
            line += (
                f"; {len(unusable)} di antaranya tidak dapat dipakai (lihat galat pada "
                f"berkasnya): {names(unusable)}"
            )
        if not missing and not unusable:
            line += "; lengkap."
        elif len(missing) == total:  # nobody yet: the list would just repeat every official
            line += ": belum ada kiriman untuk triwulan ini."
        elif missing:
            line += f"; belum mengirim: {names(missing)}."
        else:
            line += "."
        lines.append(line)
    return lines
