"""Rekap sheet 'Keputusan': the catalog decisions the office must confirm, with their status."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.report.excel_style import (
    Styles,
    fit_row,
    page_setup,
    text_lines,
    title_block,
    write_text,
)
from pipeline.report.model import ReportModel

KEPUTUSAN = "Keputusan"
CONFIRMED_FILL = "#e2efda"
OPEN_FILL = "#fff2cc"


def write_keputusan(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    columns = [
        ("No", 5),
        ("Id keputusan", 34),
        ("Jabatan", 26),
        ("Indikator", 34),
        ("Jenis", 12),
        ("Uraian", 70),
        ("Status", 16),
    ]
    last_col = len(columns) - 1
    header = title_block(
        ws, styles, model, "KEPUTUSAN KATALOG YANG PERLU DIKONFIRMASI KANTOR", last_col
    )
    for col, (name, width) in enumerate(columns):
        ws.set_column(col, col, width)
        write_text(ws, header, col, name, styles.header())
    ws.set_row(header, 30)
    cat = model.catalog
    for n, k in enumerate(cat.keputusan, start=1):
        row = header + n
        done = k.id in model.keputusan_dikonfirmasi
        fill = CONFIRMED_FILL if done else OPEN_FILL
        values = (
            k.id,
            cat.jabatan_by_id[k.jabatan_id].nama,
            cat.indikator_by_id[k.indikator_id].nama if k.indikator_id else "",
            k.jenis,
            k.uraian,
            "dikonfirmasi" if done else "belum dikonfirmasi",
        )
        ws.write_number(row, 0, n, styles.cell(num="0", align="center"))
        for col, value in enumerate(values, start=1):
            write_text(ws, row, col, value, styles.cell(fill=fill if col == 6 else None))
        fit_row(ws, row, max(text_lines(v, columns[c][1]) for c, v in enumerate(values, 1)))
    note = header + len(cat.keputusan) + 2
    todo = len(model.unconfirmed())
    write_text(
        ws,
        note,
        0,
        f"{len(cat.keputusan)} keputusan, {todo} belum dikonfirmasi. Kantor mengonfirmasi "
        "dengan mencatat id keputusan di berkas data keputusan (config.toml [keputusan] berkas): "
        'dikonfirmasi = ["id", ...].',
        styles.get(italic=True, font_size=9),
    )
    if cat.keputusan:
        ws.autofilter(header, 0, header + len(cat.keputusan), last_col)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, model, header_row=header)
