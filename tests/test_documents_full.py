"""One render of every document for the full catalog (21 jabatan, 55 indicators), in the
worker processes the report command uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from documents_fixtures import make_model, pdf_pages, squash

from pipeline.documents.render import render_report

CATALOG = Path(__file__).resolve().parents[1] / "pipeline" / "catalog" / "iki.toml"
pytestmark = pytest.mark.skipif(not CATALOG.is_file(), reason="full catalog not written yet")


def test_full_catalog_documents(real_ctx, tmp_path):
    model = make_model(real_ctx, triwulan=4)
    report = render_report(model, tmp_path / "out", workers=2, cache_dir=tmp_path / "cache")
    names = {p.relative_to(tmp_path / "out").as_posix() for p in report.paths}
    assert len(names) == 3 + len(model.catalog.jabatan)
    assert report.workers == 2

    combined = pdf_pages(tmp_path / "out" / "IKI-2026.pdf")
    per_jabatan = []
    for j in model.catalog.jabatan:
        pages = pdf_pages(tmp_path / "out" / "iki" / f"{j.id}.pdf")
        assert 1 <= len(pages) <= 3, j.id
        assert j.nama in pages[0]
        assert all(f"dari {len(pages)}" in page for page in pages)
        per_jabatan += pages
    assert combined == per_jabatan

    iki_text = " ".join(combined)
    ukur = pdf_pages(tmp_path / "out" / "pengukuran-kinerja-2026-TW4.pdf")
    ukur_text = " ".join(ukur)
    for ind in model.catalog.indikator:
        assert squash(ind.nama) in iki_text, ind.id
        assert squash(ind.nama) in ukur_text, ind.id
    assert len(model.catalog.jabatan) <= len(ukur) <= 2 * len(model.catalog.jabatan)
    assert ukur_text.count("PENGUKURAN KINERJA INDIVIDU") == len(model.catalog.jabatan)

    lampiran = pdf_pages(tmp_path / "out" / "lampiran-lkjip-2026.pdf")
    assert 2 <= len(lampiran) <= 5
    for unit in ("Sekretariat", "Bidang Pemanfaatan Data dan Inovasi Pelayanan"):
        assert unit in " ".join(lampiran)
    for page in combined + ukur + lampiran:
        assert not re.search(r"\b(nan|None|NaT)\b", page)
