"""Office data outside the package: data/ TOML files, their config keys, and the Excel
workbook that writes them (template, import with cell-precise findings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT, write_config

from pipeline.catalog import load_catalog
from pipeline.catalog.office import load_renstra
from pipeline.cli import cli
from pipeline.context import load_context
from pipeline.errors import ConfigError
from pipeline.officebook.targets import name
from pipeline.template.fill import fill_workbook


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """config.toml using the full catalog and a copy of the repository's data/ folder."""
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


def test_targets_are_no_longer_inside_the_package() -> None:
    package = ROOT / "pipeline"
    assert not list(package.rglob("target-*.toml"))
    ctx = load_context(ROOT / "config.toml")
    assert ctx.config.target_path(2026) == ROOT / "data" / "target-2026.toml"
    assert ctx.renstra is not None and ctx.renstra.years == range(2025, 2030)
    assert ctx.renstra.indikator["kepemilikan_ktp_el"].target_akhir == 99.5
    assert ctx.standar["kepemilikan_ktp_el"].tingkat == "nasional"


def test_office_data_errors_name_the_key(office: Path) -> None:
    renstra = office.parent / "data" / "renstra.toml"
    renstra.write_text(
        renstra.read_text(encoding="utf-8").replace(
            "target = [98.0, 98.5, 98.8, 99.1, 99.5]", "target = [98.0, 98.5]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        load_context(office)
    assert exc.value.key == "indikator.kepemilikan_ktp_el.target"
    renstra.unlink()
    with pytest.raises(ConfigError) as exc:
        load_context(office)
    assert exc.value.key == "data.renstra"


def test_old_config_key_katalog_target_still_works(tmp_path: Path) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('target = "data/target-{tahun}.toml"\n', "")
    old_keys = (
        f'berkas = "{ROOT}/pipeline/catalog/iki.toml"\n'
        f'target = "{ROOT}/data/target-{{tahun}}.toml"\n'
    )
    text = text.replace('berkas = "pipeline/catalog/iki.toml"\n', old_keys)
    text = text.replace('"data/renstra.toml"', f'"{ROOT}/data/renstra.toml"')
    text = text.replace('"data/standar.toml"', f'"{ROOT}/data/standar.toml"')
    text = text.replace('"data/kecamatan.toml"', f'"{ROOT}/data/kecamatan.toml"')
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    assert load_context(tmp_path / "config.toml").targets.tahun == 2026


def test_targets_workbook_round_trip(office: Path, tmp_path: Path) -> None:
    before = load_context(office)
    base = ["--config", str(office)]
    made = CliRunner().invoke(cli, [*base, "targets", "template", "--year", "2026", "--out",
                                    str(tmp_path / "t")])  # fmt: skip
    assert made.exit_code == 0, made.output
    book = Path(made.output.strip().splitlines()[-1])
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Target", "Renstra", "Standar"]
    assert all(wb[s].protection.sheet for s in wb.sheetnames)
    for f in (office.parent / "data").glob("*.toml"):
        if f.name.startswith("anggaran-"):  # the budget is not in the targets workbook
            continue
        f.write_text("# dihapus\n", encoding="utf-8")  # the import must rewrite them all
    result = CliRunner().invoke(cli, [*base, "targets", "import", str(book)])
    assert result.exit_code == 0, result.output
    after = load_context(office)
    assert after.targets.by_id == before.targets.by_id
    assert dict(after.standar) == dict(before.standar)
    assert after.renstra is not None and before.renstra is not None
    assert (after.renstra.awal, after.renstra.akhir) == (before.renstra.awal, before.renstra.akhir)
    for iid, ind in before.renstra.indikator.items():
        got = after.renstra.indikator[iid]
        assert (got.kondisi_awal, dict(got.target)) == (ind.kondisi_awal, dict(ind.target))
    assert (office.parent / "data" / "target-2026.toml.bak").is_file()


def test_targets_workbook_bad_cells_are_findings(office: Path, tmp_path: Path) -> None:
    base = ["--config", str(office)]
    made = CliRunner().invoke(
        cli,
        [
            *base,
            "targets",
            "template",
            "--year",
            "2027",
            "--renstra",
            "2025-2029",
            "--out",
            str(tmp_path / "t"),
        ],
    )
    book = Path(made.output.strip().splitlines()[-1])
    # 2027 has no target file: the Target sheet starts blank, Renstra and Standar pre-filled.
    catalog = load_catalog(ROOT / "pipeline/catalog/iki.toml")
    values: dict[str, object] = {}
    for ind in catalog.indikator:
        values[name(ind.id, "target", "tahunan")] = 10
    values[name("kepemilikan_ktp_el", "target", "tahunan")] = 98.5
    values[name("kepemilikan_ktp_el", "target", "tw1")] = 97
    values[name("kepemilikan_ktp_el", "target", "tw2")] = 97.5
    values[name("kepemilikan_ktp_el", "target", "tw3")] = 98
    values[name("kepemilikan_ktp_el", "target", "tw4")] = 99  # != tahunan
    values[name("kia_tercetak", "target", "tahunan")] = "empat puluh"
    values[name("akta_kematian", "target", "tahunan")] = None  # required
    values[name("cakupan_akta_capil", "renstra", "th2027")] = None  # partial Renstra row
    values[name("kia_tercetak", "standar", "sumber")] = None  # partial standard
    filled = tmp_path / "isi.xlsx"
    fill_workbook(book, filled, values)
    before = {p.name: p.read_bytes() for p in (office.parent / "data").iterdir()}
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, [*base, "targets", "import",
                                                           str(filled)])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert {p.name: p.read_bytes() for p in (office.parent / "data").iterdir()} == before
    from pipeline.officebook.targets import read_targets_workbook

    out = read_targets_workbook(filled, catalog)
    wb = openpyxl.load_workbook(filled)

    def where(n: str) -> tuple[str, str]:
        ((sheet, coord),) = list(wb.defined_names[n].destinations)
        return sheet, coord.replace("$", "")

    got = {(f.sheet, f.cell) for f in out.findings}
    for n in (
        name("kepemilikan_ktp_el", "target", "tw4"),
        name("kia_tercetak", "target", "tahunan"),
        name("akta_kematian", "target", "tahunan"),
        name("cakupan_akta_capil", "renstra", "th2027"),
        name("kia_tercetak", "standar", "sumber"),
    ):
        assert where(n) in got, n
    assert len(out.findings) == 5 and all(f.file == "isi.xlsx" for f in out.findings)


def test_renstra_loader_refuses_unknown_indicator(tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "pipeline/catalog/iki.toml")
    path = tmp_path / "renstra.toml"
    path.write_text("awal = 2025\nakhir = 2029\n[indikator.tidak_ada]\ntarget = [1,2,3,4,5]\n")
    with pytest.raises(ConfigError) as exc:
        load_renstra(path, catalog)
    assert exc.value.key == "indikator.tidak_ada"
