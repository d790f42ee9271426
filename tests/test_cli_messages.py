"""What the command line says by itself (usage errors, help) is Indonesian, exit code 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report"], "Opsi wajib belum diisi '--quarter'"),
        (["report", "--quarter", "7"], "7 di luar rentang"),
        (["reprot"], "Perintah 'reprot' tidak dikenal. Maksud Anda 'report'?"),
        (["template", "--quarter", "1", "--split", "x"], "bukan salah satu dari"),
        (["catalog", "--bogus"], "Opsi '--bogus' tidak dikenal"),
    ],
)
def test_usage_errors_are_indonesian(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Galat:" in result.output and expected in result.output
    for english in ("Error:", "Missing", "Usage:", "Try '"):
        assert english not in result.output


def test_help_is_indonesian() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "Penggunaan:" in result.output and "Opsi:" in result.output
    assert "Tampilkan bantuan ini lalu keluar." in result.output
    assert "Show this message" not in result.output and "Options:" not in result.output
