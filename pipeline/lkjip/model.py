"""LKjIP Bab III as data: the tables a-h, computed once from the report's figures.

Part one is the head of office's IKU, part two every jabatan's IKI. Every figure comes from
the engine's results (the same rows as hasil.csv), the archive's history, the Renstra and
standards (office data) and the budget (office data plus the Anggaran sheet); renderers
(PDF lampiran, .docx, rekap sheets) only format what is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.catalog.office import Standar
from pipeline.lkjip.budget import LineFigures

BELUM_ADA_DATA = "belum ada data"
NAIK, TURUN, TETAP = "naik", "turun", "tetap"


@dataclass(frozen=True)
class YearFigure:
    """An indicator's official figure of one year; None where that year has none."""

    tahun: int
    realisasi: float | None
    capaian: float | None
    target: float | None = None


@dataclass(frozen=True)
class Tren:
    """Realisation N against N-1: naik / turun / tetap and the size (points for a percent
    indicator, the indicator's unit otherwise); kata None when either year lacks a figure."""

    kata: str | None
    selisih: float | None  # absolute, rounded to 2 decimals


@dataclass(frozen=True)
class IndikatorBab3:
    jabatan_id: str
    sasaran: str
    indikator_id: str
    nama: str
    satuan: str
    jenis: str  # persentase | jumlah | nilai (decides how figures print)
    polaritas: str
    # a. this year (as of quarter Q)
    target: float | None
    realisasi: float | None
    capaian: float | None
    predikat: str | None
    status: str
    catatan: str
    # b. earlier years N-2, N-1 (oldest first) and the trend against N-1
    riwayat: tuple[YearFigure, ...]
    tren: Tren
    # c. Renstra
    renstra_tahun_akhir: int | None
    renstra_target_akhir: float | None
    kemajuan: float | None  # % of the end target reached by the realisation to date
    # d. national / provincial standard (None: the row is omitted)
    standar: Standar | None
    # e. causes entered in the workbook (kind of contract.SEBAB -> text; absent = none)
    sebab: Mapping[str, str]
    # The drafted paragraph staff edit (figures as in the tables).
    paragraf: str


@dataclass(frozen=True)
class EfisiensiRow:
    """f. one sasaran: mean capaian of its indicators against the budget supporting them."""

    sasaran: str
    indikator_ids: tuple[str, ...]
    capaian: float | None
    pagu: int
    realisasi: int | None
    serapan: float | None
    efisiensi: float | None
    belum_lapor: int  # supporting sub kegiatan without any realisation reported


@dataclass(frozen=True)
class ProgramRow:
    """g. a program, kegiatan or sub kegiatan supporting a sasaran, with its figures."""

    sasaran: str
    tingkat: str
    kode: str
    nama: str
    pagu: int
    realisasi: int | None


@dataclass(frozen=True)
class Bagian:
    """One part of Bab III: the IKU of the head of office, or one jabatan's IKI."""

    jabatan_id: str
    judul: str
    indikator: tuple[IndikatorBab3, ...]
    efisiensi: tuple[EfisiensiRow, ...]
    program: tuple[ProgramRow, ...]

    @property
    def standar_rows(self) -> tuple[IndikatorBab3, ...]:
        """d. only indicators with a standard (others are omitted, not blank)."""
        return tuple(i for i in self.indikator if i.standar is not None)

    @property
    def renstra_rows(self) -> tuple[IndikatorBab3, ...]:
        return tuple(i for i in self.indikator if i.renstra_target_akhir is not None)


@dataclass(frozen=True)
class Bab3:
    tahun: int
    triwulan: int
    periode: str  # "tahun 2026" or "s.d. Triwulan II tahun 2026"
    tahun_riwayat: tuple[int, ...]  # N-2, N-1
    iku: Bagian
    iki: tuple[Bagian, ...]
    anggaran: tuple[LineFigures, ...]  # h. every budget line in budget order
    anggaran_total: LineFigures | None  # None: no budget file
    rumus_efisiensi: str  # the sentence printed under table f
    renstra_label: str  # "2025–2029" or ""
    anggaran_contoh: bool = False
    catatan_anggaran: tuple[str, ...] = ()
