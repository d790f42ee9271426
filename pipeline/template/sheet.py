"""One jabatan's sheet: kop, holder, then a block per indicator with its input cells."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.catalog.model import Indikator, Jabatan, Target
from pipeline.context import Context
from pipeline.contract import SEBAB, SEBAB_LABEL, sebab_name
from pipeline.facts import WILAYAH_ALL, fact_key
from pipeline.template import preview
from pipeline.template.layout import (
    COL_NO,
    COL_PERAN,
    COL_SIFAT,
    COL_URAIAN,
    HEADER_ROW,
    LINE_HEIGHT,
    PERAN_LABEL,
    PROTECT_OPTIONS,
    ROW_DINAS,
    ROW_JABATAN,
    ROW_NAMA,
    ROW_NIP,
    ROW_PEMDA,
    ROW_TITLE,
    SIFAT_FLOW,
    SIFAT_STOCK,
    Styles,
    column_width,
    escape_header,
    form_title,
    last_col,
    quarter_col,
    row_height,
    set_page,
    span_width,
    text_lines,
)
from pipeline.template.names import NameRegistry, cell_a1, input_name, keterangan_name
from pipeline.template.printing import paginate
from pipeline.template.validation import (
    keterangan_validation,
    number_validation,
    sebab_validation,
)

# Fact key (pipeline.facts.fact_key) -> value of an earlier quarter
Previous = Mapping[tuple, float]


@dataclass(frozen=True)
class Book:
    """What every sheet of one workbook shares."""

    workbook: Workbook
    styles: Styles
    names: NameRegistry
    ctx: Context
    tahun: int
    q: int
    previous: Previous


def merge_text(ws: Worksheet, row: int, first: int, last: int, text: str, style: Format) -> None:
    """Wrapped text over a row span; write_string so a leading '=' or 'http' stays text.

    Merges are used sparingly: openpyxl (the filler) spends milliseconds on each one.
    """
    if last > first:
        ws.merge_range(row, first, row, last, "", style)
    ws.write_string(row, first, text, style)


def center_text(ws: Worksheet, row: int, last: int, text: str, style: Format) -> None:
    """A line centred over columns 0..last without merging (style uses center_across)."""
    ws.write_string(row, 0, text, style)
    for col in range(1, last + 1):
        ws.write_blank(row, col, None, style)


def write_jabatan_sheet(book: Book, jabatan: Jabatan) -> None:
    ws = book.workbook.add_worksheet(jabatan.lembar)
    q = book.q
    last = last_col(q)
    for col in range(last + 1):
        ws.set_column(col, col, column_width(col, q))
    _head(ws, book, jabatan)
    row = HEADER_ROW + 1
    first_inputs = []
    blocks = []
    for n, ind in enumerate(jabatan.indikator, start=1):
        start = row
        row, first_input = _indicator_block(ws, book, jabatan, ind, n, row)
        first_inputs.append(first_input)
        blocks.append((start, row))
    # Open on the first input cell, so typing starts in the right place.
    ws.set_selection(first_inputs[0], quarter_col(q), first_inputs[0], quarter_col(q))
    ws.freeze_panes(HEADER_ROW + 1, 0)
    set_page(ws, landscape=True, footer_left=jabatan.lembar, repeat_row=HEADER_ROW)
    widths = [column_width(c, q) for c in range(last + 1)]
    paginate(ws, blocks, repeat_row=HEADER_ROW, column_widths=widths)
    kantor = escape_header(book.ctx.config.kantor.nama_dinas)
    ws.set_header(f"&L&8 {kantor}&R&8 {escape_header(form_title(book.tahun, q))}")
    ws.protect(book.ctx.config.kata_sandi, PROTECT_OPTIONS)


def _head(ws: Worksheet, book: Book, jabatan: Jabatan) -> None:
    st, q = book.styles, book.q
    last = last_col(q)
    kantor = book.ctx.config.kantor
    center_text(ws, ROW_PEMDA, last, kantor.pemerintah_daerah.upper(), st["kop"])
    center_text(ws, ROW_DINAS, last, kantor.nama_dinas.upper(), st["kop"])
    center_text(ws, ROW_TITLE, last, form_title(book.tahun, q), st["title"])
    ws.set_row(ROW_TITLE, 20)
    ws.set_row(ROW_TITLE + 1, 6)
    ws.set_row(ROW_NIP + 1, 6)

    pejabat = book.ctx.config.pejabat.get(jabatan.id)
    status = f"{pejabat.status} " if pejabat and pejabat.status else ""
    vacant = "." * 60  # a line to write on after printing
    rows = (
        (ROW_JABATAN, "Jabatan", status + jabatan.nama, st["bold"]),
        (ROW_NAMA, "Nama", (pejabat.nama if pejabat else "") or vacant, None),
        (ROW_NIP, "NIP", fmt.nip(pejabat.nip) if pejabat and pejabat.nip else vacant, None),
    )
    for row, label, value, value_style in rows:
        # One unwrapped text cell that overflows into the empty cells to its right.
        fragments = [st["bold"], f"{label}: "] + ([value_style] if value_style else []) + [value]
        if ws.write_rich_string(row, COL_URAIAN, *fragments, st["head_value"]) != 0:
            raise RuntimeError(f"rich string refused for {jabatan.id} {label}")

    headers = ["No", "Uraian", "Peran", "Sifat data"]
    headers += [fmt.tw(k) for k in range(1, q)] + [f"{fmt.tw(q)}\n(isi di sini)"]
    for col, text in enumerate(headers):
        style = st["header_input"] if col == quarter_col(q) else st["header"]
        ws.write_string(HEADER_ROW, col, text, style)
    ws.set_row(HEADER_ROW, 2 * LINE_HEIGHT + 2)


def _target_text(ind: Indikator, target: Target, q: int, tahun: int) -> str:
    def show(x: float) -> str:
        if ind.jenis == "persentase":
            return fmt.persen(x)
        if ind.jenis == "nilai":
            return fmt.angka_auto(x)
        return f"{fmt.angka_auto(x)} {ind.satuan}"

    if target.triwulan is not None:
        return (
            f"s.d. {fmt.tw(q)} (kumulatif) {show(target.for_quarter(q))}  ·  "
            f"tahunan {tahun} {show(target.tahunan)}"
        )
    return f"tahunan {tahun} {show(target.tahunan)} (juga pembanding {fmt.tw(q)})"


AGREGASI_TEXT = {
    "jumlah": "Realisasi s.d. triwulan: jumlah semua triwulan",
    "akhir": "Realisasi s.d. triwulan: posisi triwulan terakhir",
    "rata_rata": "Realisasi s.d. triwulan: rata-rata triwulan yang dilaporkan",
}


def _info_cell(ws: Worksheet, book: Book, row: int, parts: list[tuple[str, str]]) -> None:
    """Label/text lines in one merged cell, labels bold: sasaran, formulasi, satuan..."""
    st, last = book.styles, last_col(book.q)
    ws.write_blank(row, COL_NO, None, st["cell"])
    ws.merge_range(row, COL_URAIAN, row, last, "", st["info"])
    fragments: list = []
    for n, (label, text) in enumerate(parts):
        fragments += [st["bold"], ("\n" if n else "") + label + ": ", text or "-"]
    if ws.write_rich_string(row, COL_URAIAN, *fragments, st["info"]) != 0:
        raise RuntimeError(f"rich string refused in row {row + 1}: {parts}")
    width = span_width(COL_URAIAN, last, book.q)
    lines = sum(text_lines(f"{label}: {text}", width) for label, text in parts)
    ws.set_row(row, lines * LINE_HEIGHT + 4)


def _indicator_block(
    ws: Worksheet, book: Book, jabatan: Jabatan, ind: Indikator, n: int, row: int
) -> tuple[int, int]:
    """Write one indicator's block from `row`; return (next free row, first input row)."""
    st, q, tahun = book.styles, book.q, book.tahun
    last = last_col(q)
    target = book.ctx.targets[ind.id]

    title = f"{jabatan.label_indikator}: {ind.nama}"
    ws.write_string(row, COL_NO, str(n), st["ind_no"])
    merge_text(ws, row, COL_URAIAN, last, title, st["ind_title"])
    ws.set_row(row, row_height(title, span_width(COL_URAIAN, last, q)))
    row += 1
    arah = "makin tinggi makin baik" if ind.polaritas == "positif" else "makin rendah makin baik"
    parts = [
        (jabatan.label_sasaran, ind.sasaran),
        ("Formulasi", ind.formulasi_for(tahun)),
        ("Satuan", f"{ind.satuan}  ·  Arah: {arah}  ·  {AGREGASI_TEXT[ind.agregasi]}"),
        ("Target", _target_text(ind, target, q, tahun)),
    ]
    _info_cell(ws, book, row, parts)
    row += 1

    validation = number_validation(ind, tahun, q)
    if book.ctx.wilayah.split(ind):
        var_rows, row = kecamatan_table(ws, book, jabatan.lembar, ind, row, validation)
    else:
        var_rows = list(range(row, row + len(ind.variabel)))
        for k, (v, r) in enumerate(zip(ind.variabel, var_rows, strict=True)):
            _variable_row(ws, book, jabatan.lembar, ind, v.id, v.label, v.peran, k, r)
        _validate(ws, ind, var_rows[0], var_rows[-1], quarter_col(q), validation)
        row = var_rows[-1] + 1
    row = _preview_rows(ws, book, ind, var_rows, target, row)

    label = f"Keterangan / kendala {fmt.tw(q)}"
    ws.write_blank(row, COL_NO, None, st["cell"])
    ws.write_string(row, COL_URAIAN, label, st["label"])
    ws.merge_range(row, COL_PERAN, row, last, "", st["input_text"])
    ws.set_row(row, 3 * LINE_HEIGHT + 2)
    check = ws.data_validation(row, COL_PERAN, row, last, keterangan_validation(q))
    if check != 0:
        raise RuntimeError(f"keterangan validation refused for {ind.id}")
    book.names.define(keterangan_name(ind.id, q), jabatan.lembar, row, COL_PERAN)
    # The four cause texts of LKjIP Bab III (pipeline/sheetlayout.py: right below).
    for jenis in SEBAB:
        row += 1
        ws.write_blank(row, COL_NO, None, st["cell"])
        ws.write_string(row, COL_URAIAN, f"{SEBAB_LABEL[jenis]} {fmt.tw(q)}", st["label"])
        ws.merge_range(row, COL_PERAN, row, last, "", st["input_text"])
        # One line each: four taller rows would push a block past a printed page (rows
        # may be heightened by the user; the sheet allows formatting rows).
        ws.set_row(row, LINE_HEIGHT + 4)
        rule = sebab_validation(q, SEBAB_LABEL[jenis])
        if ws.data_validation(row, COL_PERAN, row, last, rule) != 0:
            raise RuntimeError(f"{jenis} validation refused for {ind.id}")
        book.names.define(sebab_name(ind.id, jenis, q), jabatan.lembar, row, COL_PERAN)
    ws.set_row(row + 1, 8)
    return row + 2, var_rows[0]


