"""The rekap's Riwayat sheet: each indicator over five years, Renstra end target, standard.

Earlier years are the archive's official figures (ReportModel.history); the reporting year
is as of quarter Q. Below the table, where each year's figures came from. Only formats.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.report.excel_style import (
    NUM_DECIMAL,
    Styles,
    fit_row,
    judul,
    number_format,
    page_setup,
    text_lines,
    title_block,
    write_num,
    write_text,
)
from pipeline.report.model import ReportModel

RIWAYAT = "Riwayat"
SOURCE_LABEL = {
    "laporan": "laporan alat ini",
    "impor_csv": "impor hasil.csv",
    "impor_workbook": "impor workbook riwayat",
}


def write_riwayat(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    history = model.history
    assert history is not None  # set by ReportModel.__post_init__
    years = history.years
    q = model.triwulan
    columns: list[tuple[str, float]] = [
        ("No", 5),
        ("Jabatan", 20),
        ("Indikator", 36),
        ("Satuan", 9),
    ]
    for y in years:
        columns += [(f"Target {y}", 10), (f"Realisasi {y}", 10), (f"Capaian {y} (%)", 10)]
    columns += [
        (f"Target {model.tahun}", 10),
        (f"Realisasi {model.tahun} s.d. {fmt.tw(q)}", 11),
        (f"Capaian {model.tahun} (%)", 10),
    ]
    renstra = model.renstra
    if renstra is not None:
        columns += [
            (f"Kondisi awal Renstra ({renstra.awal - 1})", 11),
            (f"Target akhir Renstra {renstra.label}", 11),
        ]
    columns += [("Standar", 10), ("Sumber standar", 28)]
    last = len(columns) - 1
    header = title_block(ws, styles, model, judul(model, "RIWAYAT CAPAIAN IKI"), last)
    for col, (name, width) in enumerate(columns):
        ws.set_column(col, col, width)
        write_text(ws, header, col, name, styles.header())
    ws.set_row(header, 45)
    current = model.current().set_index("indikator_id")
    text = styles.cell()
    for n, ind in enumerate(model.catalog.indikator, start=1):
        row = header + n
        jab = model.catalog.jabatan_by_id[ind.jabatan_id]
        ws.write_number(row, 0, n, styles.cell(num="0", align="center"))
        write_text(ws, row, 1, jab.nama, text)
        write_text(ws, row, 2, ind.nama, text)
        write_text(ws, row, 3, ind.satuan, text)
        col = 4
        for y in years:
            h = history.get(ind.id, y)
            figures = [h.target, h.realisasi] if h else [None, None]
            num = styles.cell(num=number_format(ind, figures))
            write_num(ws, row, col, figures[0], num)
            write_num(ws, row, col + 1, figures[1], num)
            write_num(ws, row, col + 2, h.capaian if h else None, styles.cell(num=NUM_DECIMAL))
            col += 3
        now = current.loc[ind.id] if ind.id in current.index else None
        figures = [now["target"], now["realisasi"]] if now is not None else [None, None]
        num = styles.cell(num=number_format(ind, figures))
        write_num(ws, row, col, figures[0], num)
        write_num(ws, row, col + 1, figures[1], num)
        write_num(
            ws, row, col + 2, None if now is None else now["capaian"], styles.cell(num=NUM_DECIMAL)
        )
        col += 3
        if renstra is not None:
            ren = renstra.indikator.get(ind.id)
            write_num(ws, row, col, ren.kondisi_awal if ren else None, num)
            write_num(ws, row, col + 1, ren.target_akhir if ren else None, num)
            col += 2
        std = model.standar.get(ind.id)
        write_num(ws, row, col, std.nilai if std else None, num)
        source = f"{std.tingkat.capitalize()}: {std.sumber}" if std else ""
        write_text(ws, row, col + 1, source, text)
        lines = (text_lines(jab.nama, 20), text_lines(ind.nama, 36), text_lines(source, 28))
        fit_row(ws, row, max(lines))
    row = header + len(model.catalog.indikator) + 2
    write_text(ws, row, 0, "Sumber angka tahun sebelumnya (arsip):", styles.get(bold=True))
    by_year = {s.tahun: s for s in history.sources}
    for k, y in enumerate(years, start=1):
        s = by_year.get(y)
        line = (
            f"{y}: {SOURCE_LABEL.get(s.sumber, s.sumber)}"
            + (f" '{s.berkas}'" if s.berkas else "")
            + f", s.d. {fmt.tw(s.triwulan)}, dicatat {s.dibuat[:10]}"
            if s
            else f"{y}: belum ada di arsip (impor dengan `python -m pipeline history import`)"
        )
        write_text(ws, row + k, 0, line, styles.get())
    ws.freeze_panes(header + 1, 3)
    page_setup(ws, model, header_row=header)
