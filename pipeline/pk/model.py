"""Perjanjian Kinerja model: for every jabatan, both parties, the targets and the budget.

Built once from the context (catalog, targets, officials) and the budget office data; the
PDF and the Word renderers format it and never compute a figure themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.budget import Budget, BudgetLine
from pipeline.catalog.model import Indikator, Jabatan, Target
from pipeline.config import Kantor
from pipeline.context import Context
from pipeline.findings import Finding
from pipeline.report.build import signatories
from pipeline.report.model import Signatory


@dataclass(frozen=True)
class TargetRow:
    no: int  # sasaran number within the jabatan
    sasaran: str
    rowspan: int  # rows of this sasaran on its first row, 0 on the others
    indikator: Indikator
    target: Target | None  # None: the target file has no entry (cannot happen after load)


@dataclass(frozen=True)
class PkDocument:
    jabatan: Jabatan
    pihak_pertama: Signatory  # the holder
    pihak_kedua: Signatory  # the superior (the Bupati for the head of office)
    targets: tuple[TargetRow, ...]
    anggaran: tuple[BudgetLine, ...]  # lines the jabatan holds, in budget order
    total_anggaran: int  # pagu answered for (nested held lines counted once)

    @property
    def has_budget(self) -> bool:
        return bool(self.anggaran)


@dataclass(frozen=True)
class PkModel:
    kantor: Kantor
    tahun: int
    tanggal: dt.date
    documents: tuple[PkDocument, ...]  # catalog order
    sumber_dana: str
    contoh_target: bool
    contoh_anggaran: bool
    findings: tuple[Finding, ...]


def build_pk(
    ctx: Context, budget: Budget, *, tahun: int, tanggal: dt.date, findings: list[Finding]
) -> PkModel:
    signers = signatories(ctx)
    docs = []
    for j in ctx.catalog.jabatan:
        rows = []
        for n, s in enumerate(j.sasaran, start=1):
            for k, ind in enumerate(s.indikator):
                rows.append(
                    TargetRow(
                        no=n,
                        sasaran=s.nama,
                        rowspan=len(s.indikator) if k == 0 else 0,
                        indikator=ind,
                        target=ctx.targets.by_id.get(ind.id),
                    )
                )
        docs.append(
            PkDocument(
                jabatan=j,
                pihak_pertama=signers[j.id],
                pihak_kedua=signers[j.atasan],
                targets=tuple(rows),
                anggaran=tuple(budget.held_by(j.id)),
                total_anggaran=budget.total_held(j.id),
            )
        )
    return PkModel(
        kantor=ctx.config.kantor,
        tahun=tahun,
        tanggal=tanggal,
        documents=tuple(docs),
        sumber_dana=budget.sumber_dana,
        contoh_target=ctx.targets.contoh,
        contoh_anggaran=budget.contoh,
        findings=tuple(findings),
    )
