"""The workbook contract: defined-name scheme, identity properties, Excel's rules for names.

The template writer and the reader both depend on this module and on nothing of each other
(docs/contracts.md, section 2). The reader finds every value by these workbook-scope names.
XlsxWriter's `define_name` only warns and drops an invalid name, so names are validated here
before they reach it.
"""

from __future__ import annotations

import re

# "2": four cause rows below each Keterangan row and the Anggaran sheet (LKjIP Bab III);
# a version-1 workbook's names sit at the old rows and would be refused one by one.
# "3": indicators entered per kecamatan have a table of named rows (`...__tw<Q>__<kode>`)
# under a regency formula row; a version-2 workbook has one row per variable there.
TEMPLATE_VERSION = "3"
SEPARATOR = "__"
KETERANGAN = "keterangan"
# The four cause texts per indicator (LKjIP Bab III e), beside the Keterangan cell, in
# template order: faktor pendukung, faktor penghambat, solusi, rencana tindak lanjut.
SEBAB = ("pendukung", "penghambat", "solusi", "tindak_lanjut")
SEBAB_LABEL = {
    "pendukung": "Faktor pendukung",
    "penghambat": "Faktor penghambat",
    "solusi": "Solusi yang telah dilakukan",
    "tindak_lanjut": "Rencana tindak lanjut",
}
# The budget inputs' prefix (and the `indikator_id` of budget facts, pipeline/facts.py).
ANGGARAN = "anggaran"
PAGU, REALISASI = "pagu", "realisasi"
# Words a catalog id may not be: they would collide with the text and budget cell names.
RESERVED_IDS = frozenset({KETERANGAN, *SEBAB, ANGGARAN})
MAX_NAME_LENGTH = 255

# The instructions sheet every quarterly workbook starts with.
GUIDE_SHEET = "Petunjuk"

# Custom document properties (all strings) that say what a returned workbook is.
PROP_TAHUN = "iki_tahun"
PROP_TRIWULAN = "iki_triwulan"
PROP_VERSI = "iki_versi_template"
PROP_SIDIK = "iki_sidik_katalog"
PROP_JABATAN = "iki_jabatan"
IDENTITY_PROPS = (PROP_TAHUN, PROP_TRIWULAN, PROP_VERSI, PROP_SIDIK, PROP_JABATAN)
# `iki_jabatan` value for a workbook holding every jabatan of the catalog.
ALL_JABATAN = "*"
# What a workbook written by this tool is, for the workbooks that are not quarterly
# submissions: "rekap" (report/excel.py), "riwayat" and "target" (officebook/). The reader
# tells such a file in the input folder apart from a copied-over submission by it.
PROP_JENIS = "iki_jenis"
JENIS_REKAP = "rekap"
# The office workbooks (pipeline/officebook/) by `iki_jenis`: what each is, and the
# command that imports it.
OFFICE_KINDS = {
    "riwayat": ("workbook riwayat", "python -m pipeline history import"),
    "target": ("workbook target/Renstra/standar", "python -m pipeline targets import"),
}
# Rekap workbooks written before the `iki_jenis` mark are known by these sheets (all
# present) or by their file name, `rekap-iki-<Y>-TW<Q>` (a "(1)" added by a download too).
REKAP_SHEETS = ("Ringkasan", "Kelengkapan", "Temuan")
REKAP_NAME = re.compile(r"^rekap-iki-\d{4}-TW[1-4]\b", re.IGNORECASE)

_NAME_CHARS = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.\\]*$")
# Conservative: any 1-3 letters followed by digits is refused, even past XFD1048576,
# because Excel versions disagree on where "too far to be a cell" starts.
_A1_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$")
# R1C1 forms: R, C, R1, C1, RC, R1C, RC1, R1C1 (any case).
_R1C1_LIKE = re.compile(r"^([Rr][0-9]*)?([Cc][0-9]*)?$")
_BOOLEANS = {"true", "false"}


class InvalidNameError(ValueError):
    """A defined name Excel (or XlsxWriter) would refuse or misread."""


def name_problem(name: str) -> str | None:
    """Why `name` is not a safe defined name, or None when it is."""
    if not name:
        return "empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"longer than {MAX_NAME_LENGTH} characters"
    if not _NAME_CHARS.match(name):
        return "only letters, digits, '_' and '.' are allowed, not starting with a digit or '.'"
    if _A1_LIKE.match(name):
        return "looks like an A1 cell reference"
    if _R1C1_LIKE.match(name):
        return "looks like an R1C1 cell reference"
    if name.lower() in _BOOLEANS:
        return "is a boolean literal"
    return None


def check_name(name: str) -> str:
    """Return `name` unchanged, or raise InvalidNameError saying why it is unusable."""
    problem = name_problem(name)
    if problem:
        raise InvalidNameError(f"invalid defined name {name!r}: {problem}")
    return name


def input_name(indikator_id: str, variabel_id: str, q: int, wilayah: str = "*") -> str:
    """`<indikator_id>__<variabel_id>__tw<Q>`: the input cell of one variable in quarter q;
    `...__tw<Q>__<kode_kecamatan>` for one kecamatan's row (wilayah "*" = whole regency)."""
    _check_quarter(q)
    name = f"{indikator_id}{SEPARATOR}{variabel_id}{SEPARATOR}tw{q}"
    if wilayah != "*":
        name += f"{SEPARATOR}{wilayah}"
    return check_name(name)


def keterangan_name(indikator_id: str, q: int) -> str:
    """`<indikator_id>__keterangan__tw<Q>`: the indicator's Keterangan/kendala text cell."""
    _check_quarter(q)
    return check_name(f"{indikator_id}{SEPARATOR}{KETERANGAN}{SEPARATOR}tw{q}")


def sebab_name(indikator_id: str, jenis: str, q: int) -> str:
    """`<indikator_id>__<jenis>__tw<Q>`, jenis one of SEBAB: a cause text cell."""
    _check_quarter(q)
    if jenis not in SEBAB:
        raise ValueError(f"cause kind must be one of {SEBAB}, got {jenis!r}")
    return check_name(f"{indikator_id}{SEPARATOR}{jenis}{SEPARATOR}tw{q}")


def pagu_name(baris_id: str) -> str:
    """`anggaran__<baris_id>__pagu`: a sub kegiatan's annual pagu (Anggaran sheet)."""
    return check_name(f"{ANGGARAN}{SEPARATOR}{baris_id}{SEPARATOR}{PAGU}")


def realisasi_name(baris_id: str, q: int) -> str:
    """`anggaran__<baris_id>__realisasi__tw<Q>`: a sub kegiatan's realisation in quarter q."""
    _check_quarter(q)
    return check_name(f"{ANGGARAN}{SEPARATOR}{baris_id}{SEPARATOR}{REALISASI}{SEPARATOR}tw{q}")


def _check_quarter(q: int) -> None:
    if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1..4, got {q!r}")


def column_letters(col: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_a1(row: int, col: int, absolute: bool = False) -> str:
    """Zero-based (row, col) -> 'G12' or '$G$12'."""
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letters(col)}{dollar}{row + 1}"
