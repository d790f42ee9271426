"""Perjanjian Kinerja as an editable Word document, from the same PkView as the PDF."""

from __future__ import annotations

from pathlib import Path

from pipeline.pk.view import PkView
from pipeline.word import blocks as w

# Column widths in mm for the 172 mm text width of A4 portrait with the house margins.
W_SASARAN = (9, 58, 75, 30)
W_ANGGARAN = (9, 30, 76, 33, 24)
W_AKSI = (9, 28, 40, 16, 19, 15, 15, 15, 15)


def write_pk_docx(views: list[PkView], path: Path, *, tahun: int) -> None:
    """One document; every jabatan a section of its own (own footer, pages from 1)."""
    doc = w.new_document()
    doc.core_properties.title = (
        views[0].judul if len(views) == 1 else f"Perjanjian Kinerja Tahun {tahun}"
    )
    doc.core_properties.author = views[0].page.penulis if views else ""
    for i, v in enumerate(views):
        section = doc.sections[0] if i == 0 else w.new_section(doc)
        w.footer(section, v.page.kaki, v.page.contoh, total=len(views) == 1)
        _statement(doc, v)
        w.page_break(doc)
        _lampiran(doc, v)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _statement(doc, v: PkView) -> None:
    w.kop(doc, v.page.kop)
    w.title(doc, f"PERJANJIAN KINERJA TAHUN {v.tahun}")
    w.subtitle(doc, v.jabatan)
    w.paragraph(doc, v.pembuka)
    w.fields(doc, [("Nama", v.pertama.nama), ("Jabatan", v.pertama.jabatan)])
    w.paragraph(
        doc,
        [("selanjutnya disebut ", False), ("pihak pertama", True), (",", False)],
        before=4,
    )
    w.fields(doc, [("Nama", v.kedua.nama), ("Jabatan", v.kedua.jabatan)])
    w.paragraph(
        doc,
        [
            ("selaku atasan pihak pertama, selanjutnya disebut ", False),
            ("pihak kedua", True),
            (".", False),
        ],
        before=4,
    )
    for teks in v.janji:
        w.paragraph(doc, teks)
    w.signatures(doc, [v.ttd_kedua, v.ttd_pertama], tanggal=v.tempat_tanggal)


def _lampiran(doc, v: PkView) -> None:
    w.title(doc, f"LAMPIRAN PERJANJIAN KINERJA TAHUN {v.tahun}")
    w.subtitle(doc, v.jabatan)
    w.heading(doc, f"A. {v.label_sasaran}, {v.label_indikator} dan Target")
    rows = []
    for r in v.targets:
        first = [w.Cell(r.no, "c"), r.sasaran] if r.rowspan else [w.ABOVE, w.ABOVE]
        rows.append([*first, r.indikator, w.Cell(r.target, "c")])
    w.table(doc, [["No", v.label_sasaran, v.label_indikator, "Target"]], rows, W_SASARAN)

    letter = "B"
    if v.anggaran:
        w.heading(doc, "B. Program/Kegiatan dan Anggaran")
        rows = [
            [w.Cell(a.no, "c"), a.kode, a.uraian, w.num(a.anggaran), a.keterangan]
            for a in v.anggaran
        ]
        rows.append(["", "Jumlah", w.LEFT, w.num(v.total_anggaran), ""])
        header = [["No", "Kode", "Program/Kegiatan", "Anggaran", "Keterangan"]]
        w.table(doc, header, rows, W_ANGGARAN, total_rows=1)
        letter = "C"

    w.heading(doc, f"{letter}. Rencana Aksi: Target Triwulan")
    header = [
        ["No", v.label_sasaran, v.label_indikator, "Satuan", "Target Tahunan"]
        + ["Target s.d. Triwulan"]
        + [w.LEFT] * (len(v.tw_labels) - 1),
        [w.ABOVE] * 5 + list(v.tw_labels),
    ]
    rows = []
    for r in v.targets:
        first = [w.Cell(r.no, "c"), r.sasaran] if r.rowspan else [w.ABOVE, w.ABOVE]
        rows.append(
            [*first, r.indikator, w.Cell(r.satuan, "c"), w.num(r.tahunan)]
            + [w.num(x) for x in r.tw]
        )
    w.table(doc, header, rows, W_AKSI)
    for text in v.tw_notes:
        w.note(doc, text)
    w.signatures(doc, [v.ttd_kedua, v.ttd_pertama], tanggal=v.tempat_tanggal)
