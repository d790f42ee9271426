"""Shared fixtures: a small test catalog and a config pointing at it, built in tmp_path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.context import Context, load_context

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def write_config(
    tmp_path: Path,
    *,
    catalog: Path,
    target: Path,
    extra: str = "",
    replace: dict[str, str] | None = None,
) -> Path:
    """Copy the repo's config.toml into tmp_path, pointing at the given catalog files."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('berkas = "pipeline/catalog/iki.toml"', f'berkas = "{catalog}"')
    text = text.replace('target = "data/target-{tahun}.toml"', f'target = "{target}"')
    # Renstra, standards and kecamatan are the repository's office data: left out unless
    # asked for.
    text = re.sub(r'(?m)^(renstra|standar|kecamatan) = "data/.*"\n', "", text)
    for old, new in (replace or {}).items():
        text = re.sub(old, new, text, flags=re.M)
    path = tmp_path / "config.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture
def mini_config(tmp_path: Path) -> Path:
    """config.toml for the mini catalog; officials of jabatan not in it are dropped."""
    return write_mini_config(tmp_path)


def write_mini_config(tmp_path: Path) -> Path:
    """The mini_config fixture's files in any folder (for module-scoped fixtures)."""
    shutil.copy(DATA / "mini-iki.toml", tmp_path / "iki.toml")
    shutil.copy(DATA / "mini-target-2026.toml", tmp_path / "target-2026.toml")
    path = write_config(
        tmp_path, catalog=tmp_path / "iki.toml", target=tmp_path / "target-{tahun}.toml"
    )
    text = path.read_text(encoding="utf-8")
    keep = ("bupati", "kepala_dinas", "sekretaris")
    blocks = re.split(r"(?m)^(?=\[pejabat\.)", text)
    text = "".join(
        b for b in blocks if not b.startswith("[pejabat.") or b.split("]")[0][9:] in keep
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mini_ctx(mini_config: Path) -> Context:
    return load_context(mini_config)


@pytest.fixture(scope="session")
def real_ctx() -> Context:
    """The repository's own config.toml and full catalog."""
    return load_context(ROOT / "config.toml")
