"""The rekap's LKjIP Bab III sheets: the same tables a-h as the lampiran PDF and the .docx.

"Bab III IKU": the head of office's part and Realisasi Anggaran (h); "Bab III IKI": every
jabatan's part, one after another. Rows come from pipeline.lkjip.view; numbers stay
numbers (with Indonesian display formats), texts wrap. Only formats.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.lkjip.model import Bagian
from pipeline.lkjip.view import Angka, Tabel, anggaran_table, tables
from pipeline.report.excel_style import (
    NUM_COUNT,
    NUM_DECIMAL,
    Styles,
    fit_row,
    judul,
    page_setup,
    text_lines,
    title_block,
    write_num,
    write_text,
)
from pipeline.report.model import ReportModel

BAB3_IKU = "Bab III IKU"
BAB3_IKI = "Bab III IKI"
WIDTHS = (6, 38, 34, 16, 16, 16, 16, 16, 16, 26)


def write_bab3_iku(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    b = model.bab3
    assert b is not None
    row = _start(ws, styles, model, "LKjIP BAB III: INDIKATOR KINERJA UTAMA")
    row = _part(ws, styles, model, b.iku, row)
    h = anggaran_table(b)
    if h is not None:
        write_text(ws, row, 0, "B. Realisasi Anggaran", styles.get(bold=True))
        row = _table(ws, styles, h, row + 1)
    page_setup(ws, model, header_row=None)


def write_bab3_iki(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    b = model.bab3
    assert b is not None
    row = _start(ws, styles, model, "LKjIP BAB III: INDIKATOR KINERJA INDIVIDU")
    for part in b.iki:
        row = _part(ws, styles, model, part, row)
    page_setup(ws, model, header_row=None)


def _start(ws: Worksheet, styles: Styles, model: ReportModel, title: str) -> int:
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    return title_block(ws, styles, model, judul(model, title), len(WIDTHS) - 1) + 1


def _part(ws: Worksheet, styles: Styles, model: ReportModel, part: Bagian, row: int) -> int:
    b = model.bab3
    assert b is not None
    write_text(ws, row, 0, part.judul, styles.get(bold=True, font_size=12))
    row += 1
    for t in tables(b, part, with_budget=b.anggaran_total is not None):
        row = _table(ws, styles, t, row)
    write_text(ws, row, 0, "Uraian per indikator", styles.get(bold=True))
    row += 1
    wrap = styles.get(text_wrap=True)
    for r in part.indikator:
        write_text(ws, row, 1, r.nama, styles.get(bold=True, text_wrap=True))
        ws.merge_range(row, 2, row, len(WIDTHS) - 1, "", wrap)
        write_text(ws, row, 2, r.paragraf, wrap)
        fit_row(ws, row, text_lines(r.paragraf, sum(WIDTHS[2:])))
        row += 1
    return row + 1


def _table(ws: Worksheet, styles: Styles, t: Tabel, row: int) -> int:
    write_text(ws, row, 0, f"Tabel {t.kode}. {t.judul}", styles.get(bold=True))
    row += 1
    if not t.rows:
        write_text(ws, row, 0, t.kosong, styles.get(italic=True))
        return row + 2
    for col, name in enumerate(t.header):
        write_text(ws, row, col, name, styles.header())
    ws.set_row(row, 30)
    row += 1
    text = styles.cell()
    for n, values in enumerate(t.rows):
        total = n >= len(t.rows) - t.total_rows
        lines = 1
        for col, cell in enumerate(values):
            if isinstance(cell, Angka):
                fmt = NUM_COUNT if cell.desimal == 0 else NUM_DECIMAL
                if cell.nilai is None:
                    write_text(ws, row, col, cell.kosong, styles.cell(align="right", bold=total))
                else:
                    write_num(ws, row, col, cell.nilai, styles.cell(num=fmt, bold=total))
            else:
                write_text(ws, row, col, cell, styles.cell(bold=True) if total else text)
                width = WIDTHS[col] if col < len(WIDTHS) else 16
                lines = max(lines, text_lines(cell, width))
        fit_row(ws, row, lines)
        row += 1
    for note in t.catatan:
        write_text(ws, row, 0, note, styles.get(italic=True))
        row += 1
    return row + 1
