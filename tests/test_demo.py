"""The bundled demo, end to end, checked against arithmetic done independently here.

The oracle reads the demo workbooks with openpyxl (not the pipeline's own reader) and
recomputes every figure with exact fractions in plain Python (not the pandas engine), so a
mistake in either shows up as a mismatch in hasil.csv.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from fractions import Fraction

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT

from pipeline.archive import open_archive
from pipeline.context import Context
from pipeline.history.book import import_history_workbook
from pipeline.history.csvimport import import_hasil_csv
from pipeline.publish import run_report

DEMO = ROOT / "demo" / "input"
HISTORY = ROOT / "demo" / "riwayat"


@pytest.fixture(scope="module")
def demo_report(real_ctx: Context, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("demo-out")
    # As `make demo`: the bundled 2022-2025 history first, into the demo's own archive.
    with open_archive(out / "arsip.sqlite") as archive:
        import_history_workbook(archive, HISTORY / "riwayat-2022-2023.xlsx", real_ctx)
        for year in (2024, 2025):
            import_hasil_csv(archive, HISTORY / f"{year}-TW4" / "hasil.csv", real_ctx.catalog)
    outcome = run_report(
        real_ctx,
        tahun=2026,
        triwulan=4,
        input_dir=DEMO,
        output_root=out,
        tanggal_ttd=dt.date(2027, 1, 7),
        archive_path=out / "arsip.sqlite",  # never the repository's own archive
    )
    return outcome


def raw_inputs(ctx: Context) -> dict[str, dict[tuple[int, str, str], Fraction]]:
    """Every filled input of the demo, per area ("*" or a kecamatan code), by (quarter,
    indikator, variabel), via openpyxl. The regency of an indicator entered per kecamatan
    is summed here from its kecamatan rows, when every row of the quarter is filled."""
    wanted = {(i.id, v.id) for i in ctx.catalog.indikator for v in i.variabel}
    raw: dict[str, dict[tuple[int, str, str], Fraction]] = defaultdict(dict)
    for path in sorted(DEMO.rglob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=False)
        for name, defined in wb.defined_names.items():
            parts = name.split("__")  # the Anggaran sheet's names have other shapes
            if len(parts) not in (3, 4) or (parts[0], parts[1]) not in wanted:
                continue
            ind, var, tw, *area = parts
            if (ind, var) not in wanted:
                continue
            sheet, ref = next(iter(defined.destinations))
            value = wb[sheet][ref.replace("$", "")].value
            if value is None:
                continue
            key, mine = (int(tw[2:]), ind, var), raw[area[0] if area else "*"]
            assert mine.get(key, Fraction(repr(value))) == Fraction(repr(value)), key
            mine[key] = Fraction(repr(value))
    codes = [k.kode for k in ctx.wilayah.kecamatan]
    assert len(codes) == 23
    for ind in ctx.catalog.indikator:
        if not ind.per_kecamatan:
            continue
        for q, v in ((q, v) for q in range(1, 5) for v in ind.variabel):
            rows = [raw[k].get((q, ind.id, v.id)) for k in codes]
            if all(x is not None for x in rows):
                raw["*"][(q, ind.id, v.id)] = sum(rows, Fraction(0))
    return raw


def quarter_value(ind, q: int, raw) -> Fraction | None:
    vals = {v.id: raw.get((q, ind.id, v.id)) for v in ind.variabel}
    if any(x is None for x in vals.values()):
        return None
    if ind.jenis == "persentase":
        den = sum(vals[v.id] for v in ind.by_role("penyebut"))
        return None if den == 0 else sum(vals[v.id] for v in ind.by_role("pembilang")) * 100 / den
    return sum(vals.values())


def to_date(ind, q: int, raw) -> Fraction | None:
    complete = [k for k in range(1, q + 1) if all((k, ind.id, v.id) in raw for v in ind.variabel)]
    if not complete:
        return None
    if ind.agregasi == "akhir":
        return quarter_value(ind, complete[-1], raw)
    if ind.agregasi == "rata_rata":
        values = [x for k in complete if (x := quarter_value(ind, k, raw)) is not None]
        return sum(values) / len(values) if values else None
    total = defaultdict(Fraction)
    for k in complete:
        for v in ind.variabel:
            total[v.id] += raw[(k, ind.id, v.id)]
    if ind.jenis == "persentase":
        den = sum(total[v.id] for v in ind.by_role("penyebut"))
        return None if den == 0 else sum(total[v.id] for v in ind.by_role("pembilang")) * 100 / den
    return sum(total.values())


def gaps(ind, q: int, raw) -> bool:
    """Does the figure to date at q rest on a quarter with a blank input?"""
    filled = [all((t, ind.id, v.id) in raw for v in ind.variabel) for t in range(1, q + 1)]
    if ind.agregasi == "akhir" and any(filled):
        latest = max(t for t, ok in enumerate(filled, start=1) if ok)
        return latest < q
    return not all(filled)


def exact_half_up(x: Fraction) -> float:
    scaled = x * 100
    sign = -1 if scaled < 0 else 1
    return sign * math.floor(abs(scaled) + Fraction(1, 2)) / 100


def test_demo_report_is_clean_and_complete(demo_report) -> None:
    assert demo_report.ok, [f for f in demo_report.findings if f.severity == "error"]
    names = {p.relative_to(demo_report.out_dir).as_posix() for p in demo_report.written}
    assert {
        "rekap-iki-2026-TW4.xlsx",
        "hasil.csv",
        "IKI-2026.pdf",
        "temuan.json",
        "pengukuran-kinerja-2026-TW4.pdf",
        "lampiran-lkjip-2026.pdf",
        "iki/kepala_dinas.pdf",
    } <= names
    codes = {f.code for f in demo_report.findings}
    assert "duplicate-identical" in codes  # the revision sent twice with the same figures
    assert "numerator-denominator-zero" in codes


def test_every_demo_figure_matches_hand_arithmetic(real_ctx: Context, demo_report) -> None:
    by_area = raw_inputs(real_ctx)
    hasil = pd.read_csv(
        demo_report.out_dir / "hasil.csv", keep_default_na=False, dtype={"wilayah": str}
    )
    # 55 indicators x 4 quarters, plus 23 kecamatan rows for each of the 3 split ones.
    assert len(hasil) == 55 * 4 + 3 * 4 * 23
    split = hasil[hasil.wilayah != "*"]
    assert set(split.indikator_id) == {"ktp_el_tercetak", "kk_tercetak", "kia_tercetak"}
    assert split.groupby(["indikator_id", "triwulan"]).size().eq(23).all()
    per_kecamatan = hasil[hasil.indikator_id.isin(set(split.indikator_id))]
    assert per_kecamatan.groupby(["indikator_id", "triwulan"]).size().eq(24).all()  # + "*"
    scale = real_ctx.config.predikat
    for row in hasil.itertuples():
        raw = by_area[row.wilayah]
        ind = real_ctx.catalog.indikator_by_id[row.indikator_id]
        q = row.triwulan
        target = Fraction(repr(real_ctx.targets[ind.id].for_quarter(q)))
        assert float(row.target) == float(target)  # kecamatan: the regency target
        quarter, total = quarter_value(ind, q, raw), to_date(ind, q, raw)
        for got, want in ((row.realisasi_triwulan, quarter), (row.realisasi, total)):
            if want is None:
                assert got == "", (ind.id, q)
            else:
                assert float(got) == pytest.approx(float(want), abs=5e-5), (ind.id, q)
        if total is None:
            assert row.capaian == "" and row.predikat == ""
            continue
        counted = 200 - total if ind.akurasi and total > 100 else total  # accuracy: |R - 100|
        capaian = (
            counted * 100 / target
            if ind.polaritas == "positif"
            else ((2 * target - counted) * 100 / target)
        )
        if ind.akurasi:
            capaian = min(capaian, Fraction(100))
        assert float(row.capaian) == exact_half_up(capaian), (ind.id, q)
        # A figure on incomplete quarters is provisional: no predikat (issue 11).
        incomplete = gaps(ind, q, raw)
        assert (row.status == "tidak_lengkap") == incomplete, (ind.id, q)
        want = "" if incomplete else scale.classify(exact_half_up(capaian))
        assert row.predikat == want, (ind.id, q)


def test_demo_scenarios(demo_report) -> None:
    results = demo_report.model.results.set_index(["indikator_id", "triwulan"])
    # The late jabatan: its TW IV is missing; the flow to date still counts TW I-III.
    late = results.loc[("pendataan_penduduk_rentan", 4)]
    assert pd.isna(late.realisasi_triwulan) and late.status == "tidak_lengkap"
    assert "TW IV" in late.catatan and late.predikat is None
    # Issue 11: the late jabatan is named with its holder; the workbooks read are counted;
    # the demo obeys every consistency rule; official: unconfirmed decisions are listed.
    codes = [f.code for f in demo_report.findings]
    [missing] = [f for f in demo_report.findings if f.code == "quarter-not-reported"]
    assert (missing.jabatan, missing.triwulan) == ("kasi_pendataan_penduduk", 4)
    assert "Nurhayati" in missing.message
    assert not [c for c in codes if c.startswith("consistency-")]
    assert "decisions-unconfirmed" in codes
    assert demo_report.files_read == 54
    # The zero denominator: no TW I value, never 0 % or 100 %.
    zero = results.loc[("akta_pengesahan_anak", 1)]
    assert pd.isna(zero.realisasi) and zero.status == "penyebut_nol"
    # One kecamatan row left blank in TW II: the regency KIA figure of TW II is incomplete,
    # named in a finding; the kecamatan filled keep their own figures.
    [blank] = [f for f in demo_report.findings if f.code == "kecamatan-blank"]
    assert (blank.indikator, blank.triwulan) == ("kia_tercetak", 2)
    assert "Sei Rambai (99.01.17)" in blank.message
    kia = results.loc[("kia_tercetak", 2)]
    assert kia.status == "tidak_lengkap" and "99.01.17" in kia.catatan
    kec = demo_report.model.kecamatan_results
    kia_kec = kec[(kec.indikator_id == "kia_tercetak") & (kec.triwulan == 2)]
    assert (kia_kec.status == "ok").sum() == 22
    kelengkapan = demo_report.model.kelengkapan.set_index(["jabatan_id", "triwulan"])
    assert not kelengkapan.loc[("kasi_pendataan_penduduk", 4), "dikirim"]
    assert kelengkapan["dikirim"].sum() == 21 * 4 - 1


def test_pdf_figures_equal_the_rekap(real_ctx: Context, demo_report) -> None:
    """Each jabatan's measurement pages print the capaian and realisation the rekap holds."""
    from pypdf import PdfReader

    from pipeline import fmt

    pages: dict[str, str] = {}
    pdf = PdfReader(demo_report.out_dir / "pengukuran-kinerja-2026-TW4.pdf")
    names = {j.nama: j.id for j in real_ctx.catalog.jabatan}
    for page in pdf.pages:
        text = page.extract_text()
        footer = next(
            line
            for line in text.splitlines()
            if line.startswith("Pengukuran Kinerja Individu Tahun 2026 · ")
        )
        jabatan_id = names[footer.split(" · ", 1)[1].strip()]
        pages[jabatan_id] = pages.get(jabatan_id, "") + text
    rekap = openpyxl.load_workbook(demo_report.out_dir / "rekap-iki-2026-TW4.xlsx")
    ws = rekap["Ringkasan"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "No")
    col = {name: k for k, name in enumerate(header) if name}
    capaian_col = next(k for name, k in col.items() if name.startswith("Capaian"))
    checked = 0
    for row in ws.iter_rows(values_only=True):
        if not row or not isinstance(row[0], int):
            continue
        jabatan_id = names[row[col["Jabatan"]]]
        capaian = row[capaian_col]
        if capaian is None:
            continue
        assert fmt.persen(capaian) in pages[jabatan_id], (jabatan_id, row[col["Indikator"]])
        checked += 1
    assert checked >= 50


