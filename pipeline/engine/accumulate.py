"""Realisation to date at quarter q, by the indicator's agregasi, with its status and notes.

A quarter counts only when every variable of the indicator is filled ("complete"); a
blank is never read as 0.

- jumlah (flow): each variable is summed over the complete quarters 1..q and the ratio is
  formed from the sums: sum(pembilang) / sum(penyebut) x 100, never the mean of the
  quarterly percentages.
- akhir (stock): the value of the latest complete quarter <= q.
- rata_rata: the mean of the quarterly values of the complete quarters that have one.

Status of the row (the figure to date):
- `belum_dilaporkan`: nothing at all entered in quarters 1..q;
- `tidak_lengkap`: some quarter that the figure needs is blank or partly blank; the figure
  is still given from the reported quarters when there are any;
- `penyebut_nol`: the denominator of the figure is 0, so it has no value;
- `ok` otherwise.
Notes (`catatan`) are Indonesian, for the person reading the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from pipeline.catalog.model import Indikator
from pipeline.engine.values import Measure, Quarter, measure
from pipeline.fmt import tw

OK = "ok"
BELUM_DILAPORKAN = "belum_dilaporkan"
TIDAK_LENGKAP = "tidak_lengkap"
PENYEBUT_NOL = "penyebut_nol"
STATUSES = (OK, BELUM_DILAPORKAN, TIDAK_LENGKAP, PENYEBUT_NOL)

TEXT_BELUM = "Belum dilaporkan"
TEXT_PENYEBUT_NOL = "Penyebut 0: tidak ada nilai pada periode ini"


@dataclass(frozen=True)
class Figure:
    value: Fraction | None
    status: str
    notes: tuple[str, ...] = ()


def quarter_value(indikator: Indikator, quarter: Quarter) -> Measure:
    """The value of one quarter alone; None when any input is blank or the penyebut is 0."""
    if not quarter.complete:
        return Measure(None)
    return measure(indikator, quarter.inputs)


def gap_note(quarter: Quarter, *, prefixed: bool = True) -> str:
    """Why a quarter is not usable: 'TW II belum dilaporkan' / '... tidak lengkap: ...'."""
    labels = ", ".join(quarter.missing)
    if not prefixed:
        return TEXT_BELUM if quarter.empty else f"Data tidak lengkap: {labels} belum diisi"
    if quarter.empty:
        return f"{tw(quarter.triwulan)} belum dilaporkan"
    return f"{tw(quarter.triwulan)} tidak lengkap: {labels} belum diisi"


def _tws(quarters: Sequence[int]) -> str:
    return ", ".join(tw(q) for q in quarters)


def to_date(indikator: Indikator, quarters: Sequence[Quarter]) -> Figure:
    """The figure to date at the last of `quarters` (which are quarters 1..q in order)."""
    q = quarters[-1].triwulan
    complete = [x for x in quarters if x.complete]
    if not complete:
        if all(x.empty for x in quarters):
            return Figure(None, BELUM_DILAPORKAN, (TEXT_BELUM,))
        if q == 1:
            return Figure(None, TIDAK_LENGKAP, (gap_note(quarters[0], prefixed=False),))
        return Figure(None, TIDAK_LENGKAP, tuple(gap_note(x) for x in quarters if not x.complete))
    if indikator.agregasi == "akhir":
        return _stock(indikator, quarters, complete[-1])
    return _flow_or_mean(indikator, quarters, complete)


def _stock(indikator: Indikator, quarters: Sequence[Quarter], basis: Quarter) -> Figure:
    """Latest complete quarter; later quarters are the gaps (earlier ones do not matter)."""
    gaps = [x for x in quarters if x.triwulan > basis.triwulan]
    notes: list[str] = []
    if gaps:
        reasons = "; ".join(gap_note(x) for x in gaps)
        notes.append(f"Memakai posisi {tw(basis.triwulan)} ({reasons})")
    m = measure(indikator, basis.inputs)
    if m.zero_denominator:
        return Figure(None, PENYEBUT_NOL, (TEXT_PENYEBUT_NOL, *notes))
    return Figure(m.value, TIDAK_LENGKAP if gaps else OK, tuple(notes))


def _flow_or_mean(
    indikator: Indikator, quarters: Sequence[Quarter], complete: Sequence[Quarter]
) -> Figure:
    q = quarters[-1].triwulan
    gaps = [x for x in quarters if not x.complete]
    zero = [x.triwulan for x in complete if measure(indikator, x.inputs).zero_denominator]
    if indikator.agregasi == "jumlah":
        totals = {
            v.id: sum((x.inputs[v.id] for x in complete), Fraction(0)) for v in indikator.variabel
        }
        m = measure(indikator, totals)
        used = [x.triwulan for x in complete]
    else:  # rata_rata
        used = [x.triwulan for x in complete if x.triwulan not in zero]
        values = [measure(indikator, x.inputs).value for x in complete if x.triwulan in used]
        m = Measure(sum(values, Fraction(0)) / len(values)) if values else Measure(None, True)
    notes: list[str] = []
    if m.zero_denominator:
        notes.append(TEXT_PENYEBUT_NOL)
    elif used != list(range(1, q + 1)):
        notes.append(f"Dihitung dari {_tws(used)}")
    notes += [gap_note(x) for x in gaps]
    if not m.zero_denominator:
        # A complete quarter with penyebut 0 has no value of its own. A flow still sums it
        # (noted on its own row only); a mean leaves it out (noted wherever it is left out).
        if indikator.agregasi == "jumlah":
            notes += [
                f"Penyebut {tw(t)} bernilai 0: {tw(t)} tanpa nilai sendiri" for t in zero if t == q
            ]
        else:
            notes += [f"Penyebut {tw(t)} bernilai 0: tidak ikut dirata-rata" for t in zero]
    if m.zero_denominator:
        status = PENYEBUT_NOL
    elif gaps:
        status = TIDAK_LENGKAP
    else:
        status = OK
    return Figure(m.value, status, tuple(notes))
