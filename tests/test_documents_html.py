"""The documents' HTML (no WeasyPrint): escaping, formatting, wording, snapshots.

Snapshots live in tests/snapshots/; regenerate them with UPDATE_SNAPSHOTS=1 after an
intended change and review the diff.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import os
import re
from pathlib import Path

import pytest
from documents_fixtures import make_model, mini_context

from pipeline import fmt
from pipeline.config import Band, PredicateScale
from pipeline.documents import view
from pipeline.documents.render import build_jobs, chunks
from pipeline.report.model import Signatory

SNAPSHOTS = Path(__file__).parent / "snapshots"
HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_LINK = '<link rel="attachment" href="file:///etc/passwd">'
FORBIDDEN_WORDS = re.compile(r"\b(nan|NaN|None|NaT|null|Page|Total|of)\b")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    return mini_context(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def jobs_q3(ctx):
    jobs, _ = build_jobs(make_model(ctx, triwulan=3), n_chunks=1)
    return {re.sub(r"-\d+\.pdf$|\.pdf$", "", Path(j.name).name): j for j in jobs}


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<head>.*?</head>", "", html)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def normalise(html: str) -> str:
    """Drop what may change without the document changing: chart cache keys."""
    return re.sub(r"chart:[0-9a-f]{20}", "chart:KUNCI", html)


@pytest.mark.parametrize("name", ["iki", "pengukuran", "lampiran-lkjip"])
def test_html_snapshot(jobs_q3, name):
    actual = normalise(jobs_q3[name].html)
    path = SNAPSHOTS / f"dokumen-{name}.html"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"snapshot {path.name} missing: run with UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff"
    )


def test_no_style_attributes_and_no_stray_words(jobs_q3):
    for job in jobs_q3.values():
        assert "style=" not in job.html
        assert not FORBIDDEN_WORDS.findall(visible_text(job.html)), job.name


def test_hostile_text_is_escaped(ctx):
    model = make_model(ctx, triwulan=2, keterangan={"ketepatan_waktu": HOSTILE_IMG})
    p = model.signatories["kepala_dinas"].pejabat
    hostile = Signatory("kepala_dinas", "Kepala Dinas", dataclasses.replace(p, nama=HOSTILE_LINK))
    # The model is immutable: a changed copy, not an assignment into it.
    model = dataclasses.replace(model, signatories={**model.signatories, "kepala_dinas": hostile})
    jobs, _ = build_jobs(model, n_chunks=1)
    every = "".join(j.html for j in jobs)
    assert HOSTILE_IMG not in every and HOSTILE_LINK not in every
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in every
    texts = [visible_text(j.html) for j in jobs]
    assert any(HOSTILE_IMG in t for t in texts)
    assert sum(HOSTILE_LINK in t for t in texts) >= 3  # IKI, pengukuran, lampiran


def test_measurement_figures_are_formatted_indonesian(ctx):
    model = make_model(ctx, triwulan=3)
    jobs, _ = build_jobs(model, n_chunks=1)
    text = visible_text(next(j.html for j in jobs if "pengukuran" in j.name))
    cur = model.current()
    for row in cur.itertuples():
        if row.capaian == row.capaian:  # not NaN
            assert fmt.persen(row.capaian) in text
            assert row.predikat in text
        else:
            assert f"TW III: {row.catatan}" in text
    kepemilikan = cur[cur["indikator_id"] == "kepemilikan_ktp_el"].iloc[0]
    assert fmt.angka(kepemilikan["realisasi"], 2) in text
    sosialisasi = cur[cur["indikator_id"] == "jumlah_sosialisasi"].iloc[0]
    assert fmt.angka_auto(sosialisasi["realisasi"]) in text
    for label in ("TW I", "TW II", "TW III", "s.d. TW III", "Target", "Tahun"):
        assert label in text
    assert "TW IV" not in text


def lampiran_html(jobs) -> str:
    """The lampiran's HTML (one render, or its chunks in order)."""
    return "".join(j.html for j in jobs if "lampiran" in j.name)


def test_period_wording(ctx):
    assert view.periode(make_model(ctx, triwulan=3)) == "Tahun 2026 s.d. Triwulan III"
    assert view.periode(make_model(ctx, triwulan=4)) == "Tahun 2026"
    jobs, _ = build_jobs(make_model(ctx, triwulan=4), n_chunks=1)
    lampiran = visible_text(lampiran_html(jobs))
    assert "s.d. Triwulan" not in lampiran and "Tahun 2026" in lampiran


