"""config.toml: the office, the reporting year, officials, scales, folders and limits.

Loaded once and validated; every problem is a ConfigError naming the key path.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.tomlcheck import Section, load_toml

STATUS_JABATAN = ("", "Plt.", "Plh.", "Pj.")
DEFAULT_ANGGARAN = "data/anggaran-{tahun}.toml"


@dataclass(frozen=True)
class Kantor:
    pemerintah_daerah: str
    nama_dinas: str
    alamat: str
    tempat: str
    telepon: str = ""
    surel: str = ""
    logo: Path | None = None


@dataclass(frozen=True)
class Pejabat:
    nama: str
    nip: str
    pangkat: str = ""
    status: str = ""
    jabatan: str = ""  # title override, e.g. "Bupati Tanjung Harapan"
    contoh: bool = False


@dataclass(frozen=True)
class Band:
    batas_bawah: float
    nama: str
    warna: str


@dataclass(frozen=True)
class PredicateScale:
    bands: tuple[Band, ...]

    def classify(self, capaian: float | None) -> str | None:
        """First band whose lower bound the value reaches; below all bands: the lowest."""
        if capaian is None or (isinstance(capaian, float) and math.isnan(capaian)):
            return None
        for band in self.bands:
            if capaian >= band.batas_bawah:
                return band.nama
        return self.bands[-1].nama

    def color(self, nama: str | None) -> str | None:
        return next((b.warna for b in self.bands if b.nama == nama), None)


METODE_RATA_RATA = ("dibatasi", "tanpa_batas")
BOBOT_RATA_RATA = ("indikator", "jabatan")


@dataclass(frozen=True)
class AverageRule:
    """How group means of capaian are formed (`[rata_rata]`); see engine/summary.py."""

    metode: str = "dibatasi"
    batas: float = 100.0
    # Totals over several jabatan: every indicator weighs the same ("indikator"), or every
    # jabatan does ("jabatan": the mean of the jabatan means).
    bobot: str = "indikator"

    @property
    def batas_atas(self) -> float | None:
        return self.batas if self.metode == "dibatasi" else None


@dataclass(frozen=True)
class Limits:
    ukuran_berkas_mb: float = 20.0
    ukuran_entri_mb: float = 100.0
    total_mb: float = 300.0
    rasio_kompresi: float = 200.0
    jumlah_entri: int = 2000
    jumlah_sel: int = 2_000_000
    waktu_baca_detik: float = 20.0
    # Seconds the PDF documents of one report may take to render before the run stops.
    waktu_render_detik: float = 300.0


@dataclass(frozen=True)
class Folders:
    template: Path
    input: Path
    output: Path


@dataclass(frozen=True)
class Sertifikat:
    """A PKCS#12 certificate for electronic signatures; its password is never in the file."""

    berkas: Path
    sandi_env: str  # name of the environment variable holding the password
    key: str  # TOML key path, for error messages ("tte", "tte.pemegang.kasi_kelahiran")


@dataclass(frozen=True)
class Tte:
    """Electronic signature (TTE): the Kepala Dinas's certificate signs every official PDF,
    except a jabatan's own IKI document when its holder has a certificate of their own."""

    kepala_dinas: Sertifikat
    pemegang: dict[str, Sertifikat] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    path: Path
    tahun: int
    kantor: Kantor
    pejabat: dict[str, Pejabat]
    predikat: PredicateScale
    batas_capaian: float | None
    folder: Folders
    katalog: Path
    target: Path  # office data: "{tahun}" is replaced by the year
    batas: Limits
    kata_sandi: str = ""
    tanggal_ttd: dt.date | None = None
    tte: Tte | None = None
    extra: dict = field(default_factory=dict)
    renstra: Path | None = None  # office data: the Renstra period (optional)
    standar: Path | None = None  # office data: national/provincial standards (optional)
    kecamatan: Path | None = None  # office data: the regency's kecamatan (optional)
    arsip: Path = Path("arsip/iki.sqlite")  # the archive database
    rata_rata: AverageRule = field(default_factory=AverageRule)
    # Office data: ids of the catalog decisions the office has confirmed (may not exist yet).
    keputusan: Path | None = None
    anggaran: Path = Path(DEFAULT_ANGGARAN)  # budget file pattern, {tahun} = year
    # LKjIP Bab III efficiency formula (`[lkjip] efisiensi`): one of EFISIENSI.
    efisiensi: str = "selisih"

    def target_path(self, tahun: int | None = None) -> Path:
        return Path(str(self.target).replace("{tahun}", str(tahun or self.tahun)))

    def anggaran_path(self, tahun: int | None = None) -> Path:
        return Path(str(self.anggaran).replace("{tahun}", str(tahun or self.tahun)))

    @property
    def uses_sample_officials(self) -> bool:
        return any(p.contoh for p in self.pejabat.values())


