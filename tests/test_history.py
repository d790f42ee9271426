"""History: hasil.csv and history-workbook imports (with cell-precise findings), the choice of
each year's official figures, and the report model holding them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from template_support import mini_context
from test_archive import report
from test_report_run import returned_workbook

from pipeline.archive import load_history, open_archive
from pipeline.cli import cli
from pipeline.context import Context
from pipeline.findings import Severity
from pipeline.history.book import history_name, import_history_workbook, write_history_template
from pipeline.history.csvimport import import_hasil_csv
from pipeline.publish import run_report
from pipeline.template.fill import fill_workbook


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch) -> None:
    import pipeline.publish as publish

    monkeypatch.setattr(
        publish, "RENDERERS", tuple(r for r in publish.RENDERERS if r.name != "pdf")
    )


@pytest.fixture(scope="module")
def _hasil_2025_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hasil.csv the tool wrote, turned into last year's (tahun 2025), TW IV: made once."""
    import pipeline.publish as publish

    base = tmp_path_factory.mktemp("lalu")
    ctx = mini_context(base)
    folder = base / "lalu"
    for q in (1, 2, 3, 4):
        returned_workbook(ctx, folder, q)
    saved = publish.RENDERERS
    publish.RENDERERS = tuple(r for r in saved if r.name != "pdf")
    try:
        outcome = report(ctx, folder, 4, base / "lalu.sqlite")
    finally:
        publish.RENDERERS = saved
    assert outcome.ok
    rows = list(csv.DictReader((outcome.out_dir / "hasil.csv").open(encoding="utf-8")))
    assert {r["tahun"] for r in rows} == {"2026"}  # the column the tool writes now
    for r in rows:
        r["tahun"] = "2025"
    out = base / "hasil.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


@pytest.fixture
def hasil_2025(_hasil_2025_once: Path, tmp_path: Path) -> Path:
    out = tmp_path / "2025-TW4" / "hasil.csv"
    out.parent.mkdir()
    shutil.copy(_hasil_2025_once, out)
    return out


def _rewrite(src: Path, dst: Path, change) -> Path:
    rows = list(csv.reader(src.open(encoding="utf-8")))
    rows = change(rows)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return dst


def test_2026_report_uses_2025_official_figures(
    mini_ctx: Context, tmp_path: Path, hasil_2025: Path
) -> None:
    arsip = tmp_path / "a.sqlite"
    with open_archive(arsip) as archive:
        out = import_hasil_csv(archive, hasil_2025, mini_ctx.catalog)
    assert out.ok and out.tahun == (2025,) and not out.already
    # A draft 2025 run recorded later must not replace the official figures.
    with open_archive(arsip) as archive:
        from pipeline.archive.store import record_run

        record_run(archive, _fake_rows(mini_ctx), tahun=2025, triwulan=4, draf=True,
                   sumber="laporan", sidik_masukan="x")  # fmt: skip
    returned_workbook(mini_ctx, tmp_path / "kini", 1)
    model = report(mini_ctx, tmp_path / "kini", 1, arsip).model
    assert model.history.years == (2022, 2023, 2024, 2025)
    rows = {r["indikator_id"]: r for r in csv.DictReader(hasil_2025.open()) if r["triwulan"] == "4"}
    for iid, want in rows.items():
        got = model.history.get(iid, 2025)
        assert got is not None and got.sumber == "impor_csv" and got.triwulan == 4
        assert got.realisasi == pytest.approx(float(want["realisasi"]))
        assert got.capaian == pytest.approx(float(want["capaian"]))
        assert got.predikat == want["predikat"] and got.target == float(want["target"])
    assert model.history.get("kepemilikan_ktp_el", 2024) is None
    assert [s.tahun for s in model.history.sources] == [2025]


def _fake_rows(ctx: Context):
    import pandas as pd

    return pd.DataFrame(
        [{"jabatan_id": i.jabatan_id, "jabatan": "x", "indikator_id": i.id, "indikator": i.nama,
          "satuan": i.satuan, "triwulan": 4, "target": 1.0, "realisasi": 999.0, "capaian": 1.0,
          "predikat": "X", "status": "ok", "catatan": ""} for i in ctx.catalog.indikator]
    )  # fmt: skip


