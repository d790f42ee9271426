"""Office workbooks (history figures, targets): one row per indicator, named input cells.

Written like the quarterly workbook: every input cell has a workbook-scope defined name in
the same scheme (`<indikator_id>__<what>__<when>`, validated by pipeline.contract),
unlocked and validated, everything else locked, sheets protected, a custom property
`iki_jenis` saying what the workbook is. Read back by those names (never by position)
with openpyxl: the files are small and made by this tool, but still checked (size, zip)
and every value is validated again, each problem a finding naming file, sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from xlsxwriter.workbook import Workbook

from pipeline.contract import JENIS_REKAP, OFFICE_KINDS, PROP_JENIS, PROP_TAHUN, PROP_TRIWULAN
from pipeline.findings import Finding, error
from pipeline.safewrite import guarded
from pipeline.template.names import NameRegistry

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 500
MAX_INFLATED = 100 * 1024 * 1024
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class Input:
    """One named input cell: a number (with bounds) or a choice/text."""

    name: str
    value: float | str | None = None  # pre-filled value
    kind: str = "number"  # number | text | choice
    lo: float | None = 0.0
    hi: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    labels: tuple[str, ...]  # locked descriptive cells (No, Jabatan, Indikator, Satuan ...)
    inputs: tuple[Input | None, ...]  # one per input column; None = not applicable


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    note: str
    label_headers: tuple[str, ...]
    input_headers: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...] = ()
    # One named input above the table (e.g. "is this sheet sample data?"), with its label.
    flag: Input | None = None
    flag_label: str = ""


def write_form(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    jenis: str,
    props: Mapping[str, str],
    title: str,
    password: str = "",
) -> Path:
    """Write the workbook into a temporary file, then move it into place.

    An existing file is replaced only while it is this tool's untouched output
    (pipeline.safewrite): a filled or re-saved form is refused, exit 2.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with guarded(path, "workbook") as tmp:
        _write_book(tmp, sheets, jenis=jenis, props=props, title=title, password=password)
    return path


def _write_book(
    tmp: Path,
    sheets: Sequence[Sheet],
    *,
    jenis: str,
    props: Mapping[str, str],
    title: str,
    password: str,
) -> None:
    wb = Workbook(str(tmp), OPTIONS)
    names = NameRegistry(wb)
    st = {
        "title": wb.add_format({"bold": True, "font_size": 13}),
        "note": wb.add_format({"italic": True, "text_wrap": True, "valign": "top"}),
        "head": wb.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "label": wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "input": wb.add_format(
            {"border": 1, "bg_color": "#FFF2CC", "locked": False, "num_format": "#,##0.####"}
        ),
        "input_text": wb.add_format(
            {
                "border": 1,
                "bg_color": "#FFF2CC",
                "locked": False,
                "text_wrap": True,
                "num_format": "@",
            }
        ),
        "na": wb.add_format({"border": 1, "bg_color": "#EEEEEE"}),
        "flag": wb.add_format(
            {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "right"}
        ),
    }
    for sheet in sheets:
        _write_sheet(wb, names, st, sheet, password)
    for key, value in {PROP_JENIS: jenis, **props}.items():
        if wb.set_custom_property(key, value, "text") != 0:
            raise RuntimeError(f"custom property {key!r} refused")
    wb.set_properties({"title": title, "author": "IKI pipeline"})
    wb.close()


def _write_sheet(wb: Workbook, names: NameRegistry, st: dict, sheet: Sheet, password: str) -> None:
    ws = wb.add_worksheet(sheet.name)
    ws.write_string(0, 0, sheet.title, st["title"])
    ncols = len(sheet.label_headers) + len(sheet.input_headers)
    ws.merge_range(1, 0, 1, ncols - 1, sheet.note, st["note"])
    ws.set_row(1, 48)
    header_row = 3
    for c, text in enumerate((*sheet.label_headers, *sheet.input_headers)):
        ws.write_string(header_row, c, text, st["head"])
    ws.set_row(header_row, 36)
    for c, width in enumerate(sheet.widths):
        ws.set_column(c, c, width)
    first_input = len(sheet.label_headers)
    if sheet.flag is not None:
        _write_flag(ws, names, st, sheet, header_row - 1, first_input)
    for r, row in enumerate(sheet.rows, start=header_row + 1):
        for c, text in enumerate(row.labels):
            ws.write_string(r, c, text, st["label"])
        # Neither Excel nor LibreOffice grows a row for wrapped text written by XlsxWriter.
        lines = max(
            (_lines(t, sheet.widths[c]) for c, t in enumerate(row.labels) if c < len(sheet.widths)),
            default=1,
        )
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
        for k, cell in enumerate(row.inputs):
            col = first_input + k
            if cell is None:
                ws.write_blank(r, col, None, st["na"])
                continue
            style = st["input"] if cell.kind == "number" else st["input_text"]
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                ws.write_number(r, col, float(cell.value), style)
            elif isinstance(cell.value, str) and cell.value:
                ws.write_string(r, col, cell.value, style)
            else:
                ws.write_blank(r, col, None, style)
            ws.data_validation(r, col, r, col, _validation(cell))
            names.define(cell.name, sheet.name, r, col)
    ws.freeze_panes(header_row + 1, first_input)
    # Printed for signing off or checking: A4 landscape, one page wide, header repeated.
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&8" + sheet.title.replace("&", "&&") + "&R&8Halaman &P dari &N")
    ws.protect(password, {"format_columns": True, "format_rows": True})


