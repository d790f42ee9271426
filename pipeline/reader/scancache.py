"""Sheets already scanned in this process, by content: each distinct sheet XML is parsed once.

A whole workbook comes back with only its sender's sheet changed, and a spreadsheet program
writes an untouched sheet's XML the same way every time. Measured: the template filled by
three senders on three different sheets and saved by LibreOffice gives byte-identical XML
for every sheet but the filled ones (and the same shared strings and styles); a revised file
differs from its first version only where it was corrected. So most sheets of most returned
whole workbooks are sheets this run has already scanned.

The key is the SHA-256 of the sheet's XML (0.3 ms for a whole workbook's 600 KB) with the
cells asked for and the bounds, so a hit is exactly what scanning those bytes would give,
apart from time: a hit takes none (the file's own time budget is still checked before each
sheet). Scans are immutable (`SheetScan`), so sharing them between files cannot leak one
file's cells into another.
What is kept is the raw scan (types, style indices, shared-string indices, saved text): the
values are resolved per file against that file's own shared strings, styles and date
system, which may differ while a sheet does not. Outcomes of the sheet's content are kept,
including a sheet over the cell or area bound (refused again without a second parse); the
time bound belongs to the file being read and is never kept, nor is XML that fails to parse.
Memory is bounded by the text the scans hold: a template's named cells hold a few KB a sheet,
a scan holding more than TEXT_PER_SCAN is not kept (a hostile file can put megabytes of text
into a named cell), and the least recently used scans are dropped beyond TEXT_TOTAL or
MAX_ENTRIES. The cache is per process: a reading child starts with a copy of its parent's.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Set

from pipeline.reader.xmlparse import Coord, SheetLimit, SheetScan, scan_sheet

# (digest of the sheet XML, cells asked for, area bound, cell-count bound)
Key = tuple[bytes, frozenset[Coord], float, float]

MAX_ENTRIES = 1024
# Characters of cell text kept: a filled whole workbook's 22 sheets hold about 550 (numbers and
# short notes), the largest keterangan allowed is 1,000 characters a cell.
TEXT_PER_SCAN = 64 * 1024
TEXT_TOTAL = 8 * 1024 * 1024


class ScanCache:
    """Scans by (content digest, cells asked for, bounds), least recently used dropped first.

    The scans handed out are shared between files; they are immutable (`SheetScan`).
    """

    def __init__(
        self,
        max_entries: int = MAX_ENTRIES,
        text_per_scan: int = TEXT_PER_SCAN,
        text_total: int = TEXT_TOTAL,
    ) -> None:
        self.max_entries = max_entries
        self.text_per_scan = text_per_scan
        self.text_total = text_total
        self._entries: OrderedDict[Key, tuple[SheetScan | SheetLimit, int]] = OrderedDict()
        self.text = 0  # characters of cell text held
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.text = self.hits = self.misses = 0

    def scan(
        self,
        xml: bytes,
        wanted: Set[Coord],
        *,
        max_area: float,
        max_cells: float,
        deadline: float,
    ) -> SheetScan:
        """`xmlparse.scan_sheet`'s result for these bytes, parsed at most once."""
        key: Key = (hashlib.sha256(xml).digest(), frozenset(wanted), max_area, max_cells)
        entries = self._entries
        found = entries.get(key)
        if found is not None:
            self.hits += 1
            entries.move_to_end(key)
            kept = found[0]
            if isinstance(kept, SheetLimit):
                raise SheetLimit(kept.kind, kept.rows, kept.cols, kept.cells)
            return kept
        self.misses += 1
        try:
            kept = scan_sheet(
                xml, wanted, max_area=max_area, max_cells=max_cells, deadline=deadline
            )
        except SheetLimit as exc:
            if exc.kind != "time":
                self._keep(key, SheetLimit(exc.kind, exc.rows, exc.cols, exc.cells))
            raise
        self._keep(key, kept)
        return kept

    def _keep(self, key: Key, outcome: SheetScan | SheetLimit) -> None:
        size = 0 if isinstance(outcome, SheetLimit) else _text(outcome)
        if size > self.text_per_scan:
            return
        self._entries[key] = (outcome, size)
        self.text += size
        while len(self._entries) > self.max_entries or self.text > self.text_total:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.text -= dropped


def _text(scan: SheetScan) -> int:
    return sum(len(c.value or "") + len(c.inline or "") for c in scan.cells.values())


# The process's cache: a run reads many files; a forked reading child starts with a copy.
SCANS = ScanCache()
