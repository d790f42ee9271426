"""The fact schema: one reported number, keyed by year, quarter, indicator, variable and area.

Defined once here and used by the reader (which produces facts), the engine (which computes
over them for any year and area), the archive and the template (earlier-quarter context).
A fact's value is NaN when the cell was blank or refused (blank is not zero).
"""

from __future__ import annotations

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
# Free-text notes per indicator and quarter (Keterangan/kendala).
NOTE_COLUMNS = ["jabatan_id", "indikator_id", "triwulan", "keterangan"]


def fact_key(
    tahun: int, triwulan: int, indikator_id: str, variabel_id: str, wilayah: str = WILAYAH_ALL
) -> tuple[int, int, str, str, str]:
    """The key tuple of one fact, in FACT_KEY order (for dict lookups over facts)."""
    return (int(tahun), int(triwulan), indikator_id, variabel_id, wilayah)
