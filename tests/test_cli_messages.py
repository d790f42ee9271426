"""What the command line says by itself (usage errors, help) is Indonesian, exit code 2."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import cli


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report"], "Opsi wajib belum diisi '--quarter'"),
        (["report", "--quarter", "7"], "7 bukan triwulan: isi angka 1 sampai 4"),
        (["report", "--quarter", "x"], "'x' bukan triwulan"),
        (["report", "--quarter", "3", "--date", "7/1/2027"], "tulis TTTT-BB-HH, mis. 2027-01-07"),
        (["report", "--quarter", "3", "--date", "2027-13-01"], "bukan tanggal yang sah"),
        (["template", "--quarter", "3", "--year", "20x6"], "'20x6' bukan tahun"),
        (["reprot"], "Perintah 'reprot' tidak dikenal. Maksud Anda 'report'?"),
        (["template", "--quarter", "1", "--split", "x"], "bukan salah satu dari"),
        (["catalog", "--bogus"], "Opsi '--bogus' tidak dikenal"),
        # Every year option of every command: the same Indonesian rule (no "integer").
        (["history", "template", "--from-year", "abc", "--to-year", "2025"], "'abc' bukan tahun"),
        (["history", "import", "x.csv", "--year", "25"], "'25' bukan tahun"),
        (["targets", "template", "--year", "dua"], "'dua' bukan tahun"),
    ],
)
def test_usage_errors_are_indonesian(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Galat:" in result.output and expected in result.output
    for english in ("Error:", "Missing", "Usage:", "Try '", "integer", "range", "%Y", "format"):
        assert english not in result.output


def test_help_is_indonesian() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "Penggunaan:" in result.output and "Opsi:" in result.output
    assert "Tampilkan bantuan ini lalu keluar." in result.output
    assert "Show this message" not in result.output and "Options:" not in result.output


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
@pytest.mark.parametrize("target", ["report", "template"])
def test_make_requires_a_quarter(target: str) -> None:
    """`make report` without TW= stops with an Indonesian message instead of using TW 4."""
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "need-tw"], capture_output=True, text=True, env=_env()
    )
    assert result.returncode != 0
    assert "sebutkan triwulan" in result.stderr and "TW=3" in result.stderr
    dry = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, "TW=2"], capture_output=True, text=True, env=_env()
    )
    assert "--quarter 2" in dry.stdout


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TW", "MAKEFLAGS")}
    return env
