"""The catalog: the full IKI book is complete and consistent; broken entries are named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT

from pipeline.catalog import load_catalog, load_targets
from pipeline.catalog.load import DEFAULT_CATALOG, ID_RE
from pipeline.catalog.model import AGREGASI, JENIS, PERAN, POLARITAS, UNITS
from pipeline.cli import cli
from pipeline.errors import ConfigError

EXPECTED_COUNTS = {
    "kepala_dinas": 3,
    "sekretaris": 1,
    "kasubbag_umum_kepegawaian": 2,
    "kasubbag_perencanaan_evaluasi": 1,
    "kasubbag_keuangan_aset": 1,
    "kabid_dafduk": 1,
    "kasi_identitas_penduduk": 3,
    "kasi_pindah_datang": 2,
    "kasi_pendataan_penduduk": 1,
    "kabid_capil": 3,
    "kasi_kelahiran": 8,
    "kasi_perkawinan_perceraian": 7,
    "kasi_perubahan_status_anak": 10,
    "kabid_piak": 2,
    "kasi_siak": 1,
    "kasi_pengolahan_penyajian_data": 2,
    "kasi_tata_kelola_sdm_tik": 1,
    "kabid_pdip": 2,
    "kasi_kerjasama": 1,
    "kasi_pemanfaatan_data": 1,
    "kasi_inovasi_pelayanan": 2,
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DEFAULT_CATALOG)


def test_all_jabatan_and_indicators(catalog) -> None:
    assert [j.id for j in catalog.jabatan] == list(EXPECTED_COUNTS)
    assert {j.id: len(j.indikator) for j in catalog.jabatan} == EXPECTED_COUNTS
    assert len(catalog.indikator) == 55


def test_every_indicator_is_fully_specified(catalog) -> None:
    for ind in catalog.indikator:
        assert ID_RE.match(ind.id), ind.id
        assert ind.jenis in JENIS and ind.polaritas in POLARITAS and ind.agregasi in AGREGASI
        assert ind.variabel and all(v.peran in PERAN for v in ind.variabel)
        assert ind.nama and ind.formulasi and ind.sumber_data and ind.satuan
        if ind.jenis == "persentase":
            assert ind.satuan == "%"
        for v in ind.variabel:
            # The form must say whether a number is a flow or a position at quarter end.
            expected = "posisi akhir triwulan" if ind.agregasi == "akhir" else "dalam triwulan"
            assert expected in v.label.lower(), (ind.id, v.label)


def test_hierarchy(catalog) -> None:
    by_id = catalog.jabatan_by_id
    assert by_id["kepala_dinas"].atasan == "bupati"
    assert by_id["kepala_dinas"].label_indikator == "Indikator Kinerja Utama"
    kabid = [j for j in catalog.jabatan if j.id.startswith("kabid_")]
    assert len(kabid) == 4 and all(j.atasan == "kepala_dinas" for j in kabid)
    assert all(
        by_id[j.atasan].atasan == "kepala_dinas"
        for j in catalog.jabatan
        if j.id.startswith(("kasi_", "kasubbag_"))
    )
    assert set(catalog.units()) == set(UNITS)


def test_source_repairs(catalog) -> None:
    text = json.dumps(catalog.to_dict(), ensure_ascii=False)
    for damaged in (
        "Presentase",
        "Kelurga",
        "seksie",
        "kerjasamam",
        "Terlaksanannya",
        "pewarganegaraa ",
        "INDIKATOR KI",
        "NERJA INDIVIDU",
        "¹",
        "**",
        "2019",
        "Pengganti KTP-el",
    ):
        assert damaged not in text, damaged
    kadis = catalog.jabatan_by_id["kepala_dinas"]
    assert len(kadis.fungsi) == 4
    ketepatan = catalog.jabatan_by_id["kabid_dafduk"].indikator[0]
    assert "{tahun}" in ketepatan.formulasi
    assert "2027" in ketepatan.formulasi_for(2027)
    assert len(ketepatan.by_role("pembilang")) == 4 and len(ketepatan.by_role("penyebut")) == 4
    # Every repair is recorded next to its entry.
    raw = DEFAULT_CATALOG.read_text(encoding="utf-8")
    assert raw.count("# Perbaikan") >= 20


def test_targets_cover_every_indicator(catalog) -> None:
    targets = load_targets(DEFAULT_CATALOG.parents[2] / "data" / "target-2026.toml", catalog)
    assert targets.contoh
    assert set(targets.by_id) == set(catalog.indikator_by_id)


def test_fingerprint_ignores_wording(tmp_path: Path) -> None:
    original = load_catalog(DATA / "mini-iki.toml")
    text = (DATA / "mini-iki.toml").read_text(encoding="utf-8")
    reworded = tmp_path / "iki.toml"
    reworded.write_text(
        text.replace("Memimpin dinas.", "Memimpin dinas dengan baik."), encoding="utf-8"
    )
    assert load_catalog(reworded).fingerprint == original.fingerprint
    restructured = tmp_path / "iki2.toml"
    restructured.write_text(
        text.replace('id = "wajib_ktp"', 'id = "wajib_ktp_el"'), encoding="utf-8"
    )
    assert load_catalog(restructured).fingerprint != original.fingerprint


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('id = "ketepatan_waktu"', 'id = "kepemilikan_ktp_el"', "indikator 'kepemilikan_ktp_el'"),
        (
            'peran = "penyebut" },\n]\n\n[[jabatan.sasaran.indikator]]\nid = "ketepatan_waktu"',
            'peran = "pembilang" },\n]\n\n[[jabatan.sasaran.indikator]]\nid = "ketepatan_waktu"',
            "indikator 'kepemilikan_ktp_el'.variabel",
        ),
        ('jenis = "nilai"', 'jenis = "skor"', "indikator 'nilai_akuntabilitas'.jenis"),
        ('agregasi = "rata_rata"', 'agregasi = "median"', "indikator 'rerata_antrian'.agregasi"),
        ('atasan = "kepala_dinas"', 'atasan = "kadis"', "jabatan 'sekretaris'.atasan"),
        ('id = "sekretaris"', 'id = "Sekretaris"', "jabatan[1].id"),
        (
            'lembar = "02 Sekretaris"',
            'lembar = "02 Sekretaris/Dinas"',
            "jabatan 'sekretaris'.lembar",
        ),
        ('lembar = "02 Sekretaris"', 'lembar = "Ringkasan"', "jabatan 'sekretaris'.lembar"),
        ("nilai_maks = 100", "nilai_maks = 0", "indikator 'nilai_akuntabilitas'.nilai_maks"),
    ],
)
def test_broken_catalog_names_the_entry(tmp_path: Path, old: str, new: str, needle: str) -> None:
    text = (DATA / "mini-iki.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "iki.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_catalog(path)
    assert exc.value.key.startswith(needle), exc.value.key


def test_missing_target_is_named(tmp_path: Path) -> None:
    catalog = load_catalog(DATA / "mini-iki.toml")
    text = (DATA / "mini-target-2026.toml").read_text(encoding="utf-8")
    path = tmp_path / "t.toml"
    path.write_text(
        re.sub(r"\[target\.rerata_antrian\]\ntahunan = 30\n", "", text), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as exc:
        load_targets(path, catalog)
    assert exc.value.key == "target.rerata_antrian"


def test_catalog_json_shape() -> None:
    result = CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "catalog", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["jabatan"]) == 21
    indikator = [i for j in data["jabatan"] for i in j["indikator"]]
    assert len(indikator) == 55
    for j in data["jabatan"]:
        assert {"id", "nama", "atasan", "indikator"} <= set(j)
    for i in indikator:
        assert {"id", "nama", "jenis", "satuan", "polaritas", "agregasi", "variabel"} <= set(i)
        for v in i["variabel"]:
            assert set(v) == {"id", "label", "peran"}


def test_catalog_summary_cli() -> None:
    result = CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "catalog"])
    assert result.exit_code == 0, result.output
    assert "21 jabatan, 55 indikator" in result.output


def test_cli_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["catalog", "--bogus"])
    assert result.exit_code == 2
