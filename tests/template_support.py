"""Helpers for the template tests: inspect a workbook the way the reader depends on it."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from conftest import DATA, write_config
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from pipeline.context import Context, load_context
from pipeline.template import input_name, keterangan_name

CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
VT_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def custom_properties(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (variant type, text) from docProps/custom.xml (trusted test files only)."""
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("docProps/custom.xml"))
    out = {}
    for prop in root.iter(f"{CUSTOM_NS}property"):
        value = next(iter(prop))
        out[prop.get("name")] = (value.tag.replace(VT_NS, ""), value.text or "")
    return out


def normalised_identity(path: Path) -> dict[str, str]:
    """Identity as text; a LibreOffice-retyped '3.0' reads as '3' (contract 2)."""
    out = {}
    for name, (_, text) in custom_properties(path).items():
        if name.startswith("iki_"):
            try:
                number = float(text)
                text = str(int(number)) if number.is_integer() else text
            except ValueError:
                pass
            out[name] = text
    return out


@dataclass(frozen=True)
class Target:
    sheet: str
    coordinate: str  # without '$'


def name_targets(wb: Workbook) -> dict[str, Target]:
    out = {}
    for name, dn in wb.defined_names.items():
        dests = list(dn.destinations)
        assert len(dests) == 1, (name, dn.attr_text)
        sheet, coord = dests[0]
        out[name] = Target(sheet, coord.replace("$", ""))
    return out


def expected_names(ctx: Context, q: int, jabatan_ids: set[str] | None = None) -> dict[str, str]:
    """Defined name -> sheet it must be on, for every input, keterangan and cause cell, and
    the Anggaran sheet's inputs when the workbook holds the budget's filler."""
    from pipeline.contract import SEBAB, pagu_name, realisasi_name, sebab_name
    from pipeline.sheetlayout import ANGGARAN_SHEET

    out = {}
    for jab in ctx.catalog.jabatan:
        if jabatan_ids is not None and jab.id not in jabatan_ids:
            continue
        for ind in jab.indikator:
            for v in ind.variabel:
                for kode in ctx.wilayah.areas(ind):  # "*", or each kecamatan's row
                    out[input_name(ind.id, v.id, q, kode)] = jab.lembar
            out[keterangan_name(ind.id, q)] = jab.lembar
            for jenis in SEBAB:
                out[sebab_name(ind.id, jenis, q)] = jab.lembar
        if ctx.budget is not None and jab.id == ctx.budget.pengisi:
            for line in ctx.budget.sub_kegiatan:
                out[pagu_name(line.baris_id)] = ANGGARAN_SHEET
                out[realisasi_name(line.baris_id, q)] = ANGGARAN_SHEET
    return out


def expected_sheets(ctx: Context, jabatan) -> list[str]:
    """Sheet names of a workbook holding these jabatan, in order."""
    held = [j.lembar for j in jabatan]
    budget = ctx.budget is not None and ctx.budget.pengisi in {j.id for j in jabatan}
    return ["Petunjuk", *held, *(["Anggaran"] if budget else [])]


def validations_at(ws, coordinate: str) -> list:
    """Data validations whose ranges contain the cell."""
    found = []
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if coordinate in rng:
                found.append(dv)
    return found


def unlocked_cells(ws) -> set[str]:
    return {
        cell.coordinate
        for row in ws.iter_rows()
        for cell in row
        if cell.has_style and not cell.protection.locked
    }


def merged_cells_of(ws, coordinate: str) -> set[str]:
    """All cells of the merged range starting at coordinate (or just the cell)."""
    for rng in ws.merged_cells.ranges:
        if rng.start_cell.coordinate == coordinate:
            min_col, min_row, max_col, max_row = range_boundaries(rng.coord)
            return {
                openpyxl.utils.get_column_letter(c) + str(r)
                for r in range(min_row, max_row + 1)
                for c in range(min_col, max_col + 1)
            }
    return {coordinate}


def mini_context(folder: Path) -> Context:
    """The mini catalog with the repo config (officials of absent jabatan dropped), for
    fixtures wider than one test; the same setup as conftest's `mini_ctx`."""
    shutil.copy(DATA / "mini-iki.toml", folder / "iki.toml")
    shutil.copy(DATA / "mini-target-2026.toml", folder / "target-2026.toml")
    path = write_config(folder, catalog=folder / "iki.toml", target=folder / "target-{tahun}.toml")
    blocks = re.split(r"(?m)^(?=\[pejabat\.)", path.read_text(encoding="utf-8"))
    keep = ("bupati", "kepala_dinas", "sekretaris")
    text = "".join(
        b for b in blocks if not b.startswith("[pejabat.") or b[9:].split("]")[0] in keep
    )
    path.write_text(text, encoding="utf-8")
    return load_context(path)
