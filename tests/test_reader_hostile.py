"""Hostile and careless workbooks (issue 12): the parser, plausible values, number formats,
re-pointed names, text-only duplicates and escape sequences. Every case ends in a finding
for that file alone; the other files are still read."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from readerkit import (
    Kit,
    cell_of,
    edit_openpyxl,
    rewrite_zip,
    set_cell_xml,
    set_name_xml,
    sheet_entry,
)

from pipeline.cli import cli
from pipeline.config import Limits
from pipeline.context import Context
from pipeline.findings import Finding, Severity
from pipeline.reader import ReadResult, collect_inputs, read_workbooks
from pipeline.template import input_name

SHEET = "02 Sekretaris"


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def read(kit: Kit, ctx: Context | None = None) -> ReadResult:
    return read_workbooks(collect_inputs([kit.inbox]), ctx or kit.ctx, tahun=2026)


def hits(result: ReadResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def only(result: ReadResult, code: str) -> Finding:
    found = hits(result, code)
    assert len(found) == 1, [(f.code, f.message) for f in result.findings]
    return found[0]


def nilai(result: ReadResult, indikator: str, variabel: str, file: str | None = None) -> float:
    rows = [
        r
        for r in result.value_rows
        if (r["indikator_id"], r["variabel_id"]) == (indikator, variabel)
        and (file is None or r["berkas"] == file)
    ]
    assert len(rows) == 1
    return rows[0]["nilai"]


def append_to_sheet(path: Path, xml: bytes) -> Path:
    """Add raw rows at the end of the sekretaris sheet's data."""
    return rewrite_zip(
        path,
        {
            sheet_entry(path, SHEET): lambda data: data.replace(
                b"</sheetData>", xml + b"</sheetData>"
            )
        },
    )


@pytest.mark.parametrize(
    "cell",
    [
        b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
        b'<row r = "1048576" ><c r = "XFD1048576" ><v>1</v></c></row>',
        b'<row\tr="1048576"\n><c\nr=\n"XFD1048576"><v>1</v></c></row>',
        b'<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>',  # character reference
    ],
)
def test_far_cell_in_any_legal_spelling_is_a_finding_for_that_file(kit: Kit, cell: bytes) -> None:
    bad = append_to_sheet(kit.filled("jauh.xlsx"), cell)
    kit.filled("baik.xlsx", jabatan="kepala_dinas")
    result = read(kit)
    f = only(result, "sheet-too-large")
    assert (f.file, f.sheet) == (bad.name, SHEET) and "XFD1048576" in f.message
    assert nilai(result, "kepemilikan_ktp_el", "wajib_ktp") == 10000  # the good file is read


def test_cell_count_is_bounded_even_inside_a_small_area(kit: Kit, mini_ctx: Context) -> None:
    # 5,000 cells all claiming A1: a tiny area, but unbounded work for a naive reader.
    append_to_sheet(kit.filled("a.xlsx"), b"<row r='2000'>" + b"<c r='A1'/>" * 5000 + b"</row>")
    small = dataclasses.replace(
        mini_ctx, config=dataclasses.replace(mini_ctx.config, batas=Limits(jumlah_sel=4096))
    )
    f = only(read(kit, small), "sheet-too-large")
    assert "lebih dari 4.096 sel" in f.message


def test_time_budget_per_file(kit: Kit, mini_ctx: Context) -> None:
    kit.filled("a.xlsx")
    hasty = dataclasses.replace(
        mini_ctx,
        config=dataclasses.replace(mini_ctx.config, batas=Limits(waktu_baca_detik=1e-9)),
    )
    f = only(read(kit, hasty), "file-too-slow")
    assert f.file == "a.xlsx" and "waktu_baca_detik" in f.message


