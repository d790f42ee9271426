"""The streaming sheet reader: Excel's cell-type semantics, number formats, layout of names."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import pytest

from pipeline.context import Context
from pipeline.reader.sheets import cell_value
from pipeline.reader.styles import classify_code, parse_styles, style_format
from pipeline.reader.workbook import XmlProblem, parse_workbook
from pipeline.reader.xmlparse import scan_sheet, shared_strings
from pipeline.sheetlayout import jabatan_slots
from pipeline.template import write_template

INF = math.inf
STYLES = (
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    b'<numFmt numFmtId="165" formatCode="&quot;Rp&quot;#,##0"/></numFmts>'
    b'<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="3"/><xf numFmtId="164"/>'
    b'<xf numFmtId="9"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>'
)


def scan(xml: bytes, *coords: tuple[int, int]):
    return scan_sheet(xml, set(coords), max_area=10**9, max_cells=10**9, deadline=INF)


def value(xml: bytes, coord: tuple[int, int], strings=None, date1904: bool = False) -> object:
    raw = scan(xml, coord).cells[coord]
    styles = parse_styles(STYLES)
    return cell_value(raw, strings or {}, style_format(styles, raw.style), date1904)


def sheet(cells: str) -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    ).encode()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('<c r="A1" s="1"><v>1234</v></c>', 1234.0),
        ('<c r="A1"><v>1.5E3</v></c>', 1500.0),
        ('<c r="A1" t="b"><v>1</v></c>', True),
        ('<c r="A1" t="b"><v>0</v></c>', False),
        ('<c r="A1" t="e"><v>#DIV/0!</v></c>', "#DIV/0!"),
        ('<c r="A1" t="inlineStr"><is><t>12 dokumen</t></is></c>', "12 dokumen"),
        ('<c r="A1" t="inlineStr"><is><r><t>1</t></r><r><t>2</t></r></is></c>', "12"),
        ('<c r="A1" t="inlineStr"><is><t>a</t><rPh><t>x</t></rPh></is></c>', "a"),
        ('<c r="A1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>', "ab"),
        ('<c r="A1"><f>1+1</f><v>2</v></c>', 2.0),
        ('<c r="A1"><f>1+1</f></c>', ""),
        ('<c r="A1" s="1"/>', ""),
        ('<c r="A1" s="2"><v>46086</v></c>', dt.datetime(2026, 3, 5)),
        ('<c r="A1" s="5"><v>46086.5</v></c>', dt.datetime(2026, 3, 5, 12)),
        ('<c r="A1" s="4"><v>1500</v></c>', 1500.0),
        ('<c r="A1" t="d"><v>2026-03-05T00:00:00</v></c>', dt.datetime(2026, 3, 5)),
        ('<c r="A1" t="s"><v>1</v></c>', "kedua"),
        ('<c r="A1" t="inlineStr"><is><t>_x001B_[31m</t></is></c>', "\x1b[31m"),
    ],
)
def test_cell_types_as_excel_reads_them(cell: str, expected: object) -> None:
    assert value(sheet(cell), (1, 1), {0: "pertama", 1: "kedua"}) == expected


def test_formula_and_error_markup_is_kept() -> None:
    xml = sheet('<c r="A1"><f>1/0</f></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    cells = scan(xml, (1, 1), (1, 2)).cells
    assert cells[(1, 1)].formula and cells[(1, 1)].value is None
    assert cells[(1, 2)].formula and cells[(1, 2)].type == "e"


def test_date1904_serials() -> None:
    xml = sheet('<c r="A1" s="2"><v>44624</v></c>')
    assert value(xml, (1, 1), date1904=True) == dt.datetime(2026, 3, 5)


def test_attributes_in_any_legal_spelling() -> None:
    xml = (
        b"<worksheet><sheetData><row r = '3' ><c\tr='B3' s = \"1\"><v>7</v></c>"
        b'<c r="&#67;3"><v>8</v></c></row></sheetData></worksheet>'
    )
    out = scan(xml, (3, 2), (3, 3))
    assert {k: v.value for k, v in out.cells.items()} == {(3, 2): "7", (3, 3): "8"}
    assert out.cells[(3, 2)].style == 1 and (out.rows, out.cols) == (3, 3)


def test_unnumbered_rows_and_cells_follow_the_previous() -> None:
    xml = (
        b"<x:sheetData><x:row r='4'><x:c r='C4'/><x:c><x:v>5</x:v></x:c></x:row>"
        b"<x:row><x:c/></x:row></x:sheetData>"
    )
    out = scan(xml, (4, 4), (5, 1))
    assert out.cells[(4, 4)].value == "5" and (5, 1) in out.cells and out.count == 3


@pytest.mark.parametrize(
    "xml",
    [
        b"<sheetData><row r='x'/></sheetData>",
        b"<sheetData><row><c r='A0'/></row></sheetData>",
        b"<sheetData><row><c r='XFE1'/></row></sheetData>",
        b"<sheetData><row r='1048577'/></sheetData>",
        b"<sheetData><row>",
        b'<!DOCTYPE x [<!ENTITY e "e">]><sheetData/>',
    ],
)
def test_malformed_or_dtd_is_a_problem(xml: bytes) -> None:
    with pytest.raises(XmlProblem):
        scan(xml)


def test_shared_strings_read_only_up_to_the_last_needed() -> None:
    xml = (
        b"<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si>"
        b"<si><t>d</t><rPh><t>x</t></rPh></si><si><t>never</t></si>"
        b"</sst><broken"  # never reached: the parse stops after index 2
    )
    assert shared_strings(xml, {1, 2}, deadline=INF) == {1: "bc", 2: "d"}


def test_number_format_kinds() -> None:
    assert classify_code("dd/mm/yyyy").is_date and not classify_code("#,##0").is_date
    assert classify_code("0.00%").is_percent and not classify_code('"%"0').is_percent
    assert not classify_code('#,##0" hari"').is_date  # quoted text is not a date token
    assert classify_code("[$-421]#,##0").normal == "#,##0"
    assert classify_code("General").normal == "general"
    assert classify_code("[h]:mm").is_date


def test_template_names_are_where_the_layout_says(real_ctx: Context, tmp_path: Path) -> None:
    """pipeline/sheetlayout.py is the template's own layout: every name, every quarter."""
    for q in (1, 2, 4):
        path = write_template(real_ctx, 2026, q, tmp_path / f"q{q}")[0]
        with zipfile.ZipFile(path) as zf:
            wb = parse_workbook(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
        expected = {}
        for jab in real_ctx.catalog.jabatan:
            for slot in jabatan_slots(jab, q, real_ctx.wilayah):
                expected[slot.name.lower()] = (slot.sheet, slot.row + 1, slot.col + 1)
        got = {}
        for name in expected:
            t = wb.target(name)
            got[name] = (t.sheet, t.row, t.col) if t else None
        assert got == expected


def test_a_scan_frees_its_text_on_return_without_the_cyclic_collector() -> None:
    """A hostile cell can hold megabytes of text: each scan frees it as soon as its result
    is dropped (the parser's handlers close over each other; that cycle used to keep every
    scan's parser and text until the cyclic collector ran: 233 MB for twenty 5 MB cells)."""
    import gc
    import tracemalloc

    big = "x" * 2_000_000
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{big}</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    gc.disable()
    tracemalloc.start()
    try:
        for _ in range(10):
            assert len(scan(xml, (1, 1)).cells[(1, 1)].inline) == len(big)
            assert len(shared_strings(b"<sst><si><t>" + big.encode() + b"</t></si></sst>", {0},
                                      deadline=INF)[0]) == len(big)  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    assert peak < 12_000_000  # one scan's worth (2 MB of text, a few copies), not ten
