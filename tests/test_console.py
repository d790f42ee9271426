"""Findings in the terminal: readable at any width, repetitive info summarised, no escapes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from readerkit import Kit
from rich.console import Console

from pipeline.console import clean, print_findings, summarise
from pipeline.context import Context
from pipeline.findings import error, info, warning

LONG = (
    "Sel berisi teks yang sangat panjang untuk menguji pelipatan pesan di terminal sempit, "
    "dengan saran perbaikan yang juga panjang agar baris harus dilipat beberapa kali."
)


def _findings():
    out = [
        error(
            "text-in-number",
            LONG,
            file="a.xlsx",
            sheet="02 Sekretaris",
            cell="G29",
            indikator="keluhan_layanan",
        ),
        warning(
            "number-format-changed",
            LONG,
            file="a.xlsx",
            sheet="02 Sekretaris",
            cell="G12",
            indikator="nilai_akuntabilitas",
        ),
    ]
    out += [
        info("duplicate-identical", f"Salinan {i}. {LONG}", file=f"b{i}.xlsx") for i in range(6)
    ]
    return out


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200])
def test_layout_fits_every_width(width: int) -> None:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    print_findings(_findings(), out=console, full_list="check --json")
    text = console.export_text()
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert "text-in-number" in text and "number-format-changed" in text
    # No message squeezed to a sliver: the long message takes few lines at any width.
    assert len(lines) < 40
    if width < 120:
        assert re.search(r"Peringatan +number-format-changed", text)
        assert re.search(r"Galat +text-in-number +02 Sekretaris › G29", text)
    # Six identical-duplicate infos: one summary line, one example.
    assert text.count("duplicate-identical") == 1 and "6 temuan serupa" in text


def test_repeated_info_is_shown_in_full_where_no_full_list_exists() -> None:
    """Commands without --json or temuan.json (pk, history/targets import) cannot point
    elsewhere for the rest, so every repeated info finding is printed."""
    console = Console(width=200, record=True, force_terminal=False, color_system=None)
    print_findings(_findings(), out=console)
    text = console.export_text()
    assert "temuan serupa" not in text
    assert all(f"Salinan {i}." in text for i in range(6))


def test_summary_keeps_errors_and_warnings_in_full() -> None:
    rest, repeated = summarise(_findings())
    assert [f.code for f in rest] == ["text-in-number", "number-format-changed"]
    assert [(f.code, n) for f, n in repeated] == [("duplicate-identical", 6)]
    few = [info("formula-used", "x", file="a.xlsx")] * 3
    assert summarise(few) == (few, [])


def test_clean_shows_control_characters_visibly() -> None:
    assert clean("a\x1b[31mb\x9b\u202ec\nd") == "a\\x1b[31mb\\x9b\\x202ec d"
    assert clean("baris\nkedua", newlines=True) == "baris\nkedua"


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_check_output_fits_columns(
    mini_ctx: Context, mini_config: Path, tmp_path: Path, width: int
) -> None:
    """The real `check` as a process, COLUMNS set: every line fits, nothing glued together."""
    kit = Kit(mini_ctx, tmp_path)
    first = kit.filled("a.xlsx", {("keluhan_layanan", "keluhan"): "12 dokumen"})
    for i in range(5):
        shutil.copyfile(first, kit.inbox / f"a-{i}.xlsx")
    env = {**os.environ, "COLUMNS": str(width), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "pipeline", "--config", str(mini_config), "check", str(kit.inbox)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert "temuan serupa" in out.stdout
    assert not re.search(r"(Galat|Peringatan|Info)[a-z]", out.stdout)
    # The six copies' identical error: printed once, under the six files' names.
    assert out.stdout.count("text-in-number") == 1
    flat = " ".join(out.stdout.split())
    assert "Temuan yang sama di 6 berkas (berlaku untuk setiap berkas):" in flat
    # An error: every one of the six files is named, none left to "dan 3 berkas lain".
    assert "a-0.xlsx, a-1.xlsx, a-2.xlsx, a-3.xlsx, a-4.xlsx dan a.xlsx" in flat
    assert "berkas lain" not in flat
    # One form for the whole output.
    as_list = re.search(r"^(Galat|Peringatan)  ", out.stdout, re.MULTILINE)
    assert not ("┃ Tingkat" in out.stdout and as_list), out.stdout
    assert "(semua tercantum di check --json)" in flat
    assert "6 berkas diperiksa: 6 galat," in out.stdout
    # --json keeps every one, file by file.
    as_json = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env)
    found = json.loads(as_json.stdout)["findings"]
    codes = [f["code"] for f in found]
    assert codes.count("duplicate-identical") == 5
    wrong = [f["file"] for f in found if f["code"] == "text-in-number"]
    assert sorted(wrong) == ["a-0.xlsx", "a-1.xlsx", "a-2.xlsx", "a-3.xlsx", "a-4.xlsx", "a.xlsx"]
