"""Findings about a loaded budget: usable data that someone should look at.

A sub kegiatan that nobody holds, or that supports no indicator, still loads (the file is
valid), but it appears in nobody's Perjanjian Kinerja or in no sasaran's analysis.
"""

from __future__ import annotations

from pipeline.budget.model import SUB_KEGIATAN, Budget, BudgetLine
from pipeline.catalog.model import BUPATI, Catalog
from pipeline.findings import Finding, info, warning


def budget_findings(budget: Budget, catalog: Catalog) -> list[Finding]:
    out: list[Finding] = []
    where = {"file": budget.file}
    if budget.contoh:
        out.append(
            info(
                "sample-budget",
                f"Berkas anggaran tahun {budget.tahun} berisi pagu CONTOH (contoh = true). "
                "Isi program, kegiatan, sub kegiatan dan pagu dinas yang sebenarnya, lalu "
                "hapus `contoh = true`.",
                **where,
            )
        )
    for line in budget.lines:
        holder = budget.holder(line)
        if line.tingkat == SUB_KEGIATAN and holder is None:
            out.append(
                warning(
                    "budget-line-unassigned",
                    f"{_name(line)} ({line.key}) tidak dipegang jabatan mana pun, juga tidak "
                    "lewat kegiatan atau programnya, sehingga tidak masuk Perjanjian Kinerja "
                    "siapa pun. Isi `jabatan` pada sub kegiatan, kegiatan atau programnya.",
                    **where,
                )
            )
        supported = [i for b in (line, *budget.ancestors(line)) for i in b.indikator]
        if line.tingkat == SUB_KEGIATAN and not supported:
            out.append(
                warning(
                    "budget-no-indicator",
                    f"{_name(line)} ({line.key}) tidak mendukung indikator mana pun, juga "
                    "tidak lewat kegiatan atau programnya. Isi `indikator` dengan id "
                    "indikator (dan dengan itu sasaran) yang didukungnya.",
                    jabatan=holder,
                    **where,
                )
            )
        if holder is None:
            continue
        related = _chain(catalog, holder)
        for n, iid in enumerate(line.indikator):
            owner = catalog.indikator_by_id[iid].jabatan_id
            if owner not in related:
                out.append(
                    warning(
                        "budget-indicator-foreign",
                        f"{_name(line)} ({line.key}.indikator[{n}]) dipegang "
                        f"{catalog.jabatan_by_id[holder].nama} tetapi mendukung indikator "
                        f"{iid} milik {catalog.jabatan_by_id[owner].nama}, yang bukan atasan "
                        "atau bawahannya. Periksa `jabatan` dan `indikator` baris ini.",
                        jabatan=holder,
                        indikator=iid,
                        **where,
                    )
                )
    return out


def _name(line: BudgetLine) -> str:
    return f"{line.label} {line.kode} {line.nama}"


def _chain(catalog: Catalog, jabatan_id: str) -> set[str]:
    """The jabatan itself, its superiors up to the head of office, and all its subordinates."""
    out = {jabatan_id}
    j = catalog.jabatan_by_id[jabatan_id]
    while j.atasan != BUPATI and j.atasan not in out:
        out.add(j.atasan)
        j = catalog.jabatan_by_id[j.atasan]
    frontier = [jabatan_id]
    while frontier:
        boss = frontier.pop()
        for sub in catalog.jabatan:
            if sub.atasan == boss and sub.id not in out:
                out.add(sub.id)
                frontier.append(sub.id)
    return out
