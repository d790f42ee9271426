"""Render every PDF document of a report: HTML by Jinja2 here, PDF by WeasyPrint in workers.

Documents are independent, so they are rendered in up to two worker processes (reused for
the whole run). A document whose HTML (with stylesheet, fonts and renderer versions) did
not change since an earlier run is copied from the cache folder instead of rendered.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.catalog.model import BUPATI, Jabatan
from pipeline.documents import lkjip, pool, view
from pipeline.documents.archival import restamp
from pipeline.documents.assets import assets_version
from pipeline.documents.charts import CHART_VERSION, ChartSpec
from pipeline.documents.kecamatan import kecamatan_blocks
from pipeline.documents.numbering import join_numbered, orientations, stamp_html
from pipeline.documents.pool import shutdown_workers  # noqa: F401 - used by callers here
from pipeline.documents.worker import CSS_PATH, SECTION_VARIANTS, Done, Task, section_css
from pipeline.report.model import ReportModel

TEMPLATES = Path(__file__).resolve().parent / "templates"
RENDER_VERSION = "2"  # 2: PDF/A-2b, tagged renders, uniform metadata
CACHE_DAYS = 30
CHUNKS = ".bagian"  # intermediate renders inside out_dir, removed at the end


@dataclass(frozen=True)
class Job:
    """One WeasyPrint render. `parts` are sections split out afterwards into PDFs of their
    own: (anchor id, output name relative to out_dir, title)."""

    name: str  # output path relative to out_dir (under CHUNKS for intermediate files)
    html: str
    charts: tuple[ChartSpec, ...] = ()
    parts: tuple[tuple[str, str, str], ...] = ()

    @property
    def key(self) -> str:
        h = hashlib.sha256(renderer_fingerprint().encode())
        h.update(self.html.encode("utf-8"))
        h.update(repr(self.parts).encode("utf-8"))
        return h.hexdigest()[:32]

    @property
    def outputs(self) -> list[str]:
        return [self.name, *(name for _, name, _ in self.parts)]


@dataclass
class RenderReport:
    paths: list[Path] = field(default_factory=list)
    done: list[Done] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    workers: int = 0


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def renderer_fingerprint() -> str:
    """Everything besides the HTML that changes a PDF: CSS, fonts, library versions."""
    parts = [
        RENDER_VERSION,
        CHART_VERSION,
        CSS_PATH.read_text(encoding="utf-8"),
        section_css(),
        assets_version(),
        version("weasyprint"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def render_html(template: str, context: dict) -> str:
    return environment().get_template(template).render(variants=SECTION_VARIANTS, **context)


def head_of_office(model: ReportModel) -> Jabatan:
    """The jabatan answering to the Bupati (Kepala Dinas); the first one otherwise."""
    return next((j for j in model.catalog.jabatan if j.atasan == BUPATI), model.catalog.jabatan[0])


def iki_name(jabatan_id: str) -> str:
    return f"iki/{jabatan_id}.pdf"


def combined_iki_name(model: ReportModel) -> str:
    return f"IKI-{model.tahun}.pdf"


def chunks(items: list[Jabatan], n: int) -> list[list[Jabatan]]:
    """Split into at most n consecutive groups of about equal weight (rows and lines)."""
    weights = [3 + len(j.indikator) + 0.5 * len(j.fungsi) for j in items]
    return [items[r.start : r.stop] for r in split_weighted(weights, n)]


def split_weighted(weights: list[float], n: int) -> list[range]:
    """At most n consecutive, non-empty index ranges of about equal total weight."""
    n = max(1, min(n, len(weights)))
    target = sum(weights) / n
    bounds = [0]
    acc = 0.0
    for i, w in enumerate(weights):
        if i > bounds[-1] and acc + w / 2 > target * len(bounds) and len(bounds) < n:
            bounds.append(i)
        acc += w
    bounds.append(len(weights))
    return [range(a, b) for a, b in pairwise(bounds)]


@dataclass(frozen=True)
class Bundle:
    """A document made by concatenating chunk renders (one section per jabatan each)."""

    name: str
    title: str
    chunks: tuple[str, ...]  # Job names, in order
    numbered: bool = False  # chunks rendered without page numbers, numbered when joined


def build_jobs(model: ReportModel, n_chunks: int = 3) -> tuple[list[Job], list[Bundle]]:
    """Every render as HTML, in an order that keeps two workers busy until the end.

    The IKI and pengukuran documents have one section per jabatan, numbered on its own, so
    they are rendered a few jabatan at a time and concatenated; the IKI chunks are also
    split per jabatan. Far cheaper than a render per jabatan (each embedding its fonts),
    and, unlike one render per document, it spreads over both workers.
    """
    y, q = model.tahun, model.triwulan
    res = view.Results(model)
    groups = chunks(list(model.catalog.jabatan), n_chunks)
    ukur, iki = [], []
    for k, group in enumerate(groups, start=1):
        ctx = view.pengukuran(model, group, res)
        for s in ctx["sections"]:
            s["kecamatan"] = kecamatan_blocks(model, s["jabatan"].indikator)
        charts = tuple(s["chart"] for s in ctx["sections"] if s["chart"]) + tuple(
            b["chart"] for s in ctx["sections"] for b in s["kecamatan"]
        )
        html = render_html("pengukuran.html", ctx)
        ukur.append(Job(f"{CHUNKS}/pengukuran-{k}.pdf", html, charts))
        docs = [view.iki(model, j) for j in group]
        html = render_html("iki.html", {**docs[0], "docs": docs})
        parts = tuple(
            (f"bagian-{d['jabatan'].id}", iki_name(d["jabatan"].id), d["judul"]) for d in docs
        )
        iki.append(Job(f"{CHUNKS}/iki-{k}.pdf", html, parts=parts))
    lampiran, lampiran_bundle = lampiran_jobs(model, n_chunks)
    # The longest renders first: the lampiran's chunks, then pengukuran/IKI pairs, so that
    # no long render starts last and runs alone on one core.
    jobs = lampiran + [job for pair in zip(ukur, iki, strict=True) for job in pair]
    bundles = [
        Bundle(
            f"pengukuran-kinerja-{y}-TW{q}.pdf",
            f"Pengukuran Kinerja Individu {view.periode(model)}",
            tuple(j.name for j in ukur),
        ),
        Bundle(
            combined_iki_name(model), f"Indikator Kinerja Individu {y}", tuple(j.name for j in iki)
        ),
    ]
    if lampiran_bundle is not None:
        bundles.append(lampiran_bundle)
    return jobs, bundles


def lampiran_jobs(model: ReportModel, n_chunks: int) -> tuple[list[Job], Bundle | None]:
    """The lampiran LKjIP as one render, or (with Bab III and more than one chunk wanted)
    as chunks: parts A-C, then part D's jabatan in n_chunks runs of about equal size,
    rendered without page numbers and numbered across the whole document when joined."""
    y = model.tahun
    annex = lkjip.lampiran(model, head_of_office(model))
    name = f"lampiran-lkjip-{y}.pdf"
    charts = tuple(b["chart"] for b in annex["kecamatan"])
    bab3 = annex["bab3"]
    if n_chunks <= 1 or bab3 is None or len(bab3["iki"]) < 2:
        return [Job(name, render_html("lampiran.html", annex), charts)], None
    contexts = [{**annex, "bab3": None, "tanpa_nomor": True}]
    weights = [
        sum(3 + len(t["rows"]) for t in p["tabel"]) + 3 * len(p["uraian"]) for p in bab3["iki"]
    ]
    # The head of part D (D.1 Kepala Dinas's IKU, D.2 budget) weighs on the first run.
    head = sum(3 + len(t["rows"]) for t in bab3["iku"]["tabel"]) + 3 * len(bab3["iku"]["uraian"])
    weights[0] += head + (len(bab3["anggaran"]["rows"]) if bab3["anggaran"] else 0)
    for k, r in enumerate(split_weighted(weights, n_chunks)):
        part = {**bab3, "iki": bab3["iki"][r.start : r.stop]}
        contexts.append(
            {**annex, "awal": False, "bab3": part, "bab3_kepala": k == 0, "d3_mulai": r.start}
        )
        contexts[-1]["tanpa_nomor"] = True
    jobs = [
        Job(f"{CHUNKS}/lampiran-{k}.pdf", render_html("lampiran.html", c), () if k else charts)
        for k, c in enumerate(contexts)
    ]
    return jobs, Bundle(name, annex["judul"], tuple(j.name for j in jobs), numbered=True)


def render_documents(
    model: ReportModel,
    out_dir: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Write the IKI, pengukuran kinerja and LKjIP annex PDFs into out_dir; return their paths.

    workers: processes for WeasyPrint (default: up to 2 in a pool; 1 renders in this process).
    cache_dir: folder kept between runs (not out_dir, which a report run replaces); a
    document whose HTML is unchanged is copied from it instead of rendered.
    """
    return render_report(model, out_dir, workers=workers, cache_dir=cache_dir).paths


