"""Streaming reads of worksheet and shared-string XML with expat: one forward pass, bounded.

A real XML parser, so any legal quoting and spacing of attributes (`r='XFD1048576'`,
`r = "A1"`), namespace prefixes (`<x:c>`) and character references are understood the way
Excel understands them. Only the cells asked for are kept, so memory does not grow with
the sheet; every cell is counted and positioned, so the used area and the cell count are
known exactly; the cell count is bounded while parsing (the parse stops at the limit), the
used area once the whole extent is known (nothing is allocated for it), and a deadline
bounds the time. Document type declarations are refused outright: without a DTD there are
no entities to expand (billion laughs) and nothing external to fetch.

The whole part is handed to expat in one call: feeding a huge token in small chunks is
quadratic in expat < 2.6 (CVE-2023-52425).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pyexpat import ExpatError, ParserCreate
from types import MappingProxyType
from typing import NamedTuple

from pipeline.reader.workbook import MAX_COL, MAX_ROW, XmlProblem, col_number

Coord = tuple[int, int]  # 1-based (row, col)
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
# Cell references repeat across the files of one template: parse each spelling once.
_REF_CACHE: dict[str, Coord | None] = {}
_REF_CACHE_MAX = 50_000
_CHECK_EVERY = 4096  # cells between two looks at the clock
# Subtrees that hold no cell values: while inside one, expat reports only end tags (no
# attribute dictionaries are built), which is most of the cost of a parse. An inline string
# is skipped only when its cell is not wanted.
_SKIP = frozenset(
    [
        "is",
        "sheetPr",
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetProtection",
        "protectedRanges",
        "autoFilter",
        "sortState",
        "mergeCells",
        "phoneticPr",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "ignoredErrors",
        "drawing",
        "legacyDrawing",
        "tableParts",
        "extLst",
    ]
)


class SheetLimit(Exception):
    """The sheet went past a bound while being parsed (the message says which)."""

    def __init__(self, kind: str, rows: int = 0, cols: int = 0, cells: int = 0) -> None:
        super().__init__(kind)
        self.kind, self.rows, self.cols, self.cells = kind, rows, cols, cells


class _Stop(Exception):
    """Everything needed has been read: end the parse early."""


class RawCell(NamedTuple):
    """What the XML says about one cell: its type, style, formula, saved value or text."""

    type: str = "n"
    style: int = 0
    formula: bool = False
    value: str | None = None  # the <v> text, None when there is no <v>
    inline: str | None = None  # the text of an inline string (<is>), None when absent


@dataclass(slots=True)
class _Partial:
    """A wanted cell while its element is being read (becomes a RawCell at its end)."""

    type: str
    style: int
    formula: bool = False
    value: str | None = None
    inline: str | None = None


@dataclass(frozen=True)
class SheetScan:
    """A sheet's scan, immutable: scans of the same XML are shared between files."""

    cells: Mapping[Coord, RawCell]  # the wanted cells present
    rows: int  # highest row number used
    cols: int  # highest column number used
    count: int  # cells present


def _refuse_dtd(*_args: object) -> None:
    raise XmlProblem("DTD")


def new_parser():
    """An expat parser that refuses any document type declaration or entity declaration."""
    p = ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_dtd
    return p


def _release(p) -> None:
    """Drop a parser's handlers (they close over it)."""
    p.StartElementHandler = p.EndElementHandler = p.CharacterDataHandler = None


def parse_ref(ref: str) -> Coord | None:
    """'G12' -> (12, 7); None for anything that is not one cell inside Excel's grid."""
    coord = _REF_CACHE.get(ref, False)
    if coord is not False:
        return coord  # type: ignore[return-value]
    m = _REF.fullmatch(ref.strip())
    coord = None
    if m:
        row, col = int(m.group(2)), col_number(m.group(1))
        if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COL:
            coord = (row, col)
    if len(_REF_CACHE) < _REF_CACHE_MAX:
        _REF_CACHE[ref] = coord
    return coord


