"""LibreOffice round trip: a filled template re-saved by LibreOffice Calc keeps what the
reader relies on (names, protection, validation, values, identity).

One soffice run converts both workbooks (a few seconds). The private profile makes
LibreOffice recalculate formulas on load, so the preview formulas are checked as well.
"""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from template_support import (
    mini_context,
    name_targets,
    normalised_identity,
    unlocked_cells,
)

from pipeline.context import Context
from pipeline.template import identity_properties, input_name, keterangan_name, write_template
from pipeline.template.fill import fill_workbook
from pipeline.template.preview import ZERO_DENOMINATOR

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")

RECALC_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
Q = 3
MINI_PREVIOUS = [
    (1, "ketepatan_waktu", "ktp_tepat", 45),
    (1, "ketepatan_waktu", "kk_tepat", 40),
    (1, "ketepatan_waktu", "ktp_daftar", 50),
    (1, "ketepatan_waktu", "kk_daftar", 50),
    (2, "ketepatan_waktu", "ktp_tepat", 30),
    (2, "ketepatan_waktu", "kk_tepat", 30),
    (2, "ketepatan_waktu", "ktp_daftar", 40),
    (2, "ketepatan_waktu", "kk_daftar", 40),
    (1, "rerata_antrian", "menit_antrian", 30),
    (2, "rerata_antrian", "menit_antrian", 40),
]
MINI_VALUES = {
    ("kepemilikan_ktp_el", "memiliki_ktp_el"): 690,
    ("kepemilikan_ktp_el", "wajib_ktp"): 700,
    ("ketepatan_waktu", "ktp_tepat"): 90,
    ("ketepatan_waktu", "kk_tepat"): 80,
    ("ketepatan_waktu", "ktp_daftar"): 100,
    ("ketepatan_waktu", "kk_daftar"): 100,
    ("nilai_akuntabilitas", "nilai_sakip"): 72.5,
    ("jumlah_sosialisasi", "sosialisasi_desa"): 2,  # sekolah left blank: incomplete
    ("keluhan_layanan", "keluhan"): 0,
    ("keluhan_layanan", "layanan"): 0,  # zero denominator
    ("rerata_antrian", "menit_antrian"): 20,
}
# indicator -> (quarter realisation, realisation to date, capaian); None = shown blank
MINI_PREVIEW = {
    "kepemilikan_ktp_el": (690 / 700 * 100, 690 / 700 * 100, 690 / 700 * 100 / 97 * 100),
    # Flow: the ratio of sums over TW I-III (315 / 380), not the mean of quarterly ratios.
    "ketepatan_waktu": (85.0, 315 / 380 * 100, 315 / 380 * 100 / 90 * 100),
    "nilai_akuntabilitas": (72.5, 72.5, 72.5 / 70 * 100),
    "jumlah_sosialisasi": (None, None, None),
    "keluhan_layanan": (ZERO_DENOMINATOR, ZERO_DENOMINATOR, None),
    "rerata_antrian": (20, 30, (2 * 30 - 30) / 30 * 100),
}


def _fill_values(ctx: Context, values: dict | None) -> dict:
    out: dict = {}
    for n, ind in enumerate(ctx.catalog.indikator):
        for k, v in enumerate(ind.variabel):
            for kode in ctx.wilayah.areas(ind):  # "*", or each kecamatan's row
                name = input_name(ind.id, v.id, Q, kode)
                if values is not None:
                    out[name] = values.get((ind.id, v.id))
                else:
                    out[name] = 70.25 if ind.jenis == "nilai" else n * 10 + k
        out[keterangan_name(ind.id, Q)] = f"=Kendala {ind.id}: blangko <habis> & jaringan"
    return out


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory, real_ctx: Context) -> dict:
    base = tmp_path_factory.mktemp("lo")
    mini_dir = base / "mini"
    mini_dir.mkdir()
    mini = mini_context(mini_dir)
    previous = pd.DataFrame(
        MINI_PREVIOUS, columns=["triwulan", "indikator_id", "variabel_id", "nilai"]
    )
    cases = {}
    for label, ctx, prev, values in (
        ("mini", mini, previous, MINI_VALUES),
        ("real", real_ctx, None, None),
    ):
        (template,) = write_template(ctx, 2026, Q, base / f"tpl-{label}", previous=prev)
        filled = base / f"{label}.xlsx"
        fill = _fill_values(ctx, values)
        fill_workbook(template, filled, fill)
        cases[label] = {"ctx": ctx, "filled": filled, "values": fill}

    profile = base / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ON_LOAD, encoding="utf-8")
    out_dir = base / "out"
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out_dir),
        *(str(c["filled"]) for c in cases.values()),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    for case in cases.values():
        case["saved"] = out_dir / case["filled"].name
        assert case["saved"].is_file(), (result.returncode, result.stdout, result.stderr)
    return cases