def _write_flag(ws, names: NameRegistry, st: dict, sheet: Sheet, row: int, col: int) -> None:  # type: ignore[no-untyped-def]
    """The sheet's flag: label across the label columns, the input cell right of it."""
    flag = sheet.flag
    assert flag is not None
    if col > 1:
        ws.merge_range(row, 0, row, col - 1, sheet.flag_label, st["flag"])
    else:
        ws.write_string(row, 0, sheet.flag_label, st["flag"])
    ws.set_row(row, 30)
    if isinstance(flag.value, str) and flag.value:
        ws.write_string(row, col, flag.value, st["input_text"])
    else:
        ws.write_blank(row, col, None, st["input_text"])
    ws.data_validation(row, col, row, col, _validation(flag))
    names.define(flag.name, sheet.name, row, col)


def _lines(text: str, width: float) -> int:
    """Wrapped lines of `text` in a column `width` characters wide (a safe estimate)."""
    usable = max(width - 1, 1)
    return max(1, math.ceil(len(text) * 1.1 / usable))


def _validation(cell: Input) -> dict:
    common = {
        "ignore_blank": True,
        "show_error": True,
        "error_type": "stop",
        "error_title": "Isian tidak sah",
    }
    if cell.kind == "choice":
        return {
            **common,
            "validate": "list",
            "source": list(cell.choices),
            "error_message": "Pilih salah satu: " + ", ".join(cell.choices) + ".",
        }
    if cell.kind == "text":
        return {
            **common,
            "validate": "length",
            "criteria": "<=",
            "value": 500,
            "error_message": "Paling panjang 500 karakter.",
        }
    if cell.hi is not None:
        return {
            **common,
            "validate": "decimal",
            "criteria": "between",
            "minimum": cell.lo or 0.0,
            "maximum": cell.hi,
            "error_message": f"Isi angka {cell.lo or 0:g} sampai {cell.hi:g}. Kosongkan "
            "bila tidak ada.",
        }
    return {
        **common,
        "validate": "decimal",
        "criteria": ">=",
        "value": cell.lo or 0.0,
        "error_message": "Isi angka 0 atau lebih, tanpa titik ribuan dan tanpa satuan. "
        "Kosongkan bila tidak ada.",
    }


@dataclass
class FormRead:
    values: dict[str, float | str] = field(default_factory=dict)  # filled cells only
    where: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (sheet, A1)
    props: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every defined name found
    invalid: set[str] = field(default_factory=set)  # names whose value was refused
    labels: dict[str, str] = field(default_factory=dict)  # name -> text in label_column
    sha256: str = ""
    findings: list[Finding] = field(default_factory=list)


SpecSource = Mapping[str, Input] | Callable[[str], Input | None]