def test_cli_import_twice_is_a_no_op_and_list_shows_the_source(
    mini_config: Path, hasil_2025: Path
) -> None:
    base = ["--config", str(mini_config)]
    first = CliRunner().invoke(cli, [*base, "history", "import", str(hasil_2025)])
    assert first.exit_code == 0, first.output
    arsip = mini_config.parent / "arsip" / "iki.sqlite"
    before = _dump(arsip)
    second = CliRunner().invoke(cli, [*base, "history", "import", str(hasil_2025)])
    assert second.exit_code == 0 and "sudah ada di arsip" in second.output
    assert _dump(arsip) == before
    listed = CliRunner(env={"COLUMNS": "120"}).invoke(cli, [*base, "history", "list"])
    assert listed.exit_code == 0, listed.output
    assert "2025" in listed.output and "hasil.csv" in listed.output and "✓" in listed.output


def _dump(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_old_hasil_csv_without_year_column(mini_ctx: Context, tmp_path: Path, hasil_2025) -> None:
    def drop_year(rows):
        return [r[1:] for r in rows]

    in_folder = _rewrite(hasil_2025, tmp_path / "2024-TW4" / "hasil.csv", drop_year)
    loose = _rewrite(hasil_2025, tmp_path / "lama" / "hasil.csv", drop_year)
    with open_archive(tmp_path / "a.sqlite") as archive:
        assert import_hasil_csv(archive, in_folder, mini_ctx.catalog).tahun == (2024,)
        refused = import_hasil_csv(archive, loose, mini_ctx.catalog)
        assert [f.code for f in refused.findings] == ["history-year-invalid"]
        assert "--year" in refused.findings[0].message
        assert import_hasil_csv(archive, loose, mini_ctx.catalog, tahun=2023).tahun == (2023,)
        clash = import_hasil_csv(archive, hasil_2025, mini_ctx.catalog, tahun=2023)
        assert [f.code for f in clash.findings] == ["history-year-invalid"]
        years = [r["tahun"] for r in archive.read("SELECT tahun FROM laporan ORDER BY tahun")]
    assert years == [2023, 2024]


def test_bad_rows_in_hasil_csv_are_findings_with_cell(
    mini_ctx: Context, tmp_path: Path, hasil_2025: Path
) -> None:
    def damage(rows):
        col = {h: k for k, h in enumerate(rows[0])}
        rows[4][col["realisasi"]] = "97,5"  # decimal comma: row 5 of the file
        rows[6][col["triwulan"]] = "5"
        rows[7][col["status"]] = "selesai"
        rows[8][col["indikator_id"]] = "indikator_lama"  # an id the catalog no longer has
        rows[9] = list(rows[10])  # a duplicated row
        return rows

    bad = _rewrite(hasil_2025, tmp_path / "2025-TW4b" / "hasil.csv", damage)
    arsip = tmp_path / "a.sqlite"
    with open_archive(arsip) as archive:
        out = import_hasil_csv(archive, bad, mini_ctx.catalog, tahun=2025)
        runs = archive.read("SELECT COUNT(*) FROM laporan")[0][0]
    assert not out.ok and runs == 0  # nothing imported while there are errors
    where = {(f.code, f.cell) for f in out.findings}
    header = next(csv.reader(bad.open()))
    letter = {h: chr(ord("A") + k) for k, h in enumerate(header)}
    assert ("history-value-invalid", f"{letter['realisasi']}5") in where
    assert ("history-value-invalid", f"{letter['triwulan']}7") in where
    assert ("history-value-invalid", f"{letter['status']}8") in where
    assert ("history-indicator-unknown", f"{letter['indikator_id']}9") in where
    assert any(c == "history-duplicate-row" for c, _ in where)
    assert all(f.file == "hasil.csv" for f in out.findings)
    realisasi = next(f for f in out.findings if f.cell == f"{letter['realisasi']}5")
    assert "Baris 5" in realisasi.message and "titik" in realisasi.message


def test_unknown_indicator_is_imported_and_reported_by_the_report(
    mini_ctx: Context, tmp_path: Path, hasil_2025: Path
) -> None:
    def rename(rows):
        col = rows[0].index("indikator_id")
        for r in rows[1:]:
            if r[col] == "rerata_antrian":
                r[col] = "rerata_antrian_lama"
        return rows

    renamed = _rewrite(hasil_2025, tmp_path / "x" / "hasil.csv", rename)
    arsip = tmp_path / "a.sqlite"
    with open_archive(arsip) as archive:
        out = import_hasil_csv(archive, renamed, mini_ctx.catalog)
        assert out.ok and {f.code for f in out.findings} == {"history-indicator-unknown"}
        history = load_history(archive, mini_ctx.catalog, 2026)
    (finding,) = history.findings
    assert (
        finding.code == "history-indicator-unknown" and finding.indikator == "rerata_antrian_lama"
    )
    assert history.get("kepemilikan_ktp_el", 2025) is not None


def test_catalog_rewording_keeps_history(mini_ctx: Context, tmp_path: Path, hasil_2025) -> None:
    import dataclasses

    with open_archive(tmp_path / "a.sqlite") as archive:
        import_hasil_csv(archive, hasil_2025, mini_ctx.catalog)
        jab = mini_ctx.catalog.jabatan[0]
        ind = jab.sasaran[0].indikator[0]
        reworded_ind = dataclasses.replace(ind, nama="Nama baru indikator")
        sas = dataclasses.replace(
            jab.sasaran[0], indikator=(reworded_ind, *jab.sasaran[0].indikator[1:])
        )
        jab2 = dataclasses.replace(jab, sasaran=(sas, *jab.sasaran[1:]))
        reworded = dataclasses.replace(
            mini_ctx.catalog, jabatan=(jab2, *mini_ctx.catalog.jabatan[1:])
        )
        history = load_history(archive, reworded, 2026)
    assert not history.findings and history.get(ind.id, 2025) is not None


# --- the history workbook -------------------------------------------------------------------


def test_history_workbook_round_trip(mini_ctx: Context, tmp_path: Path) -> None:
    blank = write_history_template(mini_ctx, 2023, 2024, tmp_path / "riwayat.xlsx")
    wb = openpyxl.load_workbook(blank)
    ws = wb["Riwayat"]
    assert ws.protection.sheet
    cell = ws[_where(wb, history_name("kepemilikan_ktp_el", "realisasi", 2024))]
    assert not cell.protection.locked
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["iki_jenis"] == "riwayat" and props["iki_tahun_awal"] == "2023"
    values = {
        history_name("kepemilikan_ktp_el", "target", 2024): 97.0,
        history_name("kepemilikan_ktp_el", "realisasi", 2024): 96.03,
        history_name("keluhan_layanan", "target", 2024): 5.0,  # negative polarity
        history_name("keluhan_layanan", "realisasi", 2024): 4.0,
        history_name("jumlah_sosialisasi", "target", 2023): 10,
        history_name("jumlah_sosialisasi", "realisasi", 2023): 12,
    }
    filled = tmp_path / "isi.xlsx"
    fill_workbook(blank, filled, values)
    arsip = tmp_path / "a.sqlite"
    with open_archive(arsip) as archive:
        out = import_history_workbook(archive, filled, mini_ctx)
        assert out.ok and out.tahun == (2023, 2024), out.findings
        again = import_history_workbook(archive, filled, mini_ctx)
        assert again.already
        history = load_history(archive, mini_ctx.catalog, 2026)
    ktp = history.get("kepemilikan_ktp_el", 2024)
    assert (ktp.target, ktp.realisasi, ktp.capaian) == (97.0, 96.03, 99.0)
    assert ktp.sumber == "impor_workbook" and Path(ktp.berkas).name == "isi.xlsx"
    assert history.get("keluhan_layanan", 2024).capaian == 120.0  # (2*5-4)/5
    assert history.get("jumlah_sosialisasi", 2023).capaian == 120.0
    assert history.get("kepemilikan_ktp_el", 2023) is None  # left blank: no figure


def _where(wb, name: str) -> str:
    ((_, coord),) = list(wb.defined_names[name].destinations)
    return coord.replace("$", "")


def test_bad_cells_in_history_workbook_name_file_sheet_cell(
    mini_ctx: Context, tmp_path: Path
) -> None:
    blank = write_history_template(mini_ctx, 2024, 2025, tmp_path / "riwayat.xlsx")
    bad = {
        history_name("kepemilikan_ktp_el", "realisasi", 2025): "97,5 persen",
        history_name("jumlah_sosialisasi", "target", 2025): -4,
        history_name("nilai_akuntabilitas", "realisasi", 2025): 140,  # above nilai_maks
        history_name("rerata_antrian", "realisasi", 2025): 31,  # fine
    }
    filled = tmp_path / "isi-salah.xlsx"
    fill_workbook(blank, filled, bad)
    wb = openpyxl.load_workbook(filled)
    boolean = history_name("keluhan_layanan", "target", 2024)
    wb["Riwayat"][_where(wb, boolean)].value = True  # TRUE typed in a number cell
    wb.save(filled)
    arsip = tmp_path / "a.sqlite"
    with open_archive(arsip) as archive:
        out = import_history_workbook(archive, filled, mini_ctx)
        assert archive.read("SELECT COUNT(*) FROM laporan")[0][0] == 0
    errors = [f for f in out.findings if f.severity is Severity.ERROR]
    got = {(f.file, f.sheet, f.cell) for f in errors}
    want = {("isi-salah.xlsx", "Riwayat", _where(wb, n)) for n in [*list(bad)[:3], boolean]}
    assert got == want
    assert all(f.code == "office-value-invalid" for f in errors)


def test_not_a_history_workbook_is_refused(mini_ctx: Context, tmp_path: Path) -> None:
    quarterly = returned_workbook(mini_ctx, tmp_path, 1)
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"PK\x03\x04 bukan zip")
    with open_archive(tmp_path / "a.sqlite") as archive:
        for path in (quarterly, junk):
            out = import_history_workbook(archive, path, mini_ctx)
            assert [f.code for f in out.findings] == ["office-workbook-invalid"], path


