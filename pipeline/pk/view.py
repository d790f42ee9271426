"""PkModel -> formatted Indonesian text, shared by the PDF template and the Word writer.

Both renderers print exactly these strings, so the two documents cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import fmt
from pipeline.budget import BudgetLine
from pipeline.catalog.model import BUPATI, Indikator
from pipeline.documents.assets import logo_data_uri
from pipeline.documents.view import DASH, Kop, Page, Ttd, author, figure_with_unit, keywords
from pipeline.pk.model import PkDocument, PkModel
from pipeline.report.model import Signatory

PEMBUKA = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
JANJI = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target "
    "kinerja tersebut menjadi tanggung jawab kami.",
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
    "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
    "dalam rangka pemberian penghargaan dan sanksi.",
)
LOWONG = "(jabatan lowong)"
TW_NOTE = "Target triwulan adalah target kumulatif s.d. akhir triwulan (Rencana Aksi)."
NO_TW_NOTE = (
    "Indikator bertanda – tanpa target triwulan: capaiannya diukur terhadap target tahunan."
)


@dataclass(frozen=True)
class Pihak:
    """A party as named in the statement: name and full title."""

    nama: str
    jabatan: str


@dataclass(frozen=True)
class TargetBaris:
    no: str
    sasaran: str
    rowspan: int  # > 0 on the first row of a sasaran group, 0 on the others
    indikator: str
    satuan: str
    target: str  # with unit: "98,50 %", "9.000 dokumen"
    tahunan: str  # number only, for the Rencana Aksi table
    tw: tuple[str, ...]  # cumulative targets TW I-IV, number only; "–" when none


@dataclass(frozen=True)
class AnggaranBaris:
    no: str
    kode: str
    uraian: str  # "Program Pendaftaran Penduduk", "Kegiatan Pelayanan ...", "Sub Kegiatan ..."
    tingkat: str  # program | kegiatan | sub_kegiatan
    anggaran: str  # "Rp365.400.000"
    keterangan: str


@dataclass(frozen=True)
class PkView:
    id: str
    judul: str
    tahun: int
    jabatan: str
    label_sasaran: str
    label_indikator: str
    pertama: Pihak
    kedua: Pihak
    targets: tuple[TargetBaris, ...]
    anggaran: tuple[AnggaranBaris, ...]
    total_anggaran: str
    tw_notes: tuple[str, ...]
    tempat_tanggal: str
    ttd_kedua: Ttd
    ttd_pertama: Ttd
    page: Page
    pembuka: str = PEMBUKA
    janji: tuple[str, ...] = JANJI
    tw_labels: tuple[str, ...] = field(default=tuple(fmt.tw(q) for q in range(1, 5)))


def rupiah(x: int) -> str:
    """1234567 -> 'Rp1.234.567' (no space or full stop after Rp)."""
    return f"Rp{fmt.angka(x)}"


def jabatan_lengkap(title: str, nama_dinas: str, jabatan_id: str) -> str:
    """The title as the statement names it: with the office unless it already says it.

    'Kepala Seksi Kelahiran' -> 'Kepala Seksi Kelahiran pada Dinas ...';
    'Kepala Dinas' -> 'Kepala Dinas Kependudukan dan Pencatatan Sipil'.
    """
    if jabatan_id == BUPATI or nama_dinas.lower() in title.lower():
        return title
    if title.endswith("Kepala Dinas") and nama_dinas.startswith("Dinas "):
        return title + nama_dinas[len("Dinas") :]
    return f"{title} pada {nama_dinas}"


def pihak(s: Signatory, nama_dinas: str) -> Pihak:
    return Pihak(
        nama=s.pejabat.nama if s.pejabat else LOWONG,
        jabatan=jabatan_lengkap(s.title, nama_dinas, s.jabatan_id),
    )


def ttd(s: Signatory, atas: str) -> Ttd:
    title = s.title.strip()
    p = s.pejabat
    return Ttd(
        atas=atas,
        jabatan=title if title.endswith(",") else f"{title},",
        nama=p.nama if p else None,
        pangkat=p.pangkat if p else "",
        nip=fmt.nip(p.nip) if p and p.nip else None,
    )


def uraian(line: BudgetLine) -> str:
    label = line.label
    return line.nama if line.nama.lower().startswith(label.lower()) else f"{label} {line.nama}"


def kop(model: PkModel) -> Kop:
    k = model.kantor
    kontak = " · ".join(
        x for x in (k.telepon and f"Telepon {k.telepon}", k.surel and f"Surel {k.surel}") if x
    )
    return Kop(
        pemerintah=k.pemerintah_daerah.upper(),
        dinas=k.nama_dinas.upper(),
        alamat=k.alamat,
        kontak=kontak,
        logo=logo_data_uri(k.logo),
    )


def contoh_note(model: PkModel, doc: PkDocument) -> str:
    parts = []
    if model.contoh_target:
        parts.append("target")
    if model.contoh_anggaran and doc.has_budget:
        parts.append("anggaran")
    if any(s.pejabat and s.pejabat.contoh for s in (doc.pihak_pertama, doc.pihak_kedua)):
        parts.append("nama dan NIP pejabat")
    if not parts:
        return ""
    listed = ", ".join(parts[:-1]) + " serta " + parts[-1] if len(parts) > 1 else parts[0]
    return f"DATA CONTOH: {listed} bersifat fiktif"


def document_view(model: PkModel, doc: PkDocument, kop_surat: Kop) -> PkView:
    j = doc.jabatan
    rows = []
    for r in doc.targets:
        t = r.target
        quarters = t.triwulan if t and t.triwulan else None
        digits = _decimals(r.indikator, [t.tahunan, *(quarters or ())] if t else [])
        rows.append(
            TargetBaris(
                no=str(r.no),
                sasaran=r.sasaran,
                rowspan=r.rowspan,
                indikator=r.indikator.nama,
                satuan=r.indikator.satuan,
                target=figure_with_unit(t.tahunan, r.indikator) if t else DASH,
                tahunan=fmt.angka(t.tahunan, digits) if t else DASH,
                tw=tuple(fmt.angka(v, digits) for v in quarters) if quarters else (DASH,) * 4,
            )
        )
    notes = [TW_NOTE]
    if any(r.target is None or r.target.triwulan is None for r in doc.targets):
        notes.append(NO_TW_NOTE)
    anggaran = tuple(
        AnggaranBaris(
            no=str(n),
            kode=b.kode,
            uraian=uraian(b),
            tingkat=b.tingkat,
            anggaran=rupiah(b.pagu),
            keterangan=b.keterangan or model.sumber_dana,
        )
        for n, b in enumerate(doc.anggaran, start=1)
    )
    judul = f"Perjanjian Kinerja Tahun {model.tahun} – {j.nama}"
    nama_dinas = model.kantor.nama_dinas
    return PkView(
        id=j.id,
        judul=judul,
        tahun=model.tahun,
        jabatan=j.nama,
        label_sasaran=j.label_sasaran,
        label_indikator=j.label_indikator,
        pertama=pihak(doc.pihak_pertama, nama_dinas),
        kedua=pihak(doc.pihak_kedua, nama_dinas),
        targets=tuple(rows),
        anggaran=anggaran,
        total_anggaran=rupiah(doc.total_anggaran) if anggaran else "",
        tw_notes=tuple(notes),
        tempat_tanggal=f"{model.kantor.tempat}, {fmt.tanggal(model.tanggal)}",
        ttd_kedua=ttd(doc.pihak_kedua, "PIHAK KEDUA,"),
        ttd_pertama=ttd(doc.pihak_pertama, "PIHAK PERTAMA,"),
        page=Page(
            kop=kop_surat,
            penulis=author(model.kantor),
            kata_kunci=keywords(model.kantor, model.tahun, "Perjanjian Kinerja"),
            draft=False,
            contoh=contoh_note(model, doc),
            kaki=f"Perjanjian Kinerja {model.tahun} · {j.nama}",
            predikat_css="",
        ),
    )


def _decimals(ind: Indikator, values: list[float]) -> int:
    """Decimals for one Rencana Aksi row: a persentase always 2; otherwise 0 when every
    value is whole, else 2 for all (70,50 68,00, not 70,50 68)."""
    if ind.jenis == "persentase" or any(not float(v).is_integer() for v in values):
        return 2
    return 0


def views(model: PkModel) -> list[PkView]:
    kop_surat = kop(model)
    return [document_view(model, d, kop_surat) for d in model.documents]
