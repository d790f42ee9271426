"""Files in the input folder that are not submissions: every one that is not read is named
in a finding (zip, PDF, image, unfinished download, anything else), the tool's own
workbooks (rekap, history/targets) are told as such, and hidden/lock/state files stay
silent."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from readerkit import Kit, rewrite_zip
from report_fixtures import make_model

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.history.book import write_history_template
from pipeline.officebook.form import wrong_kind
from pipeline.reader.files import scan_inputs
from pipeline.reader.workbook import parse_custom_properties
from pipeline.report.excel import write_rekap

GOOD = "IKI-2026-TW3-sekretaris.xlsx"


def check(config: Path, *args: str):
    return CliRunner().invoke(cli, ["--config", str(config), "check", *args])


def check_json(config: Path, *args: str) -> tuple[int, dict]:
    result = check(config, "--json", *args)
    return result.exit_code, json.loads(result.output)


def by_file(data: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in data["findings"]:
        out.setdefault(f["file"], []).append(f)
    return out


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def put(folder: Path, rel: str, data: bytes = b"x") -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def zipped(kit: Kit, name: str, inner: str) -> Path:
    """A workbook zipped the way WhatsApp or Windows' "Send to > Compressed" does it."""
    path = kit.inbox / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(kit.blank(), inner)
        zf.writestr("__MACOSX/._" + inner, b"junk")
    return path


def test_every_unread_file_is_named_and_state_files_stay_silent(
    kit: Kit, mini_config: Path
) -> None:
    kit.filled(GOOD)
    zipped(kit, "IKI-2026-TW4-kasi_pindah_datang.zip", "IKI-2026-TW3-kasi_pindah_datang.xlsx")
    put(kit.inbox, "IKI-2026-TW4-kasi_pemanfaatan_data.pdf", b"%PDF-1.7\n")
    put(kit.inbox, "bidang/foto formulir.JPG", b"\xff\xd8\xff")  # subfolders are walked
    put(kit.inbox, "surat.docx", b"PK\x03\x04")
    put(kit.inbox, "IKI-2026-TW3-kabid.xlsx.crdownload")
    put(kit.inbox, "catatan.txt", b"kirim ulang besok")
    # Never a submission and never a word: lock files, hidden files, the tool's state
    # files and folders, OS bookkeeping, macOS zip leftovers.
    for rel in (
        "~$IKI-2026-TW3-sekretaris.xlsx",
        ".~lock.IKI-2026-TW3-sekretaris.xlsx#",
        ".iki-berkas.json",
        ".iki-manifest.json",
        ".iki-lock",
        ".cache/render.pdf",
        ".2026-TW3-1a2b3c/hasil.csv",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "__MACOSX/._scan.pdf",
        "__MACOSX/scan.pdf",
    ):
        put(kit.inbox, rel)

    code, data = check_json(mini_config, str(kit.inbox))
    assert code == 0, data  # warnings and info only
    assert [f["name"] for f in data["files"]] == [GOOD]  # skipped files are not "read"
    found = by_file(data)
    expected = {
        "IKI-2026-TW4-kasi_pindah_datang.zip": ("file-skipped-archive", "warning"),
        "IKI-2026-TW4-kasi_pemanfaatan_data.pdf": ("file-skipped-document", "warning"),
        "foto formulir.JPG": ("file-skipped-document", "warning"),
        "surat.docx": ("file-skipped-document", "warning"),
        "IKI-2026-TW3-kabid.xlsx.crdownload": ("file-skipped-partial", "warning"),
        "catatan.txt": ("file-skipped-other", "info"),
    }
    for name, (code_, severity) in expected.items():
        (finding,) = found[name]
        assert (finding["code"], finding["severity"]) == (code_, severity), name
    assert set(found) - {GOOD, None} == set(expected)  # nothing about the silent files
    archive = found["IKI-2026-TW4-kasi_pindah_datang.zip"][0]["message"]
    assert "Ekstrak dulu isinya ke folder masukan" in archive
    assert "IKI-2026-TW3-kasi_pindah_datang.xlsx" in archive  # what the zip holds
    assert "._" not in archive
    assert "Pindahkan berkas ini dari folder masukan" in found["surat.docx"][0]["message"]
    assert "Word (.docx)" in found["surat.docx"][0]["message"]
    assert "gambar (.jpg)" in found["foto formulir.JPG"][0]["message"]

    shown = check(mini_config, str(kit.inbox))
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "1 berkas diperiksa:" in text
    assert "6 berkas lain tidak dibaca karena bukan workbook:" in text
    assert "IKI-2026-TW4-kasi_pemanfaatan_data.pdf" in text


def test_skipped_files_do_not_hide_errors(kit: Kit, mini_config: Path) -> None:
    kit.filled(GOOD, {("keluhan_layanan", "keluhan"): "1.234"})
    put(kit.inbox, "scan.pdf", b"%PDF")
    code, data = check_json(mini_config, str(kit.inbox))
    assert code == 1
    codes = {f["code"] for f in data["findings"]}
    assert {"text-in-number", "file-skipped-document"} <= codes


