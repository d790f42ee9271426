"""config.toml validation: every error names its key path; the CLI exits 2 without traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_config

from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.errors import ConfigError, UsageError


def _config(tmp_path: Path, **replace: str) -> Path:
    return write_config(
        tmp_path,
        catalog=ROOT / "tests/data/mini-iki.toml",
        target=ROOT / "tests/data/mini-target-{tahun}.toml",
        replace=replace,
    )


def test_repo_config_loads() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.tahun == 2026
    assert config.kantor.pemerintah_daerah.startswith("Pemerintah Kabupaten")
    assert config.batas_capaian is None
    assert config.predikat.classify(91) == "Sangat Tinggi"
    assert config.predikat.classify(90.99) == "Tinggi"
    assert config.predikat.classify(-20) == "Sangat Rendah"
    assert config.uses_sample_officials


@pytest.mark.parametrize(
    ("pattern", "replacement", "key"),
    [
        (r"^tahun = 2026", 'tahun = "2026"', "tahun"),
        (
            r'(\[pejabat\.kepala_dinas\]\nnama = .*\n)nip = "',
            r'\1nip = "9',
            "pejabat.kepala_dinas.nip",
        ),
        (r"^pemerintah_daerah = .*$", "", "kantor.pemerintah_daerah"),
        (r"^  \{ batas_bawah = 76", "  { batas_bawah = 95", "predikat.skala"),
        (r"^warna_x = ", "", None),
        (r"^# batas_atas = 120", "batas_atas = -5", "capaian.batas_atas"),
        (r"^ukuran_berkas_mb = 20", "ukuran_berkas_mb = 0", "batas.ukuran_berkas_mb"),
        (r'^kata_sandi = ""', "kata_sandi = 5", "template.kata_sandi"),
        (r"^\[folder\]", "[folders]", "folders"),
        (r"^# tanggal_ttd = 2027-01-07", 'tanggal_ttd = "7 Januari"', "laporan.tanggal_ttd"),
        (r'^status = "Plt."', 'status = "Plt"', "pejabat.kasi_pendataan_penduduk.status"),
    ],
)
def test_errors_name_key_path(
    tmp_path: Path, pattern: str, replacement: str, key: str | None
) -> None:
    path = _config(tmp_path, **{pattern: replacement})
    if key is None:
        load_config(path)  # a pattern that matches nothing leaves a valid file
        return
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert exc.value.key == key
    assert f"`{key}`" in str(exc.value)


@pytest.mark.parametrize(
    "nip",
    [
        "19680411199303100",
        "1968041119930310099",
        "19681311199303 1009",
        "196804111993033009",
        "196804111993131009",
    ],
)
def test_invalid_nip_is_rejected(tmp_path: Path, nip: str) -> None:
    path = _config(tmp_path, **{r'^nip = "19\d{16}"': f'nip = "{nip}"'})
    with pytest.raises(ConfigError, match="nip"):
        load_config(path)


def test_nip_as_number_is_rejected(tmp_path: Path) -> None:
    path = _config(tmp_path, **{r'^nip = "(19\d{16})"': r"nip = \1"})
    with pytest.raises(ConfigError, match="harus berupa teks"):
        load_config(path)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tidak ditemukan"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "config.toml"
    bad.write_text("tahun = = 2026\n", encoding="utf-8")
    with pytest.raises(UsageError, match="bukan TOML"):
        load_config(bad)


def test_cli_broken_config_exits_2_with_one_line(tmp_path: Path) -> None:
    path = _config(tmp_path, **{r'(\[pejabat\.kepala_dinas\]\nnama = .*\n)nip = "': r'\1nip = "9'})
    result = CliRunner().invoke(cli, ["--config", str(path), "catalog"])
    assert result.exit_code == 2
    output = result.output.strip()
    assert "pejabat.kepala_dinas.nip" in output
    assert "Traceback" not in output
    assert len(output.splitlines()) <= 2


def test_unknown_official_is_rejected(mini_config: Path) -> None:
    from pipeline.context import load_context

    path = mini_config
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[pejabat.kasi_tidak_ada]\nnama = "X"\nnip = "196804111993031009"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        load_context(path)
    assert exc.value.key == "pejabat.kasi_tidak_ada"
