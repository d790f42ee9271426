"""Quarter inputs and quarter values: what an indicator's variables hold in one quarter.

Arithmetic is exact: every reported number becomes a `Fraction` of the decimal the person
typed (the shortest repr of the float that the reader produced), so sums of counts,
ratios and the capaian built on them carry no binary rounding error until the very end.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from pipeline.catalog.model import Catalog, Indikator
from pipeline.facts import FACT_KEY, WILAYAH_ALL

# Columns a facts frame must have; `wilayah` may be absent (then every fact is "*").
VALUE_COLUMNS = ("tahun", "triwulan", "indikator_id", "variabel_id", "nilai")
# Within one year and area the key reduces to (triwulan, indikator_id, variabel_id).
KEY = [k for k in FACT_KEY if k not in ("tahun", "wilayah")]
HUNDRED = Fraction(100)


def exact(x: float) -> Fraction:
    """The decimal a float stands for: 0.1 -> 1/10 (not 3602879701896397/36028797018963968)."""
    return Fraction(repr(float(x)))


@dataclass(frozen=True)
class Quarter:
    """One indicator's inputs in one quarter: the filled ones and the blank ones."""

    triwulan: int
    inputs: Mapping[str, Fraction]  # variabel_id -> value, filled variables only
    missing: tuple[str, ...]  # labels of the blank variables, in catalog order
    # A regency summed from kecamatan rows is partly reported when some rows are filled,
    # even if no variable's sum is complete yet.
    reported: bool = False

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def empty(self) -> bool:
        return not self.inputs and not self.reported


@dataclass(frozen=True)
class Measure:
    """An indicator's value from a set of inputs; None with zero_denominator for x/0."""

    value: Fraction | None
    zero_denominator: bool = False


def measure(indikator: Indikator, inputs: Mapping[str, Fraction]) -> Measure:
    """persentase: sum(pembilang) / sum(penyebut) x 100; jumlah: sum(komponen); nilai: it.

    `inputs` must hold every variable of the indicator.
    """
    if indikator.jenis == "persentase":
        num = sum((inputs[v.id] for v in indikator.by_role("pembilang")), Fraction(0))
        den = sum((inputs[v.id] for v in indikator.by_role("penyebut")), Fraction(0))
        if den == 0:
            return Measure(None, zero_denominator=True)
        return Measure(num / den * HUNDRED)
    return Measure(sum((inputs[v.id] for v in indikator.variabel), Fraction(0)))


def collect(
    catalog: Catalog,
    values: pd.DataFrame,
    *,
    triwulan: int,
    tahun: int,
    wilayah: str = WILAYAH_ALL,
) -> dict[str, list[Quarter]]:
    """Per indicator id (catalog order), its Quarter for each quarter 1..triwulan.

    `values` is a facts frame of any years and areas (pipeline.facts): only the facts of
    `tahun` and `wilayah` are used, so one frame (the archive's, or several years read
    together) serves every year. A variable without a row, or with NaN, is blank. Rows
    of later quarters and of ids not in the catalog are ignored; a key held twice is a
    bug of the caller and raises ValueError.
    """
    filled = _filled(values, triwulan=triwulan, tahun=tahun, wilayah=wilayah)
    rows = _kecamatan_rows(catalog, values, triwulan, tahun) if wilayah == WILAYAH_ALL else {}
    out: dict[str, list[Quarter]] = {}
    for ind in catalog.indikator:
        quarters = []
        for q in range(1, triwulan + 1):
            inputs = {
                v.id: filled[(q, ind.id, v.id)] for v in ind.variabel if (q, ind.id, v.id) in filled
            }
            missing = tuple(v.label for v in ind.variabel if v.id not in inputs)
            blank_rows = rows.get((q, ind.id))
            if blank_rows is not None and missing:
                # The regency is the kecamatan sum: name the rows that keep it incomplete.
                missing = (f"baris kecamatan {', '.join(blank_rows)}",)
            quarters.append(Quarter(q, inputs, missing, reported=blank_rows is not None))
        out[ind.id] = quarters
    return out


def _kecamatan_rows(
    catalog: Catalog, values: pd.DataFrame, triwulan: int, tahun: int
) -> dict[tuple[int, str], tuple[str, ...]]:
    """(quarter, indicator) -> blank kecamatan codes, where some kecamatan rows are filled.

    Only indicators entered per kecamatan (catalog `per_kecamatan`) with kecamatan facts.
    """
    split = {i.id for i in catalog.indikator if i.per_kecamatan}
    if not split or values is None or values.empty or "wilayah" not in values.columns:
        return {}
    frame = values[
        (values["wilayah"].astype(str) != WILAYAH_ALL)
        & values["indikator_id"].isin(split)
        & (pd.to_numeric(values["tahun"]).astype(int) == int(tahun))
    ]
    out: dict[tuple[int, str], tuple[str, ...]] = {}
    for (q, iid), group in frame.groupby(["triwulan", "indikator_id"]):
        if not 1 <= int(q) <= triwulan:
            continue
        filled = pd.to_numeric(group["nilai"]).notna()
        if not filled.any():
            continue
        blank = group.loc[~filled, "wilayah"].astype(str)
        out[(int(q), str(iid))] = tuple(sorted(set(blank)))
    return out


def select(values: pd.DataFrame, *, tahun: int, wilayah: str = WILAYAH_ALL) -> pd.DataFrame:
    """The facts of one year and area (a frame without `wilayah` is the whole regency)."""
    if values is None or values.empty:
        return pd.DataFrame(columns=list(VALUE_COLUMNS))
    absent = [c for c in VALUE_COLUMNS if c not in values.columns]
    if absent:
        raise ValueError(f"values lacks column(s): {', '.join(absent)}")
    keep = pd.to_numeric(values["tahun"]).astype(int) == int(tahun)
    if "wilayah" in values.columns:
        keep &= values["wilayah"].astype(str) == wilayah
    elif wilayah != WILAYAH_ALL:
        keep &= False
    return values.loc[keep]


def _filled(
    values: pd.DataFrame, *, triwulan: int, tahun: int, wilayah: str
) -> dict[tuple[int, str, str], Fraction]:
    """(triwulan, indikator_id, variabel_id) -> exact value, for the non-blank inputs."""
    values = select(values, tahun=tahun, wilayah=wilayah)
    if values.empty:
        return {}
    quarter = pd.to_numeric(values["triwulan"]).astype(int)
    frame = values.loc[quarter.between(1, triwulan), [*KEY, "nilai"]].assign(
        triwulan=quarter, nilai=pd.to_numeric(values["nilai"]).astype(float)
    )
    dup = frame.duplicated(KEY, keep=False)
    if dup.any():
        first = frame.loc[dup, KEY].iloc[0].tolist()
        raise ValueError(f"values are not unique on {KEY}: {first}")
    frame = frame[frame["nilai"].notna()]
    out: dict[tuple[int, str, str], Fraction] = {}
    for q, iid, vid, x in frame.itertuples(index=False, name=None):
        if not math.isfinite(x):
            raise ValueError(f"non-finite value {x} for {iid}/{vid} in quarter {q}")
        out[(int(q), str(iid), str(vid))] = exact(x)
    return out
