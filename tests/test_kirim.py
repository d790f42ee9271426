"""Completeness tells "sent but refused" from "not sent" and "typed but refused" from
"left blank", and `check FILE` leaves the office's completeness to folder checks."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from readerkit import Kit, cell_of, edit_openpyxl, rewrite_zip, set_property

from pipeline.cli import cli
from pipeline.context import Context
from pipeline.honesty.completeness import completeness_findings, submission_summary
from pipeline.reader import collect_inputs, read_workbooks

SEKRETARIS = "Sekretaris Dinas (Sri Rahayuningsih, S.Sos., M.AP.)"


def check(config: Path, *args: str) -> tuple[int, str, list[dict]]:
    """Exit code, the text output (joined to one line) and the findings of --json."""
    env = {"COLUMNS": "250"}
    text = CliRunner().invoke(cli, ["--config", str(config), "check", *args], env=env)
    data = CliRunner().invoke(cli, ["--config", str(config), "check", "--json", *args], env=env)
    return text.exit_code, " ".join(text.output.split()), json.loads(data.output)["findings"]


def codes(findings: list[dict], jabatan: str) -> list[str]:
    return [f["code"] for f in findings if f["jabatan"] == jabatan]


@pytest.fixture
def kit(mini_ctx: Context, tmp_path: Path) -> Kit:
    return Kit(mini_ctx, tmp_path)


# How a sekretaris workbook that was sent ends up without one usable value.
def _conflicting_copy(kit: Kit) -> list[str]:
    kit.filled("IKI-sekretaris.xlsx")
    kit.filled("IKI-sekretaris (revisi).xlsx", {("keluhan_layanan", "keluhan"): 4})
    return ["IKI-sekretaris.xlsx", "IKI-sekretaris (revisi).xlsx"]


def _renamed_sheet(kit: Kit) -> list[str]:
    lembar = kit.ctx.catalog.jabatan_by_id["sekretaris"].lembar

    def rename(wb: openpyxl.Workbook) -> None:
        wb[lembar].title = "Sekretariat"

    edit_openpyxl(kit.filled("sek.xlsx"), rename)
    return ["sek.xlsx"]


def _deleted_sheet(kit: Kit) -> list[str]:
    lembar = kit.ctx.catalog.jabatan_by_id["sekretaris"].lembar
    edit_openpyxl(kit.filled("sek.xlsx"), lambda wb: wb.remove(wb[lembar]))
    return ["sek.xlsx"]


def typed(path: Path, values: dict[tuple[str, str], object]) -> Path:
    """Typed as Excel stores it: TRUE and dates too (fill_workbook refuses those)."""

    def edit(wb: openpyxl.Workbook) -> None:
        for (indikator, variabel), value in values.items():
            cell_of(wb, indikator, variabel).value = value

    return edit_openpyxl(path, edit)


def _every_value_refused(kit: Kit) -> list[str]:
    refused = {
        ("nilai_akuntabilitas", "nilai_sakip"): "tujuh puluh",
        ("jumlah_sosialisasi", "sosialisasi_desa"): -4,
        ("jumlah_sosialisasi", "sosialisasi_sekolah"): True,
        ("keluhan_layanan", "keluhan"): dt.datetime(2026, 9, 1),
        ("keluhan_layanan", "layanan"): "1.250 layanan",
        ("rerata_antrian", "menit_antrian"): -18,
    }
    typed(kit.filled("sek.xlsx"), refused)
    return ["sek.xlsx"]


def _other_catalog(kit: Kit) -> list[str]:
    set_property(kit.filled("sek.xlsx"), "iki_sidik_katalog", "0123456789abcdef")
    return ["sek.xlsx"]


def _corrupt_sheet(kit: Kit) -> list[str]:
    """The identity is read, then a sheet part turns out not to be XML (file-corrupt)."""
    path = kit.filled("sek.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    rewrite_zip(path, {n: (lambda _data: b"<worksheet><sheetData><row>") for n in sheets})
    return ["sek.xlsx"]


@pytest.mark.parametrize(
    "send",
    [
        _conflicting_copy,
        _renamed_sheet,
        _deleted_sheet,
        _every_value_refused,
        _other_catalog,
        _corrupt_sheet,
    ],
)
def test_sent_but_refused_is_not_told_as_not_sent(
    kit: Kit, mini_config: Path, send: Callable[[Kit], list[str]]
) -> None:
    names = send(kit)
    code, out, findings = check(mini_config, str(kit.inbox))
    assert code == 1, out  # the refusing errors themselves
    assert codes(findings, "sekretaris").count("quarter-not-usable") == 1
    assert "quarter-not-reported" not in codes(findings, "sekretaris")
    (usable,) = [f for f in findings if f["code"] == "quarter-not-usable"]
    assert usable["severity"] == "warning" and usable["triwulan"] == 3
    assert usable["file"] in names
    assert f"{SEKRETARIS} sudah mengirim TW III (berkas '" in usable["message"]
    assert all(f"'{n}'" in usable["message"] for n in names)
    assert "tidak dapat dipakai" in usable["message"]
    # The clerk follows the refusing error (a new template, a restored sheet, a corrected
    # cell), or removes the wrong copy: never "ask for a correction, not a new workbook".
    todo = (
        "hapus yang lain dari folder masukan"
        if send is _conflicting_copy
        else "Ikuti langkah pada galat berkas itu."
    )
    assert todo in usable["message"] and "bukan kiriman baru" not in usable["message"]
    assert "belum mengirim" not in usable["message"]
    # The other jabatan really has not sent: still said so, in its own part of the line.
    assert codes(findings, "kepala_dinas") == ["quarter-not-reported"]
    assert (
        "Kiriman TW III: 1 dari 2 jabatan mengirim; 1 di antaranya tidak dapat dipakai "
        f"(lihat galat pada berkasnya): {SEKRETARIS}; belum mengirim: Kepala Dinas"
    ) in out


def test_unattributable_files_and_untouched_sheets_are_not_a_sending(
    kit: Kit, mini_config: Path
) -> None:
    # A whole workbook whose Kepala Dinas sheet nobody touched, an .xls and an empty file:
    # none of them is a sending of the Kepala Dinas (the broken files have their own errors).
    kadis = kit.ctx.catalog.jabatan_by_id["kepala_dinas"]
    blank = {(i.id, v.id): None for i in kadis.indikator for v in i.variabel}
    kit.filled("IKI-2026-TW3.xlsx", blank, split=None)
    (kit.inbox / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (kit.inbox / "kosong.xlsx").write_bytes(b"")
    code, out, findings = check(mini_config, str(kit.inbox))
    assert code == 1, out
    assert "quarter-not-reported" in codes(findings, "kepala_dinas")  # and its sheet-blank
    assert not [f for f in findings if f["code"] == "quarter-not-usable"]
    assert "Kiriman TW III: 1 dari 2 jabatan mengirim; belum mengirim: Kepala Dinas" in out


def test_refused_cells_are_not_told_as_blank(kit: Kit, mini_config: Path) -> None:
    path = kit.filled(
        "sek.xlsx",
        {
            ("keluhan_layanan", "keluhan"): -3,  # refused
            ("jumlah_sosialisasi", "sosialisasi_desa"): None,  # blank
            ("jumlah_sosialisasi", "sosialisasi_sekolah"): None,  # blank
        },
    )
    typed(
        path,
        {
            ("rerata_antrian", "menit_antrian"): True,
            ("keluhan_layanan", "layanan"): dt.datetime(2026, 9, 30),
        },
    )
    _, out, findings = check(mini_config, str(kit.inbox))
    refusing = {
        (f["indikator"], f["cell"])
        for f in findings
        if f["severity"] == "error" and f["jabatan"] == "sekretaris"
    }
    refused = {f["indikator"]: f for f in findings if f["code"] == "indicator-refused"}
    assert set(refused) == {"keluhan_layanan", "rerata_antrian"}  # nilai_akuntabilitas kept
    lembar = kit.ctx.catalog.jabatan_by_id["sekretaris"].lembar
    for iid, f in refused.items():
        assert f["file"] == "sek.xlsx" and f["severity"] == "warning"
        assert "ditolak (lihat galat di sel " in f["message"]
        assert "belum mengisi" not in f["message"]
        # Every refusing error's cell is named, and only those cells.
        cells = {c for i, c in refusing if i == iid}
        assert cells and all(f"{lembar}!{c}" in f["message"] for c in cells)
    blank = [f["indikator"] for f in findings if f["code"] == "indicator-not-reported"]
    assert blank == ["jumlah_sosialisasi"]
    assert (
        "Kiriman TW III: 1 dari 2 jabatan mengirim (1 dengan indikator yang belum diisi, "
        "1 dengan isian indikator yang ditolak); belum mengirim: Kepala Dinas"
    ) in out


def test_check_of_single_files_leaves_completeness_to_folders(kit: Kit, mini_config: Path) -> None:
    one = kit.filled("sek.xlsx", {("keluhan_layanan", "keluhan"): -3})
    code, out, findings = check(mini_config, str(one))
    assert code == 1
    assert [f["code"] for f in findings] == ["number-negative"]
    assert "Kiriman" not in out and "quarter-not-reported" not in out
    assert (
        "Kelengkapan kiriman (siapa sudah dan belum mengirim) diperiksa bila yang disebut "
        "folder, mis. python -m pipeline check FOLDER."
    ) in out
    # The folder holding it is an office check: completeness as before.
    code, out, findings = check(mini_config, str(kit.inbox))
    assert "Kiriman TW III: 1 dari 2 jabatan mengirim" in out
    assert "Kelengkapan kiriman" not in out
    assert codes(findings, "kepala_dinas") == ["quarter-not-reported"]


def test_report_side_gets_the_same_distinction(kit: Kit) -> None:
    """`report` hands the reader's claims and refused cells over like `check` does."""
    from pipeline.report.build import honesty_findings

    _conflicting_copy(kit)
    read = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026, triwulan_max=3)
    got = honesty_findings(kit.ctx, read, 3, frozenset(), draft=True)
    by = {(f.code, f.jabatan, f.triwulan) for f in got}
    assert ("quarter-not-usable", "sekretaris", 3) in by
    assert ("quarter-not-reported", "sekretaris", 3) not in by
    assert ("quarter-not-reported", "sekretaris", 1) in by  # TW I: nothing at all
    lines = submission_summary(
        kit.ctx.catalog,
        read.values,
        [1, 2, 3],
        kit.ctx.config.pejabat,
        claims=read.claims,
        refused=read.refused,
    )
    assert lines[0].endswith(": belum ada kiriman untuk triwulan ini.")
    assert lines[2] == (
        "Kiriman TW III: 1 dari 2 jabatan mengirim; 1 di antaranya tidak dapat dipakai "
        f"(lihat galat pada berkasnya): {SEKRETARIS}; belum mengirim: Kepala Dinas "
        "(Drs. Hendra Wijayakusuma, M.Si.)."
    )
    # Without the reader's receipts (facts alone), the old wording: nothing is claimed.
    plain = completeness_findings(kit.ctx.catalog, read.values, [3], kit.ctx.config.pejabat)
    assert {f.code for f in plain} == {"quarter-not-reported"}


