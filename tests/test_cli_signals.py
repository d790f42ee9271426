"""Ctrl+C and SIGTERM end a command the same way: cleanup runs, "Dibatalkan.", 130 / 143."""

from __future__ import annotations

import os
import signal
import time

import click
import pytest
from click.testing import CliRunner

from pipeline.cli_base import EXIT_INTERRUPTED, EXIT_TERMINATED, guarded

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")


def _command(stop, cleaned: list[str]) -> click.Command:
    @click.command()
    @guarded
    def body() -> int:
        try:
            stop()
            time.sleep(5)  # never reached: the signal handler raises first
            return 0
        finally:
            cleaned.append("finally")  # the temporary folder / workers would go here

    return body


def _run(stop) -> tuple[int, str, list[str]]:
    cleaned: list[str] = []
    result = CliRunner().invoke(_command(stop, cleaned), [])
    return result.exit_code, result.output, cleaned


def test_sigterm_unwinds_like_ctrl_c_with_its_own_exit_code() -> None:
    before = signal.getsignal(signal.SIGTERM)
    code, output, cleaned = _run(lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert code == EXIT_TERMINATED == 128 + signal.SIGTERM
    assert "Dibatalkan." in output
    assert cleaned == ["finally"]
    # The handler is the command's only: the test runner's own comes back after it.
    assert signal.getsignal(signal.SIGTERM) is before


def test_ctrl_c_is_still_130() -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    code, output, cleaned = _run(interrupt)
    assert code == EXIT_INTERRUPTED == 128 + signal.SIGINT
    assert "Dibatalkan." in output and cleaned == ["finally"]
