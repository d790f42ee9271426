"""Parsing returned workbooks in two processes when that pays off (README: "Membaca dengan
dua proses" in the developer notes holds the measurements behind the thresholds).

`read_all` loads and hashes every file in this process, in order, as the serial reader
does, and parses each distinct file once (byte-identical copies are told from the first
one). The distinct files of a batch are parsed here and, when the batch holds enough work
for a second process to pay for itself, one share of them in one child process, which
sends back each FileRead pickled as soon as it is done. Every result goes into its file's
own slot, so findings, values and file order are those of a serial run.

A child that dies, raises or goes quiet (nothing delivered for `batas.waktu_baca_detik`,
the bound of one file, plus a start allowance) costs speed, never files: whatever it did
not send back is parsed here, each file again with its own time budget. The child ignores
Ctrl+C (the parent kills it), dies with its parent on Linux, and is always reaped.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import io
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.console import progress as progress_bar
from pipeline.procs import die_with_parent, start_method, usable_cpus
from pipeline.reader.model import FileRead
from pipeline.reader.safety import MB

if TYPE_CHECKING:
    from pipeline.context import Context
    from pipeline.reader.files import FileInfo

# "1": always one process; "2": two processes for every batch with two files to parse
# (the tests force both paths with it); unset or anything else: the measured thresholds.
PROCESSES_ENV = "IKI_READ_PROCESSES"
# File bytes held in memory at once, waiting to be parsed (the serial reader holds one
# file), per start method. A forked child shares them with the parent copy-on-write and
# costs about 6 ms, so batches are small (peak of the process tree over 2,940 distinct
# per-jabatan files: 79 MB against 47 MB in one process; 113 MB in one 41 MB batch). A
# spawned child is a new interpreter per batch and receives a copy of its share, so its
# batches are large.
BATCH_BYTES: dict[str, int] = {"fork": 16 * MB, "spawn": 64 * MB, "forkserver": 64 * MB}
# Bytes of distinct files in a batch from which a second process pays off, per start
# method (None: never). Measured on 2 cores, Linux (README): parsing runs at 5-13 MB/s of
# .xlsx (whole workbooks slowest); a forked child costs 5-8 ms from start to reaped, and
# each read it sends back 0.1-0.8 ms of pickling; a spawned child (Windows, macOS) needs
# 0.12-0.2 s before it parses (a new interpreter, the imports, its work unpickled), and
# Windows starts processes and imports several times slower still. Two processes save at
# most half the parse time, and nothing when the other core is busy, so a batch must
# hold about 0.1 s of parsing for fork (1 MB: ~10 whole or ~80 per-jabatan workbooks)
# and about 2 s for spawn before the child is worth its cost.
MIN_BYTES: dict[str, int | None] = {"fork": 1 * MB, "spawn": 16 * MB, "forkserver": 16 * MB}
GRACE_SECONDS = 2.0  # a child that has sent everything gets this long to exit
# Beyond one file's time, how long a child may take to start: a fork is immediate, a
# spawned interpreter imports the pipeline and unpickles its share (0.12-0.2 s on Linux,
# several times that on Windows).
START_SECONDS: dict[str, float] = {"fork": 2.0, "spawn": 30.0, "forkserver": 30.0}
POLL_SECONDS = 0.25

# Test hook, called in the child before it parses its k-th file (k from 0); under fork a
# monkeypatched value reaches the child. Lets tests make a child raise or exit.
child_fault: Callable[[int], None] | None = None


@dataclass(frozen=True)
class Job:
    index: int  # position in the run's file list
    base: FileInfo
    data: bytes


def forced() -> str:
    """'serial', 'parallel' or 'auto', from IKI_READ_PROCESSES."""
    wanted = os.environ.get(PROCESSES_ENV, "").strip()
    return {"1": "serial", "2": "parallel"}.get(wanted, "auto")


def may_split(n_files: int) -> bool:
    """Whether a run of n files could use two processes at all (else: the plain loop)."""
    mode = forced()
    if mode == "serial" or n_files < 2:
        return False
    return mode == "parallel" or (usable_cpus() >= 2 and MIN_BYTES.get(start_method()) is not None)


def pays(jobs: Sequence[Job], method: str) -> bool:
    """Whether this batch is parsed in two processes."""
    if len(jobs) < 2:
        return False
    if forced() == "parallel":
        return True
    minimum = MIN_BYTES.get(method)
    return minimum is not None and sum(len(j.data) for j in jobs) >= minimum


def shares(jobs: Sequence[Job]) -> tuple[list[Job], list[Job]]:
    """(this process's share, the child's share), balanced by bytes (largest first to the
    lighter share), each in file order."""
    mine: list[Job] = []
    theirs: list[Job] = []
    load = [0, 0]
    for job in sorted(jobs, key=lambda j: (-len(j.data), j.index)):
        side = 1 if load[1] < load[0] else 0
        (theirs if side else mine).append(job)
        load[side] += len(job.data)
    return sorted(mine, key=lambda j: j.index), sorted(theirs, key=lambda j: j.index)


class _Bar:
    """The run's progress bar, advanced to an absolute count of files done."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._steps = progress_bar(range(total), "Membaca workbook", enabled=enabled)
        self.done = 0
        next(self._steps, None)  # shows the bar at 0

    def at(self, done: int) -> None:
        while self.done < done:
            self.done += 1
            next(self._steps, None)

    def close(self) -> None:
        self._steps.close()


