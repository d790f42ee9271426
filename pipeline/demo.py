"""Generate the bundled demo: returned workbooks of a fictional regency for a whole year.

`python -m pipeline.demo [--out demo/input]` writes filled workbooks for TW I-IV the way
staff return them: per unit in TW I-II, per jabatan in TW III (with one revision sent
twice), a mix in TW IV with one jabatan late. One indicator has a zero denominator in TW I.
The figures obey the catalog's consistency rules between jabatan (`consistent`).
Values are deterministic (fixed seed) and of realistic magnitude for ~1 million people.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from pipeline.catalog import Indikator, Target
from pipeline.context import Context, load_context
from pipeline.contract import REALISASI, pagu_name, realisasi_name, sebab_name
from pipeline.facts import BUDGET_INDIKATOR, budget_variabel
from pipeline.template import input_name, keterangan_name, write_template
from pipeline.template.fill import fill_workbook

TAHUN = 2026
LATE = ("kasi_pendataan_penduduk", 4)  # did not send TW IV
REVISED = ("kasi_kelahiran", 3)  # sent TW III twice (same figures)
ZERO_DENOMINATOR = ("akta_pengesahan_anak", 1)  # no child legitimised in TW I
# One kecamatan row left blank: the regency KIA figure of TW II is incomplete.
BLANK_KECAMATAN = ("kia_tercetak", 2, "99.01.17")
SEED = 2026

# Rough sizes for denominators, by what the label counts (a regency of ~1 million people).
STOCK_SIZES = (
    ("wajib ktp", 742_000),
    ("kepala keluarga", 305_000),
    ("anak", 318_000),
    ("pegawai", 86),
    ("asn", 86),
    ("database", 1_018_000),
    ("data base", 1_018_000),
    ("penduduk", 1_018_000),
)
FLOW_SIZES = (
    ("hari", 5_300),
    ("kelahiran", 4_200),
    ("lahir", 4_200),
    ("kematian", 1_500),
    ("perkawinan", 2_100),
    ("perceraian", 380),
    ("ktp", 9_500),
    ("kartu keluarga", 7_800),
    ("kk ", 7_800),
    ("kia", 5_200),
    ("pindah", 2_300),
    ("legalisir", 900),
    ("pns", 60),
    ("pegawai", 60),
    ("laporan", 9),
    ("dokumen", 14),
    ("anak", 120),
    ("mutasi nikah", 150),
)
KETERANGAN = (
    "Pelayanan jemput bola ke 23 kecamatan menaikkan capaian triwulan ini.",
    "Sebagian pemohon belum melengkapi persyaratan; petugas mendampingi melalui layanan "
    "daring dan kunjungan ke desa.",
    "Jaringan SIAK terganggu selama 5 hari kerja; pelayanan dialihkan ke kecamatan terdekat.",
    "Sosialisasi bersama desa dan sekolah dilaksanakan sesuai jadwal.",
    "",
    "",
)


# Cause texts (LKjIP Bab III) for every third indicator, by kind (contract.SEBAB).
SEBAB_TEXT = {
    "pendukung": (
        "Pelayanan jemput bola ke sekolah dan desa bersama camat.",
        "Dukungan anggaran blanko dan jaringan SIAK yang stabil.",
    ),
    "penghambat": (
        "Sebagian pemohon belum melengkapi persyaratan.",
        "Gangguan jaringan SIAK selama beberapa hari kerja.",
    ),
    "solusi": (
        "Pendampingan melalui layanan daring dan petugas di kecamatan.",
        "Pelayanan dialihkan sementara ke kecamatan terdekat.",
    ),
    "tindak_lanjut": (
        "Memperluas layanan keliling ke desa terpencil pada triwulan berikut.",
        "Mengajukan penambahan jaringan cadangan ke Ditjen Dukcapil.",
    ),
}
# Share of the annual pagu realised by the end of each quarter (cumulative), per line a
# little different; always below the pagu.
ABSORPTION = (0.18, 0.42, 0.68, 0.93)


def demo_budget(ctx: Context) -> dict[str, float]:
    """Defined name -> value of the Anggaran sheet, per quarter (realisation of the quarter);
    TW III carries a revised pagu (APBD Perubahan) for the first sub kegiatan."""
    budget = ctx.budget
    if budget is None:
        return {}
    rng = random.Random(SEED + 2)
    out: dict[str, float] = {}
    for n, line in enumerate(budget.sub_kegiatan):
        b = line.baris_id or ""
        pagu = line.pagu + (25_000_000 if n == 0 else 0)
        factor = rng.uniform(0.9, 1.04)
        done = 0
        for q, share in enumerate(ABSORPTION, start=1):
            cumulative = min(round(line.pagu * share * factor, -3), pagu)
            out[realisasi_name(b, q)] = float(cumulative - done)
            done = cumulative
            if n == 0 and q >= 3:
                out[pagu_name(b) + f"@{q}"] = float(pagu)
    return out


def _size(label: str, stock: bool) -> int:
    text = label.lower()
    for key, size in STOCK_SIZES if stock else FLOW_SIZES:
        if key in text:
            return size
    return 50_000 if stock else 400


def _indicator_values(
    ind: Indikator, target: Target, rng: random.Random
) -> dict[int, dict[str, float]]:
    """Four quarters of inputs for one indicator, with a stable base and a performance level.

    Most indicators run near their target; a few lag, so every predicate shows up.
    """
    level = rng.choice((0.62, 0.74, 0.86, 0.97, 1.0, 1.0, 1.02, 1.03, 1.05))
    stock = ind.agregasi == "akhir"
    if stock and ind.jenis == "persentase":
        # Coverage of a population moves slowly: it stays close to its target.
        level = rng.uniform(0.985, 1.01)
    out: dict[int, dict[str, float]] = {}
    if ind.jenis == "nilai":
        for q in range(1, 5):
            out[q] = {ind.variabel[0].id: round(target.for_quarter(q) * min(level, 1.1), 2)}
        return out
    if ind.jenis == "jumlah":
        parts = [rng.random() + 0.3 for _ in ind.variabel]
        for q in range(1, 5):
            if stock:
                total = target.for_quarter(q) * level * rng.uniform(0.97, 1.01)
            else:
                total = target.tahunan / 4 * level * rng.uniform(0.8, 1.2)
            shares = [round(total * p / sum(parts)) for p in parts]
            out[q] = {v.id: float(n) for v, n in zip(ind.variabel, shares, strict=True)}
        return out
    # persentase: denominators of plausible size; numerators near level x target share.
    pembilang, penyebut = ind.by_role("pembilang"), ind.by_role("penyebut")
    base = {v.id: _size(v.label, stock) * rng.uniform(0.85, 1.15) for v in penyebut}
    for q in range(1, 5):
        if stock:
            dens = {k: round(b * (1 + 0.002 * q)) for k, b in base.items()}
            share = target.for_quarter(q) * level + rng.uniform(-0.3, 0.3)
        else:
            dens = {k: round(b * rng.uniform(0.85, 1.15)) for k, b in base.items()}
            share = target.for_quarter(q) * level * rng.uniform(0.98, 1.02)
        share = min(share, 100.0) / 100
        values = {k: float(d) for k, d in dens.items()}
        den_list = list(dens.values())
        for n, v in enumerate(pembilang):
            # Paired components (KTP with KTP, KK with KK) where the counts match.
            den = den_list[n] if len(pembilang) == len(penyebut) else sum(den_list) / len(pembilang)
            values[v.id] = float(min(round(den), round(den * share)))
        out[q] = values
    return out


def demo_values(ctx: Context) -> pd.DataFrame:
    rng = random.Random(SEED)
    rows = []
    for ind in ctx.catalog.indikator:
        quarters = _indicator_values(ind, ctx.targets[ind.id], rng)
        for q, values in quarters.items():
            if (ind.id, q) == ZERO_DENOMINATOR:
                values = dict.fromkeys(values, 0.0)
            for vid, nilai in values.items():
                rows.append(
                    {
                        "triwulan": q,
                        "jabatan_id": ind.jabatan_id,
                        "indikator_id": ind.id,
                        "variabel_id": vid,
                        "nilai": nilai,
                    }
                )
    return by_kecamatan(ctx, consistent(ctx, pd.DataFrame(rows)), random.Random(SEED + 2))


def allocate(total: float, weights: list[float], caps: list[float] | None = None) -> list[float]:
    """Whole numbers proportional to `weights` that add up to `total` exactly (largest
    remainder), none above its cap (the excess goes to the others, in weight order)."""
    whole = round(total)
    raw = [whole * w / sum(weights) for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda k: raw[k] - out[k], reverse=True)
    for k in order[: whole - sum(out)]:
        out[k] += 1
    if caps is not None:
        spill = sum(max(0, o - int(c)) for o, c in zip(out, caps, strict=True))
        out = [min(o, int(c)) for o, c in zip(out, caps, strict=True)]
        for k in sorted(range(len(out)), key=lambda k: -weights[k]):
            room = int(caps[k]) - out[k]
            take = min(room, spill)
            out[k] += take
            spill -= take
    return [float(x) for x in out]


def by_kecamatan(ctx: Context, values: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """Split the regency inputs of indicators entered per kecamatan into kecamatan rows.

    Populations (penyebut) keep each kecamatan's share every quarter; coverage differs by
    kecamatan (a few lag behind) and the kecamatan rows add up exactly to the regency
    figure, so the consistency rules checked on the regency still hold.
    """
    values = values.assign(wilayah="*")
    areas = ctx.wilayah.kode
    split = [i for i in ctx.catalog.indikator if ctx.wilayah.split(i)]
    if not split:
        return values
    size = [rng.uniform(0.4, 1.8) for _ in areas]
    rows = []
    for ind in split:
        # Each kecamatan's coverage sits above or below the regency's on the log-odds scale
        # (98,9 % -> 97,3..99,5 %; 40 % -> 21..62 %), the same kecamatan lagging every quarter.
        shift = [rng.uniform(-0.9, 0.7) for _ in areas]
        for q in range(1, 5):
            mine = values[(values["indikator_id"] == ind.id) & (values["triwulan"] == q)]
            total = dict(zip(mine["variabel_id"], mine["nilai"], strict=True))
            dens = {v.id: allocate(total[v.id], size) for v in ind.by_role("penyebut")}
            den = [sum(d[k] for d in dens.values()) for k in range(len(areas))]
            nums = {}
            for v in ind.by_role("pembilang"):
                share = min(max(total[v.id] / max(sum(den), 1.0), 1e-3), 1 - 1e-3)
                logit = math.log(share / (1 - share))
                weights = [
                    d / (1 + math.exp(-(logit + s))) for d, s in zip(den, shift, strict=True)
                ]
                nums[v.id] = allocate(total[v.id], weights, den)
            for vid, shares in {**dens, **nums}.items():
                for kode, nilai in zip(areas, shares, strict=True):
                    if (ind.id, q, kode) == BLANK_KECAMATAN:
                        nilai = float("nan")
                    rows.append(
                        {
                            "triwulan": q,
                            "jabatan_id": ind.jabatan_id,
                            "indikator_id": ind.id,
                            "variabel_id": vid,
                            "nilai": nilai,
                            "wilayah": kode,
                        }
                    )
    keep = ~values["indikator_id"].isin([i.id for i in split])
    return pd.concat([values[keep], pd.DataFrame(rows)], ignore_index=True)


def consistent(ctx: Context, values: pd.DataFrame) -> pd.DataFrame:
    """Make the demo obey the catalog's consistency rules between jabatan, quarter by quarter.

    The left side of each rule is set to the sum of its right side (`sama_dengan_jumlah`) or
    capped by it (`tidak_melebihi`). When the value changed is a penyebut, the indicator's
    pembilang are scaled with it, so its percentage stays where the generator put it.
    """
    table = {
        (int(q), i, v): float(x)
        for q, i, v, x in values[["triwulan", "indikator_id", "variabel_id", "nilai"]].itertuples(
            index=False, name=None
        )
    }
    for q in range(1, 5):
        for rule in ctx.catalog.aturan:
            key = (q, rule.kiri.indikator_id, rule.kiri.variabel_id)
            total = sum(table[(q, k.indikator_id, k.variabel_id)] for k in rule.kanan)
            old = table[key]
            new = total if rule.jenis == "sama_dengan_jumlah" else min(old, total)
            table[key] = new
            ind = ctx.catalog.indikator_by_id[rule.kiri.indikator_id]
            if (
                old
                and new != old
                and rule.kiri.variabel_id in {v.id for v in ind.by_role("penyebut")}
            ):
                for v in ind.by_role("pembilang"):
                    table[(q, ind.id, v.id)] = float(round(table[(q, ind.id, v.id)] * new / old))
    out = values.copy()
    out["nilai"] = [
        table[(int(q), i, v)]
        for q, i, v in out[["triwulan", "indikator_id", "variabel_id"]].itertuples(
            index=False, name=None
        )
    ]
    return out


def budget_facts(ctx: Context, budget: dict[str, float]) -> pd.DataFrame:
    """The demo's budget realisations as facts: earlier quarters shown in the Anggaran sheet."""
    rows = []
    for name, value in budget.items():
        parts = name.split("__")
        if len(parts) == 4 and parts[2] == REALISASI:
            rows.append(
                {
                    "triwulan": int(parts[3][2:]),
                    "jabatan_id": ctx.budget.pengisi if ctx.budget else "",
                    "indikator_id": BUDGET_INDIKATOR,
                    "variabel_id": budget_variabel(parts[1], REALISASI),
                    "nilai": value,
                }
            )
    return pd.DataFrame(
        rows, columns=["triwulan", "jabatan_id", "indikator_id", "variabel_id", "nilai"]
    )