def test_demo_outputs_fit_the_office(demo_report) -> None:
    """Every demo PDF is archival (PDF/A-2b, metadata) with no word hyphenated at a line
    end; the rekap's Data sheet is hasil.csv with numbers as numbers."""
    import shutil

    from test_documents_archival import assert_archival, line_end_hyphens
    from test_report_excel import assert_data_equals_csv

    out = demo_report.out_dir
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 4
    for path in pdfs:
        assert_archival(path)
        # iki/<jabatan>.pdf are pages of IKI-2026.pdf: the joined documents hold every line.
        if shutil.which("pdftotext") and path.parent == out:
            assert line_end_hyphens(path, pdf_text(path)) == [], path
    assert_data_equals_csv(next(out.glob("rekap-iki-*.xlsx")), out / "hasil.csv")
    if shutil.which("pdftotext"):
        from test_documents_layout import assert_no_half_empty_pages

        for name in ("IKI-2026.pdf", "pengukuran-kinerja-2026-TW4.pdf"):
            assert_no_half_empty_pages(out / name)


def test_demo_report_holds_five_years(real_ctx: Context, demo_report) -> None:
    """2022-2025 from the archive beside 2026, in the model and in the rekap's Riwayat."""
    model = demo_report.model
    assert model.history.years_with_figures == (2022, 2023, 2024, 2025)
    assert [s.sumber for s in model.history.sources] == [
        "impor_workbook", "impor_workbook", "impor_csv", "impor_csv",
    ]  # fmt: skip
    rekap = openpyxl.load_workbook(next(demo_report.out_dir.glob("rekap-*.xlsx")))
    ws = rekap["Riwayat"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "No")
    first = next(r for r in ws.iter_rows(values_only=True) if r[0] == 1)
    row = dict(zip(header, first, strict=True))
    ktp = model.history.by_indikator["kepemilikan_ktp_el"]
    for year in (2022, 2023, 2024, 2025):
        assert row[f"Realisasi {year}"] == pytest.approx(ktp[year].realisasi)
        assert row[f"Capaian {year} (%)"] == pytest.approx(ktp[year].capaian)
    now = model.current().set_index("indikator_id").loc["kepemilikan_ktp_el"]
    assert row["Realisasi 2026 s.d. TW IV"] == pytest.approx(now["realisasi"])
    assert row["Target akhir Renstra 2025–2029"] == 99.5