def render_report(
    model: ReportModel,
    out_dir: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> RenderReport:
    return begin_render(model, out_dir, workers=workers, cache_dir=cache_dir).finish()


@dataclass
class Rendering:
    """A render in flight: cached documents copied, the rest submitted to the workers.
    `finish()` waits for them (within the time budget) and merges the bundles."""

    report: RenderReport
    jobs: list[Job]
    bundles: list[Bundle]
    out_dir: Path
    cache_dir: Path | None
    batch: pool.Batch
    t0: float
    n_workers: int = 1
    inline: bool = True

    def finish(self) -> RenderReport:
        report, out_dir = self.report, self.out_dir
        pdf_cache = self.cache_dir / "pdf" if self.cache_dir else None
        t1 = time.perf_counter()
        try:
            report.done = self.batch.results()
        except BaseException:
            shutil.rmtree(out_dir / CHUNKS, ignore_errors=True)
            raise
        for job in self.jobs:
            if job.name not in report.cached and not job.name.startswith(CHUNKS):
                restamp(out_dir / job.name)  # a render that is a final document as it is
        report.timings["pdf"] = time.perf_counter() - t1
        if pdf_cache:
            for job in self.jobs:
                if job.name not in report.cached:
                    _to_cache(pdf_cache, job.key, job.outputs, out_dir)

        t2 = time.perf_counter()
        keys = {job.name: job.key for job in self.jobs}
        for bundle in self.bundles:
            key = hashlib.sha256("".join(keys[c] for c in bundle.chunks).encode()).hexdigest()
            key = key[:32]
            if not (pdf_cache and _from_cache(pdf_cache, key, [bundle.name], out_dir)):
                parts = [out_dir / c for c in bundle.chunks]
                if bundle.numbered:
                    stamp = self._page_numbers(bundle, parts)
                    join_numbered(parts, stamp, out_dir / bundle.name, title=bundle.title)
                else:
                    merge_pdfs(parts, out_dir / bundle.name, title=bundle.title)
                if pdf_cache:
                    _to_cache(pdf_cache, key, [bundle.name], out_dir)
        shutil.rmtree(out_dir / CHUNKS, ignore_errors=True)
        report.timings["gabung"] = time.perf_counter() - t2

        if self.cache_dir:
            prune_cache(self.cache_dir)
        report.paths = [out_dir / b.name for b in self.bundles]
        for job in self.jobs:
            report.paths += [out_dir / n for n in job.outputs if not n.startswith(CHUNKS)]
        report.timings["total"] = time.perf_counter() - self.t0
        return report

    def _page_numbers(self, bundle: Bundle, parts: list[Path]) -> Path:
        """Render the page-number stamp of a numbered bundle (a worker, already warm)."""
        stamp = self.out_dir / CHUNKS / f"nomor-{Path(bundle.name).stem}.pdf"
        html = stamp_html(orientations(parts))
        task = Task(str(stamp.relative_to(self.out_dir)), html, str(stamp))
        batch = pool.submit([task], self.n_workers, inline=self.inline)
        batch.started = self.batch.started  # within the same time budget as the chunks
        self.report.done += batch.results()
        return stamp


def begin_render(
    model: ReportModel,
    out_dir: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> Rendering:
    """Copy cached documents and submit the others to the worker pool; returns at once
    (unless rendering inline), so the caller can write other outputs meanwhile."""
    t0 = time.perf_counter()
    report = RenderReport()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(cache_dir) if cache_dir else None
    pdf_cache = cache / "pdf" if cache else None
    chart_cache = str(cache / "grafik") if cache else None

    n_workers = pool.worker_count(workers)
    # workers=1 asked for explicitly renders in this process (tests, debugging); otherwise a
    # pool, even of one worker, so that a render can be timed out and killed.
    inline = workers is not None and workers <= 1
    jobs, bundles = build_jobs(model, n_chunks=1 if n_workers <= 1 else n_workers + 1)
    report.timings["html"] = time.perf_counter() - t0

    pending: list[Task] = []
    for job in jobs:
        if pdf_cache and _from_cache(pdf_cache, job.key, job.outputs, out_dir):
            report.cached.append(job.name)
            continue
        parts = tuple((a, str(out_dir / name), title) for a, name, title in job.parts)
        out = str(out_dir / job.name)
        final = not job.name.startswith(CHUNKS) and not job.parts
        pending.append(Task(job.name, job.html, out, job.charts, chart_cache, parts, final))

    report.workers = 0 if inline else min(n_workers, len(pending))
    if not pending:
        pool.kill_workers()  # started early for nothing: every document came from the cache
    batch = pool.submit(pending, n_workers, inline=inline)
    return Rendering(report, jobs, bundles, out_dir, cache, batch, t0, n_workers, inline)


def merge_pdfs(parts: list[Path], target: Path, *, title: str) -> None:
    """Join renders into one archival PDF (bookmarks kept; PDF/A parts and metadata)."""
    from pipeline.documents.archival import join

    join(parts, target, title=title)


def _from_cache(cache: Path, key: str, names: list[str], out_dir: Path) -> bool:
    """Copy a render's files from the cache when all of them are there."""
    cached = [cache / _cache_name(key, i) for i in range(len(names))]
    if not all(p.is_file() for p in cached):
        return False
    for src, name in zip(cached, names, strict=True):
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        os.utime(src)  # recently used: kept by prune_cache
    return True


def _to_cache(cache: Path, key: str, names: list[str], out_dir: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        tmp = cache / f"{_cache_name(key, i)}.{os.getpid()}.tmp"
        shutil.copyfile(out_dir / name, tmp)
        tmp.replace(cache / _cache_name(key, i))


def _cache_name(key: str, i: int) -> str:
    return f"{key}.pdf" if i == 0 else f"{key}-{i}.pdf"


def prune_cache(cache_dir: Path, days: int = CACHE_DAYS) -> None:
    """Drop cached PDFs and charts not used for `days` days."""
    limit = time.time() - days * 86400
    for sub in ("pdf", "grafik"):
        folder = cache_dir / sub
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.is_file() and p.stat().st_mtime < limit:
                p.unlink(missing_ok=True)
