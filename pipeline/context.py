"""Load config, catalog and targets together and check that they agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pipeline.budget.load import load_budget
from pipeline.budget.model import Budget
from pipeline.catalog import Catalog, Targets, load_catalog, load_targets
from pipeline.catalog.model import BUPATI
from pipeline.catalog.office import Renstra, Standar, load_renstra, load_standar
from pipeline.config import Config, load_config
from pipeline.errors import ConfigError
from pipeline.wilayah import Wilayah, load_wilayah


@dataclass(frozen=True)
class Context:
    config: Config
    catalog: Catalog
    targets: Targets  # the reporting year's targets (office data, data/target-<tahun>.toml)
    renstra: Renstra | None = None
    standar: Mapping[str, Standar] = field(default_factory=lambda: MappingProxyType({}))
    # The regency's kecamatan (office data); empty: every indicator is entered as a whole.
    wilayah: Wilayah = field(default_factory=Wilayah)
    # The reporting year's budget (data/anggaran-<tahun>.toml) when the office has one:
    # the Anggaran sheet of the workbook and the LKjIP Bab III budget tables need it.
    budget: Budget | None = None


def load_office_data(config_path: Path) -> tuple[Config, Catalog, Renstra | None, Mapping]:
    """Config, catalog, Renstra and standards: what needs no year's target file."""
    config = load_config(config_path)
    catalog = load_catalog(config.katalog)
    files = (("renstra", config.renstra), ("standar", config.standar))
    for key, file in (*files, ("kecamatan", config.kecamatan)):
        if file is not None and not file.is_file():
            raise ConfigError(
                config.path.name, f"data.{key}", "menunjuk berkas yang tidak ada", str(file)
            )
    renstra = load_renstra(config.renstra, catalog) if config.renstra else None
    standar = load_standar(config.standar, catalog) if config.standar else MappingProxyType({})
    return config, catalog, renstra, standar


def load_context(config_path: Path, tahun: int | None = None) -> Context:
    """Everything a command needs; any inconsistency is a ConfigError (exit 2)."""
    config, catalog, renstra, standar = load_office_data(config_path)
    year = tahun or config.tahun
    target_file = config.target_path(year)
    if not target_file.is_file():
        raise ConfigError(
            config.path.name,
            "data.target",
            f"menunjuk berkas target tahun {year} yang belum ada: buat berkas itu (salin "
            f"berkas target tahun lain, ganti `tahun = {year}` dan isi target Perjanjian "
            "Kinerja tahun itu) atau pilih tahun lain dengan --year",
            str(target_file),
        )
    targets = load_targets(target_file, catalog)
    if targets.tahun != year:
        raise ConfigError(target_file.name, "tahun", f"harus {year}", targets.tahun)
    for jabatan_id in config.pejabat:
        if jabatan_id != BUPATI and jabatan_id not in catalog.jabatan_by_id:
            raise ConfigError(
                config.path.name,
                f"pejabat.{jabatan_id}",
                "bukan id jabatan di katalog (lihat `python -m pipeline catalog`)",
            )
    budget_file = config.anggaran_path(year)
    budget = load_budget(budget_file, catalog, year) if budget_file.is_file() else None
    return Context(
        config=config,
        catalog=catalog,
        targets=targets,
        renstra=renstra,
        standar=standar,
        wilayah=load_wilayah(config.kecamatan) if config.kecamatan else Wilayah(),
        budget=budget,
    )
