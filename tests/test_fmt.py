"""Indonesian formatting: 1.234.567; 87,50 %; 7 Januari 2027; NIP 19680411 199303 1 009."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from pipeline import fmt


@pytest.mark.parametrize(
    ("value", "desimal", "expected"),
    [(1234567, 0, "1.234.567"), (92.30769, 2, "92,31"), (0, 0, "0"), (-1500.5, 2, "-1.500,50")],
)
def test_angka(value: float, desimal: int, expected: str) -> None:
    assert fmt.angka(value, desimal) == expected


def test_blank_is_a_dash_never_nan() -> None:
    for f in (fmt.angka, fmt.angka_auto, fmt.persen):
        assert f(None) == "–" and f(math.nan) == "–"


def test_persen_and_auto() -> None:
    assert fmt.persen(87.5) == "87,50 %"
    assert fmt.angka_auto(12.0) == "12" and fmt.angka_auto(12.5) == "12,50"


def test_dates_quarters_and_nip() -> None:
    assert fmt.tanggal(dt.date(2027, 1, 7)) == "7 Januari 2027"
    assert fmt.tanggal(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert fmt.triwulan(3) == "Triwulan III" and fmt.tw(4) == "TW IV"
    assert fmt.nip("196804111993031009") == "19680411 199303 1 009"
    assert fmt.nip("12345") == "12345"


def test_daftar_joins_the_indonesian_way_and_counts_the_rest() -> None:
    from pipeline.fmt import daftar

    assert daftar([]) == ""
    assert daftar(["a"]) == "a"
    assert daftar(["a", "b"]) == "a dan b"
    assert daftar(["a", "b", "c"]) == "a, b dan c"
    assert daftar(["a", "b", "c"], 3) == "a, b dan c"
    assert (
        daftar([str(i) for i in range(1205)], 3, "berkas lain") == "0, 1, 2 dan 1.202 berkas lain"
    )
