"""What a worksheet's XML says about cells, independent of any spreadsheet library.

`CellMarkup` is the reader's view of one named cell: whether it holds a formula, a saved
result, its type and raw text. `used_area` and `cell_markup` are small conveniences over
the streaming parse in `xmlparse` (one pass, a real XML parser).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.reader.xmlparse import RawCell, scan_sheet


@dataclass(frozen=True)
class Area:
    rows: int  # highest row number (1-based) used
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
    style: int = field(default=0, compare=False)
    inline: str | None = field(default=None, compare=False)  # inline string text

    @property
    def is_error(self) -> bool:
        return self.type == "e"


def markup_of(cell: RawCell) -> CellMarkup:
    raw = cell.value or ""
    has_value = cell.value is not None and (raw != "" or cell.type in ("str", "s"))
    if cell.type == "inlineStr":
        has_value = cell.inline is not None
    return CellMarkup(True, cell.formula, has_value, cell.type, raw, cell.style, cell.inline)


def _scan(xml: bytes, wanted: frozenset) -> object:
    return scan_sheet(xml, wanted, max_area=math.inf, max_cells=math.inf, deadline=math.inf)


def used_area(xml: bytes) -> Area:
    """The bounding box of the cells present (the `<dimension>` element is not trusted)."""
    scan = _scan(xml, frozenset())
    return Area(scan.rows, scan.cols)


def cell_markup(xml: bytes, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellMarkup]:
    """Markup of the given (row, col) cells; cells absent from the XML are left out."""
    scan = _scan(xml, frozenset(cells))
    return {coord: markup_of(raw) for coord, raw in scan.cells.items()}
