"""lkjip-bab3-<tahun>.docx: LKjIP Bab III as an editable Word document (A4 landscape).

Tables come from pipeline.lkjip.view (the same rows as the PDF lampiran and the rekap);
per indicator the drafted paragraph of the report model, then the causes entered in the
workbook, for staff to edit into their LKjIP.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.contract import SEBAB, SEBAB_LABEL
from pipeline.documents.kecamatan import kecamatan_blocks
from pipeline.documents.view import page, periode
from pipeline.lkjip.model import Bagian
from pipeline.lkjip.view import Tabel, anggaran_table, tables, text
from pipeline.report.model import ReportModel
from pipeline.word import blocks as w

FILENAME = "lkjip-bab3-{tahun}.docx"


def filename(model: ReportModel) -> str:
    return FILENAME.format(tahun=model.tahun)


def write_bab3_docx(model: ReportModel, folder: Path) -> Path:
    b = model.bab3
    assert b is not None  # built with every model
    doc = w.new_document(landscape=True)
    judul = f"LKjIP Bab III {periode(model)}"
    doc.core_properties.title = judul
    pg = page(model, judul, [], targets=True)
    doc.core_properties.author = pg.penulis
    doc.core_properties.keywords = pg.kata_kunci
    w.footer(doc.sections[0], judul, pg.contoh)
    w.kop(doc, pg.kop)
    w.title(doc, "BAB III AKUNTABILITAS KINERJA")
    w.subtitle(doc, f"{model.kantor.nama_dinas} — {periode(model)}")
    if model.draft:
        w.paragraph(doc, "DRAF: angka belum final.", align="c")
    w.heading(doc, "A. Capaian Kinerja Organisasi")
    has_budget = b.anggaran_total is not None
    _part(doc, model, b.iku, f"1. {b.iku.judul}", has_budget)
    w.heading(doc, "2. Indikator Kinerja Individu setiap jabatan")
    for n, part in enumerate(b.iki, 1):
        _part(doc, model, part, f"2.{n}. {part.judul}", has_budget)
    blocks = kecamatan_blocks(model, model.catalog.indikator)
    if blocks:
        w.heading(doc, "3. Rincian per kecamatan")
        for block in blocks:
            _kecamatan(doc, block)
    h = anggaran_table(b)
    w.heading(doc, "B. Realisasi Anggaran")
    if h is None:
        w.paragraph(doc, "Berkas anggaran tahun ini belum ada (data/anggaran-<tahun>.toml).")
    else:
        _table(doc, h, with_title=False)
    out = folder / filename(model)
    doc.save(str(out))
    return out


def _part(doc, model: ReportModel, part: Bagian, judul: str, has_budget: bool) -> None:
    w.heading(doc, judul)
    b = model.bab3
    assert b is not None
    for t in tables(b, part, with_budget=has_budget):
        _table(doc, t)
    w.paragraph(
        doc, [("Uraian per indikator", True)], before=6
    ).paragraph_format.keep_with_next = True
    for r in part.indikator:
        name = w.paragraph(doc, [(r.nama, True)], align="l", after=2, before=4)
        name.paragraph_format.keep_with_next = True
        w.paragraph(doc, r.paragraf)
        for jenis in SEBAB:
            if jenis in r.sebab:
                w.paragraph(
                    doc, [(f"{SEBAB_LABEL[jenis]}: ", True), (r.sebab[jenis], False)], after=2
                )


# Relative widths (mm on A4 landscape) of the per-kecamatan table, as in the PDF annex.
KECAMATAN_HEADER = ("No", "Kode", "Kecamatan", "Realisasi", "Capaian", "Predikat")
KECAMATAN_WIDTHS = (10, 24, 70, 30, 30, 40)


def _kecamatan(doc, block: dict) -> None:
    """One indicator's kecamatan, lowest realisation first, the regency row last (the
    same rows as the PDF annex; its ranked chart stays in the PDF)."""
    head = w.paragraph(doc, [(block["judul"], True)], align="l", after=2, before=6)
    head.paragraph_format.keep_with_next = True

    def cells(r: dict, bold: bool = False) -> list:
        capaian = " ".join(x for x in (r["capaian"], r["sementara"]) if x)
        return [
            w.Cell(r["no"], "c", bold),
            w.Cell(r["kode"], "l", bold),
            w.Cell(r["nama"], "l", bold),
            w.Cell(r["realisasi"], "r", bold),
            w.Cell(capaian, "r", bold),
            w.Cell(r["predikat"], "l", bold),
        ]

    rows = [cells(r) for r in block["rows"]]
    if block["total"] is not None:
        rows.append(cells(block["total"], bold=True))
    width = w.text_width_mm(doc.sections[-1])
    scale = width / sum(KECAMATAN_WIDTHS)
    w.table(
        doc,
        [list(KECAMATAN_HEADER)],
        rows,
        [x * scale for x in KECAMATAN_WIDTHS],
        total_rows=1 if block["total"] is not None else 0,
    )
    w.note(doc, f"Target kabupaten {block['target']} {block['satuan']}. {block['catatan']}")


def _table(doc, t: Tabel, *, with_title: bool = True) -> None:
    if with_title:
        head = w.paragraph(
            doc, [(f"Tabel {t.kode}. {t.judul}", True)], align="l", after=2, before=6
        )
        head.paragraph_format.keep_with_next = True
    if not t.rows:
        w.note(doc, t.kosong or "Tidak ada data.")
        return
    width = w.text_width_mm(doc.sections[-1])
    scale = width / sum(t.lebar)
    align = t.align
    rows: list[list] = []
    for n, row in enumerate(t.rows):
        cells: list = [w.Cell(text(c), align[i]) for i, c in enumerate(row)]
        if t.gabung_pertama and n and row[0] == t.rows[n - 1][0]:
            cells[0] = w.ABOVE  # the same sasaran as the row above: one merged cell
        rows.append(cells)
    w.table(doc, [list(t.header)], rows, [x * scale for x in t.lebar], total_rows=t.total_rows)
    for note in t.catatan:
        w.note(doc, note)
