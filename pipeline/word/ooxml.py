"""Low-level OOXML for the Word blocks: runs, fields, table widths, shading, borders, and
property elements placed at their schema position.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# Word rejects a document whose property elements are out of their schema order (LibreOffice
# does not mind), so every element added here goes before the ones that must follow it
# (ECMA-376 Part 1, sequences of w:rPr, w:sectPr, w:trPr, w:tcPr, w:tblPr, w:pPr).
AFTER = {
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:pgNumType": (
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
    "w:cantSplit": (
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
        "w:ins",
        "w:del",
        "w:trPrChange",
    ),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
    "w:shd": (
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    ),
    "w:tblLayout": (
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:tblInd": (
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:pBdr": (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
}


def run(p: Paragraph, text: str, *, size: float | None = None, bold: bool = False):
    run = p.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    return run


def field(p: Paragraph, instr: str, placeholder: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "15")
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def insert(parent, el) -> None:
    """Add a property element at its schema position (before its successors)."""
    parent.insert_element_before(el, *AFTER["w:" + el.tag.rsplit("}", 1)[-1]])


def flag(parent, tag: str) -> None:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    insert(parent, el)


def fixed(t: Table, widths_mm: Sequence[float]) -> None:
    """Fixed layout with explicit column widths (Word and LibreOffice honour different ones:
    the grid, the columns and every cell get them)."""
    t.autofit = False
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert(tblpr, layout)
    for col, w in zip(t.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def add_row(t: Table, widths_mm: Sequence[float]):
    row = t.add_row()
    for cell, w in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(w)
    return row


def indent(t: Table, mm: float) -> None:
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(mm * 56.7)))
    ind.set(qn("w:type"), "dxa")
    insert(t._tbl.tblPr, ind)


def shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    insert(cell._tc.get_or_add_tcPr(), shd)


def border(p: Paragraph, side: str, style: str, size: int) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), style)
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), "000000")
    borders.append(el)
    insert(ppr, borders)
