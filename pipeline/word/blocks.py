"""python-docx building blocks for official documents (tata naskah dinas), A4 and Indonesian.

Texts arrive already formatted (pipeline.fmt): these blocks only lay them out. Tables are
real Word tables with a fixed layout, borders, a header row repeated on every page and rows
that never split across pages, so staff can edit them in Word or LibreOffice.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.documents.assets import sniff_image
from pipeline.documents.view import Kop, Ttd
from pipeline.word import ooxml as x

FONT = "Arial"  # Liberation Sans in LibreOffice: the same metrics
FONT_SIZE = 10.5
MARGINS_MM = (16, 16, 18, 22)  # top, right, bottom, left: as the PDFs
HEADER_FILL = "E6E6E6"
TOTAL_FILL = "F5F5F5"
ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Grid sentinels: a cell covered by the cell above (vertical merge) or to its left.
ABOVE = "\x00above"
LEFT = "\x00left"


@dataclass(frozen=True)
class Cell:
    text: str
    align: str = "l"  # l, c, r
    bold: bool = False


def num(text: str) -> Cell:
    """An Indonesian number ('1.234.567', '98,50', 'Rp365.400.000'): right-aligned."""
    return Cell(text, "r")


GridCell = Cell | str  # a Cell, plain text (left-aligned), ABOVE or LEFT


def new_document(*, landscape: bool = False) -> DocxDocument:
    """An empty A4 document with the house font, Indonesian proofing and no paragraph gaps."""
    doc = Document()
    set_page(doc.sections[0], landscape=landscape)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(FONT_SIZE)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    x.insert(rpr, lang)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    doc.core_properties.language = "id-ID"
    return doc


def set_page(section: Section, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.footer_distance = Mm(8)


def text_width_mm(section: Section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def new_section(doc: DocxDocument) -> Section:
    """A new section on a new page, page numbers restarting at 1, own footer."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.footer.is_linked_to_previous = False
    return section


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def footer(section: Section, text: str, note: str = "", *, total: bool = True) -> None:
    """Footer: the document's name (and a sample-data note) left, page number right.

    Page numbers restart at 1 in every section. `total` adds "dari Y" (NUMPAGES): right for
    a document of one section; a combined document prints "Halaman X" only, because
    LibreOffice does not compute SECTIONPAGES.
    """
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        x.insert(section._sectPr, pg)
    pg.set(qn("w:start"), "1")
    foot = section.footer
    foot.is_linked_to_previous = False
    p = foot.paragraphs[0]
    p.text = ""
    p.style = "Normal"  # the Footer style's own tab stops would come first
    p.paragraph_format.tab_stops.add_tab_stop(Mm(text_width_mm(section)), WD_TAB_ALIGNMENT.RIGHT)
    x.run(p, text, size=7.5)
    x.run(p, "\tHalaman ", size=7.5)
    x.field(p, "PAGE", "1")
    if total:
        x.run(p, " dari ", size=7.5)
        x.field(p, "NUMPAGES", "1")
    if note:
        extra = foot.add_paragraph()
        extra.style = p.style
        x.run(extra, note, size=7.5, bold=True)


def kop(doc: DocxDocument, k: Kop) -> None:
    """Letterhead: logo left (PNG/JPEG), names centred, a thick and a thin rule below."""
    width = text_width_mm(doc.sections[-1])
    t = doc.add_table(rows=1, cols=3)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    x.fixed(t, [20, width - 40, 20])
    logo_cell, text_cell, _ = t.rows[0].cells
    image = _logo_bytes(k.logo)
    if image:
        logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(image), width=Mm(19))
        logo_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = [(k.pemerintah, 13, False), (k.dinas, 14, True), (k.alamat, 8.5, False)]
    if k.kontak:
        lines.append((k.kontak, 8.5, False))
    for i, (line, size, bold) in enumerate(lines):
        p = text_cell.paragraphs[0] if i == 0 else text_cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        x.run(p, line, size=size, bold=bold)
    rule = doc.add_paragraph()
    x.border(rule, "bottom", "thickThinSmallGap", 18)
    rule.paragraph_format.space_after = Pt(8)


def title(doc: DocxDocument, text: str, *, size: float = 12, after: float = 2) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.keep_with_next = True
    x.run(p, text, size=size, bold=True)
    return p


def subtitle(doc: DocxDocument, text: str) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(10)
    x.run(p, text)
    return p


def heading(doc: DocxDocument, text: str) -> Paragraph:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.space_after = Pt(4)
    p.paragraph_format.keep_with_next = True
    x.run(p, text, bold=True)
    return p


def paragraph(
    doc: DocxDocument,
    parts: str | Sequence[tuple[str, bool]],
    *,
    align: str = "j",
    size: float | None = None,
    after: float = 6,
    before: float = 0,
    indent_mm: float = 0,
) -> Paragraph:
    """A paragraph of plain text, or of (text, bold) parts."""
    p = doc.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if indent_mm:
        p.paragraph_format.left_indent = Mm(indent_mm)
    for text, bold in [(parts, False)] if isinstance(parts, str) else parts:
        x.run(p, text, bold=bold, size=size)
    return p


