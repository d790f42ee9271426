"""The archive: creation and migration, idempotent ingest, crash safety, concurrency,
damaged or locked archives, and what a report records."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_run import returned_workbook

from pipeline.archive import SCHEMA_VERSION, ArchiveError, open_archive, schema
from pipeline.archive import db as archive_db
from pipeline.archive.store import ingest
from pipeline.cli import cli
from pipeline.context import Context
from pipeline.publish import run_report
from pipeline.reader import collect_inputs, read_workbooks

ROOT = Path(__file__).resolve().parents[1]
# The archive is what is tested here: reports skip the PDF documents (tested elsewhere),
# in this process and in the child processes alike.
NO_PDF = (
    "import pipeline.publish as p; p.RENDERERS = tuple(r for r in p.RENDERERS if r.name != 'pdf')"
)
TABLES = {"kiriman", "fakta", "laporan", "laporan_kiriman", "hasil", "target", "target_renstra"}


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def report(ctx: Context, folder: Path, q: int, archive: Path, *, draft: bool = False):
    return run_report(
        ctx,
        tahun=2026,
        triwulan=q,
        input_dir=folder / "input",
        output_root=folder / "out",
        tanggal_ttd=dt.date(2026, 7, 6),
        archive_path=archive,
        draft=draft,
    )


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch) -> None:
    import pipeline.publish as publish

    monkeypatch.setattr(
        publish, "RENDERERS", tuple(r for r in publish.RENDERERS if r.name != "pdf")
    )


# --- creation and migration ---------------------------------------------------------------


def test_empty_archive_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "arsip" / "baru.sqlite"  # the folder does not exist yet
    with open_archive(path) as archive:
        assert archive.version == SCHEMA_VERSION
        mode = archive.read("PRAGMA journal_mode")[0][0]
        names = {r[0] for r in archive.read("SELECT name FROM sqlite_master WHERE type='table'")}
    assert mode == "wal"
    assert names >= TABLES
    before = dump(path)
    with open_archive(path) as archive:  # opening again migrates nothing, writes nothing
        assert archive.version == SCHEMA_VERSION
    assert dump(path) == before
    assert integrity(path) == "ok"


def test_forward_migration_keeps_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.sqlite"
    with open_archive(path) as archive, archive.write() as conn:
        conn.execute(
            "INSERT INTO target (tahun, indikator_id, tahunan, sumber, dicatat) "
            "VALUES (2025, 'x', 1, 's', 'd')"
        )
    step = "ALTER TABLE target ADD COLUMN catatan TEXT NOT NULL DEFAULT '';"
    monkeypatch.setattr(archive_db, "MIGRATIONS", (*schema.MIGRATIONS, step))
    monkeypatch.setattr(archive_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with open_archive(path) as archive:
        assert archive.version == SCHEMA_VERSION + 1
        row = archive.read("SELECT tahunan, catatan FROM target")[0]
    assert tuple(row) == (1.0, "")


def test_archive_of_a_newer_tool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(ArchiveError, match="lebih baru"):
        open_archive(path)


def test_failed_migration_step_leaves_the_old_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    before = dump(path)
    bad = "CREATE TABLE baru (x INTEGER);\nINSERT INTO tidak_ada VALUES (1);"
    monkeypatch.setattr(archive_db, "MIGRATIONS", (*schema.MIGRATIONS, bad))
    monkeypatch.setattr(archive_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(ArchiveError):
        open_archive(path)
    assert dump(path) == before  # the half-run step was rolled back, version unchanged


# --- ingest -------------------------------------------------------------------------------


def test_ingesting_the_same_files_twice_changes_nothing(mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    read = read_workbooks(collect_inputs([tmp_path / "input"]), mini_ctx, tahun=2026)
    path = tmp_path / "a.sqlite"
    with open_archive(path) as archive:
        first = ingest(archive, read.files, read.values)
    assert (first.baru, first.dikenal) == (2, 0)
    assert first.fakta == len(read.values)
    before = dump(path)
    with open_archive(path) as archive:
        second = ingest(archive, read.files, read.values)
    assert (second.baru, second.dikenal, second.fakta) == (0, 2, 0)
    assert dump(path) == before
    # The same content under another name and folder is the same submission.
    moved = tmp_path / "elsewhere" / "salinan.xlsx"
    moved.parent.mkdir()
    moved.write_bytes(next((tmp_path / "input").glob("*TW1*")).read_bytes())
    again = read_workbooks([moved], mini_ctx, tahun=2026)
    with open_archive(path) as archive:
        assert ingest(archive, again.files, again.values).baru == 0
    assert dump(path) == before


def test_facts_keep_their_provenance(mini_ctx: Context, tmp_path: Path) -> None:
    src = returned_workbook(mini_ctx, tmp_path, 1)
    read = read_workbooks([src], mini_ctx, tahun=2026)
    path = tmp_path / "a.sqlite"
    with open_archive(path) as archive:
        ingest(archive, read.files, read.values)
        row = archive.read(
            "SELECT f.*, k.berkas, k.sha256, k.status FROM fakta f JOIN kiriman k "
            "ON k.id = f.kiriman_id WHERE f.indikator_id = 'kepemilikan_ktp_el' "
            "AND f.variabel_id = 'wajib_ktp'"
        )[0]
    want = read.values[read.values["variabel_id"] == "wajib_ktp"].iloc[0]
    assert (row["tahun"], row["triwulan"], row["wilayah"], row["nilai"]) == (2026, 1, "*", 7500)
    assert (row["lembar"], row["sel"]) == (want["lembar"], want["sel"])
    assert (row["berkas"], row["sha256"], row["status"]) == (src.name, want["sha256"], "terbaca")


# --- what a report records ------------------------------------------------------------------


def test_report_records_its_run_rows_and_targets(mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    path = tmp_path / "a.sqlite"
    outcome = report(mini_ctx, tmp_path, 2, path)
    assert outcome.ok
    with open_archive(path) as archive:
        (run,) = archive.read("SELECT * FROM laporan")
        rows = archive.read("SELECT * FROM hasil ORDER BY indikator_id, triwulan")
        targets = archive.read("SELECT * FROM target")
        used = archive.read("SELECT COUNT(*) FROM laporan_kiriman")[0][0]
    assert (run["tahun"], run["triwulan"], run["draf"], run["sumber"]) == (2026, 2, 0, "laporan")
    assert len(run["sidik_masukan"]) == 64 and run["sidik_katalog"] == mini_ctx.catalog.fingerprint
    assert len(rows) == len(outcome.model.results) == 12 and used == 2
    by_key = {(r["indikator_id"], r["triwulan"]): r for r in rows}
    for r in outcome.model.results.itertuples():
        got = by_key[(r.indikator_id, r.triwulan)]
        assert got["status"] == r.status and got["tahun"] == 2026
        assert got["capaian"] == pytest.approx(r.capaian, nan_ok=True) or got["capaian"] is None
    assert {t["indikator_id"] for t in targets} == set(mini_ctx.catalog.indikator_by_id)
    # The same inputs again: same fingerprint, a second run; the targets are not rewritten.
    before_targets = [tuple(t) for t in targets]
    report(mini_ctx, tmp_path, 2, path, draft=True)
    with open_archive(path) as archive:
        runs = archive.read("SELECT sidik_masukan, draf FROM laporan ORDER BY id")
        assert [tuple(t) for t in archive.read("SELECT * FROM target")] == before_targets
    assert runs[0][0] == runs[1][0] and [r[1] for r in runs] == [0, 1]


def test_a_removed_file_is_no_longer_used_but_stays_recorded(
    mini_ctx: Context, tmp_path: Path
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    second = returned_workbook(mini_ctx, tmp_path, 2)
    path = tmp_path / "a.sqlite"
    assert report(mini_ctx, tmp_path, 2, path).ok
    second.unlink()
    outcome = report(mini_ctx, tmp_path, 2, path)
    q2 = outcome.model.results[outcome.model.results["triwulan"] == 2]
    assert (q2["realisasi_triwulan"].isna()).all()
    assert count(path, "SELECT COUNT(*) FROM kiriman") == 2
    assert count(path, f"SELECT COUNT(*) FROM kiriman WHERE berkas = '{second.name}'") == 1
    last = count(path, "SELECT MAX(id) FROM laporan")
    assert count(path, f"SELECT COUNT(*) FROM laporan_kiriman WHERE laporan_id = {last}") == 1


def test_check_never_writes_the_archive(mini_config: Path, mini_ctx: Context, tmp_path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    result = CliRunner().invoke(cli, ["--config", str(mini_config), "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not mini_ctx.config.arsip.exists()


# --- damaged or locked ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"ini bukan basis data" * 10, b"SQLite format 3\x00" + b"\xff" * 3000]
)
def test_damaged_archive_stops_report_with_exit_2_but_not_check(
    mini_config: Path, mini_ctx: Context, tmp_path: Path, content: bytes
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    arsip = mini_ctx.config.arsip
    arsip.parent.mkdir(parents=True, exist_ok=True)
    arsip.write_bytes(content)
    base = ["--config", str(mini_config)]
    args = [*base, "report", "--quarter", "1", "--input", str(tmp_path / "input"),
            "--output", str(tmp_path / "out")]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Arsip" in result.output and "rusak" in result.output
    assert "Traceback" not in result.output
    assert arsip.read_bytes() == content  # never overwritten
    assert not (tmp_path / "out" / "2026-TW1").exists()
    check = CliRunner().invoke(cli, [*base, "check", str(tmp_path / "input")])
    assert check.exit_code == 0, check.output
    hist = CliRunner().invoke(cli, [*base, "history", "list"])
    assert hist.exit_code == 2 and "rusak" in hist.output


def test_locked_archive_is_a_clear_message(mini_ctx: Context, tmp_path: Path, monkeypatch) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    monkeypatch.setattr(archive_db, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ArchiveError, match="sedang dipakai"):
            report(mini_ctx, tmp_path, 1, path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert report(mini_ctx, tmp_path, 1, path).ok


# --- crashes and concurrency ----------------------------------------------------------------

WRITER = """
import sys, pandas as pd
from pathlib import Path
from pipeline.archive import open_archive
from pipeline.archive.job import record_received, record_report
from pipeline.context import load_context
from pipeline.engine import compute
from pipeline.reader import collect_inputs, read_workbooks
ctx = load_context(Path(sys.argv[1]))
read = read_workbooks(collect_inputs([Path(sys.argv[2])]), ctx, tahun=2026)
results = compute(ctx.catalog, ctx.targets, read.values, triwulan=2, scale=ctx.config.predikat)
# Many rows per run, so most of the time is spent inside a write transaction.
big = pd.concat([results.assign(triwulan=q) for q in (1, 2, 3, 4)] * 20, ignore_index=True)
big = big.assign(indikator_id=[f"{i}_{n}" for n, i in enumerate(big.indikator_id)])
print("ready", flush=True)
with open_archive(Path(sys.argv[3])) as archive:
    while True:
        record_received(archive, read.files, read.values)
        record_report(archive, ctx, big, read.files, tahun=2026, triwulan=2, draft=False)
