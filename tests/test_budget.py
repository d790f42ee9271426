"""Budget office data: loading, hierarchy and pagu validation, key paths, findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.budget import budget_findings, load_budget
from pipeline.context import load_context
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

# A small budget for the real catalog, hand-summed in the tests below.
SMALL = """
tahun = 2026
sumber_dana = "APBD"
urusan = { kode = "2.12", nama = "Administrasi Kependudukan dan Pencatatan Sipil" }

[[program]]
kode = "2.12.02"
nama = "Program Pendaftaran Penduduk"
jabatan = "kepala_dinas"
indikator = ["kepemilikan_ktp_el"]

[[program.kegiatan]]
kode = "2.12.02.2.01"
nama = "Pelayanan Pendaftaran Penduduk"
jabatan = "kabid_dafduk"

[[program.kegiatan.sub_kegiatan]]
kode = "2.12.02.2.01.0001"
baris_id = "identitas"
nama = "Pelayanan Identitas Penduduk"
pagu = 365_400_000
jabatan = "kasi_identitas_penduduk"
indikator = ["ktp_el_tercetak"]

[[program.kegiatan.sub_kegiatan]]
kode = "2.12.02.2.01.0002"
baris_id = "pindah_datang"
nama = "Pelayanan Pindah Datang"
pagu = 96_750_000
jabatan = "kasi_pindah_datang"
keterangan = "APBD dan DAK"

[[program.kegiatan.sub_kegiatan]]
kode = "2.12.02.2.01.0004"
baris_id = "jemput_bola"
nama = "Jemput Bola KTP-el"
pagu = 0
jabatan = "kasi_identitas_penduduk"

[[program]]
kode = "2.12.03"
nama = "Program Pencatatan Sipil"
jabatan = "kepala_dinas"

[[program.kegiatan]]
kode = "2.12.03.2.01"
nama = "Pelayanan Pencatatan Sipil"

