"""Writing one file where a user's file may already be: never lose what a person filled in.

Commands that write a single workbook (`template`, `targets template`, `history template`)
replace an existing file only when it is exactly what this tool wrote there and nobody has
saved it since: its SHA-256 matches the one recorded in the folder's REGISTRY when it was
written. Anything else (a returned workbook with values, a template re-saved from Excel, a
file of another program, a template written before the registry existed) is refused with
exit 2 naming the path, and the person moves or renames it. A refusal costs one rename; a
silent overwrite (or a `.bak` that the next run overwrites in turn) can cost a quarter's
figures, which is why this refuses instead of keeping backups.

Office lock files (`~$name` from Excel, `.~lock.name#` from LibreOffice) say the file is
open: writing then fails on Windows or is lost when the person saves, so that is refused
too, with a message saying to close it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import UsageError

REGISTRY = ".iki-berkas.json"
TOOL = "iki-pipeline"


class OverwriteRefused(UsageError):
    """An existing file that this tool must not replace (exit 2)."""


def lock_file_owner(name: str) -> str | None:
    """The file an office lock file stands for (`~$rekap.xlsx`, `.~lock.rekap.xlsx#`)."""
    if name.startswith(".~lock.") and name.endswith("#") and len(name) > 8:
        return name[len(".~lock.") : -1]
    if name.startswith("~$") and len(name) > 2:
        return name[2:]
    return None


def open_in_office(path: Path) -> bool:
    """Whether Excel or LibreOffice holds `path` open (its lock file is next to it).

    Excel's `~$` lock file drops the first two characters of long names
    (`~$kap-iki.xlsx` for `rekap-iki.xlsx`), so a suffix match is accepted too.
    """
    folder = path.parent
    if (folder / f".~lock.{path.name}#").exists() or (folder / f"~${path.name}").exists():
        return True
    return len(path.name) > 8 and (folder / f"~${path.name[2:]}").exists()


def refuse_if_open(path: Path) -> None:
    if open_in_office(path):
        raise OverwriteRefused(
            f"{path.name} sedang dibuka di Excel/LibreOffice ({path}); tutup dulu, lalu "
            "jalankan ulang."
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _registry(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / REGISTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("alat") != TOOL:
        return {}
    files = data.get("berkas")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def written_untouched(path: Path) -> bool:
    """True when `path` is byte for byte what this tool last wrote there."""
    recorded = _registry(path.parent).get(path.name)
    try:
        return recorded is not None and recorded == _sha256(path)
    except OSError:
        return False


def check_overwritable(
    path: Path, what: str = "berkas", may_replace: Callable[[Path], bool] | None = None
) -> None:
    """Refuse (exit 2) to replace `path` unless it is absent or this tool's untouched file.

    `may_replace(path)` is asked when the digest does not match: a writer that can tell
    its own blank output by content (a template written before the registry existed, or
    re-saved unchanged) says so; it must answer False for anything holding values.
    """
    refuse_if_open(path)
    if not (path.exists() or path.is_symlink()):
        return
    if path.is_symlink() or not path.is_file():
        raise OverwriteRefused(
            f"{path} sudah ada dan bukan berkas biasa (folder atau tautan); {what} tidak "
            "ditulis. Pindahkan atau ganti namanya, atau pilih folder/nama lain."
        )
    if written_untouched(path) or (may_replace is not None and may_replace(path)):
        return
    raise OverwriteRefused(
        f"{path} sudah ada dan bukan {what} kosong yang ditulis alat ini (mungkin sudah diisi "
        "atau disimpan ulang); berkas itu tidak ditimpa agar isinya tidak hilang. Pindahkan "
        "atau ganti nama berkas itu, atau pilih folder/nama lain, lalu jalankan ulang."
    )


def record_written(path: Path) -> None:
    """Remember `path`'s digest so that a later run may replace it while untouched."""
    folder = path.parent
    files = _registry(folder)
    files[path.name] = _sha256(path)
    # Forget files that are gone, so the registry does not grow forever.
    files = {name: d for name, d in sorted(files.items()) if (folder / name).is_file()}
    tmp = folder / f".{REGISTRY}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps({"alat": TOOL, "berkas": files}, indent=1), encoding="utf-8")
        os.replace(tmp, folder / REGISTRY)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def guarded(
    path: Path, what: str = "berkas", may_replace: Callable[[Path], bool] | None = None
) -> Iterator[Path]:
    """Yield a temporary path to write; move it onto `path` only if that is still allowed.

    Checked before the (slow) build and again just before the rename, so a file saved
    into place meanwhile is not lost either.
    """
    check_overwritable(path, what, may_replace)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        check_overwritable(path, what, may_replace)
        os.replace(tmp, path)
        record_written(path)
    finally:
        tmp.unlink(missing_ok=True)
