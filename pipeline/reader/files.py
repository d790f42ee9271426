"""Finding the returned workbooks in any folder layout, and what is recorded about each file."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import UsageError

# Anything named like a spreadsheet is collected, so a .xls or .ods gets a clear message
# instead of being silently ignored.
WORKBOOK_SUFFIXES = {
    ".xlsx",
    ".xlsm",
    ".xls",
    ".xlsb",
    ".xltx",
    ".xltm",
    ".xlt",
    ".ods",
    ".fods",
    ".et",  # WPS Spreadsheets
}


@dataclass(frozen=True)
class FileInfo:
    path: Path
    name: str  # display name: the file name, or a short unique path when names repeat
    sha256: str
    size: int
    mtime: dt.datetime
    tahun: int | None = None
    triwulan: int | None = None
    jabatan: tuple[str, ...] = ()
    readable: bool = False  # True when the file's values were read and used

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "mtime": self.mtime.isoformat(timespec="seconds"),
            "tahun": self.tahun,
            "triwulan": self.triwulan,
            "jabatan": list(self.jabatan),
            "readable": self.readable,
        }


# Never a submission and never worth a word: Windows folder files, and the folder macOS
# puts into zips it makes (its files are hidden "._" copies anyway).
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
_SYSTEM_DIRS = {"__macosx"}


def _skipped(name: str) -> bool:
    """Hidden files and folders (this tool's own state: .iki-*, .cache, staging folders),
    Office and LibreOffice lock files and OS bookkeeping: ignored without a word."""
    return name.startswith(("~$", ".", ".~lock")) or name.lower() in _SYSTEM_FILES


def is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not _skipped(path.name)


@dataclass(frozen=True)
class Inputs:
    """What a set of files and folders holds: workbooks to read, other files left unread."""

    workbooks: list[Path]
    skipped: list[Path]  # visible files that are not read; each gets a finding (skipped.py)


def scan_inputs(paths_or_dirs: Iterable[Path | str]) -> Inputs:
    """Workbook files under the given files and folders (any depth), sorted, no repeats,
    and the other files found there, which are not read.

    Folders are walked recursively, skipping hidden files and folders, Office lock files
    (~$...) and OS bookkeeping files without a word. A file named explicitly is read
    whatever its name, so that the reader can say what is wrong with it, unless it is
    plainly an archive, a document or an image (skipped.py says what to do with it).
    A path that does not exist is a UsageError.
    """
    from pipeline.reader.skipped import named_kind

    found: dict[Path, Path] = {}
    other: dict[Path, Path] = {}
    for raw in paths_or_dirs:
        path = Path(raw)
        if path.is_file():
            if named_kind(path) is None:
                found.setdefault(path.resolve(), path)
            else:
                other.setdefault(path.resolve(), path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if not _skipped(d) and d.lower() not in _SYSTEM_DIRS
                )
                for name in sorted(files):
                    candidate = Path(root) / name
                    if _skipped(name) or not candidate.is_file():
                        continue
                    target = found if is_workbook_name(candidate) else other
                    target.setdefault(candidate.resolve(), candidate)
        else:
            raise UsageError(
                f"{path} tidak ditemukan. Sebutkan berkas atau folder workbook kiriman yang "
                "ada (atau atur folder.input di config.toml)."
            )
    workbooks = sorted(found.values(), key=lambda p: str(p))
    taken = set(found)
    skipped = sorted((p for r, p in other.items() if r not in taken), key=lambda p: str(p))
    return Inputs(workbooks, skipped)


def collect_inputs(paths_or_dirs: Iterable[Path | str]) -> list[Path]:
    """The workbooks of `scan_inputs` (callers that do not report skipped files)."""
    return scan_inputs(paths_or_dirs).workbooks


def display_names(paths: Sequence[Path]) -> list[str]:
    """File names, lengthened with parent folders only where two files share a name."""
    parts = [Path(os.path.abspath(p)).parts for p in paths]
    depth = [1] * len(paths)
    while True:
        shown = ["/".join(pp[-d:]) for pp, d in zip(parts, depth, strict=True)]
        clashes = {s for s, n in Counter(shown).items() if n > 1}
        grow = [i for i, s in enumerate(shown) if s in clashes and depth[i] < len(parts[i])]
        if not grow:
            return shown
        for i in grow:
            depth[i] += 1