def test_rekap_kelengkapan_shows_a_refused_sending_as_sent_and_refused(
    kit: Kit, tmp_path: Path
) -> None:
    """The rekap's Kelengkapan row of a sent-but-refused jabatan names its files and says
    "Ya, ditolak", not "Tidak"; a jabatan that sent nothing still reads "Tidak"."""
    import xlsxwriter

    from pipeline.report.build import kelengkapan
    from pipeline.report.excel_sheets import REFUSED_TEXT, write_kelengkapan
    from pipeline.report.excel_style import Styles

    files = _conflicting_copy(kit)
    read = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026, triwulan_max=3)
    frame = kelengkapan(kit.ctx, read, 3).set_index(["jabatan_id", "triwulan"])
    row = frame.loc[("sekretaris", 3)]
    assert bool(row["dikirim"]) and bool(row["tidak_dipakai"])
    assert row["berkas"].split("; ") == sorted(files)
    assert not bool(row["lengkap"])
    nothing = frame.loc[("kepala_dinas", 3)]
    assert not bool(nothing["dikirim"]) and not bool(nothing["tidak_dipakai"])

    import dataclasses

    from report_fixtures import make_model

    model = dataclasses.replace(make_model(kit.ctx, triwulan=3), kelengkapan=frame.reset_index())
    path = tmp_path / "kelengkapan.xlsx"
    book = xlsxwriter.Workbook(str(path))
    write_kelengkapan(book.add_worksheet("Kelengkapan"), Styles(book), model)
    book.close()
    ws = openpyxl.load_workbook(path)["Kelengkapan"]
    shown = {
        (r[3], r[1]): r[4]
        for r in ws.iter_rows(values_only=True)
        if r[1] in ("TW III",) and r[3] is not None
    }
    sek = kit.ctx.catalog.jabatan_by_id["sekretaris"].nama
    kadis = kit.ctx.catalog.jabatan_by_id["kepala_dinas"].nama
    assert shown[(sek, "TW III")] == REFUSED_TEXT
    assert shown[(kadis, "TW III")] == "Tidak"