def test_incomplete_figure_is_marked_everywhere(demo_report) -> None:
    """Issue 11: the late jabatan's TW IV figure is provisional in the PDFs and the rekap;
    the LKjIP summary puts the Kepala Dinas under Pimpinan and states its averaging rule."""
    from documents_fixtures import squash

    out = demo_report.out_dir
    text = squash(pdf_text(out / "pengukuran-kinerja-2026-TW4.pdf"))
    late = text[text.index("Terlaksanakannya Pendataan") :][:600]
    assert "80,25 % (sementara)" in late and "Tidak lengkap" in late
    assert "TW IV belum dilaporkan" in late
    lkjip = squash(pdf_text(out / "lampiran-lkjip-2026.pdf"))
    assert "Pimpinan 1 Kepala Dinas" in lkjip and "Jumlah Pimpinan" in lkjip
    assert "setiap capaian dihitung paling tinggi 100 %" in lkjip
    assert "1 indikator dengan data tidak lengkap tidak dihitung" in lkjip
    ws = openpyxl.load_workbook(out / "rekap-iki-2026-TW4.xlsx")["Ringkasan"]
    row = next(r for r in ws.iter_rows(values_only=True) if "Jumlah Penduduk Rentan" in str(r[3]))
    assert "Tidak lengkap (capaian sementara)" in row
    assert any("TW IV belum dilaporkan" in str(v) for v in row)
    hasil = pd.read_csv(out / "hasil.csv", keep_default_na=False)
    last = hasil[(hasil.indikator_id == "pendataan_penduduk_rentan") & (hasil.triwulan == 4)]
    assert (last.status.item(), last.predikat.item(), last.capaian.item()) == (
        "tidak_lengkap",
        "",
        "80.25",
    )


