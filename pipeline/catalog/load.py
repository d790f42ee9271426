"""Load and validate the catalog TOML files; errors name the entry and the key."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.catalog.model import (
    AGREGASI,
    ATURAN_JENIS,
    BUPATI,
    JENIS,
    KEPUTUSAN_JENIS,
    PERAN,
    POLARITAS,
    UNITS,
    Aturan,
    Catalog,
    Indikator,
    Jabatan,
    Keputusan,
    Sasaran,
    Sel,
    Target,
    Targets,
    Variabel,
)
from pipeline.contract import RESERVED_IDS
from pipeline.tomlcheck import Section, load_toml

ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
SHEET_FORBIDDEN = set("\\/?*[]:")
# Sheets the template and the rekap add beside the jabatan sheets.
RESERVED_SHEETS = {
    "history",
    "petunjuk",
    "ringkasan",
    "grafik",
    "kelengkapan",
    "riwayat",
    "temuan",
    "keputusan",
    "anggaran",
    "bab iii iku",
    "bab iii iki",
}
PACKAGE_DIR = Path(__file__).parent
DEFAULT_CATALOG = PACKAGE_DIR / "iki.toml"


def load_catalog(path: Path = DEFAULT_CATALOG) -> Catalog:
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"versi", "jabatan", "aturan"})
    jabatan = []
    for j, raw in enumerate(root.list("jabatan")):
        jabatan.append(_jabatan(Section(raw, root.file, f"jabatan[{j}]")))
    aturan = tuple(
        _aturan(Section(raw, root.file, f"aturan[{n}]"))
        for n, raw in enumerate(root.list("aturan", []))
    )
    catalog = Catalog(versi=root.int("versi", lo=1), jabatan=tuple(jabatan), aturan=aturan)
    _check_references(catalog, root)
    _check_rules(catalog, root)
    return catalog


def _keputusan(s: Section, jabatan_id: str, indikator_id: str | None) -> tuple[Keputusan, ...]:
    """`keputusan = [{ jenis, uraian }]`: decisions the office confirms by id owner.jenis."""
    owner = indikator_id or jabatan_id
    out: list[Keputusan] = []
    for n, raw in enumerate(s.list("keputusan", [])):
        if not isinstance(raw, dict):
            raise s.fail(f"keputusan[{n}]", "harus tabel { jenis, uraian }", raw)
        ks = Section(raw, s.file, f"{s.key('keputusan')}[{n}]")
        ks.unknown_keys({"jenis", "uraian"})
        jenis = ks.choice("jenis", tuple(KEPUTUSAN_JENIS))
        kid = f"{owner}.{jenis}"
        if any(k.id == kid for k in out):
            raise ks.fail(
                "jenis", "satu keputusan per jenis per entri (gabungkan uraiannya)", jenis
            )
        out.append(Keputusan(kid, jenis, ks.str("uraian"), jabatan_id, indikator_id))
    return tuple(out)


def _sel(s: Section, name: str, raw: object) -> Sel:
    parts = raw.split(".") if isinstance(raw, str) else []
    if len(parts) != 2 or not all(ID_RE.match(p) for p in parts):
        raise s.fail(name, "harus 'id_indikator.id_variabel'", raw)
    return Sel(parts[0], parts[1])


def _aturan(s: Section) -> Aturan:
    s.unknown_keys({"id", "jenis", "kiri", "kanan", "uraian"})
    aid = _ident(s, max_len=60)
    s = Section(s.data, s.file, f"aturan '{aid}'")
    kanan = s.list("kanan")
    if not kanan:
        raise s.fail("kanan", "harus berisi minimal satu 'id_indikator.id_variabel'", kanan)
    return Aturan(
        id=aid,
        jenis=s.choice("jenis", ATURAN_JENIS),
        kiri=_sel(s, "kiri", s.data.get("kiri")),
        kanan=tuple(_sel(s, f"kanan[{n}]", k) for n, k in enumerate(kanan)),
        uraian=s.str("uraian"),
    )


def _check_rules(catalog: Catalog, root: Section) -> None:
    seen: set[str] = set()
    for a in catalog.aturan:
        s = Section({}, root.file, f"aturan '{a.id}'")
        if a.id in seen:
            raise s.fail("id", "dipakai lebih dari satu aturan", a.id)
        seen.add(a.id)
        for name, sel in [("kiri", a.kiri), *(("kanan", k) for k in a.kanan)]:
            ind = catalog.indikator_by_id.get(sel.indikator_id)
            if ind is None or sel.variabel_id not in {v.id for v in ind.variabel}:
                raise s.fail(
                    name, "harus menunjuk variabel indikator yang ada di katalog", str(sel)
                )


def _ident(s: Section, name: str = "id", max_len: int = 40) -> str:
    value = s.str(name)
    if not ID_RE.match(value) or len(value) > max_len:
        raise s.fail(
            name,
            "harus huruf kecil, angka dan garis bawah tunggal, diawali huruf, "
            f"paling panjang {max_len} karakter",
            value,
        )
    if value in RESERVED_IDS:
        raise s.fail(
            name,
            "adalah kata yang dipakai nama sel workbook (keterangan, sebab, anggaran); "
            "pilih id lain",
            value,
        )
    return value


def _jabatan(s: Section) -> Jabatan:
    s.unknown_keys(
        {
            "id",
            "nama",
            "atasan",
            "unit",
            "lembar",
            "label_sasaran",
            "label_indikator",
            "tugas",
            "fungsi",
            "sasaran",
            "keputusan",
        }
    )
    jid = _ident(s)
    s = Section(s.data, s.file, f"jabatan '{jid}'")
    lembar = s.str("lembar")
    if (
        len(lembar) > 31
        or SHEET_FORBIDDEN & set(lembar)
        or lembar.strip("'") != lembar
        or lembar.lower() in RESERVED_SHEETS
    ):
        raise s.fail(
            "lembar",
            "harus nama lembar Excel: paling panjang 31 karakter, tanpa "
            "\\ / ? * [ ] :, tanpa apostrof di awal/akhir, dan bukan nama lembar bawaan "
            "(Petunjuk, Ringkasan, Grafik, Kelengkapan, Riwayat, Temuan)",
            lembar,
        )
    fungsi = s.list("fungsi")
    if not fungsi or not all(isinstance(f, str) and f.strip() for f in fungsi):
        raise s.fail("fungsi", "harus daftar teks yang tidak kosong", fungsi)
    sasaran = []
    for k, raw in enumerate(s.list("sasaran")):
        ss = Section(raw, s.file, f"{s.path}.sasaran[{k}]")
        ss.unknown_keys({"nama", "indikator"})
        nama = ss.str("nama")
        indikator = tuple(
            _indikator(Section(r, s.file, f"{ss.path}.indikator[{n}]"), jid, nama)
            for n, r in enumerate(ss.list("indikator"))
        )
        if not indikator:
            raise ss.fail("indikator", "harus berisi minimal satu indikator")
        sasaran.append(Sasaran(nama=nama, indikator=indikator))
    if not sasaran:
        raise s.fail("sasaran", "harus berisi minimal satu sasaran")
    return Jabatan(
        id=jid,
        nama=s.str("nama"),
        atasan=_ident(s, "atasan"),
        unit=s.choice("unit", tuple(UNITS)),
        lembar=lembar,
        label_sasaran=s.str("label_sasaran"),
        label_indikator=s.str("label_indikator"),
        tugas=s.str("tugas"),
        fungsi=tuple(f.strip() for f in fungsi),
        sasaran=tuple(sasaran),
        keputusan=_keputusan(s, jid, None),
    )


def _indikator(s: Section, jabatan_id: str, sasaran: str) -> Indikator:
    s.unknown_keys(
        {
            "id",
            "nama",
            "formulasi",
            "sumber_data",
            "jenis",
            "satuan",
            "polaritas",
            "agregasi",
            "variabel",
            "nilai_min",
            "nilai_maks",
            "akurasi",
            "keputusan",
            "per_kecamatan",
        }
    )
    iid = _ident(s)
    s = Section(s.data, s.file, f"indikator '{iid}'")
    jenis = s.choice("jenis", JENIS)
    variabel = []
    for n, raw in enumerate(s.list("variabel")):
        vs = Section(raw, s.file, f"{s.path}.variabel[{n}]")
        vs.unknown_keys({"id", "label", "peran"})
        variabel.append(
            Variabel(id=_ident(vs), label=vs.str("label"), peran=vs.choice("peran", PERAN))
        )
    ids = [v.id for v in variabel]
    if len(set(ids)) != len(ids):
        raise s.fail("variabel", "id variabel harus unik dalam satu indikator", ids)
    roles = [v.peran for v in variabel]
    if jenis == "persentase" and (
        "pembilang" not in roles or "penyebut" not in roles or "komponen" in roles
    ):
        raise s.fail(
            "variabel",
            "persentase butuh minimal satu pembilang dan satu penyebut, tanpa komponen",
            roles,
        )
    if jenis == "jumlah" and (not roles or set(roles) != {"komponen"}):
        raise s.fail("variabel", "jumlah butuh satu atau lebih komponen saja", roles)
    if jenis == "nilai" and roles != ["komponen"]:
        raise s.fail("variabel", "nilai butuh tepat satu komponen", roles)
    nilai_min = s.number("nilai_min", None)
    nilai_maks = s.number("nilai_maks", None)
    if jenis == "nilai" and (nilai_min is None or nilai_maks is None or nilai_min >= nilai_maks):
        raise s.fail(
            "nilai_maks", "indikator nilai butuh nilai_min < nilai_maks", (nilai_min, nilai_maks)
        )
    return Indikator(
        id=iid,
        nama=s.str("nama"),
        formulasi=s.str("formulasi"),
        sumber_data=s.str("sumber_data"),
        jenis=jenis,
        satuan=s.str("satuan"),
        polaritas=s.choice("polaritas", POLARITAS),
        agregasi=s.choice("agregasi", AGREGASI),
        variabel=tuple(variabel),
        jabatan_id=jabatan_id,
        sasaran=sasaran,
        nilai_min=nilai_min,
        nilai_maks=nilai_maks,
        akurasi=_akurasi(s, jenis),
        keputusan=_keputusan(s, jabatan_id, iid),
        per_kecamatan=s.bool("per_kecamatan", False),
    )


def _akurasi(s: Section, jenis: str) -> bool:
    akurasi = s.bool("akurasi", False)
    if akurasi and (jenis != "persentase" or s.data.get("polaritas") != "positif"):
        raise s.fail("akurasi", "hanya untuk indikator persentase berpolaritas positif", akurasi)
    return akurasi


def _check_references(catalog: Catalog, root: Section) -> None:
    seen_j: set[str] = set()
    seen_i: set[str] = set()
    seen_sheet: set[str] = set()
    for j in catalog.jabatan:
        js = Section({}, root.file, f"jabatan '{j.id}'")
        if j.id in seen_j:
            raise js.fail("id", "dipakai lebih dari satu jabatan", j.id)
        seen_j.add(j.id)
        if j.lembar.lower() in seen_sheet:
            raise js.fail("lembar", "harus unik (tanpa membedakan huruf besar/kecil)", j.lembar)
        seen_sheet.add(j.lembar.lower())
        for i in j.indikator:
            if i.id in seen_i:
                raise Section({}, root.file, f"indikator '{i.id}'").fail(
                    "id", "dipakai lebih dari satu indikator", i.id
                )
            seen_i.add(i.id)
    for j in catalog.jabatan:
        if j.atasan != BUPATI and j.atasan not in seen_j:
            raise Section({}, root.file, f"jabatan '{j.id}'").fail(
                "atasan", "harus id jabatan yang ada di katalog atau 'bupati'", j.atasan
            )


def load_targets(path: Path, catalog: Catalog) -> Targets:
    root = Section(load_toml(path), Path(path).name)
    root.unknown_keys({"tahun", "contoh", "target"})
    table = root.section("target")
    by_id: dict[str, Target] = {}
    for iid in table.data:
        if iid not in catalog.indikator_by_id:
            raise table.fail(iid, "bukan id indikator di katalog")
        s = table.section(iid)
        s.unknown_keys({"tahunan", "triwulan"})
        tahunan = s.number("tahunan")
        triwulan = None
        if "triwulan" in s.data:
            raw = s.list("triwulan")
            if len(raw) != 4 or not all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in raw
            ):
                raise s.fail("triwulan", "harus daftar 4 angka (target kumulatif TW I-IV)", raw)
            triwulan = tuple(float(x) for x in raw)
            if triwulan[3] != tahunan:
                raise s.fail("triwulan", "nilai TW IV harus sama dengan target tahunan", raw)
        if tahunan is None or (
            tahunan <= 0 and catalog.indikator_by_id[iid].polaritas == "positif"
        ):
            raise s.fail("tahunan", "harus angka positif", tahunan)
        by_id[iid] = Target(iid, tahunan, triwulan)
    missing = [i for i in catalog.indikator_by_id if i not in by_id]
    if missing:
        raise table.fail(
            missing[0],
            f"wajib ada: indikator tanpa target ({len(missing)}): " + ", ".join(missing[:5]),
        )
    return Targets(
        tahun=root.int("tahun", lo=2000, hi=2100), contoh=root.bool("contoh", False), by_id=by_id
    )