# "Sent but not usable" only when an error kept the values out, never from "no value".
def test_a_text_only_sending_is_sent_with_its_indicators_unfilled(
    kit: Kit, mini_config: Path
) -> None:
    """The reviewer's input A: every number blank, one Keterangan typed. No error, so never
    `quarter-not-usable` nor "Ya, ditolak": it is sent, its indicators not filled."""
    from pipeline.report.build import kelengkapan

    sek = kit.ctx.catalog.jabatan_by_id["sekretaris"]
    blank = {(i.id, v.id): None for i in sek.indikator for v in i.variabel}
    kit.filled("sek.xlsx", blank, keterangan={sek.indikator[0].id: "Data belum tersedia"})
    code, out, findings = check(mini_config, str(kit.inbox))
    assert code == 0, out
    assert not [f for f in findings if f["severity"] == "error"]
    assert sorted(codes(findings, "sekretaris")) == sorted(
        ["indicator-not-reported"] * len(sek.indikator) + ["blank-input"] * len(blank)
    )
    assert (
        "Kiriman TW III: 1 dari 2 jabatan mengirim (1 dengan indikator yang belum diisi); "
        "belum mengirim: Kepala Dinas"
    ) in out
    read = read_workbooks(collect_inputs([kit.inbox]), kit.ctx, tahun=2026, triwulan_max=3)
    row = kelengkapan(kit.ctx, read, 3).set_index(["jabatan_id", "triwulan"]).loc[("sekretaris", 3)]
    assert bool(row["dikirim"]) and not bool(row["tidak_dipakai"])
    assert row["berkas"] == "sek.xlsx" and row["kosong"] == len(blank)


