"""Rendered PDFs of the mini catalog: content, wording, page numbers, orientation, cache.

Rendered in this process (workers=1) a few times per module; pypdf reads the text back.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from documents_fixtures import make_model, mini_context, pdf_pages, squash
from pypdf import PdfReader

from pipeline import fmt
from pipeline.documents.render import render_report
from pipeline.report.model import Signatory

HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_LINK = '<link rel="attachment" href="file:///etc/passwd">'
STRAY = re.compile(r"\b(nan|NaN|None|NaT|null|Page|Total|of)\b")
FILES = {
    "IKI-2026.pdf",
    "iki/kepala_dinas.pdf",
    "iki/sekretaris.pdf",
    "pengukuran-kinerja-2026-TW3.pdf",
    "lampiran-lkjip-2026.pdf",
}


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    return mini_context(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def rendered(ctx, tmp_path_factory):
    """Quarter III, final (no draft), with a cache folder."""
    root = tmp_path_factory.mktemp("dok")
    model = make_model(ctx, triwulan=3)
    report = render_report(model, root / "out", workers=1, cache_dir=root / "cache")
    texts = {p.relative_to(root / "out").as_posix(): pdf_pages(p) for p in report.paths}
    return model, report, root, texts


@pytest.fixture(scope="module")
def hostile(ctx, tmp_path_factory):
    """Quarter IV draft with a vacant post and markup in keterangan and a name."""
    model = make_model(
        ctx,
        triwulan=4,
        draft=True,
        vacant=("sekretaris",),
        keterangan={"ketepatan_waktu": HOSTILE_IMG},
    )
    p = model.signatories["kepala_dinas"].pejabat
    hostile = Signatory("kepala_dinas", "Kepala Dinas", dataclasses.replace(p, nama=HOSTILE_LINK))
    model = dataclasses.replace(
        model, signatories={**model.signatories, "kepala_dinas": hostile}
    )  # the model is immutable: a changed copy
    out = tmp_path_factory.mktemp("draf")
    report = render_report(model, out, workers=1)
    return model, report, {p.relative_to(out).as_posix(): pdf_pages(p) for p in report.paths}


def joined(pages: list[str]) -> str:
    return " ".join(pages)


def no_space(text: str) -> str:
    """For text that narrow cells may wrap anywhere (e.g. after a slash)."""
    return re.sub(r"\s+", "", text)


def page_runs(pages: list[str]) -> list[int]:
    """Lengths of the runs "Halaman 1 dari n" ... "Halaman n dari n"; fails on any gap."""
    runs: list[int] = []
    expected = 1
    for page in pages:
        found = re.findall(r"Halaman (\d+) dari (\d+)", page)
        assert len(found) == 1, page[-200:]
        k, n = int(found[0][0]), int(found[0][1])
        assert k == expected and k <= n, (k, n)
        expected = 1 if k == n else k + 1
        if k == n:
            runs.append(n)
    assert expected == 1, "last section incomplete"
    return runs


def test_every_document_is_written(rendered):
    _, report, root, _ = rendered
    assert {p.relative_to(root / "out").as_posix() for p in report.paths} == FILES
    assert sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*")) == (
        sorted([*FILES, "iki"])
    )  # no intermediate files left behind


def test_iki_holds_jabatan_indicators_and_signatories(rendered):
    model, _, _, texts = rendered
    bupati = model.signatories["bupati"].pejabat
    for j in model.catalog.jabatan:
        text = joined(texts[f"iki/{j.id}.pdf"])
        assert "INDIKATOR KINERJA INDIVIDU" in text and j.nama in text
        assert squash(j.tugas) in text
        for letter, item in zip("abcdefgh", j.fungsi, strict=False):
            assert f"{letter}. {squash(item)}" in text
        for ind in j.indikator:
            assert squash(ind.nama) in text
            assert squash(ind.formulasi_for(model.tahun)) in text
        holder = model.signatories[j.id].pejabat
        assert holder.nama in text and f"NIP. {fmt.nip(holder.nip)}" in text
        assert "Mengetahui," in text and "Tanjung Harapan, 7 Januari 2027" in text
    assert bupati.nama in joined(texts["iki/kepala_dinas.pdf"])
    assert "pada tahun 2026" in joined(texts["IKI-2026.pdf"])  # {tahun} filled in


def test_measurement_figures_and_notes(rendered):
    model, _, _, texts = rendered
    text = joined(texts["pengukuran-kinerja-2026-TW3.pdf"])
    for row in model.results.itertuples():
        ind = model.catalog.indikator_by_id[row.indikator_id]
        assert squash(ind.nama) in text
        if row.realisasi_triwulan == row.realisasi_triwulan:
            value = row.realisasi_triwulan
            expected = fmt.angka(value, 2) if ind.jenis == "persentase" else fmt.angka_auto(value)
            assert expected in text, (row.indikator_id, row.triwulan)
        if row.catatan:
            assert f"{fmt.tw(row.triwulan)}: {row.catatan}" in text
        if row.triwulan == 3 and row.capaian == row.capaian:
            assert f"{fmt.persen(row.capaian)} {row.predikat}" in text
    assert "Perekaman KTP-el keliling di 3 kecamatan." in text  # keterangan
    for s in ("kepala_dinas", "sekretaris"):
        assert f"NIP. {fmt.nip(model.signatories[s].pejabat.nip)}" in text


def test_lkjip_annex(rendered):
    model, _, _, texts = rendered
    pages = texts["lampiran-lkjip-2026.pdf"]
    text = joined(pages)
    assert "LAMPIRAN LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)" in text
    assert "Tahun 2026 s.d. Triwulan III" in pages[0]
    for row in model.current()[lambda r: r["jabatan_id"] == "kepala_dinas"].itertuples():
        target = fmt.persen(model.targets[row.indikator_id].tahunan)
        assert f"{squash(row.indikator)} {target}" in text  # Perjanjian Kinerja
        assert f"{fmt.angka(row.capaian, 2)} {row.predikat}" in text
    assert "Sekretariat" in text and "Jumlah seluruh jabatan" in text
    assert "Drs. Hendra Wijayakusuma, M.Si." in pages[-1]  # the Kepala Dinas signs


def test_page_numbers_per_document(rendered):
    """The LKjIP annex is numbered as one document; each jabatan's IKI and measurement
    sheet on its own, also inside the combined files."""
    model, _, _, texts = rendered
    lampiran = texts["lampiran-lkjip-2026.pdf"]
    assert page_runs(lampiran) == [len(lampiran)]
    ukur = page_runs(texts["pengukuran-kinerja-2026-TW3.pdf"])
    assert len(ukur) == len(model.catalog.jabatan)
    iki = [page_runs(texts[f"iki/{j.id}.pdf"]) for j in model.catalog.jabatan]
    assert all(len(runs) == 1 for runs in iki)
    assert page_runs(texts["IKI-2026.pdf"]) == [runs[0] for runs in iki]
    combined = texts["IKI-2026.pdf"]
    assert combined == texts["iki/kepala_dinas.pdf"] + texts["iki/sekretaris.pdf"]


def test_orientation_and_page_counts(rendered):
    _, report, _, texts = rendered
    by_name = {p.name: PdfReader(p) for p in report.paths}

    def landscape(page) -> bool:
        return float(page.mediabox.width) > float(page.mediabox.height)

    assert all(landscape(p) for p in by_name["pengukuran-kinerja-2026-TW3.pdf"].pages)
    assert not any(landscape(p) for p in by_name["IKI-2026.pdf"].pages)
    lampiran = by_name["lampiran-lkjip-2026.pdf"].pages
    assert not landscape(lampiran[0]) and landscape(lampiran[-1])
    assert 2 <= len(texts["pengukuran-kinerja-2026-TW3.pdf"]) <= 4
    assert 2 <= len(lampiran) <= 3
    assert all(1 <= len(texts[f"iki/{j}.pdf"]) <= 2 for j in ("kepala_dinas", "sekretaris"))
    outline = [o["/Title"] for o in by_name["IKI-2026.pdf"].outline]
    assert outline == ["Kepala Dinas", "Sekretaris Dinas"]


def test_no_stray_words_no_draft_and_sample_note(rendered):
    _, _, _, texts = rendered
    for name, pages in texts.items():
        for page in pages:
            assert not STRAY.findall(page), name
            assert "DRAF" not in page
            assert "DATA CONTOH" in page


def test_draft_mark_on_every_page(hostile):
    _, _, texts = hostile
    for name, pages in texts.items():
        assert all("DRAF" in page for page in pages), name


def test_hostile_text_printed_literally_nothing_fetched(hostile):
    _, report, texts = hostile
    assert no_space(HOSTILE_IMG) in no_space(joined(texts["pengukuran-kinerja-2026-TW4.pdf"]))
    for name in (
        "pengukuran-kinerja-2026-TW4.pdf",
        "iki/kepala_dinas.pdf",
        "lampiran-lkjip-2026.pdf",
    ):
        assert no_space(HOSTILE_LINK) in no_space(joined(texts[name])), name
    assert all(done.refused == () for done in report.done)
    for path in report.paths:
        assert PdfReader(path).attachments == {}
        assert b"/EmbeddedFile" not in path.read_bytes()


def test_vacant_post_and_full_year(hostile):
    _, _, texts = hostile
    sekretaris = joined(texts["iki/sekretaris.pdf"])
    assert "NIP. ......" in sekretaris
    ukur = joined(texts["pengukuran-kinerja-2026-TW4.pdf"])
    assert "– (jabatan lowong)" in ukur and "s.d. TW IV" in ukur
    assert "s.d. Triwulan" not in texts["lampiran-lkjip-2026.pdf"][0]


def test_cache_reuses_unchanged_renders(rendered, ctx):
    model, first, root, _ = rendered
    again = render_report(model, root / "lagi", workers=1, cache_dir=root / "cache")
    assert again.done == [] and len(again.cached) == 3
    for a, b in zip(first.paths, again.paths, strict=True):
        assert a.read_bytes() == b.read_bytes()
    changed = make_model(ctx, triwulan=3, keterangan={"nilai_akuntabilitas": "Baru"})
    third = render_report(changed, root / "ubah", workers=1, cache_dir=root / "cache")
    assert [d.name for d in third.done] == [".bagian/pengukuran-1.pdf"]
    assert "Baru" in joined(pdf_pages(root / "ubah" / "pengukuran-kinerja-2026-TW3.pdf"))
