"""A command that writes one file never replaces a person's file (filled, re-saved, foreign),
nor one open in Excel/LibreOffice; its own untouched output may be rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.safewrite import REGISTRY, OverwriteRefused, lock_file_owner
from pipeline.template import input_name, write_template
from pipeline.template.fill import fill_workbook


def _first_name(ctx: Context) -> str:
    ind = ctx.catalog.indikator[0]
    return input_name(ind.id, ind.variabel[0].id, 3)


def test_template_refuses_to_overwrite_a_filled_workbook(
    mini_ctx: Context, mini_config: Path, tmp_path: Path
) -> None:
    made = write_template(mini_ctx, 2026, 3, tmp_path / "a", split="jabatan")
    filled = tmp_path / "out" / made[0].name
    filled.parent.mkdir()
    fill_workbook(made[0], filled, {_first_name(mini_ctx): 7})
    before = filled.read_bytes()
    args = ["--config", str(mini_config), "template", "--year", "2026", "--quarter", "3"]
    result = CliRunner().invoke(cli, [*args, "--split", "jabatan", "--out", str(filled.parent)])
    assert result.exit_code == 2, result.output
    assert filled.name in result.output and "tidak ditimpa" in result.output
    assert filled.read_bytes() == before
    # Nothing else was written either: the refusal comes before the first file.
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name]


def test_untouched_template_is_rewritten_and_foreign_file_is_refused(
    mini_ctx: Context, tmp_path: Path
) -> None:
    first = write_template(mini_ctx, 2026, 2, tmp_path)
    again = write_template(mini_ctx, 2026, 2, tmp_path)  # untouched: fine
    assert first == again and (tmp_path / REGISTRY).is_file()
    # The same blank template re-saved (any byte change) or a file of another program.
    for content in (first[0].read_bytes() + b"\0", b"bukan workbook"):
        first[0].write_bytes(content)
        with pytest.raises(OverwriteRefused, match="tidak ditimpa"):
            write_template(mini_ctx, 2026, 2, tmp_path)
        assert first[0].read_bytes() == content
    # A folder with the workbook's name is not replaced either.
    folder_named = tmp_path / "x" / "IKI-2026-TW1.xlsx"
    folder_named.mkdir(parents=True)
    with pytest.raises(OverwriteRefused, match="bukan berkas biasa"):
        write_template(mini_ctx, 2026, 1, tmp_path / "x")


@pytest.mark.parametrize("lock", ["~$IKI-2026-TW1.xlsx", ".~lock.IKI-2026-TW1.xlsx#"])
def test_template_open_in_office_is_refused(mini_ctx: Context, tmp_path: Path, lock: str) -> None:
    write_template(mini_ctx, 2026, 1, tmp_path)
    (tmp_path / lock).write_bytes(b"x")
    assert lock_file_owner(lock) == "IKI-2026-TW1.xlsx"
    with pytest.raises(OverwriteRefused, match="sedang dibuka di Excel/LibreOffice"):
        write_template(mini_ctx, 2026, 1, tmp_path)


def test_office_templates_refuse_filled_files(mini_config: Path, tmp_path: Path) -> None:
    base = ["--config", str(mini_config)]
    runs = {
        "history": [*base, "history", "template", "--from-year", "2022", "--to-year", "2025"],
        "targets": [*base, "targets", "template", "--year", "2026"],
    }
    for kind, args in runs.items():
        out = tmp_path / kind
        made = CliRunner().invoke(cli, [*args, "--out", str(out)])
        assert made.exit_code == 0, made.output
        path = Path(made.output.strip().splitlines()[-1])
        again = CliRunner().invoke(cli, [*args, "--out", str(out)])
        assert again.exit_code == 0, again.output  # untouched: rewritten
        shutil.copy(path, tmp_path / "copy.xlsx")
        with open(path, "ab") as handle:  # any change counts as "filled"
            handle.write(b"\0")
        refused = CliRunner().invoke(cli, [*args, "--out", str(out)])
        assert refused.exit_code == 2, (kind, refused.output)
        assert path.name in refused.output


@pytest.mark.parametrize(
    "lock", ["~$rekap-iki-2026-TW3.xlsx", ".~lock.rekap-iki-2026-TW3.xlsx#", "iki/~$kasi.pdf"]
)
def test_report_folder_with_a_file_open_in_office_says_close_it(tmp_path: Path, lock: str) -> None:
    from pipeline.outfolder import OutputFolderError, check_replaceable, write_manifest

    folder = tmp_path / "2026-TW3"
    (folder / "iki").mkdir(parents=True)
    files = [folder / "rekap-iki-2026-TW3.xlsx", folder / "iki" / "kasi.pdf"]
    for f in files:
        f.write_bytes(b"x")
    write_manifest(folder, files)
    check_replaceable(folder)  # the tool's own folder: replaceable
    (folder / lock).write_bytes(b"x")
    owner = lock.rsplit("/", 1)[-1].removeprefix("~$").removeprefix(".~lock.").rstrip("#")
    with pytest.raises(OutputFolderError) as caught:
        check_replaceable(folder)
    text = str(caught.value)
    assert f"{owner} sedang dibuka di Excel/LibreOffice; tutup dulu" in text
    assert "tidak ditulis oleh alat ini" not in text


def test_template_command_replaces_a_blank_template_it_can_read_back(
    mini_ctx: Context, mini_config: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["--config", str(mini_config), "template", "--year", "2026", "--quarter", "2",
            "--out", str(out), "--input", str(tmp_path / "kosong")]  # fmt: skip
    assert CliRunner().invoke(cli, args).exit_code == 0
    path = out / "IKI-2026-TW2.xlsx"
    (out / REGISTRY).unlink()  # as written by a version before the registry
    fill_workbook(path, path, {})  # and re-saved unchanged: other bytes, still blank
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    # Anything typed, even a value the reader refuses, is kept.
    for typed in ("tujuh", 7):
        (out / REGISTRY).unlink()
        fill_workbook(path, path, {_first_name(mini_ctx).replace("tw3", "tw2"): typed})
        before = path.read_bytes()
        refused = CliRunner().invoke(cli, args)
        assert refused.exit_code == 2 and path.read_bytes() == before, refused.output
        write_template(mini_ctx, 2026, 2, tmp_path / "segar")
        shutil.copy(tmp_path / "segar" / path.name, path)
        CliRunner().invoke(cli, args)
