"""Rekap sheets beyond the summary: Kelengkapan, one sheet per jabatan, Temuan."""

from __future__ import annotations

import math

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.catalog import Jabatan
from pipeline.catalog.model import UNITS
from pipeline.findings import Severity, sort_findings
from pipeline.report.excel_style import (
    MISSING_FILL,
    NUM_COUNT,
    NUM_DATETIME,
    NUM_DECIMAL,
    PARTIAL_FILL,
    Styles,
    fit_row,
    is_blank,
    judul,
    light,
    number_format,
    page_setup,
    text_lines,
    title_block,
    write_datetime,
    write_num,
    write_text,
    ya_tidak,
)
from pipeline.report.model import ReportModel

KELENGKAPAN = "Kelengkapan"
TEMUAN = "Temuan"
FIXED_SHEETS = (KELENGKAPAN, TEMUAN)
SHORT_HASH = 12
KELENGKAPAN_NOTE_WAKTU = (
    "Waktu Berkas Diubah: waktu terakhir berkas disimpan menurut sistem berkas komputer ini "
    "(tanggal modifikasi), bukan tanggal surel atau pesan diterima; menyalin berkas dapat "
    "mengubahnya."
)
KELENGKAPAN_NOTE_SIDIK = (
    f"Sidik SHA-256: tanda isi berkas; {SHORT_HASH} digit awal cukup untuk membedakan "
    "kiriman. Sidik lengkap ada di kolom {kolom} (tersembunyi: klik kanan judul kolom, Tampilkan)."
)
SEVERITY_FILL = {Severity.ERROR: MISSING_FILL, Severity.WARNING: PARTIAL_FILL}


def short_hashes(joined: object) -> str:
    """'abc…; def…' (full SHA-256, "; "-joined) -> the first digits of each, one per line."""
    if is_blank(joined):
        return ""
    return "\n".join(h.strip()[:SHORT_HASH] for h in str(joined).split(";") if h.strip())


def predikat_text(r: object) -> str:
    """The predikat, or why a figure on incomplete quarters has none (issue 11)."""
    predikat = getattr(r, "predikat", None)
    if getattr(r, "status", "") == "tidak_lengkap" and is_blank(predikat):
        return "Tidak lengkap" + (
            "" if is_blank(getattr(r, "capaian", None)) else " (capaian sementara)"
        )
    return "" if is_blank(predikat) else str(predikat)


def _table_header(
    ws: Worksheet, styles: Styles, row: int, columns: list[tuple[str, float]]
) -> None:
    for col, (name, width) in enumerate(columns):
        ws.set_column(col, col, width)
        write_text(ws, row, col, name, styles.header())
    ws.set_row(row, 30)


REFUSED_TEXT = "Ya, ditolak"  # the Dikirim cell of a sending whose values were refused


def _flag(x: object) -> bool:
    return bool(x) and not is_blank(x)


