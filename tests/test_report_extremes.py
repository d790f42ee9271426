"""Every value `check` accepts is one every later step handles (issue 12, family 2): the
engine, the rekap, hasil.csv, the documents' HTML and charts, and the PDFs, driven with
extreme accepted values (0, huge counts, tiny fractions, capaian far above and below 100,
negative capaian)."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.context import Context
from pipeline.documents.charts import render_svg
from pipeline.documents.render import build_jobs, render_report
from pipeline.facts import FACT_COLUMNS, WILAYAH_ALL
from pipeline.reader import ReadResult
from pipeline.report.build import build_model
from pipeline.report.csv import write_hasil_csv
from pipeline.report.excel import write_rekap
from pipeline.text import breakable_html

TRIWULAN = 2
NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(nan|NaN|inf|Infinity)(?![A-Za-z])")
# Counts up to 1e18 (a pasted 16-digit NIK is about 1e15): the reader bounds counts by a
# plausible maximum far below that; formatting and charts are tested up to 1e308 on their own.
HUGE = (1e9, 1e15, 9_007_199_254_740_993.0, 1e18)
TINY = (5e-324, 1e-300, 1e-9, 0.001)
count = st.one_of(
    st.sampled_from((0.0, 1.0, *HUGE)),
    st.integers(0, 10**16).map(float),
    st.floats(0, 1e18).map(math.floor),
)
score = st.one_of(st.sampled_from((0.0, 100.0, *TINY)), st.floats(0, 100))


def variables(ctx: Context) -> list[tuple[str, str, str, bool]]:
    """(jabatan, indikator, variabel, is_score) for every input of the catalog."""
    return [
        (ind.jabatan_id, ind.id, var.id, ind.jenis == "nilai")
        for ind in ctx.catalog.indikator
        for var in ind.variabel
    ]


def read_result(ctx: Context, values: list[float]) -> ReadResult:
    rows = []
    cells = variables(ctx)
    for q in range(1, TRIWULAN + 1):
        for k, (jabatan, indikator, variabel, _) in enumerate(cells):
            rows.append({
                "tahun": 2026, "triwulan": q, "jabatan_id": jabatan, "indikator_id": indikator,
                "variabel_id": variabel, "wilayah": WILAYAH_ALL,
                "nilai": values[(q - 1) * len(cells) + k], "berkas": f"IKI-2026-TW{q}.xlsx",
                "sha256": "ab" * 32, "lembar": "01", "sel": "D12",
            })  # fmt: skip
    keterangan = pd.DataFrame(columns=["jabatan_id", "indikator_id", "triwulan", "keterangan"])
    return ReadResult(pd.DataFrame(rows, columns=FACT_COLUMNS), keterangan, [], [])


def inputs(ctx: Context) -> st.SearchStrategy[list[float]]:
    kinds = [score if is_score else count for *_, is_score in variables(ctx)] * TRIWULAN
    return st.tuples(*kinds).map(list)


def build(ctx: Context, values: list[float]):
    return build_model(ctx, read_result(ctx, values), tahun=2026, triwulan=TRIWULAN,
                       draft=False, tanggal_ttd=dt.date(2026, 7, 6))  # fmt: skip


def extreme_values(ctx: Context) -> list[float]:
    """The worst mix: maximal counts, minimal denominators, tiny and maximal scores."""
    out = []
    for k, (*_, is_score) in enumerate(variables(ctx) * TRIWULAN):
        if is_score:
            out.append(TINY[0] if k % 2 else 100.0)
        else:
            out.append((HUGE[-1], 1.0, 0.0, HUGE[2])[k % 4])
    return out


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> Context:
    from documents_fixtures import mini_context

    return mini_context(tmp_path_factory.mktemp("ctx"))


def test_property_every_renderer_takes_any_accepted_value(ctx: Context, tmp_path: Path) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=inputs(ctx))
    @example(values=extreme_values(ctx))
    @example(values=[0.0] * len(variables(ctx)) * TRIWULAN)
    def check(values: list[float]) -> None:
        model = build(ctx, values)
        write_rekap(model, tmp_path / "rekap.xlsx")
        write_hasil_csv(model, tmp_path / "hasil.csv")
        with (tmp_path / "hasil.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(ctx.catalog.indikator) * TRIWULAN
        for row in rows:
            for col in ("target", "realisasi", "capaian"):
                assert row[col] in ("", "0") or float(row[col]) == float(row[col])
                assert "nan" not in row[col] and "inf" not in row[col]
        jobs, _ = build_jobs(model)
        for job in jobs:
            assert not NOT_A_NUMBER.search(job.html), NOT_A_NUMBER.search(job.html)
            breakable_html(job.html)
            for spec in job.charts:
                render_svg(spec)

    check()


def test_pdfs_of_the_most_extreme_report(ctx: Context, tmp_path: Path) -> None:
    model = build(ctx, extreme_values(ctx))
    capaian = model.results["capaian"].dropna()
    assert (capaian > 10_000).any() or (capaian < 0).any()  # far off 100 in both directions
    report = render_report(model, tmp_path / "pdf", workers=1)
    assert all(p.is_file() and p.stat().st_size > 1000 for p in report.paths)
    # Huge values are set smaller and wrap inside their cells: no value runs into the next.
    from pdfwords import overlapping_words

    for path in report.paths:
        assert overlapping_words(path) == [], path.name
