"""The output folder never destroys inputs or foreign files, and its OS errors are told
in Indonesian with the path (issue 12, families 3 and 4)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_run import returned_workbook, snapshot

from pipeline import outfolder
from pipeline.cli import cli
from pipeline.context import Context


def run(config: Path, input_dir: Path, output: Path, *extra: str):
    args = ["--config", str(config), "report", "--quarter", "1", "--input", str(input_dir),
            "--output", str(output), "--date", "2026-04-06", *extra]  # fmt: skip
    return CliRunner().invoke(cli, args)


@pytest.fixture
def one_quarter(mini_ctx: Context, tmp_path: Path) -> Path:
    returned_workbook(mini_ctx, tmp_path, 1)
    return tmp_path


@pytest.mark.parametrize("layout", ["same", "output-inside-input", "input-inside-output"])
def test_overlapping_folders_are_refused_and_inputs_untouched(
    mini_config: Path, one_quarter: Path, layout: str
) -> None:
    inp = one_quarter / "input"
    if layout == "input-inside-output":
        # The clerk keeps returned workbooks in the report folder of the quarter.
        out = one_quarter / "laporan"
        (out / "2026-TW1").mkdir(parents=True)
        shutil.move(str(inp), out / "2026-TW1" / "input")
        inp = out / "2026-TW1" / "input"
    else:
        out = inp if layout == "same" else inp / "keluaran"
    before = snapshot(inp)
    result = run(mini_config, inp, out)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert str(out) in message and str(inp) in message and "Pilih folder keluaran" in message
    assert snapshot(inp) == before


def test_foreign_files_in_the_report_folder_are_never_replaced(
    mini_config: Path, mini_ctx: Context, one_quarter: Path
) -> None:
    out = one_quarter / "out"
    # A returned workbook saved into the report folder by hand: it must survive.
    kept = returned_workbook(mini_ctx, out, 1, name="../2026-TW1/kiriman-sekretaris.xlsx")
    before = snapshot(out)
    result = run(mini_config, one_quarter / "input", out)
    assert result.exit_code == 2, result.output
    assert (
        "kiriman-sekretaris.xlsx" in result.output
        and "tidak ditulis oleh alat ini" in result.output
    )
    after = snapshot(out)
    assert after.pop(outfolder.LOCK_NAME) == hashlib.sha256(b"").hexdigest()  # empty lock
    assert kept.is_file() and after == before


def test_no_workbook_read_is_refused_and_the_old_report_kept(
    mini_config: Path, one_quarter: Path, tmp_path: Path
) -> None:
    out = one_quarter / "out"
    assert run(mini_config, one_quarter / "input", out).exit_code == 0
    before = snapshot(out)
    manifest = json.loads((out / "2026-TW1" / outfolder.MANIFEST).read_text(encoding="utf-8"))
    assert "hasil.csv" in manifest["berkas"] and manifest["alat"] == outfolder.TOOL

    empty = tmp_path / "kosong"
    empty.mkdir()
    (empty / "config.toml").write_text("tahun = 2026\n")  # config and targets are not workbooks
    (empty / "target-2026.toml").write_text("tahun = 2026\n")
    result = run(mini_config, empty, out)
    assert result.exit_code == 2 and "Tidak ada workbook" in result.output, result.output

    broken = tmp_path / "rusak"
    broken.mkdir()
    (broken / "IKI-2026-TW1.xlsx").write_bytes(b"bukan zip")
    result = run(mini_config, broken, out)
    assert result.exit_code == 2, result.output
    assert "Tidak satu pun dari 1 berkas" in " ".join(result.output.split())
    assert snapshot(out) == before


def test_config_files_beside_the_workbooks_are_not_counted(
    mini_config: Path, one_quarter: Path
) -> None:
    inp = one_quarter / "input"
    shutil.copy(mini_config, inp / "config.toml")
    shutil.copy(one_quarter / "target-2026.toml", inp / "target-2026.toml")
    result = run(mini_config, inp, one_quarter / "out")
    assert result.exit_code == 0, result.output
    assert "1 berkas diperiksa" in result.output


def test_stale_temporary_folders_are_removed_and_a_half_swapped_report_restored(
    tmp_path: Path,
) -> None:
    root = tmp_path / "out"
    dead = root / ".2026-TW1-9f8e7d6c5b4a"
    (dead / "iki").mkdir(parents=True)
    (dead / "iki" / "x.pdf").write_bytes(b"%PDF")
    moved = root / ".2026-TW2-lama-1764500000"
    moved.mkdir()
    (moved / "hasil.csv").write_text("a\n")
    outfolder.write_manifest(moved, [moved / "hasil.csv"])
    user = root / ".2026-TW3-catatan"  # a folder named like ours, but it is a file: kept
    user.write_text("punya pengguna")
    with outfolder.locked(root):
        outfolder.clean_stale(root)
    assert not dead.exists() and not moved.exists()
    assert (root / "2026-TW2" / "hasil.csv").read_text() == "a\n"
    assert user.read_text() == "punya pengguna"


def test_a_second_run_waits_for_the_lock(mini_config: Path, one_quarter: Path) -> None:
    out = one_quarter / "out"
    out.mkdir()
    with outfolder.locked(out):
        result = run(mini_config, one_quarter / "input", out)
    assert result.exit_code == 2, result.output
    assert "Laporan lain sedang ditulis" in result.output
    assert not (out / "2026-TW1").exists()


def test_output_path_that_is_a_file(mini_config: Path, one_quarter: Path) -> None:
    as_file = one_quarter / "laporan.txt"
    as_file.write_text("bukan folder")
    for out in (as_file, as_file / "sub"):
        result = run(mini_config, one_quarter / "input", out)
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        assert str(as_file) in text and "Kesalahan internal" not in text
    assert as_file.read_text() == "bukan folder"


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"tmpfs tidak dapat dipasang di mesin ini: {exc}")
    if done.returncode != 0:
        pytest.skip(f"tmpfs tidak dapat dipasang (perlu hak root): {done.stderr.decode()[:200]}")


@pytest.fixture
def small_disk(tmp_path: Path):
    where = tmp_path / "disk"
    _mount_tmpfs(where, "size=96k")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path):
    where = tmp_path / "ro"
    _mount_tmpfs(where, "ro,size=64k")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_full_disk_is_an_indonesian_message(
    mini_config: Path, one_quarter: Path, small_disk: Path
) -> None:
    result = run(mini_config, one_quarter / "input", small_disk)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "disk penuh" in text and str(small_disk) in text and "Kesalahan internal" not in text
    leftovers = [p.name for p in small_disk.iterdir() if p.name != outfolder.LOCK_NAME]
    assert not [n for n in leftovers if n.startswith(".2026-TW1-")]
    assert not (small_disk / "2026-TW1").exists()


def test_read_only_output_is_an_indonesian_message(
    mini_config: Path, one_quarter: Path, read_only_disk: Path
) -> None:
    result = run(mini_config, one_quarter / "input", read_only_disk / "laporan")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "hanya-baca" in text and str(read_only_disk) in text
