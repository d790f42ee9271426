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

# Literal-first patterns scan fast; an r="..." inside another attribute only overestimates.
_REF_ROW = re.compile(rb"r=\"[A-Z]{0,3}(\d+)\"")
_REF_COL = re.compile(rb"r=\"([A-Z]{1,3})\d")
_ODD_SPACE = (b'\nr="', b'\tr="', b'\rr="')
_CELL_START = re.compile(rb"<((?:\w+:)?c)(\s[^>]*?)?(/?)>")
_ROW_ANY = re.compile(rb"<(?:\w+:)?row[\s/>]")
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
    """Upper bound of the dense grid calamine would allocate (from A1, as it is read).

    Every row and cell reference (` r="..."`) is taken into account in one pass; rows or
    cells written without a reference (allowed: they follow the previous one) widen the
    bound by their count.
    """
    rows = _REF_ROW.findall(xml)  # digits of every reference, rows and cells
    letters = _REF_COL.findall(xml)  # column letters of cell references
    max_row = max(map(int, rows), default=0)
    max_col = max((col_number(c.decode()) for c in set(letters)), default=0)
    numbered_cells, numbered_rows = len(letters), len(rows) - len(letters)
    if b":sheetData" in xml:  # namespace-prefixed elements (<x:c>): rare, slower path
        all_rows, all_cells = len(_ROW_ANY.findall(xml)), len(_CELL_ANY.findall(xml))
    else:  # an element starting "<c " / "<row " is a cell / row; nothing else is
        all_rows = xml.count(b"<row ") + xml.count(b"<row>") + xml.count(b"<row/")
        all_cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/")
    max_row += max(all_rows - numbered_rows, 0)
    if all_cells > numbered_cells:
        max_col = max(max_col, all_cells)
    return Area(max_row, max_col)


def cell_markup(xml: bytes, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellMarkup]:
    """Markup of the given (row, col) cells; cells absent from the XML are left out."""
    out: dict[tuple[int, int], CellMarkup] = {}
    for r, c in cells:
        ref = f'r="{col_letters(c)}{r}"'.encode()
        found = _find_cell(xml, b" " + ref)
        if found is None and any(odd in xml for odd in _ODD_SPACE):  # rare, slower
            found = next(
                (
                    m
                    for m in (_find_at(xml, x.start()) for x in re.finditer(rb"\s" + ref, xml))
                    if m
                ),
                None,
            )
        if found is not None:
            out[(r, c)] = found
    return out


def _find_cell(xml: bytes, needle: bytes) -> CellMarkup | None:
    pos = xml.find(needle)
    while pos != -1:
        found = _find_at(xml, pos)
        if found is not None:
            return found
        pos = xml.find(needle, pos + 1)
    return None


def _find_at(xml: bytes, pos: int) -> CellMarkup | None:
    """The cell whose start tag holds the attribute found at `pos`, if it is a cell."""
    head = _CELL_START.match(xml, xml.rfind(b"<", 0, pos))
    return _markup(xml, head) if head and head.end() > pos else None


def _markup(xml: bytes, head: re.Match[bytes]) -> CellMarkup:
    tag, attrs, empty = head.group(1), head.group(2), head.group(3)
    type_match = _TYPE.search(attrs or b"")
    ctype = type_match.group(1).decode() if type_match else "n"
    if empty:
        return CellMarkup(present=True, type=ctype)
    end = xml.find(b"</" + tag + b">", head.end())
    body = xml[head.end() : end if end != -1 else len(xml)]
    value = _VALUE.search(body)
    raw = value.group(1).decode("utf-8", "replace") if value else ""
    has_value = bool(value) and (raw != "" or ctype in ("str", "s"))
    if ctype == "inlineStr":
        has_value = b"<is>" in body or b":is>" in body
    return CellMarkup(
        present=True,
        formula=bool(_FORMULA.search(body)),
        has_value=has_value,
        type=ctype,
        raw=raw,
    )
