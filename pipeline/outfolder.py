"""The output folder's safety: what `report` may replace, delete or lock, and how OS errors
about the user's own folders are told.

- Input and output folders must not overlap (one inside the other, or the same): the swap
  would delete returned workbooks, and the next run would read its own rekap.
- A report folder is replaced only when this tool wrote it: it holds MANIFEST, listing
  every file written, and nothing else (a folder from before manifests is recognised by
  its file names alone).
- One run at a time per output root: an OS lock on LOCK_NAME (fcntl on POSIX, msvcrt on
  Windows: both released by the OS when the process dies, so a killed run never leaves a
  stale lock behind, which a lock file that merely exists would).
- Temporary folders of runs that died (`.<Y>-TW<Q>-*`, `.pk-<Y>-*`) are removed by the next
  run under the lock; an old report moved aside by a run killed mid-swap is put back.

`replacing(out_dir)` does all of it for any command that writes a whole folder (`report`,
`pk`): stage into a temporary sibling, write the manifest, swap into place.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.fmt import daftar
from pipeline.safewrite import lock_file_owner

MANIFEST = ".iki-manifest.json"
LOCK_NAME = ".iki-lock"
TOOL = "iki-pipeline"
# Staging folders ".<name>-<random>" and ".<name>-lama-<ns>" (the old output, moved aside
# during the swap), for the folders this tool writes: "<Y>-TW<Q>" and "pk-<Y>".
_TEMP = re.compile(r"^\.(\d{4}-TW[1-4]|pk-\d{4})-(lama-)?[\w-]+$")
# Names this tool has always written into a report folder (for folders from before the
# manifest existed).
_KNOWN = re.compile(
    r"^(rekap-iki-\d{4}-TW[1-4]\.xlsx|hasil\.csv|temuan\.json|[\w.-]+\.pdf|iki/[\w.-]+\.pdf"
    r"|perjanjian-kinerja-\d{4}\.docx|pk/[\w.-]+\.(pdf|docx))$"
)


class OutputFolderError(UsageError):
    """A problem with the output or input folder (exit code 2)."""


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_separate(input_dir: Path, output_root: Path) -> None:
    """Refuse input and output folders that are the same or nested in each other."""
    inp = Path(os.path.realpath(input_dir))
    out = Path(os.path.realpath(output_root))
    if inp == out:
        problem = "adalah folder yang sama"
    elif _inside(out, inp):
        problem = "berada di dalam folder masukan (laporan berikutnya akan membaca rekapnya)"
    elif _inside(inp, out):
        problem = "memuat folder masukan (penggantian laporan dapat menghapus kiriman)"
    else:
        return
    raise OutputFolderError(
        f"Folder keluaran {output_root} {problem}: folder masukan {input_dir}. Pilih folder "
        "keluaran di luar folder masukan (--output atau folder.output di config.toml)."
    )


def write_manifest(folder: Path, files: list[Path]) -> None:
    names = sorted(p.relative_to(folder).as_posix() for p in files)
    data = {"alat": TOOL, "versi": 1, "berkas": names}
    (folder / MANIFEST).write_text(json.dumps(data, indent=1), encoding="utf-8")


def foreign_files(folder: Path) -> list[str]:
    """Files in an existing report folder that this tool did not write (empty: replaceable)."""
    present = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())
    listed: set[str] | None = None
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("alat") == TOOL:
            listed = {str(n) for n in data.get("berkas", [])} | {MANIFEST}
    except (OSError, ValueError):
        listed = None
    if listed is not None:
        return [n for n in present if n not in listed]
    return [n for n in present if not _KNOWN.match(n)]


def check_replaceable(out_dir: Path) -> None:
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputFolderError(
            f"{out_dir} sudah ada tetapi bukan folder laporan (berkas atau tautan). Pindahkan "
            "atau ganti namanya, atau pilih folder keluaran lain."
        )
    if not out_dir.is_dir():
        return
    foreign = foreign_files(out_dir)
    locks = [(n, lock_file_owner(n.rsplit("/", 1)[-1])) for n in foreign]
    opened = [(n, owner) for n, owner in locks if owner is not None]
    if opened:
        lock, owner = opened[0]
        raise OutputFolderError(
            f"{owner} sedang dibuka di Excel/LibreOffice; tutup dulu, lalu jalankan ulang. "
            f"(Bila berkas itu tidak sedang dibuka, hapus berkas kunci {lock} di {out_dir}.)"
        )
    if foreign:
        shown = daftar(foreign, 5)
        raise OutputFolderError(
            f"Folder {out_dir} memuat berkas yang tidak ditulis oleh alat ini ({shown}); "
            "laporan tidak menimpanya agar berkas itu tidak hilang. Pindahkan berkas tersebut "
            "atau pilih folder keluaran lain."
        )


def clean_stale(output_root: Path) -> None:
    """Remove temporary folders of earlier runs that died; restore an old report that a run
    killed between the two renames of the swap had moved aside. Call under the lock."""
    if not output_root.is_dir():
        return
    for entry in sorted(output_root.iterdir()):
        m = _TEMP.match(entry.name)
        if not m or entry.is_symlink() or not entry.is_dir():
            continue
        target = output_root / m.group(1)
        if m.group(2) and not target.exists() and (entry / MANIFEST).is_file():
            entry.rename(target)
            continue
        shutil.rmtree(entry, ignore_errors=True)


@contextmanager
def replacing(out_dir: Path, *, extra_roots: Sequence[Path] = ()) -> Iterator[Path]:
    """Yield an empty staging folder whose contents replace `out_dir` when the block ends
    without an exception (the staging folder is removed otherwise).

    Under the output root's lock: stale staging folders of dead runs are removed first, and
    an existing `out_dir` is replaced only if this tool wrote it (its manifest). OS errors
    about the output root or `extra_roots` (full disk, read-only, a file where a folder
    should be) become an OutputFolderError naming the path.
    """
    root = out_dir.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
        with locked(root):
            clean_stale(root)
            check_replaceable(out_dir)
            # Named like mkdtemp's, but created with the usual permissions (mkdtemp's 0700
            # would become the output folder's after the swap).
            tmp = root / f".{out_dir.name}-{secrets.token_hex(6)}"
            tmp.mkdir()
            try:
                yield tmp
                write_manifest(tmp, [p for p in tmp.rglob("*") if p.is_file()])
                _swap_into_place(tmp, out_dir)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
    except OutputFolderError:
        raise
    except Exception as exc:
        told = user_path_error(exc, out_dir, [root, *extra_roots])
        if told is None:
            raise
        raise told from exc


def written_files(out_dir: Path) -> list[Path]:
    """The files a staged folder holds after the swap (the manifest left out)."""
    return sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != MANIFEST)


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-lama-{time.time_ns()}")
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def locked(output_root: Path) -> Iterator[None]:
    """Hold the output root's lock for the block; another run holding it: refuse."""
    path = output_root / LOCK_NAME
    handle = open(path, "a+b")  # noqa: SIM115 - held open for the whole block
    try:
        try:
            _lock(handle)
        except OSError:
            raise OutputFolderError(
                f"Laporan lain sedang ditulis ke {output_root} (kunci {path} dipegang proses "
                "lain). Tunggu sampai selesai, lalu jalankan ulang."
            ) from None
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