def test_dtd_in_a_sheet_is_refused_not_expanded(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    laughs = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
    rewrite_zip(path, {sheet_entry(path, SHEET): lambda xml: laughs + xml.split(b"?>", 1)[-1]})
    f = only(read(kit), "file-corrupt")
    assert f.file == "a.xlsx"


@pytest.mark.parametrize("typed", [1_000_000_000, 3201234567890123, 10_000_001])
def test_implausible_counts_are_refused_with_the_limit(kit: Kit, typed: int) -> None:
    kit.filled("a.xlsx", {("keluhan_layanan", "layanan"): typed})
    result = read(kit)
    f = only(result, "number-too-large")
    assert (f.severity, f.cell) == (Severity.ERROR, "G38") and "10.000.000" in f.message
    assert math.isnan(nilai(result, "keluhan_layanan", "layanan"))


def test_catalog_maximum_overrides_the_default(kit: Kit, mini_ctx: Context) -> None:
    ind = mini_ctx.catalog.indikator_by_id["keluhan_layanan"]
    assert ind.nilai_maks is None  # the default applies; a declared nilai_maks replaces it
    kit.filled("a.xlsx", {("keluhan_layanan", "layanan"): 10_000_000})
    assert not hits(read(kit), "number-too-large")


def test_percent_formatted_nilai_is_not_taken_silently(kit: Kit) -> None:
    path = kit.filled("a.xlsx")

    def edit(wb) -> None:
        cell = cell_of(wb, "nilai_akuntabilitas", "nilai_sakip")
        cell.value = 0.78
        cell.number_format = "0%"

    edit_openpyxl(path, edit)
    result = read(kit)
    f = only(result, "number-percent-format")
    assert (f.severity, f.cell) == (Severity.ERROR, "G12") and "78 %" in f.message
    assert math.isnan(nilai(result, "nilai_akuntabilitas", "nilai_sakip"))


def test_changed_number_format_is_a_warning_and_the_value_is_used(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    edit_openpyxl(
        path, lambda wb: setattr(cell_of(wb, "keluhan_layanan", "keluhan"), "number_format", "0.0")
    )
    result = read(kit)
    f = only(result, "number-format-changed")
    assert (f.severity, f.cell) == (Severity.WARNING, "G37") and "#,##0" in f.message
    assert nilai(result, "keluhan_layanan", "keluhan") == 3


def test_name_repointed_to_another_jabatans_cell(kit: Kit) -> None:
    path = kit.filled("utuh.xlsx", split=None)
    name = input_name("keluhan_layanan", "keluhan", 3)
    # Now pointing at the kepala dinas sheet's first input cell.
    set_name_xml(path, name, "'01 Kepala Dinas'!$G$12")
    result = read(kit)
    f = only(result, "name-moved")
    assert (f.severity, f.sheet, f.cell, f.indikator) == (
        Severity.ERROR,
        "01 Kepala Dinas",
        "G12",
        "keluhan_layanan",
    )
    assert "G37" in f.message and SHEET in f.message
    assert math.isnan(nilai(result, "keluhan_layanan", "keluhan"))
    assert nilai(result, "keluhan_layanan", "layanan") == 1250


def test_name_repointed_within_its_sheet_and_wrong_column(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    set_name_xml(
        path, input_name("jumlah_sosialisasi", "sosialisasi_sekolah", 3), f"'{SHEET}'!$G$38"
    )
    set_name_xml(path, input_name("keluhan_layanan", "keluhan", 3), f"'{SHEET}'!$F$37")
    result = read(kit)
    moved = hits(result, "name-moved") + hits(result, "name-shared-cell")
    assert {f.indikator for f in moved} >= {"jumlah_sosialisasi", "keluhan_layanan"}
    assert math.isnan(nilai(result, "jumlah_sosialisasi", "sosialisasi_sekolah"))
    assert math.isnan(nilai(result, "keluhan_layanan", "keluhan"))


def test_two_names_on_one_cell_are_both_refused(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    # sosialisasi_sekolah now also points at sosialisasi_desa's cell (G24).
    set_name_xml(
        path, input_name("jumlah_sosialisasi", "sosialisasi_sekolah", 3), f"'{SHEET}'!$G$24"
    )
    result = read(kit)
    shared = hits(result, "name-shared-cell")
    assert len(shared) == 2 and {f.cell for f in shared} == {"G24"}
    assert all(f.severity is Severity.ERROR for f in shared)
    sekolah = input_name("jumlah_sosialisasi", "sosialisasi_sekolah", 3)
    assert all(sekolah in f.message and "{" not in f.message for f in shared)
    assert math.isnan(nilai(result, "jumlah_sosialisasi", "sosialisasi_desa"))
    assert math.isnan(nilai(result, "jumlah_sosialisasi", "sosialisasi_sekolah"))


def test_copies_differing_only_in_keterangan_conflict(kit: Kit) -> None:
    kit.filled("IKI-sekretaris.xlsx", keterangan={"keluhan_layanan": "Server down 3 hari"})
    kit.filled("IKI-sekretaris (1).xlsx", keterangan={"keluhan_layanan": "Tidak ada kendala"})
    result = read(kit)
    conflict = [f for f in hits(result, "duplicate-conflict") if f.indikator == "keluhan_layanan"]
    assert len(conflict) == 1 and "Server down 3 hari" in conflict[0].message
    assert "Tidak ada kendala" in conflict[0].message
    assert not hits(result, "duplicate-identical") and hits(result, "duplicate-dropped")


def test_escape_sequences_never_reach_the_terminal(kit: Kit, mini_config: Path) -> None:
    path = kit.filled("a.xlsx")
    set_cell_xml(
        path, SHEET, "G37", "<is><t>_x001B_[2J_x001B_]0;owned_x0007_12</t></is>", "inlineStr"
    )
    set_cell_xml(path, SHEET, "G38", "<is><t>\u009b31m1250</t></is>", "inlineStr")
    result = read(kit)
    texts = [f.message for f in result.findings]
    assert not any(re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", t) for t in texts)
    assert any("\\x1b[2J" in t for t in texts)  # shown, visibly, not executed
    out = CliRunner().invoke(cli, ["--config", str(mini_config), "check", str(kit.inbox)])
    assert out.exit_code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out.output)
    data = json.loads(
        CliRunner()
        .invoke(cli, ["--config", str(mini_config), "check", "--json", str(kit.inbox)])
        .output
    )
    assert all("\x1b" not in f["message"] for f in data["findings"])


def test_keterangan_text_is_kept_clean(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    set_cell_xml(path, SHEET, "C16", "<is><t>Kendala_x001B_[31m jaringan</t></is>", "inlineStr")
    result = read(kit)
    texts = [r["keterangan"] for r in result.keterangan_rows]
    assert texts and all("\x1b" not in t for t in texts)


def test_check_imports_no_pandas(kit: Kit, mini_config: Path) -> None:
    kit.filled("a.xlsx")
    code = (
        "import sys\n"
        "from pipeline.cli import cli\n"
        "try:\n"
        f"    cli(['--config', {str(mini_config)!r}, 'check', {str(kit.inbox)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('PANDAS' if 'pandas' in sys.modules else 'NO-PANDAS')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("NO-PANDAS"), out.stdout[-500:]


def test_workbook_text_in_messages_is_clean(kit: Kit) -> None:
    """Sheet names and name references come from the workbook too: shown, never raw."""
    path = kit.filled("utuh.xlsx", split=None)
    name = input_name("keluhan_layanan", "keluhan", 3)
    set_name_xml(path, name, "'Lembar\u009b31m'!$G$12+1")
    f = only(read(kit), "name-broken")
    assert "\u009b" not in f.message and "\\x9b" in f.message
