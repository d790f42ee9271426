"""Every TOML the tool reads: syntax errors in Indonesian with line and column, BOM accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import UsageError
from pipeline.tomlcheck import load_toml

CASES = [
    ("a = 1\nb = abc\n", "baris 2, kolom 5", "nilai tidak sah", "Invalid value"),
    ("a = 1\na = 2\n", "baris 2, kolom 6", "kunci ganda", "Cannot overwrite a value"),
    ('a = "abc\nb = 1\n', "baris 1, kolom 9", "tidak ditutup dengan tanda kutip", "Illegal char"),
    ("[x.y]\nb = 1\n[x.y]\n", "baris 3", "tabel [x.y] ditulis dua kali", "Cannot declare"),
    ("a = 1,5\n", "baris 1, kolom 6", "masih ada teks sesudah nilai", "Expected newline"),
    ("a = [1, 2\n", "di akhir berkas", "tidak ditutup dengan ]", "Unclosed array"),
    ('p = "C:\\dok"\n', "baris 1", "garis miring terbalik", "Unescaped"),
    ("b = {c = 1, c = 2}\n", "baris 1", "kunci c ditulis dua kali", "Duplicate inline"),
    ("a = 2027-13-01\n", "baris 1", "", "(tomllib:"),
    ("b = {c = 1\n", "baris 1", "tabel { ... } tidak ditutup dengan }", "Unclosed inline"),
]


@pytest.mark.parametrize(("text", "where", "why", "original"), CASES)
def test_syntax_errors_are_indonesian_with_line_and_column(
    tmp_path: Path, text: str, where: str, why: str, original: str
) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_toml(path)
    message = str(caught.value)
    assert "bukan TOML yang sah" in message and where in message and why in message
    assert original in message  # the original text kept, in parentheses, as a fallback
    assert not message.startswith("Invalid")


def test_bom_is_accepted_and_other_encodings_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"\xef\xbb\xbf# komentar\na = 1\n")
    assert load_toml(path) == {"a": 1}
    path.write_bytes("a = 1\n".encode("utf-16"))
    with pytest.raises(UsageError, match="UTF-16"):
        load_toml(path)
    path.write_bytes(b'a = "caf\xe9"\n')  # Windows-1252
    with pytest.raises(UsageError, match="bukan teks UTF-8 \\(baris 1\\)"):
        load_toml(path)


def test_config_with_bom_and_typo_through_the_cli(mini_config: Path) -> None:
    text = mini_config.read_text(encoding="utf-8")
    mini_config.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    ok = CliRunner().invoke(cli, ["--config", str(mini_config), "catalog"])
    assert ok.exit_code == 0, ok.output
    mini_config.write_text(text + "\n[rusak]\nx = tiga\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["--config", str(mini_config), "catalog"])
    assert bad.exit_code == 2
    assert "config.toml: bukan TOML yang sah pada baris" in bad.output
    assert "nilai tidak sah" in bad.output
