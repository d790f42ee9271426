"""Readable summary of the catalog for the terminal."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

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


def decisions_table(catalog: Catalog, confirmed: frozenset[str], path: Path | None) -> Group:
    """`catalog --decisions`: every decision the catalog took, and whether it is confirmed."""
    table = Table(title="Keputusan katalog yang perlu dikonfirmasi kantor", expand=True)
    table.add_column("Id", overflow="fold", style="dim")
    table.add_column("Jabatan / indikator", overflow="fold")
    table.add_column("Jenis")
    table.add_column("Uraian", ratio=3, overflow="fold")
    table.add_column("Status", no_wrap=True)
    for k in catalog.keputusan:
        where = catalog.jabatan_by_id[k.jabatan_id].nama
        if k.indikator_id:
            where += f" / {catalog.indikator_by_id[k.indikator_id].nama}"
        table.add_row(
            k.id,
            Text(where),
            k.jenis,
            Text(k.uraian),
            Text("dikonfirmasi", style="green")
            if k.id in confirmed
            else Text("belum", style="bold yellow"),
        )
    todo = sum(1 for k in catalog.keputusan if k.id not in confirmed)
    footer = (
        f"{len(catalog.keputusan)} keputusan, {todo} belum dikonfirmasi. Catat id yang disetujui "
        f'di {path or "berkas [keputusan] berkas"}: dikonfirmasi = ["id", ...].'
    )
    return Group(table, Text(footer))
