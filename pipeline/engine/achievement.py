"""Capaian (achievement against the target), its rounding, the optional cap and the predikat.

Formulas (the PermenPANRB 8/2021 copy the office follows):
- polaritas positif (higher is better): capaian = realisasi / target x 100;
- polaritas negatif (lower is better):  capaian = (2 x target - realisasi) / target x 100,
  the same as (target - (realisasi - target)) / target x 100. So target 5 %, realisasi 4 %
  gives 120 %, realisasi 6 % gives 80 %, realisasi 10 % gives 0 % and realisasi above twice
  the target a negative capaian (kept as computed, not floored).
  Other systems use target / realisasi x 100 or (target - realisasi) / target x 100 for
  lower-is-better indicators; they disagree with each other and with the rule above and
  are deliberately NOT used.
Target 0:
- polaritas negatif (e.g. "complaints: target 0"): the formula divides by the target, so
  the office's rule is stated instead: realisasi 0 meets the target exactly -> capaian
  100 %; any realisasi above 0 misses it -> capaian 0 %. A note on the row says so.
- polaritas positif: no capaian (a positive target of 0 is refused for the year; a
  quarterly cumulative target of 0 has nothing to achieve yet), with a note.

Accuracy-type indicators (`akurasi = true` in the catalog, e.g. database records against
the population in the field): exceeding 100 % is not better, it is as inaccurate as the same
distance below. The realisation counted is 100 - |realisasi - 100| (102 % counts as 98 %),
and the capaian of such an indicator is at most 100.

Rounding: capaian is computed exactly (Fraction, from the exact realisasi and the decimal
target) and rounded half up, away from zero, to 2 decimals, like Excel's ROUND: 90.995
-> 91.00, 90.994999 -> 90.99, -0.125 -> -0.13. Working on floats instead would turn an
exact 94.775 (75.82 % of a target of 80) into 94.77499999999999 and round it down. The
predikat is classified from the rounded value, so a printed 90,99 and 91,00 can never
disagree with their predicate.

Cap (`[capaian] batas_atas`, off by default): capaian = min(capaian, cap), applied before
rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pipeline.config import PredicateScale
from pipeline.engine.values import HUNDRED, exact

TEXT_TARGET_NOL = "Target 0: capaian tidak dapat dihitung"
TEXT_TANPA_TARGET = "Target belum ditetapkan: capaian tidak dapat dihitung"
TEXT_TARGET_NOL_NEGATIF = (
    "Target 0 (makin rendah makin baik): capaian 100 % bila realisasi 0, selain itu 0 %"
)
TEXT_AKURASI = "Indikator akurasi: realisasi di atas 100 % dihitung {x} (selisih dari 100 %)"


def round_half_up(x: Fraction, places: int = 2) -> Decimal:
    """Exact half-up (away from zero) rounding of a rational number to `places` decimals."""
    scaled = abs(x) * 10**places
    n = math.floor(scaled + Fraction(1, 2))
    return Decimal(-n if x < 0 else n).scaleb(-places)


def capaian_exact(realisasi: Fraction, target: Fraction, polaritas: str) -> Fraction | None:
    """Unrounded capaian in percent; None when the target is 0."""
    if target == 0:
        return None
    if polaritas == "negatif":
        return (2 * target - realisasi) / target * HUNDRED
    return realisasi / target * HUNDRED


@dataclass(frozen=True)
class Achievement:
    capaian: float  # percent, rounded to 2 decimals; NaN when there is none
    predikat: str | None
    notes: tuple[str, ...] = ()


def achievement(
    realisasi: Fraction | None,
    target: float | None,
    polaritas: str,
    *,
    scale: PredicateScale,
    cap: float | None = None,
    akurasi: bool = False,
) -> Achievement:
    """Capaian and predikat of one figure against its target."""
    if target is None or math.isnan(target):
        return Achievement(math.nan, None, (TEXT_TANPA_TARGET,))
    if target == 0 and polaritas != "negatif":
        return Achievement(math.nan, None, (TEXT_TARGET_NOL,))
    if realisasi is None:
        return Achievement(math.nan, None)
    notes: tuple[str, ...] = ()
    if target == 0:
        raw = HUNDRED if realisasi == 0 else Fraction(0)
        notes = (TEXT_TARGET_NOL_NEGATIF,)
    else:
        if akurasi and realisasi > HUNDRED:
            realisasi = HUNDRED - (realisasi - HUNDRED)
            notes = (TEXT_AKURASI.format(x=f"{float(round_half_up(realisasi))} %"),)
        raw = capaian_exact(realisasi, exact(target), polaritas)
        assert raw is not None  # target != 0 here
        if akurasi:
            raw = min(raw, HUNDRED)
    if cap is not None:
        raw = min(raw, exact(cap))
    rounded = float(round_half_up(raw))
    return Achievement(rounded, scale.classify(rounded), notes)