def test_a_budget_only_sending_is_sent_not_refused(real_ctx: Context, tmp_path: Path) -> None:
    """The reviewer's input B: the budget filler sends only an Anggaran realisation."""
    from pipeline.contract import realisasi_name
    from pipeline.report.build import honesty_findings, kelengkapan
    from pipeline.template.build import _write_workbook
    from pipeline.template.fill import fill_workbook

    assert real_ctx.budget is not None
    pengisi = real_ctx.catalog.jabatan_by_id[real_ctx.budget.pengisi]
    blank, sent = tmp_path / "kosong.xlsx", tmp_path / "masuk" / "keu.xlsx"
    _write_workbook(real_ctx, 2026, 3, [pengisi], {}, blank)
    sent.parent.mkdir()
    line = next(x for x in real_ctx.budget.lines if x.baris_id)
    fill_workbook(blank, sent, {realisasi_name(line.baris_id, 3): 1_000_000})
    read = read_workbooks([sent], real_ctx, tahun=2026, triwulan_max=3)
    assert read.ok, [f.code for f in read.findings if f.severity.value == "error"]
    got = honesty_findings(real_ctx, read, 3, frozenset(), draft=False)
    mine = [f.code for f in got if f.jabatan == pengisi.id and f.triwulan == 3]
    assert mine == ["indicator-not-reported"] * len(pengisi.indikator)
    assert not [f for f in got if f.code == "quarter-not-usable"]
    row = kelengkapan(real_ctx, read, 3).set_index(["jabatan_id", "triwulan"])
    assert bool(row.loc[(pengisi.id, 3), "dikirim"])
    assert not row["tidak_dipakai"].any()


def _whole_workbook_kadis_untouched(kit: Kit) -> Path:
    kadis = kit.ctx.catalog.jabatan_by_id["kepala_dinas"]
    blank = {(i.id, v.id): None for i in kadis.indikator for v in i.variabel}
    return kit.filled("IKI-2026-TW3.xlsx", blank, split=None)


