"""The rekap workbook `rekap-iki-<Y>-TW<Q>.xlsx`: the office's consolidated view.

Sheets: Ringkasan (every indicator as of quarter Q), Grafik (capaian per indicator, native
Excel chart), Data (hasil.csv as numbers, for filtering and pivoting), Kelengkapan (who sent
what), Riwayat, Kecamatan (indicators entered per kecamatan, ranked, with a chart), one
sheet per jabatan (quarter by quarter), Temuan (every finding). The renderer only
formats the ReportModel; it computes no figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.report.excel_bab3 import BAB3_IKI, BAB3_IKU, write_bab3_iki, write_bab3_iku
from pipeline.report.excel_data import DATA, write_data
from pipeline.report.excel_history import RIWAYAT, write_riwayat
from pipeline.report.excel_kecamatan import KECAMATAN, has_kecamatan, write_kecamatan
from pipeline.report.excel_keputusan import KEPUTUSAN, write_keputusan
from pipeline.report.excel_sheets import (
    FIXED_SHEETS,
    KELENGKAPAN,
    TEMUAN,
    predikat_text,
    write_jabatan_sheet,
    write_kelengkapan,
    write_temuan,
)
from pipeline.report.excel_style import (
    NO_PREDICATE_COLOR,
    NUM_DECIMAL,
    Styles,
    fit_row,
    is_blank,
    judul,
    light,
    number_format,
    page_setup,
    text_lines,
    title_block,
    workbook_properties,
    write_num,
    write_text,
)
from pipeline.report.model import ReportModel

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}
RINGKASAN = "Ringkasan"
NO_PREDICATE_LABEL = "Tanpa predikat"
FROZEN_COLUMNS = 4
GRAFIK = "Grafik"
TARGET_NOTE = (
    "Target: target kumulatif s.d. triwulan laporan bila target triwulanan (Rencana Aksi) "
    "ditetapkan; selain itu target tahunan. Capaian dan predikat dihitung dari realisasi "
    "s.d. triwulan laporan. Sel kosong: belum ada angka (lihat Catatan)."
)


def rekap_filename(tahun: int, triwulan: int) -> str:
    return f"rekap-iki-{tahun}-TW{triwulan}.xlsx"


def write_rekap(model: ReportModel, path: Path) -> None:
    lembar = {j.lembar.lower() for j in model.catalog.jabatan}
    clash = lembar & {
        s.lower() for s in (*FIXED_SHEETS, RINGKASAN, GRAFIK, DATA, RIWAYAT, KEPUTUSAN, KECAMATAN)
    }
    if clash:
        raise ValueError(f"nama lembar jabatan bentrok dengan lembar rekap: {sorted(clash)}")
    workbook = Workbook(str(path), WORKBOOK_OPTIONS)
    try:
        styles = Styles(workbook)
        workbook_properties(workbook, model)
        ringkasan = workbook.add_worksheet(RINGKASAN)
        grafik = workbook.add_worksheet(GRAFIK)
        span = _write_ringkasan(ringkasan, styles, model)
        _write_grafik(workbook, grafik, styles, model, span)
        write_data(workbook.add_worksheet(DATA), styles, model)
        write_kelengkapan(workbook.add_worksheet(KELENGKAPAN), styles, model)
        write_riwayat(workbook.add_worksheet(RIWAYAT), styles, model)
        if has_kecamatan(model):
            write_kecamatan(workbook, workbook.add_worksheet(KECAMATAN), styles, model)
        if model.bab3 is not None:
            write_bab3_iku(workbook.add_worksheet(BAB3_IKU), styles, model)
            write_bab3_iki(workbook.add_worksheet(BAB3_IKI), styles, model)
        for jabatan in model.catalog.jabatan:
            write_jabatan_sheet(workbook.add_worksheet(jabatan.lembar), styles, model, jabatan)
        write_temuan(workbook.add_worksheet(TEMUAN), styles, model)
        write_keputusan(workbook.add_worksheet(KEPUTUSAN), styles, model)
        ringkasan.activate()
    finally:
        workbook.close()


def _ringkasan_columns(q: int) -> list[tuple[str, float]]:
    """(header, width) of every Ringkasan column, in order."""
    return [
        ("No", 5),
        ("Jabatan", 20),
        ("Sasaran", 24),
        ("Indikator", 36),
        ("Satuan", 10),
        ("Target", 11),
        *((f"Realisasi {fmt.tw(t)}", 11) for t in range(1, q + 1)),
        (f"Realisasi s.d. {fmt.tw(q)}", 12),
        ("Capaian (%)", 11),
        ("Predikat", 13),
        ("Keterangan", 36),
        ("Catatan", 28),
    ]


class _Span:
    """Where the Ringkasan table landed, for the chart to reference."""

    def __init__(self, first: int, last: int, no_col: int, capaian_col: int) -> None:
        self.first, self.last, self.no_col, self.capaian_col = first, last, no_col, capaian_col

    @property
    def empty(self) -> bool:
        return self.last < self.first


def _write_ringkasan(ws: Worksheet, styles: Styles, model: ReportModel) -> _Span:
    q = model.triwulan
    columns = _ringkasan_columns(q)
    last_col = len(columns) - 1
    header = title_block(ws, styles, model, judul(model, "REKAPITULASI CAPAIAN IKI"), last_col)
    for col, (name, width) in enumerate(columns):
        ws.set_column(col, col, width)
        write_text(ws, header, col, name, styles.header())
    ws.set_row(header, 30)

    quarterly = _quarterly(model.results)
    current = model.current()
    first = header + 1
    capaian_col = 6 + q + 1
    for n, r in enumerate(current.itertuples(index=False), start=1):
        row = header + n
        ind = model.catalog.indikator_by_id.get(r.indikator_id)
        per_q = [quarterly.get((r.indikator_id, t)) for t in range(1, q + 1)]
        num = number_format(ind, [r.target, r.realisasi, *per_q])
        tint = light(model.scale.color(_text(r.predikat)))
        texts = {
            1: r.jabatan,
            2: r.sasaran,
            3: r.indikator,
            4: r.satuan,
            capaian_col + 1: predikat_text(r),
            capaian_col + 2: model.keterangan_for(r.indikator_id),
            capaian_col + 3: _text(r.catatan),
        }
        ws.write_number(row, 0, n, styles.cell(num="0", align="center"))
        write_num(ws, row, 5, r.target, styles.cell(num=num))
        for t, value in enumerate(per_q):
            write_num(ws, row, 6 + t, value, styles.cell(num=num))
        write_num(ws, row, 6 + q, r.realisasi, styles.cell(num=num))
        write_num(ws, row, capaian_col, r.capaian, styles.cell(num=NUM_DECIMAL, fill=tint))
        for col, value in texts.items():
            fill = tint if col == capaian_col + 1 else None
            write_text(ws, row, col, value, styles.cell(fill=fill))
        fit_row(ws, row, max(text_lines(v, columns[c][1]) for c, v in texts.items()))
    last = header + len(current)
    if current.empty:
        write_text(ws, first, 0, "Belum ada indikator di katalog.", styles.get(italic=True))
    ws.autofilter(header, 0, max(last, header), last_col)
    ws.freeze_panes(header + 1, FROZEN_COLUMNS)  # No, Jabatan, Sasaran, Indikator stay in view
    note_row = max(last, header) + 2
    write_text(ws, note_row, 0, TARGET_NOTE, styles.get(italic=True, font_size=9))
    page_setup(ws, model, header_row=header)
    return _Span(first, last, 0, capaian_col)


def _quarterly(results: pd.DataFrame) -> dict[tuple[str, int], Any]:
    """realisasi_triwulan by (indikator_id, quarter): the model's figures, pivoted."""
    return {
        (r.indikator_id, int(r.triwulan)): r.realisasi_triwulan
        for r in results.itertuples(index=False)
    }


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value)


