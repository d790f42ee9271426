"""Benchmark: reading returned workbooks against pandas + openpyxl, in one run, same files.

    python -m pipeline.bench --files 200

Generates N filled workbooks from the real template in a temporary folder (one per jabatan
and quarter, as people send them back; beyond 21 x 4 the rest are re-sent copies, as
happens in practice), then times `read_workbooks` (read + validate + merge) and
`pandas.read_excel(path, sheet_name=None, engine="openpyxl")` on the same files.
Small functions so other timings (the full report) can be added beside these.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.context import Context, load_context

Timing = Callable[[], object]


def filled_values(ctx: Context, q: int, jabatan_ids: list[str], seed: int) -> dict[str, float]:
    """Plausible values for every input of the given jabatan: counts whole, nilai in range."""
    from pipeline.template import input_name

    out: dict[str, float] = {}
    for jid in jabatan_ids:
        for ind in ctx.catalog.jabatan_by_id[jid].indikator:
            for k, var in enumerate(ind.variabel):
                base = 40 + (seed * 7 + k * 13) % 60
                if ind.jenis == "nilai":
                    lo, hi = ind.nilai_min or 0.0, ind.nilai_maks or 100.0
                    out[input_name(ind.id, var.id, q)] = round(lo + (hi - lo) * base / 100, 2)
                elif var.peran == "penyebut":
                    out[input_name(ind.id, var.id, q)] = base + 50
                else:
                    out[input_name(ind.id, var.id, q)] = base
    return out


def make_inputs(ctx: Context, n: int, folder: Path, tahun: int | None = None) -> list[Path]:
    """N filled per-jabatan workbooks for quarters 1-4 in `folder` (copies beyond 84)."""
    from pipeline.template import write_template
    from pipeline.template.fill import fill_workbook

    year = tahun or ctx.targets.tahun
    blank_dir = folder / "kosong"
    unique: list[Path] = []
    for q in range(1, 5):
        for src in write_template(ctx, year, q, blank_dir, split="jabatan"):
            if len(unique) >= n:
                break
            jid = src.stem.split("-", 3)[3]
            dst = folder / "masuk" / f"TW{q}" / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            fill_workbook(src, dst, filled_values(ctx, q, [jid], seed=len(unique)))
            unique.append(dst)
    shutil.rmtree(blank_dir)
    out = list(unique)
    for i in range(len(unique), n):
        src = unique[i % len(unique)]
        dst = folder / "masuk" / "kirim-ulang" / f"{src.stem}-kirim-{i}.xlsx"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def time_call(fn: Timing, repeat: int = 1) -> float:
    """Median wall time of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_reader(paths: list[Path], ctx: Context, tahun: int) -> float:
    from pipeline.reader import read_workbooks

    return time_call(lambda: read_workbooks(paths, ctx, tahun=tahun, triwulan_max=4), repeat=3)


def time_pandas_openpyxl(paths: list[Path]) -> float:
    import pandas as pd

    def run() -> None:
        for p in paths:
            pd.read_excel(p, sheet_name=None, engine="openpyxl")

    return time_call(run)


def run(files: int, config: Path) -> dict[str, float]:
    ctx = load_context(config)
    tahun = ctx.targets.tahun
    with tempfile.TemporaryDirectory(prefix="iki-bench-") as tmp:
        t0 = time.perf_counter()
        paths = make_inputs(ctx, files, Path(tmp), tahun)
        prepare = time.perf_counter() - t0
        time_reader(paths[:2], ctx, tahun)  # warm-up: imports, first calamine load
        ours = time_reader(paths, ctx, tahun)
        baseline = time_pandas_openpyxl(paths)
    return {"files": len(paths), "prepare": prepare, "reader": ours, "pandas": baseline}


DEMO_INPUT = Path(__file__).resolve().parents[1] / "demo" / "input"


def time_full_report(config: Path, input_dir: Path = DEMO_INPUT) -> dict[str, float]:
    """Wall time of `python -m pipeline report` on the demo office, as a user runs it.

    cold: a fresh output folder and document cache (every PDF rendered);
    cached: the same run again, unchanged documents copied from the cache.
    """
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(prefix="iki-bench-report-") as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pipeline",
            "--config",
            str(config),
            "report",
            "--quarter",
            "4",
            "--year",
            "2026",
            "--input",
            str(input_dir),
            "--output",
            tmp,
            "--date",
            "2027-01-07",
            "--archive",  # a throwaway archive, never the office's
            str(Path(tmp) / "arsip.sqlite"),
        ]
        out = {}
        for label in ("report_cold", "report_cached"):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            out[label] = time.perf_counter() - t0
    return out


def report(result: dict[str, float]) -> str:
    n = int(result["files"])
    ours, base = result["reader"], result["pandas"]
    return "\n".join(
        [
            f"{n} workbook (disiapkan dalam {result['prepare']:.1f} s)",
            f"  pipeline.reader (baca + validasi + gabung): {ours:8.3f} s"
            f"  ({ours / n * 1000:.1f} ms/berkas)",
            f"  pandas.read_excel + openpyxl (baca saja):  {base:8.3f} s"
            f"  ({base / n * 1000:.1f} ms/berkas)",
            f"  rasio: {ours / base:.3f}x (batas 0,10x; sasaran 0,05x)",
        ]
        + (
            [
                "Laporan lengkap kantor demo (python -m pipeline report, semua dokumen):",
                f"  tanpa cache: {result['report_cold']:6.2f} s (batas 10 s; sasaran 5 s)",
                f"  dengan cache dokumen: {result['report_cached']:6.2f} s",
            ]
            if "report_cold" in result
            else []
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__)
    parser.add_argument("--files", type=int, default=200, help="jumlah workbook (default 200)")
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    parser.add_argument(
        "--skip-report", action="store_true", help="lewati pengukuran laporan lengkap"
    )
    args = parser.parse_args(argv)
    result = run(args.files, args.config)
    if not args.skip_report:
        result.update(time_full_report(args.config))
    print(report(result))


if __name__ == "__main__":
    main()
