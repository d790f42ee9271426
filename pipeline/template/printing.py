"""Printing a jabatan sheet: manual page breaks between indicator blocks, never inside one.

Excel and LibreOffice break pages wherever a page is full, which can leave an indicator's
title on one page and its input rows on the next. Every row height of a jabatan sheet is
set explicitly (layout.row_height), so the pages can be laid out here: the sheet is printed
one page wide (fit to width), which scales it by printable width / sheet width, and a
break goes before each block that would not fit on the current page. A block taller than
a page is left to the application's own breaks.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

# A4 landscape in points, margins as layout.set_page sets them (inches * 72).
PAGE_WIDTH, PAGE_HEIGHT = 841.9, 595.3
MARGIN_SIDE, MARGIN_TOP_BOTTOM = 0.4 * 72, 0.6 * 72
DEFAULT_ROW_HEIGHT = 15.0
# Fonts render a little differently from one spreadsheet program to another: keep a margin.
SAFETY = 0.98


def column_points(width_chars: float) -> float:
    """Excel's column width in characters -> points (7 px per character + 5 px, 96 dpi)."""
    return (int(width_chars * 7 + 0.5) + 5) * 0.75


def fit_scale(column_widths: list[float]) -> float:
    """The scale Excel applies for 'fit to one page wide' (never enlarges)."""
    total = sum(column_points(w) for w in column_widths)
    printable = PAGE_WIDTH - 2 * MARGIN_SIDE
    return min(1.0, printable / total) if total else 1.0


def row_height(ws: Worksheet, row: int) -> float:
    info = ws.row_info.get(row)
    height = getattr(info, "height", None) if info is not None else None
    return float(height) if height is not None else DEFAULT_ROW_HEIGHT


def block_breaks(
    ws: Worksheet,
    blocks: list[tuple[int, int]],
    *,
    first_row: int,
    repeat_row: int | None,
    column_widths: list[float],
) -> list[int]:
    """Rows before which a page starts so that no block [start, end) is split.

    first_row: the first row printed (0); repeat_row: the header row printed on top of
    every following page.
    """
    scale = fit_scale(column_widths)
    page = (PAGE_HEIGHT - 2 * MARGIN_TOP_BOTTOM) / scale * SAFETY
    repeated = row_height(ws, repeat_row) if repeat_row is not None else 0.0
    breaks: list[int] = []
    used = sum(row_height(ws, r) for r in range(first_row, blocks[0][0])) if blocks else 0.0
    for start, end in blocks:
        height = sum(row_height(ws, r) for r in range(start, end))
        if used + height > page and used > repeated and height + repeated <= page:
            breaks.append(start)
            used = repeated
        used += height
    return breaks


def paginate(
    ws: Worksheet,
    blocks: list[tuple[int, int]],
    *,
    repeat_row: int | None,
    column_widths: list[float],
) -> list[int]:
    """Set the sheet's manual page breaks between blocks; return them."""
    breaks = block_breaks(
        ws, blocks, first_row=0, repeat_row=repeat_row, column_widths=column_widths
    )
    if breaks:
        ws.set_h_pagebreaks(breaks)
    return breaks
