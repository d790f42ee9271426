"""The rekap workbook, read back with openpyxl and as raw XML."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet
from report_fixtures import DITERIMA, KETERANGAN, make_model, synthetic_model

from pipeline.catalog import Catalog
from pipeline.context import Context
from pipeline.report.excel import rekap_filename, write_rekap
from pipeline.report.excel_style import NUM_COUNT, NUM_DATETIME, NUM_DECIMAL, light
from pipeline.report.model import ReportModel

Q = 3
FIXED = ["Ringkasan", "Grafik", "Data", "Kelengkapan", "Riwayat"]


def _write(model: ReportModel, tmp_path: Path) -> Path:
    path = tmp_path / rekap_filename(model.tahun, model.triwulan)
    write_rekap(model, path)
    return path


@pytest.fixture
def model(mini_ctx: Context) -> ReportModel:
    return make_model(mini_ctx, triwulan=Q)


@pytest.fixture
def book(model: ReportModel, tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(_write(model, tmp_path))


def _header_row(ws: Worksheet) -> int:
    """1-based row of the table header (the row whose column A says 'No')."""
    return next(c.row for c in ws["A"] if c.value == "No")


def _table(ws: Worksheet) -> tuple[list[str], list[tuple]]:
    """Header names and data rows (cell objects) below them, up to the first blank No."""
    h = _header_row(ws)
    names = [c.value for c in ws[h] if c.value is not None]
    rows = []
    for row in ws.iter_rows(min_row=h + 1, max_col=len(names)):
        if row[0].value is None or not isinstance(row[0].value, int):
            break
        rows.append(row)
    return names, rows


def _hidden(ws: Worksheet, letter: str) -> bool:
    """Whether a column is hidden (openpyxl keys a run of equal columns by its first)."""
    from openpyxl.utils import column_index_from_string

    i = column_index_from_string(letter)
    return any(d.hidden and d.min <= i <= d.max for d in ws.column_dimensions.values() if d.min)


def test_filename() -> None:
    assert rekap_filename(2026, 3) == "rekap-iki-2026-TW3.xlsx"


def test_sheets_in_order(book: openpyxl.Workbook, model: ReportModel) -> None:
    lembar = [j.lembar for j in model.catalog.jabatan]
    assert book.sheetnames == [*FIXED, *lembar, "Temuan", "Keputusan"]


def test_ringkasan_columns_and_figures(book: openpyxl.Workbook, model: ReportModel) -> None:
    ws = book["Ringkasan"]
    names, rows = _table(ws)
    assert names == [
        "No", "Jabatan", "Sasaran", "Indikator", "Satuan", "Target",
        "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi s.d. TW III",
        "Capaian (%)", "Predikat", "Keterangan", "Catatan",
    ]  # fmt: skip
    current = model.current()
    assert len(rows) == len(current) == len(model.catalog.indikator)
    col = {name: i for i, name in enumerate(names)}
    for row, r in zip(rows, current.itertuples(index=False), strict=True):
        assert row[col["Indikator"]].value == r.indikator
        for name, expected in (("Target", r.target), ("Realisasi s.d. TW III", r.realisasi),
                               ("Capaian (%)", r.capaian)):  # fmt: skip
            _assert_number(row[col[name]], expected)
        for q in range(1, Q + 1):
            quarter = model.results[
                (model.results["indikator_id"] == r.indikator_id) & (model.results["triwulan"] == q)
            ].iloc[0]
            _assert_number(row[col[f"Realisasi TW {'I' * q}"]], quarter.realisasi_triwulan)
        predikat = r.predikat if isinstance(r.predikat, str) else None
        assert row[col["Predikat"]].value == predikat
        assert row[col["Catatan"]].value == (r.catatan or None)
        assert row[col["Keterangan"]].value == (KETERANGAN.get(r.indikator_id) or None)
        assert row[col["Capaian (%)"]].number_format == NUM_DECIMAL
        if predikat:
            fill = row[col["Predikat"]].fill.fgColor.rgb
            assert fill.upper().endswith(light(model.scale.color(predikat))[1:].upper())


def _assert_number(cell: openpyxl.cell.Cell, expected: float) -> None:
    if math.isnan(expected):
        assert cell.value is None, cell.coordinate
    else:
        assert isinstance(cell.value, int | float), cell.coordinate
        assert cell.value == pytest.approx(expected), cell.coordinate


def test_number_formats_and_blanks(book: openpyxl.Workbook) -> None:
    ws = book["Ringkasan"]
    names, rows = _table(ws)
    by_id = {row[names.index("Indikator")].value: row for row in rows}
    target = names.index("Target")
    # counts without decimals, percentages / scores / averages with two
    assert by_id["Jumlah Sosialisasi"][target].number_format == NUM_COUNT
    assert by_id["Persentase Kepemilikan KTP-el"][target].number_format == NUM_DECIMAL
    assert by_id["Rata-rata Lama Antrian"][target].number_format == NUM_DECIMAL
    assert by_id["Nilai Akuntabilitas Kinerja"][target].number_format == NUM_DECIMAL
    blank = by_id["Nilai Akuntabilitas Kinerja"]
    for name in ("Realisasi TW I", "Realisasi s.d. TW III", "Capaian (%)", "Predikat"):
        assert blank[names.index(name)].value is None
    values = [c.value for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.strip().lower() in ("nan", "none", "nat")
                   for v in values)  # fmt: skip


def test_formula_looking_text_stays_text(book: openpyxl.Workbook, tmp_path: Path) -> None:
    ws = book["Ringkasan"]
    names, rows = _table(ws)
    cells = {row[names.index("Keterangan")].value: row[names.index("Keterangan")] for row in rows}
    for text in ("=SUM(A1)", "+62 812 3456 7890", "@user", "-5 kendala"):
        assert cells[text].data_type == "s"
    temuan = [c for row in book["Temuan"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") and c.data_type == "s" for c in temuan)
    _assert_no_formulas(next(tmp_path.glob("*.xlsx")))


def _assert_no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert "<f>" not in z.read(name).decode(), name


def test_autofilter_freeze_and_print(book: openpyxl.Workbook) -> None:
    ws = book["Ringkasan"]
    h = _header_row(ws)
    assert ws.auto_filter.ref.startswith(f"A{h}:")
    assert ws.freeze_panes == f"E{h + 1}"  # rows above and No..Indikator stay in view
    assert book["Data"].freeze_panes == "C2"
    assert book["Temuan"].auto_filter.ref
    assert book["Kelengkapan"].auto_filter.ref
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (None, 1), sheet.title  # None: the default 1
        assert int(sheet.page_setup.fitToHeight) == 0, sheet.title


def test_title_and_draft_marker(mini_ctx: Context, tmp_path: Path) -> None:
    final = openpyxl.load_workbook(_write(make_model(mini_ctx), tmp_path))["Ringkasan"]
    top = [final.cell(r, 1).value for r in range(1, 6)]
    assert "PEMERINTAH KABUPATEN TANJUNG HARAPAN" in top
    assert "REKAPITULASI CAPAIAN IKI TAHUN 2026 S.D. TRIWULAN III" in top
    assert not any("DRAF" in (v or "") for v in top)
    draft_path = tmp_path / "draft" / "r.xlsx"
    draft_path.parent.mkdir()
    write_rekap(make_model(mini_ctx, draft=True), draft_path)
    draft = openpyxl.load_workbook(draft_path)
    for ws in draft.worksheets:
        if ws.title != "Data":  # the tidy table starts at A1; its printout still says DRAF
            assert any("DRAF" in (ws.cell(r, 1).value or "") for r in range(1, 6)), ws.title
        assert "DRAF" in ws.oddHeader.center.text


def test_workbook_properties(book: openpyxl.Workbook, model: ReportModel) -> None:
    assert book.properties.creator == model.kantor.nama_dinas
    assert book.properties.title == "Rekapitulasi Capaian IKI Tahun 2026 s.d. Triwulan III"


def test_chart_bars_by_predikat_with_a_legend(model: ReportModel, tmp_path: Path) -> None:
    """One overlapped column series per predikat band (its colour, its name in the legend),
    each holding only its band's capaian; together they are the Ringkasan's capaian."""
    path = _write(model, tmp_path)
    book = openpyxl.load_workbook(path)
    names, rows = _table(book["Ringkasan"])
    capaian = [r[names.index("Capaian (%)")].value for r in rows]
    predikat = [r[names.index("Predikat")].value for r in rows]
    grafik = book["Grafik"]
    h = _header_row(grafik)
    header = [c.value for c in grafik[h]]
    bands = [b.nama for b in model.scale.bands]
    assert header[6 : 6 + len(bands)] == bands
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
        drawing_rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
    assert xml.count("<c:ser>") == len(bands) + 1  # the bands + the 100 % line
    assert '<c:overlap val="100"/>' in xml
    assert '<c:plotVisOnly val="1"/>' not in xml  # hidden helper columns still drawn
    assert "<c:legend>" in xml and "Acuan 100 %" in xml
    assert "drawing" in drawing_rels  # on the Grafik sheet
    for k, band in enumerate(model.scale.bands):
        col = grafik.cell(h, 7 + k).column_letter
        assert f"'Grafik'!${col}${h}" in xml  # series name: the band's header cell
        assert band.warna.lstrip("#").upper() in xml.upper()
        assert _hidden(grafik, col)
    for i, (value, name) in enumerate(zip(capaian, predikat, strict=True), start=1):
        cells = [grafik.cell(h + i, 7 + k).value for k in range(len(bands))]
        expected = [value if b == name else None for b in bands]
        assert cells == expected, (i, name)
    _, legend = _table(grafik)
    assert [row[5].value for row in legend] == [100] * len(model.current())


def test_kelengkapan(book: openpyxl.Workbook, model: ReportModel) -> None:
    ws = book["Kelengkapan"]
    names, rows = _table(ws)
    assert names == ["No", "Triwulan", "Unit Kerja", "Jabatan", "Dikirim", "Berkas",
                     "Sidik SHA-256 (12 digit awal)", "Waktu Berkas Diubah", "Lengkap",
                     "Isian Kosong", "Sidik SHA-256 lengkap"]  # fmt: skip
    assert len(rows) == len(model.catalog.jabatan) * Q
    assert rows[0][1].value == "TW III"  # the reporting quarter first
    missing = [r for r in rows if r[4].value == "Tidak"]
    assert [(r[1].value, r[3].value) for r in missing] == [("TW III", "Sekretaris Dinas")]
    assert missing[0][7].value is None
    assert missing[0][0].fill.fgColor.rgb.upper().endswith("F8D7DA")
    sent = next(r for r in rows if r[3].value == "Kepala Dinas" and r[1].value == "TW III")
    assert sent[7].value == DITERIMA.replace(month=9)
    assert isinstance(sent[7].value, dt.datetime)
    assert sent[7].number_format == NUM_DATETIME
    assert (sent[4].value, sent[8].value, sent[9].value) == ("Ya", "Ya", 0)
    assert sent[6].value == "ab" * 6
    assert sent[10].value == "ab" * 32
    assert _hidden(ws, "K") and not _hidden(ws, "G")
    notes = [c.value for c in ws["B"] if isinstance(c.value, str)]
    assert any("bukan tanggal surel atau pesan diterima" in n for n in notes)
    assert any("kolom K (tersembunyi" in n for n in notes)


def test_jabatan_sheet(book: openpyxl.Workbook, model: ReportModel) -> None:
    jabatan = model.catalog.jabatan_by_id["kepala_dinas"]
    ws = book[jabatan.lembar]
    labels = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(1, _header_row(ws))}
    assert labels["Nama pejabat"] == "Drs. Hendra Wijayakusuma, M.Si."
    assert labels["NIP"] == "19760313 200401 1 002"
    assert labels["Atasan langsung"] == "Bupati Tanjung Harapan"
    h = _header_row(ws)
    data = list(ws.iter_rows(min_row=h + 1, max_row=h + len(jabatan.indikator) * Q))
    assert [row[4].value for row in data] == ["TW I", "TW II", "TW III"] * len(jabatan.indikator)
    assert data[0][2].value == "Persentase Kepemilikan KTP-el"
    assert data[1][2].value is None  # merged over the quarters
    assert any(str(rng) == f"C{h + 1}:C{h + Q}" for rng in ws.merged_cells.ranges)
    assert data[0][10].value == "Catatan triwulan pertama."
    assert data[2][10].value == "=SUM(A1)" and data[2][10].data_type == "s"
    _assert_number(data[2][8], model.current().iloc[0].capaian)
    sekretaris = book[model.catalog.jabatan_by_id["sekretaris"].lembar]
    h = _header_row(sekretaris)
    first = next(sekretaris.iter_rows(min_row=h + 1, max_row=h + 1))
    assert first[2].value == "Nilai Akuntabilitas Kinerja"
    assert first[6].value is None and first[8].value is None
    assert first[11].value.startswith("Belum dilaporkan")


def test_temuan(book: openpyxl.Workbook, model: ReportModel) -> None:
    names, rows = _table(book["Temuan"])
    assert names == ["No", "Tingkat", "Kode", "Berkas", "Lembar", "Sel", "Jabatan", "Indikator",
                     "Triwulan", "Pesan"]  # fmt: skip
    assert len(rows) == len(model.findings)
    galat = next(r for r in rows if r[2].value == "blank-input")
    assert galat[1].value == "Galat"
    assert (galat[5].value, galat[6].value, galat[8].value) == ("D12", "Kepala Dinas", "TW III")
    assert galat[7].value == "Persentase Ketepatan Waktu Penerbitan Dokumen"
    assert {r[1].value for r in rows} == {"Galat", "Peringatan", "Info"}


def test_temuan_empty(mini_ctx: Context, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(make_model(mini_ctx, findings=[]), tmp_path))["Temuan"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Tidak ada temuan." in texts


def test_first_quarter_and_fourth(mini_ctx: Context, tmp_path: Path) -> None:
    for q in (1, 4):
        out = tmp_path / f"q{q}"
        out.mkdir()
        model = make_model(mini_ctx, triwulan=q)
        book = openpyxl.load_workbook(_write(model, out))
        names, rows = _table(book["Ringkasan"])
        assert names[-5] == f"Realisasi s.d. TW {['I', 'II', 'III', 'IV'][q - 1]}"
        assert sum(n.startswith("Realisasi TW") for n in names) == q
        assert len(rows) == len(model.catalog.indikator)


def test_sheet_name_clash_is_refused(mini_ctx: Context, tmp_path: Path) -> None:
    model = make_model(mini_ctx)
    first, *rest = model.catalog.jabatan
    catalog = Catalog(model.catalog.versi, (replace(first, lembar="ringkasan"), *rest))
    with pytest.raises(ValueError, match="bentrok"):
        write_rekap(replace(model, catalog=catalog), tmp_path / "x.xlsx")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(texts=st.lists(st.text(min_size=1, max_size=60), min_size=5, max_size=5))
def test_any_keterangan_stays_text(mini_ctx: Context, tmp_path_factory, texts: list[str]) -> None:
    ids = [i.id for i in mini_ctx.catalog.indikator][:5]
    model = make_model(mini_ctx, keterangan=dict(zip(ids, texts, strict=True)))
    path = tmp_path_factory.mktemp("hyp") / "rekap.xlsx"
    write_rekap(model, path)
    _assert_no_formulas(path)
    ws = openpyxl.load_workbook(path)["Ringkasan"]
    names, rows = _table(ws)
    col = names.index("Keterangan")
    for text, row in zip(texts, rows, strict=False):
        cell = row[col]
        assert cell.data_type == "s"
        if not re.search(r"[\x00-\x08\x0b-\x1f\r]", text):
            assert cell.value == text


def test_full_catalog(real_ctx: Context, tmp_path: Path) -> None:
    """All 21 jabatan sheets fit beside the fixed ones; every indicator is in the chart."""
    model = synthetic_model(real_ctx, triwulan=4)
    path = _write(model, tmp_path)
    book = openpyxl.load_workbook(path)
    lembar = [j.lembar for j in real_ctx.catalog.jabatan]
    assert book.sheetnames == [*FIXED, *lembar, "Temuan", "Keputusan"]
    # Issue 11: every catalog decision on the Keputusan sheet, none confirmed in the model.
    rows = [
        [c.value for c in r]
        for r in book["Keputusan"].iter_rows()
        if isinstance(r[1].value, str) and "." in r[1].value
    ]
    assert [r[1] for r in rows] == [k.id for k in real_ctx.catalog.keputusan]
    assert {r[6] for r in rows} == {"belum dikonfirmasi"}
    _, rows = _table(book["Ringkasan"])
    assert len(rows) == len(real_ctx.catalog.indikator)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert f'<c:ptCount val="{len(rows)}"/>' in xml
    _assert_no_formulas(path)


def data_sheet_rows(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path)["Data"]
    return [[c.value for c in row] for row in ws.iter_rows()]


def assert_data_equals_csv(xlsx: Path, csv_path: Path) -> None:
    """The Data sheet holds hasil.csv's header and rows; numbers as numbers of equal value."""
    import csv

    from pipeline.report.csv import HASIL_COLUMNS

    with csv_path.open(encoding="utf-8", newline="") as fh:
        expected = list(csv.reader(fh))
    got = data_sheet_rows(xlsx)
    assert got[0] == expected[0] == HASIL_COLUMNS
    assert len(got) == len(expected)
    width = len(HASIL_COLUMNS)
    for want, have in zip(expected[1:], got[1:], strict=True):
        have = (have + [None] * width)[:width]
        for col, w, h in zip(HASIL_COLUMNS, want, have, strict=True):
            if w == "":
                assert h is None, (col, want)
            elif col in ("jabatan_id", "jabatan", "indikator_id", "indikator", "satuan",
                         "wilayah", "predikat", "status", "catatan"):  # fmt: skip
                assert h == w, (col, want)
            else:
                assert isinstance(h, int | float) and not isinstance(h, bool), (col, h)
                assert h == float(w), (col, want)


