"""Achievement of a group of indicators (a jabatan, a unit, the office) at quarter Q.

How the mean is formed is a setting (`[rata_rata]` in config.toml, `AverageRule`) and every
table that prints a mean states it (`describe_rule`). The default is the honest one:
- each capaian counts at most at the ceiling (`batas_atas`, default 100), so one indicator
  far above its target cannot hide another below it;
- totals over several jabatan weigh every indicator the same (`bobot = "indikator"`), or
  every jabatan the same (`bobot = "jabatan"`: the mean of the jabatan means), so a jabatan
  with twelve indicators does not outweigh one with a single IKU;
- only figures with status `ok` count; indicators without a figure (not reported, zero
  denominator, no target) and provisional ones (`tidak_lengkap`) are left out and counted,
  and the statement under the table says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import pandas as pd

from pipeline import fmt
from pipeline.config import AverageRule, PredicateScale
from pipeline.engine.accumulate import OK, TIDAK_LENGKAP
from pipeline.engine.achievement import round_half_up


@dataclass(frozen=True)
class Achievement:
    """How a group of indicators did at quarter Q (a jabatan, a unit, the whole office)."""

    jumlah: int  # indicators in the group
    berangka: int  # of which count in the mean (status ok, with a capaian)
    rata_capaian: float | None  # mean of the counted capaian, rounded half-up
    per_predikat: dict[str, int]  # scale order, every band present
    tanpa_angka: int = 0  # left out: no capaian at all
    tidak_lengkap: int = 0  # left out: provisional figure on incomplete quarters
    dibatasi: int = 0  # counted at the ceiling instead of their higher capaian


def summarize(
    current: pd.DataFrame,
    indikator_ids: Sequence[str],
    scale: PredicateScale,
    rule: AverageRule | None = None,
) -> Achievement:
    """Counts per predicate and the mean capaian by `rule`, rounded half-up.

    `current` holds the quarter-Q rows of the results (indikator_id, capaian, predikat and,
    when present, status); every indicator counts in `jumlah`.
    """
    got, caps = _counted(current, indikator_ids, scale, rule or AverageRule())
    mean = float(round_half_up(sum(caps) / len(caps), 2)) if caps else None
    return replace(got, rata_capaian=mean)


def summarize_groups(
    current: pd.DataFrame,
    groups: Sequence[Sequence[str]],
    scale: PredicateScale,
    rule: AverageRule | None = None,
) -> Achievement:
    """A total over several jabatan (each group = one jabatan's indicator ids).

    With `bobot = "indikator"` it is `summarize` over all their indicators; with
    `bobot = "jabatan"` the mean is the mean of the (unrounded) jabatan means, jabatan
    without a counted figure left out.
    """
    rule = rule or AverageRule()
    ids = [i for g in groups for i in g]
    if rule.bobot != "jabatan":
        return summarize(current, ids, scale, rule)
    got, _ = _counted(current, ids, scale, rule)
    means = []
    for g in groups:
        caps = _counted(current, g, scale, rule)[1]
        if caps:
            means.append(sum(caps) / len(caps))
    mean = float(round_half_up(sum(means) / len(means), 2)) if means else None
    return replace(got, rata_capaian=mean)


def _counted(
    current: pd.DataFrame, indikator_ids: Sequence[str], scale: PredicateScale, rule: AverageRule
) -> tuple[Achievement, list[Fraction]]:
    """Counts (without the mean) and the capaian that count, each at most the ceiling."""
    ids = list(dict.fromkeys(indikator_ids))
    rows = current[current["indikator_id"].isin(ids)]
    status = rows["status"] if "status" in rows.columns else pd.Series(OK, index=rows.index)
    caps: list[Fraction] = []
    tanpa_angka = tidak_lengkap = dibatasi = 0
    for c, st in zip(rows["capaian"], status, strict=True):
        if st == TIDAK_LENGKAP:
            tidak_lengkap += 1
        elif pd.isna(c) or st != OK:
            tanpa_angka += 1
        else:
            x = Fraction(repr(float(c)))
            if rule.batas_atas is not None and x > Fraction(repr(rule.batas_atas)):
                x = Fraction(repr(rule.batas_atas))
                dibatasi += 1
            caps.append(x)
    tanpa_angka += len(ids) - len(rows)  # no row at all: nothing to count
    counts = dict.fromkeys((b.nama for b in scale.bands), 0)
    for p in rows["predikat"]:
        if isinstance(p, str) and p in counts:
            counts[p] += 1
    got = Achievement(len(ids), len(caps), None, counts, tanpa_angka, tidak_lengkap, dibatasi)
    return got, caps


def describe_rule(rule: AverageRule, got: Achievement | None = None) -> str:
    """The sentence printed under a table of means: the method and what was left out."""
    text = "Rata-rata capaian: rata-rata sederhana per indikator"
    if rule.bobot == "jabatan":
        text += " (jumlah unit dan seluruh jabatan: rata-rata dari rata-rata tiap jabatan)"
    if rule.batas_atas is None:
        text += ", capaian dihitung apa adanya (tanpa batas atas)"
    else:
        text += f"; setiap capaian dihitung paling tinggi {fmt.angka_auto(rule.batas_atas)} %"
    text += "; hanya indikator dengan angka lengkap yang dihitung."
    if got is not None:
        left = []
        if got.tanpa_angka:
            left.append(f"{got.tanpa_angka} indikator tanpa angka")
        if got.tidak_lengkap:
            left.append(f"{got.tidak_lengkap} indikator dengan data tidak lengkap")
        if left:
            text += " " + " dan ".join(left) + " tidak dihitung."
        if got.dibatasi:
            text += f" {got.dibatasi} capaian di atas batas dihitung sebesar batasnya."
    return text
