"""Timing of the document renderer: a cold run (fresh workers, empty cache) and a cached run.

`bench_documents(model)` returns the figures; `describe(result)` prints them for people.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pipeline.documents.render import render_report, shutdown_workers
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
            f"  tanpa cache: {result['cold_s']:6.2f} s (grafik {result['charts_s']:.2f} s)",
            f"  dengan cache: {result['cached_s']:6.2f} s "
            f"({result['cached_documents']} render disalin dari cache)",
            "  render terlama: "
            + ", ".join(f"{name.rsplit('/', 1)[-1]} {s:.2f} s" for name, s in slowest),
        ]
    )
