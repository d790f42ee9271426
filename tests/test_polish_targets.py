"""targets template -> targets import keeps the sample-data marker and, when nothing
changed, the files themselves (comments included); one finding per refused cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_config

from pipeline.catalog import load_catalog
from pipeline.catalog.office import load_renstra
from pipeline.cli import cli
from pipeline.context import load_context
from pipeline.officebook.targets import flag_name, name, read_targets_workbook
from pipeline.officebook.tomlwrite import sample_flag
from pipeline.template.fill import fill_workbook


@pytest.fixture
def office(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = write_config(
        tmp_path,
        catalog=ROOT / "pipeline/catalog/iki.toml",
        target=Path("data/target-{tahun}.toml"),
    )
    text = path.read_text(encoding="utf-8").replace(
        "[data]\n", '[data]\nrenstra = "data/renstra.toml"\nstandar = "data/standar.toml"\n'
    )
    path.write_text(text, encoding="utf-8")
    return path


def _template(office: Path, out: Path) -> Path:
    made = CliRunner().invoke(
        cli, ["--config", str(office), "targets", "template", "--year", "2026", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    return Path(made.output.strip().splitlines()[-1])


FILES = ("target-2026.toml", "renstra.toml", "standar.toml")


def test_unchanged_round_trip_keeps_files_comments_and_sample_marker(
    office: Path, tmp_path: Path
) -> None:
    data = office.parent / "data"
    before = {f: (data / f).read_bytes() for f in FILES}
    assert all(b"contoh = true" in b and b"# " in b for b in before.values())
    book = _template(office, tmp_path / "t")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["--config", str(office), "targets", "import", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Tidak berubah") == 3 and "[DATA CONTOH]" in result.output
    assert {f: (data / f).read_bytes() for f in FILES} == before
    ctx = load_context(office)
    assert ctx.targets.contoh and ctx.renstra is not None and ctx.renstra.contoh


def test_changed_values_keep_the_marker_until_the_flag_says_tidak(
    office: Path, tmp_path: Path
) -> None:
    data = office.parent / "data"
    book = _template(office, tmp_path / "t")
    changed = tmp_path / "ubah.xlsx"
    fill_workbook(book, changed, {name("kepemilikan_ktp_el", "target", "tahunan"): 98.5,
                                  name("kepemilikan_ktp_el", "target", "tw4"): 98.5,
                                  name("kepemilikan_ktp_el", "renstra", "awal"): 97.0})  # fmt: skip
    base = ["--config", str(office), "targets", "import"]
    first = CliRunner().invoke(cli, [*base, str(changed)])
    assert first.exit_code == 0, first.output
    assert sample_flag(data / "renstra.toml")  # rewritten, still marked as sample data
    assert load_renstra(data / "renstra.toml", load_catalog(ROOT / "pipeline/catalog/iki.toml"))
    official = tmp_path / "resmi.xlsx"
    fill_workbook(changed, official, {flag_name("target"): "Tidak", flag_name("renstra"): "Tidak"})
    second = CliRunner().invoke(cli, [*base, str(official)])
    assert second.exit_code == 0, second.output
    assert not sample_flag(data / "target-2026.toml")
    assert not sample_flag(data / "renstra.toml")
    assert sample_flag(data / "standar.toml")  # its flag still says Ya
    assert not load_context(office).targets.contoh
    assert (data / "renstra.toml.bak").is_file()


def test_a_refused_cell_gets_one_finding_not_a_second_partial_one(
    office: Path, tmp_path: Path
) -> None:
    book = _template(office, tmp_path / "t")
    bad = tmp_path / "minus.xlsx"
    fill_workbook(book, bad, {name("kepemilikan_ktp_el", "target", "tw2"): -3,
                              name("cakupan_akta_capil", "renstra", "th2027"): -1,
                              name("kepemilikan_ktp_el", "standar", "nilai"): "x"})  # fmt: skip
    out = read_targets_workbook(bad, load_catalog(ROOT / "pipeline/catalog/iki.toml"))
    assert len(out.findings) == 3, [f.message for f in out.findings]
    assert not any("sebagian" in f.message or "kosong" in f.message for f in out.findings)