def test_named_files_and_folders_without_workbooks(kit: Kit, mini_config: Path) -> None:
    good = kit.filled(GOOD)
    archive = zipped(kit, "kiriman.zip", "IKI-2026-TW3-kabid.xlsx")
    notes = put(kit.inbox, "catatan.txt")
    # A zip named on the command line gets the archive advice, not "file corrupt".
    code, data = check_json(mini_config, str(archive), str(good))
    assert code == 0
    assert [f["code"] for f in by_file(data)["kiriman.zip"]] == ["file-skipped-archive"]
    # A file named explicitly whose name says nothing is still looked into.
    code, data = check_json(mini_config, str(notes))
    assert code == 1 and by_file(data)["catatan.txt"][0]["code"] == "not-a-workbook"
    # A folder holding only a zip: no workbook to check, and the message says why.
    only = kit.root / "hanya-zip"
    only.mkdir()
    archive.rename(only / archive.name)
    result = check(mini_config, str(only))
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "kiriman.zip" in text and "diekstrak" in text


def test_scan_keeps_the_walk_and_repeats_once(tmp_path: Path) -> None:
    for rel in ("a.xlsx", "sub/deep/b.xlsx", "sub/c.pdf", "~$a.xlsx", ".x/d.pdf"):
        put(tmp_path, rel)
    got = scan_inputs([tmp_path, tmp_path / "sub" / "c.pdf", tmp_path / "a.xlsx"])
    rel = [p.relative_to(tmp_path).as_posix() for p in got.workbooks]
    assert rel == ["a.xlsx", "sub/deep/b.xlsx"]
    assert [p.relative_to(tmp_path).as_posix() for p in got.skipped] == ["sub/c.pdf"]


def test_the_tools_own_workbooks_are_told_apart(
    kit: Kit, mini_ctx: Context, mini_config: Path
) -> None:
    kit.filled(GOOD)
    rekap = kit.inbox / "rekap-iki-2026-TW3.xlsx"
    write_rekap(make_model(mini_ctx, triwulan=3), rekap)
    # A rekap written before the iki_jenis mark, renamed: known by its sheets.
    old = kit.inbox / "salinan rekap.xlsx"
    old.write_bytes(rekap.read_bytes())
    rewrite_zip(old, {"docProps/custom.xml": lambda xml: xml.replace(b"iki_jenis", b"lain")})
    # An old rekap trimmed to one sheet: still known by its file name.
    trimmed = openpyxl.Workbook()
    trimmed.active.title = "Ringkasan"
    trimmed.save(kit.inbox / "rekap-iki-2026-TW2 (1).xlsx")
    write_history_template(mini_ctx, 2023, 2024, kit.inbox / "riwayat-2023-2024.xlsx")
    # A workbook of nobody's making is still "identity missing".
    openpyxl.Workbook().save(kit.inbox / "baru.xlsx")

    # The fresh rekap carries the mark; a renamed copy is known by it alone.
    with zipfile.ZipFile(rekap) as zf:
        props = parse_custom_properties(zf.read("docProps/custom.xml"))
    assert props == {"iki_jenis": "rekap"}  # no quarterly identity property
    marked = kit.inbox / "kiriman kasi.xlsx"
    marked.write_bytes(rekap.read_bytes())
    rewrite_zip(marked, {"xl/workbook.xml": lambda xml: xml.replace(b'"Temuan"', b'"Lain"')})

    code, data = check_json(mini_config, str(kit.inbox))
    found = by_file(data)
    for name in (
        "kiriman kasi.xlsx",
        "rekap-iki-2026-TW3.xlsx",
        "salinan rekap.xlsx",
        "rekap-iki-2026-TW2 (1).xlsx",
    ):
        (finding,) = found[name]
        assert (finding["code"], finding["severity"]) == ("report-output-in-input", "warning")
        assert "bukan workbook kiriman" in finding["message"]
        assert "Minta template baru" not in finding["message"]
    (office,) = found["riwayat-2023-2024.xlsx"]
    assert office["code"] == "office-workbook-in-input"
    assert "python -m pipeline history import" in office["message"]
    assert [f["code"] for f in found["baru.xlsx"]] == ["identity-missing"]
    assert code == 1  # baru.xlsx; without it the tool's own workbooks alone would pass
    (kit.inbox / "baru.xlsx").unlink()
    code, _ = check_json(mini_config, str(kit.inbox))
    assert code == 0


def test_a_rekap_offered_as_an_office_workbook_is_named() -> None:
    message = wrong_kind({"iki_jenis": "rekap"}, "riwayat")
    assert message.startswith("Ini workbook rekap keluaran `python -m pipeline report`")


def test_the_no_workbook_hint_names_the_archive_kinds_found() -> None:
    """A .rar or .7z is not called a .zip, and the advice says where the workbooks go."""
    from pipeline.reader.skipped import none_read_hint

    hint = none_read_hint([Path("/m/a.rar"), Path("/m/b.7z"), Path("/m/c.pdf")])
    assert "(.7z, .rar)" in hint and ".zip" not in hint
    assert "folder masukan" in hint
    assert none_read_hint([Path("/m/c.pdf")]).count("arsip") == 0