def write_kelengkapan(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    """Per jabatan and quarter (reporting quarter first): received, from which file, complete."""
    columns = [
        ("No", 5),
        ("Triwulan", 10),
        ("Unit Kerja", 26),
        ("Jabatan", 30),
        ("Dikirim", 9),
        ("Berkas", 30),
        (f"Sidik SHA-256 ({SHORT_HASH} digit awal)", 16),
        ("Waktu Berkas Diubah", 20),
        ("Lengkap", 9),
        ("Isian Kosong", 9),
        ("Sidik SHA-256 lengkap", 68),  # hidden: for checking a file against the record
    ]
    last_col = len(columns) - 1
    header = title_block(
        ws, styles, model, judul(model, "KELENGKAPAN KIRIMAN LEMBAR KERJA IKI"), last_col
    )
    _table_header(ws, styles, header, columns)
    frame = model.kelengkapan.sort_values("triwulan", ascending=False, kind="stable")
    for n, r in enumerate(frame.itertuples(index=False), start=1):
        row = header + n
        refused = _flag(getattr(r, "tidak_dipakai", False))
        sent = _flag(r.dikirim)
        complete = _flag(r.lengkap)
        # A refused sending has no values: red like a missing one, but it says it was sent.
        fill = None if complete else (PARTIAL_FILL if sent and not refused else MISSING_FILL)
        text = styles.cell(fill=fill)
        ws.write_number(row, 0, n, styles.cell(num="0", align="center", fill=fill))
        write_text(ws, row, 1, fmt.tw(int(r.triwulan)), text)
        write_text(ws, row, 2, UNITS.get(str(r.unit), r.unit), text)
        write_text(ws, row, 3, r.jabatan, text)
        dikirim = REFUSED_TEXT if refused else ya_tidak(r.dikirim)
        write_text(ws, row, 4, dikirim, styles.cell(fill=fill, bold=refused or not sent))
        write_text(ws, row, 5, r.berkas, text)
        write_text(ws, row, 6, short_hashes(r.sha256), styles.cell(fill=fill, font_name="Consolas"))
        write_datetime(ws, row, 7, r.diterima, styles.cell(num=NUM_DATETIME, fill=fill))
        write_text(ws, row, 8, ya_tidak(r.lengkap), text)
        write_num(ws, row, 9, r.kosong, styles.cell(num=NUM_COUNT, fill=fill))
        write_text(ws, row, 10, r.sha256, styles.cell(fill=fill, font_size=8))
        fit_row(ws, row, max(
            text_lines(UNITS.get(str(r.unit), r.unit), 26),
            text_lines(r.jabatan, 30),
            text_lines(str(r.berkas).replace("; ", "\n"), 30),
            text_lines(str(r.sha256).count(";") * "x\n" + "x", 16),
        ))  # fmt: skip
    last = header + max(len(frame), 1)
    if frame.empty:
        write_text(ws, header + 1, 0, "Belum ada data kelengkapan.", styles.get(italic=True))
    ws.autofilter(header, 0, last, last_col)
    ws.freeze_panes(header + 1, 0)
    ws.set_column(last_col, last_col, columns[-1][1], None, {"hidden": True})
    legend = last + 2
    # One line each, over the Triwulan..Jabatan columns: the single narrow column they had
    # cut "Merah: belum mengirim" short.
    for k, (text, fill) in enumerate(
        (
            ("Merah: belum mengirim", MISSING_FILL),
            ("Kuning: dikirim, belum lengkap", PARTIAL_FILL),
            (
                f"Merah, '{REFUSED_TEXT}': dikirim, tetapi isiannya tidak dapat dipakai "
                "(lihat lembar Temuan)",
                MISSING_FILL,
            ),
        )
    ):
        ws.merge_range(legend + k, 1, legend + k, 3, text, styles.cell(fill=fill))
    note = styles.get(italic=True, font_size=9)
    write_text(ws, legend + 4, 1, KELENGKAPAN_NOTE_WAKTU, note)
    sidik = KELENGKAPAN_NOTE_SIDIK.format(kolom=xl_col_to_name(last_col))
    write_text(ws, legend + 5, 1, sidik, note)
    page_setup(ws, model, header_row=header)


def write_jabatan_sheet(
    ws: Worksheet, styles: Styles, model: ReportModel, jabatan: Jabatan
) -> None:
    """One jabatan: its holder, then each indicator quarter by quarter."""
    columns = [
        ("No", 5),
        ("Sasaran", 26),
        ("Indikator", 34),
        ("Satuan", 10),
        ("Triwulan", 9),
        ("Target", 11),
        ("Realisasi Triwulan", 12),
        ("Realisasi s.d. Triwulan", 12),
        ("Capaian (%)", 11),
        ("Predikat", 13),
        ("Keterangan", 36),
        ("Catatan", 26),
    ]
    last_col = len(columns) - 1
    top = title_block(
        ws, styles, model, judul(model, f"CAPAIAN IKI {jabatan.nama.upper()}"), last_col
    )
    row = _holder_block(ws, styles, model, jabatan, top)
    header = row + 1
    _table_header(ws, styles, header, columns)
    frame = model.for_jabatan(jabatan.id).sort_values("triwulan", kind="stable")
    row = header + 1
    for n, ind in enumerate(jabatan.indikator, start=1):
        rows = frame[frame["indikator_id"] == ind.id]
        if rows.empty:
            continue
        num = number_format(ind, [*rows["target"], *rows["realisasi"], *rows["realisasi_triwulan"]])
        first, last = row, row + len(rows) - 1
        merged_lines = max(text_lines(ind.sasaran, 26), text_lines(ind.nama, 34))
        for col, value in enumerate((n, ind.sasaran, ind.nama, ind.satuan)):
            cell = styles.cell(num="0", align="center") if col == 0 else styles.cell()
            if last > first:
                ws.merge_range(first, col, last, col, "", cell)
            if col == 0:
                ws.write_number(first, col, value, cell)  # type: ignore[arg-type]
            else:
                write_text(ws, first, col, value, cell)
        for r in rows.itertuples(index=False):
            q = int(r.triwulan)
            predikat = predikat_text(r)
            tint = light(model.scale.color(predikat))
            bold = q == model.triwulan
            write_text(ws, row, 4, fmt.tw(q), styles.cell(align="center", bold=bold))
            write_num(ws, row, 5, r.target, styles.cell(num=num))
            write_num(ws, row, 6, r.realisasi_triwulan, styles.cell(num=num))
            write_num(ws, row, 7, r.realisasi, styles.cell(num=num, bold=bold))
            write_num(ws, row, 8, r.capaian, styles.cell(num=NUM_DECIMAL, fill=tint, bold=bold))
            write_text(ws, row, 9, predikat, styles.cell(fill=tint, bold=bold))
            keterangan = model.keterangan_for(ind.id, q)
            write_text(ws, row, 10, keterangan, styles.cell())
            write_text(ws, row, 11, r.catatan, styles.cell())
            share = math.ceil(merged_lines / len(rows))  # the merged cells' lines, spread
            fit_row(ws, row, max(text_lines(keterangan, 36), text_lines(r.catatan, 26), share))
            row += 1
    if row == header + 1:
        write_text(ws, row, 0, "Belum ada angka untuk jabatan ini.", styles.get(italic=True))
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, model, header_row=header)