def _write_grafik(
    workbook: Workbook, ws: Worksheet, styles: Styles, model: ReportModel, span: _Span
) -> None:
    """Column chart of capaian per indicator (bars coloured by predikat), a 100 % line,
    and below it the numbered list the bars refer to."""
    legend_cols = [("No", 5), ("Jabatan", 26), ("Indikator", 60), ("Capaian (%)", 12),
                   ("Predikat", 14), ("Acuan (%)", 10)]  # fmt: skip
    last_col = len(legend_cols) - 1
    top = title_block(ws, styles, model, judul(model, "GRAFIK CAPAIAN IKI"), last_col)
    for col, (_, width) in enumerate(legend_cols):
        ws.set_column(col, col, width)
    current = model.current()
    n = len(current)
    chart_rows = 24
    header = top + chart_rows + 1
    for col, (name, _) in enumerate(legend_cols):
        write_text(ws, header, col, name, styles.header())
    for i, r in enumerate(current.itertuples(index=False), start=1):
        row = header + i
        tint = light(model.scale.color(_text(r.predikat)))
        ws.write_number(row, 0, i, styles.cell(num="0", align="center"))
        write_text(ws, row, 1, r.jabatan, styles.cell())
        write_text(ws, row, 2, r.indikator, styles.cell())
        fit_row(ws, row, max(text_lines(r.jabatan, 26), text_lines(r.indikator, 60)))
        write_num(ws, row, 3, r.capaian, styles.cell(num=NUM_DECIMAL, fill=tint))
        write_text(ws, row, 4, _text(r.predikat), styles.cell(fill=tint))
        ws.write_number(row, 5, 100, styles.cell(num="0"))
    page_setup(ws, model, header_row=header)
    if span.empty:
        write_text(ws, top, 0, "Belum ada indikator untuk digambar.", styles.get(italic=True))
        return

    # One column series per predikat band, each holding only its band's capaian (hidden
    # helper columns), drawn fully overlapped: every bar keeps its band's colour and the
    # legend names the colours ("Sangat Tinggi", ...), which one series with coloured points
    # cannot do.
    chart = workbook.add_chart({"type": "column"})
    first_band_col = len(legend_cols)
    names = [band.nama for band in model.scale.bands]
    groups = [(band.nama, band.warna) for band in model.scale.bands]
    # A capaian without a band (provisional, on incomplete data) still gets its grey bar.
    loose = [
        not is_blank(r.capaian) and _text(r.predikat) not in names
        for r in current.itertuples(index=False)
    ]
    if any(loose):
        groups.append((NO_PREDICATE_LABEL, NO_PREDICATE_COLOR))
    for k, (nama, warna) in enumerate(groups):
        col = first_band_col + k
        write_text(ws, header, col, nama, styles.header())
        for i, r in enumerate(current.itertuples(index=False), start=1):
            mine = loose[i - 1] if nama == NO_PREDICATE_LABEL else _text(r.predikat) == nama
            if mine:
                write_num(ws, header + i, col, r.capaian, styles.cell(num=NUM_DECIMAL))
        ws.set_column(col, col, 12, None, {"hidden": True})
        chart.add_series(
            {
                "name": f"='{GRAFIK}'!" + xl_rowcol_to_cell(header, col, True, True),
                "categories": f"='{GRAFIK}'!" + xl_range_abs(header + 1, 0, header + n, 0),
                "values": f"='{GRAFIK}'!" + xl_range_abs(header + 1, col, header + n, col),
                "fill": {"color": warna or NO_PREDICATE_COLOR},
                "border": {"none": True},
                "gap": 60,
                "overlap": 100,
                **(
                    {"data_labels": {"value": True, "num_format": "#,##0.0", "font": {"size": 8}}}
                    if n <= 25
                    else {}
                ),
            }
        )
    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "Acuan 100 %",
            "categories": f"='{GRAFIK}'!" + xl_range_abs(header + 1, 0, header + n, 0),
            "values": f"='{GRAFIK}'!" + xl_range_abs(header + 1, 5, header + n, 5),
            "line": {"color": "#c00000", "width": 1.5, "dash_type": "dash"},
            "marker": {"type": "none"},
        }
    )
    chart.combine(line)
    chart.set_title(
        {
            "name": f"Capaian IKI s.d. {fmt.triwulan(model.triwulan)} Tahun {model.tahun}",
            "name_font": {"size": 12},
        }
    )
    chart.set_x_axis(
        {
            "name": "No. indikator (daftar di bawah grafik dan lembar Ringkasan)",
            "name_font": {"size": 9, "bold": False},
            "num_font": {"size": 8},
        }
    )
    chart.set_y_axis(
        {
            "name": "Capaian (%)",
            "name_font": {"size": 9, "bold": False},
            "num_format": "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": "#d9d9d9"}},
        }
    )
    chart.set_legend({"position": "bottom", "font": {"size": 9}})
    chart.show_hidden_data()  # the band series live in hidden helper columns
    chart.set_size({"width": 1000, "height": chart_rows * 20})
    ws.insert_chart(top, 0, chart, {"x_offset": 10, "y_offset": 5, "object_position": 2})
