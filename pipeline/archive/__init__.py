"""The archive: every received file, every fact, every published result, across years.

One SQLite database (standard library `sqlite3`), path in config.toml `[arsip] berkas`.
The tables are a public interface, documented in the README ("Arsip"). `check` never
opens it; `report` records what it received and what it published; `history import`
adds earlier years' figures.
"""

from pipeline.archive.db import Archive, ArchiveError, open_archive
from pipeline.archive.query import History, HistoryRow, empty_history, load_history
from pipeline.archive.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "ArchiveError",
    "History",
    "HistoryRow",
    "empty_history",
    "load_history",
    "open_archive",
]
