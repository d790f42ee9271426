"""Archival PDFs: PDF/A-2b (XMP pdfaid, sRGB OutputIntent), one metadata set agreeing in the
information dictionary and XMP, /Lang id-ID, one Producer; split and joined files too; no
word broken by a hyphen at a line end."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from documents_fixtures import make_model, mini_context
from pypdf import PdfReader

from pipeline.documents.archival import LANG, PRODUCER
from pipeline.documents.render import render_report

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
# Letters, a hyphen, the line end, letters: a word broken across lines
# ("penyelengga-\nraan"). WeasyPrint marks its own breaks with U+2010; an ASCII hyphen there
# is accepted only for a word written with a hyphen in the source ("perundang-undangan").
BROKEN = re.compile(r"([A-Za-z]{2,})([-\u00ad\u2010])\n\s*([a-z]+)")
ROOT = Path(__file__).resolve().parents[1]


def hyphenated_source_words() -> set[str]:
    """Words that the catalogs and test data spell with a hyphen."""
    words: set[str] = set()
    for path in [*ROOT.glob("pipeline/catalog/*.toml"), *ROOT.glob("tests/data/*.toml")]:
        words |= set(re.findall(r"[A-Za-z]+-[A-Za-z]+", path.read_text(encoding="utf-8")))
    return {w.lower() for w in words}


def xmp_property(root: ET.Element, ns: str, name: str) -> list[str]:
    """A property's values, written as an attribute or an element (both are valid XMP)."""
    values = []
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        attr = desc.get(f"{{{NS[ns]}}}{name}")
        if attr is not None:
            values.append(attr)
        for el in desc.findall(f"{ns}:{name}", NS):
            items = el.findall(".//rdf:li", NS)
            values += [i.text or "" for i in items] if items else [el.text or ""]
    return values


def assert_archival(path: Path, title: str | None = None) -> dict[str, str]:
    """PDF/A-2b claims and metadata of one file; returns its information dictionary."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert path.read_bytes().startswith(b"%PDF-1.7"), path
    intents = root["/OutputIntents"]
    assert len(intents) == 1, path
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in str(intent["/OutputConditionIdentifier"])
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"  # an RGB ICC profile
    stream = root["/Metadata"].get_object()
    assert stream["/Subtype"] == "/XML" and "/Filter" not in stream, path
    xml = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", stream.get_data()))
    assert xmp_property(xml, "pdfaid", "part") == ["2"], path
    assert xmp_property(xml, "pdfaid", "conformance") == ["B"], path
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert str(root["/Lang"]) == LANG
    assert info["/Producer"] == PRODUCER
    assert xmp_property(xml, "pdf", "Producer") == [PRODUCER]
    assert xmp_property(xml, "dc", "title") == [info["/Title"]]
    assert xmp_property(xml, "dc", "creator") == [info["/Author"]]
    assert xmp_property(xml, "dc", "description") == [info["/Subject"]]
    assert xmp_property(xml, "pdf", "Keywords") == [info["/Keywords"]]
    assert info["/Author"].startswith("Dinas Kependudukan dan Pencatatan Sipil Kabupaten")
    assert "IKI" in info["/Keywords"] and info["/Subject"]
    if title is not None:
        assert info["/Title"] == title
    assert len(reader.trailer["/ID"]) == 2
    return info


def line_end_hyphens(path: Path, text: str | None = None) -> list[str]:
    """Words broken by a hyphen at a line end; `text`: pdftotext's output when already read."""
    if text is None:
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    allowed = hyphenated_source_words()
    return [
        m.group(0)
        for m in BROKEN.finditer(text)
        if not (m.group(2) == "-" and f"{m.group(1)}-{m.group(3)}".lower() in allowed)
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Two workers' worth of chunks (joined bundles, split IKI files) in this process."""
    ctx = mini_context(tmp_path_factory.mktemp("mini"))
    model = make_model(ctx, triwulan=3)
    out = tmp_path_factory.mktemp("pdfa")
    report = render_report(model, out, workers=1)
    return model, out, report.paths


def test_every_pdf_is_pdfa_with_one_metadata_set(rendered) -> None:
    _, out, paths = rendered
    infos = {p.relative_to(out).as_posix(): assert_archival(p) for p in paths}
    assert infos["IKI-2026.pdf"]["/Title"] == "Indikator Kinerja Individu 2026"
    assert infos["iki/sekretaris.pdf"]["/Title"].endswith("– Sekretaris Dinas")
    assert len({i["/Author"] for i in infos.values()}) == 1
    assert len({i["/Producer"] for i in infos.values()}) == 1


def test_renders_kept_whole_are_tagged(rendered) -> None:
    """WeasyPrint tags the structure (pdf_tags); a file written as rendered keeps it. Files
    cut from a render (split, joined) drop the page pointers into a tree they do not have."""
    _, out, _ = rendered
    root = PdfReader(out / "lampiran-lkjip-2026.pdf").trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert "/StructTreeRoot" in root
    for name in ("IKI-2026.pdf", "iki/kepala_dinas.pdf"):
        reader = PdfReader(out / name)
        assert all("/StructParents" not in p for p in reader.pages), name


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_no_word_is_hyphenated_at_a_line_end(rendered) -> None:
    _, _, paths = rendered
    for path in paths:
        assert line_end_hyphens(path) == [], path


def test_the_hyphen_check_can_fail(tmp_path) -> None:
    """The detector finds what WeasyPrint's `hyphens: auto` produced before."""
    sample = "penyelengga-\nraan Kependudukan, s.d. Triwulan III, Plt.-Kepala, Kepen\u2010\ndudukan"
    assert [m.group(0) for m in BROKEN.finditer(sample)] == [
        "penyelengga-\nraan",
        "Kepen\u2010\ndudukan",
    ]
    assert "perundang-undangan" in hyphenated_source_words()