def fields(doc: DocxDocument, rows: Sequence[tuple[str, str]], *, indent_mm: float = 8) -> Table:
    """'Nama : ...' lines as a borderless table (label, colon, value)."""
    width = text_width_mm(doc.sections[-1]) - indent_mm
    widths = [22, 5, width - 27]
    t = doc.add_table(rows=0, cols=3)
    x.fixed(t, widths)
    x.indent(t, indent_mm)
    for label, value in rows:
        cells = x.add_row(t, widths).cells
        for cell, text in zip(cells, (label, ":", value), strict=True):
            x.run(cell.paragraphs[0], text)
    return t


def table(
    doc: DocxDocument,
    header: Sequence[Sequence[GridCell]],
    rows: Sequence[Sequence[GridCell]],
    widths_mm: Sequence[float],
    *,
    size: float = 8.5,
    total_rows: int = 0,
) -> Table:
    """A bordered table; `header` rows repeat on every page. ABOVE / LEFT merge a cell into
    the one above / to its left. The last `total_rows` rows are shaded and bold (Jumlah)."""
    grid = [list(r) for r in (*header, *rows)]
    t = doc.add_table(rows=len(grid), cols=len(widths_mm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    x.fixed(t, widths_mm)
    for r, values in enumerate(grid):
        row = t.rows[r]
        trpr = row._tr.get_or_add_trPr()
        x.flag(trpr, "w:cantSplit")
        is_header = r < len(header)
        is_total = r >= len(grid) - total_rows
        if is_header:
            x.flag(trpr, "w:tblHeader")
        for c, value in enumerate(values):
            if value in (ABOVE, LEFT):
                continue
            cell = value if isinstance(value, Cell) else Cell(str(value))
            target = row.cells[c]
            p = target.paragraphs[0]
            p.alignment = ALIGN["c" if is_header else cell.align]
            x.run(p, cell.text, size=size, bold=cell.bold or is_header or is_total)
            target.vertical_alignment = (
                WD_CELL_VERTICAL_ALIGNMENT.CENTER if is_header else WD_CELL_VERTICAL_ALIGNMENT.TOP
            )
            if is_header or is_total:
                x.shade(target, HEADER_FILL if is_header else TOTAL_FILL)
    _merge(t, grid)
    return t


def note(doc: DocxDocument, text: str) -> Paragraph:
    return paragraph(doc, text, align="l", size=8, after=2)


def signatures(doc: DocxDocument, blocks: Sequence[Ttd | None], *, tanggal: str = "") -> Table:
    """Signature blocks side by side (a single block sits in the right half): the place and
    date line (over the right block), "PIHAK ..."/"Mengetahui,", the title, room to sign,
    the name bold and underlined, pangkat and 'NIP. 19680411 199303 1 009'."""
    width = text_width_mm(doc.sections[-1])
    blocks = [None, *blocks] if len(blocks) == 1 else list(blocks)
    widths = [width / 2, width / 2]
    t = doc.add_table(rows=0, cols=2)
    x.fixed(t, widths)
    lines: list[list[tuple[str, str]]] = []  # per row: (text, kind) per block
    if tanggal:
        lines.append([("", "")] * (len(blocks) - 1) + [(tanggal, "")])
    lines.append([(b.atas if b else "", "") for b in blocks])
    lines.append([(b.jabatan if b else "", "") for b in blocks])
    lines.append([("", "ruang") for _ in blocks])
    lines.append([(_nama(b), "nama" if b and b.nama else "") for b in blocks])
    lines.append([(b.pangkat if b else "", "") for b in blocks])
    lines.append([(_nip(b), "") for b in blocks])
    for line in lines:
        row = x.add_row(t, widths)
        trpr = row._tr.get_or_add_trPr()
        x.flag(trpr, "w:cantSplit")
        for cell, (text, kind) in zip(row.cells, line, strict=True):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            if kind == "ruang":
                row.height = Mm(18)
            run = x.run(p, text, bold=kind == "nama")
            run.font.underline = kind == "nama"
    return t


def _nama(b: Ttd | None) -> str:
    if b is None:
        return ""
    return b.nama if b.nama else "(.............................................)"


def _nip(b: Ttd | None) -> str:
    if b is None:
        return ""
    if b.nama is None:
        return "NIP. ...................................."
    return f"NIP. {b.nip}" if b.nip else ""


def _merge(t: Table, grid: list[list[GridCell]]) -> None:
    """Merge each ABOVE/LEFT run into the cell that starts it (top-left wins)."""
    done: set[tuple[int, int]] = set()
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if value in (ABOVE, LEFT) or (r, c) in done:
                continue
            r2 = r
            while r2 + 1 < len(grid) and grid[r2 + 1][c] == ABOVE:
                r2 += 1
            c2 = c
            while c2 + 1 < len(values) and values[c2 + 1] == LEFT:
                c2 += 1
            if (r2, c2) != (r, c):
                t.cell(r, c).merge(t.cell(r2, c2))
                done |= {(i, k) for i in range(r, r2 + 1) for k in range(c, c2 + 1)}


def _logo_bytes(uri: str | None) -> bytes | None:
    """PNG or JPEG bytes of the letterhead logo's data: URI (Word cannot place SVG here)."""
    if not uri or not uri.startswith("data:") or ";base64," not in uri:
        return None
    body = base64.b64decode(uri.split(",", 1)[1])
    return body if sniff_image(body) in ("image/png", "image/jpeg") else None
