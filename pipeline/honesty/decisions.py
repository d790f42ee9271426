"""Catalog decisions the office confirms in its own data (`[keputusan] berkas`).

The file lists the ids of the decisions the office has checked against its documents:

    dikonfirmasi = ["nilai_akuntabilitas.formulasi", "database_valid.penyebut"]

A missing file means nothing is confirmed yet. An id not in the catalog is a config error
naming its key (`dikonfirmasi[3]`), so a typo cannot confirm nothing silently.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.catalog.model import Catalog, Keputusan
from pipeline.findings import Finding, info
from pipeline.tomlcheck import Section, load_toml

DECISIONS_UNCONFIRMED = "decisions-unconfirmed"


def load_confirmed(path: Path | None, catalog: Catalog) -> frozenset[str]:
    if path is None or not Path(path).is_file():
        return frozenset()
    root = Section(load_toml(Path(path)), Path(path).name)
    root.unknown_keys({"dikonfirmasi"})
    ids = root.list("dikonfirmasi", [])
    known = {k.id for k in catalog.keputusan}
    for n, kid in enumerate(ids):
        if not isinstance(kid, str) or kid not in known:
            raise root.fail(
                f"dikonfirmasi[{n}]",
                "harus id keputusan katalog (lihat python -m pipeline catalog --decisions)",
                kid,
            )
    return frozenset(ids)


def unconfirmed(catalog: Catalog, confirmed: frozenset[str]) -> list[Keputusan]:
    return [k for k in catalog.keputusan if k.id not in confirmed]


def unconfirmed_finding(catalog: Catalog, confirmed: frozenset[str], file: str) -> list[Finding]:
    """Info on an official report: which catalog decisions the office has not confirmed."""
    todo = unconfirmed(catalog, confirmed)
    if not todo:
        return []
    return [
        info(
            DECISIONS_UNCONFIRMED,
            f"{len(todo)} keputusan katalog belum dikonfirmasi kantor: "
            + ", ".join(k.id for k in todo)
            + ". Periksa uraiannya (python -m pipeline catalog --decisions) lalu catat id "
            f"yang disetujui di {file} (dikonfirmasi = [...]).",
            file=file,
        )
    ]