[[program.kegiatan.sub_kegiatan]]
kode = "2.12.03.2.01.0001"
baris_id = "kelahiran"
nama = "Pencatatan Kelahiran"
pagu = 158_300_001
jabatan = "kasi_kelahiran"
indikator = ["akta_kelahiran_wni"]
"""


@pytest.fixture(scope="module")
def catalog(real_ctx):
    return real_ctx.catalog


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "anggaran-2026.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sums_and_holders(tmp_path, catalog):
    b = load_budget(write(tmp_path, SMALL), catalog, 2026)
    assert [x.kode for x in b.lines] == [
        "2.12.02",
        "2.12.02.2.01",
        "2.12.02.2.01.0001",
        "2.12.02.2.01.0002",
        "2.12.02.2.01.0004",
        "2.12.03",
        "2.12.03.2.01",
        "2.12.03.2.01.0001",
    ]
    # 365.400.000 + 96.750.000 + 0 = 462.150.000; + 158.300.001 = 620.450.001
    assert b.by_kode["2.12.02.2.01"].pagu == 462_150_000
    assert b.by_kode["2.12.02"].pagu == 462_150_000
    assert b.by_kode["2.12.03"].pagu == 158_300_001
    assert b.total == 620_450_001
    assert b.total_held("kepala_dinas") == 620_450_001
    assert b.total_held("kasi_identitas_penduduk") == 365_400_000
    assert b.total_held("kabid_capil") == 0
    assert b.holder(b.by_kode["2.12.03.2.01"]) == "kepala_dinas"
    assert b.by_baris_id["pindah_datang"].keterangan == "APBD dan DAK"
    assert b.sumber_dana == "APBD" and not b.contoh


def test_nested_holding_counts_once(tmp_path, catalog):
    text = SMALL.replace(
        'nama = "Pelayanan Pendaftaran Penduduk"\njabatan = "kabid_dafduk"',
        'nama = "Pelayanan Pendaftaran Penduduk"\njabatan = "kepala_dinas"',
    )
    b = load_budget(write(tmp_path, text), catalog, 2026)
    assert [x.kode for x in b.held_by("kepala_dinas")] == ["2.12.02", "2.12.02.2.01", "2.12.03"]
    assert b.total_held("kepala_dinas") == 620_450_001


@pytest.mark.parametrize(
    ("old", "new", "key", "why"),
    [
        ("pagu = 0", "pagu = -5", "program[0].kegiatan[0].sub_kegiatan[2].pagu", "bulat"),
        ("pagu = 0", "pagu = 1.5", "program[0].kegiatan[0].sub_kegiatan[2].pagu", "bulat"),
        ("pagu = 0", 'pagu = "1.000.000"', "program[0].kegiatan[0].sub_kegiatan[2].pagu", "bulat"),
        ("pagu = 0\n", "", "program[0].kegiatan[0].sub_kegiatan[2].pagu", "wajib"),
        (
            'kode = "2.12.03.2.01.0001"',
            'kode = "2.12.02.2.01.0009"',
            "program[1].kegiatan[0].sub_kegiatan[0].kode",
            "2.12.03.2.01",
        ),
        ('kode = "2.12.03.2.01"', 'kode = "2.12.03.01"', "program[1].kegiatan[0].kode", "2.12.03"),
        ('kode = "2.12.03"', 'kode = "2.13.03"', "program[1].kode", "2.12"),
        (
            'kode = "2.12.02.2.01.0004"',
            'kode = "2.12.02.2.01.0001"',
            "program[0].kegiatan[0].sub_kegiatan[2].kode",
            "sudah dipakai",
        ),
        (
            'baris_id = "jemput_bola"',
            'baris_id = "identitas"',
            "program[0].kegiatan[0].sub_kegiatan[2].baris_id",
            "sudah dipakai",
        ),
        (
            'baris_id = "jemput_bola"',
            'baris_id = "Jemput__Bola"',
            "program[0].kegiatan[0].sub_kegiatan[2].baris_id",
            "huruf kecil",
        ),
        (
            'jabatan = "kasi_kelahiran"',
            'jabatan = "kasi_lahir"',
            "program[1].kegiatan[0].sub_kegiatan[0].jabatan",
            "jabatan",
        ),
        (
            'indikator = ["akta_kelahiran_wni"]',
            'indikator = ["akta_lahir"]',
            "program[1].kegiatan[0].sub_kegiatan[0].indikator[0]",
            "indikator",
        ),
        ("tahun = 2026", "tahun = 2025", "tahun", "2026"),
        (
            "pagu = 0",
            "pagu = 0\nrealisasi = 5",
            "program[0].kegiatan[0].sub_kegiatan[2].realisasi",
            "tidak dikenal",
        ),
    ],
)
def test_errors_name_the_key_path(tmp_path, catalog, old, new, key, why):
    assert old in SMALL
    with pytest.raises(ConfigError) as exc:
        load_budget(write(tmp_path, SMALL.replace(old, new, 1)), catalog, 2026)
    assert exc.value.key == key
    assert why in str(exc.value)
    assert exc.value.file == "anggaran-2026.toml"


def test_missing_file_names_the_config_key(tmp_path):
    from pipeline.pk import write_pk

    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = re.sub(
        r'(?m)^berkas = "data/anggaran-\{tahun\}.toml"', 'berkas = "x-{tahun}.toml"', text
    )
    text = text.replace('"pipeline/catalog/', f'"{ROOT}/pipeline/catalog/')
    for office_data in (
        "target-",
        "renstra",
        "standar",
        "kecamatan",
    ):  # the office data stays the repo's
        text = text.replace(f'"data/{office_data}', f'"{ROOT}/data/{office_data}')
    config.write_text(text, encoding="utf-8")
    ctx = load_context(config)
    with pytest.raises(ConfigError) as exc:
        write_pk(ctx, tahun=2026, output_root=tmp_path / "out")
    assert exc.value.key == "anggaran.berkas"
    assert "x-2026.toml" in str(exc.value)
    assert not (tmp_path / "out").exists()


def test_config_section_keys_checked(tmp_path):
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("[anggaran]\n", "[anggaran]\npagu = 1\n"), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_context(config)
    assert exc.value.key == "anggaran.pagu"


def test_findings(tmp_path, catalog):
    text = SMALL.replace("tahun = 2026", "tahun = 2026\ncontoh = true")
    # The Pencatatan Sipil kegiatan's only sub kegiatan loses its holder chain and indicator;
    # a Kasi Pindah Datang line claims a sibling Kasi's indicator.
    text = text.replace(
        'jabatan = "kepala_dinas"\n\n[[program.kegiatan]]\nkode = "2.12.03',
        ('\n[[program.kegiatan]]\nkode = "2.12.03'),
    )
    text = text.replace('jabatan = "kasi_kelahiran"\nindikator = ["akta_kelahiran_wni"]', "")
    text = text.replace('keterangan = "APBD dan DAK"', 'indikator = ["akta_kelahiran_wni"]')
    b = load_budget(write(tmp_path, text), catalog, 2026)
    found = {(f.code, f.severity.value, f.indikator) for f in budget_findings(b, catalog)}
    assert found == {
        ("sample-budget", "info", None),
        ("budget-line-unassigned", "warning", None),
        ("budget-no-indicator", "warning", None),
        ("budget-indicator-foreign", "warning", "akta_kelahiran_wni"),
    }
    foreign = next(f for f in budget_findings(b, catalog) if f.code.endswith("foreign"))
    assert "program[0].kegiatan[0].sub_kegiatan[1].indikator[0]" in foreign.message
    assert foreign.jabatan == "kasi_pindah_datang"
    assert foreign.file == "anggaran-2026.toml"


def test_superior_and_subordinate_indicators_are_not_foreign(tmp_path, catalog):
    # A Kasi line supporting the Kepala Dinas IKU, a program supporting a Kasi indicator.
    text = SMALL.replace('indikator = ["ktp_el_tercetak"]', 'indikator = ["kepemilikan_ktp_el"]')
    text = text.replace(
        'indikator = ["kepemilikan_ktp_el"]\n\n[[program.kegiatan]]',
        ('indikator = ["kia_tercetak"]\n\n[[program.kegiatan]]'),
        1,
    )
    b = load_budget(write(tmp_path, text), catalog, 2026)
    assert [f.code for f in budget_findings(b, catalog)] == []


def test_sample_budget_file_is_valid_and_plausible(real_ctx):
    path = real_ctx.config.anggaran_path(2026)
    assert path == ROOT / "data" / "anggaran-2026.toml"
    b = load_budget(path, real_ctx.catalog, 2026)
    assert b.contoh
    assert 3_000_000_000 <= b.total <= 15_000_000_000
    assert [f.code for f in budget_findings(b, real_ctx.catalog)] == ["sample-budget"]
    # Every sub kegiatan is held by a Kasi or Kasubbag; every jabatan holds something.
    assert all(
        real_ctx.catalog.jabatan_by_id[s.jabatan_id].nama.startswith("Kepala S")
        for s in b.sub_kegiatan
    )
    assert all(b.held_by(j.id) for j in real_ctx.catalog.jabatan)


def test_lines_supporting_indicators(tmp_path, catalog):
    b = load_budget(write(tmp_path, SMALL), catalog, 2026)
    # kepemilikan_ktp_el is on program 2.12.02: all three of its sub kegiatan support it.
    assert [x.baris_id for x in b.supporting(["kepemilikan_ktp_el"])] == [
        "identitas",
        "pindah_datang",
        "jemput_bola",
    ]
    assert b.pagu_supporting(["kepemilikan_ktp_el"]) == 462_150_000
    assert b.pagu_supporting(["ktp_el_tercetak"]) == 365_400_000
    # Both indicators of one sasaran: each sub kegiatan counted once.
    assert b.pagu_supporting(["kepemilikan_ktp_el", "ktp_el_tercetak"]) == 462_150_000
    assert b.pagu_supporting(["akta_kelahiran_wni", "ktp_el_tercetak"]) == 523_700_001
    assert b.supporting(["akurasi_database"]) == []
