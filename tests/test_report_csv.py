"""hasil.csv: exact header, one row per indicator per quarter, machine-friendly numbers."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from report_fixtures import PENYEBUT_NOL, make_model

from pipeline.context import Context
from pipeline.report.csv import HASIL_COLUMNS, number, write_hasil_csv
from pipeline.report.model import ReportModel

Q = 3


@pytest.fixture
def model(mini_ctx: Context) -> ReportModel:
    return make_model(mini_ctx, triwulan=Q)


@pytest.fixture
def hasil(model: ReportModel, tmp_path: Path) -> Path:
    path = tmp_path / "hasil.csv"
    write_hasil_csv(model, path)
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _row(rows: list[dict[str, str]], indikator_id: str, triwulan: int) -> dict[str, str]:
    return next(
        r for r in rows if r["indikator_id"] == indikator_id and r["triwulan"] == str(triwulan)
    )


def test_header_encoding_and_line_endings(hasil: Path) -> None:
    raw = hasil.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    assert b"\r" not in raw
    assert raw.split(b"\n")[0].decode() == ",".join(HASIL_COLUMNS)
    assert HASIL_COLUMNS == [
        "tahun", "jabatan_id", "jabatan", "indikator_id", "indikator", "satuan", "wilayah",
        "triwulan",
        "target", "realisasi", "realisasi_triwulan", "capaian", "predikat", "status", "catatan",
    ]  # fmt: skip


def test_one_row_per_indicator_per_quarter(hasil: Path, model: ReportModel) -> None:
    rows = _rows(hasil)
    assert len(rows) == len(model.catalog.indikator) * Q
    assert {(r["indikator_id"], r["triwulan"]) for r in rows} == {
        (i.id, str(q)) for i in model.catalog.indikator for q in range(1, Q + 1)
    }


def test_values_are_machine_numbers(hasil: Path) -> None:
    rows = _rows(hasil)
    ketepatan = _row(rows, "ketepatan_waktu", 1)
    assert ketepatan["realisasi_triwulan"] == "92.3077"  # percent, not 0.923077
    assert ketepatan["capaian"] == "102.56"
    assert ketepatan["target"] == "90"  # no ".0"
    assert ketepatan["predikat"] == "Sangat Tinggi"
    sosialisasi = _row(rows, "jumlah_sosialisasi", 2)
    assert (sosialisasi["realisasi"], sosialisasi["realisasi_triwulan"]) == ("5", "3")
    assert _row(rows, "kepemilikan_ktp_el", 2)["target"] == "96.5"
    assert _row(rows, "rerata_antrian", 3)["realisasi"] == "45.6667"


def test_blanks_are_empty(hasil: Path) -> None:
    rows = _rows(hasil)
    belum = _row(rows, "nilai_akuntabilitas", 1)
    for col in ("realisasi", "realisasi_triwulan", "capaian", "predikat"):
        assert belum[col] == "", col
    assert belum["status"] == "belum_dilaporkan"
    assert belum["catatan"].startswith("Belum dilaporkan")
    nol = _row(rows, "keluhan_layanan", 2)
    assert nol["realisasi_triwulan"] == ""
    assert nol["catatan"] == PENYEBUT_NOL  # holds a comma: quoted, read back whole
    text = hasil.read_text(encoding="utf-8")
    assert f'"{PENYEBUT_NOL}"' in text
    fields = [v for r in rows for v in r.values()]
    assert not {"nan", "NaN", "None", "NaT", "<NA>"} & set(fields)


def test_round_trip_with_pandas(hasil: Path, model: ReportModel) -> None:
    back = pd.read_csv(hasil, keep_default_na=False, na_values=[""])
    assert list(back.columns) == HASIL_COLUMNS
    expected = model.results.reset_index(drop=True)
    assert back["triwulan"].tolist() == expected["triwulan"].tolist()
    for col in ("target", "realisasi", "realisasi_triwulan", "capaian"):
        for got, want in zip(back[col], expected[col], strict=True):
            if math.isnan(want):
                assert math.isnan(got), col
            else:
                assert got == round(want, 4), col
    for col in ("jabatan_id", "jabatan", "indikator_id", "indikator", "satuan", "status"):
        assert back[col].tolist() == expected[col].tolist(), col

    def names(column: pd.Series) -> list[str | None]:
        return [p if isinstance(p, str) else None for p in column]

    assert names(back["predikat"]) == names(expected["predikat"])
    assert back["catatan"].fillna("").tolist() == expected["catatan"].tolist()


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.0, 4, "1234"),
        (1234, 4, "1234"),
        (92.307692, 4, "92.3077"),
        (92.31, 2, "92.31"),
        (100.0, 2, "100"),
        (0.5, 4, "0.5"),
        (1e20, 4, "100000000000000000000"),
        (1e-7, 4, "0"),
        (-1e-7, 4, "0"),
        (-12.5, 2, "-12.5"),
        (math.nan, 4, ""),
        (None, 4, ""),
        (math.inf, 4, ""),
    ],
)
def test_number(value: float | None, decimals: int, text: str) -> None:
    assert number(value, decimals) == text