def test_cli_history_template_and_bad_import_exit_1(mini_config: Path, tmp_path: Path) -> None:
    base = ["--config", str(mini_config)]
    made = CliRunner().invoke(
        cli,
        [
            *base,
            "history",
            "template",
            "--from-year",
            "2022",
            "--to-year",
            "2025",
            "--out",
            str(tmp_path / "t"),
        ],
    )
    assert made.exit_code == 0, made.output
    path = Path(made.output.strip().splitlines()[-1])
    assert path.name == "riwayat-2022-2025.xlsx" and path.is_file()
    wrong = CliRunner().invoke(
        cli, [*base, "history", "template", "--from-year", "2025", "--to-year", "2022"]
    )
    assert wrong.exit_code == 2
    filled = tmp_path / "isi.xlsx"
    fill_workbook(path, filled, {history_name("rerata_antrian", "target", 2022): "tiga puluh"})
    result = CliRunner().invoke(cli, [*base, "history", "import", str(filled)])
    assert result.exit_code == 1 and "Tidak diimpor" in result.output
    shutil.copy(filled, tmp_path / "x.txt")
    other = CliRunner().invoke(cli, [*base, "history", "import", str(tmp_path / "x.txt")])
    assert other.exit_code == 2


def test_demo_history_gives_five_years(real_ctx: Context, tmp_path: Path) -> None:
    """The bundled sample (2022-2025) imports cleanly; a 2026 model then holds five years."""
    root = Path(__file__).resolve().parents[1] / "demo" / "riwayat"
    arsip = tmp_path / "demo.sqlite"
    with open_archive(arsip) as archive:
        for path in (root / "riwayat-2022-2023.xlsx", root / "2024-TW4" / "hasil.csv",
                     root / "2025-TW4" / "hasil.csv"):  # fmt: skip
            if path.suffix == ".csv":
                out = import_hasil_csv(archive, path, real_ctx.catalog)
            else:
                out = import_history_workbook(archive, path, real_ctx)
            assert out.ok and not out.findings, out.findings
        history = load_history(archive, real_ctx.catalog, 2026)
    assert history.years_with_figures == (2022, 2023, 2024, 2025)
    for ind in real_ctx.catalog.indikator:
        assert all(history.get(ind.id, y) is not None for y in history.years), ind.id
    # 2024 ends at the Renstra baseline of the indicators the Renstra holds.
    for iid, ren in real_ctx.renstra.indikator.items():
        assert history.get(iid, 2024).realisasi == ren.kondisi_awal


