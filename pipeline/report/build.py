"""Build the report model once: the read facts, the engine's results, the archive's history.

Renderers take the ReportModel and only format it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.archive.query import History, empty_history
from pipeline.catalog.model import BUPATI
from pipeline.context import Context
from pipeline.engine import compute
from pipeline.facts import BUDGET_INDIKATOR, NOTE_COLUMNS, NOTE_KETERANGAN
from pipeline.findings import Finding, info
from pipeline.honesty.completeness import submissions
from pipeline.honesty.decisions import load_confirmed, unconfirmed_finding
from pipeline.honesty.report import check_findings
from pipeline.lkjip.build import build_bab3
from pipeline.reader import ReadResult
from pipeline.report.model import KELENGKAPAN_COLUMNS, RESULT_COLUMNS, ReportModel, Signatory


def build_model(
    ctx: Context,
    read: ReadResult,
    *,
    tahun: int,
    triwulan: int,
    draft: bool,
    tanggal_ttd: dt.date,
    history: History | None = None,
) -> ReportModel:
    """`read.values` may hold facts of any year and area: the engine takes `tahun`'s
    (whole regency). `history` holds earlier years' official figures from the archive."""
    results = compute(
        ctx.catalog,
        ctx.targets,
        read.values,
        triwulan=triwulan,
        scale=ctx.config.predikat,
        cap=ctx.config.batas_capaian,
    )
    split = [i.id for i in ctx.catalog.indikator if ctx.wilayah.split(i)]
    per_kecamatan = [
        compute(
            ctx.catalog,
            ctx.targets,
            read.values,
            triwulan=triwulan,
            scale=ctx.config.predikat,
            cap=ctx.config.batas_capaian,
            wilayah=kode,
            only=split,
        )
        for kode in (ctx.wilayah.kode if split else ())
    ]
    confirmed = load_confirmed(ctx.config.keputusan, ctx.catalog)
    notes = _keterangan(read.keterangan)
    bab3 = build_bab3(
        catalog=ctx.catalog,
        current=results[results["triwulan"] == triwulan],
        keterangan=notes,
        history=history if history is not None else empty_history(tahun),
        renstra=ctx.renstra,
        standar=ctx.standar,
        budget=ctx.budget,
        facts=read.values,
        tahun=tahun,
        triwulan=triwulan,
        scale=ctx.config.predikat,
        rata_rata=ctx.config.rata_rata,
        rumus=ctx.config.efisiensi,
    )
    return ReportModel(
        kantor=ctx.config.kantor,
        catalog=ctx.catalog,
        targets=ctx.targets,
        scale=ctx.config.predikat,
        tahun=tahun,
        triwulan=triwulan,
        tanggal_ttd=tanggal_ttd,
        draft=draft,
        results=results,
        keterangan=notes,
        kelengkapan=kelengkapan(ctx, read, triwulan),
        findings=[
            *read.findings,
            *setting_findings(ctx),
            *honesty_findings(ctx, read, triwulan, confirmed, draft=draft),
            *(history.findings if history is not None else ()),
        ],
        signatories=signatories(ctx),
        batas_capaian=ctx.config.batas_capaian,
        rata_rata=ctx.config.rata_rata,
        keputusan_dikonfirmasi=confirmed,
        files_read=len(read.files),
        history=history,
        renstra=ctx.renstra,
        standar=ctx.standar,
        # Kecamatan figures are measured against the regency target (no per-kecamatan
        # targets in the office data).
        kecamatan_results=(
            pd.concat(per_kecamatan, ignore_index=True)
            if per_kecamatan
            else pd.DataFrame(columns=RESULT_COLUMNS)
        ),
        wilayah=ctx.wilayah,
        bab3=bab3,
    )


def honesty_findings(
    ctx: Context, read: ReadResult, triwulan: int, confirmed: frozenset[str], *, draft: bool
) -> list[Finding]:
    """Who has not sent which quarter, rules broken between jabatan, unconfirmed decisions."""
    out = check_findings(ctx, read, list(range(1, triwulan + 1)))
    if not draft:  # a draft marks them on every document instead
        path = ctx.config.keputusan
        out += unconfirmed_finding(ctx.catalog, confirmed, path.name if path else "keputusan.toml")
    return out


