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


def decisions_table(catalog: Catalog, confirmed: frozenset[str], path: Path | None) -> Text:
    """`catalog --decisions`: every decision the catalog took, and whether it is confirmed.

    A list, not a table: the descriptions are long, and a table squeezes them into a sliver
    on an ordinary terminal.
    """
    out = Text("Keputusan katalog yang perlu dikonfirmasi kantor\n\n", style="bold")
    for k in catalog.keputusan:
        where = catalog.jabatan_by_id[k.jabatan_id].nama
        if k.indikator_id:
            where += f" / {catalog.indikator_by_id[k.indikator_id].nama}"
        done = k.id in confirmed
        out.append(k.id, style="bold")
        out.append(f"  [{k.jenis}]  ", style="dim")
        out.append(
            "dikonfirmasi" if done else "belum dikonfirmasi",
            style="green" if done else "bold yellow",
        )
        out.append(f"\n    {where}\n    {k.uraian}\n\n")
    todo = sum(1 for k in catalog.keputusan if k.id not in confirmed)
    out.append(
        f"\n{len(catalog.keputusan)} keputusan, {todo} belum dikonfirmasi. Catat id yang "
        f'disetujui di {path or "berkas [keputusan] berkas"}: dikonfirmasi = ["id", ...].'
    )
    return out