def test_hasil_csv_year_column_is_the_report_year(mini_ctx: Context, tmp_path: Path) -> None:
    returned_workbook(mini_ctx, tmp_path, 1)
    outcome = report(mini_ctx, tmp_path, 1, tmp_path / "a.sqlite")
    rows = list(csv.DictReader((outcome.out_dir / "hasil.csv").open(encoding="utf-8")))
    assert rows and {r["tahun"] for r in rows} == {"2026"}


def test_history_workbook_with_an_id_the_catalog_lost(mini_ctx: Context, tmp_path: Path) -> None:
    """A workbook made under an older catalog: the lost id is reported at its cell, and its
    figures are archived under the name written in the workbook."""
    import dataclasses

    blank = write_history_template(mini_ctx, 2025, 2025, tmp_path / "riwayat.xlsx")
    filled = tmp_path / "isi.xlsx"
    fill_workbook(
        blank,
        filled,
        {
            history_name("rerata_antrian", "target", 2025): 30,
            history_name("rerata_antrian", "realisasi", 2025): 28,
            history_name("kepemilikan_ktp_el", "realisasi", 2025): 97.1,
        },
    )
    cat = mini_ctx.catalog
    jabatan = tuple(
        dataclasses.replace(
            j,
            sasaran=tuple(
                dataclasses.replace(
                    s, indikator=tuple(i for i in s.indikator if i.id != "rerata_antrian")
                )
                for s in j.sasaran
            ),
        )
        for j in cat.jabatan
    )
    newer = dataclasses.replace(mini_ctx, catalog=dataclasses.replace(cat, jabatan=jabatan))
    wb = openpyxl.load_workbook(filled)
    with open_archive(tmp_path / "a.sqlite") as archive:
        out = import_history_workbook(archive, filled, newer)
        rows = archive.read("SELECT indikator, capaian, target FROM hasil ORDER BY indikator_id")
    (lost,) = out.findings
    assert lost.code == "history-indicator-unknown" and lost.indikator == "rerata_antrian"
    assert (lost.file, lost.sheet) == ("isi.xlsx", "Riwayat")
    assert lost.cell in {_where(wb, history_name("rerata_antrian", w, 2025)) for w in
                         ("target", "realisasi")}  # fmt: skip
    by_name = {r["indikator"]: r for r in rows}
    old_name = cat.indikator_by_id["rerata_antrian"].nama
    assert by_name[old_name]["capaian"] is None and by_name[old_name]["target"] == 30
    ktp = by_name[cat.indikator_by_id["kepemilikan_ktp_el"].nama]
    assert ktp["target"] is None and ktp["capaian"] is None  # no target: no capaian


