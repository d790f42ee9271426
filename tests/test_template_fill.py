"""Filling a template (fill_workbook), earlier quarters as context, previews and the CLI."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.cell.rich_text import CellRichText
from template_support import (
    expected_names,
    name_targets,
    normalised_identity,
    unlocked_cells,
    validations_at,
)

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.reader import read_workbooks
from pipeline.safewrite import REGISTRY
from pipeline.template import identity_properties, input_name, keterangan_name, write_template
from pipeline.template.fill import fill_workbook
from pipeline.template.layout import quarter_col
from pipeline.template.preview import ZERO_DENOMINATOR, quarter_formula, to_date_formula


def _template(ctx: Context, tmp_path: Path, q: int = 3, **kw) -> Path:
    (path,) = write_template(ctx, 2026, q, tmp_path / "tpl", **kw)
    return path


def test_fill_writes_named_cells_and_keeps_the_rest(mini_ctx: Context, tmp_path: Path) -> None:
    src = _template(mini_ctx, tmp_path)
    dst = tmp_path / "filled.xlsx"
    values = {
        input_name("kepemilikan_ktp_el", "memiliki_ktp_el", 3): 701_234,
        input_name("kepemilikan_ktp_el", "wajib_ktp", 3): 742_000.0,
        input_name("nilai_akuntabilitas", "nilai_sakip", 3): 72.35,
        input_name("jumlah_sosialisasi", "sosialisasi_desa", 3): 0,
        input_name("jumlah_sosialisasi", "sosialisasi_sekolah", 3): None,
        input_name("keluhan_layanan", "keluhan", 3): float("nan"),
        keterangan_name("kepemilikan_ktp_el", 3): '=HYPERLINK("http://x") & blangko <habis>',
        keterangan_name("nilai_akuntabilitas", 3): "Nilai SAKIP sementara; LHE terbit Oktober.",
    }
    fill_workbook(src, dst, values)

    before, after = openpyxl.load_workbook(src), openpyxl.load_workbook(dst)
    targets = name_targets(after)
    assert targets == name_targets(before)
    assert set(targets) == set(expected_names(mini_ctx, 3))
    for ws_before, ws in zip(before.worksheets, after.worksheets, strict=True):
        assert ws.title == ws_before.title
        assert ws.protection.sheet and ws.protection.insertRows and ws.protection.deleteRows
        assert unlocked_cells(ws) == unlocked_cells(ws_before)
        assert len(ws.data_validations.dataValidation) == len(
            ws_before.data_validations.dataValidation
        )
    assert normalised_identity(dst) == identity_properties(
        mini_ctx, 2026, 3, list(mini_ctx.catalog.jabatan)
    )

    # The bold labels of the description cells survive (openpyxl drops rich text by default).
    rich = openpyxl.load_workbook(dst, rich_text=True)["01 Kepala Dinas"]["B11"].value
    assert isinstance(rich, CellRichText) and str(rich).startswith("Sasaran Strategis: ")

    def at(name: str):
        t = targets[name]
        return after[t.sheet][t.coordinate]

    assert at(input_name("kepemilikan_ktp_el", "memiliki_ktp_el", 3)).value == 701_234
    wajib = at(input_name("kepemilikan_ktp_el", "wajib_ktp", 3))
    assert wajib.value == 742_000 and isinstance(wajib.value, int)
    assert at(input_name("nilai_akuntabilitas", "nilai_sakip", 3)).value == 72.35
    assert at(input_name("jumlah_sosialisasi", "sosialisasi_desa", 3)).value == 0  # a real zero
    assert at(input_name("jumlah_sosialisasi", "sosialisasi_sekolah", 3)).value is None
    assert at(input_name("keluhan_layanan", "keluhan", 3)).value is None  # NaN = blank
    ket = at(keterangan_name("kepemilikan_ktp_el", 3))
    assert ket.data_type == "s" and ket.value.startswith("=HYPERLINK")
    # The pipeline's own reader sees the same: text stays text, not a formula result.
    read = read_workbooks([dst], mini_ctx, tahun=2026)
    texts = {r["indikator_id"]: r["keterangan"] for r in read.keterangan_rows}
    assert texts["kepemilikan_ktp_el"] == values[keterangan_name("kepemilikan_ktp_el", 3)]


def test_fill_in_place_and_errors(mini_ctx: Context, tmp_path: Path) -> None:
    src = _template(mini_ctx, tmp_path)
    name = input_name("kepemilikan_ktp_el", "wajib_ktp", 3)
    fill_workbook(src, src, {name.upper(): 5})  # Excel names ignore case
    wb = openpyxl.load_workbook(src)
    t = name_targets(wb)[name]
    assert wb[t.sheet][t.coordinate].value == 5
    with pytest.raises(KeyError, match="no defined name"):
        fill_workbook(src, tmp_path / "x.xlsx", {"kepemilikan_ktp_el__salah__tw3": 1})
    with pytest.raises(TypeError):
        fill_workbook(src, tmp_path / "x.xlsx", {name: True})
    with pytest.raises(ValueError):
        fill_workbook(src, tmp_path / "x.xlsx", {name: math.inf})
    assert not (tmp_path / "x.xlsx").exists()
    assert [p.name for p in src.parent.glob(".*")] == [REGISTRY]  # no temporary file


def test_previous_quarters_are_locked_context(mini_ctx: Context, tmp_path: Path) -> None:
    previous = pd.DataFrame(
        [
            (1, "kepemilikan_ktp_el", "memiliki_ktp_el", 690_000.0),
            (2, "kepemilikan_ktp_el", "memiliki_ktp_el", 695_500.0),
            (1, "kepemilikan_ktp_el", "wajib_ktp", float("nan")),  # not reported: blank
            (2, "nilai_akuntabilitas", "nilai_sakip", 68.25),
            (3, "kepemilikan_ktp_el", "wajib_ktp", 1.0),  # the quarter being filled: ignored
        ],
        columns=["triwulan", "indikator_id", "variabel_id", "nilai"],
    )
    wb = openpyxl.load_workbook(_template(mini_ctx, tmp_path, previous=previous))
    targets = name_targets(wb)

    def context(ind: str, var: str, k: int):
        t = targets[input_name(ind, var, 3)]
        ws = wb[t.sheet]
        return ws.cell(row=ws[t.coordinate].row, column=quarter_col(k) + 1)

    assert context("kepemilikan_ktp_el", "memiliki_ktp_el", 1).value == 690_000
    assert context("kepemilikan_ktp_el", "memiliki_ktp_el", 2).value == 695_500
    assert context("kepemilikan_ktp_el", "wajib_ktp", 1).value is None
    assert context("kepemilikan_ktp_el", "wajib_ktp", 2).value is None
    assert context("nilai_akuntabilitas", "nilai_sakip", 2).value == 68.25
    for ind, var, k in (
        ("kepemilikan_ktp_el", "memiliki_ktp_el", 1),
        ("nilai_akuntabilitas", "nilai_sakip", 2),
    ):
        cell = context(ind, var, k)
        assert cell.protection.locked
        assert cell.number_format.startswith("[$-421]")  # shown the Indonesian way
        assert not validations_at(wb[cell.parent.title], cell.coordinate)
    t = targets[input_name("kepemilikan_ktp_el", "wajib_ktp", 3)]
    assert wb[t.sheet][t.coordinate].value is None

    with pytest.raises(ValueError, match="columns"):
        write_template(mini_ctx, 2026, 3, tmp_path, previous=previous.drop(columns="nilai"))


def test_preview_formulas(mini_ctx: Context) -> None:
    ind = mini_ctx.catalog.indikator_by_id["ketepatan_waktu"]  # 2 pembilang, 2 penyebut, flow
    rows = [20, 21, 22, 23]
    formula = quarter_formula(ind, rows, 3)
    assert formula == (
        '=IF(COUNT(G21,G22,G23,G24)<4,"",IF(SUM(G23,G24)=0,'
        f'"{ZERO_DENOMINATOR}",SUM(G21,G22)/SUM(G23,G24)*100))'
    )
    # Flow: the ratio of sums over quarters, not the mean of quarterly percentages.
    assert to_date_formula(ind, rows, 24, 3) == (
        '=IF(COUNT(G21,G22,G23,G24)<4,"",IF(SUM(E23:G23,E24:G24)=0,'
        f'"{ZERO_DENOMINATOR}",SUM(E21:G21,E22:G22)/SUM(E23:G23,E24:G24)*100))'
    )
    stock = mini_ctx.catalog.indikator_by_id["kepemilikan_ktp_el"]
    assert to_date_formula(stock, [20, 21], 22, 3) == "=G23"
    mean = mini_ctx.catalog.indikator_by_id["rerata_antrian"]
    assert to_date_formula(mean, [20], 21, 2) == '=IF(ISNUMBER(F22),AVERAGE(E22:F22),"")'


def test_cli_template(mini_config: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "keluar"
    base = ["--config", str(mini_config), "template", "--quarter", "2", "--out", str(out)]
    result = runner.invoke(cli, [*base, "--split", "jabatan"])
    assert result.exit_code == 0, result.output
    printed = [line for line in result.stdout.splitlines() if line.endswith(".xlsx")]
    assert printed == [
        str(out / "IKI-2026-TW2-kepala_dinas.xlsx"),
        str(out / "IKI-2026-TW2-sekretaris.xlsx"),
    ]
    assert all(Path(p).is_file() for p in printed)

    result = runner.invoke(cli, ["--config", str(mini_config), "template", "--quarter", "1"])
    assert result.exit_code == 0, result.output
    default = mini_config.parent / "input_templates" / "IKI-2026-TW1.xlsx"
    assert default.is_file() and str(default) in result.stdout

    for args in (["--split", "seksi"], ["--year", "2031"]):
        result = runner.invoke(cli, [*base, *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
