"""Report models built by hand from the mini catalog, for the renderer tests.

The results frame is fabricated (not computed by the engine), so the renderers are tested
against known figures: blanks with a catatan, a zero denominator, fractional and whole
numbers, and keterangan texts that look like formulas, phone numbers or mentions.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from pipeline.catalog.model import BUPATI
from pipeline.context import Context
from pipeline.engine.columns import describe
from pipeline.findings import Finding, error, info, warning
from pipeline.report.model import KELENGKAPAN_COLUMNS, RESULT_COLUMNS, ReportModel, Signatory

NAN = math.nan
TAHUN = 2026
GENERATED_AT = dt.datetime(2026, 10, 10, 8, 15)
DITERIMA = dt.datetime(2026, 10, 5, 9, 30)
BELUM = "Belum dilaporkan: semua isian triwulan ini kosong."
PENYEBUT_NOL = "Penyebut nol, jadi persentase tidak dapat dihitung."

# Per indicator, quarters 1..4: (realisasi_triwulan, realisasi s.d. triwulan, status).
FIGURES: dict[str, list[tuple[float, float, str]]] = {
    "kepemilikan_ktp_el": [
        (95.1234, 95.1234, "ok"),
        (96.8, 96.8, "ok"),
        (97.25, 97.25, "ok"),
        (97.9, 97.9, "ok"),
    ],
    "ketepatan_waktu": [
        (92.3077, 92.3077, "ok"),
        (88.0, 90.1538, "ok"),
        (55.0, 70.0, "ok"),
        (90.0, 85.0, "ok"),
    ],
    "nilai_akuntabilitas": [
        (NAN, NAN, "belum_dilaporkan"),
        (NAN, NAN, "belum_dilaporkan"),
        (NAN, NAN, "belum_dilaporkan"),
        (72.5, 72.5, "ok"),
    ],
    "jumlah_sosialisasi": [
        (2.0, 2.0, "ok"),
        (3.0, 5.0, "ok"),
        (0.0, 5.0, "ok"),
        (7.0, 12.0, "ok"),
    ],
    "keluhan_layanan": [
        (4.0, 4.0, "ok"),
        (NAN, 4.0, "penyebut_nol"),
        (9.5, 6.5, "ok"),
        (3.0, 4.5, "ok"),
    ],
    "rerata_antrian": [
        (25.0, 25.0, "ok"),
        (35.0, 30.0, "ok"),
        (77.0, 45.6667, "ok"),
        (31.0, 42.0, "ok"),
    ],
}

KETERANGAN = {
    "kepemilikan_ktp_el": "=SUM(A1)",
    "ketepatan_waktu": "+62 812 3456 7890",
    "nilai_akuntabilitas": "@user",
    "jumlah_sosialisasi": "-5 kendala",
    "keluhan_layanan": "Keluhan turun setelah loket tambahan dibuka.",
}


def results_frame(ctx: Context, triwulan: int) -> pd.DataFrame:
    rows = []
    scale = ctx.config.predikat
    for jabatan in ctx.catalog.jabatan:
        for ind in jabatan.indikator:
            target = ctx.targets[ind.id]
            for q in range(1, triwulan + 1):
                rt, real, status = FIGURES[ind.id][q - 1]
                t = target.for_quarter(q)
                if math.isnan(real):
                    capaian = NAN
                elif ind.polaritas == "positif":
                    capaian = round(real / t * 100, 2)
                else:
                    capaian = round((2 * t - real) / t * 100, 2)
                catatan = {"belum_dilaporkan": BELUM, "penyebut_nol": PENYEBUT_NOL}.get(status, "")
                rows.append({
                    **describe(jabatan, ind),
                    "triwulan": q,
                    "target": t,
                    "target_tahunan": target.tahunan,
                    "realisasi_triwulan": rt,
                    "realisasi": real,
                    "capaian": capaian,
                    "predikat": scale.classify(capaian),
                    "status": status,
                    "catatan": catatan,
                })  # fmt: skip
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def keterangan_frame(ctx: Context, triwulan: int, texts: dict[str, str]) -> pd.DataFrame:
    rows = [
        {
            "jabatan_id": ctx.catalog.indikator_by_id[i].jabatan_id,
            "indikator_id": i,
            "triwulan": triwulan,
            "keterangan": text,
        }
        for i, text in texts.items()
    ]
    if triwulan > 1:
        rows.append({"jabatan_id": "kepala_dinas", "indikator_id": "kepemilikan_ktp_el",
                     "triwulan": 1, "keterangan": "Catatan triwulan pertama."})  # fmt: skip
    return pd.DataFrame(rows, columns=["jabatan_id", "indikator_id", "triwulan", "keterangan"])


def kelengkapan_frame(ctx: Context, triwulan: int) -> pd.DataFrame:
    """Kepala Dinas sent every quarter; the Sekretaris did not send the last one."""
    rows = []
    for q in range(1, triwulan + 1):
        for j in ctx.catalog.jabatan:
            sent = not (j.id == "sekretaris" and q == triwulan)
            expected = sum(len(i.variabel) for i in j.indikator)
            name = f"IKI-{TAHUN}-TW{q}-{j.id}.xlsx"
            rows.append({
                "jabatan_id": j.id,
                "jabatan": j.nama,
                "unit": j.unit,
                "triwulan": q,
                "dikirim": sent,
                "berkas": name if sent else "",
                "sha256": ("ab" * 32) if sent else "",
                "diterima": DITERIMA.replace(month=q * 3) if sent else pd.NaT,
                "lengkap": sent and j.id == "kepala_dinas",
                "kosong": 0 if sent and j.id == "kepala_dinas" else (1 if sent else expected),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=KELENGKAPAN_COLUMNS)


def sample_findings() -> list[Finding]:
    return [
        error("blank-input", "Isian kosong: isi angka 0 bila memang nol.",
              file="IKI-2026-TW3-kepala_dinas.xlsx", sheet="01 Kepala Dinas", cell="D12",
              jabatan="kepala_dinas", indikator="ketepatan_waktu", triwulan=3),
        warning("denominator-zero", "=HYPERLINK(\"http://x\") penyebut nol.",
                file="IKI-2026-TW3-sekretaris.xlsx", sheet="02 Sekretaris", cell="E9",
                jabatan="sekretaris", indikator="keluhan_layanan", triwulan=2),
        info("sample-targets", "Berkas target berisi target CONTOH.", file="target-2026.toml"),
    ]  # fmt: skip


def signatories(ctx: Context) -> dict[str, Signatory]:
    out = {}
    for j in ctx.catalog.jabatan:
        pejabat = ctx.config.pejabat.get(j.id)
        prefix = f"{pejabat.status} " if pejabat and pejabat.status else ""
        out[j.id] = Signatory(j.id, prefix + j.nama, pejabat)
    out[BUPATI] = Signatory(BUPATI, "Bupati Tanjung Harapan", ctx.config.pejabat.get(BUPATI))
    return out


def make_model(
    ctx: Context,
    *,
    triwulan: int = 3,
    draft: bool = False,
    findings: list[Finding] | None = None,
    keterangan: dict[str, str] | None = None,
) -> ReportModel:
    return ReportModel(
        kantor=ctx.config.kantor,
        catalog=ctx.catalog,
        targets=ctx.targets,
        scale=ctx.config.predikat,
        tahun=TAHUN,
        triwulan=triwulan,
        tanggal_ttd=dt.date(2026, 10, 12),
        draft=draft,
        results=results_frame(ctx, triwulan),
        keterangan=keterangan_frame(
            ctx, triwulan, KETERANGAN if keterangan is None else keterangan
        ),
        kelengkapan=kelengkapan_frame(ctx, triwulan),
        findings=sample_findings() if findings is None else findings,
        signatories=signatories(ctx),
        generated_at=GENERATED_AT,
    )


def synthetic_model(ctx: Context, *, triwulan: int = 4, draft: bool = False) -> ReportModel:
    """Any catalog (the full one too): figures cycle through every predikat and a blank."""
    factors = (1.02, 0.85, 0.7, 0.55, 0.3, math.nan)
    scale = ctx.config.predikat
    rows = []
    for n, ind in enumerate(ctx.catalog.indikator):
        jabatan = ctx.catalog.jabatan_by_id[ind.jabatan_id]
        target = ctx.targets[ind.id]
        for q in range(1, triwulan + 1):
            t = target.for_quarter(q)
            f = factors[(n + q) % len(factors)]
            real = t * f if ind.polaritas == "positif" else t * (2 - f)
            capaian = NAN if math.isnan(f) else round(f * 100, 2)
            rows.append({
                "jabatan_id": jabatan.id, "jabatan": jabatan.nama, "unit": jabatan.unit,
                "sasaran": ind.sasaran, "indikator_id": ind.id, "indikator": ind.nama,
                "jenis": ind.jenis, "satuan": ind.satuan, "polaritas": ind.polaritas,
                "agregasi": ind.agregasi, "triwulan": q, "target": t,
                "target_tahunan": target.tahunan, "realisasi_triwulan": real, "realisasi": real,
                "capaian": capaian, "predikat": scale.classify(capaian),
                "status": "belum_dilaporkan" if math.isnan(f) else "ok",
                "catatan": BELUM if math.isnan(f) else "",
            })  # fmt: skip
    texts = {
        i.id: "Kendala jaringan SIAK terputus dua minggu; pelayanan jemput bola di kecamatan."
        for i in ctx.catalog.indikator[::3]
    }
    return ReportModel(
        kantor=ctx.config.kantor,
        catalog=ctx.catalog,
        targets=ctx.targets,
        scale=scale,
        tahun=ctx.targets.tahun,
        triwulan=triwulan,
        tanggal_ttd=dt.date(ctx.targets.tahun + 1, 1, 7),
        draft=draft,
        results=pd.DataFrame(rows, columns=RESULT_COLUMNS),
        keterangan=keterangan_frame(ctx, triwulan, texts),
        kelengkapan=kelengkapan_frame(ctx, triwulan),
        findings=sample_findings(),
        signatories=signatories(ctx),
        generated_at=GENERATED_AT,
    )