def read_all(
    pairs: Sequence[tuple[Path, str]],
    ctx: Context,
    *,
    tahun: int,
    triwulan_max: int | None,
    progress: bool,
) -> list[FileRead]:
    """Every file read, in order; distinct files parsed in batches of up to BATCH_BYTES."""
    from pipeline.reader.read import _as_copy, _load

    out: list[FileRead | None] = [None] * len(pairs)
    first: dict[str, int] = {}  # sha256 -> index of the file parsed for it
    copies: list[tuple[int, FileInfo]] = []
    batch: list[Job] = []
    held = 0
    limit = BATCH_BYTES.get(start_method(), min(BATCH_BYTES.values()))
    bar = _Bar(len(pairs), progress)

    def flush() -> None:
        for job, read in zip(batch, parse_batch(batch, ctx, tahun, triwulan_max, bar), strict=True):
            out[job.index] = read
        batch.clear()

    try:
        for i, (path, name) in enumerate(pairs):
            loaded = _load(Path(path), name, ctx)
            if isinstance(loaded, FileRead):
                out[i] = loaded
                bar.at(bar.done + 1)
                continue
            base, data = loaded
            if base.sha256 in first:
                copies.append((i, base))  # told from its first file once that is parsed
                bar.at(bar.done + 1)
                continue
            first[base.sha256] = i
            if batch and held + len(data) > limit:
                flush()
                held = 0
            batch.append(Job(i, base, data))
            held += len(data)
        flush()
    finally:
        bar.close()
    for i, base in copies:
        out[i] = _as_copy(out[first[base.sha256]], base)
    return out  # type: ignore[return-value]  # every slot is filled above


def parse_batch(
    jobs: list[Job], ctx: Context, tahun: int, triwulan_max: int | None, bar: _Bar
) -> list[FileRead]:
    """The reads of `jobs`, in their order; in two processes when that pays off."""
    from pipeline.reader.read import _parse

    start = bar.done

    def parse(job: Job) -> FileRead:
        return _parse(job.base, job.data, ctx, tahun=tahun, triwulan_max=triwulan_max)

    method = start_method()
    if not pays(jobs, method):
        reads = []
        for job in jobs:
            reads.append(parse(job))
            bar.at(bar.done + 1)
        return reads
    mine, theirs = shares(jobs)
    per_file = ctx.config.batas.waktu_baca_detik
    got: dict[int, FileRead] = {}
    with _Child(method, (ctx, tahun, triwulan_max, theirs), per_file) as child:
        for job in mine:
            got[job.index] = parse(job)
            bar.at(start + len(got) + child.inbox.count)
        child.wait(len(theirs), lambda n: bar.at(start + len(got) + n))
    got.update(child.results(theirs))
    for job in theirs:  # what the child did not deliver
        if job.index not in got:
            got[job.index] = parse(job)
            bar.at(start + len(got))
    return [got[job.index] for job in jobs]


class _Inbox:
    """Talks to the child on a thread: sends it its work when it was not forked (the child
    takes it only once it has started, which must not hold up this process's own share),
    then receives its pickled results, so the child never waits on a full pipe while this
    process is busy parsing."""

    def __init__(self, conn, payload: bytes | None) -> None:
        self.conn = conn
        self.payload = payload
        self.blobs: list[bytes] = []
        self.last: float | None = None  # when the latest result arrived
        self.ended = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="iki-baca-terima", daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        return len(self.blobs)

    def _run(self) -> None:
        try:
            if self.payload is not None:
                self.conn.send_bytes(self.payload)
                self.payload = None
            while True:
                blob = self.conn.recv_bytes()
                with self.cond:
                    self.blobs.append(blob)
                    self.last = time.monotonic()
                    self.cond.notify_all()
        except (EOFError, OSError):  # the child exited (or was killed, or never started)
            pass
        finally:
            with self.cond:
                self.ended = True
                self.cond.notify_all()


