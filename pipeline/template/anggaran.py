"""The protected "Anggaran" sheet: pagu and quarterly realisation per sub kegiatan.

Filled by the jabatan named `pengisi` in the budget file (the Kepala Sub Bagian Keuangan dan
Aset). Where each named cell goes is pipeline/sheetlayout.py (the reader checks it); the
budget lines and their office-data pagu come from data/anggaran-<tahun>.toml.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from pipeline import fmt
from pipeline.budget.model import SUB_KEGIATAN, Budget, uraian
from pipeline.contract import REALISASI, cell_a1, pagu_name, realisasi_name
from pipeline.facts import BUDGET_INDIKATOR, budget_variabel, fact_key
from pipeline.sheetlayout import (
    A_COL_DPA,
    A_COL_KODE,
    A_COL_NAMA,
    A_COL_NO,
    A_COL_PAGU,
    A_HEADER_ROW,
    ANGGARAN_SHEET,
    anggaran_quarter_col,
)
from pipeline.template.layout import LINE_HEIGHT, PROTECT_OPTIONS, escape_header, set_page
from pipeline.template.sheet import Book, center_text
from pipeline.template.validation import _checked

MAX_RUPIAH = 10**15  # far above any regency budget line; refuses pasted NIKs and typos


def rupiah_validation(what: str) -> dict:
    return _checked(
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": MAX_RUPIAH,
            "ignore_blank": True,
            "show_input": True,
            "show_error": True,
            "error_type": "stop",
            "input_title": what,
            "input_message": "Ketik rupiah bulat tanpa titik/koma (mis. 125000000). "
            "Kosong berarti belum dilaporkan, bukan 0.",
            "error_title": "Bukan rupiah bulat",
            "error_message": "Isi bilangan bulat rupiah 0 atau lebih, tanpa teks dan desimal.",
        }
    )


def write_anggaran_sheet(book: Book, budget: Budget) -> None:
    st, q, tahun = book.styles, book.q, book.tahun
    ws: Worksheet = book.workbook.add_worksheet(ANGGARAN_SHEET)
    to_date_col = anggaran_quarter_col(q) + 1
    sisa_col = to_date_col + 1
    widths = {A_COL_NO: 5, A_COL_KODE: 19, A_COL_NAMA: 48, A_COL_DPA: 16, A_COL_PAGU: 16}
    for col in range(sisa_col + 1):
        ws.set_column(col, col, widths.get(col, 15))
    kantor = book.ctx.config.kantor
    center_text(ws, 0, sisa_col, kantor.pemerintah_daerah.upper(), st["kop"])
    center_text(ws, 1, sisa_col, kantor.nama_dinas.upper(), st["kop"])
    title = f"REALISASI ANGGARAN TAHUN {tahun} — {fmt.triwulan(q).upper()}"
    center_text(ws, 2, sisa_col, title, st["title"])
    pengisi = book.ctx.catalog.jabatan_by_id[budget.pengisi].nama
    ws.write_string(4, A_COL_KODE, f"Diisi oleh: {pengisi}", st["head_value_bold"])
    ws.write_string(
        5,
        A_COL_KODE,
        f"Isi sel kuning: pagu (bila berubah dari DPA) dan realisasi {fmt.tw(q)} saja, "
        "dalam rupiah bulat. Realisasi s.d. triwulan dan sisa terhitung otomatis.",
        st["head_value"],
    )
    headers = {
        A_COL_NO: "No",
        A_COL_KODE: "Kode",
        A_COL_NAMA: "Program / Kegiatan / Sub Kegiatan",
        A_COL_DPA: "Pagu DPA (Rp)\n(data kantor)",
        A_COL_PAGU: "Pagu (Rp)\n(isi bila berubah)",
        to_date_col: f"Realisasi s.d. {fmt.tw(q)} (Rp)",
        sisa_col: "Sisa (Rp)",
    }
    for k in range(1, q + 1):
        headers[anggaran_quarter_col(k)] = f"Realisasi {fmt.tw(k)} (Rp)" + (
            "\n(isi di sini)" if k == q else ""
        )
    for col, text in headers.items():
        is_input = col in (A_COL_PAGU, anggaran_quarter_col(q))
        ws.write_string(A_HEADER_ROW, col, text, st["header_input" if is_input else "header"])
    ws.set_row(A_HEADER_ROW, 3 * LINE_HEIGHT + 2)
    no = 0
    for n, line in enumerate(budget.lines):
        row = A_HEADER_ROW + 1 + n
        sub = line.tingkat == SUB_KEGIATAN
        text_style = st["cell"] if sub else st["ind_title"]
        if sub:
            no += 1
        ws.write_string(row, A_COL_NO, str(no) if sub else "", st["cell_center"])
        ws.write_string(row, A_COL_KODE, line.kode, text_style)
        ws.write_string(row, A_COL_NAMA, uraian(line.tingkat, line.nama), text_style)
        ws.write_number(row, A_COL_DPA, line.pagu, st["context_int"])
        if not sub:
            for col in range(A_COL_PAGU, sisa_col + 1):
                ws.write_blank(row, col, None, st["context_int"])
            ws.set_row(row, 2 * LINE_HEIGHT + 2)
            continue
        b = line.baris_id
        assert b is not None  # every sub kegiatan has one (budget loader)
        ws.write_blank(row, A_COL_PAGU, None, st["input_int"])
        book.names.define(pagu_name(b), ANGGARAN_SHEET, row, A_COL_PAGU)
        for k in range(1, q):
            earlier = book.previous.get(
                fact_key(tahun, k, BUDGET_INDIKATOR, budget_variabel(b, REALISASI))
            )
            col = anggaran_quarter_col(k)
            if earlier is None:
                ws.write_blank(row, col, None, st["context_int"])
            else:
                ws.write_number(row, col, earlier, st["context_int"])
        ws.write_blank(row, anggaran_quarter_col(q), None, st["input_int"])
        book.names.define(realisasi_name(b, q), ANGGARAN_SHEET, row, anggaran_quarter_col(q))
        first = _a1(row, anggaran_quarter_col(1))
        last = _a1(row, anggaran_quarter_col(q))
        ws.write_formula(row, to_date_col, f"=SUM({first}:{last})", st["preview_int"], "")
        pagu = f"IF(ISBLANK({_a1(row, A_COL_PAGU)}),{_a1(row, A_COL_DPA)},{_a1(row, A_COL_PAGU)})"
        ws.write_formula(row, sisa_col, f"={pagu}-{_a1(row, to_date_col)}", st["preview_int"], "")
        ws.set_row(row, 2 * LINE_HEIGHT + 2)
    first_row = A_HEADER_ROW + 1
    last_row = A_HEADER_ROW + len(budget.lines)
    for col, what in ((A_COL_PAGU, "Pagu tahunan (Rp)"), (anggaran_quarter_col(q), "Realisasi")):
        rule = rupiah_validation(what if col == A_COL_PAGU else f"Realisasi {fmt.tw(q)} (Rp)")
        if ws.data_validation(first_row, col, last_row, col, rule) != 0:
            raise RuntimeError(f"budget validation refused in column {col}")
    ws.freeze_panes(A_HEADER_ROW + 1, A_COL_NAMA + 1)
    set_page(ws, landscape=True, footer_left=ANGGARAN_SHEET, repeat_row=A_HEADER_ROW)
    kantor_name = escape_header(kantor.nama_dinas)
    ws.set_header(f"&L&8 {kantor_name}&R&8 {escape_header(title)}")
    ws.protect(book.ctx.config.kata_sandi, PROTECT_OPTIONS)


def _a1(row: int, col: int) -> str:
    return cell_a1(row, col)
