"""Inspect a returned file's bytes before any parser inflates anything.

Sniffs what the file really is (zip, OLE compound file, HTML, empty), and for a zip checks
entry count, declared sizes, compression ratio and macro content against the configured
limits. Problems come back as findings naming the file; nothing is raised for bad input.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pipeline.config import Limits
from pipeline.findings import Finding, error
from pipeline.fmt import angka

MB = 1024 * 1024
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL = b"PK\x03\x04"
ZIP_EMPTY = b"PK\x05\x06"
# Entries smaller than this are too small to be a bomb, however well they compress.
RATIO_MIN_BYTES = 1 * MB
MACRO_MARKERS = ("vbaproject.bin", "vbaprojectsignature.bin")
SAVE_AS_XLSX = (
    "Buka di Excel lalu Simpan Sebagai (Save As) 'Excel Workbook (*.xlsx)' dan kirim ulang."
)


@dataclass
class Inspection:
    """Outcome of inspecting one file: an open zip when it is safe to read, else findings."""

    zip: zipfile.ZipFile | None
    findings: list[Finding]


def size_limit_finding(name: str, size: int, limits: Limits) -> Finding | None:
    """A file above ukuran_berkas_mb is refused before it is even read."""
    if size <= limits.ukuran_berkas_mb * MB:
        return None
    return error(
        "file-too-large",
        f"Berkas berukuran {ukuran(size)}, melebihi batas {ukuran(limits.ukuran_berkas_mb * MB)}, "
        "sehingga tidak dibaca. Workbook isian IKI biasanya di bawah 1 MB: pastikan ini berkas "
        "yang benar, hapus gambar atau lembar tambahan, atau naikkan kunci batas.ukuran_berkas_mb "
        "di config.toml.",
        file=name,
    )


def inspect_bytes(data: bytes, name: str, limits: Limits) -> Inspection:
    """Decide whether `data` is a workbook that is safe to hand to a parser."""

    def refuse(code: str, message: str) -> Inspection:
        return Inspection(None, [error(code, message, file=name)])

    if not data:
        # Nothing to open and save again: the content never arrived (a failed download or
        # copy), so only the sender can send it again.
        return refuse(
            "file-empty",
            "Berkas kosong (0 bita): isinya tidak ikut terkirim atau tersimpan, biasanya karena "
            "unduhan atau salinan gagal. Minta pengirim mengirim ulang workbook .xlsx yang sudah "
            "diisi.",
        )
    if data.startswith(CFB_SIGNATURE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            return refuse(
                "file-encrypted",
                "Workbook dilindungi kata sandi pembuka (terenkripsi), sehingga tidak dapat "
                "dibaca. Buka di Excel, hapus kata sandi (File › Info › Protect Workbook › "
                "Encrypt with Password, kosongkan), simpan, lalu kirim ulang.",
            )
        return refuse(
            "xls-old-format",
            f"Berkas berformat Excel 97-2003 (.xls), bukan workbook template IKI (.xlsx). "
            f"{SAVE_AS_XLSX} Nilai tetap harus diisi pada template resmi agar sel bernamanya "
            "terbaca.",
        )
    if not data.startswith((ZIP_LOCAL, ZIP_EMPTY)):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
            return refuse(
                "not-a-workbook",
                "Berkas berisi HTML/XML (mis. hasil ekspor aplikasi web yang dinamai .xls), "
                f"bukan workbook Excel. {SAVE_AS_XLSX}",
            )
        return refuse(
            "not-a-workbook",
            "Berkas ini bukan workbook Excel (isinya tidak dikenali; mungkin berkas lain yang "
            "diberi nama .xlsx). Minta pengirim mengirim workbook template IKI yang sudah diisi "
            "(.xlsx).",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return refuse(
            "file-truncated",
            "Berkas terpotong atau rusak (daftar isi arsip tidak ditemukan), biasanya karena "
            "unduhan/salinan belum selesai. Minta pengirim mengirim ulang berkas aslinya.",
        )
    problems = _check_limits(zf, name, limits)
    if problems:
        return Inspection(None, problems)
    kind = _package_kind(zf)
    if kind is not None:
        return Inspection(None, [error(kind[0], kind[1], file=name)])
    return Inspection(zf, [])


def _check_limits(zf: zipfile.ZipFile, name: str, limits: Limits) -> list[Finding]:
    entries = zf.infolist()
    fix = (
        "Ini bukan workbook isian IKI yang wajar (kemungkinan arsip berbahaya atau rusak); "
        "berkas tidak dibuka. Minta pengirim menyimpan ulang template sebagai .xlsx."
    )
    if len(entries) > limits.jumlah_entri:
        return [
            error(
                "zip-too-many-entries",
                f"Arsip berisi {angka(len(entries))} bagian, melebihi batas "
                f"{angka(limits.jumlah_entri)}. {fix}",
                file=name,
            )
        ]
    total = 0
    for info in entries:
        total += info.file_size
        if info.file_size > limits.ukuran_entri_mb * MB:
            return [
                error(
                    "zip-entry-too-large",
                    f"Bagian '{info.filename}' mengembang menjadi {ukuran(info.file_size)}, "
                    f"melebihi batas {ukuran(limits.ukuran_entri_mb * MB)} per bagian. {fix}",
                    file=name,
                )
            ]
        if info.file_size >= RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.rasio_kompresi:
                return [
                    error(
                        "zip-ratio-suspicious",
                        f"Bagian '{info.filename}' dimampatkan {angka(ratio)} kali (batas "
                        f"{angka(limits.rasio_kompresi)} kali): ciri bom zip. {fix}",
                        file=name,
                    )
                ]
    if total > limits.total_mb * MB:
        return [
            error(
                "zip-too-large",
                f"Isi arsip mengembang menjadi {ukuran(total)}, melebihi batas "
                f"{ukuran(limits.total_mb * MB)}. {fix}",
                file=name,
            )
        ]
    return []


def _package_kind(zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """Refuse macro packages and zips that are not .xlsx workbooks; None when fine."""
    names = {n.lower() for n in zf.namelist()}
    content_types = read_entry(zf, "[Content_Types].xml") or b""
    if any(n.rsplit("/", 1)[-1] in MACRO_MARKERS for n in names) or (
        b"macroenabled" in content_types.lower()
    ):
        return (
            "macro-enabled",
            "Workbook berisi makro (.xlsm/VBA). Demi keamanan berkas bermakro tidak dibaca. "
            "Buka di Excel, Simpan Sebagai 'Excel Workbook (*.xlsx)' (makro akan dibuang), "
            "lalu kirim ulang.",
        )
    if "xl/workbook.xml" in names:
        return None
    if "xl/workbook.bin" in names:
        return (
            "format-unsupported",
            f"Workbook berformat Excel Binary (.xlsb), bukan .xlsx. {SAVE_AS_XLSX}",
        )
    if "mimetype" in names and "content.xml" in names:
        return (
            "format-unsupported",
            "Berkas berformat OpenDocument (.ods, LibreOffice/WPS), bukan .xlsx. Di LibreOffice "
            "pilih File › Save As › 'Excel 2007-365 (.xlsx)', lalu kirim ulang.",
        )
    # Other Office documents are zips too: say which, since a renamed .docx is an easy
    # mistake when the workbook and a cover letter travel in one e-mail.
    for marker, what in OTHER_PACKAGES:
        if any(n.startswith(marker) for n in names):
            return (
                "not-a-workbook",
                f"Berkas ini dokumen {what} yang diberi nama seperti workbook, bukan workbook "
                "Excel. Kirim workbook IKI yang sudah diisi (berkas .xlsx dari template), "
                "bukan dokumen lain.",
            )
    return (
        "not-a-workbook",
        "Berkas ini arsip zip, bukan workbook Excel (bagian lembar kerjanya tidak ada). "
        f"{SAVE_AS_XLSX}",
    )


OTHER_PACKAGES = (
    ("word/", "Word (.docx)"),
    ("ppt/", "PowerPoint (.pptx)"),
    ("visio/", "Visio (.vsdx)"),
)


def read_entry(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """An entry's bytes (bounded by its declared size, CRC-checked), None when absent."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        lowered = name.lower()
        match = next((i for i in zf.infolist() if i.filename.lower() == lowered), None)
        if match is None:
            return None
        info = match
    with zf.open(info) as fh:
        return fh.read(info.file_size + 1)


def ukuran(size: float) -> str:
    """Bytes as the clerk reads them: '2,4 MB', '310 KB'."""
    if size >= MB:
        return f"{angka(size / MB, 1)} MB"
    return f"{angka(max(size / 1024, 1))} KB"