def _validate(ws: Worksheet, ind: Indikator, first: int, last: int, col: int, rule: dict) -> None:
    if ws.data_validation(first, col, last, col, rule) != 0:
        raise RuntimeError(f"data validation refused for {ind.id}: {rule}")


def _variable_row(
    ws: Worksheet,
    book: Book,
    sheet: str,
    ind: Indikator,
    variabel_id: str,
    label: str,
    peran: str,
    k: int,
    row: int,
    wilayah: str = WILAYAH_ALL,
) -> None:
    """One input row: the variable's (wilayah "*"), or one kecamatan's row of its table."""
    st, q = book.styles, book.q
    sifat = SIFAT_STOCK if ind.is_stock else SIFAT_FLOW
    if wilayah == WILAYAH_ALL:
        ws.write_string(row, COL_NO, string.ascii_lowercase[k % 26], st["cell_center"])
        ws.write_string(row, COL_PERAN, PERAN_LABEL[peran], st["cell_center"])
        ws.write_string(row, COL_SIFAT, sifat, st["cell_center"])
    else:
        ws.write_string(row, COL_NO, str(k + 1), st["cell_center"])
        ws.write_string(row, COL_PERAN, wilayah, st["cell_center"])
        ws.write_blank(row, COL_SIFAT, None, st["cell"])
    ws.write_string(row, COL_URAIAN, label, st["cell"])
    context_style = st["context_int"] if ind.is_count else st["context_dec"]
    for earlier in range(1, q):
        value = book.previous.get(fact_key(book.tahun, earlier, ind.id, variabel_id, wilayah))
        if value is None:
            ws.write_blank(row, quarter_col(earlier), None, context_style)
        else:
            ws.write_number(row, quarter_col(earlier), value, context_style)
    input_style = st["input_int"] if ind.is_count else st["input_dec"]
    ws.write_blank(row, quarter_col(q), None, input_style)
    book.names.define(input_name(ind.id, variabel_id, q, wilayah), sheet, row, quarter_col(q))
    lines = max(
        row_height(label, column_width(COL_URAIAN, q)),
        row_height(sifat, column_width(COL_SIFAT, q)) if wilayah == WILAYAH_ALL else 0,
    )
    ws.set_row(row, lines)


