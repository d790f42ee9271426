"""Process start-up shared by the render pool and the parallel reader (no heavy imports).

`check` imports this on its start-up path, so it imports only the standard library.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

START_METHOD_ENV = "IKI_START_METHOD"


def start_method() -> str:
    """fork on Linux, spawn elsewhere (Windows has nothing else, macOS forks unsafely);
    IKI_START_METHOD=spawn|fork|forkserver overrides it (the tests force spawn with it).

    fork starts workers at once and never re-runs the caller's __main__; the parent runs
    no threads of its own when the workers are forked (the pool's manager thread starts
    after them). Everything sent to a worker pickles, so spawn works the same.
    """
    wanted = os.environ.get(START_METHOD_ENV, "").strip().lower()
    if wanted in multiprocessing.get_all_start_methods():
        return wanted
    return "fork" if sys.platform.startswith("linux") else "spawn"


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


ORPHAN_EXIT = 70  # exit status of a child whose parent died


def die_with_parent(parent_pid: int) -> None:
    """Linux: have the kernel SIGKILL this child process when its parent dies (prctl
    PR_SET_PDEATHSIG). It fires when the *thread* that forked exits, so call it only in a
    child started from the parent's main thread. Exits at once when the parent is already
    gone; elsewhere it does nothing (the caller must notice a dead parent another way).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (musl oddities)
        return
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(ORPHAN_EXIT)
