"""Report model: built once from the read facts, the engine's results and the archive.

Immutable: frozen dataclasses, tuples and read-only mappings; the DataFrames are never
changed after `build_model` (renderers filter them into new frames). Renderers (Excel
rekap, hasil.csv, PDF documents, listed in pipeline.publish.RENDERERS) only format what
is here; they never compute a figure themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from pipeline.archive.query import History, empty_history
from pipeline.catalog import Catalog, Jabatan, Targets
from pipeline.catalog.model import Keputusan
from pipeline.catalog.office import Renstra, Standar
from pipeline.config import AverageRule, Kantor, Pejabat, PredicateScale
from pipeline.engine.columns import RESULT_COLUMNS
from pipeline.engine.summary import Achievement, describe_rule, summarize, summarize_groups
from pipeline.facts import NOTE_KETERANGAN
from pipeline.findings import Finding
from pipeline.lkjip.model import Bab3
from pipeline.wilayah import Wilayah

__all__ = ["KELENGKAPAN_COLUMNS", "RESULT_COLUMNS", "Achievement", "ReportModel", "Signatory"]

# Columns of ReportModel.kelengkapan, one row per jabatan per quarter 1..Q.
KELENGKAPAN_COLUMNS = [
    "jabatan_id",
    "jabatan",
    "unit",
    "triwulan",
    "dikirim",  # bool: a workbook for this jabatan and quarter was sent (read, or refused)
    "tidak_dipakai",  # bool: sent, but an error kept every value out (refused, not blank)
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


@dataclass(frozen=True)
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
    findings: Sequence[Finding]
    signatories: Mapping[str, Signatory]  # by jabatan id, plus "bupati"
    batas_capaian: float | None = None
    generated_at: dt.datetime = field(default_factory=dt.datetime.now)
    rata_rata: AverageRule = field(default_factory=AverageRule)
    keputusan_dikonfirmasi: frozenset[str] = frozenset()
    files_read: int = 0  # workbooks read for this report (the summary line counts them)
    # Earlier years' official figures from the archive (years N-4 .. N-1).
    history: History | None = None
    renstra: Renstra | None = None  # the Renstra period with baseline and yearly targets
    standar: Mapping[str, Standar] = field(default_factory=lambda: MappingProxyType({}))
    # Indicators entered per kecamatan: their figures per kecamatan (RESULT_COLUMNS, wilayah
    # a kecamatan code; `results` holds the regency, "*"), and the kecamatan themselves.
    kecamatan_results: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=RESULT_COLUMNS)
    )
    wilayah: Wilayah = field(default_factory=Wilayah)
    # LKjIP Bab III tables a-h (pipeline/lkjip), built once with the model.
    bab3: Bab3 | None = None

    def __post_init__(self) -> None:
        # Freeze the containers too: a renderer cannot add a finding or a signatory.
        object.__setattr__(self, "findings", tuple(self.findings))
        object.__setattr__(self, "signatories", MappingProxyType(dict(self.signatories)))
        object.__setattr__(self, "standar", MappingProxyType(dict(self.standar)))
        if self.history is None:
            object.__setattr__(self, "history", empty_history(self.tahun))

    def all_results(self) -> pd.DataFrame:
        """Regency and kecamatan rows: per indicator (catalog order) and quarter, the
        regency ("*") first, then its kecamatan in the office data's order."""
        if self.kecamatan_results.empty:
            return self.results
        frame = pd.concat([self.results, self.kecamatan_results], ignore_index=True)
        ind_order = {iid: n for n, iid in enumerate(self.catalog.indikator_by_id)}
        area_order = {k: n + 1 for n, k in enumerate(self.wilayah.kode)}
        key = pd.DataFrame(
            {
                "i": frame["indikator_id"].map(ind_order),
                "q": frame["triwulan"],
                "w": frame["wilayah"].map(lambda w: area_order.get(w, 0)),
            }
        )
        return frame.loc[key.sort_values(["i", "q", "w"], kind="stable").index].reset_index(
            drop=True
        )

    def kecamatan_current(self, indikator_id: str) -> pd.DataFrame:
        """An indicator's kecamatan rows of the reporting quarter (empty if not split)."""
        k = self.kecamatan_results
        if k.empty:
            return k
        return k[(k["indikator_id"] == indikator_id) & (k["triwulan"] == self.triwulan)]

    def kecamatan_ranked(self, indikator_id: str) -> pd.DataFrame:
        """The same rows, lowest realisation to date first (where coverage lags), those
        without a figure last, ties in the office data's order."""
        rows = self.kecamatan_current(indikator_id)
        if rows.empty:
            return rows
        order = {k: n for n, k in enumerate(self.wilayah.kode)}
        realisasi = pd.to_numeric(rows["realisasi"], errors="coerce")
        key = pd.DataFrame(
            {
                "none": realisasi.isna(),
                "value": realisasi.fillna(0.0),
                "place": rows["wilayah"].map(lambda w: order.get(w, 0)),
            },
            index=rows.index,
        )
        return rows.loc[key.sort_values(["none", "value", "place"], kind="stable").index]

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
        keep = (k["indikator_id"] == indikator_id) & (k["triwulan"] == q)
        if "jenis" in k.columns:  # cause texts (Bab III) live in the same table
            keep &= k["jenis"] == NOTE_KETERANGAN
        rows = k[keep]
        return "" if rows.empty else str(rows.iloc[0]["keterangan"])