def kecamatan_table(
    ws: Worksheet, book: Book, sheet: str, ind: Indikator, row: int, validation: dict
) -> tuple[list[int], int]:
    """Per variable: a regency row (the sum, a formula preview) and one row per kecamatan.

    The regency figure is never typed: the pipeline sums the kecamatan rows itself (formula
    cells are never read). Returns the regency rows (the previews' inputs) and the next row.
    """
    st, q = book.styles, book.q
    sifat = SIFAT_STOCK if ind.is_stock else SIFAT_FLOW
    total_style = st["preview_int"] if ind.is_count else st["preview_dec"]
    areas = book.ctx.wilayah.kecamatan
    total_rows = []
    for k, v in enumerate(ind.variabel):
        total = row
        total_rows.append(total)
        label = f"{v.label}: jumlah kabupaten (otomatis, dari baris kecamatan di bawah)"
        ws.write_string(total, COL_NO, string.ascii_lowercase[k % 26], st["cell_center"])
        ws.write_string(total, COL_URAIAN, label, st["cell"])
        ws.write_string(total, COL_PERAN, PERAN_LABEL[v.peran], st["cell_center"])
        ws.write_string(total, COL_SIFAT, sifat, st["cell_center"])
        first, last = total + 1, total + len(areas)
        for quarter in range(1, q + 1):
            col = quarter_col(quarter)
            span = f"{cell_a1(first, col)}:{cell_a1(last, col)}"
            # Blank while any kecamatan is blank: a partial sum would pass for the total.
            formula = f'=IF(COUNT({span})<{len(areas)},"",SUM({span}))'
            ws.write_formula(total, col, formula, total_style, "")
        ws.set_row(
            total,
            max(
                row_height(label, column_width(COL_URAIAN, q)),
                row_height(sifat, column_width(COL_SIFAT, q)),
            ),
        )
        for n, kec in enumerate(areas):
            label = f"Kec. {kec.nama}"
            _variable_row(ws, book, sheet, ind, v.id, label, v.peran, n, first + n, kec.kode)
        _validate(ws, ind, first, last, quarter_col(q), validation)
        row = last + 1
    return total_rows, row