def test_demo_bab3_outputs(real_ctx: Context, demo_report) -> None:
    """LKjIP Bab III in the .docx (real tables, repeated header rows, figures of hasil.csv),
    in the lampiran PDF and as rekap sheets, with 2025's figures, Renstra, causes, budget."""
    import shutil
    import subprocess

    from docx import Document
    from docx.oxml.ns import qn

    out = demo_report.out_dir
    model = demo_report.model
    b = model.bab3
    doc = Document(str(out / "lkjip-bab3-2026.docx"))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    tables = doc.tables
    assert len(tables) > 20
    for t in tables[1:]:  # the kop is a borderless layout table
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # Table a of the IKU: every figure equals hasil.csv, in Indonesian format.
    hasil = pd.read_csv(out / "hasil.csv")
    now = hasil[hasil["triwulan"] == 4].set_index("indikator_id")
    a = tables[1]
    assert [c.text for c in a.rows[0].cells][:4] == ["No", "Sasaran", "Indikator", "Satuan"]
    for row, ind in zip(a.rows[1:], b.iku.indikator, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[2] == ind.nama
        assert cells[5] == f"{now.loc[ind.indikator_id, 'realisasi']:.2f}".replace(".", ",")
        assert cells[6] == f"{now.loc[ind.indikator_id, 'capaian']:.2f}".replace(".", ",")
    # 2025 from the archive, the Renstra end target, the causes and the budget total.
    ktp = b.iku.indikator[0]
    assert ktp.riwayat[1].tahun == 2025 and ktp.riwayat[1].realisasi is not None
    assert ktp.renstra_target_akhir == 99.5 and ktp.sebab
    # Table g: one merged Sasaran cell over its programs (vertical merge), not repeats.
    g = next(t for t in tables if [c.text for c in t.rows[0].cells][:2] == ["Sasaran", "Kode"])
    assert g._tbl.xpath(".//w:vMerge")
    # Per kecamatan: one table per indicator entered per kecamatan, 23 ranked rows and the
    # regency row, whose figures are hasil.csv's (wilayah "*").
    from pipeline.word.bab3 import KECAMATAN_HEADER

    kec = [t for t in tables if tuple(c.text for c in t.rows[0].cells) == KECAMATAN_HEADER]
    per_kec = [i for i in model.catalog.indikator if i.per_kecamatan]
    assert len(kec) == len(per_kec) == 3
    star = hasil[(hasil["triwulan"] == 4) & (hasil["wilayah"] == "*")]
    star = star.set_index("indikator_id")
    for t, ind in zip(kec, per_kec, strict=True):
        assert len(t.rows) == 1 + 23 + 1
        regency = [c.text for c in t.rows[-1].cells]
        assert regency[3] == f"{star.loc[ind.id, 'realisasi']:.2f}".replace(".", ",")
        assert regency[4].startswith(f"{star.loc[ind.id, 'capaian']:.2f}".replace(".", ","))
        shown = [c.text for r in t.rows[1:-1] for c in r.cells[2:3]]
        assert len(set(shown)) == 23  # every kecamatan once
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert ktp.paragraf in paragraphs and "dibanding tahun 2025" in ktp.paragraf
    assert "terhadap target akhir Renstra 2029" in ktp.paragraf
    assert "Faktor pendukung: " + ktp.sebab["pendukung"] in paragraphs
    total = b.anggaran_total
    assert total is not None and 0 < total.realisasi < total.pagu
    h = tables[-1]
    last = [c.text for c in h.rows[-1].cells]
    assert last[1] == "Jumlah" and last[2] == f"{total.pagu:,}".replace(",", ".")
    # The rekap carries the same tables.
    rekap = openpyxl.load_workbook(next(out.glob("rekap-*.xlsx")))
    assert {"Bab III IKU", "Bab III IKI"} <= set(rekap.sheetnames)
    values = [c for r in rekap["Bab III IKU"].iter_rows(values_only=True) for c in r]
    assert total.pagu in values and total.realisasi in values
    # The lampiran PDF holds part D.
    if shutil.which("pdftotext"):
        lampiran = subprocess.run(
            ["pdftotext", "-layout", str(out / "lampiran-lkjip-2026.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        for phrase in ("Analisis Capaian Kinerja", "Tabel h. Realisasi Anggaran", "Efisiensi ="):
            assert phrase in lampiran


def test_demo_lampiran_is_numbered_and_bookmarked_as_one_document(demo_report) -> None:
    """Rendered in chunks by the worker pool and joined: "Halaman k dari N" runs across the
    whole lampiran, and every D.3 part is bookmarked under the title, in order."""
    import re

    from pypdf import PdfReader

    path = demo_report.out_dir / "lampiran-lkjip-2026.pdf"
    reader = PdfReader(path)
    n = len(reader.pages)
    text = pdf_text(path)
    assert re.findall(r"Halaman (\d+) dari (\d+)", text) == [
        (str(k), str(n)) for k in range(1, n + 1)
    ]
    top = [i for i in reader.outline if not isinstance(i, list)]
    assert [i.title for i in top] == ["LAMPIRAN LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"]
    parts = [i for i in reader.outline[1] if not isinstance(i, list) and i.title[:4] == "D.3."]
    jabatan = demo_report.model.bab3.iki
    assert [p.title.split(" ", 1)[0] for p in parts[1:]] == [
        f"D.3.{k}." for k in range(1, len(jabatan) + 1)
    ]
    pages = [reader.get_destination_page_number(p) for p in parts]
    assert pages == sorted(pages) and pages[-1] < n


def pdf_text(path) -> str:
    """A PDF's text, pages separated by form feeds (see pdf_page_texts)."""
    return "\f".join(pdf_page_texts(path))


@functools.cache
def pdf_page_texts(path) -> tuple[str, ...]:
    """Each page's text: poppler's pdftotext (faster) when installed, else pypdf. Cached:
    several tests read the same demo PDFs."""
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        return tuple(out.split("\f")[:-1])  # every page ends with a form feed
    from pypdf import PdfReader

    return tuple(p.extract_text() for p in PdfReader(path).pages)


def test_demo_documents_cover_the_full_catalog(demo_report) -> None:
    """Every document of the full catalog (21 jabatan), rendered by the worker pool as the
    report command does: the per-jabatan IKI files are the joined IKI's pages, every
    indicator is in the IKI and pengukuran documents, no stray null word on any page."""
    import re

    from documents_fixtures import squash

    out = demo_report.out_dir
    model = demo_report.model
    combined = [squash(p) for p in pdf_page_texts(out / "IKI-2026.pdf")]
    per_jabatan = []
    for j in model.catalog.jabatan:
        pages = [squash(p) for p in pdf_page_texts(out / "iki" / f"{j.id}.pdf")]
        assert 1 <= len(pages) <= 3, j.id
        assert j.nama in pages[0]
        assert all(f"dari {len(pages)}" in page for page in pages)
        per_jabatan += pages
    assert combined == per_jabatan
    iki_text = " ".join(combined)
    ukur = squash(pdf_text(out / "pengukuran-kinerja-2026-TW4.pdf"))
    for ind in model.catalog.indikator:
        assert squash(ind.nama) in iki_text, ind.id
        assert squash(ind.nama) in ukur, ind.id
    assert ukur.count("PENGUKURAN KINERJA INDIVIDU") == len(model.catalog.jabatan)
    lampiran = squash(pdf_text(out / "lampiran-lkjip-2026.pdf"))
    for unit in ("Sekretariat", "Bidang Pemanfaatan Data dan Inovasi Pelayanan"):
        assert unit in lampiran
    for text in (iki_text, ukur, lampiran):
        assert not re.search(r"\b(nan|None|NaT)\b", text)
