"""Report model: built once from the read values and the engine's results.

Renderers (Excel rekap, hasil.csv, PDF documents) only format what is here; they never
compute a figure themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from pipeline.catalog import Catalog, Jabatan, Targets
from pipeline.catalog.model import Keputusan
from pipeline.config import AverageRule, Kantor, Pejabat, PredicateScale
from pipeline.engine.columns import RESULT_COLUMNS
from pipeline.engine.summary import Achievement, describe_rule, summarize, summarize_groups
from pipeline.findings import Finding

__all__ = ["KELENGKAPAN_COLUMNS", "RESULT_COLUMNS", "Achievement", "ReportModel", "Signatory"]

# Columns of ReportModel.kelengkapan, one row per jabatan per quarter 1..Q.
KELENGKAPAN_COLUMNS = [
    "jabatan_id",
    "jabatan",
    "unit",
    "triwulan",
    "dikirim",  # bool: a workbook for this jabatan and quarter was read
    "berkas",  # file name(s), "; "-joined
    "sha256",  # "; "-joined
    "diterima",  # file modification time (datetime) or NaT
    "lengkap",  # bool: every input of every indicator filled
    "kosong",  # number of blank inputs
]


@dataclass(frozen=True)
class Signatory:
    """Who signs for a jabatan: the official (None when vacant) and the title printed."""

    jabatan_id: str
    title: str  # "Kepala Seksi Kelahiran" (with Plt./Plh. prefix when acting)
    pejabat: Pejabat | None


@dataclass
class ReportModel:
    kantor: Kantor
    catalog: Catalog
    targets: Targets
    scale: PredicateScale
    tahun: int
    triwulan: int
    tanggal_ttd: dt.date
    draft: bool
    results: pd.DataFrame  # RESULT_COLUMNS
    keterangan: pd.DataFrame  # jabatan_id, indikator_id, triwulan, keterangan
    kelengkapan: pd.DataFrame  # KELENGKAPAN_COLUMNS
    findings: list[Finding]
    signatories: dict[str, Signatory]  # by jabatan id, plus "bupati"
    batas_capaian: float | None = None
    generated_at: dt.datetime = field(default_factory=dt.datetime.now)
    rata_rata: AverageRule = field(default_factory=AverageRule)
    keputusan_dikonfirmasi: frozenset[str] = frozenset()
    files_read: int = 0  # workbooks read for this report (the summary line counts them)

    def current(self) -> pd.DataFrame:
        """Rows of the reporting quarter (realisation to date as of quarter Q)."""
        return self.results[self.results["triwulan"] == self.triwulan]

    def for_jabatan(self, jabatan_id: str) -> pd.DataFrame:
        return self.results[self.results["jabatan_id"] == jabatan_id]

    def superior(self, jabatan: Jabatan) -> Signatory:
        return self.signatories[jabatan.atasan]

    def achievement(self, indikator_ids: Sequence[str]) -> Achievement:
        """Counts and mean capaian at quarter Q by the configured rule (`[rata_rata]`)."""
        return summarize(self.current(), indikator_ids, self.scale, self.rata_rata)

    def achievement_of(self, jabatan: Sequence[Jabatan]) -> Achievement:
        """A total over several jabatan (a unit, the office), weighted as `[rata_rata] bobot`."""
        groups = [[i.id for i in j.indikator] for j in jabatan]
        return summarize_groups(self.current(), groups, self.scale, self.rata_rata)

    def average_note(self, got: Achievement | None = None) -> str:
        """The sentence stating how a table's means were formed and what was left out."""
        return describe_rule(self.rata_rata, got)

    def unconfirmed(self) -> list[Keputusan]:
        """Catalog decisions the office has not confirmed yet, in catalog order."""
        return [k for k in self.catalog.keputusan if k.id not in self.keputusan_dikonfirmasi]

    def keterangan_for(self, indikator_id: str, triwulan: int | None = None) -> str:
        q = triwulan or self.triwulan
        k = self.keterangan
        rows = k[(k["indikator_id"] == indikator_id) & (k["triwulan"] == q)]
        return "" if rows.empty else str(rows.iloc[0]["keterangan"])
