"""The fact schema: one reported number, keyed by year, quarter, indicator, variable and area.

Defined once here and used by the reader (which produces facts), the engine (which computes
over them for any year and area), the archive and the template (earlier-quarter context).
A fact's value is NaN when the cell was blank or refused (blank is not zero).
"""

from __future__ import annotations

from pipeline.contract import ANGGARAN

# `wilayah` of a figure for the whole regency; a kecamatan code otherwise.
WILAYAH_ALL = "*"

# The key: at most one fact per key after duplicate resolution.
FACT_KEY = ["tahun", "triwulan", "indikator_id", "variabel_id", "wilayah"]
# Where the value came from.
PROVENANCE = ["berkas", "sha256", "lembar", "sel"]
# Columns of a facts frame (ReadResult.values), in this order.
FACT_COLUMNS = [
    "tahun",
    "triwulan",
    "jabatan_id",
    "indikator_id",
    "variabel_id",
    "wilayah",
    "nilai",
    *PROVENANCE,
]
# Budget facts (the Anggaran sheet) share the schema: indikator_id BUDGET_INDIKATOR,
# variabel_id "<baris_id>__pagu" (the annual pagu as entered in quarter `triwulan`'s
# workbook) or "<baris_id>__realisasi" (the realisation OF that quarter, not to date),
# jabatan_id the jabatan that fills the sheet. Values are whole rupiah.
BUDGET_INDIKATOR = ANGGARAN


def budget_variabel(baris_id: str, jenis: str) -> str:
    """variabel_id of a budget fact: jenis "pagu" or "realisasi"."""
    return f"{baris_id}__{jenis}"


# Free-text notes per indicator and quarter: `jenis` "keterangan" (Keterangan/kendala) or
# one of the cause kinds of pipeline.contract.SEBAB (LKjIP Bab III), the text in `keterangan`.
NOTE_COLUMNS = ["jabatan_id", "indikator_id", "triwulan", "keterangan", "jenis"]
NOTE_KETERANGAN = "keterangan"


def fact_key(
    tahun: int, triwulan: int, indikator_id: str, variabel_id: str, wilayah: str = WILAYAH_ALL
) -> tuple[int, int, str, str, str]:
    """The key tuple of one fact, in FACT_KEY order (for dict lookups over facts)."""
    return (int(tahun), int(triwulan), indikator_id, variabel_id, wilayah)
