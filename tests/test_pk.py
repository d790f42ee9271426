"""Perjanjian Kinerja: parties, target and budget tables, PDFs (text) and the .docx.

The mini catalog (Kepala Dinas, Sekretaris) is rendered once per module; the signature
parties of a Kepala Seksi are checked on the real catalog's model, which needs no render.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents_fixtures import mini_context, pdf_pages
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from pipeline import outfolder
from pipeline.budget import load_budget
from pipeline.cli import cli
from pipeline.context import load_context
from pipeline.pk import write_pk
from pipeline.pk.model import build_pk
from pipeline.pk.view import jabatan_lengkap, views

DATA = Path(__file__).parent / "data"
TANGGAL = dt.date(2026, 1, 5)
SOFFICE = shutil.which("soffice")
# Converting a .docx needs LibreOffice Writer, not only the Calc the workbook tests use.
WRITER = SOFFICE is not None and any(
    (Path(SOFFICE).resolve().parent / name).exists() for name in ("libswlo.so", "swlo.dll")
)


def mini_with_budget(folder: Path):
    ctx = mini_context(folder)
    shutil.copy(DATA / "mini-anggaran-2026.toml", folder / "anggaran-2026.toml")
    config = folder / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('berkas = "data/anggaran-{tahun}.toml"', 'berkas = "anggaran-{tahun}.toml"'),
        encoding="utf-8",
    )
    assert ctx.config.path == config
    return load_context(config)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return mini_with_budget(tmp_path_factory.mktemp("mini-pk"))


@pytest.fixture(scope="module")
def written(mini, tmp_path_factory):
    root = tmp_path_factory.mktemp("pk-out")
    outcome = write_pk(mini, tahun=2026, output_root=root, tanggal=TANGGAL)
    return outcome


@pytest.fixture(scope="module")
def real_views(real_ctx):
    budget = load_budget(real_ctx.config.anggaran_path(2026), real_ctx.catalog, 2026)
    model = build_pk(real_ctx, budget, tahun=2026, tanggal=TANGGAL, findings=[])
    return model, {v.id: v for v in views(model)}


# --- model and view ---------------------------------------------------------------------


def test_head_of_office_signs_with_the_bupati(real_views):
    model, v = real_views
    doc = next(d for d in model.documents if d.jabatan.id == "kepala_dinas")
    assert doc.pihak_kedua.jabatan_id == "bupati"
    kd = v["kepala_dinas"]
    assert kd.kedua.nama == "H. Surya Darmawan, S.H., M.Si."
    assert kd.kedua.jabatan == "Bupati Tanjung Harapan"
    assert kd.pertama.jabatan == "Kepala Dinas Kependudukan dan Pencatatan Sipil"
    assert kd.ttd_kedua.atas == "PIHAK KEDUA," and kd.ttd_pertama.atas == "PIHAK PERTAMA,"
    assert kd.ttd_kedua.jabatan == "Bupati Tanjung Harapan,"
    assert kd.ttd_kedua.nip is None  # the Bupati has no NIP
    assert kd.ttd_pertama.nip == "19760313 200401 1 002"
    assert kd.ttd_pertama.pangkat == "Pembina Utama Muda (IV/c)"
    assert kd.tempat_tanggal == "Tanjung Harapan, 5 Januari 2026"


def test_kepala_seksi_signs_with_his_kepala_bidang(real_views):
    _, v = real_views
    kasi = v["kasi_kelahiran"]
    assert kasi.kedua.nama == "Ir. Joko Prasetyo, M.T."
    assert kasi.ttd_kedua.jabatan == "Kepala Bidang Pelayanan Pencatatan Sipil,"
    assert kasi.ttd_kedua.nip == "19850416 201309 1 007"
    assert kasi.pertama.nama == "Siti Aminah, S.H."
    assert kasi.pertama.jabatan == (
        "Kepala Seksi Kelahiran pada Dinas Kependudukan dan Pencatatan Sipil"
    )
    # An acting holder (Plt.) signs with the prefix, in the statement and the block.
    plt = v["kasi_pendataan_penduduk"]
    assert plt.ttd_pertama.jabatan == "Plt. Kepala Seksi Pendataan Penduduk,"
    assert plt.pertama.jabatan.startswith("Plt. Kepala Seksi Pendataan Penduduk pada ")
    assert plt.kedua.nama == "Bambang Supriyadi, S.H., M.H."


def test_jabatan_lengkap():
    dinas = "Dinas Kependudukan dan Pencatatan Sipil"
    assert jabatan_lengkap("Plt. Kepala Dinas", dinas, "kepala_dinas") == (
        "Plt. Kepala Dinas Kependudukan dan Pencatatan Sipil"
    )
    assert jabatan_lengkap(f"Sekretaris {dinas}", dinas, "sekretaris") == f"Sekretaris {dinas}"
    assert jabatan_lengkap("Bupati", dinas, "bupati") == "Bupati"


def test_target_and_rencana_aksi_figures(real_views):
    _, v = real_views
    kd = {r.indikator: r for r in v["kepala_dinas"].targets}
    ktp = kd["Persentase Kepemilikan KTP-el"]
    # target-2026.toml: tahunan 98.5, triwulan [97.6, 97.9, 98.2, 98.5]
    assert (ktp.target, ktp.tahunan, ktp.tw) == (
        "98,50 %",
        "98,50",
        ("97,60", "97,90", "98,20", "98,50"),
    )
    assert [r.rowspan for r in v["kepala_dinas"].targets] == [2, 0, 1]
    skpwni = next(r for r in v["kasi_pindah_datang"].targets if "SKPWNI" in r.indikator)
    assert (skpwni.target, skpwni.tw) == ("9.000 dokumen", ("2.250", "4.500", "6.750", "9.000"))


def test_budget_rows_and_totals(real_views):
    _, v = real_views
    kasi = v["kasi_identitas_penduduk"]
    assert [(a.kode, a.anggaran) for a in kasi.anggaran] == [
        ("2.12.02.2.01.0001", "Rp365.400.000"),
        ("2.12.02.2.01.0004", "Rp128.000.000"),
    ]
    assert kasi.total_anggaran == "Rp493.400.000"  # 365.400.000 + 128.000.000
    kabid = v["kabid_dafduk"]
    # 365.400.000 + 96.750.000 + 74.500.000 + 128.000.000
    assert [a.anggaran for a in kabid.anggaran] == ["Rp664.650.000"]
    assert kabid.anggaran[0].uraian == "Kegiatan Pelayanan Pendaftaran Penduduk"
    assert v["kepala_dinas"].anggaran[1].uraian == "Program Pendaftaran Penduduk"
    assert v["kepala_dinas"].total_anggaran == "Rp6.067.850.000"


# --- rendered outputs (mini catalog) ----------------------------------------------------


def test_files_and_findings(written):
    names = {p.relative_to(written.out_dir).as_posix() for p in written.written}
    assert names == {
        "perjanjian-kinerja-2026.pdf",
        "perjanjian-kinerja-2026.docx",
        "pk/kepala_dinas.pdf",
        "pk/kepala_dinas.docx",
        "pk/sekretaris.pdf",
        "pk/sekretaris.docx",
    }
    assert written.out_dir.name == "pk-2026"
    codes = {f.code for f in written.findings}
    assert {"sample-budget", "sample-targets", "sample-officials"} <= codes
    assert written.ok
    hidden = [p.name for p in written.out_dir.parent.iterdir() if p.name.startswith(".")]
    assert hidden == [outfolder.LOCK_NAME]
    assert (written.out_dir / outfolder.MANIFEST).is_file()


def test_pdf_text(written):
    kd = pdf_pages(written.out_dir / "pk/kepala_dinas.pdf")
    assert len(kd) == 2
    first, lampiran = kd
    assert "PERJANJIAN KINERJA TAHUN 2026" in first
    assert "Nama : Drs. Hendra Wijayakusuma, M.Si." in first
    assert "selanjutnya disebut pihak pertama" in first
    assert "Tanjung Harapan, 5 Januari 2026" in first
    assert "PIHAK KEDUA, PIHAK PERTAMA, Bupati Tanjung Harapan, Kepala Dinas," in first
    assert "NIP. 19760313 200401 1 002" in first
    assert "Halaman 1 dari 2" in first
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2026" in lampiran
    # Budget: the kegiatan and, nested in it, one of its sub kegiatan; counted once.
    assert "2.12.02.2.01 Kegiatan Pelayanan Pendaftaran Penduduk Rp493.400.000 APBD" in lampiran
    assert "Pelayanan Identitas Penduduk Rp365.400.000 APBD dan DAK" in lampiran
    assert "Jumlah Rp493.400.000" in lampiran
    # Rencana Aksi: mini targets [96.0, 96.5, 97.0, 98.0]; ketepatan_waktu has none.
    assert "98,00 96,00 96,50 97,00 98,00" in lampiran
    assert "90,00 – – – –" in lampiran
    assert "tanpa target triwulan" in lampiran
    assert "DATA CONTOH: target, anggaran serta nama dan NIP pejabat bersifat fiktif" in first
    sek = " ".join(pdf_pages(written.out_dir / "pk/sekretaris.pdf"))
    assert "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota Rp79.250.000" in sek
    assert "Jumlah Rp79.250.000" in sek
    both = pdf_pages(written.out_dir / "perjanjian-kinerja-2026.pdf")
    assert len(both) == len(kd) + len(pdf_pages(written.out_dir / "pk/sekretaris.pdf"))


def test_docx_tables(written):
    doc = Document(str(written.out_dir / "pk/kepala_dinas.docx"))
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    sasaran, anggaran, aksi = (t for t in doc.tables if _has_header(t))
    # Header rows repeat on every page; body rows do not.
    assert _repeats(sasaran.rows[0]) and not _repeats(sasaran.rows[1])
    assert [_repeats(r) for r in aksi.rows[:3]] == [True, True, False]
    assert [c.text for c in sasaran.rows[0].cells] == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja Utama",
        "Target",
    ]
    assert sasaran.cell(1, 3).text == "98,00 %"
    # The sasaran spans its two indicators: one merged cell, text once.
    assert sasaran.cell(1, 1)._tc is sasaran.cell(2, 1)._tc
    assert sasaran.cell(1, 1).text.startswith("Meningkatnya")
    rows = [[c.text for c in r.cells] for r in anggaran.rows]
    assert rows[1][1:] == [
        "2.12.02.2.01",
        "Kegiatan Pelayanan Pendaftaran Penduduk",
        "Rp493.400.000",
        "APBD",
    ]
    assert rows[2][3:] == ["Rp365.400.000", "APBD dan DAK"]
    assert rows[-1][1:4] == ["Jumlah", "Jumlah", "Rp493.400.000"]  # merged label cell
    assert anggaran.cell(1, 3).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [c.text for c in aksi.rows[2].cells][3:] == [
        "%",
        "98,00",
        "96,00",
        "96,50",
        "97,00",
        "98,00",
    ]
    assert aksi.cell(0, 5).text == "Target s.d. Triwulan" and aksi.cell(1, 8).text == "TW IV"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "PERJANJIAN KINERJA TAHUN 2026" in body and "pihak kedua" in body
    signer_text = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "NIP. 19760313 200401 1 002" in signer_text
    assert "Tanjung Harapan, 5 Januari 2026" in signer_text
    runs = [
        run
        for t in doc.tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
        for run in p.runs
        if run.text == "Drs. Hendra Wijayakusuma, M.Si."
    ]
    # In the "Nama :" lines plain, in the two signature blocks bold and underlined.
    assert [(bool(r.bold), bool(r.underline)) for r in runs] == [(False, False)] + [
        (True, True)
    ] * 2
    foot = doc.sections[0].footer.paragraphs[0]
    assert foot.text.startswith("Perjanjian Kinerja 2026 · Kepala Dinas\tHalaman ")
    assert [f.get(qn("w:instr")) for f in foot._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def test_combined_docx_has_a_section_per_jabatan(written):
    doc = Document(str(written.out_dir / "perjanjian-kinerja-2026.docx"))
    assert len(doc.sections) == 2
    footers = [s.footer.paragraphs[0].text for s in doc.sections]
    assert footers[0].startswith("Perjanjian Kinerja 2026 · Kepala Dinas")
    assert footers[1].startswith("Perjanjian Kinerja 2026 · Sekretaris")
    for s in doc.sections:
        assert s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


@pytest.mark.skipif(not WRITER, reason="LibreOffice Writer (soffice) not installed")
def test_docx_opens_in_libreoffice(written, tmp_path):
    src = written.out_dir / "pk/kepala_dinas.docx"
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(src),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / "kepala_dinas.pdf"
    assert pdf.is_file(), (result.returncode, result.stdout, result.stderr)
    pages = pdf_pages(pdf)
    assert len(pages) == 2
    assert "Halaman 1 dari 2" in pages[0] and "Halaman 2 dari 2" in pages[1]
    assert "Rp493.400.000" in pages[1] and "98,00 %" in pages[1]
    assert "NIP. 19760313 200401 1 002" in pages[0]


def test_failed_run_keeps_the_previous_output(mini, written, monkeypatch):
    before = sorted(p.name for p in written.out_dir.rglob("*"))

    def broken(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr("pipeline.pk.pdf.render_pk_pdfs", broken)
    with pytest.raises(RuntimeError):
        write_pk(mini, tahun=2026, output_root=written.out_dir.parent, tanggal=TANGGAL)
    assert sorted(p.name for p in written.out_dir.rglob("*")) == before
    left = [p.name for p in written.out_dir.parent.iterdir() if p.name.startswith(".")]
    assert left == [outfolder.LOCK_NAME]


def _quick_documents(monkeypatch) -> None:
    """Stand-ins for the PDF and Word writers: these tests are about the folder, not them."""

    def pdfs(pages, folder, *, tahun):
        (folder / "pk").mkdir()
        (folder / f"perjanjian-kinerja-{tahun}.pdf").write_bytes(b"%PDF-1.7")

    def docx(pages, path, *, tahun):
        path.write_bytes(b"PK")

    monkeypatch.setattr("pipeline.pk.pdf.render_pk_pdfs", pdfs)
    monkeypatch.setattr("pipeline.pk.word.write_pk_docx", docx)


def test_pk_never_replaces_a_folder_it_did_not_write(mini, tmp_path, monkeypatch):
    _quick_documents(monkeypatch)
    mine = tmp_path / "pk-2026" / "catatan-saya.docx"
    mine.parent.mkdir()
    mine.write_bytes(b"user's own file")
    with pytest.raises(outfolder.OutputFolderError, match=r"catatan-saya\.docx"):
        write_pk(mini, tahun=2026, output_root=tmp_path, tanggal=TANGGAL)
    assert mine.read_bytes() == b"user's own file"


def test_pk_cleans_staging_folders_of_dead_runs(mini, tmp_path, monkeypatch):
    _quick_documents(monkeypatch)
    stale = tmp_path / ".pk-2026-0123456789ab"
    stale.mkdir()
    (stale / "perjanjian-kinerja-2026.pdf").write_bytes(b"half")
    outcome = write_pk(mini, tahun=2026, output_root=tmp_path, tanggal=TANGGAL)
    assert not stale.exists()
    assert (outcome.out_dir / outfolder.MANIFEST).is_file()
    # Written by this tool: the next run may replace it.
    again = write_pk(mini, tahun=2026, output_root=tmp_path, tanggal=TANGGAL)
    assert [p.name for p in again.written] == [p.name for p in outcome.written]


def test_cli_wiring(mini, tmp_path, monkeypatch):
    """The command passes year, date and folder through (documents: tests above)."""
    seen = {}

    def record(model, out_dir):
        seen.update(model=model, out_dir=out_dir)
        return [out_dir / "perjanjian-kinerja-2026.pdf"]

    monkeypatch.setattr("pipeline.pk.run.write_documents", record)
    args = ["--config", str(mini.config.path), "pk", "--output", str(tmp_path)]
    result = CliRunner().invoke(cli, [*args, "--year", "2026", "--date", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert seen["out_dir"] == tmp_path / "pk-2026"
    assert (seen["model"].tahun, seen["model"].tanggal) == (2026, TANGGAL)
    assert "sample-budget" in result.output
    assert "Perjanjian Kinerja ditulis ke" in result.output and "(1 berkas)" in result.output


def test_cli_exit_codes(mini, tmp_path):
    runner = CliRunner()
    config = mini.config.path
    budget = config.parent / "anggaran-2026.toml"
    good = budget.read_text(encoding="utf-8")
    try:
        budget.write_text(good.replace("pagu = 128_000_000", "pagu = -1"), encoding="utf-8")
        result = runner.invoke(cli, ["--config", str(config), "pk", "--output", str(tmp_path)])
        assert result.exit_code == 2
        assert "program[1].kegiatan[0].sub_kegiatan[1].pagu" in result.output
        assert not list(tmp_path.iterdir())
    finally:
        budget.write_text(good, encoding="utf-8")


def _has_header(t) -> bool:
    return t.rows[0]._tr.trPr is not None and _repeats(t.rows[0])


def _repeats(row) -> bool:
    trpr = row._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def test_vacant_post(real_ctx):
    import dataclasses

    from pipeline.pk.run import pk_findings

    officials = {k: v for k, v in real_ctx.config.pejabat.items() if k != "kabid_capil"}
    ctx = dataclasses.replace(
        real_ctx, config=dataclasses.replace(real_ctx.config, pejabat=officials)
    )
    budget = load_budget(ctx.config.anggaran_path(2026), ctx.catalog, 2026)
    v = {x.id: x for x in views(build_pk(ctx, budget, tahun=2026, tanggal=TANGGAL, findings=[]))}
    # The vacant Kepala Bidang: his own PK and, as pihak kedua, his Kepala Seksi's.
    assert v["kabid_capil"].pertama.nama == "(jabatan lowong)"
    assert v["kabid_capil"].ttd_pertama.nama is None
    assert v["kasi_kelahiran"].ttd_kedua.nama is None
    assert v["kasi_kelahiran"].ttd_kedua.jabatan == "Kepala Bidang Pelayanan Pencatatan Sipil,"
    missing = [f for f in pk_findings(ctx, budget) if f.code == "pk-official-missing"]
    assert len(missing) == 1 and "Kepala Bidang Pelayanan Pencatatan Sipil" in missing[0].message


def test_rencana_aksi_row_keeps_one_precision(real_views):
    _, v = real_views
    # target-2026.toml nilai_akuntabilitas: tahunan 70.5, triwulan [68.0, 68.5, 70.5, 70.5]
    (row,) = v["sekretaris"].targets
    assert (row.tahunan, row.tw) == ("70,50", ("68,00", "68,50", "70,50", "70,50"))
    assert row.target == "70,50"
    # Whole counts stay whole: penerbitan_skpwni [2250, 4500, 6750, 9000].
    skpwni = next(r for r in v["kasi_pindah_datang"].targets if "SKPWNI" in r.indikator)
    assert skpwni.tahunan == "9.000"


def test_docx_property_elements_in_schema_order(written):
    """Word refuses out-of-order property elements (LibreOffice opens them anyway)."""
    import zipfile

    from lxml import etree

    from pipeline.word.ooxml import AFTER

    path = written.out_dir / "perjanjian-kinerja-2026.docx"
    checked = 0
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        for name in parts:
            root = etree.fromstring(z.read(name))
            for tag, successors in AFTER.items():
                for el in root.iter(qn(tag)):
                    before = {sib.tag for sib in el.itersiblings(preceding=True)}
                    assert not before & {qn(s) for s in successors}, (name, tag)
                    checked += 1
    assert checked > 100


def test_pk_pdfs_are_archival(written):
    """The Perjanjian Kinerja PDFs are PDF/A-2b with the same metadata set as the others."""
    from test_documents_archival import assert_archival, line_end_hyphens

    for path in written.written:
        if path.suffix == ".pdf":
            info = assert_archival(path)
            assert info["/Title"].startswith("Perjanjian Kinerja")
            assert "Perjanjian Kinerja" in info["/Keywords"]
            if shutil.which("pdftotext"):
                assert line_end_hyphens(path) == [], path
