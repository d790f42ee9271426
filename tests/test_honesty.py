"""Issue 11: completeness, consistency between jabatan, catalog decisions, honest averages,
accuracy-type indicators, the Pimpinan unit and the source wording. Expectations by hand."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT

from pipeline.catalog import load_catalog
from pipeline.catalog.model import UNITS
from pipeline.cli import cli
from pipeline.config import DEFAULT_BANDS, AverageRule, PredicateScale
from pipeline.context import Context
from pipeline.engine.achievement import achievement
from pipeline.engine.summary import describe_rule, summarize
from pipeline.errors import ConfigError
from pipeline.honesty.completeness import (
    completeness_findings,
    expected_quarters,
    submission_summary,
)
from pipeline.honesty.consistency import consistency_findings
from pipeline.honesty.decisions import load_confirmed, unconfirmed_finding

SCALE = PredicateScale(DEFAULT_BANDS)


def facts(rows: list[tuple[int, str, str, float]], ctx: Context) -> pd.DataFrame:
    """(triwulan, indikator, variabel, nilai) -> a facts frame with provenance."""
    out = []
    for n, (q, iid, vid, x) in enumerate(rows):
        ind = ctx.catalog.indikator_by_id[iid]
        jab = ctx.catalog.jabatan_by_id[ind.jabatan_id]
        out.append(
            {
                "tahun": 2026,
                "triwulan": q,
                "jabatan_id": jab.id,
                "indikator_id": iid,
                "variabel_id": vid,
                "wilayah": "*",
                "nilai": x,
                "berkas": f"IKI-2026-TW{q}-{jab.id}.xlsx",
                "sha256": "0" * 64,
                "lembar": jab.lembar,
                "sel": f"F{10 + n}",
            }
        )
    return pd.DataFrame(out)


def fill_jabatan(ctx: Context, jabatan_id: str, q: int) -> list[tuple[int, str, str, float]]:
    j = ctx.catalog.jabatan_by_id[jabatan_id]
    return [(q, i.id, v.id, 1.0) for i in j.indikator for v in i.variabel]


# --- 1. completeness ---------------------------------------------------------------------


def test_missing_quarter_names_jabatan_holder_and_quarter(real_ctx: Context) -> None:
    rows = fill_jabatan(real_ctx, "kasi_pendataan_penduduk", 1) + fill_jabatan(
        real_ctx, "kepala_dinas", 1
    )
    rows += fill_jabatan(real_ctx, "kepala_dinas", 2)
    got = completeness_findings(
        real_ctx.catalog, facts(rows, real_ctx), [1, 2], real_ctx.config.pejabat
    )
    missing = [f for f in got if f.code == "quarter-not-reported"]
    # 21 jabatan x 2 quarters, minus the 3 jabatan-quarters sent
    assert len(missing) == 39
    mine = [f for f in missing if f.jabatan == "kasi_pendataan_penduduk"]
    assert [f.triwulan for f in mine] == [2]
    assert mine[0].severity == "warning"
    assert "Kepala Seksi Pendataan Penduduk (Plt. Nurhayati, S.Sos.) belum mengirim TW II" in (
        mine[0].message
    )
    assert not [f for f in got if f.code == "indicator-not-reported"]


def test_indicator_blank_in_a_sent_quarter_is_named(real_ctx: Context) -> None:
    rows = [
        (1, "kepemilikan_ktp_el", "pemilik_ktp_el", 700.0),
        (1, "kepemilikan_ktp_el", "wajib_ktp", 742.0),
        (1, "cakupan_akta_capil", "pemilik_akta_capil", float("nan")),
    ]
    got = completeness_findings(
        real_ctx.catalog, facts(rows, real_ctx), [1], real_ctx.config.pejabat
    )
    blank = [f for f in got if f.code == "indicator-not-reported"]
    assert [f.indikator for f in blank] == ["cakupan_akta_capil", "akurasi_database"]
    assert blank[0].file == "IKI-2026-TW1-kepala_dinas.xlsx"
    assert "Kepala Dinas (Drs. Hendra Wijayakusuma, M.Si.)" in blank[0].message


def test_submission_summary_says_who_has_not_sent(real_ctx: Context) -> None:
    rows = [r for j in real_ctx.catalog.jabatan for r in fill_jabatan(real_ctx, j.id, 1)]
    rows += [
        r
        for j in real_ctx.catalog.jabatan
        if j.id != "kasi_kelahiran"
        for r in fill_jabatan(real_ctx, j.id, 2)
    ]
    values = facts(rows, real_ctx)
    assert expected_quarters(values, None) == [1, 2]
    lines = submission_summary(real_ctx.catalog, values, [1, 2], real_ctx.config.pejabat)
    assert lines == [
        "Kiriman TW I: 21 dari 21 jabatan mengirim; lengkap.",
        "Kiriman TW II: 20 dari 21 jabatan mengirim; belum mengirim: Kepala Seksi Kelahiran "
        "(Siti Aminah, S.H.).",
    ]


# --- 3. averages -------------------------------------------------------------------------


def current(rows: list[tuple[str, float, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indikator_id", "capaian", "predikat", "status"])


def test_mean_counts_each_capaian_at_most_the_ceiling() -> None:
    cur = current(
        [
            ("a", 150.0, "Sangat Tinggi", "ok"),
            ("b", 50.0, "Sangat Rendah", "ok"),
            ("c", 80.25, None, "tidak_lengkap"),
            ("d", math.nan, None, "belum_dilaporkan"),
            ("e", math.nan, None, "penyebut_nol"),
        ]
    )
    got = summarize(cur, ["a", "b", "c", "d", "e"], SCALE, AverageRule())
    # (min(150, 100) + 50) / 2 = 75; c provisional, d and e without a figure: left out
    assert (got.rata_capaian, got.berangka, got.jumlah) == (75.0, 2, 5)
    assert (got.tanpa_angka, got.tidak_lengkap, got.dibatasi) == (2, 1, 1)
    raw = summarize(cur, ["a", "b"], SCALE, AverageRule("tanpa_batas"))
    assert raw.rata_capaian == 100.0  # (150 + 50) / 2
    text = describe_rule(AverageRule(), got)
    assert "setiap capaian dihitung paling tinggi 100 %" in text
    assert "2 indikator tanpa angka dan 1 indikator dengan data tidak lengkap tidak dihitung." in (
        text
    )
    assert "1 capaian di atas batas dihitung sebesar batasnya." in text


def test_average_rule_is_a_setting_with_key_path(tmp_path: Path) -> None:
    from conftest import write_config

    from pipeline.config import load_config

    path = write_config(
        tmp_path,
        catalog=ROOT / "pipeline/catalog/iki.toml",
        target=ROOT / "data/target-{tahun}.toml",
        replace={r'^metode = "dibatasi"': 'metode = "median"'},
    )
    with pytest.raises(ConfigError, match=r"rata_rata\.metode"):
        load_config(path)
    path = write_config(
        tmp_path,
        catalog=ROOT / "pipeline/catalog/iki.toml",
        target=ROOT / "data/target-{tahun}.toml",
        replace={r"^batas_atas = 100$": "batas_atas = 110"},
    )
    assert load_config(path).rata_rata.batas_atas == 110.0


# --- 4. semantics ------------------------------------------------------------------------


def test_accuracy_above_100_is_not_better() -> None:
    # 102 % of the population in the database is 2 points off: counted as 98 %,
    # 98 / 98 x 100 = 100, never above.
    over = achievement(Fraction(102), 98.0, "positif", scale=SCALE, akurasi=True)
    assert over.capaian == 100.0
    assert over.notes and "98.0 %" in over.notes[0]
    # 115 % counts as 85 %: 85 / 98 x 100 = 86.7346... -> 86.73 (Tinggi)
    far = achievement(Fraction(115), 98.0, "positif", scale=SCALE, akurasi=True)
    assert (far.capaian, far.predikat) == (86.73, "Tinggi")
    # 99.5 / 98 x 100 = 101.53: an accuracy cannot score above 100
    near = achievement(Fraction("99.5"), 98.0, "positif", scale=SCALE, akurasi=True)
    assert near.capaian == 100.0
    plain = achievement(Fraction(102), 98.0, "positif", scale=SCALE)
    assert plain.capaian == 104.08  # 102 / 98 x 100 = 104.0816...


def test_catalog_declares_akurasi_database_as_accuracy(real_ctx: Context) -> None:
    flagged = [i.id for i in real_ctx.catalog.indikator if i.akurasi]
    assert flagged == ["akurasi_database"]
    as_json = real_ctx.catalog.to_dict()
    kadis = as_json["jabatan"][0]
    assert [i["akurasi"] for i in kadis["indikator"]] == [False, False, True]


# --- 2. units, 7. wording ----------------------------------------------------------------


def test_kepala_dinas_has_his_own_unit(real_ctx: Context) -> None:
    units = real_ctx.catalog.units()
    assert next(iter(UNITS)) == "pimpinan"
    assert [j.id for j in units["pimpinan"]] == ["kepala_dinas"]
    assert "kepala_dinas" not in [j.id for j in units["sekretariat"]]


def test_sasaran_keep_the_source_wording(real_ctx: Context) -> None:
    sasaran = {s.nama for j in real_ctx.catalog.jabatan for s in j.sasaran}
    for source in (
        "Meningkatkan Kualitas Pelayanan Pencatatan Sipil dan Penataan Arsip Catatan Sipil",
        "Terlaksanakannya Pendataan Penduduk Rentan, Disabilitas dan Daerah KAT",
        "Meningkatnya tata kelola Dinas Kependudukan dan Pencatatan Sipil yang baik, bersih "
        "dan akuntable",
    ):
        assert source in sasaran
    assert real_ctx.catalog.indikator_by_id["cakupan_akta_capil"].nama == (
        "Cakupan Kepemilikan Akte Catatan Sipil"
    )
    umum = real_ctx.catalog.jabatan_by_id["kasubbag_umum_kepegawaian"]
    assert "tatalaksana Badan" in umum.tugas
    assert [k.id for k in umum.keputusan] == ["kasubbag_umum_kepegawaian.teks"]
    assert "humas dan protokol" in umum.keputusan[0].uraian


def test_wording_does_not_change_the_fingerprint(tmp_path: Path) -> None:
    text = (ROOT / "pipeline/catalog/iki.toml").read_text(encoding="utf-8")
    changed = text.replace("Meningkatkan Kualitas", "Meningkatnya Kualitas").replace(
        'uraian = "data valid tidak', 'uraian = "angka data valid tidak'
    )
    assert changed != text
    (tmp_path / "iki.toml").write_text(changed, encoding="utf-8")
    assert load_catalog(tmp_path / "iki.toml").fingerprint == load_catalog().fingerprint


# --- 5. decisions ------------------------------------------------------------------------


def test_decisions_are_data_with_unique_ids(real_ctx: Context) -> None:
    ids = [k.id for k in real_ctx.catalog.keputusan]
    assert len(ids) == len(set(ids)) == 57
    for invented in (
        "nilai_akuntabilitas.formulasi",
        "administrasi_mutasi_penduduk.formulasi",
        "peningkatan_kapasitas_asn.formulasi",
        "pelayanan_jempol_kanan.formulasi",
        "database_valid.penyebut",
        "pegawai_berkualitas.penyebut",
        "akurasi_database.polaritas",
    ):
        assert invented in ids


def test_confirmed_ids_come_from_office_data(real_ctx: Context, tmp_path: Path) -> None:
    path = tmp_path / "keputusan.toml"
    path.write_text('dikonfirmasi = ["nilai_akuntabilitas.formulasi"]\n', encoding="utf-8")
    confirmed = load_confirmed(path, real_ctx.catalog)
    assert confirmed == {"nilai_akuntabilitas.formulasi"}
    [finding] = unconfirmed_finding(real_ctx.catalog, confirmed, "keputusan.toml")
    assert (finding.code, finding.severity) == ("decisions-unconfirmed", "info")
    assert finding.message.startswith("56 keputusan katalog belum dikonfirmasi kantor: ")
    assert "nilai_akuntabilitas.formulasi" not in finding.message
    assert load_confirmed(tmp_path / "none.toml", real_ctx.catalog) == frozenset()
    path.write_text('dikonfirmasi = ["nilai_akuntabilitas.formulasi", "salah"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"dikonfirmasi\[1\]"):
        load_confirmed(path, real_ctx.catalog)
    everything = frozenset(k.id for k in real_ctx.catalog.keputusan)
    assert unconfirmed_finding(real_ctx.catalog, everything, "keputusan.toml") == []


def test_catalog_decisions_command() -> None:
    runner = CliRunner()
    args = ["--config", str(ROOT / "config.toml"), "catalog", "--decisions", "--json"]
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) == 57 and not any(r["dikonfirmasi"] for r in rows)
    assert rows[0]["id"] == "kepemilikan_ktp_el.formulasi"
    # A list, readable in a narrow terminal (a table would squeeze the descriptions).
    res = runner.invoke(cli, args[:-1], env={"COLUMNS": "80"})
    assert res.exit_code == 0
    assert "nilai_akuntabilitas.formulasi  [formulasi]  belum dikonfirmasi" in res.output
    assert "Sumber tanpa formulasi: ditulis sebagai nilai hasil evaluasi SAKIP" in res.output
    assert "57 keputusan, 57 belum dikonfirmasi" in " ".join(res.output.split())


# --- 6. consistency ----------------------------------------------------------------------


def test_section_count_above_the_bidang_total_names_both_cells(real_ctx: Context) -> None:
    rows = [
        (1, "jumlah_data_valid", "data_valid", 1_020_000.0),
        (1, "database_valid", "data_seluruh", 1_018_000.0),
        (1, "akurasi_database", "penduduk_database", 1_030_000.0),
    ]
    got = consistency_findings(real_ctx.catalog, facts(rows, real_ctx))
    assert [f.code for f in got] == ["consistency-exceeds"]
    f = got[0]
    assert (f.file, f.sheet, f.cell, f.triwulan) == (
        "IKI-2026-TW1-kasi_pengolahan_penyajian_data.xlsx",
        "16 Seksi Pengolahan Data",
        "F10",
        1,
    )
    assert "= 1.020.000" in f.message and "melebihi" in f.message
    assert "IKI-2026-TW1-kabid_piak.xlsx › " in f.message and "› F11)" in f.message


def test_bidang_count_equals_the_sum_of_its_sections(real_ctx: Context) -> None:
    rows = [
        (2, "dokumen_kelahiran_arsip", "arsip_ditata", 500.0),
        (2, "penataan_arsip_capil", "arsip_fisik", 200.0),
        (2, "penataan_arsip_capil", "arsip_elektronik", 250.0),
        (2, "dokumen_perkawinan_perceraian", "dokumen_perkawinan", 510.0),
        (2, "akta_perkawinan", "akta_perkawinan_terbit", 510.0),
        # a blank side says nothing: no finding for the kematian rule
        (2, "pelayanan_status_anak_kematian", "kematian", 300.0),
        (2, "akta_kematian", "akta_kematian_terbit", float("nan")),
    ]
    got = consistency_findings(real_ctx.catalog, facts(rows, real_ctx))
    assert [f.code for f in got] == ["consistency-sum-mismatch"]
    assert "= 500" in got[0].message and "(jumlah 450)" in got[0].message
    assert got[0].indikator == "dokumen_kelahiran_arsip"


def test_draft_documents_mark_unconfirmed_decisions(real_ctx: Context) -> None:
    import dataclasses

    from report_fixtures import synthetic_model

    from pipeline.documents import view

    draft = synthetic_model(real_ctx, triwulan=4, draft=True)
    sekretaris = real_ctx.catalog.jabatan_by_id["sekretaris"]
    [row] = view.iki(draft, sekretaris)["rows"]
    assert row.catatan == [
        "Keputusan katalog belum dikonfirmasi kantor: Sumber tanpa formulasi: ditulis sebagai "
        "nilai hasil evaluasi SAKIP Dinas (skala 0-100). Sumber tanpa sumber data: diisi "
        "Laporan Hasil Evaluasi SAKIP (Inspektorat Daerah). Stok: nilai evaluasi terakhir "
        "yang diterima; triwulan tanpa evaluasi baru mengulang nilai terakhir."
    ]
    confirmed = dataclasses.replace(
        draft,
        keputusan_dikonfirmasi=frozenset(k.id for k in real_ctx.catalog.keputusan),
    )
    assert view.iki(confirmed, sekretaris)["rows"][0].catatan == []
    umum = view.iki(draft, real_ctx.catalog.jabatan_by_id["kasubbag_umum_kepegawaian"])
    assert umum["catatan_jabatan"][0].startswith(
        "Keputusan katalog belum dikonfirmasi kantor: Fungsi b terpotong"
    )
    official = dataclasses.replace(draft, draft=False)
    assert view.iki(official, sekretaris)["rows"][0].catatan == []


# --- 1 and 8 through the command line ---------------------------------------------------


def test_report_names_who_has_not_sent_and_counts_workbooks_read(
    mini_config: Path, mini_ctx: Context, tmp_path: Path
) -> None:
    from test_report_run import CLEAN, returned_workbook

    from pipeline.template import input_name

    returned_workbook(mini_ctx, tmp_path, 1)
    blank_sekretaris = {
        input_name(i, v, 2): None
        for i in ("nilai_akuntabilitas", "jumlah_sosialisasi", "keluhan_layanan", "rerata_antrian")
        for v in CLEAN[i]
    }
    returned_workbook(mini_ctx, tmp_path, 2, blank_sekretaris)
    args = ["--config", str(mini_config), "report", "--quarter", "2"]
    args += ["--input", str(tmp_path / "input"), "--output", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, "--date", "2026-07-06"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Kiriman TW I: 2 dari 2 jabatan mengirim; lengkap." in out
    assert (
        "Kiriman TW II: 1 dari 2 jabatan mengirim; belum mengirim: Sekretaris Dinas "
        "(Sri Rahayuningsih, S.Sos., M.AP.)." in out
    )
    assert "quarter-not-reported" in out
    # Two workbooks were read (neither has a finding of its own: the old count said 0).
    assert "2 berkas diperiksa: 0 galat," in out
    hasil = pd.read_csv(tmp_path / "out" / "2026-TW2" / "hasil.csv", keep_default_na=False)
    sek = hasil[(hasil.jabatan_id == "sekretaris") & (hasil.triwulan == 2)]
    assert set(sek.status) == {"tidak_lengkap"} and set(sek.predikat) == {""}


def test_totals_can_weigh_every_jabatan_the_same() -> None:
    from pipeline.engine.summary import summarize_groups

    cur = current(
        [
            ("a1", 100.0, "Sangat Tinggi", "ok"),
            ("a2", 100.0, "Sangat Tinggi", "ok"),
            ("a3", 100.0, "Sangat Tinggi", "ok"),
            ("b1", 40.0, "Sangat Rendah", "ok"),
        ]
    )
    groups = [["a1", "a2", "a3"], ["b1"]]
    # per indikator: (100 + 100 + 100 + 40) / 4 = 85; per jabatan: (100 + 40) / 2 = 70
    assert summarize_groups(cur, groups, SCALE, AverageRule()).rata_capaian == 85.0
    by_jabatan = summarize_groups(cur, groups, SCALE, AverageRule(bobot="jabatan"))
    assert (by_jabatan.rata_capaian, by_jabatan.jumlah, by_jabatan.berangka) == (70.0, 4, 4)
    assert "rata-rata dari rata-rata tiap jabatan" in describe_rule(AverageRule(bobot="jabatan"))
