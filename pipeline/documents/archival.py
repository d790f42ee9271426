"""Archival PDFs: PDF/A-2b with one metadata set, for renders, split sections and bundles.

WeasyPrint writes PDF/A itself (`pdf_variant`): XMP with `pdfaid`, an sRGB OutputIntent,
embedded fonts, a file identifier. Files this program makes from those renders (a section
split out of a render, bundles joined from renders) are written by pypdf, which copies
pages only; `finish` gives every final file the same archival parts back: the OutputIntent
of its source, XMP that agrees with the document information dictionary (PDF/A requires
both to say the same), `/Lang`, and one Producer for every document.

Why PDF/A-2b: it is the level the archives and signature services ask for (ANRI, BSrE);
unlike 1b it allows the transparency the DRAF watermark uses, and unlike 3b it forbids
embedding non-PDF/A files, which these documents never need (the safe fetcher refuses
attachments anyway), so a 2b file is accepted wherever a 3b one is. Level "a" (accessible)
would require the structure tags to survive splitting and joining, which pypdf does not do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter

PDF_VARIANT = "pdf/a-2b"
PDFA_PART = 2
PDFA_CONFORMANCE = "B"
LANG = "id-ID"
PRODUCER = "IKI Disdukcapil (WeasyPrint, pypdf)"


@dataclass(frozen=True)
class Meta:
    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    lang: str = LANG


def read_meta(reader: PdfReader, *, title: str | None = None) -> Meta:
    """The metadata a render carries (from the HTML's <title>, <meta> and lang)."""
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")
    return Meta(
        title=title if title is not None else str(info.get("/Title", "")),
        author=str(info.get("/Author", "")),
        subject=str(info.get("/Subject", "")),
        keywords=str(info.get("/Keywords", "")),
        lang=str(lang) if lang else LANG,
    )


def xmp(meta: Meta) -> bytes:
    """An XMP packet stating PDF/A-2b and the same fields as the information dictionary."""
    e = escape
    fields = [f"<pdf:Producer>{e(PRODUCER)}</pdf:Producer>"]
    if meta.title:
        fields.append(
            "<dc:title><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>'
        )
    if meta.author:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if meta.subject:
        fields.append(
            "<dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>'
        )
    if meta.keywords:
        fields.append(f"<pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>")
    if meta.lang:
        fields.append(
            f"<dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>"
        )
    body = "\n".join(fields)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>{PDFA_PART}</pdfaid:part>
<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
{body}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def finish(writer: PdfWriter, meta: Meta, source: PdfReader) -> None:
    """Give a pypdf-written file the archival parts of the render its pages came from."""
    from pypdf.generic import ArrayObject, NameObject

    root = writer.root_object
    src_root = source.trailer["/Root"]
    intents = src_root.get("/OutputIntents")
    if intents is None:
        raise ValueError("sumber PDF tidak memiliki OutputIntent PDF/A")
    root[NameObject("/OutputIntents")] = ArrayObject(intents.get_object()).clone(writer)
    set_metadata(writer, meta)
    writer.generate_file_identifiers()
    for page in writer.pages:
        # The structure tree stays with the render; page pointers into it would dangle.
        if "/StructParents" in page:
            del page["/StructParents"]


def set_metadata(writer: PdfWriter, meta: Meta) -> None:
    """Information dictionary, XMP stream (typed, unfiltered as PDF/A wants) and /Lang."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer.metadata = info(meta)
    writer.xmp_metadata = None  # a new, unfiltered stream (a cloned one keeps its filter)
    writer.xmp_metadata = xmp(meta)
    root = writer.root_object
    stream = root["/Metadata"].get_object()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Lang")] = TextStringObject(meta.lang)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )


def info(meta: Meta) -> dict[str, str]:
    out = {"/Title": meta.title, "/Producer": PRODUCER}
    for key, value in (("/Author", meta.author), ("/Subject", meta.subject)):
        if value:
            out[key] = value
    if meta.keywords:
        out["/Keywords"] = meta.keywords
    return out


def write_pages(source: PdfReader, pages: range | list[int], target: Path, title: str) -> None:
    """Some pages of a render as an archival PDF of their own (a split-out section)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for i in pages:
        writer.add_page(source.pages[i])
    finish(writer, read_meta(source, title=title), source)
    _write(writer, target)


def join(parts: list[Path], target: Path, *, title: str) -> None:
    """Renders joined into one archival PDF (bookmarks kept), metadata from the first."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    first = None
    for part in parts:
        reader = PdfReader(part)
        first = first or reader
        writer.append(reader)
    if first is None:
        raise ValueError("tidak ada bagian PDF untuk digabung")
    finish(writer, read_meta(first, title=title), first)
    _write(writer, target)


def restamp(path: Path) -> None:
    """A final render written as it is: only the Producer (Info and XMP) made uniform."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    set_metadata(writer, read_meta(reader))
    _write(writer, path)


def _write(writer: PdfWriter, target: Path) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    writer.pdf_header = b"%PDF-1.7"  # what WeasyPrint writes for PDF/A-2
    tmp = target.with_name(target.name + ".tmp")
    with tmp.open("wb") as fh:
        writer.write(fh)
    tmp.replace(target)