DEFAULT_PATH = Path("config.toml")
TOP_KEYS = {
    "tahun",
    "kantor",
    "laporan",
    "predikat",
    "capaian",
    "folder",
    "katalog",
    "template",
    "batas",
    "pejabat",
    "tte",
    "data",
    "arsip",
    "rata_rata",
    "keputusan",
    "anggaran",
    "lkjip",
}
# Efficiency of resources per sasaran (LKjIP Bab III f): "selisih" = capaian kinerja (%)
# minus serapan anggaran (%), in points; "rasio" = capaian / serapan x 100.
EFISIENSI = ("selisih", "rasio")
DEFAULT_ARCHIVE = "arsip/iki.sqlite"


def load_config(path: Path = DEFAULT_PATH) -> Config:
    path = Path(path)
    root = Section(load_toml(path), path.name)
    root.unknown_keys(TOP_KEYS)
    base = path.resolve().parent

    def resolve(p: str) -> Path:
        candidate = Path(p)
        return candidate if candidate.is_absolute() else base / candidate

    kantor_s = root.section("kantor")
    kantor_s.unknown_keys(
        {"pemerintah_daerah", "nama_dinas", "alamat", "tempat", "telepon", "surel", "logo"}
    )
    logo = kantor_s.str("logo", "")
    if logo and not resolve(logo).is_file():
        raise kantor_s.fail("logo", "harus menunjuk berkas gambar yang ada", logo)
    kantor = Kantor(
        pemerintah_daerah=kantor_s.str("pemerintah_daerah"),
        nama_dinas=kantor_s.str("nama_dinas"),
        alamat=kantor_s.str("alamat"),
        tempat=kantor_s.str("tempat"),
        telepon=kantor_s.str("telepon", ""),
        surel=kantor_s.str("surel", ""),
        logo=resolve(logo) if logo else None,
    )

    laporan = root.section("laporan", required=False)
    laporan.unknown_keys({"tanggal_ttd"})
    folder_s = root.section("folder")
    folder_s.unknown_keys({"template", "input", "output"})
    katalog_s = root.section("katalog")
    katalog_s.unknown_keys({"berkas", "target"})
    # Office data (targets, Renstra, standards) is in [data]; `katalog.target` is the key
    # of configs written before the data moved out of the package, still understood.
    data_s = root.section("data", required=False)
    data_s.unknown_keys({"target", "renstra", "standar", "kecamatan"})
    if "target" in data_s.data:
        target_key = data_s
    elif "target" in katalog_s.data:
        target_key = katalog_s
    else:
        raise data_s.fail("target", 'wajib diisi, mis. "data/target-{tahun}.toml"')
    # Whether the files exist is checked where they are loaded (context.load_office_data).
    optional = {name: resolve(data_s.str(name))
                for name in ("renstra", "standar", "kecamatan")
                if name in data_s.data}  # fmt: skip
    arsip_s = root.section("arsip", required=False)
    arsip_s.unknown_keys({"berkas"})
    template_s = root.section("template", required=False)
    template_s.unknown_keys({"kata_sandi"})
    anggaran_s = root.section("anggaran", required=False)
    anggaran_s.unknown_keys({"berkas"})
    capaian_s = root.section("capaian", required=False)
    capaian_s.unknown_keys({"batas_atas"})
    cap = capaian_s.number("batas_atas", None)
    if cap is not None and cap <= 0:
        raise capaian_s.fail("batas_atas", "harus angka positif (mis. 120) atau dihapus", cap)

    rata_s = root.section("rata_rata", required=False)
    rata_s.unknown_keys({"metode", "batas_atas", "bobot"})
    batas_rata = rata_s.number("batas_atas", 100.0)
    if batas_rata is None or batas_rata <= 0:
        raise rata_s.fail("batas_atas", "harus angka positif (bawaan 100)", batas_rata)
    lkjip_s = root.section("lkjip", required=False)
    lkjip_s.unknown_keys({"efisiensi"})
    keputusan_s = root.section("keputusan", required=False)
    keputusan_s.unknown_keys({"berkas"})
    keputusan = keputusan_s.str("berkas", "")

    return Config(
        path=path,
        rata_rata=AverageRule(
            rata_s.choice("metode", METODE_RATA_RATA, "dibatasi"),
            batas_rata,
            rata_s.choice("bobot", BOBOT_RATA_RATA, "indikator"),
        ),
        keputusan=resolve(keputusan) if keputusan else None,
        tahun=root.int("tahun", lo=2000, hi=2100),
        kantor=kantor,
        pejabat=_load_officials(root.section("pejabat")),
        predikat=_load_scale(root),
        batas_capaian=cap,
        folder=Folders(
            template=resolve(folder_s.str("template")),
            input=resolve(folder_s.str("input")),
            output=resolve(folder_s.str("output")),
        ),
        katalog=resolve(katalog_s.str("berkas")),
        target=resolve(target_key.str("target")),
        batas=_load_limits(root.section("batas", required=False)),
        kata_sandi=template_s.str("kata_sandi", "", nonempty=False),
        tanggal_ttd=laporan.date("tanggal_ttd", None),
        tte=_load_tte(root, resolve),
        arsip=resolve(arsip_s.str("berkas", DEFAULT_ARCHIVE)),
        **optional,
        anggaran=resolve(anggaran_s.str("berkas", DEFAULT_ANGGARAN)),
        efisiensi=lkjip_s.choice("efisiensi", EFISIENSI, "selisih"),
    )


