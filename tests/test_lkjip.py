"""LKjIP Bab III: budget figures, efficiency, trend words, missing history, the Anggaran sheet.

The demo's full outputs (lampiran PDF, .docx, rekap sheets) are checked in test_demo.py on
the report it already renders once.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive.query import HistoryRow, empty_history
from pipeline.budget.model import Budget, BudgetLine
from pipeline.context import Context
from pipeline.contract import pagu_name, realisasi_name, sebab_name
from pipeline.facts import BUDGET_INDIKATOR, budget_variabel
from pipeline.lkjip.budget import budget_figures, group, serapan
from pipeline.lkjip.build import efisiensi, kemajuan, tren
from pipeline.lkjip.model import BELUM_ADA_DATA, NAIK, TETAP, TURUN
from pipeline.lkjip.view import tables, text
from pipeline.reader import read_workbooks
from pipeline.template.fill import fill_workbook


def _budget() -> Budget:
    line = dict(jabatan_id=None, indikator=(), key="k")
    return Budget(
        tahun=2026,
        contoh=False,
        file="anggaran-2026.toml",
        urusan_kode="2.12",
        urusan_nama="Adminduk",
        sumber_dana="APBD",
        pengisi="kepala_dinas",
        lines=(
            BudgetLine(
                "program",
                "2.12.02",
                "Program Pendaftaran Penduduk",
                3_500_000,
                induk=None,
                **{**line, "indikator": ("a",)},
            ),
            BudgetLine("kegiatan", "2.12.02.2.01", "Pelayanan", 3_500_000, induk="2.12.02", **line),
            BudgetLine(
                "sub_kegiatan",
                "2.12.02.2.01.0001",
                "KTP",
                3_000_000,
                induk="2.12.02.2.01",
                baris_id="ktp",
                **line,
            ),
            BudgetLine(
                "sub_kegiatan",
                "2.12.02.2.01.0002",
                "KK",
                500_000,
                induk="2.12.02.2.01",
                baris_id="kk",
                **line,
            ),
        ),
    )


def _facts(rows: list[tuple[int, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "tahun": 2026,
                "triwulan": q,
                "indikator_id": BUDGET_INDIKATOR,
                "variabel_id": budget_variabel(b, jenis),
                "wilayah": "*",
                "nilai": v,
            }
            for q, b, jenis, v in rows
        ]
    )


def test_realisation_to_date_serapan_and_totals_by_hand() -> None:
    budget = _budget()
    facts = _facts(
        [
            (1, "ktp", "realisasi", 400_000),
            (2, "ktp", "realisasi", 600_000),  # to date 1.000.000 of 3.000.000
            (3, "ktp", "realisasi", 999_999),  # after Q2: not counted at Q2
            (1, "kk", "realisasi", math.nan),  # blank: not reported
            (2, "kk", "pagu", 400_000),  # revised pagu, in force from Q2
        ]
    )
    figs = budget_figures(budget, facts, 2026, 2)
    ktp, kk = figs["2.12.02.2.01.0001"], figs["2.12.02.2.01.0002"]
    assert (ktp.pagu, ktp.realisasi, ktp.persen, ktp.sisa) == (
        3_000_000,
        1_000_000,
        33.33,
        2_000_000,
    )
    assert (kk.pagu, kk.pagu_berubah, kk.realisasi, kk.sisa, kk.belum_lapor) == (
        400_000,
        True,
        None,
        None,
        1,
    )
    program = figs["2.12.02"]
    # The total counts reported realisation only, and says how many lines have none.
    assert (program.pagu, program.realisasi, program.belum_lapor) == (3_400_000, 1_000_000, 1)
    assert program.persen == 29.41  # 1.000.000 / 3.400.000 = 29,4117... -> 29,41
    total = group(None, budget.sub_kegiatan, figs)
    assert (total.nama, total.pagu, total.sisa) == ("Jumlah", 3_400_000, 2_400_000)
    # Serapan rounds half up exactly: 1/8 % = 0,125 -> 0,13 (binary floats would give 0,12).
    assert serapan(1, 800) == 0.13
    assert serapan(0, 0) is None and serapan(None, 5) is None


def test_efficiency_formulas() -> None:
    assert efisiensi(99.54, 91.5, "selisih") == 8.04
    assert efisiensi(80.0, 100.0, "selisih") == -20.0
    assert efisiensi(99.0, 90.0, "rasio") == 110.0
    assert efisiensi(99.0, 0.0, "rasio") is None
    assert efisiensi(None, 50.0, "selisih") is None


@pytest.mark.parametrize(
    ("now", "before", "word", "size"),
    [
        (96.85, 96.85, TETAP, 0.0),
        (96.854, 96.851, TETAP, 0.0),  # equal as printed (2 decimals)
        (96.855, 96.85, NAIK, 0.01),  # 0,005 rounds half up to 0,01
        (96.86, 96.85, NAIK, 0.01),
        (96.84, 96.85, TURUN, 0.01),
        (0.0, 0.0, TETAP, 0.0),
        (98.05, 96.85, NAIK, 1.2),
    ],
)
def test_trend_words_at_the_boundaries(now, before, word, size) -> None:
    t = tren(now, before)
    assert (t.kata, t.selisih) == (word, size)


def test_no_trend_without_both_years() -> None:
    assert tren(None, 5.0).kata is None and tren(5.0, None).kata is None


def test_renstra_progress_by_polarity() -> None:
    assert kemajuan(98.05, 99.0, "positif") == 99.04
    assert kemajuan(12.0, 10.0, "negatif") == 80.0  # (2 x 10 - 12) / 10
    assert kemajuan(None, 99.0, "positif") is None and kemajuan(5.0, None, "positif") is None


def _model(ctx: Context, paths: list[Path], q: int, history=None):
    import datetime as dt

    from pipeline.report.build import build_model

    read = read_workbooks(paths, ctx, triwulan_max=q)
    model = build_model(
        ctx,
        read,
        tahun=2026,
        triwulan=q,
        draft=True,
        tanggal_ttd=dt.date(2026, 7, 7),
        history=history,
    )
    return read, model


@pytest.fixture(scope="module")
def keuangan(real_ctx: Context, tmp_path_factory) -> dict[int, Path]:
    """The Anggaran sheet's holder's workbooks for TW I and TW II (templates only; just
    that jabatan's file is written, as `template --split jabatan` writes it)."""
    from pipeline.template.build import _write_workbook

    out = tmp_path_factory.mktemp("anggaran")
    assert real_ctx.budget is not None
    pengisi = real_ctx.catalog.jabatan_by_id[real_ctx.budget.pengisi]
    books = {}
    for q in (1, 2):
        books[q] = out / f"IKI-2026-TW{q}-{pengisi.id}.xlsx"
        _write_workbook(real_ctx, 2026, q, [pengisi], {}, books[q])
    return books


def test_realisation_above_pagu_is_an_error_at_its_cell(
    real_ctx: Context, keuangan: dict[int, Path], tmp_path: Path
) -> None:
    budget = real_ctx.budget
    assert budget is not None
    first, second = budget.sub_kegiatan[:2]
    tw1, tw2 = tmp_path / "tw1.xlsx", tmp_path / "tw2.xlsx"
    fill_workbook(
        keuangan[1],
        tw1,
        {
            realisasi_name(first.baris_id, 1): first.pagu + 1,  # one rupiah over, in TW I alone
            realisasi_name(second.baris_id, 1): second.pagu - 10,
        },
    )
    fill_workbook(
        keuangan[2],
        tw2,
        {
            realisasi_name(second.baris_id, 2): 11,  # the sum over TW I-II passes the pagu
            pagu_name(first.baris_id): first.pagu + 5,  # revised up: TW I stays over its pagu
        },
    )
    read = read_workbooks([tw1, tw2], real_ctx, triwulan_max=2)
    over = [f for f in read.findings if f.code == "budget-over-pagu"]
    got = {(f.file, f.sheet, f.cell, f.triwulan) for f in over}
    assert got == {("tw1.xlsx", "Anggaran", "F11", 1), ("tw2.xlsx", "Anggaran", "G12", 2)}
    assert all(f.severity.value == "error" for f in over)
    assert "melebihi pagunya" in over[0].message


def test_budget_cell_rules_and_causes_are_read(
    real_ctx: Context, keuangan: dict[int, Path], tmp_path: Path
) -> None:
    budget = real_ctx.budget
    assert budget is not None
    line = budget.sub_kegiatan[0]
    ind = real_ctx.catalog.jabatan_by_id[budget.pengisi].indikator[0]
    path = tmp_path / "tw1.xlsx"
    fill_workbook(
        keuangan[1],
        path,
        {
            realisasi_name(line.baris_id, 1): 1250.5,  # not whole rupiah
            pagu_name(line.baris_id): "satu miliar",
            sebab_name(ind.id, "penghambat", 1): "Jaringan putus",
            sebab_name(ind.id, "solusi", 1): "  Layanan dialihkan  ",
        },
    )
    read = read_workbooks([path], real_ctx, triwulan_max=1)
    codes = {(f.code, f.cell) for f in read.findings if f.sheet == "Anggaran"}
    assert ("number-fraction", "F11") in codes and ("text-in-number", "E11") in codes
    values = read.values[read.values["indikator_id"] == BUDGET_INDIKATOR]
    assert values["nilai"].isna().all()  # refused or blank, never 0
    notes = read.keterangan.set_index("jenis")["keterangan"].to_dict()
    assert notes == {"penghambat": "Jaringan putus", "solusi": "Layanan dialihkan"}


def test_missing_history_year_prints_belum_ada_data(
    real_ctx: Context, keuangan: dict[int, Path], tmp_path: Path
) -> None:
    """2024 has no official figure, 2025 has one: the 2024 cells say so, never 0."""
    budget = real_ctx.budget
    assert budget is not None
    head = next(j for j in real_ctx.catalog.jabatan if j.atasan == "bupati")
    ind = head.indikator[0]
    row = HistoryRow(
        2025,
        ind.id,
        ind.nama,
        ind.satuan,
        4,
        98.0,
        96.85,
        98.83,
        "Sangat Tinggi",
        "ok",
        "impor_csv",
        "hasil.csv",
        "2026-01-01",
    )
    base = empty_history(2026)
    from dataclasses import replace
    from types import MappingProxyType

    history = replace(
        base, rows=(row,), by_indikator=MappingProxyType({ind.id: MappingProxyType({2025: row})})
    )
    _, model = _model(real_ctx, [keuangan[1]], 1, history)
    b = model.bab3
    iku = b.iku.indikator[0]
    assert iku.riwayat[0].realisasi is None and iku.riwayat[1].realisasi == 96.85
    table_b = next(t for t in tables(b, b.iku, with_budget=True) if t.kode == "b")
    cells = [text(c) for c in table_b.rows[0]]
    assert cells[3] == BELUM_ADA_DATA and cells[4] == "96,85" and "0,00" not in cells[3:5]
    # Nothing reported this year: no trend, no invented zero in the sentence.
    assert cells[-1] == BELUM_ADA_DATA
    assert "belum dapat dihitung" in iku.paragraf and " 0 " not in iku.paragraf
    assert b.periode == "s.d. Triwulan I tahun 2026"


def test_efficiency_setting_is_checked_by_its_key(tmp_path: Path) -> None:
    from conftest import ROOT

    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    assert 'efisiensi = "selisih"' in text
    (tmp_path / "config.toml").write_text(
        text.replace('efisiensi = "selisih"', 'efisiensi = "capaian_minus_serapan"'),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path / "config.toml")
    assert exc.value.key == "lkjip.efisiensi"


def test_efficiency_per_sasaran_by_hand(real_ctx: Context) -> None:
    """The head's first sasaran: mean capaian (capped at 100 by [rata_rata]) against the
    pagu and realisation of exactly the sub kegiatan supporting its indicators."""
    from pipeline.lkjip.build import build_bab3

    budget = real_ctx.budget
    assert budget is not None
    head = next(j for j in real_ctx.catalog.jabatan if j.atasan == "bupati")
    sasaran = head.indikator[0].sasaran
    ids = [i.id for i in head.indikator if i.sasaran == sasaran]
    assert len(ids) == 2
    current = pd.DataFrame(
        {
            "indikator_id": [i.id for i in head.indikator],
            "triwulan": 4,
            "target": 90.0,
            "realisasi": 90.0,
            "capaian": [99.5, 104.0, 80.0][: len(head.indikator)],
            "predikat": "Sangat Tinggi",
            "status": "ok",
            "catatan": "",
        }
    )
    lines = budget.supporting(ids)
    assert lines and len(lines) < len(budget.sub_kegiatan)
    facts = _facts([(q, b.baris_id, "realisasi", 1_000_000.0) for b in lines for q in (1, 2)])
    b = build_bab3(
        catalog=real_ctx.catalog,
        current=current,
        keterangan=pd.DataFrame(),
        history=empty_history(2026),
        renstra=None,
        standar={},
        budget=budget,
        facts=facts,
        tahun=2026,
        triwulan=4,
        scale=real_ctx.config.predikat,
        rata_rata=real_ctx.config.rata_rata,
        rumus="selisih",
    )
    row = b.iku.efisiensi[0]
    pagu = sum(x.pagu for x in lines)
    realisasi = 2_000_000 * len(lines)
    assert (row.sasaran, row.pagu, row.realisasi) == (sasaran, pagu, realisasi)
    assert row.capaian == 99.75  # (99,5 + 100) / 2: 104 counted at the cap of 100
    expected_serapan = float(round_half_up_exact(realisasi * 100, pagu))
    assert row.serapan == expected_serapan
    assert row.efisiensi == pytest.approx(99.75 - expected_serapan, abs=1e-9)
    # Table g lists those lines under the sasaran, with their kegiatan and program.
    kodes = [p.kode for p in b.iku.program if p.sasaran == sasaran]
    assert {x.kode for x in lines} <= set(kodes)
    assert all(
        budget.by_kode[k].tingkat != "sub_kegiatan" or k in {x.kode for x in lines} for k in kodes
    )
    # h: the total is the whole budget, reported lines summed, the others counted as missing.
    assert b.anggaran_total.pagu == budget.total
    assert b.anggaran_total.realisasi == realisasi
    assert b.anggaran_total.belum_lapor == len(budget.sub_kegiatan) - len(lines)


def round_half_up_exact(num: int, den: int) -> float:
    """num / den rounded half up to 2 decimals, in integers."""
    q, r = divmod(num * 100, den)
    return (q + (1 if 2 * r >= den else 0)) / 100
