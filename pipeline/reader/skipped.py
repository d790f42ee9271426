"""Files in the input folders that are not read, each told to the clerk as a finding.

A jabatan's zipped workbook (as WhatsApp sends it), a PDF scan or a photo in the input
folder would otherwise vanish without a word and the jabatan would just show as not having
sent. Hidden files, lock files and the tool's own state files never get here (files.py
drops them while walking).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.findings import Finding, info, warning
from pipeline.fmt import angka, daftar
from pipeline.reader.files import WORKBOOK_SUFFIXES, display_names

ARCHIVE = "file-skipped-archive"
DOCUMENT = "file-skipped-document"
PARTIAL = "file-skipped-partial"
OTHER = "file-skipped-other"

_ARCHIVES = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
_DOCUMENTS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "dokumen teks",
    ".rtf": "dokumen teks",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
}
_IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".webp"}
# Browsers' unfinished downloads: the real file appears when the download ends.
_PARTIAL = {".crdownload", ".part", ".partial", ".download"}
_SHOWN_ENTRIES = 3
_NAME_MAX = 80


def named_kind(path: Path) -> str | None:
    """The finding code for a file that is plainly not a workbook by its name, else None
    (a workbook name, or a name that says nothing, which the reader then looks into)."""
    suffix = path.suffix.lower()
    if suffix in _ARCHIVES:
        return ARCHIVE
    if suffix in _DOCUMENTS or suffix in _IMAGES:
        return DOCUMENT
    if suffix in _PARTIAL:
        return PARTIAL
    return None


def skipped_findings(paths: Sequence[Path]) -> list[Finding]:
    """One finding per file that is not read, naming it and saying what to do with it."""
    return [_finding(p, n) for p, n in zip(paths, display_names(paths), strict=True)]


def _finding(path: Path, name: str) -> Finding:
    suffix = path.suffix.lower()
    kind = named_kind(path)
    if kind == ARCHIVE:
        inside = _workbooks_inside(path)
        held = f" Di dalamnya ada {inside}." if inside else ""
        return warning(
            ARCHIVE,
            f"Berkas arsip ({suffix}) tidak dibaca: isinya tidak diperiksa.{held} Ekstrak dulu "
            "isinya ke folder masukan, lalu pindahkan berkas arsip ini dari folder masukan dan "
            "periksa ulang.",
            file=name,
        )
    if kind == DOCUMENT:
        what = _DOCUMENTS.get(suffix, "gambar")
        return warning(
            DOCUMENT,
            f"Berkas {what} ({suffix}) bukan workbook isian, sehingga tidak dibaca; angka IKI "
            "hanya terbaca dari workbook template (.xlsx). Pindahkan berkas ini dari folder "
            "masukan; bila ini kiriman suatu jabatan, minta workbook isiannya.",
            file=name,
        )
    if kind == PARTIAL:
        return warning(
            PARTIAL,
            f"Unduhan yang belum selesai ({suffix}), tidak dibaca. Tunggu unduhan selesai atau "
            "unduh ulang berkasnya, lalu hapus berkas ini dari folder masukan.",
            file=name,
        )
    return info(
        OTHER,
        f"Berkas ini bukan workbook ({suffix or 'tanpa ekstensi'}), sehingga tidak dibaca. "
        "Bila bukan kiriman, pindahkan dari folder masukan agar tidak disebut lagi.",
        file=name,
    )


def _workbooks_inside(path: Path) -> str:
    """The workbook names a zip holds, from its directory only (nothing is inflated);
    empty when it holds none or cannot be opened as a zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = [
                Path(i.filename).name
                for i in zf.infolist()
                if not i.is_dir() and Path(i.filename).suffix.lower() in WORKBOOK_SUFFIXES
            ]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return ""
    names = [n for n in names if n and not n.startswith(("._", "~$"))]
    if not names:
        return ""
    shown = ", ".join(_short(n) for n in names[:_SHOWN_ENTRIES])
    more = len(names) - _SHOWN_ENTRIES
    return shown + (f" dan {angka(more)} workbook lain" if more > 0 else "")


def _short(name: str) -> str:
    return name if len(name) <= _NAME_MAX else name[: _NAME_MAX - 1] + "…"


def skipped_line(paths: Sequence[Path]) -> str:
    """The line under `check`'s summary: the files found but not read."""
    return (
        f"{angka(len(paths))} berkas lain tidak dibaca karena bukan workbook: "
        f"{_listed(paths)} (lihat temuan file-skipped-* di atas)."
    )


def none_read_hint(paths: Sequence[Path]) -> str:
    """For the message when no workbook was found: what was found instead, if anything."""
    if not paths:
        return ""
    archives = sorted({p.suffix.lower() for p in paths if named_kind(p) == ARCHIVE})
    extract = (
        f" Berkas arsip ({', '.join(archives)}) harus diekstrak dulu; simpan workbook .xlsx "
        "di dalamnya di folder masukan."
        if archives
        else ""
    )
    return f"Yang ada hanya berkas lain: {_listed(paths)}.{extract} "


def _listed(paths: Sequence[Path]) -> str:
    return daftar(display_names(paths), _SHOWN_ENTRIES, "berkas lain")
