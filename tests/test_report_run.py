"""The quarter-end job end to end on the mini catalog: outputs, exit codes, atomicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.publish import run_report
from pipeline.template import input_name, keterangan_name, write_template
from pipeline.template.fill import fill_workbook

# One quarter of clean inputs for the mini catalog (see tests/data/mini-iki.toml).
CLEAN = {
    "kepemilikan_ktp_el": {"memiliki_ktp_el": 7300, "wajib_ktp": 7500},
    "ketepatan_waktu": {"ktp_tepat": 90, "kk_tepat": 45, "ktp_daftar": 100, "kk_daftar": 50},
    "nilai_akuntabilitas": {"nilai_sakip": 71.25},
    "jumlah_sosialisasi": {"sosialisasi_desa": 2, "sosialisasi_sekolah": 1},
    "keluhan_layanan": {"keluhan": 4, "layanan": 100},
    "rerata_antrian": {"menit_antrian": 25},
}


def returned_workbook(
    ctx: Context, folder: Path, q: int, overrides: dict | None = None, name: str | None = None
) -> Path:
    template = write_template(ctx, 2026, q, folder / "templates")[0]
    values: dict[str, object] = {
        input_name(i, v, q): n for i, vs in CLEAN.items() for v, n in vs.items()
    }
    values[keterangan_name("kepemilikan_ktp_el", q)] = "Blangko terbatas."
    values.update(overrides or {})
    target = folder / "input" / (name or template.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    fill_workbook(template, target, values)
    return target


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def two_quarters(mini_ctx: Context, tmp_path: Path) -> Path:
    returned_workbook(mini_ctx, tmp_path, 1)
    returned_workbook(mini_ctx, tmp_path, 2)
    return tmp_path


def test_report_writes_every_output(mini_ctx: Context, two_quarters: Path) -> None:
    # A scan left in the input folder: named in temuan.json, the report still made.
    (two_quarters / "input" / "scan kasi.pdf").write_bytes(b"%PDF-1.7\n")
    outcome = run_report(
        mini_ctx,
        tahun=2026,
        triwulan=2,
        input_dir=two_quarters / "input",
        output_root=two_quarters / "output",
        tanggal_ttd=dt.date(2026, 7, 6),
    )
    assert outcome.ok, outcome.findings
    names = {p.name for p in outcome.written}
    assert {
        "rekap-iki-2026-TW2.xlsx",
        "hasil.csv",
        "temuan.json",
        "IKI-2026.pdf",
        "pengukuran-kinerja-2026-TW2.pdf",
        "lampiran-lkjip-2026.pdf",
    } <= names
    temuan = json.loads((outcome.out_dir / "temuan.json").read_text(encoding="utf-8"))
    skipped = [t for t in temuan if t["code"] == "file-skipped-document"]
    assert [t["file"] for t in skipped] == ["scan kasi.pdf"]
    hasil = pd.read_csv(outcome.out_dir / "hasil.csv")
    assert len(hasil) == 6 * 2
    ktp = hasil[(hasil.indikator_id == "kepemilikan_ktp_el") & (hasil.triwulan == 2)].iloc[0]
    # Stock: position at the end of TW II = 7300 / 7500 x 100 = 97.333..; target TW II 96.5.
    assert ktp.realisasi == pytest.approx(97.3333, abs=1e-4)
    # 97.3333 / 96.5 x 100 = 100.8636.. -> 100.86
    assert ktp.capaian == 100.86
    flow = hasil[(hasil.indikator_id == "ketepatan_waktu") & (hasil.triwulan == 2)].iloc[0]
    # Flow: (135 + 135) / (150 + 150) x 100 = 90 ; capaian 90 / 90 = 100 %.
    assert flow.realisasi == 90 and flow.capaian == 100 and flow.predikat == "Sangat Tinggi"


def test_failed_run_leaves_previous_output_byte_identical(
    mini_ctx: Context, two_quarters: Path
) -> None:
    output = two_quarters / "output"
    first = run_report(
        mini_ctx,
        tahun=2026,
        triwulan=2,
        input_dir=two_quarters / "input",
        output_root=output,
        tanggal_ttd=dt.date(2026, 7, 6),
    )
    assert first.ok
    before = snapshot(output)
    # The clerk also copies the rekap back into the input folder: told as a report
    # output, not as a workbook without identity.
    rekap = first.out_dir / "rekap-iki-2026-TW2.xlsx"
    (two_quarters / "input" / rekap.name).write_bytes(rekap.read_bytes())
    # A clerk re-sends TW II with text in a number cell.
    returned_workbook(
        mini_ctx,
        two_quarters,
        2,
        {input_name("ketepatan_waktu", "ktp_tepat", 2): "1.234"},
        name="revisi TW2.xlsx",
    )
    second = run_report(
        mini_ctx,
        tahun=2026,
        triwulan=2,
        input_dir=two_quarters / "input",
        output_root=output,
        tanggal_ttd=dt.date(2026, 7, 7),
    )
    assert not second.ok and not second.written
    codes = {(f.code, f.file) for f in second.findings}
    assert ("report-output-in-input", "rekap-iki-2026-TW2.xlsx") in codes
    assert not any(c == "identity-missing" for c, _ in codes)
    assert snapshot(output) == before


def test_cli_exit_codes_and_draft(mini_config: Path, mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1, {input_name("keluhan_layanan", "keluhan", 1): -3})
    args = [
        "--config",
        str(mini_config),
        "report",
        "--quarter",
        "1",
        "--input",
        str(tmp_path / "input"),
        "--output",
        str(tmp_path / "out"),
        "--date",
        "2026-04-06",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Laporan tidak dibuat" in result.output
    assert not (tmp_path / "out" / "2026-TW1").exists()
    draft = CliRunner().invoke(cli, [*args, "--draft"])
    assert draft.exit_code == 1, draft.output
    assert (tmp_path / "out" / "2026-TW1" / "hasil.csv").is_file()
    missing = CliRunner().invoke(cli, [*args[:6], str(tmp_path / "nowhere"), *args[7:]])
    assert missing.exit_code == 2
    assert "tidak ditemukan" in missing.output


def test_jabatan_not_submitted_is_not_an_error(mini_ctx: Context, tmp_path: Path) -> None:
    # Only the Kepala Dinas' cells are filled: the Sekretaris has not reported yet.
    overrides = {
        input_name(i, v, 1): None
        for i in ("nilai_akuntabilitas", "jumlah_sosialisasi", "keluhan_layanan", "rerata_antrian")
        for v in CLEAN[i]
    }
    returned_workbook(mini_ctx, tmp_path, 1, overrides)
    outcome = run_report(
        mini_ctx,
        tahun=2026,
        triwulan=1,
        input_dir=tmp_path / "input",
        output_root=tmp_path / "out",
        tanggal_ttd=dt.date(2026, 4, 6),
    )
    assert outcome.ok, [f for f in outcome.findings if f.severity == "error"]
    model = outcome.model
    sek = model.results[model.results.jabatan_id == "sekretaris"]
    assert set(sek.status) == {"belum_dilaporkan"} and sek.realisasi.isna().all()
    lengkap = model.kelengkapan.set_index("jabatan_id")
    assert not lengkap.loc["sekretaris", "lengkap"] and lengkap.loc["kepala_dinas", "lengkap"]
    # One whole workbook came back, but the Sekretaris' sheet in it is blank: not sent.
    assert not lengkap.loc["sekretaris", "dikirim"] and lengkap.loc["kepala_dinas", "dikirim"]
    assert lengkap.loc["sekretaris", "berkas"] == ""
