"""The 'Petunjuk' sheet: how to fill the workbook, in plain Indonesian, and what it holds."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import fmt
from pipeline.catalog.model import Jabatan
from pipeline.contract import GUIDE_SHEET
from pipeline.template.layout import (
    OFFICE,
    PROTECT_OPTIONS,
    form_title,
    period_text,
    quarter_period,
    row_height,
    set_page,
)
from pipeline.template.names import TEMPLATE_VERSION
from pipeline.template.sheet import Book, center_text, merge_text

SHEET_NAME = GUIDE_SHEET
WIDTHS = (4.5, 30.0, 50.0, 42.0)
TEXT_WIDTH = sum(WIDTHS[1:])


def instructions(tahun: int, q: int) -> list[str]:
    _, end = quarter_period(tahun, q)
    tw, akhir = fmt.tw(q), fmt.tanggal(end)
    periode = period_text(tahun, q)
    kolom = f"Kolom {tw} diisi dengan data {fmt.triwulan(q)} {tahun} ({periode})."
    if q > 1:
        kolom += " Kolom triwulan sebelumnya (abu-abu) hanya pembanding dan tidak dapat diubah."
    return [
        "Setiap pemegang jabatan mengisi lembar jabatannya sendiri (lihat daftar lembar di "
        "bawah). Isi hanya sel berwarna kuning; sel lain terkunci.",
        kolom,
        "Perhatikan kolom Sifat data. \u201cArus (dalam triwulan)\u201d: hitung hanya kejadian "
        f"dalam triwulan ini ({periode}), bukan jumlah kumulatif sejak Januari. \u201cPosisi "
        f"akhir triwulan\u201d: keadaan pada hari terakhir triwulan ({akhir}), misalnya jumlah "
        "penduduk yang memiliki KTP-el pada tanggal itu.",
        "Sel kosong berarti belum dilaporkan; angka 0 berarti dilaporkan nol. Jangan mengisi 0 "
        "untuk data yang belum ada, dan jangan menulis tanda \u201c-\u201d.",
        "Ketik angka saja: tanpa titik atau koma ribuan, tanpa satuan dan tanpa teks (tulis "
        "1250, bukan 1.250 atau 1250 orang). Isian yang tidak sah ditolak dengan pesan. Nilai "
        "(misalnya nilai SAKIP) boleh desimal dalam batas yang disebutkan.",
        "Baris hijau (realisasi dan capaian) terhitung otomatis sebagai bantuan memeriksa "
        f"isian; angka resmi dihitung ulang oleh {OFFICE}.",
        "Tulis keterangan/kendala singkat untuk setiap indikator pada sel kuning Keterangan "
        f"(paling banyak {fmt.angka(1000)} karakter): penyebab capaian, kendala dan tindak lanjut. "
        "Empat sel di bawahnya (faktor pendukung, faktor penghambat, solusi yang telah "
        "dilakukan, rencana tindak lanjut) masuk LKjIP Bab III; boleh dikosongkan. Lembar "
        "Anggaran (bila ada) diisi Sub Bagian Keuangan: realisasi triwulan ini per sub "
        "kegiatan dalam rupiah bulat, dan pagu hanya bila berubah.",
        "Jangan mengganti nama, menghapus, memindahkan atau menyalin lembar, dan jangan "
        "menyisipkan atau menghapus baris atau kolom. Bila menyalin angka dari berkas lain, "
        "gunakan Tempel Spesial \u2192 Nilai (Paste Special \u2192 Values).",
        "Simpan sebagai Buku Kerja Excel (.xlsx), bukan .xls, .ods, .csv atau PDF. Nama berkas "
        "boleh tetap.",
        f"Kirim kembali berkas yang sudah diisi kepada {OFFICE}. Bila ada isian yang salah "
        "setelah dikirim, perbaiki di berkas yang sama lalu kirim ulang.",
    ]


def write_petunjuk(book: Book, jabatan: Sequence[Jabatan]) -> None:
    ws = book.workbook.add_worksheet(SHEET_NAME)
    st, q, tahun = book.styles, book.q, book.tahun
    kantor = book.ctx.config.kantor
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    last = len(WIDTHS) - 1

    center_text(ws, 0, last, kantor.pemerintah_daerah.upper(), st["kop"])
    center_text(ws, 1, last, kantor.nama_dinas.upper(), st["kop"])
    center_text(ws, 2, last, "PETUNJUK PENGISIAN", st["title"])
    ws.set_row(2, 20)
    center_text(ws, 3, last, form_title(tahun, q), st["subtitle"])
    identity = (
        f"Tahun {tahun}  ·  {fmt.triwulan(q)}  ·  Versi template {TEMPLATE_VERSION}  ·  "
        f"Sidik katalog {book.ctx.catalog.fingerprint}"
    )
    merge_text(ws, 4, 0, last, identity, st["note"])

    row = 6
    merge_text(ws, row, 0, last, "Cara mengisi", st["heading"])
    row += 1
    for n, text in enumerate(instructions(tahun, q), start=1):
        ws.write_string(row, 0, f"{n}.", st["label"])
        merge_text(ws, row, 1, last, text, st["value"])
        ws.set_row(row, row_height(text, TEXT_WIDTH))
        row += 1

    row += 1
    merge_text(ws, row, 0, last, "Arti warna sel", st["heading"])
    row += 1
    legend = (
        ("legend_input", "Kuning: sel isian (angka triwulan ini dan keterangan/kendala)."),
        ("legend_context", "Abu-abu: nilai triwulan sebelumnya, hanya pembanding."),
        ("legend_preview", "Hijau: realisasi dan capaian yang terhitung otomatis."),
    )
    for style, text in legend:
        ws.write_blank(row, 0, None, st[style])
        merge_text(ws, row, 1, last, text, st["value"])
        row += 1

    row += 1
    merge_text(ws, row, 0, last, "Lembar dalam berkas ini", st["heading"])
    row += 1
    for col, text in enumerate(("No", "Lembar", "Jabatan", "Pemegang jabatan")):
        ws.write_string(row, col, text, st["header"])
    row += 1
    for n, jab in enumerate(jabatan, start=1):
        _sheet_row(ws, book, row, n, jab)
        row += 1

    set_page(ws, landscape=False, footer_left=SHEET_NAME, repeat_row=None)
    ws.protect(book.ctx.config.kata_sandi, PROTECT_OPTIONS)
    ws.activate()


def _sheet_row(ws, book: Book, row: int, n: int, jab: Jabatan) -> None:
    st = book.styles
    pejabat = book.ctx.config.pejabat.get(jab.id)
    holder = ""
    if pejabat:
        holder = f"{pejabat.nama} ({pejabat.status})" if pejabat.status else pejabat.nama
    ws.write_string(row, 0, str(n), st["cell_center"])
    target = "internal:'" + jab.lembar.replace("'", "''") + "'!A1"
    if ws.write_url(row, 1, target, st["link"], string=jab.lembar, tip="Buka lembar") != 0:
        # A link is a convenience; the sheet name alone is enough if it cannot be made.
        ws.write_string(row, 1, jab.lembar, st["cell"])
    ws.write_string(row, 2, jab.nama, st["cell"])
    ws.write_string(row, 3, holder, st["cell"])
    height = max(row_height(jab.nama, WIDTHS[2]), row_height(holder or "-", WIDTHS[3]))
    ws.set_row(row, height)