def _number(formula: str | None) -> float | str | None:
    """'0.0' and '0' are the same bound (XlsxWriter and LibreOffice spell it differently)."""
    try:
        return float(formula) if formula is not None else None
    except ValueError:
        return formula


def _rules(sheet) -> set:
    return {
        (
            str(dv.sqref),
            dv.type,
            dv.operator or "between",
            _number(dv.formula1),
            # LibreOffice adds formula2 '0' to one-bound rules; it matters for 'between' only.
            _number(dv.formula2) if (dv.operator or "between") == "between" else None,
            dv.allow_blank,
            dv.errorStyle or "stop",
            dv.showInputMessage,
            dv.showErrorMessage,
            dv.prompt,
            dv.promptTitle,
            dv.error,
            dv.errorTitle,
        )
        for dv in sheet.data_validations.dataValidation
    }


@pytest.mark.parametrize("label", ["mini", "real"])
def test_libreoffice_keeps_the_contract(round_trip: dict, label: str) -> None:
    case = round_trip[label]
    ctx: Context = case["ctx"]
    before = openpyxl.load_workbook(case["filled"])
    after = openpyxl.load_workbook(case["saved"])
    assert after.sheetnames == before.sheetnames

    targets = name_targets(after)
    assert targets == name_targets(before)
    # Inputs, keterangan and four cause cells per indicator, and the Anggaran sheet's names;
    # kecamatan rows' names end in a dotted code ("__99.01.07"): LibreOffice keeps them too.
    budget = 2 * len(ctx.budget.sub_kegiatan) if ctx.budget is not None else 0
    inputs = sum(len(i.variabel) * len(ctx.wilayah.areas(i)) + 5 for i in ctx.catalog.indikator)
    assert len(targets) == inputs + budget

    for ws_before, ws in zip(before.worksheets, after.worksheets, strict=True):
        p = ws.protection
        assert p.sheet and p.insertRows and p.deleteRows, ws.title
        assert not p.formatColumns and not p.formatRows
        assert unlocked_cells(ws) == unlocked_cells(ws_before), ws.title

        assert _rules(ws) == _rules(ws_before), ws.title

    for name, value in case["values"].items():
        t = targets[name]
        got = after[t.sheet][t.coordinate].value
        assert got == value, (name, got, value)

    expected = identity_properties(ctx, 2026, Q, list(ctx.catalog.jabatan))
    assert normalised_identity(case["saved"]) == expected


def test_libreoffice_computes_the_preview(round_trip: dict) -> None:
    case = round_trip["mini"]
    ctx: Context = case["ctx"]
    wb = openpyxl.load_workbook(case["saved"], data_only=True)
    targets = name_targets(wb)
    for ind_id, expected in MINI_PREVIEW.items():
        ind = ctx.catalog.indikator_by_id[ind_id]
        last = targets[input_name(ind_id, ind.variabel[-1].id, Q)]
        ws = wb[last.sheet]
        cell = ws[last.coordinate]
        shown = [ws.cell(row=cell.row + k, column=cell.column).value for k in (1, 2, 3)]
        for got, want in zip(shown, expected, strict=True):
            if want is None:
                assert got in (None, ""), (ind_id, shown)
            elif isinstance(want, str):
                assert got == want, (ind_id, shown)
            else:
                assert got == pytest.approx(want), (ind_id, shown)
    # No error value anywhere: zero denominators and blanks are guarded.
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value.startswith("#")), c.coordinate
