"""The render worker pool: started once (early when useful), time-boxed, killed on failure.

WeasyPrint costs about a second to import, so up to two worker processes are kept for the
life of the process. Workers die with their parent (see worker.start_worker); a batch of
renders that outlives the time budget, or any failure or interrupt while waiting, kills
the workers, so no render keeps running after `report` has given up.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from pipeline import fmt
from pipeline.documents.worker import Done, Task
from pipeline.errors import UsageError

# One start method for the render workers and the parallel reader (procs.py).
from pipeline.procs import START_METHOD_ENV as START_METHOD_ENV
from pipeline.procs import start_method

MAX_WORKERS = 2


def worker_count(requested: int | None) -> int:
    n = requested if requested is not None else min(MAX_WORKERS, os.cpu_count() or 1)
    return max(1, min(n, MAX_WORKERS))


_pool: tuple[int, ProcessPoolExecutor] | None = None


def executor(n: int) -> ProcessPoolExecutor:
    """The pool of n workers, created on first use and kept."""
    global _pool
    if _pool is not None and _pool[0] == n:
        return _pool[1]
    shutdown_workers()
    from pipeline.documents.worker import preload, start_worker

    method = start_method()
    if method == "fork":
        preload()
    context = multiprocessing.get_context(method)
    main = threading.current_thread() is threading.main_thread()
    direct = method != "forkserver"  # under forkserver a worker's parent is the server
    pool = ProcessPoolExecutor(
        n, mp_context=context, initializer=start_worker, initargs=(os.getpid(), main, direct)
    )
    _pool = (n, pool)
    return pool


def start_workers(workers: int | None = None) -> None:
    """Start the worker processes now, so that their imports (WeasyPrint, fonts, the
    stylesheet: about a second) overlap reading and computing in this process."""
    from pipeline.documents.worker import ready

    n = worker_count(workers)
    pool = executor(n)
    for _ in range(n):
        pool.submit(ready)


def shutdown_workers() -> None:
    global _pool
    if _pool is not None:
        _pool[1].shutdown(wait=True, cancel_futures=True)
        _pool = None


def kill_workers() -> None:
    """End the pool's processes at once (a render over its time budget, an interrupt)."""
    global _pool
    if _pool is None:
        return
    pool = _pool[1]
    _pool = None
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def worker_pids() -> list[int]:
    """Process ids of the live workers (for tests and diagnostics)."""
    if _pool is None:
        return []
    processes = getattr(_pool[1], "_processes", None) or {}
    return [p.pid for p in processes.values() if p.is_alive()]


class RenderTimeout(UsageError):
    """Rendering took longer than the configured budget (exit code 2)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Pembuatan dokumen PDF melewati batas waktu {fmt.angka(seconds)} detik "
            "(batas.waktu_render_detik di config.toml) dan dihentikan; keluaran lama tidak "
            "diubah. Penyebab yang biasa: teks yang sangat panjang di workbook kiriman "
            "(lihat temuan). Perbaiki teksnya, atau naikkan batas itu bila komputer memang "
            "lambat, lalu jalankan ulang."
        )
        self.seconds = seconds


_budget: ContextVar[float | None] = ContextVar("render_budget", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Renders submitted inside the block must finish within `seconds` (None: no limit)."""
    token = _budget.set(seconds)
    try:
        yield
    finally:
        _budget.reset(token)


@dataclass
class Batch:
    """Renders submitted together; `results()` waits for them, in order."""

    tasks: list[Task]
    futures: list[Future] = field(default_factory=list)
    budget: float | None = None
    started: float = field(default_factory=time.monotonic)
    # When each future completed (monotonic clock), stamped as results arrive: a render
    # that finished after the deadline is over budget even if nobody waited for it yet
    # (the caller writes other outputs meanwhile).
    finished: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, future in enumerate(self.futures):
            future.add_done_callback(lambda _f, i=i: self.finished.setdefault(i, time.monotonic()))

    def results(self) -> list[Done]:
        from pipeline.documents.worker import render

        if not self.futures:  # inline (or nothing to do)
            return [render(t) for t in self.tasks]
        deadline = None if self.budget is None else self.started + self.budget
        try:
            done = []
            for i, future in enumerate(self.futures):
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    result = future.result(timeout=left)
                except FuturesTimeout:
                    raise RenderTimeout(self.budget or 0) from None
                if deadline is not None and self.finished.get(i, time.monotonic()) > deadline:
                    raise RenderTimeout(self.budget or 0)
                done.append(result)
            return done
        except BaseException:  # timeout, interrupt, a failed render: no worker keeps working
            kill_workers()
            raise


def submit(tasks: list[Task], n: int, *, inline: bool = False) -> Batch:
    """Hand tasks to the pool (rendered in this process by results() when inline)."""
    budget = _budget.get()
    if inline or not tasks:
        return Batch(list(tasks), budget=budget)
    from pipeline.documents.worker import render

    pool = executor(n)
    try:
        futures = [pool.submit(render, t) for t in tasks]
    except BaseException:
        kill_workers()
        raise
    return Batch(list(tasks), futures, budget)