def test_last_years_own_official_report_is_history(mini_config: Path, tmp_path: Path) -> None:
    """The tool's own 2025 TW IV report (official) is what the 2026 report compares with;
    a later 2025 draft does not replace it."""
    from test_report_run import CLEAN

    from pipeline.context import load_context
    from pipeline.template import input_name, write_template

    text = (mini_config.parent / "target-2026.toml").read_text(encoding="utf-8")
    (mini_config.parent / "target-2025.toml").write_text(
        text.replace("tahun = 2026", "tahun = 2025"), encoding="utf-8"
    )
    ctx25 = load_context(mini_config, 2025)
    folder = tmp_path / "2025"
    for q in (1, 2, 3, 4):
        template = write_template(ctx25, 2025, q, folder / "tpl")[0]
        values = {input_name(i, v, q): n for i, vs in CLEAN.items() for v, n in vs.items()}
        (folder / "input").mkdir(parents=True, exist_ok=True)
        fill_workbook(template, folder / "input" / template.name, values)
    arsip = tmp_path / "a.sqlite"
    official = run_report(ctx25, tahun=2025, triwulan=4, input_dir=folder / "input",
                          output_root=folder / "out", archive_path=arsip)  # fmt: skip
    assert official.ok
    run_report(ctx25, tahun=2025, triwulan=4, input_dir=folder / "input",
               output_root=folder / "draf", archive_path=arsip, draft=True)  # fmt: skip
    ctx26 = load_context(mini_config, 2026)
    returned_workbook(ctx26, tmp_path / "2026", 1)
    model = report(ctx26, tmp_path / "2026", 1, arsip).model
    (source,) = model.history.sources
    assert (source.tahun, source.sumber, source.draf, source.triwulan) == (
        2025,
        "laporan",
        False,
        4,
    )
    want = official.model.current().set_index("indikator_id")
    for iid, row in want.iterrows():
        got = model.history.get(iid, 2025)
        assert got.realisasi == pytest.approx(row["realisasi"], nan_ok=True)
        assert got.capaian == pytest.approx(row["capaian"], nan_ok=True) or got.capaian is None
        assert got.target == row["target"]


