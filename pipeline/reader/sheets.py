"""Load only the named cells of the sheets a workbook's defined names point at.

Each sheet's XML is scanned first (used area against the jumlah_sel limit, markup of the
named cells); only then does python-calamine materialise the sheet, and only up to the last
row needed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook

from pipeline.config import Limits
from pipeline.findings import Finding, error
from pipeline.fmt import angka
from pipeline.reader.safety import read_entry
from pipeline.reader.sheetscan import CellMarkup, cell_markup, used_area
from pipeline.reader.workbook import SheetRef, col_letters

Coord = tuple[int, int]  # 1-based (row, col)


@dataclass
class SheetCells:
    """The named cells of one sheet: calamine's value and the XML markup of each."""

    name: str
    values: dict[Coord, object] = field(default_factory=dict)
    markup: dict[Coord, CellMarkup] = field(default_factory=dict)
    failed: bool = False  # the sheet could not be read safely; no value is known

    def value(self, coord: Coord) -> object:
        return self.values.get(coord, "")

    def cell_markup(self, coord: Coord) -> CellMarkup:
        return self.markup.get(coord, CellMarkup())


class CorruptPart(Exception):
    """A zip entry or sheet the parsers could not read (the message names it)."""


def load_sheets(
    needed: dict[str, set[Coord]],
    sheets: dict[str, SheetRef],
    zf: zipfile.ZipFile,
    open_book: Callable[[], CalamineWorkbook],
    *,
    file: str,
    limits: Limits,
) -> tuple[dict[str, SheetCells], list[Finding]]:
    """Read the needed cells of each sheet; a sheet too large to load safely is refused.

    calamine is opened (`open_book`) only when some named cell actually holds something:
    a sheet whose named cells are all empty in the XML is blank without parsing it again.
    """
    book: CalamineWorkbook | None = None
    out: dict[str, SheetCells] = {}
    findings: list[Finding] = []
    for sheet_name, coords in needed.items():
        ref = sheets[sheet_name]
        loaded = SheetCells(ref.name)
        out[sheet_name] = loaded
        try:
            xml = read_entry(zf, ref.path) if ref.path else None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            raise CorruptPart(ref.path) from exc
        if xml is None:
            raise CorruptPart(ref.path or f"lembar {ref.name}")
        markup = cell_markup(xml, coords)
        if not any(m.has_value or m.formula or m.is_error for m in markup.values()):
            loaded.markup = markup
            continue  # every named cell is empty: blank, and calamine never sees the sheet
        area = used_area(xml)
        if area.cells > limits.jumlah_sel:
            loaded.failed = True
            findings.append(
                error(
                    "sheet-too-large",
                    f"Lembar ini memakai area sampai sel {col_letters(area.cols)}{area.rows} "
                    f"({angka(area.cells)} sel, batas {angka(limits.jumlah_sel)}), jauh di luar "
                    "tabel isian, sehingga tidak dibaca. Biasanya ada isi atau format di sel "
                    "yang sangat jauh: tekan Ctrl+End untuk menemukannya, hapus baris/kolom "
                    "kosong di luar tabel, simpan, lalu kirim ulang.",
                    file=file,
                    sheet=ref.name,
                )
            )
            continue
        loaded.markup = markup
        if book is None:
            book = open_book()
        last_row = max(r for r, _ in coords)
        try:
            grid = book.get_sheet_by_name(ref.name).to_python(skip_empty_area=False, nrows=last_row)
        except Exception as exc:  # python-calamine raises its own error classes
            raise CorruptPart(f"lembar {ref.name}") from exc
        for r, c in coords:
            row = grid[r - 1] if r - 1 < len(grid) else ()
            loaded.values[(r, c)] = row[c - 1] if c - 1 < len(row) else ""
    return out, findings
