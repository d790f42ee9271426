"""Budget figures of the reporting quarter: pagu in force and realisation to date per line.

From the Anggaran sheet's facts (pipeline/facts.py, indikator_id "anggaran"): the pagu in
force at quarter Q is the one entered in the latest workbook up to Q, else the office
data's; the realisation to date is the sum of the quarters' realisations up to Q. A line
with no realisation reported in any quarter has realisasi None (blank is not zero); a
kegiatan's or program's figures are sums over its sub kegiatan, computed here once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from pipeline.budget.model import SUB_KEGIATAN, Budget, BudgetLine
from pipeline.contract import PAGU, REALISASI
from pipeline.facts import BUDGET_INDIKATOR, WILAYAH_ALL


@dataclass(frozen=True)
class LineFigures:
    """One budget line at quarter Q: pagu, realisation to date, percent, remainder."""

    tingkat: str
    kode: str
    nama: str
    pagu: int
    pagu_berubah: bool  # a sub kegiatan's pagu entered in the workbook differs from the DPA
    realisasi: int | None  # None: not reported in any quarter (for a group: by no line)
    belum_lapor: int  # sub kegiatan (of this line) without any realisation reported

    @property
    def persen(self) -> float | None:
        """Serapan: realisation / pagu x 100, rounded half-up to 2 decimals."""
        return serapan(self.realisasi, self.pagu)

    @property
    def sisa(self) -> int | None:
        return None if self.realisasi is None else self.pagu - self.realisasi


def serapan(realisasi: int | None, pagu: int) -> float | None:
    if realisasi is None or pagu <= 0:
        return None
    # Integers in, exact decimal rounding out (no binary error at the half).
    n = realisasi * 10000
    q, r = divmod(n, pagu)
    return (q + (1 if 2 * r >= pagu else 0)) / 100


def budget_figures(
    budget: Budget, facts: pd.DataFrame, tahun: int, q: int
) -> dict[str, LineFigures]:
    """kode -> figures, for every line of the budget (document order kept)."""
    entered: dict[str, dict[int, dict[str, float]]] = {}
    if facts is not None and not facts.empty:
        f = facts[
            (facts["indikator_id"] == BUDGET_INDIKATOR)
            & (facts["tahun"].astype(int) == tahun)
            & (facts["triwulan"].astype(int) <= q)
        ]
        if "wilayah" in f.columns:
            f = f[f["wilayah"].astype(str) == WILAYAH_ALL]
        for tw, var, nilai in zip(f["triwulan"], f["variabel_id"], f["nilai"], strict=True):
            baris, _, jenis = str(var).rpartition("__")
            if nilai is None or math.isnan(float(nilai)):
                continue
            entered.setdefault(baris, {}).setdefault(int(tw), {})[jenis] = float(nilai)
    subs: dict[str, LineFigures] = {}
    for line in budget.sub_kegiatan:
        quarters = entered.get(line.baris_id or "", {})
        pagu = line.pagu
        for tw in sorted(quarters):
            if PAGU in quarters[tw]:
                pagu = int(quarters[tw][PAGU])
        reals = [
            int(quarters[tw][REALISASI]) for tw in sorted(quarters) if REALISASI in quarters[tw]
        ]
        subs[line.kode] = LineFigures(
            SUB_KEGIATAN,
            line.kode,
            line.nama,
            pagu,
            pagu != line.pagu,
            sum(reals) if reals else None,
            0 if reals else 1,
        )
    out: dict[str, LineFigures] = {}
    for line in budget.lines:
        if line.tingkat == SUB_KEGIATAN:
            out[line.kode] = subs[line.kode]
        else:
            out[line.kode] = group(line, _descendants(budget, line), subs)
    return out


def _descendants(budget: Budget, line: BudgetLine) -> list[BudgetLine]:
    return [b for b in budget.sub_kegiatan if line in budget.ancestors(b)]


def group(
    line: BudgetLine | None, members: Iterable[BudgetLine], subs: Mapping[str, LineFigures]
) -> LineFigures:
    """Sums over sub kegiatan (each counted once); `line` None for a total row."""
    figs = [subs[b.kode] for b in {b.kode: b for b in members}.values()]
    reported = [f.realisasi for f in figs if f.realisasi is not None]
    return LineFigures(
        line.tingkat if line else "total",
        line.kode if line else "",
        line.nama if line else "Jumlah",
        sum(f.pagu for f in figs),
        any(f.pagu_berubah for f in figs),
        sum(reported) if reported else None,
        sum(f.belum_lapor for f in figs),
    )