"""


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_killed_writer_leaves_the_archive_consistent(
    mini_config: Path, mini_ctx: Context, tmp_path: Path
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(mini_config), str(tmp_path / "input"), str(path)],
        env=_env(),
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 60
        while count(path, "SELECT COUNT(*) FROM laporan") < 5:
            assert time.monotonic() < deadline, "the writer never wrote"
            assert child.poll() is None, "the writer died on its own"
            time.sleep(0.01)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    # No half run: every recorded run has all of its rows.
    per_run = count(path, "SELECT COUNT(DISTINCT n) FROM "
                          "(SELECT COUNT(*) AS n FROM hasil GROUP BY laporan_id)")  # fmt: skip
    assert per_run == 1
    assert count(path, "SELECT COUNT(*) FROM hasil") == 960 * count(
        path, "SELECT COUNT(*) FROM laporan"
    )
    assert report(mini_ctx, tmp_path, 2, path).ok  # the next run succeeds


def _cli_report(config: Path, folder: Path, out: str, archive: Path) -> subprocess.Popen:
    main = f"{NO_PDF}; from pipeline.cli import main; main()"
    args = [sys.executable, "-c", main, "--config", str(config), "report", "--quarter",
            "2", "--input", str(folder / "input"), "--output", str(folder / out),
            "--date", "2026-07-06", "--archive", str(archive)]  # fmt: skip
    return subprocess.Popen(
        args, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_report_killed_midway_then_the_next_one_succeeds(
    mini_config: Path, mini_ctx: Context, tmp_path: Path
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    child = _cli_report(mini_config, tmp_path, "out", path)
    try:
        # Killed once the files are recorded and before the run is: mid-report.
        deadline = time.monotonic() + 120
        while not path.exists() or count(path, "SELECT COUNT(*) FROM kiriman") < 2:
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.01)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert integrity(path) == "ok"
    assert count(path, "SELECT COUNT(*) FROM hasil") == 12 * count(
        path, "SELECT COUNT(*) FROM laporan"
    )
    assert report(mini_ctx, tmp_path, 2, path).ok
    assert count(path, "SELECT COUNT(*) FROM laporan WHERE draf = 0") >= 1


def test_two_reports_at_once_do_not_corrupt(
    mini_config: Path, mini_ctx: Context, tmp_path: Path
) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    path = tmp_path / "a.sqlite"
    children = [_cli_report(mini_config, tmp_path, f"out{k}", path) for k in (1, 2)]
    for child in children:
        _, err = child.communicate(timeout=180)
        assert child.returncode == 0, err.decode()
    assert integrity(path) == "ok"
    assert count(path, "SELECT COUNT(*) FROM laporan") == 2
    assert count(path, "SELECT COUNT(*) FROM hasil") == 24
    assert count(path, "SELECT COUNT(*) FROM kiriman") == 2  # both saw the same two files
