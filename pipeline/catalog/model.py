"""Catalog model: jabatan -> sasaran -> indikator -> variabel, plus yearly targets."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

JENIS = ("persentase", "jumlah", "nilai")
POLARITAS = ("positif", "negatif")
AGREGASI = ("jumlah", "akhir", "rata_rata")
PERAN = ("pembilang", "penyebut", "komponen")
# The Kepala Dinas leads the whole office: his own unit, never inside Sekretariat totals.
UNITS = {
    "pimpinan": "Pimpinan",
    "sekretariat": "Sekretariat",
    "bidang_dafduk": "Bidang Pelayanan Pendaftaran Penduduk",
    "bidang_capil": "Bidang Pelayanan Pencatatan Sipil",
    "bidang_piak": "Bidang Pengelolaan Informasi Administrasi Kependudukan",
    "bidang_pdip": "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
}
BUPATI = "bupati"
# Kinds of modelling decisions the catalog took where the source is silent or damaged; the
# office confirms each (by id) in its own data before a report is signed as final.
KEPUTUSAN_JENIS = {
    "formulasi": "rumus disusun katalog (sumber tanpa rumus yang dapat dihitung)",
    "penyebut": "penyebut ditambahkan katalog (sumber hanya memuat pembilang)",
    "agregasi": "pilihan stok/arus (cara triwulan digabung)",
    "polaritas": "arah baik indikator (polaritas, batas capaian)",
    "jenis": "jenis indikator berbeda dari namanya",
    "sumber_data": "sumber data diisi katalog (sel sumber kosong)",
    "teks": "teks yang terpotong/rusak di pindaian dilengkapi dengan tebakan",
    "wilayah": "rincian per kecamatan (dirinci atau tidak)",
}
# Consistency rules between jabatan: "tidak_melebihi" (left <= sum of right) and
# "sama_dengan_jumlah" (left == sum of right), per quarter, on reported inputs.
ATURAN_JENIS = ("tidak_melebihi", "sama_dengan_jumlah")


@dataclass(frozen=True)
class Keputusan:
    """A catalog decision the office must confirm: id '<owner id>.<jenis>'."""

    id: str
    jenis: str
    uraian: str
    jabatan_id: str
    indikator_id: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "jenis": self.jenis,
            "uraian": self.uraian,
            "jabatan_id": self.jabatan_id,
            "indikator_id": self.indikator_id,
        }


@dataclass(frozen=True)
class Sel:
    """One input of a consistency rule: an indicator's variable."""

    indikator_id: str
    variabel_id: str

    def __str__(self) -> str:
        return f"{self.indikator_id}.{self.variabel_id}"


@dataclass(frozen=True)
class Aturan:
    """A consistency rule between the inputs of (usually) different jabatan."""

    id: str
    jenis: str  # ATURAN_JENIS
    kiri: Sel
    kanan: tuple[Sel, ...]
    uraian: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "jenis": self.jenis,
            "kiri": str(self.kiri),
            "kanan": [str(k) for k in self.kanan],
            "uraian": self.uraian,
        }


@dataclass(frozen=True)
class Variabel:
    id: str
    label: str
    peran: str


@dataclass(frozen=True)
class Indikator:
    id: str
    nama: str
    formulasi: str
    sumber_data: str
    jenis: str
    satuan: str
    polaritas: str
    agregasi: str
    variabel: tuple[Variabel, ...]
    jabatan_id: str
    sasaran: str
    nilai_min: float | None = None
    nilai_maks: float | None = None
    # Accuracy-type: a realisation above 100 % is as far from exact as the same distance
    # below it, so the capaian uses 100 - |realisasi - 100| and never exceeds 100.
    akurasi: bool = False
    keputusan: tuple[Keputusan, ...] = ()
    # Entered per kecamatan (office data data/kecamatan.toml); the regency is their sum.
    per_kecamatan: bool = False

    def formulasi_for(self, tahun: int) -> str:
        return self.formulasi.replace("{tahun}", str(tahun))

    def by_role(self, peran: str) -> tuple[Variabel, ...]:
        return tuple(v for v in self.variabel if v.peran == peran)

    @property
    def is_stock(self) -> bool:
        return self.agregasi == "akhir"

    @property
    def is_count(self) -> bool:
        """Whole-number inputs: every kind but nilai."""
        return self.jenis != "nilai"


