"""What was sent, beside the values taken: files that claim a jabatan-quarter, refused cells.

Completeness (pipeline/honesty/completeness.py) tells "not sent" from "sent but not usable"
and "left blank" from "typed but refused" with these lists; the facts alone cannot, since a
dropped duplicate, a refused cell, an unreadable cell and a blank cell are all NaN there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pipeline.facts import BUDGET_INDIKATOR
from pipeline.reader.model import Cell, FileRead, JabatanRead

# Why a claim's values were kept out (`ditolak` of a claim; "" = nothing was refused). Set
# where the refusal happens, so "sent but not usable" is never inferred from "no value".
DITOLAK_BERKAS = "berkas"  # the file's identity blocks it (old template, other catalog)
DITOLAK_LEMBAR = "lembar"  # its sheet is missing, renamed, or none of its cells is readable
DITOLAK_GANDA = "ganda"  # conflicting copies: every value of the jabatan-quarter dropped
DITOLAK_ISIAN = "isian"  # typed cells refused (a value, if any, was taken from the others)


def _refused(c: Cell) -> bool:
    """Typed but not accepted: not blank, not unreadable, no value."""
    return not c.blank and not c.unknown and math.isnan(c.nilai)


def _touched(j: JabatanRead) -> bool:
    """Something was typed in a cell read: a value (also Anggaran), a refused entry, a text."""
    return not j.empty


def _unreadable(j: JabatanRead) -> bool:
    """Not one IKI input of the sheet could be read (every name broken, the sheet failed)."""
    iki = [c for c in j.cells if c.indikator_id != BUDGET_INDIKATOR]
    return bool(iki) and all(c.unknown for c in iki)


def claims(reads: Sequence[FileRead], tahun: int, rows: Iterable[dict] = ()) -> list[dict]:
    """One row {jabatan_id, triwulan, berkas, ditolak} per jabatan a file of year `tahun` sent
    (jabatan_id None: a blocked whole workbook, which tells only its quarter).

    A file of one jabatan (the split template) claims it whenever its values were kept out as
    a whole (wrong template version, a deleted sheet): that officer did send. A sheet left
    untouched is no claim, and a workbook of several jabatan (the whole template returned by
    one person) claims only the sheets touched in it: when it is blocked, or a sheet is
    missing, nothing tells which jabatan it was meant for, and the file's error speaks.
    `rows` (merged value rows) tell the jabatan-quarters whose conflicting copies were dropped.
    """
    dropped = {
        (str(r["jabatan_id"]), int(r["triwulan"]), name)
        for r in rows
        if "; " in str(r.get("berkas") or "")
        for name in str(r["berkas"]).split("; ")
    }
    out: list[dict] = []
    for read in reads:
        info = read.info
        if info.triwulan is None or info.tahun != tahun:
            continue
        ids = list(dict.fromkeys(info.jabatan))
        single = len(ids) == 1
        by_id = {j.jabatan_id: j for j in read.jabatan}
        if not single and not info.readable:
            # Blocked whole workbook: no jabatan claimed, but the quarter was sent (`check`
            # of a folder still tells who has not sent it).
            out.append(
                {
                    "jabatan_id": None,
                    "triwulan": info.triwulan,
                    "berkas": info.name,
                    "ditolak": DITOLAK_BERKAS,
                }
            )
            continue
        for jabatan_id in ids:
            jread = by_id.get(jabatan_id)
            if jread is None or _unreadable(jread):
                if not single:
                    continue
                # Blocked by its identity (nothing read), or read without a usable sheet.
                reason = DITOLAK_LEMBAR if info.readable else DITOLAK_BERKAS
            elif not _touched(jread):
                continue
            elif (jabatan_id, info.triwulan, info.name) in dropped:
                reason = DITOLAK_GANDA
            elif any(_refused(c) for c in jread.cells if c.indikator_id != BUDGET_INDIKATOR):
                reason = DITOLAK_ISIAN
            else:
                reason = ""
            out.append(
                {
                    "jabatan_id": jabatan_id,
                    "triwulan": info.triwulan,
                    "berkas": info.name,
                    "ditolak": reason,
                }
            )
    return out


def refused_cells(reads: Sequence[FileRead], rows: Iterable[dict]) -> list[dict]:
    """The value rows whose NaN is a refused cell of the file kept (typed, not accepted), or
    an unreadable one (`tak_terbaca`: a broken name, a failed sheet; not known to be typed).

    Keyed like the rows plus the cell's place, so a finding can point at the refusing
    errors. A row of a dropped duplicate names several files and matches none: that
    jabatan-quarter is "sent but not usable" as a whole (see `claims`).
    """
    refused: dict[tuple, Cell] = {}
    for read in reads:
        if not read.info.readable or read.info.triwulan is None:
            continue
        for jread in read.jabatan:
            for c in jread.cells:
                if c.indikator_id == BUDGET_INDIKATOR or not (c.unknown or _refused(c)):
                    continue
                key = (read.info.name, jread.jabatan_id, read.info.triwulan, c.indikator_id)
                refused[(*key, c.variabel_id, c.wilayah)] = c
    if not refused:
        return []
    out = []
    for r in rows:
        key = (r["berkas"], r["jabatan_id"], r["triwulan"], r["indikator_id"])
        cell = refused.get((*key, r["variabel_id"], r["wilayah"]))
        if cell is None or not math.isnan(r["nilai"]):
            continue
        out.append(
            {
                "jabatan_id": r["jabatan_id"],
                "triwulan": r["triwulan"],
                "indikator_id": r["indikator_id"],
                "variabel_id": r["variabel_id"],
                "wilayah": r["wilayah"],
                "berkas": r["berkas"],
                "lembar": cell.lembar,
                "sel": cell.sel,
                "tak_terbaca": cell.unknown,
            }
        )
    return out
