"""The IKI catalog: declarative data (iki.toml) and its model; targets are office data (data/)."""

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
