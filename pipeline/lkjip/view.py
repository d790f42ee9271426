"""Bab III tables as rows of cells: one arrangement for the PDF lampiran, the .docx and the
rekap sheets. A cell is text or an `Angka` (a number with its decimals), so the workbook
keeps numbers as numbers and the documents print them in Indonesian format (`text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import fmt
from pipeline.budget.model import uraian
from pipeline.contract import SEBAB
from pipeline.lkjip.model import (
    BELUM_ADA_DATA,
    TETAP,
    Bab3,
    Bagian,
    IndikatorBab3,
)

DASH = "–"
TINGKAT_LABEL = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}


@dataclass(frozen=True)
class Angka:
    nilai: float | None
    desimal: int = 2
    kosong: str = DASH
    rupiah: bool = False


Sel = str | Angka


def text(cell: Sel) -> str:
    """A cell as printed: '98,05', 'Rp1.250.000' is printed as '1.250.000' (Rp in header)."""
    if isinstance(cell, str):
        return cell
    if cell.nilai is None:
        return cell.kosong
    return fmt.angka(cell.nilai, cell.desimal)


@dataclass(frozen=True)
class Tabel:
    kode: str  # "a".."h"
    judul: str
    header: tuple[str, ...]
    rows: tuple[tuple[Sel, ...], ...]
    lebar: tuple[float, ...]  # relative column widths (mm on A4 landscape)
    total_rows: int = 0
    catatan: tuple[str, ...] = ()
    kosong: str = ""  # printed instead of the table when it has no rows
    gabung_pertama: bool = False  # equal first cells of adjacent rows print as one

    @property
    def align(self) -> tuple[str, ...]:
        """l / c / r per column: numbers right, No centred, text left."""
        out = []
        for c, head in enumerate(self.header):
            if head == "No":
                out.append("c")
            elif self.rows and any(isinstance(r[c], Angka) for r in self.rows):
                out.append("r")
            else:
                out.append("l")
        return tuple(out)


def _fig(x: float | None, row: IndikatorBab3, kosong: str = DASH) -> Angka:
    return Angka(x, 2 if row.jenis != "jumlah" else (0 if x is None or x == int(x) else 2), kosong)


def _tren(row: IndikatorBab3) -> str:
    t = row.tren
    if t.kata is None:
        return BELUM_ADA_DATA
    if t.kata == TETAP:
        return "tetap"
    unit = " poin" if row.jenis == "persentase" else ""
    return f"{t.kata} {fmt.angka(t.selisih, 2)}{unit}"


def tables(b: Bab3, part: Bagian, *, with_budget: bool) -> list[Tabel]:
    """Tables a-g of one part (f and g only when the office has a budget file)."""
    inds = part.indikator
    n2, n1 = b.tahun_riwayat
    out = [
        Tabel(
            "a",
            f"Target, realisasi dan capaian {b.periode}",
            (
                "No",
                "Sasaran",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi",
                "Capaian (%)",
                "Predikat",
            ),
            tuple(
                (
                    str(n),
                    r.sasaran,
                    r.nama,
                    r.satuan,
                    _fig(r.target, r),
                    _fig(r.realisasi, r),
                    Angka(r.capaian),
                    r.predikat or DASH,
                )
                for n, r in enumerate(inds, 1)
            ),
            (9, 58, 70, 20, 22, 22, 22, 30),
        ),
        Tabel(
            "b",
            f"Perbandingan dengan tahun-tahun sebelumnya ({n2}, {n1} dan {b.tahun})",
            (
                "No",
                "Indikator",
                "Satuan",
                f"Realisasi {n2}",
                f"Realisasi {n1}",
                f"Target {b.tahun}",
                f"Realisasi {b.tahun}",
                f"Capaian {n1} (%)",
                f"Capaian {b.tahun} (%)",
                f"Tren terhadap {n1}",
            ),
            tuple(
                (
                    str(n),
                    r.nama,
                    r.satuan,
                    _fig(r.riwayat[0].realisasi, r, BELUM_ADA_DATA),
                    _fig(r.riwayat[1].realisasi, r, BELUM_ADA_DATA),
                    _fig(r.target, r),
                    _fig(r.realisasi, r),
                    Angka(r.riwayat[1].capaian, kosong=BELUM_ADA_DATA),
                    Angka(r.capaian),
                    _tren(r),
                )
                for n, r in enumerate(inds, 1)
            ),
            (9, 62, 18, 22, 22, 22, 22, 22, 22, 32),
            catatan=(
                "Tren: realisasi tahun ini dibanding tahun sebelumnya (selisih dibulatkan dua "
                "desimal; sama = tetap). \u201cbelum ada data\u201d: arsip tidak memuat angka "
                "resmi tahun itu (bukan 0).",
            ),
        ),
    ]
    renstra = part.renstra_rows
    out.append(
        Tabel(
            "c",
            f"Perbandingan dengan target akhir Renstra {b.renstra_label}".strip(),
            (
                "No",
                "Indikator",
                "Satuan",
                "Target akhir Renstra",
                f"Realisasi s.d. {b.tahun}",
                "Tingkat kemajuan (%)",
                "Keterangan",
            ),
            tuple(
                (
                    str(n),
                    r.nama,
                    r.satuan,
                    _fig(r.renstra_target_akhir, r),
                    _fig(r.realisasi, r),
                    Angka(r.kemajuan),
                    f"target akhir tahun {r.renstra_tahun_akhir}",
                )
                for n, r in enumerate(renstra, 1)
            ),
            (9, 80, 20, 30, 30, 30, 50),
            kosong="Indikator ini tidak tercantum dalam Renstra (data/renstra.toml).",
        )
    )
    std = part.standar_rows
    out.append(
        Tabel(
            "d",
            "Perbandingan dengan standar nasional/provinsi",
            ("No", "Indikator", "Realisasi daerah", "Standar", "Tingkat", "Sumber"),
            tuple(
                (
                    str(n),
                    r.nama,
                    _fig(r.realisasi, r),
                    _fig(r.standar.nilai, r),
                    r.standar.tingkat,
                    r.standar.sumber,
                )
                for n, r in enumerate(std, 1)
            ),
            (9, 70, 28, 25, 22, 90),
            kosong="Tidak ada standar nasional atau provinsi untuk indikator bagian ini.",
        )
    )
    labels = (
        "Faktor pendukung",
        "Faktor penghambat",
        "Solusi yang telah dilakukan",
        "Rencana tindak lanjut",
    )
    out.append(
        Tabel(
            "e",
            "Faktor penyebab keberhasilan/kegagalan, solusi dan rencana tindak lanjut",
            ("No", "Indikator", *labels),
            tuple(
                (str(n), r.nama, *(r.sebab.get(j, DASH) for j in SEBAB))
                for n, r in enumerate(inds, 1)
            ),
            (9, 50, 50, 50, 50, 50),
        )
    )
    if with_budget:
        out.append(
            Tabel(
                "f",
                "Efisiensi penggunaan sumber daya",
                (
                    "No",
                    "Sasaran",
                    "Capaian kinerja (%)",
                    "Pagu (Rp)",
                    "Realisasi (Rp)",
                    "Serapan (%)",
                    "Efisiensi",
                    "Keterangan",
                ),
                tuple(
                    (
                        str(n),
                        e.sasaran,
                        Angka(e.capaian),
                        Angka(e.pagu, 0, rupiah=True),
                        Angka(e.realisasi, 0, rupiah=True),
                        Angka(e.serapan),
                        Angka(e.efisiensi),
                        f"{e.belum_lapor} sub kegiatan belum melaporkan realisasi"
                        if e.belum_lapor
                        else ("tanpa anggaran pendukung" if not e.pagu else ""),
                    )
                    for n, e in enumerate(part.efisiensi, 1)
                ),
                (9, 80, 25, 32, 32, 22, 22, 35),
                catatan=(b.rumus_efisiensi,),
            )
        )
        out.append(
            Tabel(
                "g",
                "Program, kegiatan dan sub kegiatan pendukung sasaran",
                (
                    "Sasaran",
                    "Kode",
                    "Program / Kegiatan / Sub Kegiatan",
                    "Pagu (Rp)",
                    "Realisasi (Rp)",
                ),
                tuple(
                    (
                        p.sasaran,
                        p.kode,
                        uraian(p.tingkat, p.nama),
                        Angka(p.pagu, 0, rupiah=True),
                        Angka(p.realisasi, 0, rupiah=True),
                    )
                    for p in part.program
                ),
                (60, 34, 95, 35, 35),
                kosong="Tidak ada program/kegiatan yang tercatat mendukung sasaran ini.",
                gabung_pertama=True,
            )
        )
    return out


def anggaran_table(b: Bab3) -> Tabel | None:
    """h. Realisasi Anggaran per program, kegiatan and sub kegiatan, with the total."""
    if b.anggaran_total is None:
        return None
    rows = []
    for f in (*b.anggaran, b.anggaran_total):
        label = f.nama if f.tingkat == "total" else uraian(f.tingkat, f.nama)
        rows.append(
            (
                f.kode,
                label,
                Angka(f.pagu, 0, rupiah=True),
                Angka(f.realisasi, 0, rupiah=True),
                Angka(f.persen),
                Angka(f.sisa, 0, rupiah=True),
            )
        )
    return Tabel(
        "h",
        f"Realisasi Anggaran {b.periode}",
        (
            "Kode",
            "Program / Kegiatan / Sub Kegiatan",
            "Pagu (Rp)",
            "Realisasi (Rp)",
            "%",
            "Sisa (Rp)",
        ),
        tuple(rows),
        (36, 120, 34, 34, 18, 34),
        total_rows=1,
        catatan=b.catatan_anggaran,
    )
