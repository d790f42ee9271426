"""The fillable workbook: sheets, protection, defined names, validation, identity, splits."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import ROOT
from template_support import (
    custom_properties,
    expected_names,
    expected_sheets,
    merged_cells_of,
    name_targets,
    normalised_identity,
    unlocked_cells,
    validations_at,
)

from pipeline.catalog.model import UNITS
from pipeline.context import Context
from pipeline.contract import SEBAB, pagu_name, realisasi_name, sebab_name
from pipeline.errors import UsageError
from pipeline.safewrite import REGISTRY
from pipeline.template import (
    TEMPLATE_VERSION,
    identity_properties,
    input_name,
    keterangan_name,
    write_template,
)
from pipeline.template.names import (
    InvalidNameError,
    NameRegistry,
    check_name,
    name_problem,
    sheet_ref,
)

HAVE_REAL = (ROOT / "pipeline/catalog/iki.toml").is_file() and (
    ROOT / "data/target-2026.toml"
).is_file()
CONTEXTS = [
    "mini_ctx",
    pytest.param(
        "real_ctx",
        marks=pytest.mark.skipif(not HAVE_REAL, reason="full catalog iki.toml not yet present"),
    ),
]


@pytest.fixture(params=CONTEXTS)
def any_ctx(request: pytest.FixtureRequest) -> Context:
    return request.getfixturevalue(request.param)


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["TW1", "tw3", "KK1", "A1", "XFD1048576", "R1C1", "r", "C", "RC", "R1", "C12", "rc3"],
)
def test_cell_like_names_are_refused(name: str) -> None:
    assert name_problem(name)
    with pytest.raises(InvalidNameError):
        check_name(name)


@pytest.mark.parametrize("name", ["", "1abc", "a b", "a-b", "ktp$", "true", "x" * 256])
def test_malformed_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidNameError):
        check_name(name)


@pytest.mark.parametrize("name", ["kepemilikan_ktp_el__wajib_ktp__tw3", "a.b", "_x", "x" * 255])
def test_good_names_pass(name: str) -> None:
    assert check_name(name) == name


def test_registry_refuses_duplicates_and_checks_xlsxwriter(tmp_path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(tmp_path / "n.xlsx"))
    workbook.add_worksheet("01 Kadis")
    names = NameRegistry(workbook)
    names.define("a_b__c__tw1", "01 Kadis", 0, 0)
    with pytest.raises(InvalidNameError, match="twice"):
        names.define("A_B__C__TW1", "01 Kadis", 1, 0)  # Excel ignores case
    with pytest.raises(InvalidNameError):
        names.define("TW1", "01 Kadis", 2, 0)
    with pytest.raises(InvalidNameError, match="unknown sheet"):
        names.define("ok_name", "Tidak Ada", 3, 0)
    # XlsxWriter only warns and returns -1: that must not pass silently either.
    workbook.define_name = lambda name, formula: -1
    with pytest.raises(InvalidNameError, match="XlsxWriter refused"):
        names.define("other_name", "01 Kadis", 4, 0)
    workbook.close()
    assert names.refs == {"a_b__c__tw1": "='01 Kadis'!$A$1"}


def test_sheet_reference_quotes_the_sheet_name() -> None:
    assert sheet_ref("01 Kepala Dinas", 11, 6) == "='01 Kepala Dinas'!$G$12"
    assert sheet_ref("Seksi D'Arc", 0, 27) == "='Seksi D''Arc'!$AB$1"


def test_name_scheme() -> None:
    assert input_name("kepemilikan_ktp_el", "wajib_ktp", 3) == "kepemilikan_ktp_el__wajib_ktp__tw3"
    assert keterangan_name("kepemilikan_ktp_el", 1) == "kepemilikan_ktp_el__keterangan__tw1"
    assert TEMPLATE_VERSION == "3"
    assert sebab_name("kepemilikan_ktp_el", "tindak_lanjut", 4) == (
        "kepemilikan_ktp_el__tindak_lanjut__tw4"
    )
    assert pagu_name("pelayanan_identitas") == "anggaran__pelayanan_identitas__pagu"
    assert realisasi_name("pelayanan_identitas", 2) == (
        "anggaran__pelayanan_identitas__realisasi__tw2"
    )
    with pytest.raises(ValueError):
        sebab_name("kepemilikan_ktp_el", "alasan", 1)
    # A kecamatan row: the Kemendagri code ends the name and keeps it a valid Excel name.
    assert (
        input_name("ktp_el_tercetak", "wajib_ktp", 2, "99.01.07")
        == "ktp_el_tercetak__wajib_ktp__tw2__99.01.07"
    )
    for bad in (0, 5, True):
        with pytest.raises(ValueError):
            input_name("a_b", "c", bad)


# --- the whole workbook ---------------------------------------------------------------------


def test_workbook_structure(any_ctx: Context, tmp_path: Path) -> None:
    q = 3
    (path,) = write_template(any_ctx, 2026, q, tmp_path)
    assert path.name == "IKI-2026-TW3.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == expected_sheets(any_ctx, any_ctx.catalog.jabatan)
    assert len({s.lower() for s in wb.sheetnames}) == len(wb.sheetnames)
    assert all(len(s) <= 31 and not set(s) & set("\\/?*[]:") for s in wb.sheetnames)

    for ws in wb.worksheets:
        p = ws.protection
        assert p.sheet, ws.title
        # openpyxl: True = the action is protected (forbidden).
        assert p.insertRows and p.deleteRows and p.insertColumns and p.deleteColumns
        assert not p.formatColumns and not p.formatRows
        assert ws.page_setup.orientation == ("portrait" if ws.title == "Petunjuk" else "landscape")
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # fitToWidth defaults to 1 when absent; fitToHeight 0 = as many pages as needed.
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0

    expected = expected_names(any_ctx, q)
    targets = name_targets(wb)
    assert set(targets) == set(expected)  # nothing missing, nothing extra at workbook scope

    unlocked_by_sheet: dict[str, set[str]] = {s: set() for s in wb.sheetnames}
    for ind in any_ctx.catalog.indikator:
        for v, kode in ((v, k) for v in ind.variabel for k in any_ctx.wilayah.areas(ind)):
            t = targets[input_name(ind.id, v.id, q, kode)]
            ws = wb[t.sheet]
            assert t.sheet == expected[input_name(ind.id, v.id, q, kode)]
            cell = ws[t.coordinate]
            assert cell.value is None
            assert not cell.protection.locked
            assert cell.fill.fgColor.rgb.endswith("FFF2CC")
            # No locale tag on inputs: LibreOffice would parse typed numbers by it.
            assert "[$" not in cell.number_format
            (dv,) = validations_at(ws, t.coordinate)
            assert dv.errorStyle in (None, "stop") and dv.showErrorMessage
            assert dv.allow_blank and dv.showInputMessage and dv.prompt and dv.error
            if ind.jenis == "nilai":
                # "between" is the default operator, so the file may leave it out.
                assert dv.type == "decimal" and dv.operator in (None, "between")
                assert float(dv.formula1) == ind.nilai_min
                assert float(dv.formula2) == ind.nilai_maks
            else:
                assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
            # The header of the input column says which quarter it is.
            assert "TW III" in ws.cell(row=9, column=cell.column).value
            unlocked_by_sheet[t.sheet].add(t.coordinate)
        t = targets[keterangan_name(ind.id, q)]
        ws = wb[t.sheet]
        assert not ws[t.coordinate].protection.locked
        (dv,) = validations_at(ws, t.coordinate)
        assert (dv.type, dv.operator, dv.formula1) == ("textLength", "lessThanOrEqual", "1000")
        unlocked_by_sheet[t.sheet] |= merged_cells_of(ws, t.coordinate)
        for jenis in SEBAB:
            t = targets[sebab_name(ind.id, jenis, q)]
            ws = wb[t.sheet]
            assert not ws[t.coordinate].protection.locked
            (dv,) = validations_at(ws, t.coordinate)
            assert (dv.type, dv.formula1) == ("textLength", "1000")
            unlocked_by_sheet[t.sheet] |= merged_cells_of(ws, t.coordinate)
    if any_ctx.budget is not None:  # the Anggaran sheet: whole rupiah >= 0, nothing else open
        for line in any_ctx.budget.sub_kegiatan:
            for name in (pagu_name(line.baris_id), realisasi_name(line.baris_id, q)):
                t = targets[name]
                cell = wb[t.sheet][t.coordinate]
                assert t.sheet == "Anggaran" and not cell.protection.locked
                (dv,) = validations_at(wb[t.sheet], t.coordinate)
                assert (dv.type, dv.formula1) == ("whole", "0")
                unlocked_by_sheet[t.sheet].add(t.coordinate)

    # Everything else is locked: the only unlocked cells are the named inputs.
    for ws in wb.worksheets:
        assert unlocked_cells(ws) == unlocked_by_sheet[ws.title], ws.title

    assert normalised_identity(path) == identity_properties(
        any_ctx, 2026, q, list(any_ctx.catalog.jabatan)
    )


def test_identity_properties_are_strings(mini_ctx: Context, tmp_path: Path) -> None:
    (path,) = write_template(mini_ctx, 2026, 2, tmp_path)
    props = custom_properties(path)
    assert props == {
        "iki_tahun": ("lpwstr", "2026"),
        "iki_triwulan": ("lpwstr", "2"),
        "iki_versi_template": ("lpwstr", TEMPLATE_VERSION),
        "iki_sidik_katalog": ("lpwstr", mini_ctx.catalog.fingerprint),
        "iki_jabatan": ("lpwstr", "*"),
    }
    # The document title keeps its acronym and roman numeral (no str.capitalize()).
    core = openpyxl.load_workbook(path, read_only=True).properties
    assert core.title == "Formulir Isian Realisasi IKI Tahun 2026 — Triwulan II"


def test_petunjuk_and_head(mini_ctx: Context, tmp_path: Path) -> None:
    (path,) = write_template(mini_ctx, 2026, 3, tmp_path)
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    for phrase in (
        "sel berwarna kuning",
        "dalam triwulan",
        "Posisi akhir triwulan",
        "Sel kosong berarti belum dilaporkan; angka 0 berarti dilaporkan nol",
        "Jangan mengganti nama, menghapus, memindahkan",
        "menyisipkan atau menghapus baris",
        ".xlsx",
        "Sub Bagian Perencanaan dan Evaluasi",
        "1 Juli 2026 – 30 September 2026",
        f"Versi template {TEMPLATE_VERSION}",
        mini_ctx.catalog.fingerprint,
    ):
        assert phrase in text, phrase
    ws = wb["01 Kepala Dinas"]
    head = [str(ws.cell(row=r, column=c).value) for r in range(1, 9) for c in (1, 2)]
    assert "FORMULIR ISIAN REALISASI IKI TAHUN 2026 — TRIWULAN III" in head
    assert mini_ctx.config.kantor.pemerintah_daerah.upper() in head
    pejabat = mini_ctx.config.pejabat["kepala_dinas"]
    assert any(pejabat.nama in h for h in head)
    nip = f"{pejabat.nip[:8]} {pejabat.nip[8:14]} {pejabat.nip[14]} {pejabat.nip[15:]}"
    assert any(h.endswith(nip) for h in head)  # as text, grouped, never a float
    assert ws.freeze_panes == "A10"
    first = name_targets(wb)[input_name("kepemilikan_ktp_el", "memiliki_ktp_el", 3)]
    assert ws.sheet_view.selection[-1].activeCell == first.coordinate  # opens on the input
    assert ws.print_title_rows.replace("$", "") == "9:9"


def test_vacant_post_gets_a_blank_line(mini_ctx: Context, tmp_path: Path) -> None:
    ctx = Context(
        config=type(mini_ctx.config)(
            **{**mini_ctx.config.__dict__, "pejabat": {}, "kata_sandi": "rahasia"}
        ),
        catalog=mini_ctx.catalog,
        targets=mini_ctx.targets,
    )
    (path,) = write_template(ctx, 2026, 1, tmp_path)
    ws = openpyxl.load_workbook(path)["02 Sekretaris"]
    assert str(ws["B6"].value).startswith("Nama: ....")
    assert ws.protection.password  # the configured password is applied (hashed)


def test_quarter_one_has_no_context_columns(mini_ctx: Context, tmp_path: Path) -> None:
    (path,) = write_template(mini_ctx, 2026, 1, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["01 Kepala Dinas"]
    assert ws.max_column == 5
    assert name_targets(wb)[input_name("kepemilikan_ktp_el", "wajib_ktp", 1)].coordinate[0] == "E"


# --- splits ---------------------------------------------------------------------------------


def test_split_jabatan(mini_ctx: Context, tmp_path: Path) -> None:
    paths = write_template(mini_ctx, 2026, 4, tmp_path, split="jabatan")
    assert [p.name for p in paths] == [
        "IKI-2026-TW4-kepala_dinas.xlsx",
        "IKI-2026-TW4-sekretaris.xlsx",
    ]
    for path, jab in zip(paths, mini_ctx.catalog.jabatan, strict=True):
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == expected_sheets(mini_ctx, [jab])
        assert set(name_targets(wb)) == set(expected_names(mini_ctx, 4, {jab.id}))
        identity = normalised_identity(path)
        assert identity["iki_jabatan"] == jab.id
        assert identity["iki_triwulan"] == "4"


@pytest.mark.skipif(not HAVE_REAL, reason="full catalog iki.toml not yet present")
def test_split_bidang_real(real_ctx: Context, tmp_path: Path) -> None:
    paths = write_template(real_ctx, 2026, 2, tmp_path, split="bidang")
    assert [p.name for p in paths] == [f"IKI-2026-TW2-{unit}.xlsx" for unit in UNITS]
    units = real_ctx.catalog.units()
    assert [j.id for j in units["pimpinan"]] == ["kepala_dinas"]
    seen: list[str] = []
    for path, unit in zip(paths, UNITS, strict=True):
        held = [j.id for j in units[unit]]
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == expected_sheets(real_ctx, units[unit])
        assert set(name_targets(wb)) == set(expected_names(real_ctx, 2, set(held)))
        assert normalised_identity(path)["iki_jabatan"] == ",".join(held)
        seen += held
    assert sorted(seen) == sorted(j.id for j in real_ctx.catalog.jabatan)


def test_split_bidang_skips_empty_units(mini_ctx: Context, tmp_path: Path) -> None:
    paths = write_template(mini_ctx, 2026, 2, tmp_path, split="bidang")
    assert [p.name for p in paths] == ["IKI-2026-TW2-sekretariat.xlsx"]


def test_bad_arguments_are_usage_errors(mini_ctx: Context, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_template(mini_ctx, 2026, 3, tmp_path, split="seksi")
    with pytest.raises(UsageError):
        write_template(mini_ctx, 2026, 5, tmp_path)
    with pytest.raises(UsageError):
        write_template(mini_ctx, 2027, 1, tmp_path)
    assert not list(tmp_path.glob("*.xlsx"))


@pytest.mark.skipif(not HAVE_REAL, reason="full catalog iki.toml not yet present")
def test_generation_is_fast(real_ctx: Context, tmp_path: Path) -> None:
    write_template(real_ctx, 2026, 4, tmp_path / "warmup")
    start = time.perf_counter()
    write_template(real_ctx, 2026, 4, tmp_path)
    elapsed = time.perf_counter() - start
    # Measured about 0.25 s for 21 sheets; the margin absorbs a loaded CI machine.
    assert elapsed < 2.0, elapsed
    # No temporary file left behind (the registry of written files is meant to stay).
    assert [p.name for p in tmp_path.glob(".*")] == [REGISTRY]
