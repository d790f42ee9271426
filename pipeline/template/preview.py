"""Excel formulas of the live preview (realisation and capaian) on each indicator block.

The preview is for the person filling the form only: the pipeline never reads formula
cells (XlsxWriter caches 0 and LibreOffice keeps stale results, see pitfalls). It follows
the engine's rules (docs/contracts.md, section 4) closely enough to catch typing mistakes:
an incomplete quarter shows nothing, a zero denominator shows a note instead of #DIV/0!.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.catalog.model import Indikator
from pipeline.template.layout import quarter_col
from pipeline.template.names import cell_a1

ZERO_DENOMINATOR = "penyebut 0"


def _number(x: float) -> str:
    """A formula literal: always '.' as decimal mark, never exponent notation."""
    text = f"{x:.10f}".rstrip("0").rstrip(".")
    return text or "0"


def _cells(rows: Sequence[int], col: int) -> str:
    return ",".join(cell_a1(r, col) for r in rows)


def _spans(rows: Sequence[int], first_col: int, last_col: int) -> str:
    """Each row's cells across quarters: 'E12:G12,E13:G13'."""
    return ",".join(f"{cell_a1(r, first_col)}:{cell_a1(r, last_col)}" for r in rows)


def _complete(var_rows: Sequence[int], col: int) -> str:
    """Condition 'some input of this quarter is still blank (or not a number)'.

    The rows need not be adjacent: a kecamatan table puts 23 rows between its totals.
    """
    return f"COUNT({_cells(var_rows, col)})<{len(var_rows)}"


def _ratio(pemb: str, pen: str) -> str:
    return f'IF(SUM({pen})=0,"{ZERO_DENOMINATOR}",SUM({pemb})/SUM({pen})*100)'


def _rows_of(ind: Indikator, var_rows: Sequence[int], peran: str) -> list[int]:
    return [r for v, r in zip(ind.variabel, var_rows, strict=True) if v.peran == peran]


def quarter_formula(ind: Indikator, var_rows: Sequence[int], k: int) -> str:
    """Realisation of quarter k from that quarter's inputs alone."""
    col = quarter_col(k)
    if ind.jenis == "persentase":
        body = _ratio(
            _cells(_rows_of(ind, var_rows, "pembilang"), col),
            _cells(_rows_of(ind, var_rows, "penyebut"), col),
        )
    else:
        body = f"SUM({_cells(var_rows, col)})"
    return f'=IF({_complete(var_rows, col)},"",{body})'


def to_date_formula(ind: Indikator, var_rows: Sequence[int], quarter_row: int, q: int) -> str:
    """Realisation up to quarter q, by the indicator's aggregation."""
    first, col = quarter_col(1), quarter_col(q)
    this_quarter = cell_a1(quarter_row, col)
    if ind.agregasi == "akhir":
        return f"={this_quarter}"
    if ind.agregasi == "rata_rata":
        span = f"{cell_a1(quarter_row, first)}:{this_quarter}"
        return f'=IF(ISNUMBER({this_quarter}),AVERAGE({span}),"")'
    if ind.jenis == "persentase":
        body = _ratio(
            _spans(_rows_of(ind, var_rows, "pembilang"), first, col),
            _spans(_rows_of(ind, var_rows, "penyebut"), first, col),
        )
    else:
        body = f"SUM({_spans(var_rows, first, col)})"
    return f'=IF({_complete(var_rows, col)},"",{body})'


def capaian_formula(ind: Indikator, realisasi_cell: str, target: float, cap: float | None) -> str:
    """Capaian against the quarter's cumulative target (non-zero); blank without a number."""
    t = _number(target)
    if ind.polaritas == "positif":
        expr = f"{realisasi_cell}/{t}*100"
    else:
        expr = f"(2*{t}-{realisasi_cell})/{t}*100"
    if cap is not None:
        expr = f"MIN({_number(cap)},{expr})"
    return f'=IF(ISNUMBER({realisasi_cell}),{expr},"")'