def _preview_rows(
    ws: Worksheet, book: Book, ind: Indikator, var_rows: list[int], target: Target, row: int
) -> int:
    st, q = book.styles, book.q
    last = last_col(q)
    if ind.jenis == "persentase":
        value_style = st["preview_pct"]
    elif ind.jenis == "nilai":
        value_style = st["preview_dec"]
    else:
        value_style = st["preview_int"]
    to_date_style = st["preview_dec"] if ind.agregasi == "rata_rata" else value_style

    def label_row(r: int, text: str) -> None:
        ws.write_blank(r, COL_NO, None, st["cell"])
        ws.write_string(r, COL_URAIAN, text, st["preview_label"])
        for col in (COL_PERAN, COL_SIFAT):
            ws.write_blank(r, col, None, st["preview_none"])
        for k in range(1, q):
            ws.write_blank(r, quarter_col(k), None, st["preview_none"])

    quarter_row = row
    label_row(row, "Realisasi per triwulan (terhitung otomatis, tidak perlu diisi)")
    for k in range(1, q + 1):
        formula = preview.quarter_formula(ind, var_rows, k)
        ws.write_formula(row, quarter_col(k), formula, value_style, "")
    realisasi_cell = cell_a1(row, quarter_col(q))
    row += 1
    if q > 1:
        label_row(row, f"Realisasi s.d. {fmt.tw(q)} (otomatis)")
        formula = preview.to_date_formula(ind, var_rows, quarter_row, q)
        ws.write_formula(row, quarter_col(q), formula, to_date_style, "")
        realisasi_cell = cell_a1(row, quarter_col(q))
        row += 1
    label_row(row, f"Capaian s.d. {fmt.tw(q)} terhadap target (otomatis)")
    goal = target.for_quarter(q)
    if goal == 0:
        ws.write_string(row, last, "target 0", st["preview_none"])
    else:
        formula = preview.capaian_formula(ind, realisasi_cell, goal, book.ctx.config.batas_capaian)
        ws.write_formula(row, last, formula, st["preview_pct"], "")
    return row + 1
