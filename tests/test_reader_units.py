"""Reader building blocks that need no template: file sniffing, zip limits, workbook XML,
sheet XML scans, cell classification and input collection."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pytest
from zipcraft import bomb_entry, deflated, write_zip

from pipeline.catalog.model import Indikator, Variabel
from pipeline.config import Limits
from pipeline.errors import UsageError
from pipeline.reader import collect_inputs
from pipeline.reader.cells import classify, suggest_number
from pipeline.reader.files import display_names
from pipeline.reader.safety import CFB_SIGNATURE, inspect_bytes
from pipeline.reader.sheetscan import CellMarkup, cell_markup, used_area
from pipeline.reader.workbook import parse_custom_properties, parse_reference, parse_workbook


def _codes(data: bytes, limits: Limits | None = None) -> list[str]:
    inspection = inspect_bytes(data, "x.xlsx", limits or Limits())
    assert (inspection.zip is None) == bool(inspection.findings)
    return [f.code for f in inspection.findings]


def _zip_bytes(tmp_path: Path, entries: dict[str, bytes]) -> bytes:
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path.read_bytes()


def test_sniffing_refuses_what_is_not_an_xlsx(tmp_path: Path) -> None:
    assert _codes(b"") == ["file-empty"]
    assert _codes(CFB_SIGNATURE + b"\0" * 600) == ["xls-old-format"]
    encrypted = CFB_SIGNATURE + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
    assert _codes(encrypted) == ["file-encrypted"]
    assert _codes(b"<html><table><tr><td>1</td></tr></table></html>") == ["not-a-workbook"]
    assert _codes(b"Nama,Nilai\nA,1\n") == ["not-a-workbook"]
    good = _zip_bytes(tmp_path, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})
    assert _codes(good) == []
    assert _codes(good[: len(good) // 2]) == ["file-truncated"]
    macro = _zip_bytes(tmp_path, {"xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"\0"})
    assert _codes(macro) == ["macro-enabled"]
    typed = _zip_bytes(
        tmp_path,
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/'
            b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
            "xl/workbook.xml": b"<w/>",
        },
    )
    assert _codes(typed) == ["macro-enabled"]
    ods = _zip_bytes(tmp_path, {"mimetype": b"application/vnd.oasis", "content.xml": b"<x/>"})
    assert _codes(ods) == ["format-unsupported"]
    assert _codes(_zip_bytes(tmp_path, {"word/document.xml": b"<d/>"})) == ["not-a-workbook"]


def test_zip_limits_are_checked_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    # 2 GiB of spaces in a sheet: a couple of MB on disk, refused from the headers alone.
    write_zip(path, [deflated("xl/workbook.xml", b"<w/>"), bomb_entry("xl/worksheets/s.xml", 128)])
    data = path.read_bytes()
    assert len(data) < 5 * 1024 * 1024
    assert _codes(data) == ["zip-entry-too-large"]
    write_zip(path, [deflated("xl/workbook.xml", b"<w/>"), bomb_entry("xl/worksheets/s.xml", 1)])
    assert _codes(path.read_bytes()) == ["zip-ratio-suspicious"]
    many = _zip_bytes(tmp_path, {f"xl/p{i}.xml": b"<x/>" for i in range(30)})
    assert _codes(many, Limits(jumlah_entri=20)) == ["zip-too-many-entries"]
    total = _zip_bytes(tmp_path, {f"xl/p{i}.xml": bytes(range(256)) * 2048 for i in range(4)})
    assert _codes(total, Limits(total_mb=1.5, rasio_kompresi=1e9)) == ["zip-too-large"]


def test_defined_name_references() -> None:
    t = parse_reference("'01 Kepala Dinas'!$D$12")
    assert (t.sheet, t.row, t.col, t.problem, t.a1) == ("01 Kepala Dinas", 12, 4, None, "D12")
    assert parse_reference("'Bu''s sheet'!$AA$3").sheet == "Bu's sheet"
    assert parse_reference("Sheet1!B2").a1 == "B2"
    assert parse_reference("=Sheet1!$B$2:$B$2").a1 == "B2"
    assert parse_reference("#REF!").problem == "ref"
    assert parse_reference("'01 Kepala Dinas'!#REF!").problem == "ref"
    assert parse_reference("Sheet1!$B$2:$C$3").problem == "range"
    assert parse_reference("SUM(Sheet1!A1)").problem == "formula"
    assert parse_reference("Sheet1!$XFE$1").problem == "formula"


def test_workbook_xml_sheets_and_names() -> None:
    workbook = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Petunjuk" sheetId="1" r:id="rId1"/>'
        b'<sheet name="01 Kadis" sheetId="2" state="hidden" r:id="rId2"/></sheets>'
        b"<definedNames><definedName name=\"A__b__tw3\">'01 Kadis'!$D$7</definedName>"
        b'<definedName name="a__c__tw3" localSheetId="1">\'01 Kadis\'!$D$8</definedName>'
        b'<definedName name="a__b__tw3" localSheetId="1">\'01 Kadis\'!$D$9</definedName>'
        b"</definedNames></workbook>"
    )
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>'
    )
    wb = parse_workbook(workbook, rels)
    assert [(s.name, s.path, s.state) for s in wb.sheets] == [
        ("Petunjuk", "xl/worksheets/sheet1.xml", "visible"),
        ("01 Kadis", "xl/worksheets/sheet2.xml", "hidden"),
    ]
    assert wb.target("a__b__tw3").a1 == "D7"  # workbook scope wins, names ignore case
    assert wb.target("A__C__TW3").a1 == "D8"  # sheet scope when nothing else
    assert wb.sheet("01 KADIS").name == "01 Kadis"


def test_custom_properties_any_variant_type() -> None:
    xml = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        b'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        b'name="iki_tahun"><vt:lpwstr>2026</vt:lpwstr></property><property fmtid="x" pid="3" '
        b'name="iki_triwulan"><vt:r8>3.0</vt:r8></property></Properties>'
    )
    assert parse_custom_properties(xml) == {"iki_tahun": "2026", "iki_triwulan": "3.0"}
    assert parse_custom_properties(None) == {}


def test_used_area_does_not_trust_dimension() -> None:
    xml = (
        b'<worksheet><dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2"><v>1</v></c></row>'
        b'<row r="900000" spans="1:3"><c r="ZZ900000" s="1"/></row></sheetData></worksheet>'
    )
    area = used_area(xml)
    assert (area.rows, area.cols) == (900000, 702)
    prefixed = b'<x:sheetData><x:row r="3"><x:c r="C3"><x:v>2</x:v></x:c></x:row></x:sheetData>'
    assert (used_area(prefixed).rows, used_area(prefixed).cols) == (3, 3)
    unnumbered = b"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c/></row></sheetData>"
    assert used_area(unnumbered).rows == 2 and used_area(unnumbered).cols >= 2


def test_cell_markup_finds_formulas_errors_and_types() -> None:
    xml = (
        b'<sheetData><row r="4"><c r="D4" s="2"><f>1+1</f><v>2</v></c>'
        b'<c r="E4"><f>A1</f><v/></c><c r="F4" t="e"><v>#DIV/0!</v></c>'
        b'<c r="G4" s="3"/><c r="H4" t="str"><f>""</f><v></v></c>'
        b'<c r="D41"><v>7</v></c></row></sheetData>'
    )
    m = cell_markup(xml, [(4, 4), (4, 5), (4, 6), (4, 7), (4, 8), (4, 9), (41, 4)])
    assert m[(4, 4)] == CellMarkup(True, True, True, "n", "2")
    assert m[(4, 5)].formula and not m[(4, 5)].has_value
    assert m[(4, 6)].is_error and m[(4, 6)].raw == "#DIV/0!"
    assert m[(4, 7)].present and not m[(4, 7)].formula
    assert m[(4, 8)].formula and m[(4, 8)].has_value
    assert (4, 9) not in m
    assert m[(41, 4)].raw == "7"  # D41 is not mistaken for D4


def _ind(jenis: str = "jumlah", lo: float | None = None, hi: float | None = None) -> Indikator:
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
    ("value", "jenis", "nilai", "code"),
    [
        (5.0, "jumlah", 5.0, None),
        (0.0, "jumlah", 0.0, None),
        ("", "jumlah", math.nan, None),
        (" \u00a0", "jumlah", math.nan, None),
        (-1.0, "jumlah", math.nan, "number-negative"),
        (2.5, "persentase", math.nan, "number-fraction"),
        (1.234, "jumlah", math.nan, "number-fraction"),
        (87.5, "nilai", 87.5, None),
        (100.5, "nilai", math.nan, "number-out-of-range"),
        ("12", "jumlah", math.nan, "text-in-number"),
        (True, "jumlah", math.nan, "boolean-in-number"),
    ],
)
def test_classify_values(value: object, jenis: str, nilai: float, code: str | None) -> None:
    ind = _ind(jenis, 0, 100) if jenis == "nilai" else _ind(jenis)
    got = classify(value, CellMarkup(), ind)
    assert (math.isnan(got.nilai) and math.isnan(nilai)) or got.nilai == nilai
    assert [n.code for n in got.notes] == ([code] if code else [])


def test_classify_formula_and_error_markup() -> None:
    ind = _ind()
    cached = classify(3.0, CellMarkup(True, True, True), ind)
    assert cached.nilai == 3.0 and [n.code for n in cached.notes] == ["formula-used"]
    none = classify("", CellMarkup(True, True, False), ind)
    assert math.isnan(none.nilai) and not none.blank
    assert [n.code for n in none.notes] == ["formula-no-result"]
    err = classify("", CellMarkup(True, False, True, "e", "#DIV/0!"), ind)
    assert [n.code for n in err.notes] == ["cell-error"] and "#DIV/0!" in err.notes[0].message


@pytest.mark.parametrize(
    ("text", "whole", "meant"),
    [
        ("1.234", True, 1234),
        ("1,5", False, 1.5),
        ("12 dokumen", True, 12),
        (" 12 ", True, 12),
        ("Rp 1.500.000", True, 1500000),
        ("1.234,5", False, 1234.5),
        ("1,234", True, 1234),
        ("1,234", False, 1.234),
        ("1 234", True, 1234),
        ("75%", False, 75),
        ("12 dari 15", True, None),
        ("belum ada", True, None),
        ("1.2.3", False, None),
    ],
)
def test_suggest_number(text: str, whole: bool, meant: float | None) -> None:
    assert suggest_number(text, whole=whole) == meant


def test_text_message_suggests_but_never_uses() -> None:
    got = classify("1.234", CellMarkup(), _ind())
    assert math.isnan(got.nilai)
    assert "Maksud Anda 1234?" in got.notes[0].message
    assert "Maksud Anda 1,5?" in classify("1,5", CellMarkup(), _ind("nilai")).notes[0].message


def test_collect_inputs_walks_any_layout(tmp_path: Path) -> None:
    for rel in [
        "a.xlsx",
        "bidang/b.XLSX",
        "bidang/sub/c.xls",
        "d.xlsm",
        "e.ods",
        "notes.txt",
        "~$a.xlsx",
        ".hidden.xlsx",
        ".git/x.xlsx",
        "__MACOSX/._b.xlsx",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in collect_inputs([tmp_path])]
    assert got == ["a.xlsx", "bidang/b.XLSX", "bidang/sub/c.xls", "d.xlsm", "e.ods"]
    again = collect_inputs([tmp_path / "notes.txt", tmp_path, tmp_path / "a.xlsx"])
    assert len(again) == 6  # an explicit file is always taken; no repeats
    with pytest.raises(UsageError, match="tidak ditemukan"):
        collect_inputs([tmp_path / "nope"])


def test_display_names_only_grow_where_names_clash() -> None:
    paths = [Path("/in/a/IKI.xlsx"), Path("/in/b/IKI.xlsx"), Path("/in/c.xlsx")]
    assert display_names(paths) == ["a/IKI.xlsx", "b/IKI.xlsx", "c.xlsx"]


def test_an_empty_or_unknown_file_is_not_sent_back_to_excel():
    """A 0-byte file or unknown bytes cannot be opened and re-saved: ask for the file again."""
    from pipeline.config import Limits
    from pipeline.reader.safety import inspect_bytes

    for data in (b"", b"just some text, not a workbook"):
        (finding,) = inspect_bytes(data, "x.xlsx", Limits()).findings
        assert "Simpan Sebagai" not in finding.message
        assert "Minta pengirim mengirim" in finding.message
        assert finding.message.count("kirim ulang") + finding.message.count("mengirim ulang") <= 1