def read_form(
    path: Path, specs: SpecSource, *, jenis: str, label_column: int | None = None
) -> FormRead:
    """Values of the named inputs (`specs`: a mapping, or a function giving the spec of a
    defined name or None), checked; which other names exist; the file's sha256.

    The file is read once into memory: what is hashed, checked and parsed is the same
    bytes. `label_column` (0-based) collects the text in that column of each input's row.
    """
    out = FormRead()
    name = Path(path).name
    data, problem = _load(Path(path))
    if problem:
        out.findings.append(error("office-workbook-invalid", problem, file=name))
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged file is a finding, never a traceback
        out.findings.append(
            error(
                "office-workbook-invalid",
                f"Berkas tidak dapat dibuka sebagai workbook .xlsx ({type(exc).__name__}).",
                file=name,
            )
        )
        return out
    out.props = {p.name: str(p.value) for p in wb.custom_doc_props.props}
    if out.props.get(PROP_JENIS) != jenis:
        message = wrong_kind(out.props, jenis)
        out.findings.append(error("office-workbook-invalid", message, file=name))
        return out
    for dn_name, dn in wb.defined_names.items():
        out.names.add(dn_name)
        dests = list(dn.destinations)
        if len(dests) == 1 and dests[0][0] in wb.sheetnames and ":" not in dests[0][1]:
            out.where[dn_name] = (dests[0][0], dests[0][1].replace("$", ""))
    spec_of = specs.get if isinstance(specs, Mapping) else specs
    for key in sorted(out.where):
        spec = spec_of(key)
        if spec is None:
            continue
        sheet, coord = out.where[key]
        cell = wb[sheet][coord]
        if label_column is not None:
            label = wb[sheet].cell(row=cell.row, column=label_column + 1).value
            out.labels[key] = "" if label is None else str(label)
        got, message = _check(cell.value, spec)
        if message:
            out.invalid.add(key)
            out.findings.append(
                error("office-value-invalid", message, file=name, sheet=sheet, cell=coord)
            )
        elif got is not None:
            out.values[key] = got
    return out


# What each kind of workbook is, and the command that takes it.
KINDS = OFFICE_KINDS


def wrong_kind(props: Mapping[str, str], jenis: str) -> str:
    """Why a workbook is not the `jenis` asked for, saying what it is when that is known."""
    wanted = KINDS.get(jenis, (f"workbook {jenis}", ""))[0]
    found = props.get(PROP_JENIS)
    if found in KINDS:
        what, command = KINDS[found]
        return (
            f"Ini {what}, bukan {wanted}. Impor dengan `{command}`, atau pilih berkas yang benar."
        )
    if found == JENIS_REKAP:
        return (
            f"Ini workbook rekap keluaran `python -m pipeline report`, bukan {wanted}. Buat "
            "dengan perintah template yang sesuai, isi, lalu impor."
        )
    if found is None and props.get(PROP_TRIWULAN) and props.get(PROP_TAHUN):
        return (
            f"Ini workbook triwulanan IKI (TW {props[PROP_TRIWULAN]} tahun "
            f"{props[PROP_TAHUN]}) yang diisi jabatan, bukan {wanted}. Workbook triwulanan "
            "dibaca oleh `check` dan `report` dari folder masukan, tidak diimpor."
        )
    return (
        f"Workbook ini bukan {wanted} yang dibuat alat ini (tidak ada tanda jenisnya). Buat "
        "dengan perintah template yang sesuai, isi, lalu impor."
    )


def _check(value: object, spec: Input) -> tuple[float | str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if spec.kind in ("text", "choice"):
        text = str(value).strip()
        if spec.kind == "choice" and text not in spec.choices:
            return None, f"'{text}' bukan pilihan yang sah ({', '.join(spec.choices)})."
        return text, None
    if isinstance(value, bool):
        return None, "Berisi BENAR/SALAH, bukan angka."
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return None, "Berisi tanggal/waktu, bukan angka. Ketik angkanya saja."
    if isinstance(value, str):
        return None, (
            f"Berisi teks '{value.strip()[:40]}', bukan angka. Ketik angka saja, tanpa titik "
            "ribuan dan tanpa satuan (desimal dengan koma sesuai pengaturan Excel)."
        )
    if not isinstance(value, int | float) or not math.isfinite(float(value)):
        return None, "Bukan angka yang sah."
    x = float(value)
    if spec.lo is not None and x < spec.lo:
        return None, f"Angka {x:g} di bawah batas {spec.lo:g}."
    if spec.hi is not None and x > spec.hi:
        return None, f"Angka {x:g} di atas batas {spec.hi:g}."
    return x, None


def _load(path: Path) -> tuple[bytes, str | None]:
    """The file's bytes, or why it is refused before openpyxl parses anything."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return b"", f"Berkas tidak dapat dibaca ({exc.strerror})."
    if len(data) > MAX_BYTES:
        return b"", f"Berkas terlalu besar (lebih dari {MAX_BYTES // 1024} KB) untuk workbook ini."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return b"", "Bukan workbook .xlsx yang utuh (bukan arsip zip). Simpan ulang sebagai .xlsx."
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_INFLATED:
        return b"", "Isi workbook terlalu besar setelah dibuka (bom zip?)."
    if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
        return b"", "Workbook berisi makro; simpan ulang sebagai .xlsx biasa."
    return data, None
