"""Reusable Word blocks: signature layouts, merged grids, number cells, the kop's logo."""

from __future__ import annotations

import base64
import struct
import zlib

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from pipeline.documents.view import Kop, Ttd
from pipeline.word import blocks as w


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def texts(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def test_single_signature_sits_right_and_vacancy_is_dotted():
    doc = w.new_document()
    vacant = Ttd("Mengetahui,", "Kepala Seksi Kelahiran,", None, "", None)
    t = w.signatures(doc, [vacant], tanggal="Tanjung Harapan, 7 Januari 2027")
    rows = texts(t)
    assert all(left == "" for left, _ in rows)
    right = [r[1] for r in rows]
    assert right[0] == "Tanjung Harapan, 7 Januari 2027"
    assert right[1:3] == ["Mengetahui,", "Kepala Seksi Kelahiran,"]
    assert right[4].startswith("(....") and right[6].startswith("NIP. ....")


def test_grid_merges_and_number_cells():
    doc = w.new_document()
    header = [["No", "Judul", w.LEFT], [w.ABOVE, "A", "B"]]
    rows = [[w.Cell("1", "c"), "satu", w.num("1.234.567")], [w.ABOVE, "dua", w.num("87,50")]]
    t = w.table(doc, header, rows, [10, 60, 30], total_rows=1)
    assert t.cell(0, 1)._tc is t.cell(0, 2)._tc  # Judul spans two columns
    assert t.cell(0, 0)._tc is t.cell(1, 0)._tc  # No spans both header rows
    assert t.cell(2, 0)._tc is t.cell(3, 0)._tc and t.cell(2, 0).text == "1"
    assert t.cell(2, 2).text == "1.234.567"
    assert t.cell(2, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    flags = [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in t.rows]
    assert flags == [True, True, False, False]
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)
    assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert round(t.columns[1].width / Mm(1)) == 60
    last = t.rows[-1].cells[1].paragraphs[0].runs[0]
    assert last.bold  # the total row


def test_kop_places_a_png_logo_and_skips_svg():
    png = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg></svg>").decode()
    for logo, pictures in ((png, 1), (svg, 0), (None, 0)):
        doc = w.new_document()
        w.kop(doc, Kop("PEMERINTAH KABUPATEN X", "DINAS Y", "Jalan Z", "", logo))
        assert len(doc.inline_shapes) == pictures
        assert texts(doc.tables[0])[0][1] == "PEMERINTAH KABUPATEN X\nDINAS Y\nJalan Z"