def test_data_sheet_equals_hasil_csv(model: ReportModel, tmp_path: Path) -> None:
    from pipeline.report.csv import write_hasil_csv

    xlsx = _write(model, tmp_path)
    write_hasil_csv(model, tmp_path / "hasil.csv")
    assert_data_equals_csv(xlsx, tmp_path / "hasil.csv")
    ws = openpyxl.load_workbook(xlsx)["Data"]
    formats = {c.column_letter: c.number_format for c in ws[2] if isinstance(c.value, int | float)}
    header = [c.value for c in ws[1]]
    letter = {name: ws.cell(1, i + 1).column_letter for i, name in enumerate(header)}
    assert formats.get(letter["triwulan"]) == "0"  # a quarter, not 1,00
    if letter["capaian"] in formats:
        assert formats[letter["capaian"]] == "#,##0.00"
    assert ws.auto_filter.ref.startswith("A1:")


def test_data_sheet_follows_the_csv_columns(
    model: ReportModel, tmp_path: Path, monkeypatch
) -> None:
    """A column added to hasil.csv (e.g. `tahun`) appears on the Data sheet as a number."""
    import pipeline.report.csv as hasil
    import pipeline.report.excel_data as data

    columns = ["tahun", *hasil.HASIL_COLUMNS]
    base = hasil.hasil_rows(model)

    def rows(m: ReportModel) -> list[list[str]]:
        return [[str(m.tahun), *r] for r in base]

    for module in (hasil, data):
        monkeypatch.setattr(module, "HASIL_COLUMNS", columns)
        monkeypatch.setattr(module, "hasil_rows", rows)
    xlsx = _write(model, tmp_path)
    got = data_sheet_rows(xlsx)
    assert got[0] == columns
    assert {r[0] for r in got[1:]} == {2026} and all(isinstance(r[0], int) for r in got[1:])
    ws = openpyxl.load_workbook(xlsx)["Data"]
    assert ws["A2"].number_format == "0"  # 2026, not 2.026


def test_chart_keeps_a_capaian_without_predikat(mini_ctx: Context, tmp_path: Path) -> None:
    """A provisional capaian (incomplete data, no predikat) is drawn in grey, named in the
    legend, rather than dropped from the chart."""
    model = make_model(mini_ctx, triwulan=Q)
    results = model.results.copy()
    row = results.index[(results["triwulan"] == Q) & results["capaian"].notna()][0]
    results.loc[row, "predikat"] = None
    path = _write(replace(model, results=results), tmp_path)
    grafik = openpyxl.load_workbook(path)["Grafik"]
    h = _header_row(grafik)
    header = [c.value for c in grafik[h]]
    col = header.index("Tanpa predikat") + 1
    values = [grafik.cell(h + i, col).value for i in range(1, len(model.current()) + 1)]
    assert [v for v in values if v is not None] == [results.loc[row, "capaian"]]
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert xml.count("<c:ser>") == len(model.scale.bands) + 2
