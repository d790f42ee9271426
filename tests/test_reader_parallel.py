"""Reading in two processes (pipeline/reader/parallel.py) gives exactly the serial result:
same values, findings and file order, whatever the folder holds and whatever happens to the
child. Timing is measured by `make bench` and the README's numbers, never asserted here."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import shutil
import signal
import time
import types
from pathlib import Path

import pytest
from conftest import write_mini_config
from readerkit import Kit, rewrite_zip, sheet_entry
from zipcraft import bomb_entry, deflated, write_zip

from pipeline.config import Limits
from pipeline.context import Context, load_context
from pipeline.reader import ReadResult, collect_inputs, parallel, read_workbooks
from pipeline.reader.files import FileInfo

FAR_CELL = b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Context, list[Path]]:
    """A folder like a real inbox, built once: whole and per-jabatan workbooks, a re-save
    (same cells, other bytes), byte-identical copies, a truncated file, a zip bomb, a sheet
    reaching XFD1048576 and a file that is no workbook at all."""
    root = tmp_path_factory.mktemp("paralel")
    ctx = load_context(write_mini_config(root))
    kit = Kit(ctx, root)
    inbox = kit.inbox
    whole = kit.filled("utuh-tw3.xlsx", split=None)
    kit.filled("utuh-tw2.xlsx", split=None, q=2)
    sekretaris = kit.filled("sekretaris.xlsx", {("keluhan_layanan", "keluhan"): 5})
    kit.filled("kadis.xlsx", jabatan="kepala_dinas", keterangan={"ketepatan_waktu": "server"})
    kit.filled("kadis-tw2.xlsx", jabatan="kepala_dinas", q=2)
    kit.filled("ulang/sekretaris-simpan-ulang.xlsx", {("keluhan_layanan", "keluhan"): 5})
    for copy in ("kirim-ulang/utuh-tw3.xlsx", "kirim-ulang/sekretaris.xlsx"):
        (inbox / copy).parent.mkdir(exist_ok=True)
        shutil.copy(whole if "utuh" in copy else sekretaris, inbox / copy)
    data = whole.read_bytes()
    (inbox / "terpotong.xlsx").write_bytes(data[: len(data) // 2])
    write_zip(
        inbox / "bom.xlsx", [deflated("xl/workbook.xml", b"<w/>"), bomb_entry("xl/s.xml", 128)]
    )
    far = kit.filled("jauh.xlsx", jabatan="sekretaris", q=1)
    sheet = sheet_entry(far, "02 Sekretaris")
    rewrite_zip(far, {sheet: lambda xml: xml.replace(b"</sheetData>", FAR_CELL + b"</sheetData>")})
    (inbox / "catatan.xlsx").write_text("ini bukan workbook", encoding="utf-8")
    return ctx, collect_inputs([inbox])


def reader_children() -> list:
    """The reader's live children (the render pool of other tests may be alive too)."""
    return [p for p in multiprocessing.active_children() if p.name == "iki-baca"]


def _read(ctx: Context, paths: list[Path], mode: str, monkeypatch) -> ReadResult:
    monkeypatch.setenv(parallel.PROCESSES_ENV, mode)
    return read_workbooks(paths, ctx, tahun=2026)


def _same(a: ReadResult, b: ReadResult) -> None:
    # repr: NaN (blank or refused cells) compares unequal to itself, its repr does not.
    assert repr(a.files) == repr(b.files)
    assert repr(a.findings) == repr(b.findings)
    assert repr(a.value_rows) == repr(b.value_rows)
    assert repr(a.keterangan_rows) == repr(b.keterangan_rows)


@pytest.fixture(scope="module")
def serial(mixed) -> ReadResult:
    ctx, paths = mixed
    with pytest.MonkeyPatch.context() as mp:
        return _read(ctx, paths, "1", mp)


class Spy:
    """Counts, in this process, the reads each child delivered."""

    def __init__(self, monkeypatch) -> None:
        self.delivered: list[int] = []
        original = parallel._Child.results

        def results(child, theirs):
            got = original(child, theirs)
            self.delivered.append(len(got))
            return got

        monkeypatch.setattr(parallel._Child, "results", results)


@pytest.mark.parametrize("batch_bytes", [None, 40_000])
def test_two_processes_give_the_serial_result(
    mixed, serial, monkeypatch, batch_bytes: int | None
) -> None:
    ctx, paths = mixed
    spy = Spy(monkeypatch)
    if batch_bytes:
        monkeypatch.setattr(parallel, "BATCH_BYTES", {"fork": batch_bytes})
    steps: list[int] = []

    def bar(items, description, *, enabled=True):
        for item in items:
            yield item
            steps.append(item)

    monkeypatch.setattr(parallel, "progress_bar", bar)
    _same(_read(ctx, paths, "2", monkeypatch), serial)
    assert spy.delivered and all(spy.delivered)  # children did parse
    if batch_bytes:
        assert len(spy.delivered) > 1  # several batches, one child each
    assert steps == list(range(len(paths)))  # every file counted once, in order
    assert not reader_children()
    codes = {f.code for f in serial.findings}
    assert {"file-truncated", "zip-entry-too-large", "sheet-too-large", "not-a-workbook"} <= codes
    assert "duplicate-identical" in codes


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawned_child_gives_the_serial_result(mixed, serial, monkeypatch, method) -> None:
    """What Windows and macOS use (spawn): the child re-imports and gets its work pickled.
    Under forkserver its direct parent is the server: it must still parse, not take the
    server for a dead parent and leave everything to this process."""
    ctx, paths = mixed
    spy = Spy(monkeypatch)
    monkeypatch.setenv("IKI_START_METHOD", method)
    _same(_read(ctx, paths, "2", monkeypatch), serial)
    assert spy.delivered and all(spy.delivered)


