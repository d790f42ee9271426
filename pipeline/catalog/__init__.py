"""The IKI catalog: declarative data (iki.toml, target-<tahun>.toml) and its model."""

from pipeline.catalog.load import load_catalog, load_targets
from pipeline.catalog.model import Catalog, Indikator, Jabatan, Sasaran, Target, Targets, Variabel

__all__ = [
    "Catalog",
    "Indikator",
    "Jabatan",
    "Sasaran",
    "Target",
    "Targets",
    "Variabel",
    "load_catalog",
    "load_targets",
]
