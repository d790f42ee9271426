"""A document rendered in chunks and numbered as one (the lampiran LKjIP in the pool)."""

from __future__ import annotations

import re

from documents_fixtures import make_model, mini_context, pdf_pages
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from test_documents_archival import assert_archival

from pipeline.documents import lkjip
from pipeline.documents.numbering import join_numbered, orientations, stamp_html
from pipeline.documents.render import head_of_office, render_html, split_weighted
from pipeline.documents.worker import Task, render


@given(st.lists(st.floats(0.1, 50), min_size=1, max_size=30), st.integers(1, 6))
def test_weighted_split_covers_every_item_once_in_order(weights, n) -> None:
    ranges = split_weighted(weights, n)
    assert 1 <= len(ranges) <= min(n, len(weights))
    assert [i for r in ranges for i in r] == list(range(len(weights)))
    assert all(len(r) > 0 for r in ranges)


def test_chunks_are_numbered_across_the_joined_document(tmp_path) -> None:
    """Two chunks (portrait and landscape pages each) rendered without page numbers, then
    joined: "Halaman k dari N" on every page, orientations kept, PDF/A, one bookmark tree."""
    model = make_model(mini_context(tmp_path / "mini"), triwulan=4)
    annex = lkjip.lampiran(model, head_of_office(model))
    html = render_html("lampiran.html", {**annex, "tanpa_nomor": True})
    parts = []
    for k in (1, 2):
        out = tmp_path / f"bagian-{k}.pdf"
        render(Task(out.name, html, str(out)))
        assert not any("Halaman" in page for page in pdf_pages(out))  # numbers left out
        parts.append(out)
    wide = orientations(parts)
    assert True in wide and False in wide
    stamp = tmp_path / "nomor.pdf"
    render(Task(stamp.name, stamp_html(wide), str(stamp)))
    target = tmp_path / "lampiran.pdf"
    join_numbered(parts, stamp, target, title=annex["judul"])

    pages = pdf_pages(target)
    n = len(pages)
    assert n == len(wide)
    for k, text in enumerate(pages, start=1):
        assert re.findall(r"Halaman (\d+) dari (\d+)", text) == [(str(k), str(n))]
    assert orientations([target]) == wide
    assert_archival(target, title=annex["judul"])
    # One title at the top; the second chunk's bookmarks nested under it, at its pages.
    first = titles(PdfReader(parts[0]).outline)
    assert len(first) == 2 and isinstance(first[1], list)  # the title, its headings
    reader = PdfReader(target)
    assert titles(reader.outline) == [first[0], [*first[1], *first]]
    copy = reader.outline[1][len(first[1])]
    assert reader.get_destination_page_number(copy) == len(PdfReader(parts[0]).pages)


def titles(outline: list) -> list:
    return [titles(i) if isinstance(i, list) else i.title for i in outline]
