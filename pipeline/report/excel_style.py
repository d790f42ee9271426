"""Shared pieces of the rekap workbook: cell formats, safe cell writers, title and print setup.

Every text goes through `write_text` (XlsxWriter `write_string`), so a keterangan such as
"=SUM(A1)" or "+62 812" lands as text, never as a formula or a number. Numbers are written
as numbers with a display format; Excel and LibreOffice render the separators in the
user's locale (1.234,50 in Indonesian).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from typing import Any

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.catalog import Indikator
from pipeline.contract import JENIS_REKAP, PROP_JENIS
from pipeline.report.model import ReportModel

NUM_COUNT = "#,##0"
NUM_DECIMAL = "#,##0.00"
# [$-421] = Indonesian: month names stay Indonesian whatever the language of the user's Excel.
NUM_DATETIME = "[$-421]d mmmm yyyy hh:mm"

HEADER_FILL = "#dde4ee"
MISSING_FILL = "#f8d7da"  # a jabatan that sent nothing; a Galat
PARTIAL_FILL = "#fff3cd"  # sent but incomplete; a Peringatan
DRAFT_COLOR = "#c00000"
NO_PREDICATE_COLOR = "#9e9e9e"
FONT = "Calibri"
LINE_HEIGHT = 13.0  # points per line of 10 pt text


class Styles:
    """Creates each distinct XlsxWriter format once (workbooks have a format limit)."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple, Format] = {}

    def get(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": FONT, "font_size": 10, "valign": "top"}
            self._cache[key] = self.workbook.add_format({**base, **props})
        return self._cache[key]

    def cell(self, *, num: str | None = None, fill: str | None = None, **props: Any) -> Format:
        """A bordered table cell; text cells wrap."""
        extra: dict[str, Any] = {"border": 1, "border_color": "#8c8c8c"}
        if num:
            extra["num_format"] = num
        else:
            extra["text_wrap"] = True
        if fill:
            extra["bg_color"] = fill
            extra["pattern"] = 1
        return self.get(**extra, **props)

    def header(self) -> Format:
        return self.get(
            bold=True,
            text_wrap=True,
            align="center",
            valign="vcenter",
            border=1,
            border_color="#8c8c8c",
            bg_color=HEADER_FILL,
            pattern=1,
        )


def is_blank(x: object) -> bool:
    """None, NaN, NaT, pd.NA and empty text are all 'no value'."""
    if x is None or (isinstance(x, str) and x == ""):
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def write_text(ws: Worksheet, row: int, col: int, value: object, cell_format: Format) -> None:
    """Text as text, whatever it starts with; blank stays blank (formatted)."""
    if is_blank(value):
        ws.write_blank(row, col, None, cell_format)
    else:
        ws.write_string(row, col, str(value), cell_format)


def write_num(ws: Worksheet, row: int, col: int, value: object, cell_format: Format) -> None:
    """A number stored as a number; no value stays an empty cell (never 0, never 'nan')."""
    if is_blank(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        ws.write_blank(row, col, None, cell_format)
    else:
        ws.write_number(row, col, float(value), cell_format)  # type: ignore[arg-type]


def write_datetime(ws: Worksheet, row: int, col: int, value: object, cell_format: Format) -> None:
    if is_blank(value):
        ws.write_blank(row, col, None, cell_format)
        return
    stamp = pd.Timestamp(value).to_pydatetime()  # type: ignore[arg-type]
    if stamp.tzinfo is not None:  # Excel has no time zones: show local wall-clock time
        stamp = stamp.astimezone().replace(tzinfo=None)
    ws.write_datetime(row, col, stamp, cell_format)


def text_lines(value: object, width: float, font_size: float = 10) -> int:
    """Lines a wrapped text needs in a column `width` characters wide (an estimate)."""
    if is_blank(value):
        return 1
    per_line = max(1, int(width * 1.2 * 10 / font_size) - 1)
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in str(value).split("\n"))


def fit_row(ws: Worksheet, row: int, lines: int) -> None:
    """Neither XlsxWriter nor LibreOffice grows rows for wrapped text: set the height."""
    if lines > 1:
        ws.set_row(row, LINE_HEIGHT * lines + 3)


def number_format(indikator: Indikator | None, values: list[object]) -> str:
    """Counts without decimals; percentages, scores, averages and any fraction with two."""
    whole = all(is_blank(v) or float(v).is_integer() for v in values)  # type: ignore[arg-type]
    counts = indikator is not None and indikator.jenis == "jumlah"
    if counts and indikator is not None and indikator.agregasi != "rata_rata" and whole:
        return NUM_COUNT
    return NUM_DECIMAL


def light(color: str | None, strength: float = 0.3) -> str | None:
    """The band colour mixed with white, light enough for black text on top."""
    if not color:
        return None
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c * strength + 255 * (1 - strength)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def ya_tidak(flag: object) -> str:
    return "Ya" if bool(flag) and not is_blank(flag) else "Tidak"


def judul(model: ReportModel, awal: str) -> str:
    """'REKAPITULASI CAPAIAN IKI' -> '... TAHUN 2026 S.D. TRIWULAN III'."""
    return f"{awal} TAHUN {model.tahun} S.D. {fmt.triwulan(model.triwulan).upper()}"


def draft_note() -> str:
    return "DRAF — bukan laporan final: angka masih dapat berubah. Jangan ditandatangani."


def generated_note(model: ReportModel) -> str:
    at = model.generated_at
    return f"Dibuat {fmt.tanggal(at.date())} pukul {at:%H.%M}"


def title_block(
    ws: Worksheet, styles: Styles, model: ReportModel, title: str, last_col: int
) -> int:
    """Kop (pemerintah daerah, dinas), the title, DRAF marker; returns the next free row."""
    big = {"bold": True, "font_size": 12}
    lines: list[tuple[str, dict[str, Any]]] = [
        (model.kantor.pemerintah_daerah.upper(), big),
        (model.kantor.nama_dinas.upper(), big),
        (title, {"bold": True, "font_size": 13}),
    ]
    if model.draft:
        lines.append((draft_note(), {**big, "font_color": DRAFT_COLOR}))
    lines.append((generated_note(model), {"italic": True, "font_color": "#595959"}))
    for row, (text, props) in enumerate(lines):
        cell_format = styles.get(**props, align="center" if last_col > 0 else "left")
        if last_col > 0:
            ws.merge_range(row, 0, row, last_col, "", cell_format)
        write_text(ws, row, 0, text, cell_format)
    return len(lines) + 1


def page_setup(ws: Worksheet, model: ReportModel, *, header_row: int | None) -> None:
    """A4 landscape, one page wide, header row repeated, page numbers in Indonesian."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    if header_row is not None:
        ws.repeat_rows(header_row)
    dinas = model.kantor.nama_dinas.replace("&", "&&")
    ws.set_footer(f"&L&8{dinas}&R&8Halaman &P dari &N")
    if model.draft:
        ws.set_header('&C&"Calibri,Bold"&14&KC00000DRAF')


def workbook_properties(workbook: Workbook, model: ReportModel) -> None:
    created = model.generated_at
    if created.tzinfo is not None:
        created = created.astimezone().replace(tzinfo=None)
    workbook.set_properties(
        {
            "title": (
                f"Rekapitulasi Capaian IKI Tahun {model.tahun} s.d. "
                f"{fmt.triwulan(model.triwulan)}" + (" (DRAF)" if model.draft else "")
            ),
            "subject": "Indikator Kinerja Individu (IKI)",
            "author": model.kantor.nama_dinas,
            "company": model.kantor.pemerintah_daerah,
            "created": created if isinstance(created, dt.datetime) else None,
        }
    )
    # The mark by which `check` and `report` know a rekap put back into the input folder.
    if workbook.set_custom_property(PROP_JENIS, JENIS_REKAP, "text") != 0:
        raise RuntimeError(f"custom property {PROP_JENIS!r} refused")
