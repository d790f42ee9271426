"""Typography of the documents: balanced signature titles, Plt./Plh. everywhere, no CSS
hyphenation."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest
from documents_fixtures import make_model, mini_context
from hypothesis import given
from hypothesis import strategies as st

from pipeline.documents.render import render_report
from pipeline.documents.view import TTD_LINE_CHARS, balanced_lines
from pipeline.documents.worker import CSS_PATH
from pipeline.report.model import Signatory

words = st.lists(st.text("abcdefghijklmnopqrstuvwxyz,.", min_size=1, max_size=18), max_size=14)


def greedy_lines(ws: list[str], width: int) -> list[str]:
    lines: list[str] = []
    for w in ws:
        if lines and len(lines[-1]) + 1 + len(w) <= width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines


@given(words, st.integers(10, 50))
def test_balanced_lines_keep_words_fit_and_are_no_worse_than_greedy(ws, width) -> None:
    text = " ".join(ws)
    lines = balanced_lines(text, width)
    assert " ".join(lines).split() == text.split()
    assert all(len(line) <= width or " " not in line for line in lines)
    if len(text) > width and len(ws) > 1:
        greedy = greedy_lines(ws, width)
        assert len(lines) == len(greedy)
        assert max(map(len, lines)) <= max(map(len, greedy))


def test_balanced_lines_examples() -> None:
    assert balanced_lines("Kepala Dinas Kependudukan dan Pencatatan Sipil,", 40) == [
        "Kepala Dinas Kependudukan",
        "dan Pencatatan Sipil,",
    ]
    assert balanced_lines("Plt. Kepala Seksi Kelahiran,", 40) == ["Plt. Kepala Seksi Kelahiran,"]
    assert balanced_lines(
        "Kepala Seksi Perubahan Status Anak, Pewarganegaraan dan Kematian,", 40
    ) == ["Kepala Seksi Perubahan Status Anak,", "Pewarganegaraan dan Kematian,"]


def test_stylesheet_never_hyphenates() -> None:
    css = CSS_PATH.read_text(encoding="utf-8")
    assert "hyphens: auto" not in css
    assert "hyphenate-" not in css


@pytest.fixture(scope="module")
def acting(tmp_path_factory):
    """The Sekretaris is acting (Plt.); documents rendered once."""
    ctx = mini_context(tmp_path_factory.mktemp("plt"))
    model = make_model(ctx, triwulan=4)
    s = model.signatories["sekretaris"]
    p = dataclasses.replace(s.pejabat, status="Plt.")
    signatories = {**model.signatories, "sekretaris": Signatory("sekretaris", f"Plt. {s.title}", p)}
    model = dataclasses.replace(model, signatories=signatories)
    out = tmp_path_factory.mktemp("plt-out")
    return model, out, render_report(model, out, workers=1).paths


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_acting_status_in_every_document(acting) -> None:
    model, out, _ = acting
    name = model.signatories["sekretaris"].pejabat.nama
    for rel in ("iki/sekretaris.pdf", "pengukuran-kinerja-2026-TW4.pdf", "lampiran-lkjip-2026.pdf"):
        text = subprocess.run(
            ["pdftotext", str(out / rel), "-"], capture_output=True, text=True, check=True
        ).stdout
        if name not in text:
            continue
        flat = " ".join(text.split())
        assert "Plt. Sekretaris" in flat, rel
        # Where the holder is named (signature, identity, LKjIP summary), the title is acting.
        assert flat.count(name) <= flat.count("Plt. Sekretaris Dinas"), rel


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_signature_titles_wrap_in_balanced_lines(acting) -> None:
    _, _, paths = acting
    for path in paths:
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for line in text.splitlines():
            assert line.strip() not in ("Sipil,", "Kematian,", "Penduduk,"), (path, line)
    assert TTD_LINE_CHARS >= 30


FOOTER_MM = 18  # the bottom margin holding the footer


def page_fill(pdf) -> list[tuple[float, int, int]]:  # type: ignore[no-untyped-def]
    """Per page: (share of the text area used down to its lowest word, page, of pages)."""
    import re
    import xml.etree.ElementTree as ET

    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    result = []
    for page in ET.fromstring(out).iter("page"):
        bottom = float(page.get("height")) - FOOTER_MM / 25.4 * 72
        words = list(page.iter("word"))
        used = max(
            (float(w.get("yMax")) for w in words if float(w.get("yMax")) < bottom), default=0
        )
        number = re.search(r"Halaman (\d+) dari (\d+)", " ".join(w.text or "" for w in words))
        if number:
            result.append((used / bottom, int(number.group(1)), int(number.group(2))))
    return result


def assert_no_half_empty_pages(pdf, minimum: float = 0.6) -> None:  # type: ignore[no-untyped-def]
    """A page followed by another page of the same document section is well filled: the
    last row, the chart and the signature are not pushed over leaving half a page empty."""
    for used, page, pages in page_fill(pdf):
        if page < pages:
            assert used >= minimum, (pdf.name, page, pages, round(used, 2))