def test_capaian_cap_is_stated(ctx):
    jobs, _ = build_jobs(make_model(ctx, batas_capaian=120.0), n_chunks=1)
    assert "dibatasi paling tinggi 120 %" in visible_text(lampiran_html(jobs))
    jobs, _ = build_jobs(make_model(ctx), n_chunks=1)
    assert "dibatasi" not in visible_text(lampiran_html(jobs))


def test_signature_blocks(ctx):
    model = make_model(ctx, triwulan=1, vacant=("sekretaris",))
    iki = {d["jabatan"].id: d for d in (view.iki(model, j) for j in model.catalog.jabatan)}
    kadis = iki["kepala_dinas"]
    assert kadis["ttd_kanan"].atas == "Tanjung Harapan, 7 Januari 2027"
    assert kadis["ttd_kanan"].jabatan == "Kepala Dinas,"
    assert kadis["ttd_kanan"].nip == fmt.nip(ctx.config.pejabat["kepala_dinas"].nip)
    assert kadis["ttd_kiri"].atas == "Mengetahui,"
    assert kadis["ttd_kiri"].jabatan == "Bupati Tanjung Harapan,"
    assert kadis["ttd_kiri"].nip is None  # the Bupati has no NIP
    assert iki["sekretaris"]["ttd_kanan"].nama is None  # vacant: dotted line
    jobs, _ = build_jobs(model, n_chunks=1)
    iki_html = next(j.html for j in jobs if "iki" in j.name)
    assert "NIP. ......" in iki_html and '<span class="nama">' in iki_html


def test_acting_official_title(ctx):
    model = make_model(ctx)
    p = dataclasses.replace(model.signatories["sekretaris"].pejabat, status="Plt.")
    acting = Signatory("sekretaris", "Plt. Sekretaris Dinas", p)
    model = dataclasses.replace(model, signatories={**model.signatories, "sekretaris": acting})
    t = view.ttd(model, model.signatories["sekretaris"])
    assert t.jabatan == "Plt. Sekretaris Dinas,"


def test_predicate_colours_never_carry_text_into_css(ctx):
    model = make_model(ctx)
    bad = PredicateScale(
        (Band(50, "Baik", "red;} body { display: none"), Band(0, "Kurang", "#abcdef"))
    )
    css = view.predikat_css(dataclasses.replace(model, scale=bad))
    assert "display" not in css and "#abcdef" in css and "#9e9e9e" in css


def test_sample_data_note(ctx):
    model = make_model(ctx)
    holder = model.signatories["kepala_dinas"]
    assert "target" in view.contoh_note(model, [holder], targets=True)
    real = Signatory("x", "X", dataclasses.replace(holder.pejabat, contoh=False))
    no_sample = dataclasses.replace(model, targets=dataclasses.replace(model.targets, contoh=False))
    assert view.contoh_note(no_sample, [real], targets=True) == ""
    assert "NIP" in view.contoh_note(no_sample, [holder], targets=False)


def test_chunks_keep_order_and_balance():
    items = [
        type("J", (), {"indikator": (0,) * n, "fungsi": ("f",) * 4})()
        for n in (3, 1, 2, 1, 1, 1, 3, 2, 1, 3, 8, 7, 10, 2, 1, 2, 1, 2, 1, 1, 2)
    ]
    for n in (1, 2, 3, 5):
        groups = chunks(items, n)
        assert [x for g in groups for x in g] == items
        assert len(groups) == n and all(groups)
    weights = [sum(3 + len(j.indikator) + 2 for j in g) for g in chunks(items, 3)]
    assert max(weights) < 1.6 * min(weights)
    assert chunks(items[:2], 5) == [[items[0]], [items[1]]]


def test_value_formatting():
    ind = type("I", (), {"jenis": "persentase", "satuan": "%"})()
    assert view.figure(92.3077, ind) == "92,31"
    assert view.figure_with_unit(98.0, ind) == "98,00 %"
    assert view.figure(float("nan"), ind) == "–"
    count = type("I", (), {"jenis": "jumlah", "satuan": "dokumen"})()
    assert view.figure(1234567.0, count) == "1.234.567"
    assert view.figure_with_unit(12.0, count) == "12 dokumen"
    assert view.figure(2.5, count) == "2,50"
    assert view.as_text(float("nan")) == "" and view.as_text(None) == ""
