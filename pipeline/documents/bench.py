"""Timing of the document renderer: a cold run (fresh workers, empty cache) and a cached run.

`bench_documents(model)` returns the figures; `describe(result)` prints them for people.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pipeline.documents.pool import shutdown_workers
from pipeline.documents.render import render_report
from pipeline.fmt import angka
from pipeline.report.model import ReportModel


def bench_documents(model: ReportModel, *, workers: int | None = None) -> dict:
    """Render every document twice into a temporary folder and report the seconds spent.

    cold: new worker processes (WeasyPrint import included) and an empty cache;
    cached: the same model again, every PDF copied from the cache.
    """
    shutdown_workers()
    with tempfile.TemporaryDirectory(prefix="iki-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        cold = render_report(model, root / "dingin", workers=workers, cache_dir=root / "cache")
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = render_report(model, root / "cache-hit", workers=workers, cache_dir=root / "cache")
        cached_s = time.perf_counter() - t
        sizes = {p.name: p.stat().st_size for p in cold.paths}
    shutdown_workers()
    return {
        "workers": cold.workers,
        "documents": len(cold.paths),
        "pages": sum(d.pages for d in cold.done),
        "cold_s": round(cold_s, 3),
        "cached_s": round(cached_s, 3),
        "cached_documents": len(warm.cached),
        "phases_cold_s": {k: round(v, 3) for k, v in cold.timings.items()},
        "charts_s": round(sum(d.chart_seconds for d in cold.done), 3),
        "per_document_s": {d.name: round(d.seconds, 3) for d in cold.done},
        "per_document_cpu_s": {d.name: round(d.cpu_seconds, 3) for d in cold.done},
        "bytes": sizes,
    }


def describe(result: dict) -> str:
    """The timings of bench_documents as a few Indonesian lines for the console."""
    slowest = sorted(result["per_document_s"].items(), key=lambda kv: -kv[1])[:3]
    return "\n".join(
        [
            f"Dokumen PDF ({result['documents']} berkas, {result['pages']} halaman, "
            f"{result['workers']} proses):",
            f"  tanpa cache: {angka(result['cold_s'], 2):>6} s "
            f"(grafik {angka(result['charts_s'], 2)} s)",
            f"  dengan cache: {angka(result['cached_s'], 2):>6} s "
            f"({result['cached_documents']} render disalin dari cache)",
            "  render terlama: "
            + ", ".join(f"{name.rsplit('/', 1)[-1]} {angka(s, 2)} s" for name, s in slowest),
        ]
    )


# --- Whole processes: the report as a user waits for it, against WeasyPrint's floor -------

DEMO_INPUT = Path(__file__).resolve().parents[2] / "demo" / "input"
RENDERED = ("IKI-", "pengukuran-kinerja-", "lampiran-")  # documents rendered (not split off)

# The floor: one process that imports WeasyPrint and renders `pages` plain A4 pages (a
# 14-row table each, the bundled font), start-up included. Nothing can be faster than this
# for the same page count; the report's ratio to it is what `make bench` prints.
FLOOR_SCRIPT = """
import sys
from weasyprint import CSS, HTML

pages, out = int(sys.argv[1]), sys.argv[2]
rows = "".join(f"<tr><td>{i}</td><td>Baris data {i}</td><td>{i * 7}</td></tr>" for i in range(14))
body = "".join(f"<table>{rows}</table>" for _ in range(pages))
css = (
    "@page { size: A4 } table { width: 100%; break-after: page; border-collapse: collapse }"
    " td { border: 0.5pt solid black; padding: 2mm }"
)
HTML(string=f"<html><body>{body}</body></html>").write_pdf(out, stylesheets=[CSS(string=css)])
"""


def _run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of a command and all its descendants.

    Memory is the peak of the process tree's summed proportional set size (PSS: memory
    shared by forked workers counted once), sampled every 20 ms from /proc (Linux);
    elsewhere the largest single process (getrusage; none on Windows)."""
    import subprocess
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[:4]} exited {proc.returncode}: {err.decode()[-800:]}")
    if peak[0] == 0.0:
        try:
            import resource  # POSIX only; on Windows no memory figure is given (0)

            peak[0] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        except ImportError:
            pass
    return wall, peak[0]


