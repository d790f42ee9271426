"""Cheap scans of a worksheet's XML, done before python-calamine loads the sheet.

- `used_area`: the bounding box of the cells actually present. calamine allocates a dense
  grid for it and aborts the whole process when that is absurd, so it is measured here
  first (the `<dimension>` element is not trusted: some writers get it wrong).
- `cell_markup`: for the named cells only, whether the cell holds a formula, a saved result
  and its type. calamine returns '' both for a formula without a saved result and for an
  error value such as #DIV/0!, which must not pass for a blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.reader.workbook import col_letters, col_number

_ROW_R = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_ROW_ANY = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})(\d+)\"")
_CELL_ANY = re.compile(rb"<(?:\w+:)?c[\s/>]")
_TYPE = re.compile(rb"\st=\"(\w+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")


@dataclass(frozen=True)
class Area:
    rows: int  # highest row number (1-based) calamine may materialise
    cols: int  # highest column number (1-based)

    @property
    def cells(self) -> int:
        return self.rows * self.cols


@dataclass(frozen=True)
class CellMarkup:
    """What the XML says about one cell, independent of any parser."""

    present: bool = False
    formula: bool = False
    has_value: bool = False
    type: str = "n"
    raw: str = ""  # the <v> text, e.g. '#DIV/0!' for an error cell

    @property
    def is_error(self) -> bool:
        return self.type == "e"


def used_area(xml: bytes) -> Area:
    """Upper bound of the dense grid calamine would allocate (from A1, as it is read)."""
    row_numbers = [int(r) for r in _ROW_R.findall(xml)]
    cells = _CELL_R.findall(xml)
    max_row = max(row_numbers, default=0)
    max_row = max(max_row, max((int(r) for _, r in cells), default=0))
    # Rows or cells without an explicit r="" are placed after the previous one.
    max_row += len(_ROW_ANY.findall(xml)) - len(row_numbers)
    max_col = max((col_number(c.decode()) for c in {c for c, _ in cells}), default=0)
    unnumbered = len(_CELL_ANY.findall(xml)) - len(cells)
    if unnumbered > 0:
        max_col = max(max_col, len(cells) + unnumbered)
    return Area(max_row, max_col)


def cell_markup(xml: bytes, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellMarkup]:
    """Markup of the given (row, col) cells; cells absent from the XML are left out."""
    wanted = {f"{col_letters(c)}{r}".encode(): (r, c) for r, c in cells}
    if not wanted:
        return {}
    alternatives = b"|".join(re.escape(k) for k in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rb"<((?:\w+:)?c)\b([^>]*?\sr=\"(" + alternatives + rb")\"[^>]*?)(/?)>")
    out: dict[tuple[int, int], CellMarkup] = {}
    for m in pattern.finditer(xml):
        tag, attrs, ref, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        type_match = _TYPE.search(attrs)
        ctype = type_match.group(1).decode() if type_match else "n"
        if empty:
            out[wanted[ref]] = CellMarkup(present=True, type=ctype)
            continue
        end = xml.find(b"</" + tag + b">", m.end())
        body = xml[m.end() : end if end != -1 else len(xml)]
        value = _VALUE.search(body)
        raw = value.group(1).decode("utf-8", "replace") if value else ""
        has_value = bool(value) and (raw != "" or ctype in ("str", "s", "inlineStr"))
        if ctype == "inlineStr":
            has_value = b"<is>" in body or b":is>" in body
        out[wanted[ref]] = CellMarkup(
            present=True,
            formula=bool(_FORMULA.search(body)),
            has_value=has_value,
            type=ctype,
            raw=raw,
        )
    return out