def _budget_inputs(budget: dict[str, float], q: int) -> dict[str, float]:
    """The Anggaran sheet's names of quarter q (the pagu only where it was revised)."""
    out = {}
    for name, value in budget.items():
        if name.endswith(f"__tw{q}"):
            out[name] = value
        elif name.endswith(f"@{q}"):
            out[name.split("@")[0]] = value
    return out


def write_demo(ctx: Context, out: Path) -> list[Path]:
    values = demo_values(ctx)
    budget = demo_budget(ctx)
    rng = random.Random(SEED + 1)
    if out.exists():
        shutil.rmtree(out)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for q in range(1, 5):
            previous = pd.concat([values, budget_facts(ctx, budget)], ignore_index=True)
            previous = previous[previous["triwulan"] < q]
            split = {1: "bidang", 2: "bidang", 3: "jabatan", 4: "jabatan"}[q]
            templates = write_template(
                ctx, TAHUN, q, Path(tmp) / f"tw{q}", split=split, previous=previous
            )
            folder = out / f"TW{q}"
            folder.mkdir(parents=True)
            mine = values[values["triwulan"] == q]
            units = ctx.catalog.units()
            for template in templates:
                piece = template.stem.split("-")[-1]
                held = {j.id for j in units[piece]} if piece in units else {piece}
                if (piece, q) == LATE:
                    continue
                filled: dict[str, float | str] = {
                    input_name(r.indikator_id, r.variabel_id, q, r.wilayah): r.nilai
                    for r in mine[mine["jabatan_id"].isin(held)].itertuples()
                    if r.nilai == r.nilai  # a NaN is a row left blank
                }
                for n, ind in enumerate(ctx.catalog.indikator):
                    text = rng.choice(KETERANGAN)
                    if text and ind.jabatan_id in held:
                        filled[keterangan_name(ind.id, q)] = text
                    if n % 3 == 0 and ind.jabatan_id in held:
                        for jenis, texts in SEBAB_TEXT.items():
                            filled[sebab_name(ind.id, jenis, q)] = texts[(n + q) % 2]
                if ctx.budget is not None and ctx.budget.pengisi in held:
                    filled.update(_budget_inputs(budget, q))
                target = folder / template.name
                fill_workbook(template, target, filled)
                written.append(target)
                if (piece, q) == REVISED:
                    revised = folder / f"{template.stem} (revisi).xlsx"
                    shutil.copyfile(target, revised)
                    written.append(revised)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    parser.add_argument("--out", type=Path, default=Path("demo/input"))
    args = parser.parse_args()
    ctx = load_context(args.config, TAHUN)
    for path in write_demo(ctx, args.out):
        print(path)


if __name__ == "__main__":
    main()