class _Child:
    """One child process parsing a share; a context manager that always reaps it."""

    def __init__(self, method: str, work: tuple, per_file: float) -> None:
        self.method = method
        self.work = work
        self.per_file = per_file
        self.started = time.monotonic()
        self.complete = False

    def deadline(self) -> float:
        """When a child that has delivered nothing since is taken for stuck: every file has
        its own time bound inside the child, so silence longer than one file's bound (plus
        its start, before the first) means it will not deliver. A share of hundreds of
        files is no reason to wait hundreds of times as long for a hung one."""
        last = self.inbox.last
        if last is None:
            return self.started + START_SECONDS.get(self.method, 30.0) + self.per_file
        return last + self.per_file + GRACE_SECONDS

    def __enter__(self) -> _Child:
        mp = multiprocessing.get_context(self.method)
        here, there = mp.Pipe()
        fork = self.method == "fork"
        # A forked child inherits the work as it is; any other start method needs it pickled,
        # and sent through the pipe (Process arguments would block start() meanwhile).
        inherited, payload = (self.work, None) if fork else (None, _dumps(self.work))
        # The kernel's parent-death signal follows the direct parent: this process under
        # fork and spawn, the server under forkserver (where it cannot tell us apart).
        pdeathsig = (
            threading.current_thread() is threading.main_thread() and self.method != "forkserver"
        )
        self.process: multiprocessing.process.BaseProcess | None = mp.Process(
            target=_child_main,
            args=(there, inherited, os.getpid(), pdeathsig),
            name="iki-baca",
            daemon=True,
        )
        # Buffered output would be written twice if a forked child flushed its copy.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        if fork:
            # Objects alive now stay out of the child's collections: its collector would
            # otherwise write to (and so copy) every page holding them, such as the reads
            # of earlier batches (measured: 90 -> 79 MB peak over 2,940 distinct files).
            gc.freeze()
        try:
            # Other threads may run now (rich's progress refresh, the render pool's in
            # `report`): the child takes none of their locks (it parses, pickles, writes to
            # its pipe and leaves with os._exit), and CPython re-creates the import lock.
            self.process.start()
            self.started = time.monotonic()
        except OSError:  # no process to be had (memory, limits): everything is read here
            self.process = None
        finally:
            if fork:
                gc.unfreeze()
            there.close()  # the child holds the only other end: its exit ends the inbox
        self.inbox = _Inbox(here, payload)
        return self

    def wait(self, n: int, tick: Callable[[int], None]) -> None:
        """Until n results arrived, the child ended, or its time is up."""
        inbox = self.inbox
        with inbox.cond:
            while inbox.count < n and not inbox.ended:
                left = self.deadline() - time.monotonic()
                if left <= 0:
                    break
                inbox.cond.wait(min(left, POLL_SECONDS))
                tick(inbox.count)
            self.complete = inbox.count >= n

    def __exit__(self, *exc) -> None:
        process = self.process
        if process is not None:
            if exc[0] is None and self.complete:
                process.join(GRACE_SECONDS)
            if process.is_alive():  # an interrupt, an error here, a hung or late child
                process.kill()
            process.join()
        self.inbox.thread.join()
        self.inbox.conn.close()

    def results(self, theirs: Sequence[Job]) -> dict[int, FileRead]:
        """The reads the child delivered (a damaged message is as if never sent)."""
        wanted = {job.index for job in theirs}
        out: dict[int, FileRead] = {}
        for blob in self.inbox.blobs:
            try:
                index, read = pickle.loads(blob)
            except Exception:
                continue
            if index in wanted and isinstance(read, FileRead):
                out[index] = read
        return out


def _child_main(conn, inherited: tuple | None, parent_pid: int, pdeathsig: bool) -> None:
    """The child: parse its share, send each read as it is done, exit without cleanup.

    os._exit skips flushing standard streams and atexit handlers inherited from the parent
    (with fork, a lock a parent thread held at the fork could otherwise hang the exit).
    """
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent kills the child
        if pdeathsig:
            die_with_parent(parent_pid)
        work = inherited if inherited is not None else pickle.loads(conn.recv_bytes())
        ctx, tahun, triwulan_max, jobs = work
        from pipeline.reader.read import _parse

        for k, job in enumerate(jobs):
            if child_fault is not None:
                child_fault(k)
            read = _parse(job.base, job.data, ctx, tahun=tahun, triwulan_max=triwulan_max)
            conn.send_bytes(pickle.dumps((job.index, read), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # whatever it was, the parent reads the rest
        code = 1
    finally:
        with contextlib.suppress(OSError):
            conn.close()
    os._exit(code)


def _mapping_proxy(items: dict) -> types.MappingProxyType:
    return types.MappingProxyType(items)


def _dumps(obj: object) -> bytes:
    """Pickle for a spawned child: the catalog's read-only mappings travel as dicts."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[types.MappingProxyType] = lambda m: (_mapping_proxy, (dict(m),))
    pickler.dump(obj)
    return buf.getvalue()
