"""Sample history for the demo: figures of 2022-2025 for the fictional regency.

`python -m pipeline.history.sample --out demo/riwayat` writes, deterministically:
- `2025-TW4/hasil.csv` as the tool writes it (with the `tahun` column),
- `2024-TW4/hasil.csv` in the older format without `tahun` (its year comes from the folder),
- `riwayat-2022-2023.xlsx`, the history workbook filled in, as an office would for years
  before the tool existed.
Targets follow the office data (Renstra where it has the indicator, else the 2026 target
scaled back); realisations vary around them by a fixed pseudo-random factor per
indicator and year, and 2024's Renstra indicators end at the Renstra baseline.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import tempfile
from pathlib import Path

from pipeline.catalog.model import Indikator
from pipeline.context import Context, load_context
from pipeline.engine.achievement import achievement
from pipeline.engine.values import exact
from pipeline.history.book import history_name, write_history_template
from pipeline.report.csv import HASIL_COLUMNS, number
from pipeline.template.fill import fill_workbook


def _factor(iid: str, year: int) -> float:
    """A fixed pseudo-random factor 0.93..1.04 per indicator and year."""
    h = int(hashlib.sha256(f"{iid}:{year}".encode()).hexdigest()[:8], 16)
    return 0.93 + (h % 1100) / 10000


def figures(ctx: Context, ind: Indikator, year: int) -> tuple[float, float]:
    """(annual target, annual realisasi) of one indicator in one sample year."""
    base = ctx.targets[ind.id].tahunan
    ren = ctx.renstra.indikator.get(ind.id) if ctx.renstra else None
    back = 2026 - year
    if ren is not None and year in ren.target:
        target = ren.target[year]
    elif ind.jenis == "persentase" or ind.jenis == "nilai":
        target = round(max(base - 0.8 * back, 1.0), 1)
    else:
        target = float(max(round(base * (1 - 0.05 * back)), 1))
    if ren is not None and ren.kondisi_awal is not None and year == 2024:
        return target, ren.kondisi_awal
    real = target * _factor(ind.id, year)
    if ind.jenis == "persentase":
        real = min(round(real, 2), 100.0)
    elif ind.jenis == "nilai":
        real = round(min(real, ind.nilai_maks or real), 2)
    else:
        real = float(round(real))
    return target, real


def write_hasil(ctx: Context, year: int, path: Path, *, with_year: bool) -> None:
    scale = ctx.config.predikat
    cols = HASIL_COLUMNS if with_year else [c for c in HASIL_COLUMNS if c != "tahun"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for ind in ctx.catalog.indikator:
            jab = ctx.catalog.jabatan_by_id[ind.jabatan_id]
            target, real = figures(ctx, ind, year)
            for q in range(1, 5):
                share = q / 4 if ind.agregasi == "jumlah" and ind.jenis == "jumlah" else 1.0
                t_q, r_q = target * share, real * share
                got = achievement(exact(r_q), t_q, ind.polaritas, scale=scale)
                row = {
                    "tahun": str(year),
                    "jabatan_id": jab.id,
                    "jabatan": jab.nama,
                    "indikator_id": ind.id,
                    "indikator": ind.nama,
                    "satuan": ind.satuan,
                    "wilayah": "*",
                    "triwulan": str(q),
                    "target": number(t_q, 4),
                    "realisasi": number(r_q, 4),
                    "realisasi_triwulan": number(real * 0.25 if share != 1.0 else r_q, 4),
                    "capaian": number(got.capaian, 2),
                    "predikat": got.predikat or "",
                    "status": "ok",
                    "catatan": "",
                }
                w.writerow([row[c] for c in cols])


def write_workbook(ctx: Context, awal: int, akhir: int, folder: Path) -> Path:
    # The blank form is written elsewhere: only the filled workbook belongs in the demo.
    with tempfile.TemporaryDirectory() as tmp:
        return _fill_workbook(ctx, awal, akhir, folder, Path(tmp))


def _fill_workbook(ctx: Context, awal: int, akhir: int, folder: Path, tmp: Path) -> Path:
    blank = write_history_template(ctx, awal, akhir, tmp / f"kosong-{awal}-{akhir}.xlsx")
    values: dict[str, float] = {}
    for ind in ctx.catalog.indikator:
        for year in range(awal, akhir + 1):
            target, real = figures(ctx, ind, year)
            values[history_name(ind.id, "target", year)] = target
            if not math.isnan(real):
                values[history_name(ind.id, "realisasi", year)] = real
    out = folder / f"riwayat-{awal}-{akhir}.xlsx"
    fill_workbook(blank, out, values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo/riwayat"))
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    args = parser.parse_args()
    ctx = load_context(args.config, 2026)
    write_hasil(ctx, 2025, args.out / "2025-TW4" / "hasil.csv", with_year=True)
    write_hasil(ctx, 2024, args.out / "2024-TW4" / "hasil.csv", with_year=False)
    write_workbook(ctx, 2022, 2023, args.out)
    print(f"Riwayat contoh ditulis ke {args.out}")


if __name__ == "__main__":
    main()
