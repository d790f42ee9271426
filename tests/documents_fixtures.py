"""ReportModels for the document tests, built from a Context with fabricated results.

The figures are invented but consistent (capaian from realisasi and target by polarity,
predikat from the configured scale), with the gaps real reports have: quarters not yet
reported and a zero denominator, each with its catatan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import shutil
from pathlib import Path

import pandas as pd

from pipeline.catalog.model import BUPATI, Indikator
from pipeline.context import Context, load_context
from pipeline.engine.columns import describe
from pipeline.report.model import KELENGKAPAN_COLUMNS, RESULT_COLUMNS, ReportModel, Signatory

TANGGAL_TTD = dt.date(2027, 1, 7)
GENERATED_AT = dt.datetime(2027, 1, 7, 8, 30)
BELUM = "Belum dilaporkan"
PENYEBUT_NOL = "Penyebut 0: tidak ada dokumen yang didaftarkan, capaian tidak dapat dihitung"
# Ratio realisasi/target per indicator (cycled): every predicate band appears.
FACTORS = (1.02, 0.93, 0.81, 1.12, 0.70, 0.97, 0.55, 0.40, 1.0)


def signatories(ctx: Context) -> dict[str, Signatory]:
    """As the report builds them: jabatan name (or override) with Plt./Plh. prefix."""
    out: dict[str, Signatory] = {}
    for j in ctx.catalog.jabatan:
        p = ctx.config.pejabat.get(j.id)
        prefix = f"{p.status} " if p and p.status else ""
        out[j.id] = Signatory(j.id, prefix + (p.jabatan if p and p.jabatan else j.nama), p)
    b = ctx.config.pejabat.get(BUPATI)
    title = b.jabatan if b and b.jabatan else "Bupati"
    out[BUPATI] = Signatory(BUPATI, f"{b.status} {title}" if b and b.status else title, b)
    return out


def _capaian(ind: Indikator, realisasi: float, target: float) -> float:
    if ind.polaritas == "negatif":
        value = (2 * target - realisasi) / target * 100
    else:
        value = realisasi / target * 100
    return math.floor(value * 100 + 0.5) / 100


def _quarter_value(ind: Indikator, k: int, q: int, target: float) -> float:
    factor = FACTORS[k % len(FACTORS)]
    if ind.polaritas == "negatif":
        factor = 2 - factor  # lower is better: a factor above 1 means worse
    if ind.jenis == "jumlah" and ind.agregasi == "jumlah":
        return float(round(target / max(q, 1) * factor))  # per-quarter count
    return round(target * factor + (q - 2) * 0.37, 2)


def results(ctx: Context, triwulan: int) -> pd.DataFrame:
    scale = ctx.config.predikat
    rows = []
    for k, ind in enumerate(ctx.catalog.indikator):
        j = ctx.catalog.jabatan_by_id[ind.jabatan_id]
        tgt = ctx.targets[ind.id]
        quarterly: list[float | None] = []
        for q in range(1, triwulan + 1):
            target = tgt.for_quarter(q)
            value: float | None = _quarter_value(ind, k, q, target)
            status, catatan = "ok", ""
            if k % 6 == 2 and q == triwulan and triwulan > 1:
                value, status, catatan = None, "belum_dilaporkan", BELUM
            elif k % 9 == 4 and q == 1 and ind.jenis == "persentase":
                value, status, catatan = None, "penyebut_nol", PENYEBUT_NOL
            quarterly.append(value)
            filled = [v for v in quarterly if v is not None]
            if ind.agregasi == "jumlah" and ind.jenis == "jumlah":
                realisasi = sum(filled) if value is not None else None
            elif ind.agregasi == "rata_rata":
                realisasi = round(sum(filled) / len(filled), 2) if filled else None
            else:  # akhir, or a ratio of flows (fabricated: the latest value)
                realisasi = filled[-1] if filled else None
            capaian = _capaian(ind, realisasi, target) if realisasi is not None else None
            rows.append(
                {
                    **describe(j, ind),
                    "triwulan": q,
                    "target": target,
                    "target_tahunan": tgt.tahunan,
                    "realisasi_triwulan": math.nan if value is None else value,
                    "realisasi": math.nan if realisasi is None else realisasi,
                    "capaian": math.nan if capaian is None else capaian,
                    "predikat": scale.classify(capaian),
                    "status": status,
                    "catatan": catatan,
                }
            )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def kelengkapan(ctx: Context, triwulan: int) -> pd.DataFrame:
    rows = []
    for q in range(1, triwulan + 1):
        for n, j in enumerate(ctx.catalog.jabatan):
            sent = not (n % 5 == 3 and q == triwulan)
            name = f"IKI-{ctx.targets.tahun}-TW{q}-{j.id}.xlsx"
            rows.append(
                {
                    "jabatan_id": j.id,
                    "jabatan": j.nama,
                    "unit": j.unit,
                    "triwulan": q,
                    "dikirim": sent,
                    "berkas": name if sent else "",
                    "sha256": f"{n:064x}" if sent else "",
                    "diterima": pd.Timestamp(2026, 3 * q, 28) if sent else pd.NaT,
                    "lengkap": sent,
                    "kosong": 0 if sent else sum(len(i.variabel) for i in j.indikator),
                }
            )
    return pd.DataFrame(rows, columns=KELENGKAPAN_COLUMNS)


def make_model(
    ctx: Context,
    *,
    triwulan: int = 4,
    draft: bool = False,
    keterangan: dict[str, str] | None = None,
    vacant: tuple[str, ...] = (),
    **changes: object,
) -> ReportModel:
    """A complete ReportModel; `keterangan` maps indikator id -> text for quarter Q."""
    if keterangan is None:
        first = ctx.catalog.indikator[0]
        keterangan = {first.id: "Perekaman KTP-el keliling di 3 kecamatan."}
    ket = pd.DataFrame(
        [
            {
                "jabatan_id": ctx.catalog.indikator_by_id[i].jabatan_id,
                "indikator_id": i,
                "triwulan": triwulan,
                "keterangan": text,
            }
            for i, text in keterangan.items()
        ],
        columns=["jabatan_id", "indikator_id", "triwulan", "keterangan"],
    )
    signers = signatories(ctx)
    for jabatan_id in vacant:
        signers[jabatan_id] = Signatory(jabatan_id, signers[jabatan_id].title, None)
    model = ReportModel(
        kantor=ctx.config.kantor,
        catalog=ctx.catalog,
        targets=ctx.targets,
        scale=ctx.config.predikat,
        tahun=ctx.targets.tahun,
        triwulan=triwulan,
        tanggal_ttd=TANGGAL_TTD,
        draft=draft,
        results=results(ctx, triwulan),
        keterangan=ket,
        kelengkapan=kelengkapan(ctx, triwulan),
        findings=[],
        signatories=signers,
        batas_capaian=ctx.config.batas_capaian,
        generated_at=GENERATED_AT,
    )
    return dataclasses.replace(model, **changes) if changes else model


def mini_context(folder: Path) -> Context:
    """The mini catalog's Context (as the mini_ctx fixture), for module-scoped fixtures."""
    from conftest import DATA, write_config

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "mini-iki.toml", folder / "iki.toml")
    shutil.copy(DATA / "mini-target-2026.toml", folder / "target-2026.toml")
    path = write_config(folder, catalog=folder / "iki.toml", target=folder / "target-{tahun}.toml")
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[pejabat\.)", text)
    keep = ("bupati", "kepala_dinas", "sekretaris")
    text = "".join(
        b for b in blocks if not b.startswith("[pejabat.") or b.split("]")[0][9:] in keep
    )
    path.write_text(text, encoding="utf-8")
    return load_context(path)


def squash(text: str) -> str:
    """Whitespace collapsed, words hyphenated at a line end (U+2010) rejoined, breaks after a
    real hyphen joined: for finding phrases that a narrow cell wrapped."""
    text = re.sub(r"\u2010\s*", "", text)
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def pdf_pages(path: Path) -> list[str]:
    """Each page's text (pypdf), squashed."""
    from pypdf import PdfReader

    return [squash(p.extract_text() or "") for p in PdfReader(path).pages]