def _holder_block(
    ws: Worksheet, styles: Styles, model: ReportModel, jabatan: Jabatan, row: int
) -> int:
    """Jabatan, unit, holder name/NIP/pangkat and superior; returns the next free row."""
    signatory = model.signatories.get(jabatan.id)
    pejabat = signatory.pejabat if signatory else None
    superior = model.signatories.get(jabatan.atasan)
    if pejabat is None:
        nama, nip, pangkat = "(belum ada pejabat di config.toml)", "", ""
    else:
        status = f" ({pejabat.status})" if pejabat.status else ""
        nama, nip, pangkat = pejabat.nama + status, fmt.nip(pejabat.nip), pejabat.pangkat
    pairs = [
        ("Jabatan", signatory.title if signatory else jabatan.nama),
        ("Unit kerja", UNITS.get(jabatan.unit, jabatan.unit)),
        ("Nama pejabat", nama),
        ("NIP", nip),
        ("Pangkat/golongan", pangkat),
        ("Atasan langsung", superior.title if superior else ""),
    ]
    label = styles.get(bold=True)
    value = styles.get(num_format="@")
    for label_text, value_text in pairs:
        write_text(ws, row, 1, label_text, label)
        ws.merge_range(row, 2, row, 5, "", value)
        write_text(ws, row, 2, value_text, value)
        row += 1
    return row


def write_temuan(ws: Worksheet, styles: Styles, model: ReportModel) -> None:
    """Every finding, most severe first within each file."""
    columns = [
        ("No", 5),
        ("Tingkat", 11),
        ("Kode", 22),
        ("Berkas", 28),
        ("Lembar", 18),
        ("Sel", 7),
        ("Jabatan", 24),
        ("Indikator", 30),
        ("Triwulan", 9),
        ("Pesan", 60),
    ]
    last_col = len(columns) - 1
    header = title_block(ws, styles, model, judul(model, "TEMUAN PEMERIKSAAN DATA IKI"), last_col)
    _table_header(ws, styles, header, columns)
    findings = sort_findings(model.findings)
    jabatan_names = {j.id: j.nama for j in model.catalog.jabatan}
    indikator_names = {i.id: i.nama for i in model.catalog.indikator}
    for n, f in enumerate(findings, start=1):
        row = header + n
        fill = SEVERITY_FILL.get(f.severity)
        text = styles.cell(fill=fill)
        ws.write_number(row, 0, n, styles.cell(num="0", align="center", fill=fill))
        values = (
            f.severity.label,
            f.code,
            f.file,
            f.sheet,
            f.cell,
            jabatan_names.get(f.jabatan or "", f.jabatan),
            indikator_names.get(f.indikator or "", f.indikator),
            fmt.tw(f.triwulan) if f.triwulan in fmt.ROMAN else f.triwulan,
            f.message,
        )
        for col, value in enumerate(values, start=1):
            write_text(ws, row, col, value, text)
        fit_row(ws, row, max(text_lines(v, columns[c][1]) for c, v in enumerate(values, 1)))
    if not findings:
        write_text(ws, header + 1, 0, "Tidak ada temuan.", styles.get(italic=True))
    ws.autofilter(header, 0, header + max(len(findings), 1), last_col)
    ws.freeze_panes(header + 1, 0)
    page_setup(ws, model, header_row=header)
