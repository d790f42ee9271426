"""`python -m pipeline check`: exit codes, the findings table, --json, the LibreOffice round
trip and a property test that valid values come back exactly."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readerkit import VALID, Kit, rewrite_zip

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.reader import read_workbooks
from pipeline.reader.cells import COUNT_MAX


def run(config: Path, *args: str):
    return CliRunner().invoke(cli, ["--config", str(config), "check", *args])


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def test_check_clean_folder_exits_0(kit: Kit, mini_config: Path) -> None:
    kit.filled("sub/IKI-2026-TW3-sekretaris.xlsx")
    result = run(mini_config, str(kit.inbox))
    assert result.exit_code == 0, result.output
    # The mini catalog's other jabatan (Kepala Dinas) has not sent TW III: a warning, and
    # the submission summary names him (issue 11).
    assert "1 berkas diperiksa: 0 galat, 1 peringatan, 0 info." in result.output
    assert "Kiriman TW III: 1 dari 2 jabatan mengirim; belum mengirim: Kepala Dinas" in (
        result.output
    )


def test_check_errors_exit_1_with_table(kit: Kit, mini_config: Path) -> None:
    kit.filled("a.xlsx", {("keluhan_layanan", "keluhan"): "1.234"})
    (kit.inbox / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    result = run(mini_config, str(kit.inbox / "a.xlsx"), str(kit.inbox / "lama.xls"))
    assert result.exit_code == 1, result.output
    assert "text-in-number" in result.output and "G37" in result.output
    assert "xls-old-format" in result.output and "lama.xls" in result.output
    assert "2 berkas diperiksa: 2 galat" in result.output


def test_check_json_shape(kit: Kit, mini_config: Path) -> None:
    kit.filled("a.xlsx", {("jumlah_sosialisasi", "sosialisasi_desa"): None})
    result = run(mini_config, "--json", str(kit.inbox))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"files", "findings", "summary"}
    # blank-input, and the mini catalog's Kepala Dinas has not sent TW III
    assert data["summary"] == {"files": 1, "readable": 1, "error": 0, "warning": 2, "info": 0}
    (f,) = data["files"]
    assert set(f) == {
        "path",
        "name",
        "sha256",
        "size",
        "mtime",
        "tahun",
        "triwulan",
        "jabatan",
        "readable",
    }
    assert (f["name"], f["tahun"], f["triwulan"], f["jabatan"]) == (
        "a.xlsx",
        2026,
        3,
        ["sekretaris"],
    )
    missing, finding = data["findings"]  # no file sorts first
    assert finding["code"] == "blank-input" and finding["severity"] == "warning"
    assert (missing["code"], missing["jabatan"], missing["triwulan"]) == (
        "quarter-not-reported",
        "kepala_dinas",
        3,
    )
    assert (finding["file"], finding["sheet"], finding["cell"]) == (
        "a.xlsx",
        "02 Sekretaris",
        "G24",
    )


def test_check_usage_errors_exit_2(kit: Kit, mini_config: Path) -> None:
    missing = run(mini_config, str(kit.root / "tidak-ada"))
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output
    empty = run(mini_config, str(kit.inbox))
    assert empty.exit_code == 2 and "Tidak ada workbook" in empty.output
    default = run(mini_config)  # folder.input of the config does not exist here
    assert default.exit_code == 2 and "input" in default.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_resave_reads_back_the_same(kit: Kit) -> None:
    src = kit.filled("asli.xlsx", keterangan={"keluhan_layanan": "Aplikasi antrian mati 3 hari"})
    out = kit.root / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{kit.root / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    original = read_workbooks([src], kit.ctx, tahun=2026)
    resaved = read_workbooks([out / "asli.xlsx"], kit.ctx, tahun=2026)
    assert resaved.findings == [], [(f.code, f.message) for f in resaved.findings]
    cols = ["indikator_id", "variabel_id", "nilai", "sel"]
    assert resaved.values[cols].equals(original.values[cols])
    assert resaved.keterangan.equals(original.keterangan)


def _values(draw) -> dict[tuple[str, str], float | int | None]:
    # Valid counts go up to the plausible maximum; above it they are refused (tested apart).
    counts = st.one_of(st.none(), st.integers(0, COUNT_MAX))
    out = {}
    for key in VALID["sekretaris"]:
        if key == ("nilai_akuntabilitas", "nilai_sakip"):
            # Excel keeps 15 significant digits of what is typed (and openpyxl, the filler
            # here, writes 16), so the values a person can enter are those.
            typed = st.floats(0, 100, allow_nan=False).map(lambda x: float(f"{x:.15g}"))
            out[key] = draw(st.one_of(st.none(), typed))
        else:
            out[key] = draw(counts)
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_valid_values_read_back_exactly(kit: Kit, data) -> None:
    values = _values(data.draw)
    path = kit.filled("p.xlsx", values)
    result = read_workbooks([path], kit.ctx, tahun=2026)
    got = {(r.indikator_id, r.variabel_id): r.nilai for r in result.values.itertuples()}
    for key, want in values.items():
        assert math.isnan(got[key]) if want is None else got[key] == want
    assert not any(
        f.severity == "error" and f.code != "numerator-above-denominator" for f in result.findings
    )


FUZZED_PARTS = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "docProps/custom.xml",
    "[Content_Types].xml",
    "xl/worksheets/sheet2.xml",
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    part=st.sampled_from(FUZZED_PARTS),
    flips=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=3)), max_size=6),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_damaged_workbooks_never_break_the_run(kit: Kit, part, flips, cut) -> None:
    """Damage inside a well-formed zip (CRC fixed up) or a cut file: findings, no exception."""
    good = kit.filled("baik.xlsx", q=2, jabatan="kepala_dinas")
    bad = kit.filled("rusak.xlsx", q=2)

    def damage(xml: bytes) -> bytes:
        out = bytearray(xml)
        for where, junk in flips:
            at = int(where * (len(out) - 1))
            out[at : at + len(junk)] = junk
        return bytes(out)

    rewrite_zip(bad, {part: damage})
    if cut is not None:
        data = bad.read_bytes()
        bad.write_bytes(data[: int(cut * len(data))])
    result = read_workbooks([good, bad], kit.ctx, tahun=2026)
    assert len(result.files) == 2 and result.files[0].readable
    kadis = result.values[result.values.jabatan_id == "kepala_dinas"]
    assert set(kadis.berkas) == {"baik.xlsx"}
    got = {(r.indikator_id, r.variabel_id): r.nilai for r in kadis.itertuples()}
    assert got == VALID["kepala_dinas"]
    for f in result.findings:
        assert f.file in {"baik.xlsx", "rusak.xlsx"} and f.message
