"""Benchmark of what users wait for, side by side in one run, on the same files.

    python -m pipeline.bench --files 200 [--runs 3] [--offices 35] [--skip-report] [--quick]

`check` runs as a whole process (start-up, imports and printing included) over N whole
(21-sheet) workbooks and over N per-jabatan workbooks, against a process running
`pandas.read_excel(path, sheet_name=None, engine="openpyxl")` over the same files; min and
median of several runs and their ratios are printed. Then `check` over a province's folder
(35 offices x 84 per-jabatan workbooks = 2,940 files), and the whole demo report.
Beyond the unique workbooks (4 whole, 84 per jabatan) the rest are re-sent copies, as
happens in practice; `check` parses byte-identical copies once. So that this does not hide
the cost of reading, both sets are also measured with every file's bytes made distinct
("semua berbeda": the same workbook saved again, as a re-save by the sender would), which
makes `check` parse every file. The distinct whole set is also checked with the reader held
to one process (`IKI_READ_PROCESSES=1`), side by side, to show what the second process
pays. `--quick` (50 files, 2 runs, no province, no report) is for
iterating on the reader; quote only full runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.context import Context, load_context
from pipeline.fmt import angka

Timing = Callable[[], object]


def filled_values(ctx: Context, q: int, jabatan_ids: list[str], seed: int) -> dict[str, float]:
    """Plausible values for every input of the given jabatan: counts whole, nilai in range."""
    from pipeline.template import input_name

    out: dict[str, float] = {}
    for jid in jabatan_ids:
        for ind in ctx.catalog.jabatan_by_id[jid].indikator:
            # Indicators entered per kecamatan have one input row per kecamatan and none
            # for the regency (its figure is derived).
            areas = ctx.wilayah.kode if ctx.wilayah.split(ind) else ("*",)
            for k, var in enumerate(ind.variabel):
                base = 40 + (seed * 7 + k * 13) % 60
                if ind.jenis == "nilai":
                    lo, hi = ind.nilai_min or 0.0, ind.nilai_maks or 100.0
                    value: float = round(lo + (hi - lo) * base / 100, 2)
                elif var.peran == "penyebut":
                    value = base + 50
                else:
                    value = base
                for area in areas:
                    out[input_name(ind.id, var.id, q, area)] = value
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


def make_whole(ctx: Context, n: int, folder: Path, tahun: int | None = None) -> list[Path]:
    """N filled whole (every jabatan) workbooks: one per quarter, the rest re-sent copies."""
    from pipeline.template import write_template
    from pipeline.template.fill import fill_workbook

    year = tahun or ctx.targets.tahun
    ids = [j.id for j in ctx.catalog.jabatan]
    unique = []
    for q in range(1, 5):
        src = write_template(ctx, year, q, folder / "kosong-utuh")[0]
        dst = folder / "utuh" / f"TW{q}" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        fill_workbook(src, dst, filled_values(ctx, q, ids, seed=q))
        unique.append(dst)
    shutil.rmtree(folder / "kosong-utuh")
    out = list(unique[:n])
    for i in range(len(out), n):
        src = unique[i % len(unique)]
        dst = folder / "utuh" / "kirim-ulang" / f"{src.stem}-kirim-{i}.xlsx"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def distinct_copies(paths: list[Path], folder: Path) -> list[Path]:
    """The same workbooks with every file's bytes distinct (a comment added to app.xml).

    What a sender's re-save does: the cells and names are unchanged, the file is not a
    byte-identical copy, so nothing can be reused from another file.
    """
    import zipfile

    out = []
    for i, src in enumerate(paths):
        dst = folder / f"{i:03d}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == "docProps/app.xml":
                    data += f"<!-- disimpan ulang {i} -->".encode()
                zout.writestr(info, data)
        out.append(dst)
    return out


def province(split: list[Path], folder: Path, offices: int = 35) -> Path:
    """A province's folder: every office's 84 split workbooks (hard links, no copying)."""
    root = folder / "provinsi"
    for k in range(offices):
        office = root / f"kab-{k + 1:02d}"
        office.mkdir(parents=True)
        for i, src in enumerate(split[:84]):
            dst = office / f"{i:02d}-{src.name}"
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    return root


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
            "utuh (semua berbeda)": distinct_copies(whole, root / "utuh-beda" / "x"),
            "per jabatan": split,
            "per jabatan (semua berbeda)": distinct_copies(split, root / "jabatan-beda" / "x"),
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
        folder = sets["utuh (semua berbeda)"][0].parents[1]
        cmd = check_cmd(config, tahun, folder)
        two, one = time_side_by_side(cmd, cmd, runs, runs, base_env={"IKI_READ_PROCESSES": "1"})
        out["proses"] = {"dua": two, "satu": one}
        if offices:
            prov = province(split, root, offices)
            n = sum(1 for _ in prov.rglob("*.xlsx"))
            out["provinsi"] = {"files": n, "check": time_process(check_cmd(config, tahun, prov), 2)}
    return out


LABELS = ("utuh", "utuh (semua berbeda)", "per jabatan", "per jabatan (semua berbeda)")


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
            f"  {n} workbook utuh (semua berbeda), proses pembaca:",
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