@dataclass(frozen=True)
class Sasaran:
    nama: str
    indikator: tuple[Indikator, ...]


@dataclass(frozen=True)
class Jabatan:
    id: str
    nama: str
    atasan: str
    unit: str
    lembar: str
    label_sasaran: str
    label_indikator: str
    tugas: str
    fungsi: tuple[str, ...]
    sasaran: tuple[Sasaran, ...]
    keputusan: tuple[Keputusan, ...] = ()  # decisions on the jabatan's own texts

    @property
    def indikator(self) -> tuple[Indikator, ...]:
        return tuple(i for s in self.sasaran for i in s.indikator)


@dataclass(frozen=True)
class Catalog:
    versi: int
    jabatan: tuple[Jabatan, ...]
    aturan: tuple[Aturan, ...] = ()

    @cached_property
    def keputusan(self) -> tuple[Keputusan, ...]:
        """Every decision, in catalog order (jabatan's own first, then its indicators')."""
        out: list[Keputusan] = []
        for j in self.jabatan:
            out += j.keputusan
            for i in j.indikator:
                out += i.keputusan
        return tuple(out)

    def keputusan_for(self, indikator_id: str) -> tuple[Keputusan, ...]:
        return self.indikator_by_id[indikator_id].keputusan

    @cached_property
    def jabatan_by_id(self) -> dict[str, Jabatan]:
        return {j.id: j for j in self.jabatan}

    @cached_property
    def indikator_by_id(self) -> dict[str, Indikator]:
        return {i.id: i for j in self.jabatan for i in j.indikator}

    @property
    def indikator(self) -> tuple[Indikator, ...]:
        return tuple(self.indikator_by_id.values())

    def units(self) -> dict[str, list[Jabatan]]:
        out: dict[str, list[Jabatan]] = {u: [] for u in UNITS}
        for j in self.jabatan:
            out[j.unit].append(j)
        return out

    @cached_property
    def fingerprint(self) -> str:
        """Hash of what a filled workbook depends on: ids, kinds, roles (not wording)."""
        shape = [
            [
                j.id,
                [
                    [i.id, i.jenis, i.agregasi, [[v.id, v.peran] for v in i.variabel]]
                    # The kecamatan table changes the sheet's layout and names.
                    + (["per_kecamatan"] if i.per_kecamatan else [])
                    for i in j.indikator
                ],
            ]
            for j in self.jabatan
        ]
        blob = json.dumps([self.versi, shape], separators=(",", ":")).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_dict(self) -> dict:
        """The public JSON shape of `catalog --json` (documented in the README)."""
        return {
            "versi": self.versi,
            "sidik": self.fingerprint,
            "jabatan": [
                {
                    "id": j.id,
                    "nama": j.nama,
                    "atasan": j.atasan,
                    "unit": j.unit,
                    "lembar": j.lembar,
                    "label_sasaran": j.label_sasaran,
                    "label_indikator": j.label_indikator,
                    "tugas": j.tugas,
                    "fungsi": list(j.fungsi),
                    "keputusan": [k.to_dict() for k in j.keputusan],
                    "indikator": [
                        {
                            "id": i.id,
                            "nama": i.nama,
                            "sasaran": i.sasaran,
                            "formulasi": i.formulasi,
                            "sumber_data": i.sumber_data,
                            "jenis": i.jenis,
                            "satuan": i.satuan,
                            "polaritas": i.polaritas,
                            "agregasi": i.agregasi,
                            "akurasi": i.akurasi,
                            "per_kecamatan": i.per_kecamatan,
                            "keputusan": [k.to_dict() for k in i.keputusan],
                            "variabel": [
                                {"id": v.id, "label": v.label, "peran": v.peran} for v in i.variabel
                            ],
                        }
                        for i in j.indikator
                    ],
                }
                for j in self.jabatan
            ],
            "aturan": [a.to_dict() for a in self.aturan],
        }


@dataclass(frozen=True)
class Target:
    indikator_id: str
    tahunan: float
    triwulan: tuple[float, ...] | None = None

    def for_quarter(self, q: int) -> float:
        """Cumulative target up to quarter q; the annual target where none is given."""
        if self.triwulan is None:
            return self.tahunan
        return self.triwulan[q - 1]


@dataclass(frozen=True)
class Targets:
    tahun: int
    contoh: bool
    by_id: dict[str, Target]

    def __getitem__(self, indikator_id: str) -> Target:
        return self.by_id[indikator_id]
