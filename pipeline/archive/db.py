"""Opening the archive: SQLite (standard library), WAL, forward migrations, one error type.

Every write happens in one `BEGIN IMMEDIATE` transaction (`Archive.write()`), so a process
killed in the middle leaves the archive as it was before that write; SQLite's journal
takes care of that. Readers never block the writer in WAL mode, and two writers wait for
each other (busy timeout) instead of failing at once.

Any SQLite problem becomes an ArchiveError with an Indonesian message (a UsageError: the
command exits 2, never with a traceback).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.archive.schema import MIGRATIONS, SCHEMA_VERSION
from pipeline.errors import UsageError

# How long a writer waits for another one before giving up (a whole report's write
# takes well under a second; a long wait means something is stuck).
BUSY_TIMEOUT_S = 30.0
MAGIC = b"SQLite format 3\x00"


class ArchiveError(UsageError):
    """The archive cannot be used: damaged, locked, newer than this tool, not writable."""


def _damaged(path: Path, detail: str) -> ArchiveError:
    return ArchiveError(
        f"Arsip {path} rusak atau bukan berkas arsip IKI ({detail}). Pulihkan berkas itu "
        "dari cadangan; atau pindahkan berkas itu ke tempat lain dan jalankan ulang: arsip "
        "baru yang kosong akan dibuat (riwayat tahun sebelumnya perlu diimpor ulang)."
    )


def translate(path: Path, exc: sqlite3.Error) -> ArchiveError:
    """An SQLite exception as the message a clerk can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return ArchiveError(
            f"Arsip {path} sedang dipakai proses lain (laporan lain sedang berjalan?) dan "
            f"tetap terkunci setelah {BUSY_TIMEOUT_S:.0f} detik. Tunggu sampai proses itu "
            "selesai, lalu ulangi."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ArchiveError(
            f"Arsip {path} tidak dapat dibuka untuk ditulis ({exc}). Periksa izin folder "
            "dan berkasnya, atau atur lokasi lain di config.toml kunci `arsip.berkas`."
        )
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return _damaged(path, str(exc))
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return _damaged(path, str(exc))
    return ArchiveError(f"Arsip {path} tidak dapat dipakai: {exc}.")


class Archive:
    """An open archive. Use as a context manager; `write()` for each transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is written, or nothing is."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise translate(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise

    def read(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc

    def _rollback(self) -> None:
        # The transaction may be gone already (SQLite rolls back on some errors itself).
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    @property
    def version(self) -> int:
        return int(self.read("PRAGMA user_version")[0][0])


def open_archive(path: Path, *, create: bool = True) -> Archive:
    """Open (and create, and migrate) the archive at `path`.

    `create=False` refuses a missing file (ArchiveError) instead of creating one, for the
    commands that only look.
    """
    path = Path(path)
    if path.exists():
        _check_header(path)
    elif not create:
        raise ArchiveError(
            f"Arsip {path} belum ada. Arsip dibuat oleh `report` atau `history import`."
        )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(
                f"Folder arsip {path.parent} tidak dapat dibuat ({exc.strerror}). Atur lokasi "
                "lain di config.toml kunci `arsip.berkas`."
            ) from exc
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(path, exc) from exc
    conn.row_factory = sqlite3.Row
    archive = Archive(path, conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise ArchiveError(f"Arsip {path} tidak dapat memakai mode WAL (mode: {mode}).")
        migrate(archive)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(path, exc) from exc
    except BaseException:
        conn.close()
        raise
    return archive


def _check_header(path: Path) -> None:
    """A non-empty file that is not SQLite is refused before SQLite would overwrite it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError as exc:
        raise ArchiveError(f"Arsip {path} tidak dapat dibaca ({exc.strerror}).") from exc
    if head and head != MAGIC:
        raise _damaged(path, "bukan berkas SQLite")


def migrate(archive: Archive) -> int:
    """Run the steps after the archive's user_version, each in its own transaction."""
    current = archive.version
    if current > SCHEMA_VERSION:
        raise ArchiveError(
            f"Arsip {archive.path} dibuat oleh versi alat yang lebih baru (skema {current}, "
            f"alat ini mengenal sampai {SCHEMA_VERSION}). Perbarui alat ini."
        )
    while current < SCHEMA_VERSION:
        with archive.write() as conn:
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current >= SCHEMA_VERSION:
                break
            for statement in _statements(MIGRATIONS[current]):
                conn.execute(statement)
            current += 1
            conn.execute(f"PRAGMA user_version = {current:d}")
    return current


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit mid-transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL at the end of a migration: {buf.strip()[:60]}")
    return out
