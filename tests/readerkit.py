"""Returned workbooks for the reader tests, built from the real template.

Filled with `fill_workbook` (openpyxl, as a person typing) and bent where needed the way
the offending program would: openpyxl edits, or direct edits of the workbook XML where
openpyxl cannot write what Excel writes (cached formula results, #REF! names).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl

from pipeline.context import Context
from pipeline.template import input_name, keterangan_name, write_template
from pipeline.template.fill import Value, fill_workbook, named_cell

# A full, valid quarter for the mini catalog (see tests/data/mini-iki.toml).
VALID = {
    "kepala_dinas": {
        ("kepemilikan_ktp_el", "memiliki_ktp_el"): 9500,
        ("kepemilikan_ktp_el", "wajib_ktp"): 10000,
        ("ketepatan_waktu", "ktp_tepat"): 120,
        ("ketepatan_waktu", "kk_tepat"): 80,
        ("ketepatan_waktu", "ktp_daftar"): 130,
        ("ketepatan_waktu", "kk_daftar"): 90,
    },
    "sekretaris": {
        ("nilai_akuntabilitas", "nilai_sakip"): 72.35,
        ("jumlah_sosialisasi", "sosialisasi_desa"): 4,
        ("jumlah_sosialisasi", "sosialisasi_sekolah"): 0,
        ("keluhan_layanan", "keluhan"): 3,
        ("keluhan_layanan", "layanan"): 1250,
        ("rerata_antrian", "menit_antrian"): 18,
    },
}


def names(values: Mapping[tuple[str, str], Value], q: int) -> dict[str, Value]:
    return {input_name(i, v, q): x for (i, v), x in values.items()}


class Kit:
    """Builds returned workbooks in `root`: blank templates are written once per quarter."""

    def __init__(self, ctx: Context, root: Path) -> None:
        self.ctx = ctx
        self.root = root
        self.inbox = root / "masuk"
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._blank: dict[tuple[int, str | None], list[Path]] = {}

    def blank(self, q: int = 3, split: str | None = "jabatan", jabatan: str = "sekretaris") -> Path:
        key = (q, split)
        if key not in self._blank:
            folder = self.root / "kosong" / f"tw{q}-{split}"
            self._blank[key] = write_template(self.ctx, 2026, q, folder, split=split)
        paths = self._blank[key]
        if split == "jabatan":
            return next(p for p in paths if p.stem.endswith(f"-{jabatan}"))
        return paths[0]

    def filled(
        self,
        name: str,
        values: Mapping[tuple[str, str], Value] | None = None,
        *,
        q: int = 3,
        split: str | None = "jabatan",
        jabatan: str = "sekretaris",
        keterangan: Mapping[str, str] | None = None,
    ) -> Path:
        """A returned workbook: VALID values of the jabatan, updated with `values`."""
        if split is None:
            data = {k: v for j in VALID.values() for k, v in j.items()}
        else:
            data = dict(VALID[jabatan])
        data.update(values or {})
        cells = names(data, q)
        cells.update({keterangan_name(i, q): t for i, t in (keterangan or {}).items()})
        dst = self.inbox / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        fill_workbook(self.blank(q, split, jabatan), dst, cells)
        return dst


def edit_openpyxl(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    wb.close()
    return path


def cell_of(wb: openpyxl.Workbook, indikator: str, variabel: str, q: int = 3):
    return named_cell(wb, input_name(indikator, variabel, q))


def rewrite_zip(path: Path, edits: Mapping[str, Callable[[bytes], bytes]]) -> Path:
    """Rewrite entries of a workbook in place (other entries copied byte for byte)."""
    with zipfile.ZipFile(path) as src:
        entries = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            edit = edits.get(info.filename)
            dst.writestr(info, edit(data) if edit else data)
    return path


def set_property(path: Path, name: str, value: str, vtype: str = "lpwstr") -> Path:
    def edit(xml: bytes) -> bytes:
        # openpyxl with lxml installed (python-docx brings it) declares the vt namespace on
        # the value element itself, <vt:lpwstr xmlns:vt="...">: keep those attributes.
        pattern = (
            rb'(<property [^>]*name="' + name.encode() + rb'"[^>]*>)<vt:\w+([^>]*)>[^<]*</vt:\w+>'
        )
        new = (
            rb"\1<vt:"
            + vtype.encode()
            + rb"\2>"
            + value.encode()
            + b"</vt:"
            + vtype.encode()
            + b">"
        )
        out, n = re.subn(pattern, new, xml)
        assert n == 1, name
        return out

    return rewrite_zip(path, {"docProps/custom.xml": edit})


def sheet_entry(path: Path, sheet: str) -> str:
    """Zip entry of a sheet, through the workbook relationships."""
    from pipeline.reader.workbook import parse_workbook

    with zipfile.ZipFile(path) as zf:
        wb = parse_workbook(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
    ref = wb.sheet(sheet)
    assert ref is not None
    return ref.path


def set_cell_xml(path: Path, sheet: str, a1: str, inner: str, cell_type: str | None = None) -> Path:
    """Replace one cell's content with raw SpreadsheetML (e.g. a formula with a cached value),
    keeping its style."""

    def edit(xml: bytes) -> bytes:
        pattern = rb'<c r="' + a1.encode() + rb'"([^>]*?)(?:/>|>.*?</c>)'

        def repl(m: re.Match[bytes]) -> bytes:
            style = re.search(rb'\ss="\d+"', m.group(1))
            attrs = (style.group(0) if style else b"") + (
                f' t="{cell_type}"'.encode() if cell_type else b""
            )
            return b'<c r="' + a1.encode() + b'"' + attrs + b">" + inner.encode() + b"</c>"

        out, n = re.subn(pattern, repl, xml, count=1, flags=re.S)
        assert n == 1, a1
        return out

    return rewrite_zip(path, {sheet_entry(path, sheet): edit})


def set_name_xml(path: Path, name: str, reference: str) -> Path:
    def edit(xml: bytes) -> bytes:
        pattern = rb'(<definedName name="' + name.encode() + rb'">)[^<]*(</definedName>)'
        out, n = re.subn(pattern, rb"\g<1>" + reference.encode() + rb"\g<2>", xml)
        assert n == 1, name
        return out

    return rewrite_zip(path, {"xl/workbook.xml": edit})
