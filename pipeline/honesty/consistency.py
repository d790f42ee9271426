"""Consistency rules between jabatan (catalog `[[aturan]]`), checked on the reported facts.

- `tidak_melebihi`: left <= sum(right), e.g. a Kepala Seksi's valid records cannot exceed
  the Kepala Bidang's whole database;
- `sama_dengan_jumlah`: left == sum(right), e.g. a Kepala Bidang's akta count equals the
  sum of his Kepala Seksi's.
Each rule is checked per quarter where every input it names was reported (a blank is not
zero: a rule with a blank side says nothing). A broken rule is a warning naming every cell
involved: file, sheet and cell of each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from pipeline import fmt
from pipeline.catalog.model import Aturan, Catalog, Sel
from pipeline.findings import Finding, warning
from pipeline.fmt import tw
from pipeline.honesty.completeness import _filled, fact_rows

if TYPE_CHECKING:
    import pandas as pd

RULE_EXCEEDS = "consistency-exceeds"
RULE_SUM_MISMATCH = "consistency-sum-mismatch"


@dataclass(frozen=True)
class Reported:
    value: Fraction
    berkas: str
    lembar: str
    sel: str

    @property
    def where(self) -> str:
        return " › ".join(p for p in (self.berkas, self.lembar, self.sel) if p)


def consistency_findings(
    catalog: Catalog, values: pd.DataFrame | Sequence[Mapping]
) -> list[Finding]:
    if not catalog.aturan:
        return []
    facts = _index(fact_rows(values))
    if not facts:
        return []
    quarters = sorted({q for q, _i, _v in facts})
    out: list[Finding] = []
    for rule in catalog.aturan:
        for q in quarters:
            left = facts.get((q, rule.kiri.indikator_id, rule.kiri.variabel_id))
            right = [facts.get((q, k.indikator_id, k.variabel_id)) for k in rule.kanan]
            if left is None or any(r is None for r in right):
                continue
            total = sum((r.value for r in right), Fraction(0))  # type: ignore[union-attr]
            broken = left.value > total if rule.jenis == "tidak_melebihi" else left.value != total
            if broken:
                out.append(_finding(catalog, rule, q, left, right, total))  # type: ignore[arg-type]
    return out


def _index(values: Sequence[Mapping]) -> dict[tuple[int, str, str], Reported]:
    out = {}
    for r in _filled(values):
        if (r.get("wilayah") or "*") != "*":
            continue
        out[(int(r["triwulan"]), str(r["indikator_id"]), str(r["variabel_id"]))] = Reported(
            Fraction(repr(float(r["nilai"]))),
            str(r.get("berkas") or ""),
            str(r.get("lembar") or ""),
            str(r.get("sel") or ""),
        )
    return out


def _label(catalog: Catalog, sel: Sel) -> str:
    ind = catalog.indikator_by_id[sel.indikator_id]
    var = next(v for v in ind.variabel if v.id == sel.variabel_id)
    jabatan = catalog.jabatan_by_id[ind.jabatan_id]
    return f'{jabatan.nama}: "{var.label}"'


def _finding(
    catalog: Catalog, rule: Aturan, q: int, left: Reported, right: list[Reported], total: Fraction
) -> Finding:
    parts = [
        f"{_label(catalog, k)} = {fmt.angka_auto(float(r.value))} ({r.where})"
        for k, r in zip(rule.kanan, right, strict=True)
    ]
    kiri = f"{_label(catalog, rule.kiri)} = {fmt.angka_auto(float(left.value))} ({left.where})"
    kanan = " + ".join(parts)
    if rule.jenis == "tidak_melebihi":
        code, relation = RULE_EXCEEDS, "melebihi"
    else:
        code, relation = RULE_SUM_MISMATCH, "tidak sama dengan"
    if len(right) > 1:
        kanan += f" (jumlah {fmt.angka_auto(float(total))})"
    ind = catalog.indikator_by_id[rule.kiri.indikator_id]
    return warning(
        code,
        f"{tw(q)}: {kiri} {relation} {kanan}. Aturan: {rule.uraian} Periksa angka di kedua "
        "sel dan perbaiki yang salah.",
        file=left.berkas or None,
        sheet=left.lembar or None,
        cell=left.sel or None,
        jabatan=ind.jabatan_id,
        indikator=ind.id,
        triwulan=q,
    )