def _tree_rss_mb(root: int) -> float:
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parent[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21])
        except (OSError, ValueError, IndexError):
            continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [p for p, pp in parent.items() if pp == pid and p not in tree]
    import os

    total = 0.0
    for pid in tree:  # proportional set size: pages shared after fork are counted once
        try:
            text = (proc / str(pid) / "smaps_rollup").read_text()
            total += int(text.split("\nPss:", 1)[1].split()[0]) / 1024
        except (OSError, IndexError, ValueError):
            # A process that ended while the tree was being read (a worker shutting down,
            # a zombie) has no smaps left and holds nothing: counting its last RSS (pages
            # shared with the parent counted in full) added up to 60 MB to a sample. RSS
            # only where the kernel has no smaps_rollup at all (before Linux 4.14).
            if not _HAS_SMAPS_ROLLUP:
                total += rss.get(pid, 0) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return total


_HAS_SMAPS_ROLLUP = Path("/proc/self/smaps_rollup").exists()


def rendered_pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.glob("*.pdf") if p.name.startswith(RENDERED))


def bench_report(
    config: Path, *, runs: int = 3, input_dir: Path = DEMO_INPUT, quarter: int = 4
) -> dict:
    """Cold and warm `python -m pipeline report` as whole processes, beside the floor.

    cold: a fresh output folder (no document cache: every PDF rendered); warm: the same
    command again (documents copied from the cache); floor: FLOOR_SCRIPT for the number of
    pages the cold run rendered. Each `runs` times, interleaved so machine load hits all
    three alike; min and median of each and the ratios of the medians and minima.
    """
    import statistics
    import sys

    cold, warm, floor, memory = [], [], [], []
    pages = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="iki-bench-report-") as tmp:
            cmd = [
                sys.executable, "-m", "pipeline", "--config", str(config), "report",
                "--quarter", str(quarter), "--year", "2026", "--input", str(input_dir),
                "--output", str(Path(tmp) / "keluaran"), "--date", "2027-01-07",
                "--archive", str(Path(tmp) / "arsip.sqlite"),  # never the office's archive
            ]  # fmt: skip
            wall, peak = _run_measured(cmd)
            cold.append(wall)
            memory.append(peak)
            pages = rendered_pages(Path(tmp) / "keluaran" / f"2026-TW{quarter}")
            warm.append(_run_measured(cmd)[0])
            out = str(Path(tmp) / "floor.pdf")
            floor.append(_run_measured([sys.executable, "-c", FLOOR_SCRIPT, str(pages), out])[0])

    def stats(xs: list[float]) -> dict[str, float]:
        return {"min": round(min(xs), 3), "median": round(statistics.median(xs), 3)}

    result = {
        "runs": runs,
        "pages": pages,
        "cold_s": stats(cold),
        "warm_s": stats(warm),
        "floor_s": stats(floor),
        "peak_mb": round(max(memory), 1),
    }
    result["ratio_cold"] = {
        k: round(result["cold_s"][k] / result["floor_s"][k], 2) for k in ("min", "median")
    }
    result["ratio_warm"] = {
        k: round(result["warm_s"][k] / result["floor_s"][k], 2) for k in ("min", "median")
    }
    return result


def describe_report(result: dict) -> str:
    """bench_report's figures as Indonesian lines for the console."""

    def pair(d: dict) -> str:
        return f"min {angka(d['min'], 2):>6} s, median {angka(d['median'], 2):>6} s"

    rc, rw = result["ratio_cold"], result["ratio_warm"]
    return "\n".join(
        [
            f"Laporan demo sebagai proses utuh ({result['runs']} kali, "
            f"{result['pages']} halaman dirender):",
            f"  tanpa cache:   {pair(result['cold_s'])}",
            f"  dengan cache:  {pair(result['warm_s'])}",
            f"  lantai WeasyPrint ({result['pages']} halaman polos): {pair(result['floor_s'])}",
            f"  rasio tanpa cache / lantai: median {angka(rc['median'], 2)}×, "
            f"min {angka(rc['min'], 2)}× (batas 3,5×; sasaran 2,5×)",
            f"  rasio dengan cache / lantai: median {angka(rw['median'], 2)}×",
            f"  memori puncak seluruh proses: {angka(result['peak_mb'], 0)} MB (batas 400 MB)",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipeline.documents.bench")
    parser.add_argument("--config", type=Path, default=Path("config.toml"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(describe_report(bench_report(args.config, runs=args.runs)))


if __name__ == "__main__":
    main()