def _attr(attrs: list[str], key: str) -> str | None:
    """The value of attribute `key` in expat's ordered [name, value, ...] list."""
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == key:
            return attrs[i + 1]
    return None


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def scan_sheet(
    xml: bytes,
    wanted: set[Coord] | frozenset[Coord],
    *,
    max_area: int,
    max_cells: int,
    deadline: float,
) -> SheetScan:
    """One pass over a worksheet: the wanted cells, the used area and the cell count.

    Rows and cells written without a reference follow the previous one (as the format
    allows). Raises SheetLimit past a bound or the deadline, XmlProblem for XML that is
    not well-formed or carries a DTD.
    """
    cells: dict[Coord, _Partial] = {}
    p = new_parser()
    current: list[_Partial] = []  # the wanted cell being read, if any
    text: list[str] = []
    where: list[str] = []  # "v", "t" (inline text) or "skip" (phonetic runs) while capturing
    kinds: dict[str, int] = {}  # element name -> 1 cell, 2 row, 3 skippable, 0 other
    row = col = rows = cols = count = 0
    refs = _REF_CACHE
    check_every = _CHECK_EVERY
    skipping = [""]

    def end_skip(name: str) -> None:
        if name == skipping[0]:
            p.StartElementHandler = start
            p.EndElementHandler = None

    def start(name: str, attrs: list[str]) -> None:
        nonlocal row, col, rows, cols, count
        kind = kinds.get(name)
        if kind is None:
            local = _local(name)
            kind = kinds[name] = (
                1 if local == "c" else 2 if local == "row" else 3 if local in _SKIP else 0
            )
        if kind == 1:
            # Attributes come as [name, value, ...]; every writer puts r first.
            ref = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")
            if ref is None:
                row, col = row or 1, col + 1
                if col > MAX_COL:
                    raise XmlProblem("cell")
                coord = (row, col)
            else:
                coord = refs.get(ref)
                if coord is None:
                    coord = parse_ref(ref)
                    if coord is None:
                        raise XmlProblem(f"cell {ref[:20]}")
                row, col = coord
            count += 1
            if row > rows:
                rows = row
            if col > cols:
                cols = col
            if not count % check_every:
                if count > max_cells:
                    raise SheetLimit("cells", rows, cols, count)
                if time.perf_counter() > deadline:
                    raise SheetLimit("time", rows, cols, count)
            if current:
                _finish()
            if coord in wanted:
                style = _attr(attrs, "s") or "0"
                cell = _Partial(_attr(attrs, "t") or "n", int(style) if style.isdigit() else -1)
                cells[coord] = cell
                current.append(cell)
                p.EndElementHandler = end
                p.CharacterDataHandler = chars
        elif kind == 3 and not current:
            skipping[0] = name
            p.StartElementHandler = None
            p.EndElementHandler = end_skip
        elif kind == 2:
            ref = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")
            if ref is None:
                row += 1
            elif ref.strip().isdigit():
                row = int(ref)
            else:
                raise XmlProblem(f"row {ref[:20]}")
            if not 1 <= row <= MAX_ROW:
                raise XmlProblem(f"row {row}")
            col = 0
            if row > rows:
                rows = row
        elif current:
            local = _local(name)
            if local == "f":
                current[0].formula = True
            elif local == "v":
                where.append("v")
                text.clear()
            elif local == "rPh":
                where.append("skip")
            elif local == "t" and "skip" not in where:
                where.append("t")
                text.clear()
            elif local == "is":
                current[0].inline = current[0].inline or ""

    def chars(data: str) -> None:
        if where and where[-1] in ("v", "t"):
            text.append(data)

    def end(name: str) -> None:
        local = _local(name)
        if local == "c":
            _finish()
        elif local in ("v", "t", "rPh") and where:
            kind = where.pop()
            if kind == "v":
                current[0].value = "".join(text)
            elif kind == "t":
                current[0].inline = (current[0].inline or "") + "".join(text)

    def _finish() -> None:
        current.clear()
        where.clear()
        p.EndElementHandler = None
        p.CharacterDataHandler = None

    p.ordered_attributes = True
    p.StartElementHandler = start
    try:
        p.Parse(xml, True)
    except ExpatError as exc:
        raise XmlProblem(str(exc)) from exc
    finally:
        # The handlers close over each other and over the parser: a cycle that would keep
        # the parser, its buffers and the captured text (megabytes, in a hostile cell)
        # until the cyclic collector runs. Emptied here, all of it is freed on return.
        _release(p)
        p = None
        text.clear()
        partial, cells = cells, {}
    if count > max_cells:
        raise SheetLimit("cells", rows, cols, count)
    if rows * cols > max_area:
        raise SheetLimit("area", rows, cols, count)
    done = {k: RawCell(c.type, c.style, c.formula, c.value, c.inline) for k, c in partial.items()}
    return SheetScan(MappingProxyType(done), rows, cols, count)


def shared_strings(xml: bytes, wanted: set[int], *, deadline: float) -> dict[int, str]:
    """The texts of the wanted shared-string indices (0-based), read up to the last one."""
    out: dict[int, str] = {}
    if not wanted:
        return out
    last = max(wanted)
    p = new_parser()
    state = {"index": -1, "capture": False, "skip": 0, "in_t": False}
    parts: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            state["index"] += 1
            index = state["index"]
            if index > last:
                raise _Stop
            if index % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
                raise SheetLimit("time")
            state["capture"] = index in wanted
            parts.clear()
        elif local == "rPh":
            state["skip"] += 1
        elif local == "t" and state["capture"] and not state["skip"]:
            state["in_t"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "si" and state["capture"]:
            out[state["index"]] = "".join(parts)
            state["capture"] = False
        elif local == "rPh":
            state["skip"] -= 1
        elif local == "t":
            state["in_t"] = False

    def chars(data: str) -> None:
        if state["in_t"]:
            parts.append(data)

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    try:
        p.Parse(xml, True)
    except _Stop:
        pass
    except ExpatError as exc:
        raise XmlProblem(str(exc)) from exc
    finally:
        _release(p)  # as in scan_sheet: no cycle keeps the parser and its text alive
        p = None
        parts.clear()
    return out
