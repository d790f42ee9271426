"""The engine: quarter values, realisation to date, capaian and predikat (issue #5).

`compute(catalog, targets, values, *, triwulan, scale, cap=None)` returns the result frame
with `pipeline.report.model.RESULT_COLUMNS`; see docs/contracts.md section 4.
"""

from pipeline.engine.accumulate import (
    BELUM_DILAPORKAN,
    OK,
    PENYEBUT_NOL,
    STATUSES,
    TIDAK_LENGKAP,
)
from pipeline.engine.achievement import round_half_up
from pipeline.engine.results import compute

__all__ = [
    "BELUM_DILAPORKAN",
    "OK",
    "PENYEBUT_NOL",
    "STATUSES",
    "TIDAK_LENGKAP",
    "compute",
    "round_half_up",
]
