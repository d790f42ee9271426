"""What every command shares: exit codes, the error guard, common options.

Kept apart from pipeline.cli so that command modules (cli_history) and the main group can
both use it without importing each other.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

import pipeline.console as term
from pipeline.cli_types import QUARTER, YEAR
from pipeline.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report


class Terminated(KeyboardInterrupt):
    """SIGTERM (a service manager, `kill`), raised where the command stands.

    A KeyboardInterrupt, so everything that cleans up after Ctrl+C cleans up after it too:
    the temporary output folder is removed, render workers and the reader's child process
    are ended (they are killed in `finally`/`except BaseException` blocks, never left to
    die mid-write).
    """


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises Terminated while the command runs; the previous handler comes back
    after (a test runner or an embedding program keeps its own)."""
    import os
    import signal

    here = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != here:  # a forked child (reader, render worker): ends quietly
            raise SystemExit(128 + signum)
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def guarded(fn: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; turn known errors into exit codes, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> None:
        ctx = click.get_current_context()
        try:
            with _sigterm_unwinds():
                code = fn(*args, **kwargs)
        except UsageError as exc:
            term.err_console.print(f"[bold red]Galat:[/] {term.escape(str(exc))}", soft_wrap=True)
            code = EXIT_USAGE
        except Terminated:
            term.err_console.print("Dibatalkan.")
            code = EXIT_TERMINATED
        except KeyboardInterrupt:
            term.err_console.print("Dibatalkan.")
            code = EXIT_INTERRUPTED
        except Exception as exc:
            if ctx.find_root().params.get("debug"):
                raise
            term.err_console.print(
                f"[bold red]Kesalahan internal:[/] {type(exc).__name__}: {term.escape(str(exc))}. "
                "Jalankan ulang dengan --debug dan laporkan keluarannya ke pengembang.",
                soft_wrap=True,
            )
            code = EXIT_INTERNAL
        sys.exit(code)

    return wrapper


year_option = click.option(
    "--year", "tahun", type=YEAR, metavar="TAHUN", help="Tahun pelaporan (bawaan: tahun di config)."
)


def quarter_option(help_text: str) -> Callable:
    return click.option(
        "--quarter",
        "triwulan",
        type=QUARTER,
        required=True,
        metavar="1-4",
        help=help_text,
    )


archive_option = click.option(
    "--archive",
    "archive_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="BERKAS",
    help="Berkas arsip (bawaan: arsip.berkas di config).",
)

out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="FOLDER",
    help="Folder tujuan (bawaan: folder.template di config).",
)
