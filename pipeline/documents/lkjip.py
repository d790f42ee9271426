"""Lampiran LKjIP view: Perjanjian Kinerja and its measurement for the head of office, and
the summary of every jabatan's IKI achievement per unit.

The summary's counts and mean capaian come from ReportModel.achievement; this module only
arranges and formats them.
"""

from __future__ import annotations

from pipeline import fmt
from pipeline.catalog.model import UNITS, Jabatan
from pipeline.contract import SEBAB, SEBAB_LABEL
from pipeline.documents.kecamatan import kecamatan_blocks
from pipeline.documents.view import (
    DASH,
    TIDAK_LENGKAP_LABEL,
    Baris,
    Results,
    as_text,
    by_sasaran,
    capaian_cell,
    capaian_mark,
    decision_notes,
    figure,
    figure_with_unit,
    page,
    periode,
    predikat_class,
    provisional,
    signatory,
    ttd,
)
from pipeline.fmt import as_number
from pipeline.lkjip.view import Tabel, anggaran_table, tables, text
from pipeline.report.model import ReportModel


def lampiran(model: ReportModel, head: Jabatan) -> dict:
    res = Results(model)
    q = model.triwulan
    holder = signatory(model, head.id, head.nama)
    pk_rows, ukur_rows = [], []
    for n, sasaran, ind, span in by_sasaran(head):
        cur = res.get(ind.id, q)
        pk_rows.append(
            Baris(
                no=str(n),
                sasaran=sasaran,
                rowspan=span,
                cells={
                    "indikator": ind.nama,
                    "target": figure_with_unit(model.targets.by_id[ind.id].tahunan, ind)
                    if ind.id in model.targets.by_id
                    else DASH,
                },
            )
        )
        predikat = as_text(cur.get("predikat"))
        shown = as_number(cur.get("realisasi")) is None or provisional(cur)
        note = as_text(cur.get("catatan")) if shown else ""
        ukur_rows.append(
            Baris(
                no=str(n),
                sasaran=sasaran,
                rowspan=span,
                cells={
                    "indikator": ind.nama,
                    "satuan": ind.satuan,
                    "target": figure(cur.get("target"), ind),
                    "realisasi": figure(cur.get("realisasi"), ind),
                    "capaian": capaian_cell(cur, unit=False),
                    "sementara": " ".join(capaian_mark(cur)),
                    "predikat": predikat or (TIDAK_LENGKAP_LABEL if provisional(cur) else DASH),
                },
                catatan=([note] if note else []) + decision_notes(model, ind),
                pk=predikat_class(model, predikat) if predikat else "",
            )
        )
    return {
        "page": page(model, f"Lampiran LKjIP {periode(model)}", [holder], targets=True),
        "judul": f"Lampiran LKjIP {periode(model)}",
        "tahun": model.tahun,
        "periode": periode(model),
        "tw_now": fmt.tw(q),
        "head": head,
        "pk_rows": pk_rows,
        "ukur_rows": ukur_rows,
        "bands": [b.nama for b in model.scale.bands],
        "band_classes": [f"pk-{i}" for i in range(len(model.scale.bands))],
        "units": ringkasan(model),
        "total": _summary(model, list(model.catalog.jabatan)),
        "ttd": ttd(model, holder),
        "kecamatan": kecamatan_blocks(model, model.catalog.indikator),
        "batas": fmt.persen(model.batas_capaian, 0) if model.batas_capaian else "",
        "aturan_rata": model.average_note(
            model.achievement([i.id for i in model.catalog.indikator])
        ),
        "bab3": bab3_context(model),
    }


def _tabel(t: Tabel) -> dict:
    align = t.align
    rows = []
    for n, row in enumerate(t.rows):
        cells = []
        for i, c in enumerate(row):
            span = 1
            if t.gabung_pertama and i == 0:
                if n and row[0] == t.rows[n - 1][0]:
                    continue  # covered by the rowspan above
                while n + span < len(t.rows) and t.rows[n + span][0] == row[0]:
                    span += 1
            cells.append({"text": text(c), "align": align[i], "rowspan": span})
        rows.append(cells)
    total = sum(t.lebar)
    return {
        "kode": t.kode,
        "judul": t.judul,
        "header": t.header,
        "lebar": [f"{100 * w / total:.2f}%" for w in t.lebar],
        "rows": rows,
        "jumlah_dari": len(rows) - t.total_rows,
        "catatan": t.catatan,
        "kosong": t.kosong,
    }


def bab3_context(model: ReportModel) -> dict | None:
    """LKjIP Bab III: the IKU part, every jabatan's IKI part, Realisasi Anggaran."""
    b = model.bab3
    if b is None:
        return None
    budget = b.anggaran_total is not None
    parts = []
    for part in (b.iku, *b.iki):
        parts.append(
            {
                "judul": part.judul,
                "tabel": [_tabel(t) for t in tables(b, part, with_budget=budget)],
                "uraian": [
                    {
                        "nama": r.nama,
                        "paragraf": r.paragraf,
                        "sebab": [(SEBAB_LABEL[j], r.sebab[j]) for j in SEBAB if j in r.sebab],
                    }
                    for r in part.indikator
                ],
            }
        )
    h = anggaran_table(b)
    return {"iku": parts[0], "iki": parts[1:], "anggaran": _tabel(h) if h else None}


def _summary(model: ReportModel, jabatan: list[Jabatan]) -> dict:
    got = model.achievement_of(jabatan)
    return {
        "jumlah": fmt.angka(got.jumlah),
        "berangka": fmt.angka(got.berangka),
        "rata": fmt.angka(got.rata_capaian, 2),
        "predikat": [fmt.angka(v) for v in got.per_predikat.values()],
    }


def ringkasan(model: ReportModel) -> list[dict]:
    """Per unit, per jabatan: indicators, with a figure, mean capaian, count per predicate."""
    units, no = [], 0
    for unit_id, jabatan in model.catalog.units().items():
        if not jabatan:
            continue
        rows = []
        for j in jabatan:
            no += 1
            holder = signatory(model, j.id, j.nama)
            rows.append(
                {
                    "no": str(no),
                    "jabatan": holder.title,  # with Plt./Plh., as in every other document
                    "pejabat": holder.pejabat.nama if holder.pejabat else "(lowong)",
                    **_summary(model, [j]),
                }
            )
        units.append(
            {
                "nama": UNITS.get(unit_id, unit_id),
                "rows": rows,
                "total": _summary(model, jabatan),
            }
        )
    return units
