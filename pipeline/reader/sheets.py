"""Read the named cells of the sheets a workbook's defined names point at, from the sheet XML.

One streaming pass per sheet (`xmlparse.scan_sheet`) keeps only the named cells and bounds
the sheet's used area, cell count and parse time; a sheet whose XML this process has already
scanned is not parsed again (`scancache`); shared strings are then read once, up to
the last index a named cell needs. Values get the cell-type semantics of Excel: shared and
inline strings, booleans, errors, numbers, dates recognised by the cell's number format, and
formulas with or without a saved result.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.config import Limits
from pipeline.findings import Finding, error
from pipeline.fmt import angka
from pipeline.reader.safety import read_entry
from pipeline.reader.scancache import SCANS
from pipeline.reader.sheetscan import CellMarkup, markup_of
from pipeline.reader.styles import GENERAL, NumberFormat, serial_date, style_format
from pipeline.reader.workbook import SheetRef, col_letters
from pipeline.reader.xmlparse import RawCell, SheetLimit, shared_strings

Coord = tuple[int, int]  # 1-based (row, col)
# Excel writes characters XML cannot hold (control characters) as _xHHHH_ in strings.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
SHARED_STRINGS = "xl/sharedStrings.xml"


@dataclass
class SheetCells:
    """The named cells of one sheet: each value (Excel's meaning) and its XML markup."""

    name: str
    values: dict[Coord, object] = field(default_factory=dict)
    markup: dict[Coord, CellMarkup] = field(default_factory=dict)
    formats: dict[Coord, NumberFormat] = field(default_factory=dict)
    failed: bool = False  # the sheet could not be read safely; no value is known

    def value(self, coord: Coord) -> object:
        return self.values.get(coord, "")

    def cell_markup(self, coord: Coord) -> CellMarkup:
        return self.markup.get(coord, CellMarkup())

    def number_format(self, coord: Coord) -> NumberFormat:
        return self.formats.get(coord, GENERAL)


class CorruptPart(Exception):
    """A zip entry or sheet the parsers could not read (the message names it)."""


class OutOfTime(Exception):
    """Reading the file took longer than its time budget."""


def load_sheets(
    needed: dict[str, set[Coord]],
    sheets: dict[str, SheetRef],
    zf: zipfile.ZipFile,
    *,
    file: str,
    limits: Limits,
    styles: tuple[NumberFormat, ...],
    date1904: bool,
    deadline: float,
) -> tuple[dict[str, SheetCells], list[Finding]]:
    """Read the needed cells of each sheet; a sheet beyond the limits is refused."""
    out: dict[str, SheetCells] = {}
    raw: dict[str, Mapping[Coord, RawCell]] = {}
    findings: list[Finding] = []
    for sheet_name, coords in needed.items():
        ref = sheets[sheet_name]
        loaded = SheetCells(ref.name)
        out[sheet_name] = loaded
        if time.perf_counter() > deadline:
            raise OutOfTime
        xml = _entry(zf, ref.path, ref.name)
        try:
            scan = SCANS.scan(
                xml,
                coords,
                max_area=limits.jumlah_sel,
                max_cells=limits.jumlah_sel,
                deadline=deadline,
            )
        except SheetLimit as exc:
            if exc.kind == "time":
                raise OutOfTime from exc
            loaded.failed = True
            findings.append(_too_large(exc, file, ref.name, limits))
            continue
        raw[sheet_name] = scan.cells
    indices = {
        int(c.value)
        for cells in raw.values()
        for c in cells.values()
        if c.type == "s" and c.value is not None and c.value.strip().isdigit()
    }
    strings: dict[int, str] = {}
    if indices:
        xml = _entry(zf, SHARED_STRINGS, SHARED_STRINGS)
        try:
            strings = shared_strings(xml, indices, deadline=deadline)
        except SheetLimit as exc:
            raise OutOfTime from exc
    for sheet_name, cells in raw.items():
        loaded = out[sheet_name]
        for coord, cell in cells.items():
            fmt = style_format(styles, cell.style)
            loaded.markup[coord] = markup_of(cell)
            loaded.formats[coord] = fmt
            loaded.values[coord] = cell_value(cell, strings, fmt, date1904)
    return out, findings


def _entry(zf: zipfile.ZipFile, path: str, label: str) -> bytes:
    try:
        xml = read_entry(zf, path) if path else None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise CorruptPart(path) from exc
    if xml is None:
        raise CorruptPart(path or f"lembar {label}")
    return xml


def cell_value(cell: RawCell, strings: dict[int, str], fmt: NumberFormat, date1904: bool) -> object:
    """The cell's value as Excel shows it: '' (blank), str, bool, float or a date-time.

    An error cell's text ('#DIV/0!') is returned as text; the markup marks it an error.
    """
    text = cell.value
    kind = cell.type
    if kind == "inlineStr":
        return unescape(cell.inline or "")
    if text is None:
        return ""
    if kind == "s":
        index = text.strip()
        if not index.isdigit() or int(index) not in strings:
            raise CorruptPart(SHARED_STRINGS)
        return unescape(strings[int(index)])
    if kind == "str":
        return unescape(text)
    if kind == "e":
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    if not text.strip():
        return ""
    try:
        number = float(text)
    except ValueError:
        return text  # not a number although typed as one: shown as text, refused as such
    if fmt.is_date:
        return serial_date(number, date1904) or number
    return number


def unescape(text: str) -> str:
    """'_x001B_' -> ESC, as Excel reads it ('_x005F_' escapes a literal underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _too_large(exc: SheetLimit, file: str, sheet: str, limits: Limits) -> Finding:
    if exc.kind == "cells":
        what = f"berisi lebih dari {angka(limits.jumlah_sel)} sel"
    else:
        what = (
            f"memakai area sampai sel {col_letters(exc.cols)}{exc.rows} "
            f"({angka(exc.rows * exc.cols)} sel, batas {angka(limits.jumlah_sel)})"
        )
    return error(
        "sheet-too-large",
        f"Lembar ini {what}, jauh di luar tabel isian, sehingga tidak dibaca. Biasanya ada isi "
        "atau format di sel yang sangat jauh: tekan Ctrl+End untuk menemukannya, hapus "
        "baris/kolom kosong di luar tabel, simpan, lalu kirim ulang.",
        file=file,
        sheet=sheet,
    )
