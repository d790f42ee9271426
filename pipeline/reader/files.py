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


def _skipped(name: str) -> bool:
    return name.startswith(("~$", ".", ".~lock"))


def is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not _skipped(path.name)


def collect_inputs(paths_or_dirs: Iterable[Path | str]) -> list[Path]:
    """Workbook files under the given files and folders (any depth), sorted, no repeats.

    Folders are walked recursively, skipping hidden files and folders and Office lock
    files (~$...). A file named explicitly is always taken, whatever its name, so that
    the reader can say what is wrong with it. A path that does not exist is a UsageError.
    """
    found: dict[Path, Path] = {}
    for raw in paths_or_dirs:
        path = Path(raw)
        if path.is_file():
            found.setdefault(path.resolve(), path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _skipped(d))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if is_workbook_name(candidate) and candidate.is_file():
                        found.setdefault(candidate.resolve(), candidate)
        else:
            raise UsageError(
                f"{path} tidak ditemukan. Sebutkan berkas atau folder workbook kiriman yang "
                "ada (atau atur folder.input di config.toml)."
            )
    return sorted(found.values(), key=lambda p: str(p))


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