def _raise(k: int) -> None:
    if k == 1:
        raise RuntimeError("child fails after one file")


def _exit(k: int) -> None:
    os._exit(3)


def _kill(k: int) -> None:
    if k == 2:
        os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("fault", [_raise, _exit, _kill])
def test_a_failing_child_loses_no_file(mixed, serial, monkeypatch, fault) -> None:
    ctx, paths = mixed
    spy = Spy(monkeypatch)
    monkeypatch.setattr(parallel, "child_fault", fault)
    _same(_read(ctx, paths, "2", monkeypatch), serial)
    assert spy.delivered and spy.delivered[0] < 3  # the rest was read here
    assert not reader_children()


def test_a_hung_child_is_killed_after_its_budget(mixed, monkeypatch) -> None:
    ctx, paths = mixed
    quick = dataclasses.replace(
        ctx, config=dataclasses.replace(ctx.config, batas=Limits(waktu_baca_detik=0.5))
    )
    two = [p for p in paths if p.name in ("sekretaris.xlsx", "kadis.xlsx")]
    expected = _read(quick, two, "1", monkeypatch)
    spy = Spy(monkeypatch)
    monkeypatch.setattr(parallel, "child_fault", lambda k: time.sleep(60))
    t0 = time.monotonic()
    _same(_read(quick, two, "2", monkeypatch), expected)
    assert time.monotonic() - t0 < 30  # the child's 1 s budget, not its 60 s sleep
    assert spy.delivered == [0]
    assert not reader_children()


def test_interrupt_kills_the_child(mixed, monkeypatch) -> None:
    ctx, paths = mixed
    monkeypatch.setattr(parallel, "child_fault", lambda k: time.sleep(60))

    def interrupted(child, n, tick):
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel._Child, "wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _read(ctx, paths, "2", monkeypatch)
    assert not reader_children()


def test_small_runs_stay_in_one_process(mixed, serial, monkeypatch) -> None:
    ctx, paths = mixed

    def no_child(*args, **kwargs):
        raise AssertionError("no child process below the threshold")

    monkeypatch.setattr(parallel._Child, "__enter__", no_child)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    # Below the threshold (auto), and IKI_READ_PROCESSES=1 forces one process.
    above = sum(p.stat().st_size for p in paths) + 1
    monkeypatch.setattr(parallel, "MIN_BYTES", {"fork": above, "spawn": above, "forkserver": None})
    _same(_read(ctx, paths, "", monkeypatch), serial)
    monkeypatch.setattr(parallel, "MIN_BYTES", {"fork": 1, "spawn": 1, "forkserver": 1})
    _same(_read(ctx, paths, "1", monkeypatch), serial)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)  # one CPU: never
    _same(_read(ctx, paths, "", monkeypatch), serial)


def test_above_the_threshold_two_processes_are_used(mixed, serial, monkeypatch) -> None:
    ctx, paths = mixed
    spy = Spy(monkeypatch)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_BYTES", {**parallel.MIN_BYTES, "fork": 1})
    monkeypatch.setenv("IKI_START_METHOD", "fork")
    _same(_read(ctx, paths, "", monkeypatch), serial)
    assert spy.delivered


def test_shares_are_balanced_by_bytes() -> None:
    info = FileInfo(Path("x"), "x", "", 0, None)  # type: ignore[arg-type]
    sizes = [900, 100, 100, 100, 400, 300, 200]
    jobs = [parallel.Job(i, info, b"\0" * n) for i, n in enumerate(sizes)]
    mine, theirs = parallel.shares(jobs)
    assert sorted(j.index for j in mine + theirs) == list(range(len(sizes)))
    weight = [sum(len(j.data) for j in side) for side in (mine, theirs)]
    assert abs(weight[0] - weight[1]) <= 100
    assert [j.index for j in mine] == sorted(j.index for j in mine)  # file order kept


def test_a_quiet_child_is_given_up_on_after_one_files_time_not_its_shares() -> None:
    """The wait for a child is bounded by one file's time since its last delivery (plus its
    start before the first), however many files its share holds."""
    child = parallel._Child("fork", (), per_file=20.0)
    child.started = 1000.0
    child.inbox = types.SimpleNamespace(last=None)
    assert child.deadline() == 1000.0 + parallel.START_SECONDS["fork"] + 20.0
    child.inbox.last = 5000.0
    assert child.deadline() == 5000.0 + 20.0 + parallel.GRACE_SECONDS
    spawned = parallel._Child("spawn", (), per_file=20.0)
    spawned.started = 1000.0
    spawned.inbox = types.SimpleNamespace(last=None)
    assert spawned.deadline() > child.started + parallel.START_SECONDS["fork"] + 20.0