def test_a_blocked_whole_workbook_claims_no_jabatan(kit: Kit, mini_config: Path) -> None:
    """A whole workbook of an older catalog says nothing about which sheets were filled:
    it claims no jabatan (its own error speaks) and hides nobody's "belum mengirim"."""
    set_property(_whole_workbook_kadis_untouched(kit), "iki_sidik_katalog", "0123456789abcdef")
    code, out, findings = check(mini_config, str(kit.inbox))
    assert code == 1, out
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors and all(f["file"] == "IKI-2026-TW3.xlsx" for f in errors)
    assert not [f for f in findings if f["code"] == "quarter-not-usable"]
    assert codes(findings, "kepala_dinas") == ["quarter-not-reported"]
    assert codes(findings, "sekretaris") == ["quarter-not-reported"]
    assert "Kiriman TW III: 0 dari 2 jabatan mengirim" in out
    # A blocked workbook of ONE jabatan (the split template) is that officer's sending.
    set_property(kit.filled("sek.xlsx"), "iki_sidik_katalog", "0123456789abcdef")
    _, out, findings = check(mini_config, str(kit.inbox))
    assert codes(findings, "sekretaris") == ["quarter-not-usable"]
    assert codes(findings, "kepala_dinas") == ["quarter-not-reported"]


def test_a_deleted_untouched_sheet_of_a_whole_workbook_is_no_claim(
    kit: Kit, mini_config: Path
) -> None:
    lembar = kit.ctx.catalog.jabatan_by_id["kepala_dinas"].lembar
    edit_openpyxl(_whole_workbook_kadis_untouched(kit), lambda wb: wb.remove(wb[lembar]))
    _, out, findings = check(mini_config, str(kit.inbox))
    assert "quarter-not-reported" in codes(findings, "kepala_dinas")
    assert not [f for f in findings if f["code"] == "quarter-not-usable"]
    assert "Kiriman TW III: 1 dari 2 jabatan mengirim; belum mengirim: Kepala Dinas" in out


def test_a_cell_behind_a_broken_name_is_unreadable_not_refused(kit: Kit, mini_config: Path) -> None:
    """Neither blank nor typed-and-refused: the finding points at the broken name's error,
    never at a cell "?"; and it does not make an untouched sheet a sending."""
    from readerkit import set_name_xml

    from pipeline.template import input_name

    path = kit.filled("sek.xlsx", {("nilai_akuntabilitas", "nilai_sakip"): None})
    set_name_xml(path, input_name("nilai_akuntabilitas", "nilai_sakip", 3), "#REF!")
    _, out, findings = check(mini_config, str(kit.inbox))
    assert "name-broken" in codes(findings, "sekretaris")
    (unread,) = [f for f in findings if f["code"] == "indicator-unreadable"]
    assert unread["indikator"] == "nilai_akuntabilitas" and unread["file"] == "sek.xlsx"
    assert "tidak dapat dibaca dari berkas 'sek.xlsx'" in unread["message"]
    assert "nama sel atau lembar yang rusak" in unread["message"]
    told = [f for f in findings if f["code"].startswith(("indicator-", "quarter-"))]
    assert not [f for f in told if "?" in f["message"] or f["code"] == "indicator-refused"]
    assert "1 dengan isian indikator yang tidak terbaca" in out
    # The same broken name on an untouched Kepala Dinas sheet of a whole workbook.
    (kit.inbox / "sek.xlsx").unlink()
    whole = _whole_workbook_kadis_untouched(kit)
    kadis = kit.ctx.catalog.jabatan_by_id["kepala_dinas"].indikator[0]
    set_name_xml(whole, input_name(kadis.id, kadis.variabel[0].id, 3), "#REF!")
    _, out, findings = check(mini_config, str(kit.inbox))
    assert "quarter-not-reported" in codes(findings, "kepala_dinas")
    assert not [f for f in findings if f["code"] in ("quarter-not-usable", "indicator-refused")]


def test_a_conflict_with_an_unreadable_copy_names_no_cell_question_mark(
    kit: Kit, mini_config: Path
) -> None:
    """Two copies, one with a broken name where the other holds a value: the conflict says
    the cell could not be read in that copy (its name-broken error tells why), never "sel ?"."""
    from readerkit import set_name_xml

    from pipeline.template import input_name

    kit.filled("IKI-sekretaris.xlsx")
    copy = kit.filled("IKI-sekretaris (revisi).xlsx")
    set_name_xml(copy, input_name("nilai_akuntabilitas", "nilai_sakip", 3), "#REF!")
    _, _, findings = check(mini_config, str(kit.inbox))
    conflicts = [f for f in findings if f["code"] == "duplicate-conflict"]
    assert conflicts and all("?" not in f["message"] for f in conflicts)
    (unread,) = [f for f in conflicts if "tidak dapat dibaca" in f["message"]]
    assert "lihat galat nama sel" in unread["message"] and " di sel " in unread["message"]
