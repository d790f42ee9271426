"""Reading returned workbooks built from the real template: values exact, every problem a
finding with file, sheet, cell and an Indonesian message."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.worksheet.cell_range import CellRange
from readerkit import (
    VALID,
    Kit,
    cell_of,
    edit_openpyxl,
    rewrite_zip,
    set_cell_xml,
    set_name_xml,
    set_property,
)
from zipcraft import bomb_entry, deflated, write_zip

from pipeline.config import Limits
from pipeline.context import Context
from pipeline.contract import TEMPLATE_VERSION
from pipeline.findings import Finding, Severity
from pipeline.reader import ReadResult, collect_inputs, read_workbooks
from pipeline.reader.safety import CFB_SIGNATURE
from pipeline.template import input_name

SHEET = "02 Sekretaris"


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


def read(kit: Kit, *paths: Path, **kw) -> ReadResult:
    return read_workbooks(list(paths) or collect_inputs([kit.inbox]), kit.ctx, tahun=2026, **kw)


def only(result: ReadResult, code: str) -> Finding:
    hits = [f for f in result.findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.message) for f in result.findings]
    return hits[0]


def codes(result: ReadResult) -> set[str]:
    return {f.code for f in result.findings}


def nilai(result: ReadResult, indikator: str, variabel: str, q: int = 3) -> float:
    v = result.values
    row = v[(v.indikator_id == indikator) & (v.variabel_id == variabel) & (v.triwulan == q)]
    assert len(row) == 1
    return float(row.iloc[0]["nilai"])


def test_clean_workbook_is_read_exactly(kit: Kit) -> None:
    path = kit.filled(
        "IKI-2026-TW3-sekretaris.xlsx", keterangan={"rerata_antrian": " Server  lambat "}
    )
    result = read(kit)
    assert result.findings == [] and result.ok
    v = result.values
    assert list(v.columns) == [
        "tahun",
        "triwulan",
        "jabatan_id",
        "indikator_id",
        "variabel_id",
        "wilayah",
        "nilai",
        "berkas",
        "sha256",
        "lembar",
        "sel",
    ]
    got = {(r.indikator_id, r.variabel_id): r.nilai for r in v.itertuples()}
    assert got == VALID["sekretaris"]
    row = v[v.variabel_id == "sosialisasi_desa"].iloc[0]
    assert (row.tahun, row.triwulan, row.jabatan_id, row.lembar, row.sel) == (
        2026,
        3,
        "sekretaris",
        SHEET,
        "G24",  # below the first block: keterangan and four cause rows
    )
    assert row.berkas == path.name
    assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.keterangan.to_dict("records") == [
        {
            "jabatan_id": "sekretaris",
            "indikator_id": "rerata_antrian",
            "triwulan": 3,
            "keterangan": "Server  lambat",
            "jenis": "keterangan",
        }
    ]
    (info,) = result.files
    assert (info.name, info.tahun, info.triwulan, info.jabatan, info.readable) == (
        path.name,
        2026,
        3,
        ("sekretaris",),
        True,
    )


def test_whole_workbook_and_a_zero_is_not_a_blank(kit: Kit) -> None:
    kit.filled("IKI-2026-TW3.xlsx", {("jumlah_sosialisasi", "sosialisasi_desa"): None}, split=None)
    result = read(kit)
    assert nilai(result, "jumlah_sosialisasi", "sosialisasi_sekolah") == 0.0
    assert math.isnan(nilai(result, "jumlah_sosialisasi", "sosialisasi_desa"))
    blank = only(result, "blank-input")
    assert (blank.severity, blank.sheet, blank.cell, blank.jabatan) == (
        Severity.WARNING,
        SHEET,
        "G24",
        "sekretaris",
    )
    assert "belum diisi" in blank.message and "ketik 0" in blank.message
    assert len(result.values) == 12 and set(result.values.jabatan_id) == {
        "kepala_dinas",
        "sekretaris",
    }


@pytest.mark.parametrize(
    ("typed", "code", "hint"),
    [
        ("1.234", "text-in-number", "Maksud Anda 1234?"),
        ("1,5", "text-in-number", "harus bilangan bulat 0 atau lebih (1,5 pun tidak sah)"),
        ("12 dokumen", "text-in-number", "Maksud Anda 12?"),
        (" 12 ", "text-in-number", "Maksud Anda 12?"),
        ("belum ada data", "text-in-number", "Ketik angkanya saja"),
        (-2, "number-negative", "negatif"),
        (2.5, "number-fraction", "bilangan bulat"),
    ],
)
def test_bad_counts_are_refused_with_a_hint(kit: Kit, typed, code: str, hint: str) -> None:
    kit.filled("a.xlsx", {("jumlah_sosialisasi", "sosialisasi_desa"): typed})
    result = read(kit)
    f = only(result, code)
    assert (f.severity, f.file, f.sheet, f.cell) == (Severity.ERROR, "a.xlsx", SHEET, "G24")
    assert (f.jabatan, f.indikator, f.triwulan) == ("sekretaris", "jumlah_sosialisasi", 3)
    assert hint in f.message and "Sosialisasi di desa" in f.message
    assert math.isnan(nilai(result, "jumlah_sosialisasi", "sosialisasi_desa"))
    assert nilai(result, "rerata_antrian", "menit_antrian") == 18  # the rest is still read


def test_nilai_outside_its_range(kit: Kit) -> None:
    kit.filled("a.xlsx", {("nilai_akuntabilitas", "nilai_sakip"): 100.5})
    f = only(read(kit), "number-out-of-range")
    assert f.cell == "G12" and "0 sampai 100" in f.message and "100,5" in f.message


def test_boolean_and_date_are_not_numbers(kit: Kit) -> None:
    path = kit.filled("a.xlsx")

    def edit(wb) -> None:
        cell_of(wb, "jumlah_sosialisasi", "sosialisasi_desa").value = True
        date_cell = cell_of(wb, "keluhan_layanan", "keluhan")
        date_cell.value = dt.datetime(2026, 3, 5)
        date_cell.number_format = "dd/mm/yyyy"

    edit_openpyxl(path, edit)
    result = read(kit)
    assert only(result, "boolean-in-number").cell == "G24"
    assert only(result, "date-in-number").cell == "G37"


def test_formula_result_used_and_missing_result_refused(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    # Excel's way: formula with its saved result; openpyxl's: a formula with none.
    edit_openpyxl(
        path, lambda wb: setattr(cell_of(wb, "keluhan_layanan", "layanan"), "value", "=G37*10")
    )
    set_cell_xml(path, SHEET, "G24", "<f>2+3</f><v>5</v>")
    result = read(kit)
    used = only(result, "formula-used")
    assert (used.severity, used.cell) == (Severity.INFO, "G24")
    assert nilai(result, "jumlah_sosialisasi", "sosialisasi_desa") == 5
    missing = only(result, "formula-no-result")
    assert (missing.severity, missing.cell) == (Severity.ERROR, "G38")
    assert "tidak dianggap 0" in missing.message
    assert math.isnan(nilai(result, "keluhan_layanan", "layanan"))


def test_error_value_is_not_a_blank(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    set_cell_xml(path, SHEET, "G25", "<f>1/0</f><v>#DIV/0!</v>", cell_type="e")
    result = read(kit)
    f = only(result, "cell-error")
    assert f.cell == "G25" and "#DIV/0!" in f.message
    assert "blank-input" not in codes(result)


def test_numerator_above_denominator_stock_flow_and_zero(kit: Kit) -> None:
    kit.filled(
        "kadis.xlsx",
        {("kepemilikan_ktp_el", "memiliki_ktp_el"): 10001, ("ketepatan_waktu", "ktp_tepat"): 150},
        jabatan="kepala_dinas",
    )
    kit.filled("sekre.xlsx", {("keluhan_layanan", "keluhan"): 0, ("keluhan_layanan", "layanan"): 0})
    result = read(kit)
    hits = {f.indikator: f for f in result.findings if f.code == "numerator-above-denominator"}
    assert hits["kepemilikan_ktp_el"].severity is Severity.ERROR  # stock: impossible
    assert hits["ketepatan_waktu"].severity is Severity.WARNING  # flow: possible, suspicious
    assert "10.001" in hits["kepemilikan_ktp_el"].message  # Indonesian number format
    assert "230" in hits["ketepatan_waktu"].message and "220" in hits["ketepatan_waktu"].message
    zero = only(result, "numerator-denominator-zero")
    assert (zero.severity, zero.indikator) == (Severity.INFO, "keluhan_layanan")
    assert nilai(result, "kepemilikan_ktp_el", "memiliki_ktp_el") == 10001  # kept, flagged


def test_deleted_sheet_and_broken_name(kit: Kit) -> None:
    whole = kit.filled("utuh.xlsx", split=None)
    edit_openpyxl(whole, lambda wb: wb.remove(wb[SHEET]))
    broken = kit.filled("IKI-2026-TW2-kepala_dinas.xlsx", q=2, jabatan="kepala_dinas")
    set_name_xml(broken, input_name("ketepatan_waktu", "kk_daftar", 2), "'01 Kepala Dinas'!#REF!")
    result = read(kit)
    gone = only(result, "sheet-missing")
    assert (gone.severity, gone.file, gone.jabatan) == (Severity.ERROR, "utuh.xlsx", "sekretaris")
    assert "Sekretaris Dinas" in gone.message and SHEET in gone.message
    ref = only(result, "name-broken")
    assert (ref.severity, ref.jabatan, ref.indikator, ref.triwulan) == (
        Severity.ERROR,
        "kepala_dinas",
        "ketepatan_waktu",
        2,
    )
    assert "#REF!" in ref.message and "Kepala Dinas" in ref.message
    assert math.isnan(nilai(result, "ketepatan_waktu", "kk_daftar", q=2))
    assert nilai(result, "ketepatan_waktu", "kk_tepat", q=2) == 80
    assert nilai(result, "kepemilikan_ktp_el", "wajib_ktp") == 10000  # other sheet of utuh.xlsx


def test_inserted_row_is_followed_through_the_names(kit: Kit) -> None:
    """Excel shifts cells and defined names together; the reader must follow the names."""
    path = kit.filled("a.xlsx")

    def insert_row(wb) -> None:
        ws = wb[SHEET]
        ws.protection.sheet = False
        merged = [r.coord for r in ws.merged_cells.ranges if r.min_row >= 15]
        for coord in merged:
            ws.unmerge_cells(coord)
        ws.insert_rows(15)  # above every input but nilai_sakip (G12)
        for coord in merged:
            moved = CellRange(coord)
            moved.shift(row_shift=1)
            ws.merge_cells(moved.coord)
        for dn in wb.defined_names.values():
            sheet, ref = next(iter(dn.destinations))
            col, row = ref.replace("$", "")[0], int(ref.replace("$", "")[1:])
            if sheet == SHEET and row >= 15:
                dn.attr_text = f"'{SHEET}'!${col}${row + 1}"
        # Old addresses now hold other things: G25 holds sosialisasi_desa (was G24), G38
        # holds keluhan (was G37). A reader using fixed positions would mix them up.

    edit_openpyxl(path, insert_row)
    result = read(kit)
    assert result.findings == []
    got = {(r.indikator_id, r.variabel_id): r.nilai for r in result.values.itertuples()}
    assert got == VALID["sekretaris"]
    assert result.values.set_index("variabel_id").loc["sosialisasi_desa", "sel"] == "G25"


def test_identity_checks(kit: Kit) -> None:
    set_property(kit.filled("lain-tahun.xlsx"), "iki_tahun", "2025")
    set_property(kit.filled("versi.xlsx", q=2), "iki_versi_template", "0")
    set_property(kit.filled("sidik.xlsx", q=1), "iki_sidik_katalog", "deadbeefdeadbeef")
    kit.filled("tw4.xlsx", q=4)
    result = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026, triwulan_max=3)
    year = only(result, "wrong-year")
    assert year.file == "lain-tahun.xlsx"
    assert "tahun 2025" in year.message and "tahun 2026" in year.message
    assert "--year 2025" in year.message
    late = only(result, "quarter-after-report")
    assert late.severity == "info"
    assert (
        late.file == "tw4.xlsx" and "Triwulan IV" in late.message and "Triwulan III" in late.message
    )
    version = only(result, "template-version-mismatch")
    assert "versi 0" in version.message and f"versi {TEMPLATE_VERSION}" in version.message
    sidik = only(result, "catalog-mismatch")
    assert "deadbeefdeadbeef" in sidik.message and kit.ctx.catalog.fingerprint in sidik.message
    assert result.values.empty and not any(f.readable for f in result.files)


def test_libreoffice_retyped_properties_are_accepted(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    set_property(path, "iki_triwulan", "3", vtype="r8")
    set_property(path, "iki_tahun", "2026.0")
    result = read(kit)
    assert result.findings == [] and len(result.values) == 6


def test_not_a_template_at_all(kit: Kit) -> None:
    plain = kit.inbox / "buatan-sendiri.xlsx"
    edit_openpyxl(kit.filled("tmp.xlsx"), lambda wb: None)
    shutil.move(kit.inbox / "tmp.xlsx", plain)
    rewrite_zip(plain, {"docProps/custom.xml": lambda b: b"<Properties/>"})
    f = only(read(kit), "identity-missing")
    assert f.file == "buatan-sendiri.xlsx" and "template" in f.message


def test_broken_files_are_named_and_the_rest_still_read(kit: Kit) -> None:
    good = kit.filled("baik.xlsx")
    inbox = kit.inbox
    (inbox / "lama.xls").write_bytes(CFB_SIGNATURE + b"\0" * 2000)
    encrypted = CFB_SIGNATURE + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 500
    (inbox / "sandi.xlsx").write_bytes(encrypted)
    (inbox / "catatan.xlsx").write_text("ini bukan workbook", encoding="utf-8")
    (inbox / "kosong.xlsx").write_bytes(b"")
    data = good.read_bytes()
    (inbox / "terpotong.xlsx").write_bytes(data[: len(data) // 2])
    macro = inbox / "makro.xlsm"
    shutil.copy(good, macro)
    with zipfile.ZipFile(macro, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\0" * 64)
    write_zip(
        inbox / "bom.xlsx", [deflated("xl/workbook.xml", b"<w/>"), bomb_entry("xl/s.xml", 128)]
    )
    result = read(kit)
    by_file = {f.file: f for f in result.findings}
    assert {k: v.code for k, v in by_file.items()} == {
        "lama.xls": "xls-old-format",
        "sandi.xlsx": "file-encrypted",
        "catatan.xlsx": "not-a-workbook",
        "kosong.xlsx": "file-empty",
        "terpotong.xlsx": "file-truncated",
        "makro.xlsm": "macro-enabled",
        "bom.xlsx": "zip-entry-too-large",
    }
    assert all(f.severity is Severity.ERROR for f in by_file.values())
    assert "Simpan Sebagai" in by_file["lama.xls"].message
    assert len(result.values) == 6 and set(result.values.berkas) == {"baik.xlsx"}
    readable = {f.name: f.readable for f in result.files}
    assert readable.pop("baik.xlsx") and not any(readable.values())


def test_limits_refuse_before_reading(kit: Kit, mini_ctx: Context) -> None:
    path = kit.filled("a.xlsx")
    tiny = dataclasses.replace(
        mini_ctx, config=dataclasses.replace(mini_ctx.config, batas=Limits(ukuran_berkas_mb=0.001))
    )
    result = read_workbooks([path], tiny, tahun=2026)
    f = only(result, "file-too-large")
    assert "melebihi batas 1 KB" in f.message and "ukuran_berkas_mb" in f.message
    assert result.files[0].sha256 == "" and not result.files[0].readable


def test_far_away_cell_is_refused_before_calamine(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    edit_openpyxl(path, lambda wb: wb[SHEET].cell(row=300_000, column=30, value=1))
    f = only(read(kit), "sheet-too-large")
    assert (f.file, f.sheet) == ("a.xlsx", SHEET) and "AD300000" in f.message


def test_identical_duplicate_kept_once(kit: Kit) -> None:
    first = kit.filled("IKI-2026-TW3-sekretaris.xlsx")
    again = kit.inbox / "revisi" / "IKI-2026-TW3-sekretaris (1).xlsx"
    again.parent.mkdir()
    shutil.copy(first, again)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    result = read(kit)
    f = only(result, "duplicate-identical")
    assert f.severity is Severity.INFO and f.file == "IKI-2026-TW3-sekretaris.xlsx"
    assert "IKI-2026-TW3-sekretaris (1).xlsx" in f.message
    assert len(result.values) == 6 and set(result.values.berkas) == {again.name}
    assert result.ok


def test_conflicting_duplicate_drops_the_jabatan_quarter(kit: Kit) -> None:
    kit.filled("a.xlsx")
    kit.filled(
        "b.xlsx", {("keluhan_layanan", "keluhan"): 4, ("rerata_antrian", "menit_antrian"): "18"}
    )
    kit.filled("kadis.xlsx", jabatan="kepala_dinas")
    result = read(kit)
    cells = [f for f in result.findings if f.code == "duplicate-conflict"]
    assert {f.cell for f in cells} == {"G37", "G50"}
    g37 = next(f for f in cells if f.cell == "G37")
    assert "'a.xlsx'" in g37.message or "'b.xlsx'" in g37.message
    assert " 3 " in g37.message + " " and " 4 " in g37.message + " "
    dropped = [f for f in result.findings if f.code == "duplicate-dropped"]
    assert {f.file for f in dropped} == {"a.xlsx", "b.xlsx"}
    assert "TIDAK dipakai" in dropped[0].message
    mine = result.values[result.values.jabatan_id == "sekretaris"]
    assert len(mine) == 6 and mine.nilai.isna().all()
    assert set(mine.berkas) == {"b.xlsx; a.xlsx", "a.xlsx; b.xlsx"} & set(mine.berkas)
    kadis = result.values[result.values.jabatan_id == "kepala_dinas"]
    assert kadis.nilai.notna().all()  # other jabatan untouched
    assert not result.values.duplicated(["triwulan", "indikator_id", "variabel_id"]).any()


def test_blank_sheet_does_not_compete_with_a_filled_one(kit: Kit) -> None:
    """The whole workbook sent to everyone: each returns it with only their own sheet."""
    kit.filled("dari-kadis.xlsx", {k: None for k in VALID["sekretaris"]}, split=None)
    kit.filled("dari-sekretaris.xlsx", {k: None for k in VALID["kepala_dinas"]}, split=None)
    result = read(kit)
    assert not codes(result) & {"duplicate-conflict", "duplicate-dropped", "blank-input"}
    assert result.values.nilai.notna().all() and len(result.values) == 12
    by_jabatan = result.values.groupby("jabatan_id").berkas.first().to_dict()
    assert by_jabatan == {"kepala_dinas": "dari-kadis.xlsx", "sekretaris": "dari-sekretaris.xlsx"}


def test_untouched_template_is_reported_once(kit: Kit) -> None:
    shutil.copy(kit.blank(), kit.inbox / "belum.xlsx")
    result = read(kit)
    f = only(result, "sheet-blank")
    assert (f.severity, f.jabatan, f.sheet) == (Severity.WARNING, "sekretaris", SHEET)
    assert result.values.nilai.isna().all() and len(result.values) == 6


def test_inputs_are_never_modified(kit: Kit) -> None:
    kit.filled("a.xlsx", {("keluhan_layanan", "keluhan"): "tiga"})
    kit.filled("b.xlsx", q=2)
    (kit.inbox / "c.xls").write_bytes(CFB_SIGNATURE + b"\0" * 100)
    paths = collect_inputs([kit.inbox])
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    read(kit)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    assert before == after and len(before) == 3


def test_every_message_says_where(kit: Kit) -> None:
    kit.filled("a.xlsx", {("jumlah_sosialisasi", "sosialisasi_desa"): "12 kali"})
    (kit.inbox / "b.xls").write_bytes(CFB_SIGNATURE)
    result = read(kit)
    for f in result.findings:
        assert f.file and f.message.endswith((".", "?", ")")) and f.code == f.code.lower()
    assert isinstance(result.values, pd.DataFrame)


def test_identity_damage_unknown_jabatan_and_deleted_name(kit: Kit) -> None:
    set_property(kit.filled("tw-kosong.xlsx"), "iki_triwulan", "")
    extra = kit.filled("ekstra.xlsx", q=2)
    set_property(extra, "iki_jabatan", "sekretaris,kasi_fiktif")

    def drop_name(xml: bytes) -> bytes:
        name = input_name("keluhan_layanan", "layanan", 2).encode()
        start = xml.index(b'<definedName name="' + name)
        return xml[:start] + xml[xml.index(b"</definedName>", start) + 14 :]

    rewrite_zip(extra, {"xl/workbook.xml": drop_name})
    result = read(kit)
    bad = only(result, "identity-invalid")
    assert bad.file == "tw-kosong.xlsx" and "iki_triwulan" in bad.message
    unknown = only(result, "jabatan-unknown")
    assert unknown.file == "ekstra.xlsx" and "kasi_fiktif" in unknown.message
    gone = only(result, "name-missing")
    assert (gone.severity, gone.indikator, gone.triwulan) == (Severity.ERROR, "keluhan_layanan", 2)
    assert nilai(result, "keluhan_layanan", "keluhan", q=2) == 3  # the rest of the file is used
    assert math.isnan(nilai(result, "keluhan_layanan", "layanan", q=2))


def test_xml_with_entities_is_refused_not_expanded(kit: Kit) -> None:
    path = kit.filled("a.xlsx")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    rewrite_zip(path, {"docProps/custom.xml": lambda xml: laughs + xml.split(b"?>", 1)[-1]})
    f = only(read(kit), "file-corrupt")
    assert "docProps/custom.xml" in f.message and f.file == "a.xlsx"
