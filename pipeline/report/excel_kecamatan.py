"""The rekap's "Kecamatan" sheet: indicators entered per kecamatan, ranked, with a chart.

Per indicator: the kecamatan ranked by realisation to date (lowest coverage first, where
the office should look), the regency row (the sum of the kecamatan, formed by the engine),
and a native horizontal bar chart of the same ranking. Figures come from the report model.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_range_abs
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.report.excel_sheets import predikat_text
from pipeline.report.excel_style import (
    NO_PREDICATE_COLOR,
    NUM_DECIMAL,
    Styles,
    is_blank,
    judul,
    light,
    number_format,
    page_setup,
    title_block,
    write_num,
    write_text,
)
from pipeline.report.model import ReportModel

KECAMATAN = "Kecamatan"
COLUMNS = [("Peringkat", 10), ("Kode", 10), ("Kecamatan", 26), ("Target", 10),
           ("Realisasi", 11), ("Capaian (%)", 11), ("Predikat", 16), ("Catatan", 40)]  # fmt: skip
NOTE = (
    "Diurutkan dari realisasi terendah (kecamatan tanpa angka di akhir). Angka kabupaten = "
    "jumlah pembilang dibagi jumlah penyebut semua kecamatan, bukan rata-rata persentase "
    "kecamatan. Capaian kecamatan dihitung terhadap target kabupaten."
)


def has_kecamatan(model: ReportModel) -> bool:
    return not model.kecamatan_results.empty


def write_kecamatan(workbook: Workbook, ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    last_col = len(COLUMNS) - 1
    tw = fmt.tw(model.triwulan)
    row = title_block(ws, styles, model, judul(model, "CAPAIAN PER KECAMATAN"), last_col)
    for col, (_, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
    write_text(ws, row, 0, NOTE, styles.get(italic=True, font_size=9))
    row += 2
    regency = model.current().set_index("indikator_id")
    for ind in model.catalog.indikator:
        rows = model.kecamatan_ranked(ind.id)
        if rows.empty:
            continue
        write_text(ws, row, 0, f"{ind.nama} ({ind.satuan}), s.d. {tw}", styles.get(bold=True))
        header = row + 1
        for col, (name, _) in enumerate(COLUMNS):
            write_text(ws, header, col, name, styles.header())
        records = list(rows.itertuples(index=False))
        total = regency.loc[ind.id] if ind.id in regency.index else None
        num = number_format(ind, [r.realisasi for r in records])
        for n, r in enumerate(records, start=1):
            _line(ws, styles, model, header + n, str(n), r.wilayah, r, num)
        last = header + len(records)
        if total is not None:
            _line(ws, styles, model, last + 1, "", "*", total, num, bold=True)
        colors = [
            model.scale.color("" if is_blank(r.predikat) else str(r.predikat)) or NO_PREDICATE_COLOR
            for r in records
        ]
        _chart(workbook, ws, ind.nama, header, last, colors, len(COLUMNS) + 1)
        row = max(last + 4, header + 26)
    page_setup(ws, model, header_row=None)


def _line(
    ws: Worksheet,
    styles: Styles,
    model: ReportModel,
    row: int,
    rank: str,
    kode: str,
    r: Any,
    num: str,
    *,
    bold: bool = False,
) -> None:
    """One ranked row (`r` a result row: a namedtuple or Series with RESULT_COLUMNS)."""
    tint = light(model.scale.color("" if is_blank(r.predikat) else str(r.predikat)))
    if rank:
        ws.write_number(row, 0, int(rank), styles.cell(num="0", align="center"))
    else:
        write_text(ws, row, 0, "", styles.cell())
    write_text(ws, row, 1, "" if kode == "*" else kode, styles.cell(bold=bold))
    write_text(ws, row, 2, model.wilayah.nama(kode), styles.cell(bold=bold))
    write_num(ws, row, 3, r.target, styles.cell(num=num))
    write_num(ws, row, 4, r.realisasi, styles.cell(num=num, bold=bold))
    write_num(ws, row, 5, r.capaian, styles.cell(num=NUM_DECIMAL, fill=tint, bold=bold))
    write_text(ws, row, 6, predikat_text(r), styles.cell(fill=tint))
    write_text(ws, row, 7, "" if is_blank(r.catatan) else str(r.catatan), styles.cell())


def _chart(
    workbook: Workbook,
    ws: Worksheet,
    nama: str,
    header: int,
    last: int,
    colors: list[str],
    at_col: int,
) -> None:
    """Horizontal bars, lowest at the top (the table's order), coloured by predikat."""
    sheet = f"'{KECAMATAN}'!"
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Realisasi",
            "categories": sheet + xl_range_abs(header + 1, 2, last, 2),
            "values": sheet + xl_range_abs(header + 1, 4, last, 4),
            "points": [{"fill": {"color": c}, "border": {"none": True}} for c in colors],
            "gap": 40,
            "data_labels": {"value": True, "num_format": "#,##0.00", "font": {"size": 7}},
        }
    )
    chart.set_title({"name": f"{nama}: realisasi per kecamatan", "name_font": {"size": 10}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 7}})  # first row at the top
    chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 520, "height": max(300, 16 * (last - header) + 80)})
    ws.insert_chart(header, at_col, chart, {"object_position": 2})
