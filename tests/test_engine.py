"""The engine: golden values computed by hand (arithmetic in the comments) on the mini catalog."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog import Target, load_catalog, load_targets
from pipeline.config import DEFAULT_BANDS, PredicateScale
from pipeline.context import Context
from pipeline.engine import compute, round_half_up
from pipeline.report.model import RESULT_COLUMNS

CATALOG = load_catalog(DATA / "mini-iki.toml")
TARGETS = load_targets(DATA / "mini-target-2026.toml", CATALOG)
SCALE = PredicateScale(DEFAULT_BANDS)

Report = tuple[int, str, dict[str, float | None]]


def values(*reports: Report, tahun: int = 2026) -> pd.DataFrame:
    """The reader's frame: one row per given variable; None is a blank cell (NaN).

    A variable left out of the dict has no row at all (its jabatan did not submit).
    """
    rows = []
    for q, iid, inputs in reports:
        ind = CATALOG.indikator_by_id[iid]
        assert set(inputs) <= {v.id for v in ind.variabel}, inputs
        for n, (vid, x) in enumerate(inputs.items()):
            rows.append(
                {
                    "tahun": tahun,
                    "triwulan": q,
                    "jabatan_id": ind.jabatan_id,
                    "indikator_id": iid,
                    "variabel_id": vid,
                    "nilai": math.nan if x is None else float(x),
                    "berkas": f"IKI-{tahun}-TW{q}.xlsx",
                    "sha256": "0" * 64,
                    "lembar": CATALOG.jabatan_by_id[ind.jabatan_id].lembar,
                    "sel": f"F{10 + n}",
                }
            )
    return pd.DataFrame(rows)


def run(*reports: Report, triwulan: int, targets=TARGETS, cap: float | None = None):
    return compute(CATALOG, targets, values(*reports), triwulan=triwulan, scale=SCALE, cap=cap)


def row(result: pd.DataFrame, iid: str, q: int) -> pd.Series:
    rows = result[(result["indikator_id"] == iid) & (result["triwulan"] == q)]
    assert len(rows) == 1
    return rows.iloc[0]


def with_target(iid: str, tahunan: float, triwulan=None):
    return dataclasses.replace(
        TARGETS, by_id={**TARGETS.by_id, iid: Target(iid, tahunan, triwulan)}
    )


def ktp(q: int, memiliki: float | None, wajib: float | None) -> Report:
    return (q, "kepemilikan_ktp_el", {"memiliki_ktp_el": memiliki, "wajib_ktp": wajib})


def tepat(q: int, ktp_t, kk_t, ktp_d, kk_d) -> Report:
    return (
        q,
        "ketepatan_waktu",
        {"ktp_tepat": ktp_t, "kk_tepat": kk_t, "ktp_daftar": ktp_d, "kk_daftar": kk_d},
    )


def keluhan(q: int, k: float | None, layanan: float | None) -> Report:
    return (q, "keluhan_layanan", {"keluhan": k, "layanan": layanan})


# --- shape ------------------------------------------------------------------------------


def test_columns_rows_and_catalog_fields() -> None:
    result = run(triwulan=3)
    assert list(result.columns) == RESULT_COLUMNS
    # one row per indicator in catalog order, quarters 1..3 within each
    expected = [(i.id, q) for i in CATALOG.indikator for q in (1, 2, 3)]
    assert list(zip(result["indikator_id"], result["triwulan"], strict=True)) == expected
    r = row(result, "kepemilikan_ktp_el", 3)
    assert r["jabatan_id"] == "kepala_dinas"
    assert r["jabatan"] == "Kepala Dinas"
    assert r["unit"] == "sekretariat"
    assert r["sasaran"] == "Meningkatnya kualitas pelayanan"
    assert r["indikator"] == "Persentase Kepemilikan KTP-el"
    assert (r["jenis"], r["satuan"], r["polaritas"], r["agregasi"]) == (
        "persentase",
        "%",
        "positif",
        "akhir",
    )
    # cumulative quarterly target where given, else the annual one
    assert (r["target"], r["target_tahunan"]) == (97.0, 98.0)
    assert row(result, "ketepatan_waktu", 2)[["target", "target_tahunan"]].tolist() == [90, 90]
    assert row(result, "jumlah_sosialisasi", 2)["target"] == 6.0
    assert result["predikat"].dtype == object


def test_nothing_reported_is_belum_dilaporkan_never_zero() -> None:
    result = compute(CATALOG, TARGETS, pd.DataFrame(), triwulan=2, scale=SCALE)
    assert len(result) == 2 * len(CATALOG.indikator)
    assert (result["status"] == "belum_dilaporkan").all()
    assert (result["catatan"] == "Belum dilaporkan").all()
    for col in ("realisasi_triwulan", "realisasi", "capaian"):
        assert result[col].isna().all()
    assert result["predikat"].map(lambda p: p is None).all()


# --- stock, flow, multi-component ---------------------------------------------------------


def test_stock_ratio_takes_the_latest_quarter_not_the_sum() -> None:
    # TW I 950/1000 = 95 %; TW II 1940/2000 = 97 %.
    result = run(ktp(1, 950, 1000), ktp(2, 1940, 2000), triwulan=2)
    q1, q2 = row(result, "kepemilikan_ktp_el", 1), row(result, "kepemilikan_ktp_el", 2)
    assert (q1["realisasi_triwulan"], q1["realisasi"]) == (95.0, 95.0)
    # capaian TW I: 95 / 96 x 100 = 98.9583... -> 98.96
    assert q1["capaian"] == 98.96
    assert q2["realisasi_triwulan"] == 97.0
    assert q2["realisasi"] == 97.0  # the position at TW II
    assert q2["realisasi"] != pytest.approx((950 + 1940) / (1000 + 2000) * 100)  # 96.33 (sum)
    # capaian TW II: 97 / 96.5 x 100 = 100.5181... -> 100.52
    assert q2["capaian"] == 100.52
    assert (q2["predikat"], q2["status"], q2["catatan"]) == ("Sangat Tinggi", "ok", "")


def test_flow_ratio_is_sum_over_sum_not_mean_of_percentages() -> None:
    # TW I: (30 + 15) / (32 + 18) = 45/50 = 90 %; TW II: (6 + 4) / (12 + 8) = 10/20 = 50 %.
    result = run(tepat(1, 30, 15, 32, 18), tepat(2, 6, 4, 12, 8), triwulan=2)
    q1, q2 = row(result, "ketepatan_waktu", 1), row(result, "ketepatan_waktu", 2)
    assert q1["realisasi_triwulan"] == 90.0
    assert q2["realisasi_triwulan"] == 50.0
    # to date: (45 + 10) / (50 + 20) x 100 = 55/70 x 100 = 78.5714...
    assert q2["realisasi"] == pytest.approx(78.57142857142857, rel=1e-15)
    mean_of_percentages = (90.0 + 50.0) / 2  # 70 %
    assert q2["realisasi"] != pytest.approx(mean_of_percentages)
    # capaian: 78.5714... / 90 x 100 = 87.3015... -> 87.30, Tinggi (76 - < 91)
    assert (q2["capaian"], q2["predikat"], q2["status"]) == (87.30, "Tinggi", "ok")


def test_multi_component_ratio_sums_components_first() -> None:
    # (30 + 15) / (32 + 18) x 100 = 90 %; NOT the mean of 30/32 = 93.75 % and 15/18 = 83.33 %.
    q1 = row(run(tepat(1, 30, 15, 32, 18), triwulan=1), "ketepatan_waktu", 1)
    assert q1["realisasi"] == 90.0
    assert q1["realisasi"] != pytest.approx((30 / 32 + 15 / 18) / 2 * 100)  # 88.54
    # capaian 90 / 90 x 100 = 100.00
    assert (q1["capaian"], q1["predikat"]) == (100.0, "Sangat Tinggi")


def test_multi_component_count_summed_over_quarters() -> None:
    # TW I: desa 2 + sekolah 1 = 3; TW II: 1 + 3 = 4; to date 3 + 4 = 7.
    result = run(
        (1, "jumlah_sosialisasi", {"sosialisasi_desa": 2, "sosialisasi_sekolah": 1}),
        (2, "jumlah_sosialisasi", {"sosialisasi_desa": 1, "sosialisasi_sekolah": 3}),
        triwulan=2,
    )
    q1, q2 = row(result, "jumlah_sosialisasi", 1), row(result, "jumlah_sosialisasi", 2)
    assert (q1["realisasi_triwulan"], q1["realisasi"], q1["capaian"]) == (3.0, 3.0, 100.0)
    assert (q2["realisasi_triwulan"], q2["realisasi"]) == (4.0, 7.0)
    # capaian TW II against the cumulative target 6: 7 / 6 x 100 = 116.666... -> 116.67
    assert q2["capaian"] == 116.67


def test_rata_rata_is_the_mean_of_reported_quarters() -> None:
    # rerata_antrian (negatif, target 30): TW I 20, TW II 25, TW III not reported.
    result = run(
        (1, "rerata_antrian", {"menit_antrian": 20}),
        (2, "rerata_antrian", {"menit_antrian": 25}),
        triwulan=3,
    )
    q2, q3 = row(result, "rerata_antrian", 2), row(result, "rerata_antrian", 3)
    # (20 + 25) / 2 = 22.5; capaian (2 x 30 - 22.5) / 30 x 100 = 37.5/30 x 100 = 125
    assert (q2["realisasi_triwulan"], q2["realisasi"], q2["capaian"]) == (25.0, 22.5, 125.0)
    assert q2["status"] == "ok"
    assert math.isnan(q3["realisasi_triwulan"])
    assert (q3["realisasi"], q3["capaian"], q3["status"]) == (22.5, 125.0, "tidak_lengkap")
    assert (
        q3["catatan"] == "Dihitung dari TW I, TW II; TW III belum dilaporkan; "
        "Capaian sementara (data tidak lengkap), tanpa predikat"
    )


def test_nilai_is_the_value_entered() -> None:
    # nilai_akuntabilitas (akhir, target 70): TW I blank, TW II 72.35.
    result = run(
        (1, "nilai_akuntabilitas", {"nilai_sakip": None}),
        (2, "nilai_akuntabilitas", {"nilai_sakip": 72.35}),
        triwulan=2,
    )
    q1, q2 = row(result, "nilai_akuntabilitas", 1), row(result, "nilai_akuntabilitas", 2)
    assert (q1["status"], q1["catatan"]) == ("belum_dilaporkan", "Belum dilaporkan")
    assert math.isnan(q1["realisasi"])
    # 72.35 / 70 x 100 = 103.357142... -> 103.36; an earlier blank does not matter for a stock
    assert (q2["realisasi"], q2["capaian"], q2["status"]) == (72.35, 103.36, "ok")


# --- missing quarters, blanks, zero -------------------------------------------------------


def test_missing_quarter_in_a_flow() -> None:
    # TW I 45/50, TW II not submitted, TW III 10/20.
    result = run(tepat(1, 30, 15, 32, 18), tepat(3, 6, 4, 12, 8), triwulan=3)
    q2, q3 = row(result, "ketepatan_waktu", 2), row(result, "ketepatan_waktu", 3)
    # TW II: no quarter value; to date from TW I alone: 45/50 = 90 %
    assert math.isnan(q2["realisasi_triwulan"])
    assert (q2["realisasi"], q2["status"]) == (90.0, "tidak_lengkap")
    assert (
        q2["catatan"] == "Dihitung dari TW I; TW II belum dilaporkan; "
        "Capaian sementara (data tidak lengkap), tanpa predikat"
    )
    # TW III: (45 + 10) / (50 + 20) = 78.5714...; capaian 87.30 still given
    assert q3["realisasi"] == pytest.approx(55 / 70 * 100, rel=1e-15)
    assert (q3["capaian"], q3["status"]) == (87.30, "tidak_lengkap")
    assert q3["catatan"] == (
        "Dihitung dari TW I, TW III; TW II belum dilaporkan; "
        "Capaian sementara (data tidak lengkap), tanpa predikat"
    )


def test_missing_quarter_in_a_stock_keeps_the_last_position() -> None:
    # TW I 950/1000 = 95 %; TW II not submitted.
    q2 = row(run(ktp(1, 950, 1000), triwulan=2), "kepemilikan_ktp_el", 2)
    assert math.isnan(q2["realisasi_triwulan"])
    # position of TW I against the TW II target: 95 / 96.5 x 100 = 98.4455... -> 98.45
    assert (q2["realisasi"], q2["capaian"]) == (95.0, 98.45)
    assert q2["status"] == "tidak_lengkap"
    assert (
        q2["catatan"] == "Memakai posisi TW I (TW II belum dilaporkan); "
        "Capaian sementara (data tidak lengkap), tanpa predikat"
    )


def test_blank_is_not_zero() -> None:
    # Reported zeros: 0 + 0 of 10 + 5 -> 0 %, a real figure with capaian 0 and a predicate.
    zero = row(run(tepat(1, 0, 0, 10, 5), triwulan=1), "ketepatan_waktu", 1)
    assert (zero["realisasi_triwulan"], zero["realisasi"], zero["capaian"]) == (0.0, 0.0, 0.0)
    assert (zero["predikat"], zero["status"], zero["catatan"]) == ("Sangat Rendah", "ok", "")
    # One blank numerator: no value at all, and the note names the blank input.
    blank = row(run(tepat(1, None, 0, 10, 5), triwulan=1), "ketepatan_waktu", 1)
    for col in ("realisasi_triwulan", "realisasi", "capaian"):
        assert math.isnan(blank[col])
    assert blank["predikat"] is None
    assert blank["status"] == "tidak_lengkap"
    assert blank["catatan"] == (
        "Data tidak lengkap: KTP-el diterbitkan tepat waktu (dalam triwulan ini) belum diisi"
    )
    # Rows missing for some variables count as blanks too.
    partial = run((1, "ketepatan_waktu", {"ktp_tepat": 5, "ktp_daftar": 10}), triwulan=1)
    assert row(partial, "ketepatan_waktu", 1)["catatan"] == (
        "Data tidak lengkap: KK diterbitkan tepat waktu (dalam triwulan ini), "
        "KK didaftarkan (dalam triwulan ini) belum diisi"
    )


def test_partial_quarter_later_in_a_flow() -> None:
    result = run(tepat(1, 30, 15, 32, 18), tepat(2, 6, None, 12, 8), triwulan=2)
    q2 = row(result, "ketepatan_waktu", 2)
    assert math.isnan(q2["realisasi_triwulan"])
    assert (q2["realisasi"], q2["status"]) == (90.0, "tidak_lengkap")  # TW I only: 45/50
    assert q2["catatan"] == (
        "Dihitung dari TW I; TW II tidak lengkap: KK diterbitkan tepat waktu "
        "(dalam triwulan ini) belum diisi; Capaian sementara (data tidak lengkap), tanpa predikat"
    )


def test_zero_denominator_has_no_value() -> None:
    result = run(keluhan(1, 0, 0), triwulan=1)
    q1 = row(result, "keluhan_layanan", 1)
    for col in ("realisasi_triwulan", "realisasi", "capaian"):
        assert math.isnan(q1[col])  # never 0 % nor 100 %
    assert q1["predikat"] is None
    assert (q1["status"], q1["catatan"]) == (
        "penyebut_nol",
        "Penyebut 0: tidak ada nilai pada periode ini",
    )


def test_zero_denominator_in_one_quarter_of_a_flow() -> None:
    # TW I 3/100 = 3 %; TW II 0/0. To date (3 + 0) / (100 + 0) = 3 %.
    result = run(keluhan(1, 3, 100), keluhan(2, 0, 0), triwulan=2)
    q2 = row(result, "keluhan_layanan", 2)
    assert math.isnan(q2["realisasi_triwulan"])
    # capaian (negatif, target 5): (2 x 5 - 3) / 5 x 100 = 140
    assert (q2["realisasi"], q2["capaian"], q2["status"]) == (3.0, 140.0, "ok")
    assert q2["catatan"] == "Penyebut TW II bernilai 0: TW II tanpa nilai sendiri"


def test_zero_denominator_of_the_latest_stock_position() -> None:
    result = run(ktp(1, 950, 1000), ktp(2, 0, 0), triwulan=2)
    q2 = row(result, "kepemilikan_ktp_el", 2)
    assert math.isnan(q2["realisasi"])
    assert q2["status"] == "penyebut_nol"


# --- capaian ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keluhan_n", "capaian", "predikat"),
    [
        (4, 120.0, "Sangat Tinggi"),  # (2 x 5 - 4) / 5 x 100 = 6/5 x 100 = 120
        (6, 80.0, "Tinggi"),  # (2 x 5 - 6) / 5 x 100 = 4/5 x 100 = 80
        (5, 100.0, "Sangat Tinggi"),  # on target
        (12, -40.0, "Sangat Rendah"),  # (10 - 12) / 5 x 100 = -40: kept, not floored
    ],
)
def test_negative_polarity(keluhan_n: int, capaian: float, predikat: str) -> None:
    # keluhan_layanan: target 5 %; realisasi keluhan_n / 100 x 100 = keluhan_n %.
    q1 = row(run(keluhan(1, keluhan_n, 100), triwulan=1), "keluhan_layanan", 1)
    assert q1["realisasi"] == keluhan_n
    assert (q1["capaian"], q1["predikat"]) == (capaian, predikat)


def test_negative_polarity_is_not_the_other_variants() -> None:
    # realisasi 4 % against target 5 %: T/R = 5/4 x 100 = 125; (T-R)/T = 1/5 x 100 = 20;
    # PermenPANRB 8/2021 (2T-R)/T = 6/5 x 100 = 120 (the one used).
    q1 = row(run(keluhan(1, 4, 100), triwulan=1), "keluhan_layanan", 1)
    assert q1["capaian"] == 120.0
    assert q1["capaian"] not in (125.0, 20.0)


def sakip(q: int, x: float) -> Report:
    return (q, "nilai_akuntabilitas", {"nilai_sakip": x})


@pytest.mark.parametrize(
    ("nilai", "capaian", "predikat"),
    [
        (63.693, 90.99, "Tinggi"),  # 63.693 / 70 x 100 = 90.99 exactly
        (63.7, 91.00, "Sangat Tinggi"),  # 63.7 / 70 x 100 = 91 exactly
        (63.6965, 91.00, "Sangat Tinggi"),  # = 90.995 exactly -> half up -> 91.00
        (63.69649, 90.99, "Tinggi"),  # = 90.99498571... -> 90.99
        (53.2, 76.00, "Tinggi"),  # 76 exactly: the lower bound of Tinggi
        # Python's round() on floats gets these two wrong (90.0 and 100.12):
        (63.0035, 90.01, "Tinggi"),  # = 90.005 exactly; float(90.005) is 90.00499999...
        (70.0875, 100.13, "Sangat Tinggi"),  # = 100.125, a binary tie: half up, not to even
        (53.193, 75.99, "Sedang"),
    ],
)
def test_predicate_boundaries_follow_the_rounded_capaian(nilai, capaian, predikat) -> None:
    q1 = row(run(sakip(1, nilai), triwulan=1), "nilai_akuntabilitas", 1)
    assert (q1["capaian"], q1["predikat"]) == (capaian, predikat)


def test_rounding_is_exact_half_up_not_binary_float() -> None:
    # target 80; 11373 / 15000 = 75.82 %; capaian 75.82 / 80 x 100 = 94.775 exactly -> 94.78.
    naive = 11373 / 15000 * 100 / 80 * 100
    assert naive < 94.775  # 94.77499999999999: float arithmetic would round it down
    q1 = row(
        run(tepat(1, 11373, 0, 15000, 0), triwulan=1, targets=with_target("ketepatan_waktu", 80)),
        "ketepatan_waktu",
        1,
    )
    assert q1["realisasi"] == 75.82
    assert q1["capaian"] == 94.78


def test_round_half_up() -> None:
    assert round_half_up(Fraction(90995, 1000)) == Decimal("91.00")
    assert round_half_up(Fraction(90994999, 1000000)) == Decimal("90.99")
    # closer to the tie than a float can tell apart (float() of it prints as 90.995)
    assert round_half_up(Fraction(90_994_999_999_999_999_999, 10**18)) == Decimal("90.99")
    assert round_half_up(Fraction(-125, 1000)) == Decimal("-0.13")  # away from zero, as Excel
    assert round_half_up(Fraction(1, 3)) == Decimal("0.33")
    assert round_half_up(Fraction(2, 3)) == Decimal("0.67")
    assert str(round_half_up(Fraction(91))) == "91.00"


def test_cap_is_optional() -> None:
    # 91 / 70 x 100 = 130
    uncapped = row(run(sakip(1, 91), triwulan=1), "nilai_akuntabilitas", 1)
    assert uncapped["capaian"] == 130.0
    capped = row(run(sakip(1, 91), triwulan=1, cap=120), "nilai_akuntabilitas", 1)
    assert (capped["capaian"], capped["predikat"]) == (120.0, "Sangat Tinggi")
    assert capped["realisasi"] == 91.0  # the cap touches capaian only
    below = row(run(sakip(1, 63.7), triwulan=1, cap=120), "nilai_akuntabilitas", 1)
    assert below["capaian"] == 91.0


def test_target_zero_negative_has_a_defined_rule() -> None:
    # A negatif indicator with target 0 (no complaints at all): (2T - R) / T divides by 0,
    # so the documented rule applies: realisasi 0 -> 100 %, anything above 0 -> 0 %.
    result = run(keluhan(1, 4, 100), triwulan=1, targets=with_target("keluhan_layanan", 0.0))
    q1 = row(result, "keluhan_layanan", 1)
    assert (q1["realisasi"], q1["target"], q1["status"]) == (4.0, 0.0, "ok")
    assert (q1["capaian"], q1["predikat"]) == (0.0, "Sangat Rendah")
    assert q1["catatan"].startswith("Target 0 (makin rendah makin baik)")
    met = run(keluhan(1, 0, 100), triwulan=1, targets=with_target("keluhan_layanan", 0.0))
    assert row(met, "keluhan_layanan", 1)["capaian"] == 100.0


def test_capaian_uses_cumulative_quarter_target() -> None:
    # jumlah_sosialisasi targets [3, 6, 9, 12]: 5 by TW III -> 5 / 9 x 100 = 55.555... -> 55.56
    result = run(
        (3, "jumlah_sosialisasi", {"sosialisasi_desa": 5, "sosialisasi_sekolah": 0}),
        triwulan=3,
    )
    q3 = row(result, "jumlah_sosialisasi", 3)
    assert (q3["target"], q3["target_tahunan"], q3["realisasi"]) == (9.0, 12.0, 5.0)
    # Provisional (TW I-II missing): the capaian is shown but carries no predikat.
    assert (q3["capaian"], q3["predikat"], q3["status"]) == (55.56, None, "tidak_lengkap")
    assert (
        q3["catatan"] == "Dihitung dari TW III; TW I belum dilaporkan; "
        "TW II belum dilaporkan; "
        "Capaian sementara (data tidak lengkap), tanpa predikat"
    )


# --- inputs -------------------------------------------------------------------------------


def test_later_quarters_are_ignored() -> None:
    result = run(ktp(1, 950, 1000), ktp(3, 990, 1000), triwulan=2)
    assert set(result["triwulan"]) == {1, 2}
    assert row(result, "kepemilikan_ktp_el", 2)["realisasi"] == 95.0


def test_bad_inputs_raise() -> None:
    dup = pd.concat([values(ktp(1, 1, 2))] * 2)
    with pytest.raises(ValueError, match="unique"):
        compute(CATALOG, TARGETS, dup, triwulan=1, scale=SCALE)
    with pytest.raises(ValueError, match="triwulan"):
        compute(CATALOG, TARGETS, values(), triwulan=5, scale=SCALE)


def test_facts_of_other_years_and_areas_are_left_aside() -> None:
    """One facts frame may hold several years and kecamatan: only the asked ones count."""
    other_year = values(ktp(1, 1, 2), tahun=2025)
    kecamatan = values(ktp(1, 10, 1000)).assign(wilayah="3201010")
    regency = values(ktp(1, 950, 1000)).assign(wilayah="*")
    mixed = pd.concat([other_year, kecamatan, regency], ignore_index=True)
    result = compute(CATALOG, TARGETS, mixed, triwulan=1, scale=SCALE)
    assert row(result, "kepemilikan_ktp_el", 1)["realisasi"] == 95.0
    only_2025 = compute(CATALOG, TARGETS, other_year, triwulan=1, scale=SCALE)
    assert row(only_2025, "kepemilikan_ktp_el", 1)["status"] == "belum_dilaporkan"
    # The same facts computed for the kecamatan (an area, not the whole regency).
    area = compute(CATALOG, TARGETS, mixed, triwulan=1, scale=SCALE, wilayah="3201010")
    assert row(area, "kepemilikan_ktp_el", 1)["realisasi"] == 1.0
    # The same key in two areas is not a duplicate; twice in one area is.
    with pytest.raises(ValueError, match="unique"):
        compute(CATALOG, TARGETS, pd.concat([regency, regency]), triwulan=1, scale=SCALE)


def test_with_the_configured_context(mini_ctx: Context) -> None:
    result = compute(
        mini_ctx.catalog,
        mini_ctx.targets,
        values(ktp(1, 950, 1000)),
        triwulan=1,
        scale=mini_ctx.config.predikat,
        cap=mini_ctx.config.batas_capaian,
    )
    assert row(result, "kepemilikan_ktp_el", 1)["predikat"] == "Sangat Tinggi"  # 98.96


# --- property -----------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**7)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(counts, counts, counts, counts), min_size=1, max_size=4))
def test_flow_to_date_is_sum_over_sum(quarters) -> None:
    reports = [tepat(q, *xs) for q, xs in enumerate(quarters, start=1)]
    result = run(*reports, triwulan=len(quarters))
    for q in range(1, len(quarters) + 1):
        r = row(result, "ketepatan_waktu", q)
        num = sum(a + b for a, b, _, _ in quarters[:q])
        den = sum(c + d for _, _, c, d in quarters[:q])
        if den == 0:
            assert math.isnan(r["realisasi"])
            assert r["status"] == "penyebut_nol"
        else:
            assert r["realisasi"] == pytest.approx(num / den * 100, rel=1e-12)
            assert r["status"] == "ok"
            # capaian against 90, rounded half up from the exact ratio
            exact = Fraction(num * 100, den) / 90 * 100
            assert r["capaian"] == float(round_half_up(exact))
