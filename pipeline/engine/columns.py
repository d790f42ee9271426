"""The engine's output: one row per indicator per quarter 1..Q (ReportModel.results)."""

from __future__ import annotations

from pipeline.catalog.model import Indikator, Jabatan

# Columns of ReportModel.results, one row per indicator per quarter 1..Q.
RESULT_COLUMNS = [
    "jabatan_id",
    "jabatan",
    "unit",
    "sasaran",
    "indikator_id",
    "indikator",
    "jenis",
    "satuan",
    "polaritas",
    "agregasi",
    "triwulan",
    "target",  # cumulative target to this quarter (else annual)
    "target_tahunan",
    "realisasi_triwulan",  # this quarter alone (a persentase in percent)
    "realisasi",  # to date by agregasi
    "capaian",  # percent, rounded to 2 decimals; NaN when no figure
    "predikat",  # scale name or None
    "status",  # ok | belum_dilaporkan | penyebut_nol | tidak_lengkap
    "catatan",  # Indonesian reason when there is no figure, else ""
    "wilayah",  # "*" = the regency, else a kecamatan code (pipeline.wilayah)
]


def describe(jabatan: Jabatan, ind: Indikator) -> dict:
    """The catalog columns of a result row (who and what), before the figures."""
    return {
        "jabatan_id": jabatan.id,
        "jabatan": jabatan.nama,
        "unit": jabatan.unit,
        "sasaran": ind.sasaran,
        "indikator_id": ind.id,
        "indikator": ind.nama,
        "jenis": ind.jenis,
        "satuan": ind.satuan,
        "polaritas": ind.polaritas,
        "agregasi": ind.agregasi,
    }
