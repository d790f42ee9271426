"""Workbook structure without a spreadsheet library: sheets, defined names and identity.

Parsed from xl/workbook.xml, xl/_rels/workbook.xml.rels and docProps/custom.xml with
defusedxml (no entity expansion, no external references).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as StdElementTree

from defusedxml import ElementTree as DefusedElementTree

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAX_ROW, MAX_COL = 1_048_576, 16_384


class XmlProblem(Exception):
    """A workbook part that is not well-formed XML (message names the part)."""


@dataclass(frozen=True)
class SheetRef:
    name: str
    path: str  # zip entry, e.g. "xl/worksheets/sheet3.xml"
    state: str = "visible"


@dataclass(frozen=True)
class NameTarget:
    """Where a defined name points: one cell on one sheet, or why it does not."""

    sheet: str | None
    row: int = 0  # 1-based
    col: int = 0  # 1-based
    problem: str | None = None  # "ref" (#REF!), "range", "formula"
    text: str = ""

    @property
    def a1(self) -> str:
        return f"{col_letters(self.col)}{self.row}" if self.row else ""


@dataclass
class WorkbookXml:
    sheets: list[SheetRef] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # lower-cased name -> reference text
    date1904: bool = False  # serial dates count from 1904 (old Mac workbooks)
    _by_name: dict[str, SheetRef] = field(default_factory=dict, repr=False)
    # Work derived from this workbook.xml alone (reading plans), shared by identical files.
    derived: dict = field(default_factory=dict, repr=False)

    def target(self, name: str) -> NameTarget | None:
        """Where a defined name points (names ignore case); None when there is no such name."""
        text = self.names.get(name.lower())
        return None if text is None else parse_reference(text)

    def sheet(self, name: str) -> SheetRef | None:
        """The sheet of that name; Excel sheet names are unique ignoring case."""
        if len(self._by_name) != len(self.sheets):
            self._by_name = {s.name.lower(): s for s in reversed(self.sheets)}
        return self._by_name.get(name.lower())


def col_letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_a1(ref: str) -> tuple[int, int] | None:
    """'$D$12' -> (12, 4); None for anything that is not one valid cell."""
    m = CELL_RE.match(ref)
    if not m:
        return None
    row, col = int(m.group(2)), col_number(m.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    return row, col


def _parse(data: bytes, part: str):
    """Parse untrusted XML. Entity tricks (billion laughs, external entities) need a DTD;
    without one the standard parser is safe and twice as fast, with one defusedxml refuses."""
    try:
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return DefusedElementTree.fromstring(data)
        return StdElementTree.fromstring(data)
    except Exception as exc:  # ParseError, or defusedxml's refusal of DTDs/entities
        raise XmlProblem(part) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_CACHE: dict[tuple[bytes, bytes | None], WorkbookXml] = {}
# A province's folder holds 84 distinct split workbooks per office template: keep them all,
# bounded by the bytes held.
_CACHE_MAX_BYTES = 32 * 1024 * 1024
_cache_bytes = 0


def parse_workbook(workbook_xml: bytes, rels_xml: bytes | None) -> WorkbookXml:
    """Sheets in workbook order with their zip paths, and workbook-scope defined names.

    A sheet-scoped name is used only when no workbook-scope name of the same text exists.
    Files made from one template share these parts byte for byte: each distinct pair is
    parsed once (the result is not modified by its users).
    """
    global _cache_bytes
    key = (workbook_xml, rels_xml)
    found = _CACHE.get(key)
    if found is None:
        found = _parse_workbook(workbook_xml, rels_xml)
        size = len(workbook_xml) + len(rels_xml or b"")
        if size > _CACHE_MAX_BYTES // 8:
            return found  # an implausibly large part is not kept
        while _CACHE and _cache_bytes + size > _CACHE_MAX_BYTES:
            old = next(iter(_CACHE))
            _cache_bytes -= len(old[0]) + len(old[1] or b"")
            del _CACHE[old]
        _CACHE[key] = found
        _cache_bytes += size
    return found


def _parse_workbook(workbook_xml: bytes, rels_xml: bytes | None) -> WorkbookXml:
    root = _parse(workbook_xml, "xl/workbook.xml")
    targets = _relationships(rels_xml) if rels_xml else {}
    out = WorkbookXml()
    local_names: dict[str, str] = {}
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "sheet":
            rid = el.get(f"{{{REL_NS}}}id") or el.get(f"{{{STRICT_REL_NS}}}id") or ""
            target = targets.get(rid, "")
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join("xl", target)) if target else ""
            out.sheets.append(SheetRef(el.get("name", ""), path, el.get("state", "visible")))
        elif tag == "workbookPr":
            out.date1904 = el.get("date1904", "").strip().lower() in ("1", "true")
        elif tag == "definedName":
            name = el.get("name", "").lower()  # Excel names are case-insensitive
            ref = (el.text or "").strip()
            if el.get("localSheetId") is None:
                out.names[name] = ref
            else:
                local_names.setdefault(name, ref)
    for name, target in local_names.items():
        out.names.setdefault(name, target)
    return out


def _relationships(rels_xml: bytes) -> dict[str, str]:
    root = _parse(rels_xml, "xl/_rels/workbook.xml.rels")
    return {
        el.get("Id", ""): el.get("Target", "")
        for el in root.iter()
        if _local(el.tag) == "Relationship"
    }


def parse_reference(text: str) -> NameTarget:
    """ "'01 Kepala Dinas'!$D$12" -> NameTarget(sheet, 12, 4); problems are kept, not raised."""
    if text.startswith("="):
        text = text[1:]
    if "#REF!" in text.upper():
        return NameTarget(None, problem="ref", text=text)
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end == -1:
                return NameTarget(None, problem="formula", text=text)
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        sheet = text[1:end].replace("''", "'")
        rest = text[end + 1 :]
    else:
        sheet, sep, rest = text.partition("!")
        rest = sep + rest
    if not rest.startswith("!"):
        return NameTarget(None, problem="formula", text=text)
    ref = rest[1:]
    if ":" in ref:
        first, _, last = ref.partition(":")
        a, b = parse_a1(first), parse_a1(last)
        if a and a == b:
            return NameTarget(sheet, a[0], a[1], text=text)
        return NameTarget(sheet, problem="range", text=text)
    cell = parse_a1(ref)
    if cell is None:
        return NameTarget(sheet, problem="formula", text=text)
    return NameTarget(sheet, cell[0], cell[1], text=text)


def parse_custom_properties(custom_xml: bytes | None) -> dict[str, str]:
    """Custom document properties as text, whatever variant type the writer chose."""
    if not custom_xml:
        return {}
    root = _parse(custom_xml, "docProps/custom.xml")
    out: dict[str, str] = {}
    for prop in root:
        if _local(prop.tag) != "property":
            continue
        value = next(iter(prop), None)
        out[prop.get("name", "")] = (value.text or "").strip() if value is not None else ""
    return out


def whole_number(text: str) -> int | None:
    """'3' or '3.0' or '3,0' (a property retyped by LibreOffice) -> 3; None otherwise."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else None
