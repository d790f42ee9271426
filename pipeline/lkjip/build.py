"""Build LKjIP Bab III (pipeline/lkjip/model.py) from the report model's parts.

Rules (README, "LKjIP Bab III"):
- trend: realisation N minus N-1 rounded to 2 decimals; 0 is "tetap" (equal as printed);
- a year without an official figure is "belum ada data", never 0;
- tingkat kemajuan: the realisation to date against the Renstra end target, by the
  indicator's polarity (as capaian), rounded half-up to 2 decimals;
- efficiency per sasaran by the `[lkjip] efisiensi` setting, stated under the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import pandas as pd

from pipeline import fmt
from pipeline.archive.query import History
from pipeline.budget.model import Budget
from pipeline.catalog.model import Catalog, Indikator, Jabatan
from pipeline.catalog.office import Renstra, Standar
from pipeline.config import AverageRule, PredicateScale
from pipeline.contract import SEBAB
from pipeline.engine.achievement import capaian_exact, round_half_up
from pipeline.engine.summary import summarize
from pipeline.engine.values import exact
from pipeline.facts import NOTE_KETERANGAN
from pipeline.lkjip.budget import LineFigures, budget_figures, group, serapan
from pipeline.lkjip.model import (
    BELUM_ADA_DATA,
    NAIK,
    TETAP,
    TURUN,
    Bab3,
    Bagian,
    EfisiensiRow,
    IndikatorBab3,
    ProgramRow,
    Tren,
    YearFigure,
)

RUMUS = {
    "selisih": "Efisiensi = capaian kinerja (%) − serapan anggaran (%), dalam poin; "
    "positif berarti kinerja dicapai dengan anggaran yang lebih hemat.",
    "rasio": "Efisiensi = capaian kinerja (%) ÷ serapan anggaran (%) × 100; di atas 100 "
    "berarti kinerja dicapai dengan anggaran yang lebih hemat.",
}


def tren(now: float | None, before: float | None) -> Tren:
    """naik / turun / tetap by the difference rounded to 2 decimals (equal = tetap)."""
    if now is None or before is None:
        return Tren(None, None)
    diff = round_half_up(exact(now) - exact(before))
    if diff == 0:
        return Tren(TETAP, 0.0)
    return Tren(NAIK if diff > 0 else TURUN, float(abs(diff)))


def kemajuan(realisasi: float | None, akhir: float | None, polaritas: str) -> float | None:
    if realisasi is None or akhir is None or akhir == 0:
        return None
    raw = capaian_exact(exact(realisasi), exact(akhir), polaritas)
    return None if raw is None else float(round_half_up(raw))


def efisiensi(capaian: float | None, serap: float | None, rumus: str) -> float | None:
    if capaian is None or serap is None:
        return None
    if rumus == "rasio":
        if serap == 0:
            return None
        return float(
            round_half_up(Fraction(Decimal(str(capaian))) / Fraction(Decimal(str(serap))) * 100)
        )
    return float(round_half_up(Fraction(Decimal(str(capaian))) - Fraction(Decimal(str(serap)))))


def figure(x: float | None, ind: Indikator) -> str:
    """A figure in running text: '98,05 %', '1.234 dokumen', '3,50'."""
    if x is None:
        return BELUM_ADA_DATA
    if ind.jenis == "persentase":
        return fmt.persen(x)
    if ind.jenis == "nilai" or ind.satuan in ("", "nilai"):
        return fmt.angka_auto(x)
    return f"{fmt.angka_auto(x)} {ind.satuan}"


def _size(t: Tren, ind: Indikator) -> str:
    if ind.jenis == "persentase":
        return f"{fmt.angka(t.selisih, 2)} poin"
    return figure(t.selisih, ind)


def paragraph(row: IndikatorBab3, ind: Indikator, tahun: int, periode: str) -> str:
    """The drafted sentence of one indicator, built from the table figures."""
    if row.realisasi is None:
        why = f": {row.catatan}" if row.catatan else ""
        return f"Realisasi {row.nama} {periode} belum dapat dihitung{why}."
    text = f"Realisasi {row.nama} {periode} sebesar {figure(row.realisasi, ind)}"
    if row.target is not None:
        text += f" dari target {figure(row.target, ind)}"
    if row.capaian is not None:
        pred = f", {row.predikat}" if row.predikat else ""
        text += f" (capaian {fmt.persen(row.capaian)}{pred})"
    last = row.riwayat[-1] if row.riwayat else None
    if last is not None and row.tren.kata is not None:
        if row.tren.kata == TETAP:
            text += f", sama dengan tahun {last.tahun} ({figure(last.realisasi, ind)})"
        else:
            text += (
                f", {row.tren.kata} {_size(row.tren, ind)} dibanding tahun {last.tahun} "
                f"({figure(last.realisasi, ind)})"
            )
    elif last is not None:
        text += f"; realisasi tahun {last.tahun} {BELUM_ADA_DATA} sebagai pembanding"
    if row.renstra_target_akhir is not None and row.kemajuan is not None:
        text += (
            f"; terhadap target akhir Renstra {row.renstra_tahun_akhir} sebesar "
            f"{figure(row.renstra_target_akhir, ind)} telah tercapai {fmt.persen(row.kemajuan)}"
        )
    return text + "."


def build_bab3(
    *,
    catalog: Catalog,
    current: pd.DataFrame,
    keterangan: pd.DataFrame,
    history: History,
    renstra: Renstra | None,
    standar: Mapping[str, Standar],
    budget: Budget | None,
    facts: pd.DataFrame | None,
    tahun: int,
    triwulan: int,
    scale: PredicateScale,
    rata_rata: AverageRule,
    rumus: str,
) -> Bab3:
    periode = f"tahun {tahun}" if triwulan == 4 else f"s.d. {fmt.triwulan(triwulan)} tahun {tahun}"
    rows = {r["indikator_id"]: r for r in current.to_dict("records")}
    causes = _causes(keterangan, triwulan)
    figs = budget_figures(budget, facts, tahun, triwulan) if budget is not None else {}
    years = (tahun - 2, tahun - 1)

    def indicator(jab: Jabatan, ind: Indikator) -> IndikatorBab3:
        r = rows.get(ind.id, {})
        riwayat = []
        for y in years:
            h = history.get(ind.id, y)
            riwayat.append(
                YearFigure(
                    y,
                    fmt.as_number(h.realisasi) if h else None,
                    fmt.as_number(h.capaian) if h else None,
                    fmt.as_number(h.target) if h else None,
                )
            )
        realisasi = fmt.as_number(r.get("realisasi"))
        ri = renstra.indikator.get(ind.id) if renstra is not None else None
        akhir = ri.target_akhir if ri is not None else None
        row = IndikatorBab3(
            jabatan_id=jab.id,
            sasaran=ind.sasaran,
            indikator_id=ind.id,
            nama=ind.nama,
            satuan=ind.satuan,
            jenis=ind.jenis,
            polaritas=ind.polaritas,
            target=fmt.as_number(r.get("target")),
            realisasi=realisasi,
            capaian=fmt.as_number(r.get("capaian")),
            predikat=r.get("predikat") or None,
            status=str(r.get("status", "belum_dilaporkan")),
            catatan=str(r.get("catatan") or ""),
            riwayat=tuple(riwayat),
            tren=tren(realisasi, riwayat[-1].realisasi),
            renstra_tahun_akhir=renstra.akhir if ri is not None and renstra else None,
            renstra_target_akhir=akhir,
            kemajuan=kemajuan(realisasi, akhir, ind.polaritas),
            standar=standar.get(ind.id),
            sebab=MappingProxyType(causes.get(ind.id, {})),
            paragraf="",
        )
        return replace(row, paragraf=paragraph(row, ind, tahun, periode))

    def part(jab: Jabatan, judul: str) -> Bagian:
        inds = tuple(indicator(jab, i) for i in jab.indikator)
        eff, prog = [], []
        for sasaran in dict.fromkeys(i.sasaran for i in jab.indikator):
            ids = tuple(i.id for i in jab.indikator if i.sasaran == sasaran)
            got = summarize(current, list(ids), scale, rata_rata)
            cap = got.rata_capaian
            if budget is not None:
                lines = budget.supporting(ids)
                total = group(None, lines, figs)
                serap = serapan(total.realisasi, total.pagu)
                eff.append(
                    EfisiensiRow(
                        sasaran, ids, cap, total.pagu, total.realisasi, serap,
                        efisiensi(cap, serap, rumus), total.belum_lapor,
                    )
                )  # fmt: skip
                prog.extend(_programs(budget, lines, figs, sasaran))
        return Bagian(jab.id, judul, inds, tuple(eff), tuple(prog))

    head = next(j for j in catalog.jabatan if j.atasan not in catalog.jabatan_by_id)
    iku = part(head, f"Indikator Kinerja Utama {head.nama}")
    iki = tuple(part(j, f"Indikator Kinerja Individu {j.nama}") for j in catalog.jabatan)
    anggaran = tuple(figs[b.kode] for b in budget.lines) if budget is not None else ()
    total = group(None, budget.sub_kegiatan, figs) if budget is not None else None
    notes = []
    if total is not None and total.belum_lapor:
        notes.append(
            f"{fmt.angka(total.belum_lapor)} sub kegiatan belum melaporkan realisasi "
            f"s.d. {fmt.tw(triwulan)} (lembar Anggaran); realisasinya tidak dihitung sebagai 0."
        )
    if any(f.pagu_berubah for f in anggaran):
        notes.append(
            "Pagu yang berbeda dari DPA adalah pagu perubahan yang diisi di lembar Anggaran."
        )
    return Bab3(
        tahun=tahun,
        triwulan=triwulan,
        periode=periode,
        tahun_riwayat=years,
        iku=iku,
        iki=iki,
        anggaran=anggaran,
        anggaran_total=total,
        rumus_efisiensi=RUMUS[rumus],
        renstra_label=renstra.label if renstra is not None else "",
        anggaran_contoh=bool(budget and budget.contoh),
        catatan_anggaran=tuple(notes),
    )


def _programs(
    budget: Budget, lines: Sequence, figs: Mapping[str, LineFigures], sasaran: str
) -> list[ProgramRow]:
    """g. the supporting sub kegiatan with their kegiatan and program, in budget order."""
    wanted = {b.kode for b in lines}
    for b in lines:
        wanted.update(a.kode for a in budget.ancestors(b))
    out = []
    for b in budget.lines:
        if b.kode not in wanted:
            continue
        f = figs[b.kode]
        if b.tingkat != "sub_kegiatan":  # a group row: only its supporting part
            members = [s for s in lines if b in budget.ancestors(s)]
            f = group(b, members, figs)
        out.append(ProgramRow(sasaran, b.tingkat, b.kode, b.nama, f.pagu, f.realisasi))
    return out


def _causes(keterangan: pd.DataFrame, q: int) -> dict[str, dict[str, str]]:
    """indikator_id -> {kind: text} of quarter q, in SEBAB order."""
    out: dict[str, dict[str, str]] = {}
    if keterangan is None or keterangan.empty or "jenis" not in keterangan.columns:
        return out
    k = keterangan[(keterangan["triwulan"] == q) & (keterangan["jenis"] != NOTE_KETERANGAN)]
    for iid, jenis, text in zip(k["indikator_id"], k["jenis"], k["keterangan"], strict=True):
        if jenis in SEBAB and str(text).strip():
            out.setdefault(iid, {})[jenis] = str(text)
    return {iid: {j: d[j] for j in SEBAB if j in d} for iid, d in out.items()}
