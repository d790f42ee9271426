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
