"""Indicators entered per kecamatan (issue 15): office data, workbook rows, regency figures.

The mini catalog with two of its indicators marked `per_kecamatan` (a percentage flow and
a count flow) and three kecamatan: the whole path template -> fill -> read -> engine.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from pipeline.context import Context, load_context
from pipeline.errors import ConfigError
from pipeline.reader import read_workbooks
from pipeline.report.build import build_model
from pipeline.template import input_name, write_template
from pipeline.template.fill import fill_workbook
from pipeline.wilayah import load_wilayah

KEC = {"99.01.01": "Harapan Kota", "99.01.02": "Sungai Lestari", "99.01.03": "Bukit Sari"}
# Per kecamatan, per quarter: ketepatan_waktu (ktp_tepat, kk_tepat, ktp_daftar, kk_daftar)
# and jumlah_sosialisasi (desa, sekolah). Sizes differ, so the mean of the kecamatan
# percentages is not the regency percentage.
KETEPATAN = {"99.01.01": (90, 10, 100, 10), "99.01.02": (5, 1, 50, 10), "99.01.03": (8, 0, 9, 1)}
SOSIALISASI = {"99.01.01": (2, 1), "99.01.02": (0, 0), "99.01.03": (3, 4)}


@pytest.fixture
def kec_ctx(mini_config: Path) -> Context:
    folder = mini_config.parent
    catalog = folder / "iki.toml"
    text = catalog.read_text(encoding="utf-8")
    for iid in ("ketepatan_waktu", "jumlah_sosialisasi"):
        text = text.replace(f'id = "{iid}"\n', f'id = "{iid}"\nper_kecamatan = true\n')
    catalog.write_text(text, encoding="utf-8")
    rows = "".join(f'\n[[kecamatan]]\nkode = "{k}"\nnama = "{n}"\n' for k, n in KEC.items())
    (folder / "kec.toml").write_text(f'kabupaten = "Uji"\n{rows}', encoding="utf-8")
    config = mini_config.read_text(encoding="utf-8")
    config = config.replace("[data]\n", '[data]\nkecamatan = "kec.toml"\n', 1)
    mini_config.write_text(config, encoding="utf-8")
    return load_context(mini_config)


def _values(q: int, blank: str | None = None) -> dict[str, float]:
    out: dict[str, float] = {}
    for kode in KEC:
        if kode == blank:
            continue
        vids = ("ktp_tepat", "kk_tepat", "ktp_daftar", "kk_daftar")
        for vid, x in zip(vids, KETEPATAN[kode], strict=True):
            out[input_name("ketepatan_waktu", vid, q, kode)] = x * q
        for vid, x in zip(
            ("sosialisasi_desa", "sosialisasi_sekolah"), SOSIALISASI[kode], strict=True
        ):
            out[input_name("jumlah_sosialisasi", vid, q, kode)] = x
    return out


def _returned(ctx: Context, tmp_path: Path, q: int, split: str | None, values: dict) -> list[Path]:
    blank = write_template(ctx, 2026, q, tmp_path / f"kosong-{q}-{split}", split=split)
    out = []
    for path in blank:
        target = tmp_path / "masuk" / path.name
        target.parent.mkdir(exist_ok=True)
        wb = openpyxl.load_workbook(path)
        mine = {k: v for k, v in values.items() if k.lower() in wb.defined_names}
        fill_workbook(path, target, mine)
        out.append(target)
    return out


def test_kecamatan_file_errors_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    for body, key in (
        ('[[kecamatan]]\nkode = "99.01.01"\nnama = "A"\n[[kecamatan]]\nkode = "9901.02"\n'
         'nama = "B"\n', "kecamatan[1].kode"),
        ('[[kecamatan]]\nkode = "99.01.01"\nnama = "A"\n[[kecamatan]]\nkode = "99.01.01"\n'
         'nama = "B"\n', "kecamatan[1].kode"),
        ('[[kecamatan]]\nkode = "99.01.01"\nnama = "A"\n[[kecamatan]]\nkode = "98.02.01"\n'
         'nama = "B"\n', "kecamatan[1].kode"),
        ('[[kecamatan]]\nkode = "99.01.01"\n', "kecamatan[0].nama"),
        ('[[kecamatan]]\nkode = "99.01.01"\nnama = "A"\nluas = 3\n', "kecamatan[0]"),
    ):  # fmt: skip
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ConfigError) as exc:
            load_wilayah(path)
        assert exc.value.key.startswith(key), (body, exc.value.key)


def test_template_has_a_named_row_per_kecamatan_under_a_regency_formula(
    kec_ctx: Context, tmp_path: Path
) -> None:
    (path,) = write_template(kec_ctx, 2026, 2, tmp_path)
    wb = openpyxl.load_workbook(path)
    names = {n.lower(): next(iter(d.destinations)) for n, d in wb.defined_names.items()}
    assert "ketepatan_waktu__ktp_tepat__tw2" not in names  # the regency is never typed
    for iid, vid in (("ketepatan_waktu", "kk_daftar"), ("jumlah_sosialisasi", "sosialisasi_desa")):
        cells = [names[input_name(iid, vid, 2, k).lower()] for k in KEC]
        sheet = {s for s, _ in cells}.pop()
        rows = [openpyxl.utils.cell.coordinate_to_tuple(c.replace("$", ""))[0] for _, c in cells]
        assert rows == list(range(rows[0], rows[0] + 3))  # one row each, in office order
        ws = wb[sheet]
        col = openpyxl.utils.cell.coordinate_to_tuple(cells[0][1].replace("$", ""))[1]
        above = ws.cell(row=rows[0] - 1, column=col).value
        assert str(above).startswith("=IF(COUNT(") and "SUM(" in above
        assert ws.cell(row=rows[0], column=2).value == "Kec. Harapan Kota"


def test_real_identity_sheet_has_23_named_rows_per_variable(
    real_ctx: Context, tmp_path: Path
) -> None:
    """The Kepala Seksi Identitas Penduduk of the real catalog and office data."""
    paths = write_template(real_ctx, 2026, 1, tmp_path, split="jabatan")
    (path,) = [p for p in paths if p.stem.endswith("kasi_identitas_penduduk")]
    names = set(openpyxl.load_workbook(path).defined_names)
    ind = real_ctx.catalog.jabatan_by_id["kasi_identitas_penduduk"].indikator
    assert [i.id for i in ind] == ["ktp_el_tercetak", "kk_tercetak", "kia_tercetak"]
    for i in ind:
        for v in i.variabel:
            mine = [n for n in names if re.match(rf"{i.id}__{v.id}__tw1__\d\d\.\d\d\.\d\d$", n)]
            assert len(mine) == 23, (i.id, v.id)


def test_regency_is_the_sum_and_the_ratio_of_sums_split_and_whole_merge(
    kec_ctx: Context, tmp_path: Path
) -> None:
    # TW I per jabatan, TW II as one whole workbook: both merge into one set of facts.
    files = _returned(kec_ctx, tmp_path, 1, "jabatan", _values(1))
    files += _returned(kec_ctx, tmp_path, 2, None, _values(2))
    read = read_workbooks(files, kec_ctx, tahun=2026)
    assert not [f for f in read.findings if f.code == "kecamatan-blank"]
    model = build_model(
        kec_ctx, read, tahun=2026, triwulan=2, draft=True, tanggal_ttd=dt.date(2026, 7, 1)
    )
    every = model.all_results().set_index(["indikator_id", "triwulan", "wilayah"])
    for q in (1, 2):
        # Count flow: the regency is the sum of the kecamatan figures.
        kec = [every.loc[("jumlah_sosialisasi", q, k), "realisasi_triwulan"] for k in KEC]
        assert kec == [float(sum(SOSIALISASI[k])) for k in KEC]
        assert every.loc[("jumlah_sosialisasi", q, "*"), "realisasi_triwulan"] == sum(kec)
        # Percentage: the ratio of the sums, never the mean of the kecamatan percentages.
        num = sum(Fraction(a + b) for a, b, _, _ in KETEPATAN.values())
        den = sum(Fraction(c + d) for _, _, c, d in KETEPATAN.values())
        got = every.loc[("ketepatan_waktu", q, "*"), "realisasi_triwulan"]
        assert got == pytest.approx(float(num / den * 100))
        pcts = [every.loc[("ketepatan_waktu", q, k), "realisasi_triwulan"] for k in KEC]
        assert abs(got - sum(pcts) / 3) > 1  # 63,33 % against a mean of 60,30 %
    # To date (flow): sums over quarters, then the ratio.
    assert every.loc[("jumlah_sosialisasi", 2, "*"), "realisasi"] == 2 * sum(
        sum(x) for x in SOSIALISASI.values()
    )
    # hasil.csv's rows: the regency and each kecamatan, per quarter.
    counts = model.all_results().groupby(["indikator_id", "triwulan"]).size()
    assert counts[("ketepatan_waktu", 1)] == 4 and counts[("kepemilikan_ktp_el", 1)] == 1


def test_a_blank_kecamatan_row_makes_the_regency_incomplete(
    kec_ctx: Context, tmp_path: Path
) -> None:
    files = _returned(kec_ctx, tmp_path, 1, "jabatan", _values(1, blank="99.01.02"))
    read = read_workbooks(files, kec_ctx, tahun=2026)
    hits = [f for f in read.findings if f.code == "kecamatan-blank"]
    assert {f.indikator for f in hits} == {"ketepatan_waktu", "jumlah_sosialisasi"}
    assert all("Sungai Lestari (99.01.02)" in f.message for f in hits)
    blanks = [
        f for f in read.findings if f.code == "blank-input" and f.indikator == "ketepatan_waktu"
    ]
    assert blanks and all("Kec. Sungai Lestari" in f.message for f in blanks)
    model = build_model(
        kec_ctx, read, tahun=2026, triwulan=1, draft=True, tanggal_ttd=dt.date(2026, 4, 1)
    )
    every = model.all_results().set_index(["indikator_id", "triwulan", "wilayah"])
    regency = every.loc[("ketepatan_waktu", 1, "*")]
    assert regency.status == "tidak_lengkap" and "99.01.02" in regency.catatan
    assert math.isnan(regency.realisasi) and regency.predikat is None
    assert every.loc[("ketepatan_waktu", 1, "99.01.02"), "status"] == "belum_dilaporkan"
    assert every.loc[("ketepatan_waktu", 1, "99.01.01"), "status"] == "ok"


def test_earlier_quarters_show_in_the_kecamatan_rows(kec_ctx: Context, tmp_path: Path) -> None:
    from pipeline.template.earlier import make_template

    _returned(kec_ctx, tmp_path, 1, "jabatan", _values(1))
    made = make_template(kec_ctx, 2026, 2, tmp_path / "tw2", input_dir=tmp_path / "masuk")
    wb = openpyxl.load_workbook(made.written[0])
    for kode, (ktp_tepat, *_) in KETEPATAN.items():
        sheet, ref = next(
            iter(wb.defined_names[input_name("ketepatan_waktu", "ktp_tepat", 2, kode)].destinations)
        )
        row = openpyxl.utils.cell.coordinate_to_tuple(ref.replace("$", ""))[0]
        assert wb[sheet].cell(row=row, column=5).value == ktp_tepat  # TW I, locked context


def test_cell_rules_apply_to_each_kecamatan_cell(kec_ctx: Context, tmp_path: Path) -> None:
    values = _values(1)
    values[input_name("ketepatan_waktu", "ktp_tepat", 1, "99.01.03")] = "1.234"  # text
    values[input_name("ketepatan_waktu", "kk_tepat", 1, "99.01.02")] = 999  # > its penyebut
    read = read_workbooks(_returned(kec_ctx, tmp_path, 1, "jabatan", values), kec_ctx, tahun=2026)
    [text] = [f for f in read.findings if f.code == "text-in-number"]
    assert "Kec. Bukit Sari" in text.message and text.cell
    [above] = [f for f in read.findings if f.code == "numerator-above-denominator"]
    assert "Kec. Sungai Lestari" in above.message
    # The refused cell blanks its kecamatan and so the regency, never read as 0.
    regency = [
        r
        for r in read.value_rows
        if (r["indikator_id"], r["variabel_id"], r["wilayah"])
        == ("ketepatan_waktu", "ktp_tepat", "*")
    ]
    assert len(regency) == 1 and math.isnan(regency[0]["nilai"])


def test_archive_keeps_kecamatan_rows_and_history_takes_the_regency(
    real_ctx: Context, tmp_path: Path
) -> None:
    import sqlite3

    from pipeline.archive import open_archive
    from pipeline.archive.schema import MIGRATIONS
    from pipeline.history.csvimport import import_hasil_csv

    # An archive at schema 1 with a result row: migration 2 keeps it, as the regency.
    db = tmp_path / "lama.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO laporan VALUES (1, 'r', 'x', 2025, 4, 0, 'laporan', '', '', 's', '')")
    row = "1, 2025, 4, 'j', 'J', 'i', 'I', '%', 1, 1, 1, 100, 'A', 'ok', ''"
    conn.execute(f"INSERT INTO hasil VALUES ({row})")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_archive(db) as archive:
        assert archive.read("SELECT wilayah FROM hasil")[0][0] == "*"
    # A hasil.csv with kecamatan rows imports as history without duplicate rows.
    src = ROOT / "demo" / "riwayat" / "2025-TW4" / "hasil.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    col = lines[0].index("wilayah")
    extra = [[*p[:col], "99.01.01", *p[col + 1 :]] for p in lines[1:9]]
    path = tmp_path / "2025-TW4" / "hasil.csv"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([*lines, *extra])
    with open_archive(tmp_path / "arsip.sqlite") as archive:
        outcome = import_hasil_csv(archive, path, real_ctx.catalog)
        assert outcome.ok, outcome.findings
        assert archive.read("SELECT COUNT(*) FROM hasil")[0][0] == len(lines) - 1
