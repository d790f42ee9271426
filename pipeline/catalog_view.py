"""Readable summary of the catalog for the terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.table import Table

from pipeline.catalog import Catalog
from pipeline.catalog.model import UNITS


def catalog_summary(catalog: Catalog) -> Group:
    table = Table(title="Katalog IKI", expand=True)
    table.add_column("Unit")
    table.add_column("Jabatan (id)", overflow="fold")
    table.add_column("Indikator", justify="right")
    table.add_column("Jenis")
    for j in catalog.jabatan:
        kinds = Counter(i.jenis for i in j.indikator)
        table.add_row(
            UNITS[j.unit],
            f"{j.nama}\n[dim]{j.id}[/]",
            str(len(j.indikator)),
            ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        )
    kinds = Counter(i.jenis for i in catalog.indikator)
    aggs = Counter(i.agregasi for i in catalog.indikator)
    footer = (
        f"{len(catalog.jabatan)} jabatan, {len(catalog.indikator)} indikator "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); agregasi: "
        f"{', '.join(f'{k} {n}' for k, n in sorted(aggs.items()))}. "
        f"Sidik katalog: {catalog.fingerprint}."
    )
    return Group(table, footer)
