"""Sheets already scanned in this process, by content: each distinct sheet XML is parsed once.

A whole workbook comes back with only its sender's sheet changed, and a spreadsheet program
writes an untouched sheet's XML the same way every time. Measured: the template filled by
three senders on three different sheets and saved by LibreOffice gives byte-identical XML
for every sheet but the filled ones (and the same shared strings and styles); a revised file
differs from its first version only where it was corrected. So most sheets of most returned
whole workbooks are sheets this run has already scanned.

The key is the SHA-256 of the sheet's XML (0.3 ms for a whole workbook's 600 KB) with the
cells asked for and the bounds, so a hit is exactly what scanning those bytes would give.
What is kept is the raw scan (types, style indices, shared-string indices, saved text): the
values are resolved per file against that file's own shared strings, styles and date
system, which may differ while a sheet does not. Outcomes of the sheet's content are kept,
including a sheet over the cell or area bound (refused again without a second parse); the
time bound belongs to the file being read and is never kept, nor is XML that fails to parse.
Memory is bounded by the number of entries (a sheet's scan holds only its named cells).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Set

from pipeline.reader.xmlparse import SheetLimit, SheetScan, scan_sheet

MAX_ENTRIES = 1024  # ~25 named cells a sheet: a few MB at most


class ScanCache:
    """Scans by (content digest, cells asked for, bounds), least recently used dropped first.

    The scans handed out are shared between files: readers only look at them.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, SheetScan | SheetLimit] = OrderedDict()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.hits = self.misses = 0

    def scan(
        self,
        xml: bytes,
        wanted: Set[tuple[int, int]],
        *,
        max_area: float,
        max_cells: float,
        deadline: float,
    ) -> SheetScan:
        """`xmlparse.scan_sheet`'s result for these bytes, parsed at most once."""
        key = (hashlib.sha256(xml).digest(), frozenset(wanted), max_area, max_cells)
        entries = self._entries
        kept = entries.get(key)
        if kept is not None:
            self.hits += 1
            entries.move_to_end(key)
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

    def _keep(self, key: tuple, outcome: SheetScan | SheetLimit) -> None:
        self._entries[key] = outcome
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


# The process's cache: a run reads many files; a forked reading child starts with a copy.
SCANS = ScanCache()
