"""Who has sent which quarter: findings for what is missing, and a short summary.

A jabatan has sent a quarter when its facts of that quarter hold at least one value (a whole
workbook returned by one person carries every sheet, mostly blank: blank sheets do not
count). Within a sent quarter, an indicator whose inputs are all blank is not reported
either. Both are warnings naming the jabatan, its holder (config `[pejabat]`) and the
quarter: the figures to date of that jabatan are then provisional (`tidak_lengkap`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.catalog.model import Catalog, Jabatan
from pipeline.config import Pejabat
from pipeline.facts import BUDGET_INDIKATOR
from pipeline.findings import Finding, warning
from pipeline.fmt import tw

if TYPE_CHECKING:
    import pandas as pd


def fact_rows(values: object) -> list[Mapping]:
    """The facts as row mappings, whether given as a DataFrame or already as rows."""
    if values is None:
        return []
    if hasattr(values, "to_dict"):
        return values.to_dict("records")  # type: ignore[union-attr]
    return list(values)  # type: ignore[call-overload]


def _filled(rows: Iterable[Mapping]) -> list[Mapping]:
    return [r for r in rows if r.get("nilai") is not None and not math.isnan(r["nilai"])]


QUARTER_NOT_REPORTED = "quarter-not-reported"
INDICATOR_NOT_REPORTED = "indicator-not-reported"


@dataclass(frozen=True)
class Submission:
    jabatan_id: str
    triwulan: int
    dikirim: bool  # any value of the jabatan in that quarter
    indikator_kosong: tuple[str, ...]  # ids of indicators with every input blank (when sent)


def holder(jabatan: Jabatan, pejabat: Mapping[str, Pejabat]) -> str:
    """'Kepala Seksi Pendataan Penduduk (Plt. Nurhayati, S.Sos.)' or '(pejabat belum diisi)'."""
    p = pejabat.get(jabatan.id)
    if p is None:
        return f"{jabatan.nama} (pejabat belum diisi di config.toml)"
    status = f"{p.status} " if p.status else ""
    return f"{jabatan.nama} ({status}{p.nama})"


def expected_quarters(values: pd.DataFrame | Sequence[Mapping], triwulan: int | None) -> list[int]:
    """1..Q for a report; for `check`, the quarters the files read belong to (a folder of
    TW III returns is not short of TW I and II)."""
    if triwulan is not None:
        return list(range(1, triwulan + 1))
    return sorted({int(r["triwulan"]) for r in fact_rows(values)})


def submissions(
    catalog: Catalog, values: pd.DataFrame | Sequence[Mapping], quarters: Sequence[int]
) -> list[Submission]:
    sent: dict[tuple[str, int], set[str]] = {}
    for r in _filled(fact_rows(values)):
        if r["indikator_id"] == BUDGET_INDIKATOR:  # the Anggaran sheet is not an IKI report
            continue
        sent.setdefault((str(r["jabatan_id"]), int(r["triwulan"])), set()).add(
            str(r["indikator_id"])
        )
    out = []
    for q in quarters:
        for j in catalog.jabatan:
            got = sent.get((j.id, q))
            empty = tuple(i.id for i in j.indikator if got and i.id not in got)
            out.append(Submission(j.id, q, bool(got), empty))
    return out


def completeness_findings(
    catalog: Catalog,
    values: pd.DataFrame | Sequence[Mapping],
    quarters: Sequence[int],
    pejabat: Mapping[str, Pejabat],
) -> list[Finding]:
    values = fact_rows(values)
    out: list[Finding] = []
    for s in submissions(catalog, values, quarters):
        j = catalog.jabatan_by_id[s.jabatan_id]
        who = holder(j, pejabat)
        if not s.dikirim:
            out.append(
                warning(
                    QUARTER_NOT_REPORTED,
                    f"{who} belum mengirim {tw(s.triwulan)}: angka s.d. {tw(s.triwulan)} "
                    "jabatan ini ditandai tidak lengkap dan tidak dihitung dalam rata-rata. "
                    "Minta workbook yang sudah diisi, simpan di folder masukan, lalu jalankan "
                    "ulang.",
                    sheet=j.lembar,
                    jabatan=j.id,
                    triwulan=s.triwulan,
                )
            )
            continue
        for iid in s.indikator_kosong:
            ind = catalog.indikator_by_id[iid]
            out.append(
                warning(
                    INDICATOR_NOT_REPORTED,
                    f'{who} belum mengisi indikator "{ind.nama}" untuk {tw(s.triwulan)}: '
                    "angkanya ditandai tidak lengkap. Minta pengisi melengkapinya.",
                    file=_file_of(values, j.id, s.triwulan),
                    sheet=j.lembar,
                    jabatan=j.id,
                    indikator=iid,
                    triwulan=s.triwulan,
                )
            )
    return out


def _file_of(values: Sequence[Mapping], jabatan_id: str, q: int) -> str | None:
    names = sorted(
        {
            str(r["berkas"])
            for r in values
            if r["jabatan_id"] == jabatan_id
            and r["triwulan"] == q
            and isinstance(r.get("berkas"), str)
            and r["berkas"]
        }
    )
    return names[0] if names else None


def submission_summary(
    catalog: Catalog,
    values: pd.DataFrame | Sequence[Mapping],
    quarters: Sequence[int],
    pejabat: Mapping[str, Pejabat],
) -> list[str]:
    """One line per quarter: how many jabatan sent it, and who has not (with the holder)."""
    by_q: dict[int, list[Submission]] = {}
    for s in submissions(catalog, values, quarters):
        by_q.setdefault(s.triwulan, []).append(s)
    lines = []
    total = len(catalog.jabatan)
    for q, subs in by_q.items():
        missing = [
            holder(catalog.jabatan_by_id[s.jabatan_id], pejabat) for s in subs if not s.dikirim
        ]
        partial = sum(1 for s in subs if s.dikirim and s.indikator_kosong)
        line = f"Kiriman {tw(q)}: {total - len(missing)} dari {total} jabatan mengirim"
        if partial:
            line += f" ({partial} dengan indikator yang belum diisi)"
        if not missing:
            line += "; lengkap."
        elif len(missing) == total:  # nobody yet: the list would just repeat every official
            line += ": belum ada kiriman untuk triwulan ini."
        else:
            line += "; belum mengirim: " + "; ".join(missing) + "."
        lines.append(line)
    return lines