if sys.platform == "win32":
    import msvcrt

    def _lock(handle) -> None:  # type: ignore[no-untyped-def]
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:  # type: ignore[no-untyped-def]
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:  # type: ignore[no-untyped-def]
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:  # type: ignore[no-untyped-def]
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# OS errors that are about the user's disk or folders, not a bug of this program.
_USER_ERRNOS = {
    getattr(errno, name): text
    for name, text in (
        ("ENOSPC", "disk penuh"),
        ("EDQUOT", "kuota disk habis"),
        ("EFBIG", "berkas terlalu besar untuk disk itu"),
        ("EROFS", "disk atau folder hanya-baca"),
        ("EACCES", "tidak ada izin menulis"),
        ("EPERM", "tidak ada izin menulis"),
        ("ENOTDIR", "bagian dari jalurnya adalah berkas, bukan folder"),
        ("EEXIST", "sudah ada berkas dengan nama itu"),
        ("EISDIR", "jalur itu adalah folder"),
        ("ENAMETOOLONG", "nama jalur terlalu panjang"),
        ("EIO", "kesalahan baca/tulis perangkat"),
    )
    if hasattr(errno, name)
}


def find_os_error(exc: BaseException) -> OSError | None:
    """The OSError behind an exception (xlsxwriter and others wrap it), if any."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in _USER_ERRNOS:
            return e
        todo += [e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
    return None


def user_path_error(
    exc: BaseException, folder: Path, roots: list[Path]
) -> OutputFolderError | None:
    """An Indonesian message naming the path for an OS error about the user's folders
    (`roots`: output root, cache); None when the error is about some other path (a bug)."""
    err = find_os_error(exc)
    if err is None:
        return None
    path = err.filename
    if path is not None:
        real = Path(os.path.realpath(path))
        if not any(_inside(real, Path(os.path.realpath(r))) for r in roots):
            return None
    where = Path(path) if path is not None else folder
    reason = _USER_ERRNOS[err.errno]
    return OutputFolderError(
        f"Tidak dapat menulis laporan ke {where}: {reason}. Kosongkan ruang disk, periksa izin "
        "tulis folder itu, atau pilih folder keluaran lain (--output). Laporan lama (bila ada) "
        "tidak diubah."
    )
