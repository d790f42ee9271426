"""Achievement of a group of indicators (a jabatan, a unit, the office) at quarter Q."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from pipeline.config import PredicateScale
from pipeline.engine.achievement import round_half_up


@dataclass(frozen=True)
class Achievement:
    """How a group of indicators did at quarter Q (a jabatan, a unit, the whole office)."""

    jumlah: int  # indicators in the group
    berangka: int  # of which have a capaian
    rata_capaian: float | None  # mean of the (rounded) capaian, rounded half-up
    per_predikat: dict[str, int]  # scale order, every band present


def summarize(
    current: pd.DataFrame, indikator_ids: Sequence[str], scale: PredicateScale
) -> Achievement:
    """Counts per predicate and the mean of the rounded capaian, rounded half-up again.

    `current` holds the quarter-Q rows of the results; indicators without a capaian count in
    `jumlah` but not in the mean.
    """
    rows = current[current["indikator_id"].isin(list(indikator_ids))]
    caps = [Fraction(repr(float(c))) for c in rows["capaian"] if pd.notna(c)]
    counts = dict.fromkeys((b.nama for b in scale.bands), 0)
    for p in rows["predikat"]:
        if isinstance(p, str) and p in counts:
            counts[p] += 1
    mean = float(round_half_up(sum(caps) / len(caps), 2)) if caps else None
    return Achievement(len(set(indikator_ids)), len(caps), mean, counts)
