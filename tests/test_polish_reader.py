"""Reader findings a clerk acts on: every one names its cell, says what is wrong in the
clerk's terms (Indonesian Excel labels, Indonesian dates), suggests only valid values."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from readerkit import Kit, cell_of

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.findings import Finding
from pipeline.reader import ReadResult, collect_inputs, read_workbooks
from pipeline.template import keterangan_name
from pipeline.text import KETERANGAN_MAX


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def read(kit: Kit) -> ReadResult:
    return read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026)


def hits(result: ReadResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def _keterangan_cell(path: Path, indikator: str) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    ((sheet, coord),) = list(wb.defined_names[keterangan_name(indikator, 3)].destinations)
    return sheet, coord.replace("$", "")


def test_text_only_conflict_names_file_sheet_and_cell_of_each(kit: Kit) -> None:
    a = kit.filled("IKI-sekretaris.xlsx", keterangan={"keluhan_layanan": "Server down"})
    kit.filled("IKI-sekretaris (1).xlsx", keterangan={"keluhan_layanan": "Tidak ada kendala"})
    kit.filled("IKI-sekretaris (2).xlsx")  # no keterangan at all: still a place to name
    sheet, cell = _keterangan_cell(a, "keluhan_layanan")
    conflicts = [f for f in hits(read(kit), "duplicate-conflict")]
    assert len(conflicts) == 2
    for f in conflicts:
        assert (f.sheet, f.cell, f.jabatan, f.indikator) == (
            sheet,
            cell,
            "sekretaris",
            "keluhan_layanan",
        )
        assert f"di sel {cell}" in f.message and "?" not in f.message.replace("?)", "")


def test_check_reports_a_too_long_keterangan_at_its_cell(kit: Kit, mini_config: Path) -> None:
    path = kit.filled("IKI.xlsx", keterangan={"keluhan_layanan": "k" * (KETERANGAN_MAX + 1)})
    sheet, cell = _keterangan_cell(path, "keluhan_layanan")
    (f,) = hits(read(kit), "keterangan-too-long")
    assert (f.file, f.sheet, f.cell) == ("IKI.xlsx", sheet, cell)
    assert (f.jabatan, f.indikator) == ("sekretaris", "keluhan_layanan")
    assert "__" not in f.message and "1.001 karakter" in f.message
    out = CliRunner().invoke(cli, ["--config", str(mini_config), "check", "--json", str(path)])
    assert '"keterangan-too-long"' in out.output
    # Exactly at the cap: no finding.
    kit.filled("IKI.xlsx", keterangan={"keluhan_layanan": "k" * KETERANGAN_MAX})
    assert not hits(read(kit), "keterangan-too-long")


def _ind(jenis: str = "jumlah", lo: float | None = None, hi: float | None = None):
    from pipeline.catalog.model import Indikator, Variabel

    return Indikator(
        id="i",
        nama="I",
        formulasi="",
        sumber_data="",
        jenis=jenis,
        satuan="",
        polaritas="positif",
        agregasi="jumlah",
        variabel=(Variabel("v", "V", "komponen"),),
        jabatan_id="j",
        sasaran="s",
        nilai_min=lo,
        nilai_maks=hi,
    )


@pytest.mark.parametrize(
    ("stored", "jenis", "shown"),
    [
        (0.78, "jumlah", "78 %"),
        (12.5, "jumlah", "1.250 %"),
        (-0.1, "jumlah", "-10 %"),
        (0.925, "persentase", "92,50 %"),
        (1.5, "nilai", "150 %"),
    ],
)
def test_percent_format_is_the_finding_whatever_rule_the_number_breaks(
    stored: float, jenis: str, shown: str
) -> None:
    from pipeline.reader.cells import classify, format_notes
    from pipeline.reader.sheetscan import CellMarkup
    from pipeline.reader.styles import NumberFormat

    ind = _ind(jenis, hi=1.0 if jenis == "nilai" else None)
    got = format_notes(classify(stored, CellMarkup(), ind), NumberFormat("0%", False, True), ind)
    assert [n.code for n in got.notes] == ["number-percent-format"], got.notes
    assert shown in got.notes[0].message and "Angka/Umum (Number/General)" in got.notes[0].message
    assert math.isnan(got.nilai)


@pytest.mark.parametrize(
    ("text", "jenis", "lo", "said", "not_said"),
    [
        ("1,5", "jumlah", None, "harus bilangan bulat", "Maksud Anda"),
        ("12.5", "jumlah", None, "(12,5 pun tidak sah)", "Maksud Anda"),
        ("150,5", "nilai", 0.0, "pun tidak sah untuk isian ini", "Maksud Anda"),
        ("-3", "persentase", None, "pun tidak sah", "Maksud Anda"),
        ("1.234", "jumlah", None, "Maksud Anda 1234?", "tidak sah)"),
        ("92,5", "nilai", 0.0, "Maksud Anda 92,5?", "pun tidak sah"),
    ],
)
def test_a_suggestion_is_only_a_valid_value(text, jenis, lo, said, not_said) -> None:
    from pipeline.reader.cells import classify
    from pipeline.reader.sheetscan import CellMarkup

    ind = _ind(jenis, lo=lo, hi=100.0 if jenis == "nilai" else None)
    (note,) = classify(text, CellMarkup(), ind).notes
    assert note.code == "text-in-number" and said in note.message
    assert not_said not in note.message


def test_dates_and_format_names_are_shown_the_indonesian_way() -> None:
    from pipeline.reader.cells import classify, format_notes
    from pipeline.reader.sheetscan import CellMarkup
    from pipeline.reader.styles import NumberFormat

    ind = _ind()
    for value, shown in [
        (dt.datetime(2026, 7, 1), "(1 Juli 2026)"),
        (dt.datetime(2026, 7, 1, 8, 30), "(1 Juli 2026 08.30)"),
        (dt.date(2027, 1, 7), "(7 Januari 2027)"),
    ]:
        (note,) = classify(value, CellMarkup(), ind).notes
        assert note.code == "date-in-number" and shown in note.message
        assert "00:00" not in note.message and "Angka/Umum (Number/General)" in note.message
    got = format_notes(classify(5.0, CellMarkup(), ind), NumberFormat("General", False, False), ind)
    assert "menjadi Umum (General)" in got.notes[0].message


def test_78_percent_in_a_count_cell_read_from_a_workbook(kit: Kit) -> None:
    path = kit.filled("a.xlsx", {("jumlah_sosialisasi", "sosialisasi_desa"): 0.78})

    def percent(wb: openpyxl.Workbook) -> None:
        cell_of(wb, "jumlah_sosialisasi", "sosialisasi_desa").number_format = "0%"

    from readerkit import edit_openpyxl

    edit_openpyxl(path, percent)
    codes = [f.code for f in read(kit).findings if f.indikator == "jumlah_sosialisasi"]
    assert "number-percent-format" in codes and "number-fraction" not in codes


def test_renamed_sheet_is_named_and_the_original_name_asked_back(kit: Kit) -> None:
    from readerkit import edit_openpyxl

    path = kit.filled("a.xlsx")
    lembar = kit.ctx.catalog.jabatan_by_id["sekretaris"].lembar

    def rename(wb: openpyxl.Workbook) -> None:
        wb[lembar].title = "Sekretariat"  # openpyxl leaves the names on the old sheet name

    edit_openpyxl(path, rename)
    (f,) = hits(read(kit), "sheet-missing")
    assert "'Sekretariat'" in f.message and f"menjadi '{lembar}'" in f.message
    assert "terhapus" not in f.message and "Petunjuk" not in f.message

    def delete(wb: openpyxl.Workbook) -> None:
        del wb["Sekretariat"]

    edit_openpyxl(path, delete)
    (f,) = hits(read(kit), "sheet-missing")
    assert "terhapus" in f.message


@pytest.mark.parametrize(
    "broken",
    ['dikonfirmasi = ["tidak_ada"]\n', "dikonfirmasi = [\n", "dikonfirmasii = []\n"],
)
def test_check_stops_on_the_office_data_report_stops_on(
    kit: Kit, mini_config: Path, broken: str
) -> None:
    kit.filled("a.xlsx")
    data = mini_config.parent / "data"
    data.mkdir(exist_ok=True)
    (data / "keputusan.toml").write_text(broken, encoding="utf-8")
    base = ["--config", str(mini_config)]
    checked = CliRunner().invoke(cli, [*base, "check", str(kit.inbox)])
    reported = CliRunner().invoke(cli, [*base, "report", "--quarter", "3", "--year", "2026",
                                        "--input", str(kit.inbox), "--output",
                                        str(mini_config.parent / "out")])  # fmt: skip
    assert checked.exit_code == reported.exit_code == 2, (checked.output, reported.output)
    assert "keputusan.toml" in checked.output
    assert checked.output.strip().splitlines()[-1] == reported.output.strip().splitlines()[-1]
