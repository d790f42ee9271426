"""The rekap's "Data" sheet: hasil.csv for people, as a tidy table of real numbers.

A spreadsheet set to Indonesian reads hasil.csv wrongly (93.146 becomes 93146, 97.6 text,
rows split on ";"). This sheet holds exactly hasil.csv's columns (the CSV writer's own list,
so a column added there appears here too) and rows, each number stored as a number with a
display format that Excel and LibreOffice show with the user's separators (1.234,5).
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline.report.csv import HASIL_COLUMNS, hasil_rows
from pipeline.report.excel_style import Styles, page_setup, write_text
from pipeline.report.model import ReportModel

DATA = "Data"
# Whole numbers that are codes, not quantities: no thousands separator (2026, not 2.026).
PLAIN_INTEGER = {"triwulan", "tahun"}
PERCENT_COLUMNS = {"capaian"}
FORMAT_WHOLE = "#,##0"
FORMAT_FRACTION = "#,##0.00##"  # at least 2 decimals, up to the CSV's 4
FORMAT_PERCENT = "#,##0.00"
WIDTHS = {"jabatan": 30, "indikator": 44, "catatan": 40, "predikat": 13, "status": 16}
FROZEN_COLUMNS = 2  # jabatan_id, jabatan: still visible when scrolling right


def numeric_columns(model: ReportModel, rows: list[list[str]]) -> set[str]:
    """Columns whose every value is a number (or empty) and that the model holds as numbers
    (a text column of digits, such as an id, stays text)."""
    out = set()
    for k, col in enumerate(HASIL_COLUMNS):
        values = [r[k] for r in rows if r[k] != ""]
        if not all(_is_number(v) for v in values):
            continue
        if col in model.results.columns and not _numeric_dtype(model.results[col]):
            continue
        out.add(col)
    return out


def _numeric_dtype(series) -> bool:  # type: ignore[no-untyped-def]
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series)) and not pd.api.types.is_bool_dtype(series)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def number_format(column: str, text: str) -> str:
    if column in PLAIN_INTEGER:
        return "0"
    if column in PERCENT_COLUMNS:
        return FORMAT_PERCENT
    return FORMAT_WHOLE if float(text).is_integer() else FORMAT_FRACTION


def write_data(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    """Header in row 1 (the CSV's names), one row per hasil.csv row; nothing else."""
    rows = hasil_rows(model)
    numeric = numeric_columns(model, rows)
    header = styles.get(bold=True, bg_color="#dde4ee", pattern=1, border=1)
    for c, col in enumerate(HASIL_COLUMNS):
        ws.set_column(c, c, WIDTHS.get(col, 12 if col in numeric else 18))
        ws.write_string(0, c, col, header)
    text = styles.get()
    for r, row in enumerate(rows, start=1):
        for c, (col, value) in enumerate(zip(HASIL_COLUMNS, row, strict=True)):
            if value == "":
                continue  # no value: an empty cell, as the CSV's empty field
            if col in numeric:
                ws.write_number(
                    r, c, float(value), styles.get(num_format=number_format(col, value))
                )
            else:
                write_text(ws, r, c, value, text)
    ws.autofilter(0, 0, max(len(rows), 1), len(HASIL_COLUMNS) - 1)
    ws.freeze_panes(1, FROZEN_COLUMNS)
    page_setup(ws, model, header_row=0)
