"""What was sent, beside the values taken: files that claim a jabatan-quarter, refused cells.

Completeness (pipeline/honesty/completeness.py) tells "not sent" from "sent but not usable"
and "left blank" from "typed but refused" with these two lists; the facts alone cannot,
since a dropped duplicate, a refused cell and a blank cell are all NaN there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pipeline.facts import BUDGET_INDIKATOR
from pipeline.reader.model import Cell, FileRead


def claims(reads: Sequence[FileRead], tahun: int) -> list[dict]:
    """One row {jabatan_id, triwulan, berkas} per jabatan a file of year `tahun` says it holds.

    The identity is what the file claims (FileInfo), also when its values were refused
    (wrong template version, a deleted sheet, a conflicting copy). A sheet the file holds
    but left untouched is no claim: a whole workbook returned by one person carries every
    jabatan's sheet, mostly blank. A file whose identity could not be read claims nothing.
    """
    out: list[dict] = []
    for read in reads:
        info = read.info
        if info.triwulan is None or info.tahun != tahun:
            continue
        untouched = {j.jabatan_id for j in read.jabatan if j.empty}
        for jabatan_id in dict.fromkeys(info.jabatan):
            if jabatan_id not in untouched:
                out.append(
                    {"jabatan_id": jabatan_id, "triwulan": info.triwulan, "berkas": info.name}
                )
    return out


def refused_cells(reads: Sequence[FileRead], rows: Iterable[dict]) -> list[dict]:
    """The value rows whose NaN is a refused cell of the file kept (typed, not accepted).

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
                if c.blank or not math.isnan(c.nilai) or c.indikator_id == BUDGET_INDIKATOR:
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
            }
        )
    return out
