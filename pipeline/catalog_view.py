"""Readable summary of the catalog for the terminal."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pipeline.catalog import Catalog
from pipeline.catalog.model import UNITS


def catalog_summary(catalog: Catalog) -> Group:
    table = Table(title="Katalog IKI", expand=True)
    table.add_column("Unit", ratio=1)
    # Wide enough for the longest id: an id is typed back into config files, so it is
    # never broken across lines (names wrap between words).
    longest = max((len(j.id) for j in catalog.jabatan), default=10)
    table.add_column("Jabatan (id)", min_width=longest, ratio=2)
    table.add_column("Indikator", justify="right")
    table.add_column("Jenis", ratio=1)
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
    """`catalog --decisions`: every decision the catalog took, and whether it is confirmed.

    A list, not a table: the descriptions are long, and a table squeezes them into a sliver
    on an ordinary terminal. Each description is indented as a block, so its wrapped
    lines keep the indent.
    """
    parts: list = [Text("Keputusan katalog yang perlu dikonfirmasi kantor\n", style="bold")]
    for k in catalog.keputusan:
        where = catalog.jabatan_by_id[k.jabatan_id].nama
        if k.indikator_id:
            where += f" / {catalog.indikator_by_id[k.indikator_id].nama}"
        done = k.id in confirmed
        head = Text(k.id, style="bold")
        head.append(f"  [{k.jenis}]  ", style="dim")
        head.append(
            "dikonfirmasi" if done else "belum dikonfirmasi",
            style="green" if done else "bold yellow",
        )
        parts += [head, Padding(Text(f"{where}\n{k.uraian}\n"), (0, 0, 0, 4))]
    todo = sum(1 for k in catalog.keputusan if k.id not in confirmed)
    parts.append(
        Text(
            f"{len(catalog.keputusan)} keputusan, {todo} belum dikonfirmasi. Catat id yang "
            f'disetujui di {path or "berkas [keputusan] berkas"}: dikonfirmasi = ["id", ...].'
        )
    )
    return Group(*parts)
