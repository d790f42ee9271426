"""Office data beside the targets: the Renstra period and national/provincial standards.

Both live in the office's `data/` folder (paths in config.toml `[data]`), not in the
package: they change with each planning period, the catalog does not. Files are TOML;
`python -m pipeline targets template` writes the same data as an Excel workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pipeline.catalog.model import Catalog
from pipeline.tomlcheck import Section, load_toml

TINGKAT_STANDAR = ("nasional", "provinsi")


@dataclass(frozen=True)
class RenstraIndikator:
    """One indicator in the Renstra: its baseline, yearly targets and end target."""

    indikator_id: str
    kondisi_awal: float | None  # baseline, the year before the period
    target: Mapping[int, float]  # year -> target of that year

    @property
    def target_akhir(self) -> float | None:
        """The end-of-period target: the target of the period's last year."""
        return self.target[max(self.target)] if self.target else None


@dataclass(frozen=True)
class Renstra:
    awal: int
    akhir: int
    contoh: bool
    indikator: Mapping[str, RenstraIndikator] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def years(self) -> range:
        return range(self.awal, self.akhir + 1)

    @property
    def label(self) -> str:
        return f"{self.awal}–{self.akhir}"


@dataclass(frozen=True)
class Standar:
    """A national or provincial standard (or target) an indicator is compared with."""

    indikator_id: str
    nilai: float
    tingkat: str  # nasional | provinsi
    sumber: str  # the regulation or document it comes from


def load_renstra(path: Path, catalog: Catalog) -> Renstra:
    """data/renstra.toml: `awal`, `akhir`, then [indikator.<id>] kondisi_awal, target = [..]."""
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"awal", "akhir", "contoh", "indikator"})
    awal = root.int("awal", lo=2000, hi=2100)
    akhir = root.int("akhir", lo=2000, hi=2100)
    if not awal < akhir <= awal + 10:
        raise root.fail("akhir", f"harus sesudah awal ({awal}), paling lama 10 tahun", akhir)
    table = root.section("indikator", required=False)
    out: dict[str, RenstraIndikator] = {}
    for iid in table.data:
        if iid not in catalog.indikator_by_id:
            raise table.fail(iid, "bukan id indikator di katalog")
        s = table.section(iid)
        s.unknown_keys({"kondisi_awal", "target"})
        raw = s.list("target")
        n = akhir - awal + 1
        if len(raw) != n or not all(_is_number(x) for x in raw):
            raise s.fail("target", f"harus daftar {n} angka (target tahun {awal}–{akhir})", raw)
        out[iid] = RenstraIndikator(
            indikator_id=iid,
            kondisi_awal=s.number("kondisi_awal", None),
            target=MappingProxyType({awal + k: float(x) for k, x in enumerate(raw)}),
        )
    return Renstra(awal, akhir, root.bool("contoh", False), MappingProxyType(out))


def load_standar(path: Path, catalog: Catalog) -> Mapping[str, Standar]:
    """data/standar.toml: [standar.<id>] nilai, tingkat (nasional|provinsi), sumber."""
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"contoh", "standar"})
    table = root.section("standar", required=False)
    out: dict[str, Standar] = {}
    for iid in table.data:
        if iid not in catalog.indikator_by_id:
            raise table.fail(iid, "bukan id indikator di katalog")
        s = table.section(iid)
        s.unknown_keys({"nilai", "tingkat", "sumber"})
        nilai = s.number("nilai")
        assert nilai is not None
        out[iid] = Standar(iid, nilai, s.choice("tingkat", TINGKAT_STANDAR), s.str("sumber"))
    return MappingProxyType(out)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)
