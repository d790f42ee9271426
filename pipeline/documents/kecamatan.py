"""Per-kecamatan tables and ranked charts for the indicators entered per kecamatan.

Shared by the measurement PDF (under the jabatan's table) and the LKjIP annex. Kecamatan
are ranked by their realisation to date, lowest coverage first (those needing attention
lead), kecamatan without a figure last; the regency row closes the table. Figures come
from the report model (ReportModel.kecamatan_results); nothing is computed here but the
order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pipeline import fmt
from pipeline.catalog.model import Indikator
from pipeline.documents.charts import ChartSpec
from pipeline.documents.view import (
    DASH,
    HEX_COLOR,
    TIDAK_LENGKAP_LABEL,
    as_text,
    capaian_cell,
    capaian_mark,
    figure,
    predikat_class,
    provisional,
)
from pipeline.fmt import as_number
from pipeline.report.model import ReportModel

NO_FIGURE_COLOR = "#9e9e9e"


def ranked(model: ReportModel, ind: Indikator) -> list[dict]:
    """The indicator's kecamatan rows of the reporting quarter, lowest realisation first."""
    return model.kecamatan_ranked(ind.id).to_dict("records")


def _row(model: ReportModel, ind: Indikator, r: dict, no: str, nama: str) -> dict:
    predikat = as_text(r.get("predikat"))
    return {
        "no": no,
        "kode": "" if r["wilayah"] == "*" else r["wilayah"],
        "nama": nama,
        "realisasi": figure(r.get("realisasi"), ind),
        "capaian": capaian_cell(r),
        "sementara": " ".join(capaian_mark(r)),
        "predikat": predikat or (TIDAK_LENGKAP_LABEL if provisional(r) else DASH),
        "pk": predikat_class(model, predikat) if predikat else "",
        "catatan": as_text(r.get("catatan")) if as_number(r.get("realisasi")) is None else "",
    }


def kecamatan_blocks(model: ReportModel, indikator: Iterable[Indikator]) -> list[dict]:
    """One block (title, rows, regency row, chart) per indicator entered per kecamatan."""
    regency = {
        r["indikator_id"]: r
        for r in model.current().to_dict("records")
        if r["indikator_id"] in {i.id for i in indikator}
    }
    tw = fmt.tw(model.triwulan)
    blocks = []
    for ind in indikator:
        rows = ranked(model, ind)
        if not rows:
            continue
        table = [
            _row(model, ind, r, str(n), model.wilayah.nama(r["wilayah"]))
            for n, r in enumerate(rows, start=1)
        ]
        total = regency.get(ind.id)
        target = as_number(rows[0].get("target"))
        colors = []
        for r in rows:
            color = model.scale.color(as_text(r.get("predikat"))) if r.get("predikat") else None
            colors.append(color if color and HEX_COLOR.match(color) else NO_FIGURE_COLOR)
        values = [as_number(r.get("realisasi")) for r in rows]
        known = [v for v in values if v is not None]
        # Coverage near 100 %: the axis starts a little below the lowest, on a step of 5.
        start = 5.0 * math.floor((min(known) - 1) / 5) if known and min(known) >= 50 else None
        axis_title = f"Realisasi s.d. {tw} ({ind.satuan})"
        if start is not None and start > 0:
            axis_title += f", sumbu mulai {fmt.angka(start)}"
        chart = ChartSpec(
            labels=tuple(str(n) for n in range(1, len(rows) + 1)),
            values=tuple(values),
            colors=tuple(colors),
            axis_title=axis_title,
            row_title="Peringkat (terendah di atas)",
            reference=target if target is not None else 100.0,
            reference_label=f"target {fmt.angka(target, 2)}" if target is not None else "100 %",
            start=start if start is not None and start > 0 else None,
        )
        blocks.append(
            {
                "indikator": ind,
                "judul": f"{ind.nama} per kecamatan, s.d. {tw} {model.tahun}",
                "satuan": ind.satuan,
                "rows": table,
                "total": _row(model, ind, total, "", model.wilayah.nama("*")) if total else None,
                "target": figure(target, ind),
                "chart": chart,
                "catatan": (
                    "Diurutkan dari realisasi terendah; kecamatan tanpa angka di akhir. Angka "
                    "kabupaten = jumlah pembilang dibagi jumlah penyebut semua kecamatan (bukan "
                    "rata-rata persentase kecamatan). Capaian kecamatan dihitung terhadap "
                    "target kabupaten."
                ),
            }
        )
    return blocks
