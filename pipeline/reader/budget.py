"""The Anggaran sheet's inputs: pagu and quarterly realisation per sub kegiatan, in rupiah.

The cells are planned with the filler's jabatan (pipeline/reader/plan.py: names checked
against pipeline/sheetlayout.py) and become facts of that jabatan with indikator_id
"anggaran" (pipeline/facts.py), so merge and duplicate rules apply to them as to indicator
inputs. After the merge, the realisation to date (sum over quarters) is checked against the
pagu in force: the one entered in the latest workbook up to that quarter, else the office
data's (data/anggaran-<tahun>.toml).
"""

from __future__ import annotations

import math
from collections import defaultdict
from types import SimpleNamespace

from pipeline.budget.model import Budget
from pipeline.contract import PAGU, REALISASI
from pipeline.facts import BUDGET_INDIKATOR, budget_variabel
from pipeline.findings import Finding, error, info, warning
from pipeline.fmt import rupiah, tw
from pipeline.reader.cells import classify, format_notes
from pipeline.reader.model import Cell
from pipeline.reader.workbook import col_letters

# How a rupiah cell is validated: whole, >= 0, with a bound far above any budget line.
# (Duck-typed as the few Indikator attributes the cell rules read.)
RUPIAH = SimpleNamespace(is_count=True, nilai_min=0.0, nilai_maks=1e15, jenis="jumlah")


def split_variabel(variabel_id: str) -> tuple[str, str]:
    """ "<baris_id>__pagu" -> ("<baris_id>", "pagu")."""
    baris, _, jenis = variabel_id.rpartition("__")
    return baris, jenis


def read_budget(plan, loaded, file: str) -> tuple[list[Cell], list[Finding], list[Finding]]:
    """Cells, findings and blank-realisation warnings of the plan's budget names."""
    cells: list[Cell] = []
    findings: list[Finding] = []
    blanks: list[Finding] = []
    q, jab = plan.triwulan, plan.jabatan
    for key in plan.names:
        if key[0] != BUDGET_INDIKATOR:
            continue
        where = plan.targets.get(key)
        if where is None:  # refused name, already reported
            cells.append(Cell(key[0], key[1], math.nan, unknown=True))
            continue
        sheet_name, coord = where
        sheet = loaded[sheet_name]
        a1 = f"{col_letters(coord[1])}{coord[0]}"
        if sheet.failed:
            cells.append(Cell(key[0], key[1], math.nan, sheet_name, a1, unknown=True))
            continue
        result = classify(sheet.value(coord), sheet.cell_markup(coord), RUPIAH)
        result = format_notes(result, sheet.number_format(coord), RUPIAH)
        cells.append(Cell(key[0], key[1], result.nilai, sheet_name, a1, result.blank))
        baris, jenis = split_variabel(key[1])
        label = f"{'Pagu' if jenis == PAGU else 'Realisasi ' + tw(q)} anggaran baris {baris}"
        loc = dict(file=file, sheet=sheet_name, cell=a1, jabatan=jab.id, triwulan=q)
        for note in result.notes:
            make = {"error": error, "warning": warning, "info": info}[note.severity]
            text = note.message[0].lower() + note.message[1:]
            findings.append(make(note.code, f"{label}: {text}", **loc))
        if result.blank and jenis == REALISASI:
            blanks.append(
                warning(
                    "blank-input",
                    f"{label}: belum diisi. Sel kosong berarti belum dilaporkan (bukan 0); "
                    "isi realisasinya dalam rupiah, atau ketik 0 bila memang belum ada.",
                    **loc,
                )
            )
    return cells, findings, blanks


def budget_findings_after_merge(rows: list[dict], budget: Budget | None) -> list[Finding]:
    """`budget-over-pagu` (error) at the realisation cell of each quarter whose realisation
    to date exceeds the pagu in force; the quarter's own value is the one to check."""
    if budget is None:
        return []
    by_line: dict[str, dict[int, dict[str, dict]]] = defaultdict(dict)
    for r in rows:
        if r["indikator_id"] != BUDGET_INDIKATOR:
            continue
        baris, jenis = split_variabel(r["variabel_id"])
        by_line[baris].setdefault(int(r["triwulan"]), {})[jenis] = r
    out: list[Finding] = []
    for baris, quarters in by_line.items():
        line = budget.by_baris_id.get(baris)
        if line is None:
            continue
        pagu = float(line.pagu)
        to_date = 0.0
        for q in sorted(quarters):
            got = quarters[q]
            entered = got.get(PAGU, {}).get("nilai", math.nan)
            if not math.isnan(entered):
                pagu = entered
            real = got.get(REALISASI)
            if real is None or math.isnan(real["nilai"]):
                continue
            to_date += real["nilai"]
            if to_date > pagu:
                out.append(
                    error(
                        "budget-over-pagu",
                        f"Realisasi anggaran {line.nama} ({line.kode}) s.d. {tw(q)} "
                        f"{rupiah(to_date)} melebihi pagunya {rupiah(pagu)}. Periksa "
                        f"realisasi {tw(q)} (dan triwulan sebelumnya), atau isi pagu "
                        "perubahan di kolom Pagu bila anggarannya berubah.",
                        file=str(real["berkas"]),
                        sheet=str(real["lembar"]) or None,
                        cell=str(real["sel"]) or None,
                        jabatan=str(real["jabatan_id"]),
                        triwulan=q,
                    )
                )
    return out


__all__ = ["RUPIAH", "budget_findings_after_merge", "budget_variabel", "read_budget"]
