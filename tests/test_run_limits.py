"""Bounded work per report (issue 12, families 5 and 6; issue 14 item 7): long text, a
render time budget, the signature date, rendering under `spawn`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from documents_fixtures import make_model, mini_context
from test_report_run import returned_workbook, snapshot

from pipeline.context import Context
from pipeline.documents import pool
from pipeline.documents.render import render_report
from pipeline.publish import run_report, signature_date_findings
from pipeline.template import keterangan_name
from pipeline.text import ELLIPSIS, KETERANGAN_MAX, ZWSP, breakable, breakable_html, cap_keterangan


def test_breakable_text_and_html_keep_tags_entities_and_short_words() -> None:
    word = "x" * 95
    assert breakable(word).split(ZWSP) == ["x" * 30, "x" * 30, "x" * 30, "x" * 5]
    assert breakable("kata biasa " + "y" * 60) == "kata biasa " + "y" * 60  # 60: no break
    html = (
        '<td class="a">' + "&amp;" * 70 + "</td>"
        '<img src="data:image/png;base64,' + "A" * 300 + '">'
        "<p>email.panjang@tanjungharapankab.go.id</p>"
    )
    out = breakable_html(html)
    assert out.count(ZWSP) == 2 and "&am" + ZWSP not in out  # entities never split
    assert "A" * 300 in out and "email.panjang@tanjungharapankab.go.id" in out
    assert out.replace(ZWSP, "") == html


def test_long_keterangan_is_capped_with_a_finding_that_states_the_limit() -> None:
    frame = pd.DataFrame(
        [
            {"jabatan_id": "j", "indikator_id": "i", "triwulan": 2, "keterangan": "z" * 5000},
            {"jabatan_id": "j", "indikator_id": "k", "triwulan": 2, "keterangan": "pendek"},
        ]
    )
    capped, findings = cap_keterangan(frame)
    assert capped.loc[0, "keterangan"] == "z" * KETERANGAN_MAX + ELLIPSIS
    assert capped.loc[1, "keterangan"] == "pendek" and frame.loc[0, "keterangan"] == "z" * 5000
    (f,) = findings
    assert f.code == "keterangan-too-long" and f.severity == "warning"
    assert "5.000 karakter" in f.message and "1.000 karakter" in f.message
    assert keterangan_name("i", 2) in f.message and (f.indikator, f.triwulan) == ("i", 2)


@pytest.mark.parametrize(
    ("tanggal", "triwulan", "warned"),
    [
        (dt.date(2207, 1, 7), 4, "hari sesudah akhir Triwulan IV 2026"),
        (dt.date(2026, 12, 1), 4, "sebelum akhir Triwulan IV 2026 (31 Desember 2026)"),
        (dt.date(2026, 3, 30), 1, "sebelum akhir Triwulan I 2026"),
        (dt.date(2027, 1, 7), 4, None),
        (dt.date(2026, 4, 6), 1, None),
        (dt.date(2027, 4, 2), 1, "lebih dari 366 hari"),
        (dt.date(2027, 4, 1), 1, None),
    ],
)
def test_signature_date_outside_the_period_warns(tanggal, triwulan, warned) -> None:
    findings = signature_date_findings(tanggal, 2026, triwulan)
    if warned is None:
        assert findings == []
    else:
        (f,) = findings
        assert f.code == "signature-date-outside-period" and f.severity == "warning"
        assert warned in " ".join(f.message.split()) and "--date" in f.message


def test_a_huge_unbroken_keterangan_renders(tmp_path: Path) -> None:
    """10,000 characters without a space (past the reader's cap, as a catalog text could
    be): laid out in linear time thanks to the break opportunities (minutes without)."""
    ctx = mini_context(tmp_path / "ctx")
    first = ctx.catalog.indikator[0]
    model = make_model(ctx, keterangan={first.id: "Q" * 10_000})
    report = render_report(model, tmp_path / "out", workers=1)
    assert sum(d.pages for d in report.done) > 6  # the text really was printed


def test_report_with_a_long_keterangan_warns_and_finishes(
    mini_ctx: Context, tmp_path: Path
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1, {keterangan_name("kepemilikan_ktp_el", 1): "K" * 4000})
    outcome = run_report(mini_ctx, tahun=2026, triwulan=1, input_dir=tmp_path / "input",
                         output_root=tmp_path / "out", tanggal_ttd=dt.date(2026, 4, 6))  # fmt: skip
    assert outcome.ok and outcome.written
    codes = [f.code for f in outcome.findings]
    assert codes.count("keterangan-too-long") == 1
    assert outcome.model is not None
    text = outcome.model.keterangan_for("kepemilikan_ktp_el", 1)
    assert text == "K" * KETERANGAN_MAX + ELLIPSIS


def test_render_over_its_time_budget_stops_cleanly(mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    out = tmp_path / "out"
    kwargs = dict(tahun=2026, triwulan=1, input_dir=tmp_path / "input", output_root=out,
                  tanggal_ttd=dt.date(2026, 4, 6))  # fmt: skip
    assert run_report(mini_ctx, **kwargs).ok
    before = snapshot(out / "2026-TW1")
    (out / ".cache").rename(tmp_path / "cache-aside")  # force every document to render
    limits = dataclasses.replace(mini_ctx.config.batas, waktu_render_detik=0.001)
    hurried = dataclasses.replace(
        mini_ctx, config=dataclasses.replace(mini_ctx.config, batas=limits)
    )
    with pytest.raises(pool.RenderTimeout, match="melewati batas waktu"):
        run_report(hurried, **kwargs)
    assert pool.worker_pids() == []  # killed, not left rendering
    assert snapshot(out / "2026-TW1") == before
    assert not list(out.glob(".2026-TW1-*"))


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_rendering_under_spawn(monkeypatch, tmp_path: Path, method: str) -> None:
    """As on Windows: workers start from scratch (`spawn`) and everything they get pickles.
    Under forkserver a worker's parent is the server, not this process: the worker must not
    take that for a dead parent (it did, and every report ended in BrokenProcessPool)."""
    ctx = mini_context(tmp_path / "ctx")
    model = make_model(ctx)
    monkeypatch.setenv(pool.START_METHOD_ENV, method)
    pool.shutdown_workers()
    try:
        report = render_report(model, tmp_path / "out", workers=2)
        executor = pool.executor(2)
        assert executor._mp_context.get_start_method() == method
        assert report.workers == 2 and all(p.is_file() for p in report.paths)
    finally:
        pool.shutdown_workers()


def test_a_render_finished_after_its_deadline_is_over_budget() -> None:
    """Renders run while other outputs are written: one that completed late, before anyone
    waited for it, still exceeded the budget (and one within budget is kept)."""
    from concurrent.futures import Future

    def completed() -> Future:
        f: Future = Future()
        f.set_result("done")
        return f

    late = pool.Batch(tasks=[], futures=[completed()], budget=0.5)
    late.finished[0] = late.started + 1.0  # completed a second after it started
    with pytest.raises(pool.RenderTimeout, match="melewati batas waktu"):
        late.results()
    in_time = pool.Batch(tasks=[], futures=[completed()], budget=60)
    assert in_time.results() == ["done"]