def _load_tte(root: Section, resolve: Callable[[str], Path]) -> Tte | None:
    if "tte" not in root.data:
        return None
    s = root.section("tte")
    s.unknown_keys({"sertifikat", "sandi_env", "pemegang"})

    def certificate(section: Section) -> Sertifikat:
        path = resolve(section.str("sertifikat"))
        if not path.is_file():
            raise section.fail(
                "sertifikat", "harus menunjuk berkas sertifikat .p12/.pfx yang ada", str(path)
            )
        env = section.str("sandi_env")
        if not env.replace("_", "").isalnum() or env[0].isdigit():
            raise section.fail("sandi_env", "harus nama variabel lingkungan (huruf, angka, _)", env)
        return Sertifikat(path, env, section.path)

    pemegang_s = s.section("pemegang", required=False)
    pemegang = {}
    for jabatan_id in pemegang_s.data:
        sub = pemegang_s.section(jabatan_id)
        sub.unknown_keys({"sertifikat", "sandi_env"})
        pemegang[jabatan_id] = certificate(sub)
    return Tte(kepala_dinas=certificate(s), pemegang=pemegang)


def _load_officials(section: Section) -> dict[str, Pejabat]:
    out: dict[str, Pejabat] = {}
    for jabatan_id in section.data:
        s = section.section(jabatan_id)
        s.unknown_keys({"nama", "nip", "pangkat", "status", "jabatan", "contoh"})
        nip = s.str("nip", "", nonempty=False)
        if nip or jabatan_id != "bupati":
            check_nip(s, nip)
        out[jabatan_id] = Pejabat(
            nama=s.str("nama"),
            nip=nip,
            pangkat=s.str("pangkat", ""),
            status=s.choice("status", STATUS_JABATAN, ""),
            jabatan=s.str("jabatan", ""),
            contoh=s.bool("contoh", False),
        )
    return out


def check_nip(section: Section, nip: str) -> None:
    """An 18-digit NIP: birth date (8), appointment year-month (6), sex (1), number (3)."""
    if len(nip) != 18 or not nip.isdigit():
        raise section.fail("nip", "harus 18 digit angka tanpa spasi, ditulis sebagai teks", nip)
    try:
        dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise section.fail("nip", "harus diawali tanggal lahir yang sah (TTTTBBHH)", nip) from None
    if not 1 <= int(nip[12:14]) <= 12:
        raise section.fail("nip", "digit 9-14 harus tahun dan bulan TMT CPNS yang sah", nip)
    if nip[14] not in "12":
        raise section.fail("nip", "digit ke-15 (jenis kelamin) harus 1 atau 2", nip)


DEFAULT_BANDS = (
    Band(91, "Sangat Tinggi", "#1a7f37"),
    Band(76, "Tinggi", "#7cb342"),
    Band(66, "Sedang", "#fbc02d"),
    Band(51, "Rendah", "#f57c00"),
    Band(-math.inf, "Sangat Rendah", "#c62828"),
)


def _load_scale(root: Section) -> PredicateScale:
    s = root.section("predikat", required=False)
    s.unknown_keys({"skala"})
    raw = s.list("skala", None) if "skala" in s.data else None
    if raw is None:
        return PredicateScale(DEFAULT_BANDS)
    bands = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise s.fail(f"skala[{i}]", "harus tabel { batas_bawah, nama, warna }", item)
        b = Section(item, s.file, f"{s.key('skala')}[{i}]")
        b.unknown_keys({"batas_bawah", "nama", "warna"})
        lo = b.number("batas_bawah", -math.inf if i == len(raw) - 1 else None)
        if lo is None:
            raise b.fail("batas_bawah", "wajib diisi (kecuali pita terakhir)")
        warna = b.str("warna", "#9e9e9e")
        if not (
            len(warna) == 7
            and warna[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in warna[1:])
        ):
            raise b.fail("warna", "harus kode warna #RRGGBB", warna)
        bands.append(Band(lo, b.str("nama"), warna))
    if not bands:
        raise s.fail("skala", "harus berisi minimal satu pita predikat")
    if any(a.batas_bawah <= b.batas_bawah for a, b in itertools.pairwise(bands)):
        raise s.fail("skala", "pita harus urut dari batas_bawah tertinggi ke terendah")
    return PredicateScale(tuple(bands))


def _load_limits(s: Section) -> Limits:
    d = Limits()
    s.unknown_keys(set(Limits.__dataclass_fields__))
    values = {}
    for name in Limits.__dataclass_fields__:
        default = getattr(d, name)
        v = s.number(name, default)
        if v is None or v <= 0:
            raise s.fail(name, "harus angka positif", v)
        values[name] = int(v) if isinstance(default, int) else v
    return Limits(**values)
