"""Cell positions, column widths, cell styles and wording shared by the sheet writers."""

from __future__ import annotations

import datetime as dt
import math

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt

# Positions shared with the reader, which checks each name against them (re-exported).
from pipeline.sheetlayout import (
    COL_NO as COL_NO,
)
from pipeline.sheetlayout import (
    COL_PERAN as COL_PERAN,
)
from pipeline.sheetlayout import (
    COL_SIFAT as COL_SIFAT,
)
from pipeline.sheetlayout import (
    COL_URAIAN as COL_URAIAN,
)
from pipeline.sheetlayout import (
    FIRST_QUARTER_COL as FIRST_QUARTER_COL,
)
from pipeline.sheetlayout import (
    HEADER_ROW as HEADER_ROW,
)
from pipeline.sheetlayout import (
    ROW_DINAS as ROW_DINAS,
)
from pipeline.sheetlayout import (
    ROW_JABATAN as ROW_JABATAN,
)
from pipeline.sheetlayout import (
    ROW_NAMA as ROW_NAMA,
)
from pipeline.sheetlayout import (
    ROW_NIP as ROW_NIP,
)
from pipeline.sheetlayout import (
    ROW_PEMDA as ROW_PEMDA,
)
from pipeline.sheetlayout import (
    ROW_TITLE as ROW_TITLE,
)
from pipeline.sheetlayout import (
    quarter_col as quarter_col,
)

WIDTHS = {COL_NO: 4.5, COL_URAIAN: 54.0, COL_PERAN: 11.0, COL_SIFAT: 15.0}
CONTEXT_WIDTH = 13.0  # earlier quarters, locked
INPUT_WIDTH = 16.0  # the quarter being filled

LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri
PERAN_LABEL = {"pembilang": "Pembilang", "penyebut": "Penyebut", "komponen": "Komponen"}
SIFAT_STOCK = "Posisi akhir triwulan"
SIFAT_FLOW = "Arus (dalam triwulan)"
OFFICE = "Sub Bagian Perencanaan dan Evaluasi"

