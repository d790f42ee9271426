"""Benchmark of what users wait for, side by side in one run, on the same files.

    python -m pipeline.bench --files 200 [--runs 3] [--offices 35] [--skip-report] [--quick]

`check` runs as a whole process (start-up, imports and printing included) over N whole
(21-sheet) workbooks and over N per-jabatan workbooks, against a process running
`pandas.read_excel(path, sheet_name=None, engine="openpyxl")` over the same files; min and
median of several runs and their ratios are printed. Then `check` over a province's folder
(35 offices x 84 per-jabatan workbooks = 2,940 files), and the whole demo report.
Beyond the unique workbooks (4 whole, 84 per jabatan) the rest are re-sent copies, as
happens in practice; `check` parses byte-identical copies once. So that this does not hide
the cost of reading, files are also made distinct (bench_files.py): whole workbooks as the
senders return them ("kiriman": 84 returns, one jabatan's values each on the quarter's blank
workbook, and re-saves of them; `check` parses once a sheet it has already seen), and both
sets with every sheet of every file different ("setiap lembar berbeda", "semua berbeda":
the selected cell moved on every sheet, so every sheet is parsed). The worst case is also
checked with the reader held to one process (`IKI_READ_PROCESSES=1`), side by side, to show
what the second process pays. `--quick` (50 files, 2 runs, no province, no report) is for
iterating on the reader; quote only full runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.bench_files import make_inputs, make_returns, make_whole, province, reselected
from pipeline.context import load_context
from pipeline.fmt import angka

Timing = Callable[[], object]


PANDAS_SCRIPT = (
    "import sys\n"
    "import pandas as pd\n"
    "for p in sys.argv[1:]:\n"
    "    pd.read_excel(p, sheet_name=None, engine='openpyxl')\n"
)


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # As on a user's machine, Python keeps compiled bytecode (installed packages have theirs
    # already; an untimed first run writes the pipeline's own).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def _once(cmd: list[str], extra: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_env(extra)
    )
    return time.perf_counter() - t0


def time_process(cmd: list[str], runs: int) -> list[float]:
    """Wall times of `runs` whole processes (start-up, imports and printing included)."""
    _once(cmd)
    return [_once(cmd) for _ in range(runs)]


def time_side_by_side(
    ours: list[str],
    base: list[str],
    runs: int,
    base_runs: int,
    base_env: dict[str, str] | None = None,
) -> tuple:
    """Both commands in alternation, so a change in the machine's load hits both alike."""
    _once(ours)
    a, b = [], []
    for i in range(max(runs, base_runs)):
        if i < runs:
            a.append(_once(ours))
        if i < base_runs:
            b.append(_once(base, base_env))
    return a, b


def check_cmd(config: Path, tahun: int, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "--config",
        str(config),
        "check",
        "--year",
        str(tahun),
        str(folder),
    ]


def run(files: int, config: Path, runs: int = 3, offices: int = 35) -> dict:
    """`check` against a pandas + openpyxl script, both as whole processes, on the same files."""
    ctx = load_context(config)
    tahun = ctx.targets.tahun
    out: dict = {"files": files, "runs": runs}
    with tempfile.TemporaryDirectory(prefix="iki-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        whole = make_whole(ctx, files, root, tahun)
        split = make_inputs(ctx, files, root, tahun)
        sets = {
            "utuh": whole,
            SENT: make_returns(ctx, files, root, tahun),
            WORST: reselected(whole, root / "utuh-beda" / "x"),
            "per jabatan": split,
            SPLIT: reselected(split, root / "jabatan-beda" / "x"),
        }
        out["prepare"] = time.perf_counter() - t0
        for label, paths in sets.items():
            folder = paths[0].parents[1]
            ours, base = time_side_by_side(
                check_cmd(config, tahun, folder),
                [sys.executable, "-c", PANDAS_SCRIPT, *map(str, paths)],
                runs,
                max(2, runs - 1),
            )
            out[label] = {"check": ours, "pandas": base}
        # Whether the second reading process pays: the same check forced into one process.
        folder = sets[WORST][0].parents[1]
        cmd = check_cmd(config, tahun, folder)
        two, one = time_side_by_side(cmd, cmd, runs, runs, base_env={"IKI_READ_PROCESSES": "1"})
        out["proses"] = {"dua": two, "satu": one}
        if offices:
            prov = province(split, root, offices)
            n = sum(1 for _ in prov.rglob("*.xlsx"))
            out["provinsi"] = {"files": n, "check": time_process(check_cmd(config, tahun, prov), 2)}
    return out


SENT = "utuh (kiriman, 84 berbeda + simpan ulang)"
WORST = "utuh (setiap lembar berbeda)"
SPLIT = "per jabatan (semua berbeda)"
LABELS = ("utuh", SENT, WORST, "per jabatan", SPLIT)


def _stats(xs: list[float]) -> str:
    return f"min {angka(min(xs), 2):>6} s, median {angka(statistics.median(xs), 2):>6} s"


def report(result: dict) -> str:
    n = int(result["files"])
    lines = [
        f"Pemeriksaan (check) sebagai proses utuh, {result['runs']} kali ulang "
        f"(disiapkan dalam {angka(result['prepare'], 1)} s):"
    ]
    for label in LABELS:
        if label not in result:
            continue
        got = result[label]
        ours, base = got["check"], got["pandas"]
        lines += [
            f"  {n} workbook {label}:",
            f"    python -m pipeline check        {_stats(ours)}",
            f"    pandas.read_excel + openpyxl    {_stats(base)}",
            f"    rasio: min {angka(min(ours) / min(base), 3)}×, median "
            f"{angka(statistics.median(ours) / statistics.median(base), 3)}× (sasaran ≤ 0,05×)",
        ]
    if "proses" in result:
        two, one = result["proses"]["dua"], result["proses"]["satu"]
        lines += [
            f"  {n} workbook {WORST}, proses pembaca:",
            f"    dua proses (bawaan)                   {_stats(two)}",
            f"    satu proses (IKI_READ_PROCESSES=1)    {_stats(one)}",
            f"    dua/satu: min {angka(min(two) / min(one), 2)}×, median "
            f"{angka(statistics.median(two) / statistics.median(one), 2)}×",
        ]
    if "provinsi" in result:
        prov = result["provinsi"]
        lines.append(
            f"  provinsi ({angka(prov['files'])} workbook per jabatan): {_stats(prov['check'])}"
            f" ({angka(min(prov['check']) / prov['files'] * 1000, 1)} ms/berkas)"
        )
    if "laporan" in result:
        from pipeline.documents.bench import describe_report

        lines += ["Laporan lengkap kantor demo:", describe_report(result["laporan"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__)
    parser.add_argument("--files", type=int, default=200, help="jumlah workbook (default 200)")
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    parser.add_argument("--runs", type=int, default=3, help="ulangan per pengukuran (default 3)")
    parser.add_argument(
        "--offices", type=int, default=35, help="kantor pada ukuran provinsi (0: lewati)"
    )
    parser.add_argument(
        "--skip-report", action="store_true", help="lewati pengukuran laporan lengkap"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="ukur cepat saat mengembangkan: 50 berkas, 2 kali, tanpa provinsi dan laporan",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.runs, args.offices, args.skip_report = 50, 2, 0, True
    result = run(args.files, args.config, args.runs, args.offices)
    if not args.skip_report:
        from pipeline.documents.bench import bench_report

        result["laporan"] = bench_report(args.config, runs=args.runs)
    print(report(result))


if __name__ == "__main__":
    main()
