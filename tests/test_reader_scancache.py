"""Sheets scanned once per process by content (reader/scancache.py): a hit is exactly the
scan of those bytes, the values are still resolved against each file's own shared strings,
styles and date system, and the bounds still hold."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pytest
from readerkit import Kit, rewrite_zip, set_cell_xml, sheet_entry

from pipeline.context import Context
from pipeline.reader import collect_inputs, read_workbooks
from pipeline.reader.read import read_files
from pipeline.reader.scancache import SCANS, ScanCache
from pipeline.reader.workbook import XmlProblem, col_letters, parse_workbook
from pipeline.reader.xmlparse import Coord, SheetLimit, SheetScan, scan_sheet
from pipeline.template import keterangan_name

SHEET = "02 Sekretaris"
INF = math.inf


def sheet(*rows: str) -> bytes:
    body = "".join(f'<row r="{k}">{cells}</row>' for k, cells in enumerate(rows, 1))
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


A = sheet('<c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c>', '<c r="C2"><f>A1</f><v>2</v></c>')
B = sheet('<c r="A1"><v>7</v></c>')


def scan(cache: ScanCache, xml: bytes, wanted: set[Coord], **bounds: float) -> SheetScan:
    limits = {"max_area": INF, "max_cells": INF, "deadline": INF, **bounds}
    return cache.scan(xml, frozenset(wanted), **limits)


def test_a_hit_is_the_scan_of_those_bytes() -> None:
    cache = ScanCache()
    wanted = {(1, 1), (1, 2), (2, 3)}
    first = scan(cache, A, wanted)
    again = scan(cache, bytes(A), wanted)  # equal bytes, another object
    assert (cache.hits, cache.misses) == (1, 1)
    assert again is first
    fresh = scan_sheet(A, wanted, max_area=INF, max_cells=INF, deadline=INF)
    assert (again.cells, again.rows, again.cols, again.count) == (
        fresh.cells,
        fresh.rows,
        fresh.cols,
        fresh.count,
    )


def test_other_bytes_cells_or_bounds_are_other_entries() -> None:
    cache = ScanCache()
    scan(cache, A, {(1, 1)})
    assert scan(cache, B, {(1, 1)}).cells[(1, 1)].value == "7"
    assert set(scan(cache, A, {(1, 2)}).cells) == {(1, 2)}
    scan(cache, A, {(1, 1)}, max_cells=100)
    assert (cache.hits, cache.misses) == (0, 4)


def test_least_recently_used_is_dropped_at_the_bound() -> None:
    cache = ScanCache(max_entries=2)
    scan(cache, A, {(1, 1)})
    scan(cache, B, {(1, 1)})
    scan(cache, A, {(1, 1)})  # A is now the most recent
    scan(cache, A, {(1, 2)})  # evicts B
    assert len(cache) == 2
    scan(cache, A, {(1, 1)})
    scan(cache, B, {(1, 1)})
    assert (cache.hits, cache.misses) == (2, 4)


def test_scans_are_immutable() -> None:
    got = scan(ScanCache(), A, {(1, 1)})
    with pytest.raises(TypeError):
        got.cells[(1, 1)] = got.cells[(1, 1)]  # type: ignore[index]
    with pytest.raises(AttributeError):
        got.cells[(1, 1)].value = "9"  # type: ignore[misc]


def test_memory_is_bounded_by_the_text_kept() -> None:
    """A hostile file can put megabytes of text into a named cell: such a scan is not kept,
    and the scans kept hold at most text_total characters."""
    cache = ScanCache(text_per_scan=100, text_total=250)
    big = sheet(f'<c r="A1" t="inlineStr"><is><t>{"x" * 101}</t></is></c>')
    assert scan(cache, big, {(1, 1)}).cells[(1, 1)].inline == "x" * 101
    assert (len(cache), cache.text) == (0, 0)
    for k in range(5):  # 80 characters each: the oldest go beyond 250
        scan(cache, sheet(f'<c r="A1" t="str"><v>{k}{"y" * 79}</v></c>'), {(1, 1)})
    assert (len(cache), cache.text) == (3, 240)
    scan(cache, sheet(f'<c r="A1" t="str"><v>0{"y" * 79}</v></c>'), {(1, 1)})
    assert cache.misses == 7  # the first of the five was dropped


def test_a_sheet_over_a_bound_is_refused_again_without_a_parse() -> None:
    cache = ScanCache()
    for _ in range(2):
        with pytest.raises(SheetLimit) as exc:
            scan(cache, A, {(1, 1)}, max_cells=2)
        assert (exc.value.kind, exc.value.cells) == ("cells", 3)
    far = sheet('<c r="XFD1048576"><v>1</v></c>')
    for _ in range(2):
        with pytest.raises(SheetLimit) as exc:
            scan(cache, far, set(), max_area=1_000_000)
        assert (exc.value.kind, exc.value.cols) == ("area", 16384)
    assert (cache.hits, cache.misses) == (2, 2)


def test_running_out_of_time_is_not_kept() -> None:
    cache = ScanCache()
    many = sheet("".join(f'<c r="A{k}"/>' for k in range(1, 10_000)))
    with pytest.raises(SheetLimit) as exc:
        scan(cache, many, {(1, 1)}, deadline=0.0)  # the clock is looked at every 4,096 cells
    assert exc.value.kind == "time"
    assert len(cache) == 0
    assert scan(cache, many, {(1, 1)}).count == 9_999


def test_malformed_xml_is_not_kept() -> None:
    cache = ScanCache()
    for _ in range(2):
        with pytest.raises(XmlProblem):
            scan(cache, b"<worksheet><sheetData>", set())
    assert (len(cache), cache.misses) == (0, 2)


# Two returned workbooks whose sheet XML is byte-identical while the parts the values are
# resolved against differ: each file gets its own values.


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def _keterangan_cell(kit: Kit) -> str:
    with zipfile.ZipFile(kit.blank()) as zf:
        wb = parse_workbook(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
    target = wb.target(keterangan_name("jumlah_sosialisasi", 3))
    assert target is not None
    return f"{col_letters(target.col)}{target.row}"


def _part(path: Path, entry: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(entry)


SST = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>Label</t></si><si><t>{}</t></si></sst>"
)


def with_shared_strings(path: Path, text: str) -> Path:
    """The workbook with a shared-string part whose string 1 is `text` (openpyxl writes
    every text inline), as Excel writes text."""
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", SST.format(text))

    def typed(xml: bytes) -> bytes:
        override = (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        return xml.replace(b"</Types>", override.encode() + b"</Types>")

    return rewrite_zip(path, {"[Content_Types].xml": typed})


def test_identical_sheets_take_each_files_shared_strings(kit: Kit) -> None:
    """The keterangan cell holds shared string 1 in both files; string 1 differs."""
    a1 = _keterangan_cell(kit)
    texts = {"a.xlsx": "Kegiatan ditunda karena banjir", "b.xlsx": "Sesuai jadwal"}
    paths = []
    for name, text in texts.items():
        path = kit.filled(name)
        set_cell_xml(path, SHEET, a1, "<v>1</v>", cell_type="s")
        paths.append(with_shared_strings(path, text))
    entry = sheet_entry(paths[0], SHEET)
    assert _part(paths[0], entry) == _part(paths[1], entry)
    SCANS.clear()
    reads = read_files(paths, kit.ctx, tahun=2026, triwulan_max=None, progress=False)
    assert SCANS.hits >= 1  # the second file's sheet came from the first one's scan
    got = {r.info.name: r.jabatan[0].keterangan["jumlah_sosialisasi"] for r in reads}
    assert got == texts


def date_format_of_g24(path: Path) -> Path:
    """The workbook with the style of the sekretaris sheet's G24 made a date format
    (numFmtId 14) in its styles.xml alone; the sheet XML is unchanged."""
    style = int(re.search(rb'<c r="G24" s="(\d+)"', _part(path, sheet_entry(path, SHEET)))[1])

    def as_date(styles: bytes) -> bytes:
        head, xfs = styles.split(b"<cellXfs", 1)
        entries = re.split(rb"(?=<xf )", xfs)  # entries[0] is the count attribute's rest
        entries[style + 1] = re.sub(
            rb'numFmtId="\d+"', b'numFmtId="14"', entries[style + 1], count=1
        )
        return head + b"<cellXfs" + b"".join(entries)

    return rewrite_zip(path, {"xl/styles.xml": as_date})


def test_identical_sheets_take_each_files_number_formats(kit: Kit) -> None:
    """The same serial number under a style that is a date in one file's styles.xml only."""
    date_format_of_g24(kit.filled("a.xlsx"))
    kit.filled("b.xlsx")
    SCANS.clear()
    result = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026)
    assert SCANS.hits >= 1
    dated = [f for f in result.findings if f.code == "date-in-number"]
    # Every cell of that style in a.xlsx reads as a date; b.xlsx, same sheet XML, has none.
    assert {f.file for f in dated} == {"a.xlsx"} and "G24" in {f.cell for f in dated}


def test_identical_sheets_take_each_files_date_system(kit: Kit) -> None:
    """The same serial under a date format: 1900 or 1904 system, from each workbook.xml."""
    a = date_format_of_g24(kit.filled("a.xlsx"))
    b = date_format_of_g24(kit.filled("b.xlsx"))
    rewrite_zip(
        a, {"xl/workbook.xml": lambda x: x.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')}
    )
    assert _part(a, sheet_entry(a, SHEET)) == _part(b, sheet_entry(b, SHEET))
    SCANS.clear()
    result = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026)
    assert SCANS.hits >= 1
    shown = {
        f.file: f.message for f in result.findings if f.code == "date-in-number" and f.cell == "G24"
    }
    assert "1904" in shown["a.xlsx"] and "1900" in shown["b.xlsx"]
