"""A document rendered in chunks but numbered as one ("Halaman X dari Y" across all of it).

The lampiran LKjIP is long (about 50 pages) and one WeasyPrint render uses one core, so it
is rendered in chunks in the worker pool like the IKI and pengukuran bundles. Its chunks
are rendered without the page-number margin box; once their page counts are known, a
stamp document is rendered (one empty page per page, portrait or landscape like the page
it goes on, the same stylesheet and margin box, so the numbers look as a single render's
would) and each stamp page is laid over its page. The stamp's font is embedded by
WeasyPrint like any render's, so the joined file stays PDF/A-2b (archival.finish).

The chunks' bookmarks are rebuilt in the joined file: a later chunk has no <h1>, so its
top headings go under the first chunk's title, as they were in a single render.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.documents.archival import _write, finish, read_meta

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter

STAMP_CSS = ".stempel + .stempel { break-before: page; }"


def orientations(parts: list[Path]) -> list[bool]:
    """For every page of the parts in order: True when it is landscape."""
    from pypdf import PdfReader

    out = []
    for part in parts:
        for page in PdfReader(part).pages:
            box = page.mediabox
            out.append(float(box.width) > float(box.height))
    return out


def stamp_html(landscape: list[bool]) -> str:
    """One empty page per page to number: the stylesheet's own margin box numbers them."""
    pages = "".join(
        '<div class="stempel halaman-lanskap"></div>' if wide else '<div class="stempel"></div>'
        for wide in landscape
    )
    return (
        '<!DOCTYPE html><html lang="id-ID"><head><meta charset="utf-8"><title>Nomor halaman'
        f"</title><style>{STAMP_CSS}</style></head><body>{pages}</body></html>"
    )


def join_numbered(parts: list[Path], stamp: Path, target: Path, *, title: str) -> None:
    """Chunks joined into one archival PDF, each page stamped with its number."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(p) for p in parts]
    numbers = PdfReader(stamp)
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader, import_outline=False)
    if len(numbers.pages) != len(writer.pages):
        raise ValueError(
            f"stempel nomor halaman {len(numbers.pages)} halaman, dokumen {len(writer.pages)}"
        )
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
    rebuild_outline(writer, readers)
    finish(writer, read_meta(readers[0], title=title), readers[0])
    _write(writer, target)


def rebuild_outline(writer: PdfWriter, readers: list[PdfReader]) -> None:
    """Every chunk's bookmarks at their pages; a later chunk's top level goes under the
    first chunk's single top item (the document title), as one render would nest them."""
    from pypdf.generic import Destination

    offset, title_item = 0, None
    for n, reader in enumerate(readers):
        roots = [item for item in reader.outline if isinstance(item, Destination)]
        parent = title_item if n and title_item is not None else None
        added = _copy(writer, reader, reader.outline, offset, parent)
        if n == 0 and len(roots) == 1:
            title_item = added[0]
        offset += len(reader.pages)


def _copy(writer: PdfWriter, reader: PdfReader, items: list, offset: int, parent) -> list:  # type: ignore[no-untyped-def]
    from pypdf.generic import Destination, Fit

    added: list = []
    for item in items:
        if isinstance(item, list):
            if added:
                _copy(writer, reader, item, offset, added[-1])
            continue
        if not isinstance(item, Destination):
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        fit = Fit.xyz(item.left, item.top, item.zoom) if item.typ == "/XYZ" else Fit.fit()
        added.append(
            writer.add_outline_item(
                title=item.title, page_number=page + offset, parent=parent, fit=fit
            )
        )
    return added