def test_hasil_csv_resaved_by_indonesian_excel_is_read_the_indonesian_way(
    mini_ctx: Context, tmp_path: Path, hasil_2025: Path
) -> None:
    from pipeline.archive.query import load_history

    rows = list(csv.reader(hasil_2025.open(encoding="utf-8")))
    numeric = {"target", "realisasi", "realisasi_triwulan", "capaian"}
    cols = [k for k, h in enumerate(rows[0]) if h in numeric]
    excel = tmp_path / "2025-TW4x" / "hasil.csv"
    excel.parent.mkdir()
    with excel.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow([c.replace(".", ",") if k in cols else c for k, c in enumerate(row)])
    results = {}
    for label, path in (("asli", hasil_2025), ("excel", excel)):
        with open_archive(tmp_path / f"{label}.sqlite") as archive:
            out = import_hasil_csv(archive, path, mini_ctx.catalog, tahun=2025)
            assert out.ok and out.tahun == (2025,), [f.message for f in out.findings]
            results[label] = (out, load_history(archive, mini_ctx.catalog, 2026))
    assert [f.code for f in results["excel"][0].findings] == ["history-csv-excel"]
    for ind in mini_ctx.catalog.indikator:
        a, b = (results[k][1].get(ind.id, 2025) for k in ("asli", "excel"))
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert (a.realisasi, a.capaian, a.target) == (b.realisasi, b.capaian, b.target)


def test_history_import_says_what_went_wrong(mini_config: Path, tmp_path: Path) -> None:
    base = ["--config", str(mini_config)]
    made = CliRunner().invoke(cli, [*base, "history", "template", "--from-year", "2024",
                                    "--to-year", "2025", "--out", str(tmp_path / "t")])  # fmt: skip
    empty = Path(made.output.strip().splitlines()[-1])
    arsip = ["--archive", str(tmp_path / "a.sqlite")]
    result = CliRunner().invoke(cli, [*base, "history", "import", str(empty), *arsip])
    assert result.exit_code == 0 and "Tidak ada yang diimpor" in result.output
    assert "tahun -" not in result.output and "diimpor ke arsip" not in result.output
    from pipeline.context import load_context
    from pipeline.template import write_template

    quarterly = write_template(load_context(mini_config), 2026, 3, tmp_path / "q")[0]
    wrong = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, [*base, "history", "import", str(quarterly), *arsip]
    )
    assert wrong.exit_code == 1
    text = " ".join(wrong.output.split())
    assert "workbook triwulanan IKI (TW 3 tahun 2026)" in text and "None" not in text
    targets = CliRunner().invoke(cli, [*base, "targets", "import", str(empty)])
    assert "Ini workbook riwayat, bukan workbook target" in " ".join(targets.output.split())


def test_history_list_tells_sources_apart_without_breaking_names(
    mini_config: Path, tmp_path: Path, hasil_2025: Path, monkeypatch
) -> None:
    import datetime as dt
    import re

    from babel.dates import format_date

    monkeypatch.chdir(tmp_path)
    other = tmp_path / "riwayat-lama" / "2024-TW4" / "hasil.csv"
    other.parent.mkdir(parents=True)
    _rewrite(hasil_2025, other, lambda rows: [rows[0]] + [
        [("2024" if h == "tahun" else c) for h, c in zip(rows[0], r, strict=True)] for r in rows[1:]
    ])  # fmt: skip
    base = ["--config", str(mini_config)]
    for path in (hasil_2025, other):
        done = CliRunner().invoke(cli, [*base, "history", "import", str(path)])
        assert done.exit_code == 0, done.output
    # The same report run three times (as `make demo` does): one row, "3×".
    from pipeline.archive.store import record_run

    with open_archive(mini_config.parent / "arsip" / "iki.sqlite") as archive:
        for _ in range(3):
            record_run(archive, _fake_rows(load_context_of(mini_config)), tahun=2026,
                       triwulan=1, draf=True, sumber="laporan", sidik_masukan="x")  # fmt: skip
    listed = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*base, "history", "list"])
    assert listed.exit_code == 0, listed.output
    out = listed.output
    assert "2025-TW4/hasil.csv" in out and "riwayat-lama/2024-TW4/hasil.csv" in out
    table = out.split("Berkas sumber:")[0]
    assert "3×" in table and table.count("draf") == 1
    assert format_date(dt.date.today(), format="d MMM y", locale="id_ID") in out
    assert not re.search(r"\d{4}-\d{2}-\d{2}", out)
    assert all(len(line) <= 80 for line in out.splitlines()) and "…" not in out


def load_context_of(config: Path) -> Context:
    from pipeline.context import load_context

    return load_context(config)
