"""Group achievement (LKjIP summary): counts per predicate and an exactly rounded mean."""

from __future__ import annotations

import pandas as pd

from pipeline.config import DEFAULT_BANDS, PredicateScale
from pipeline.engine.summary import summarize

SCALE = PredicateScale(DEFAULT_BANDS)


def test_mean_of_rounded_capaian_is_rounded_half_up() -> None:
    current = pd.DataFrame(
        {
            "indikator_id": ["a", "b", "c", "d"],
            "capaian": [100.0, 90.99, float("nan"), 50.0],
            "predikat": ["Sangat Tinggi", "Tinggi", None, "Sangat Rendah"],
        }
    )
    got = summarize(current, ["a", "b", "c"], SCALE)
    # (100 + 90.99) / 2 = 95.495 exactly -> 95.50 half-up (binary floats say 95.49499..).
    assert got.rata_capaian == 95.50
    assert (got.jumlah, got.berangka) == (3, 2)
    assert got.per_predikat == {
        "Sangat Tinggi": 1,
        "Tinggi": 1,
        "Sedang": 0,
        "Rendah": 0,
        "Sangat Rendah": 0,
    }


def test_group_without_figures_has_no_mean() -> None:
    current = pd.DataFrame({"indikator_id": ["a"], "capaian": [float("nan")], "predikat": [None]})
    got = summarize(current, ["a"], SCALE)
    assert got.rata_capaian is None and got.berangka == 0 and got.jumlah == 1
