"""Reading history out of the archive: the official figures of earlier years.

For each earlier year the figures come from one run: the official (non-draft) run that
reached the latest quarter, the most recent of those when there are several (a re-run or a
corrected import replaces an earlier one). Indicators are matched by id; names are shown
as the current catalog words them, so rewording the catalog does not break history, and an
id the catalog no longer has is reported (`history-indicator-unknown`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pipeline.archive.db import Archive
from pipeline.catalog.model import Catalog
from pipeline.findings import Finding, warning

HISTORY_YEARS = 4  # years N-4 .. N-1 beside the reporting year N


@dataclass(frozen=True)
class HistoryRow:
    """One indicator's published figure of one earlier year."""

    tahun: int
    indikator_id: str
    indikator: str  # the name as published then
    satuan: str
    triwulan: int  # the quarter the figure is as of (4 = the whole year)
    target: float | None
    realisasi: float | None
    capaian: float | None
    predikat: str | None
    status: str
    sumber: str  # laporan | impor_csv | impor_workbook
    berkas: str  # imported file name ("" for a report run)
    dibuat: str  # when the run was recorded (ISO)


@dataclass(frozen=True)
class YearSource:
    """Where one year's figures come from (one archived run), for `history list`."""

    tahun: int
    triwulan: int
    sumber: str
    berkas: str
    dibuat: str
    draf: bool
    baris: int
    dipakai: bool  # the run the report takes for this year
    run_id: str


@dataclass(frozen=True)
class History:
    """Earlier years' official figures, per indicator and year (ReportModel.history)."""

    tahun: int  # the reporting year N
    years: tuple[int, ...]  # N-4 .. N-1
    rows: tuple[HistoryRow, ...] = ()
    sources: tuple[YearSource, ...] = ()  # the run used for each year that has one
    findings: tuple[Finding, ...] = ()
    by_indikator: Mapping[str, Mapping[int, HistoryRow]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def get(self, indikator_id: str, tahun: int) -> HistoryRow | None:
        return self.by_indikator.get(indikator_id, {}).get(tahun)

    @property
    def years_with_figures(self) -> tuple[int, ...]:
        return tuple(sorted({r.tahun for r in self.rows}))


def empty_history(tahun: int) -> History:
    return History(tahun, tuple(range(tahun - HISTORY_YEARS, tahun)))


_CHOSEN = (
    "SELECT * FROM laporan WHERE tahun = ? AND draf = 0 "
    "ORDER BY triwulan DESC, dibuat DESC, id DESC LIMIT 1"
)


def load_history(archive: Archive, catalog: Catalog, tahun: int) -> History:
    """The official figures of years tahun-4 .. tahun-1 (as of each run's last quarter)."""
    years = tuple(range(tahun - HISTORY_YEARS, tahun))
    rows: list[HistoryRow] = []
    sources: list[YearSource] = []
    unknown: dict[str, set[int]] = {}
    for year in years:
        found = archive.read(_CHOSEN, (year,))
        if not found:
            continue
        run = found[0]
        hasil = archive.read(
            "SELECT * FROM hasil WHERE laporan_id = ? AND triwulan = ? AND wilayah = '*' "
            "ORDER BY rowid",
            (run["id"], run["triwulan"]),
        )
        sources.append(_source(run, len(hasil), True))
        for h in hasil:
            if h["indikator_id"] not in catalog.indikator_by_id:
                unknown.setdefault(h["indikator_id"], set()).add(year)
            rows.append(
                HistoryRow(
                    tahun=year,
                    indikator_id=h["indikator_id"],
                    indikator=h["indikator"],
                    satuan=h["satuan"],
                    triwulan=int(h["triwulan"]),
                    target=h["target"],
                    realisasi=h["realisasi"],
                    capaian=h["capaian"],
                    predikat=h["predikat"],
                    status=h["status"],
                    sumber=run["sumber"],
                    berkas=run["berkas"],
                    dibuat=run["dibuat"],
                )
            )
    by: dict[str, dict[int, HistoryRow]] = {}
    for r in rows:
        by.setdefault(r.indikator_id, {})[r.tahun] = r
    return History(
        tahun=tahun,
        years=years,
        rows=tuple(rows),
        sources=tuple(sources),
        findings=tuple(unknown_findings(unknown)),
        by_indikator=MappingProxyType({k: MappingProxyType(v) for k, v in by.items()}),
    )


def unknown_findings(unknown: Mapping[str, set[int]]) -> list[Finding]:
    return [
        warning(
            "history-indicator-unknown",
            f"Riwayat tahun {', '.join(map(str, sorted(years)))} memuat indikator "
            f"'{iid}' yang tidak ada lagi di katalog (id-nya berubah atau indikatornya "
            "dihapus). Angkanya tetap tersimpan di arsip tetapi tidak dibandingkan. Bila "
            "id-nya hanya berganti, impor ulang riwayat dengan id yang baru.",
            indikator=iid,
        )
        for iid, years in sorted(unknown.items())
    ]


def list_sources(archive: Archive) -> list[YearSource]:
    """Every archived run, newest year first; `dipakai` marks the one a report takes."""
    runs = archive.read(
        "SELECT l.*, (SELECT COUNT(*) FROM hasil h "
        "WHERE h.laporan_id = l.id AND h.wilayah = '*') AS baris "
        "FROM laporan l ORDER BY tahun DESC, draf ASC, triwulan DESC, dibuat DESC, id DESC"
    )
    chosen = {}
    for r in runs:
        if not r["draf"]:
            chosen.setdefault(r["tahun"], r["id"])
    return [_source(r, int(r["baris"]), chosen.get(r["tahun"]) == r["id"]) for r in runs]


def _source(run, baris: int, dipakai: bool) -> YearSource:
    return YearSource(
        tahun=int(run["tahun"]),
        triwulan=int(run["triwulan"]),
        sumber=run["sumber"],
        berkas=run["berkas"],
        dibuat=run["dibuat"],
        draf=bool(run["draf"]),
        baris=baris,
        dipakai=dipakai,
        run_id=run["run_id"],
    )
