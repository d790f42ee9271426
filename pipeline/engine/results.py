"""compute(): the result frame, one row per indicator (catalog order) per quarter 1..Q."""

from __future__ import annotations

import math
from collections.abc import Collection

import pandas as pd

from pipeline.catalog.model import Catalog, Indikator, Jabatan, Targets
from pipeline.config import PredicateScale
from pipeline.engine.accumulate import TIDAK_LENGKAP, quarter_value, to_date
from pipeline.engine.achievement import achievement
from pipeline.engine.columns import RESULT_COLUMNS, describe
from pipeline.engine.values import Quarter, collect
from pipeline.facts import WILAYAH_ALL

TEXT_SEMENTARA = "Capaian sementara (data tidak lengkap), tanpa predikat"
FLOAT_COLUMNS = ["target", "target_tahunan", "realisasi_triwulan", "realisasi", "capaian"]


def compute(
    catalog: Catalog,
    targets: Targets,
    values: pd.DataFrame,
    *,
    triwulan: int,
    scale: PredicateScale,
    cap: float | None = None,
    wilayah: str = WILAYAH_ALL,
    only: Collection[str] | None = None,
) -> pd.DataFrame:
    """Quarter values, realisation to date, capaian and predikat for every indicator.

    `values` is a facts frame (pipeline.facts; NaN or a missing row is a blank) of any
    years and areas: the figures are those of the targets' year and of `wilayah`, other
    facts are left aside (the archive hands over several years at once). Returns exactly
    RESULT_COLUMNS (`only`: just these indicator ids); a
    persentase is in percent (92.31, not 0.9231); realisasi is not rounded, capaian is
    (half up, 2 decimals). See accumulate.py and achievement.py for the rules.
    """
    if triwulan not in (1, 2, 3, 4):
        raise ValueError(f"triwulan must be 1..4, not {triwulan!r}")
    quarters = collect(catalog, values, triwulan=triwulan, tahun=targets.tahun, wilayah=wilayah)
    rows = [
        _row(
            catalog.jabatan_by_id[ind.jabatan_id],
            ind,
            targets,
            quarters[ind.id][:q],
            scale=scale,
            cap=cap,
        )
        for ind in catalog.indikator
        if only is None or ind.id in only
        for q in range(1, triwulan + 1)
    ]
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS).assign(wilayah=wilayah)
    frame["triwulan"] = frame["triwulan"].astype("int64")
    frame[FLOAT_COLUMNS] = frame[FLOAT_COLUMNS].astype("float64")
    # predikat keeps None (not NaN) for "no predicate", as the report model documents.
    frame["predikat"] = pd.Series([r["predikat"] for r in rows], dtype=object)
    return frame


def _row(
    jabatan: Jabatan,
    ind: Indikator,
    targets: Targets,
    quarters: list[Quarter],
    *,
    scale: PredicateScale,
    cap: float | None,
) -> dict:
    q = quarters[-1].triwulan
    own = quarter_value(ind, quarters[-1])
    figure = to_date(ind, quarters)
    target = targets.by_id.get(ind.id)
    target_q = target.for_quarter(q) if target else None
    got = achievement(
        figure.value, target_q, ind.polaritas, scale=scale, cap=cap, akurasi=ind.akurasi
    )
    notes = [*figure.notes, *got.notes]
    predikat = got.predikat
    if figure.status == TIDAK_LENGKAP and predikat is not None:
        # A figure built on missing quarters is provisional: no predikat, and it says why.
        predikat = None
        notes.append(TEXT_SEMENTARA)
    return {
        **describe(jabatan, ind),
        "triwulan": q,
        "target": math.nan if target_q is None else float(target_q),
        "target_tahunan": math.nan if target is None else float(target.tahunan),
        "realisasi_triwulan": math.nan if own.value is None else float(own.value),
        "realisasi": math.nan if figure.value is None else float(figure.value),
        "capaian": got.capaian,
        "predikat": predikat,
        "status": figure.status,
        "catatan": "; ".join(notes),
    }
