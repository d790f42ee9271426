"""One jabatan's named cells in a returned workbook: values, keterangan and causes, and the
findings about them (each cell judged on its own; blanks told only for a sheet that was used).
"""

from __future__ import annotations

import math

from pipeline.catalog.model import Indikator, Jabatan, Variabel
from pipeline.contract import SEBAB
from pipeline.facts import NOTE_KETERANGAN, WILAYAH_ALL
from pipeline.findings import Finding, error, info, warning
from pipeline.reader.budget import read_budget
from pipeline.reader.cells import classify, format_notes, keterangan_text
from pipeline.reader.checks import ratio_findings
from pipeline.reader.model import Cell, JabatanRead
from pipeline.reader.plan import Plan
from pipeline.reader.sheets import Coord, SheetCells
from pipeline.reader.workbook import col_letters
from pipeline.text import KETERANGAN_MAX, too_long
from pipeline.wilayah import Wilayah

_A1: dict[Coord, str] = {}


def _a1(coord: Coord) -> str:
    """(12, 5) -> 'E12'; the same few hundred cells recur in every file of a template."""
    a1 = _A1.get(coord)
    if a1 is None:
        a1 = f"{col_letters(coord[1])}{coord[0]}"
        if len(_A1) < 50_000:  # bounded: a hostile file's names must not grow it for ever
            _A1[coord] = a1
    return a1


# A blank input, told only when its sheet was used: (indikator, variabel, wilayah, sheet, cell).
BlankCell = tuple[Indikator, Variabel, str, str, str]


def _where(
    jab: Jabatan,
    q: int,
    ind: Indikator,
    var: Variabel,
    area: str,
    sheet: str,
    a1: str,
    file: str,
    wilayah: Wilayah,
) -> tuple[str, dict[str, object]]:
    """A cell's label for messages (a kecamatan row names the kecamatan) and location."""
    label = var.label if area == WILAYAH_ALL else f"{var.label}, Kec. {wilayah.nama(area)}"
    loc = dict(file=file, sheet=sheet, cell=a1, jabatan=jab.id, indikator=ind.id, triwulan=q)
    return label, loc


def read_jabatan(
    plan: Plan, loaded: dict[str, SheetCells], file: str, wilayah: Wilayah | None = None
) -> tuple[JabatanRead, list[Finding]]:
    jab, q = plan.jabatan, plan.triwulan
    wilayah = wilayah or Wilayah()
    out = JabatanRead(jab.id, lembar=next((w[0] for w in plan.targets.values()), jab.lembar))
    findings: list[Finding] = []
    # Most sheets of a whole workbook are untouched and their blanks never told (an untouched
    # sheet is judged across all files), so no message is built for them.
    blank_cells: list[BlankCell] = []
    for ind in jab.indikator:
        for var, area in ((v, a) for v in ind.variabel for a in wilayah.areas(ind)):
            where = plan.targets.get((ind.id, var.id, area))
            if where is None:  # broken name, already reported
                out.cells.append(Cell(ind.id, var.id, math.nan, wilayah=area, unknown=True))
                continue
            sheet_name, coord = where
            sheet = loaded[sheet_name]
            a1 = _a1(coord)
            if sheet.failed:
                out.cells.append(
                    Cell(ind.id, var.id, math.nan, sheet_name, a1, wilayah=area, unknown=True)
                )
                continue
            result = classify(sheet.value(coord), sheet.cell_markup(coord), ind)
            result = format_notes(result, sheet.number_format(coord), ind)
            out.cells.append(Cell(ind.id, var.id, result.nilai, sheet_name, a1, result.blank, area))
            if result.blank:  # told only when the sheet was used at all (below)
                blank_cells.append((ind, var, area, sheet_name, a1))
            if not result.notes:
                continue  # the usual case: nothing to say about this cell
            label, loc = _where(jab, q, ind, var, area, sheet_name, a1, file, wilayah)
            for note in result.notes:
                make = {"error": error, "warning": warning, "info": info}[note.severity]
                text = note.message[0].lower() + note.message[1:]
                findings.append(make(note.code, f"{label}: {text}", **loc))
        where = plan.targets.get((ind.id, None, WILAYAH_ALL))
        if where is not None and not loaded[where[0]].failed:
            text = keterangan_text(loaded[where[0]].value(where[1]))
            if text:
                a1 = _a1(where[1])
                out.keterangan[ind.id] = text
                out.teks_sel[(ind.id, NOTE_KETERANGAN)] = (where[0], a1)
                if len(text) > KETERANGAN_MAX:
                    findings.append(too_long(text, file, where[0], a1, jab, ind, q))
        for jenis in SEBAB:
            where = plan.targets.get((ind.id, jenis, WILAYAH_ALL))
            if where is not None and not loaded[where[0]].failed:
                text = keterangan_text(loaded[where[0]].value(where[1]))
                if text:
                    out.sebab[(ind.id, jenis)] = text
                    out.teks_sel[(ind.id, jenis)] = (where[0], _a1(where[1]))
    b_cells, b_findings, b_blanks = read_budget(plan, loaded, file)
    out.cells.extend(b_cells)
    findings.extend(b_findings)
    if not out.empty:  # an untouched sheet is judged across all files (merge)
        for cell in blank_cells:
            label, loc = _where(jab, q, *cell, file=file, wilayah=wilayah)
            findings.append(
                warning(
                    "blank-input",
                    f"{label}: belum diisi. Sel kosong berarti belum dilaporkan (bukan "
                    "0); isi angkanya, atau ketik 0 bila memang nol.",
                    **loc,
                )
            )
        findings.extend(b_blanks)
    findings.extend(ratio_findings(jab, out, file, q, wilayah))
    return out, findings