PROTECT_OPTIONS = {
    # People may widen a column or a row to read long text, never change the structure.
    "format_columns": True,
    "format_rows": True,
    "insert_rows": False,
    "delete_rows": False,
    "insert_columns": False,
    "delete_columns": False,
    "format_cells": False,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def last_col(q: int) -> int:
    return quarter_col(q)


def column_width(col: int, q: int) -> float:
    if col in WIDTHS:
        return WIDTHS[col]
    return INPUT_WIDTH if col == quarter_col(q) else CONTEXT_WIDTH


def span_width(first: int, last: int, q: int) -> float:
    return sum(column_width(c, q) for c in range(first, last + 1))


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a cell `width` characters wide (a safe overestimate).

    Merged cells never auto-fit their height in Excel and LibreOffice, and unmerged ones do
    so only in some applications, so every wrapped row gets an explicit height.
    """
    per_line = max(1, int(width * 1.2))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def row_height(text: str, width: float, minimum: int = 1) -> float:
    return max(minimum, text_lines(text, width)) * LINE_HEIGHT + 2


def quarter_period(tahun: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(tahun, 3 * q - 2, 1)
    end = dt.date(tahun + 1, 1, 1) if q == 4 else dt.date(tahun, 3 * q + 1, 1)
    return start, end - dt.timedelta(days=1)


def period_text(tahun: int, q: int) -> str:
    """'1 Juli 2026 – 30 September 2026'."""
    start, end = quarter_period(tahun, q)
    return f"{fmt.tanggal(start)} – {fmt.tanggal(end)}"


def form_title(tahun: int, q: int) -> str:
    return f"FORMULIR ISIAN REALISASI IKI TAHUN {tahun} — {fmt.triwulan(q).upper()}"


def escape_header(text: str) -> str:
    """Header/footer text: '&' starts a control code, so literal ampersands are doubled."""
    return text.replace("&", "&&")


# Indonesian number display (1.234.567; 87,50) for locked cells where the application
# honours the format's locale tag (LibreOffice; Excel uses the system separators anyway).
# Not on input cells: LibreOffice also parses typed input by that tag, so a clerk on an
# English-locale machine typing 72.5 would get 725.
ID = "[$-421]"
BORDER = {"border": 1, "border_color": "#808080"}
WRAP_TOP = {"text_wrap": True, "valign": "top"}
STYLE_SPECS: dict[str, dict] = {
    "kop": {"bold": True, "font_size": 12, "align": "center_across", "valign": "vcenter"},
    "title": {"bold": True, "font_size": 13, "align": "center_across", "valign": "vcenter"},
    "subtitle": {"italic": True, "align": "center_across", "font_color": "#404040"},
    "bold": {"bold": True},
    "label": {"bold": True, "valign": "top"},
    "value": {**WRAP_TOP},
    "head_value": {"valign": "top"},  # unwrapped: overflows into the empty cells beside it
    "head_value_bold": {"bold": True, "valign": "top"},
    "header": {
        "bold": True,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
        "bg_color": "#D9E1F2",
        **BORDER,
    },
    "header_input": {
        "bold": True,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
        "bg_color": "#FFE699",
        **BORDER,
    },
    "ind_no": {"bold": True, "align": "center", "valign": "top", "bg_color": "#DDEBF7", **BORDER},
    "ind_title": {"bold": True, "bg_color": "#DDEBF7", **WRAP_TOP, **BORDER},
    "info": {**WRAP_TOP, **BORDER},
    "cell": {**WRAP_TOP, **BORDER},
    "cell_center": {"align": "center", **WRAP_TOP, **BORDER},
    "context_int": {"num_format": ID + "#,##0", "bg_color": "#F2F2F2", "valign": "top", **BORDER},
    "context_dec": {
        "num_format": ID + "#,##0.00",
        "bg_color": "#F2F2F2",
        "valign": "top",
        **BORDER,
    },
    "input_int": {
        "num_format": "#,##0",
        "locked": False,
        "bg_color": "#FFF2CC",
        "valign": "top",
        "border": 1,
        "border_color": "#BF8F00",
    },
    "input_dec": {
        "num_format": "#,##0.00",
        "locked": False,
        "bg_color": "#FFF2CC",
        "valign": "top",
        "border": 1,
        "border_color": "#BF8F00",
    },
    "input_text": {
        "num_format": "@",
        "locked": False,
        "bg_color": "#FFF2CC",
        "border": 1,
        "border_color": "#BF8F00",
        **WRAP_TOP,
    },
    "preview_label": {"italic": True, "font_color": "#375623", **WRAP_TOP, **BORDER},
    "preview_pct": {
        "italic": True,
        "num_format": ID + '#,##0.00" %"',
        "bg_color": "#E2EFDA",
        "align": "right",
        "valign": "top",
        **BORDER,
    },
    "preview_int": {
        "italic": True,
        "num_format": ID + "#,##0",
        "bg_color": "#E2EFDA",
        "align": "right",
        "valign": "top",
        **BORDER,
    },
    "preview_dec": {
        "italic": True,
        "num_format": ID + "#,##0.00",
        "bg_color": "#E2EFDA",
        "align": "right",
        "valign": "top",
        **BORDER,
    },
    "preview_none": {"bg_color": "#F2F2F2", **BORDER},
    "note": {"italic": True, "font_color": "#595959", "font_size": 9, **WRAP_TOP},
    "heading": {"bold": True, "font_size": 11, "bg_color": "#D9E1F2", "valign": "vcenter"},
    # Samples on the Petunjuk sheet: the colours of the three kinds of cell, all locked.
    "legend_input": {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BF8F00"},
    "legend_context": {"bg_color": "#F2F2F2", **BORDER},
    "legend_preview": {"bg_color": "#E2EFDA", **BORDER},
    "link": {"font_color": "#0563C1", "underline": 1, **WRAP_TOP, **BORDER},
}


class Styles:
    """The workbook's formats, created once per workbook (XlsxWriter formats are per book)."""

    def __init__(self, workbook: Workbook) -> None:
        self._formats: dict[str, Format] = {
            key: workbook.add_format({"font_name": "Calibri", "font_size": 11, **spec})
            for key, spec in STYLE_SPECS.items()
        }

    def __getitem__(self, key: str) -> Format:
        return self._formats[key]


def set_page(ws: Worksheet, *, landscape: bool, footer_left: str, repeat_row: int | None) -> None:
    """A4, one page wide, pages numbered from 1 on every sheet, in Indonesian.

    No "dari &N": printing the whole workbook makes &N the pages of all sheets together
    ("Halaman 2 dari 43" on a one-jabatan printout).
    """
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.hide_gridlines(2)
    # The space after "&8" ends the font-size code: "&801 Kepala" would be size 801.
    ws.set_footer(f"&L&8 {escape_header(footer_left)}&R&8 Halaman &P")
    ws.set_start_page(1)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)