def setting_findings(ctx: Context) -> list[Finding]:
    """Reminders about sample data, so nobody signs a document with fictional names."""
    out = []
    if ctx.config.uses_sample_officials:
        out.append(
            info(
                "sample-officials",
                "config.toml memuat data pejabat CONTOH "
                "(contoh = true). Ganti nama dan NIP dengan data sebenarnya sebelum "
                "dokumen ditandatangani.",
                file=ctx.config.path.name,
            )
        )
    if ctx.targets.contoh:
        out.append(
            info(
                "sample-targets",
                f"Berkas target tahun {ctx.targets.tahun} berisi "
                "target CONTOH (contoh = true). Isi target Perjanjian Kinerja yang "
                "sebenarnya.",
                file=ctx.config.target_path(ctx.targets.tahun).name,
            )
        )
    if ctx.renstra is not None and ctx.renstra.contoh and ctx.config.renstra is not None:
        out.append(
            info(
                "sample-targets",
                f"Berkas Renstra {ctx.renstra.label} berisi target CONTOH (contoh = true). "
                "Isi kondisi awal dan target Renstra dinas yang sebenarnya.",
                file=ctx.config.renstra.name,
            )
        )
    return out


def signatories(ctx: Context) -> dict[str, Signatory]:
    out: dict[str, Signatory] = {}
    for j in ctx.catalog.jabatan:
        pejabat = ctx.config.pejabat.get(j.id)
        prefix = f"{pejabat.status} " if pejabat and pejabat.status else ""
        out[j.id] = Signatory(
            j.id, prefix + (pejabat.jabatan if pejabat and pejabat.jabatan else j.nama), pejabat
        )
    bupati = ctx.config.pejabat.get(BUPATI)
    title = bupati.jabatan if bupati and bupati.jabatan else "Bupati"
    if bupati and bupati.status:
        title = f"{bupati.status} {title}"
    out[BUPATI] = Signatory(BUPATI, title, bupati)
    return out


def _keterangan(frame: pd.DataFrame) -> pd.DataFrame:
    """Keterangan and cause texts (NOTE_COLUMNS); frames without `jenis` are Keterangan."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=NOTE_COLUMNS)
    if "jenis" not in frame.columns:
        frame = frame.assign(jenis=NOTE_KETERANGAN)
    return frame[NOTE_COLUMNS].reset_index(drop=True)


def kelengkapan(ctx: Context, read: ReadResult, triwulan: int) -> pd.DataFrame:
    """Per jabatan and quarter: was anything reported, from which file, is it complete.

    Sent or not, and sent but not usable, are completeness's `submissions` (one rule for the
    findings and this sheet): an untouched sheet of a whole workbook is no sending, and
    "not usable" only when an error kept the values out. The counts are of typed inputs.
    """
    values = read.values
    subs = {
        (s.jabatan_id, s.triwulan): s
        for s in submissions(ctx.catalog, values, range(1, triwulan + 1), read.claims, read.refused)
    }
    if not values.empty and "wilayah" in values.columns:
        # Only typed inputs count: not the regency facts summed from kecamatan rows.
        split = {i.id for i in ctx.catalog.indikator if ctx.wilayah.split(i)}
        derived = values["indikator_id"].isin(split) & (values["wilayah"] == "*")
        values = values[~derived]
    mtime = {f.name: f.mtime for f in read.files}
    rows = []
    for q in range(1, triwulan + 1):
        in_quarter = values[values["triwulan"] == q] if not values.empty else values
        for j in ctx.catalog.jabatan:
            sub = subs[(j.id, q)]
            expected = sum(len(i.variabel) * len(ctx.wilayah.areas(i)) for i in j.indikator)
            mine = (
                in_quarter[
                    (in_quarter["jabatan_id"] == j.id)
                    & (in_quarter["indikator_id"] != BUDGET_INDIKATOR)  # budget: own table
                ]
                if not values.empty
                else values
            )
            filled = int(mine["nilai"].notna().sum()) if not mine.empty else 0
            # The files of the values taken; else the files that sent it (refused, or with
            # only a Keterangan or the Anggaran typed), so the row does not read "not sent".
            names = (
                sorted({n for b in mine["berkas"] for n in str(b).split("; ") if n})
                if filled
                else sorted(sub.berkas)
            )
            rows.append(
                {
                    "jabatan_id": j.id,
                    "jabatan": j.nama,
                    "unit": j.unit,
                    "triwulan": q,
                    "dikirim": sub.dikirim or sub.tidak_terpakai,
                    "tidak_dipakai": sub.tidak_terpakai,
                    "berkas": "; ".join(names),
                    "sha256": "; ".join(
                        sorted({s for b in mine["sha256"] for s in str(b).split("; ") if s})
                    )
                    if filled
                    else "",
                    "diterima": max((mtime[n] for n in names if n in mtime), default=pd.NaT),
                    "lengkap": filled == expected,
                    "kosong": expected - filled,
                }
            )
    return pd.DataFrame(rows, columns=KELENGKAPAN_COLUMNS)
