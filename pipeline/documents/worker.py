"""Worker side: one HTML document -> PDF with WeasyPrint (run in a worker process or inline).

WeasyPrint is imported lazily: it costs about 1.2 s, paid once per worker process, which
then keeps its parsed stylesheet and font configuration for every following document.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.documents.archival import PDF_VARIANT
from pipeline.documents.assets import ASSETS_URL, data_uri
from pipeline.documents.charts import ChartSpec, chart_svg
from pipeline.procs import ORPHAN_EXIT, die_with_parent
from pipeline.text import breakable_html, fit_numbers

CSS_PATH = Path(__file__).resolve().parent / "templates" / "dokumen.css"
# Sections (one per jabatan) rendered together cycle through this many page names and
# running-element names: consecutive sections never share a page group, and a chunk of up
# to this many sections never reuses a running-element name. WeasyPrint lays a page out
# twice when a running element whose name appeared on an earlier page shows up on it;
# distinct names save that second layout (10-20 % of a chunk) with identical output.
SECTION_VARIANTS = 12
LANDSCAPE_PAGE = "size: A4 landscape; margin: 12mm 14mm 15mm 14mm;"


def section_css(variants: int = SECTION_VARIANTS) -> str:
    """Static CSS for section variants v0..v{n-1}, portrait (tegak) and landscape."""
    rules = []
    for i in range(variants):
        for orientation, size in (("tegak", ""), ("lanskap", LANDSCAPE_PAGE)):
            name = f"{orientation}-{i}"
            rules += [
                f"@page {name} {{ {size} @bottom-left {{ content: element(kaki-{i}); }}"
                f" @bottom-right {{ content: element(nomor-{i}); }} }}",
                f"@page :nth(1 of {name}) {{ counter-reset: page 1; }}",
                f"section.{orientation}.v{i} {{ page: {name}; }}",
            ]
        rules += [
            f"section.v{i} .kaki {{ position: running(kaki-{i}); }}",
            f"section.v{i} .nomor {{ position: running(nomor-{i}); }}",
        ]
    return "\n".join(rules)


@dataclass(frozen=True)
class Task:
    name: str  # output path relative to out_dir, e.g. "lampiran-lkjip-2026.pdf"
    html: str  # with `src="chart:<key>"` placeholders for the charts
    out: str  # absolute output path
    charts: tuple[ChartSpec, ...] = ()
    chart_dir: str | None = None  # chart cache folder
    # Sections to split into PDFs of their own: (anchor id, absolute path, title).
    parts: tuple[tuple[str, str, str], ...] = ()
    # Structure tags (accessibility): only for a render kept whole as the final document;
    # split and joined files cannot carry them (archival.py), so tagging those is waste.
    tagged: bool = False


@dataclass(frozen=True)
class Done:
    name: str
    pages: int
    seconds: float
    cpu_seconds: float
    chart_seconds: float
    refused: tuple[str, ...] = field(default=())  # URLs the fetcher turned away


_state: dict = {}
WATCH_SECONDS = 0.5


def start_worker(parent_pid: int, forked_by_main_thread: bool, direct: bool = True) -> None:
    """Pool initializer: die with the parent, then import WeasyPrint (warm_up).

    A worker must never outlive the `report` that started it (SIGKILL or SIGTERM of the
    parent, or a crash). Two mechanisms: on Linux the kernel sends SIGKILL when the parent
    dies (prctl PR_SET_PDEATHSIG; it fires when the *thread* that forked exits, so only
    when that was the main thread); everywhere, a watchdog thread waits on the parent's
    sentinel (multiprocessing's pipe or process handle) and polls the parent pid.
    `direct` is False under forkserver: the worker's own parent is then the server, so only
    the sentinel (which follows `report` itself) can tell.
    """
    if forked_by_main_thread and direct:
        die_with_parent(parent_pid)
    watch = threading.Thread(target=_watch_parent, args=(parent_pid if direct else None,))
    watch.daemon = True
    watch.start()
    warm_up()


def _watch_parent(parent_pid: int | None) -> None:
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    while True:
        if sentinel is not None:
            try:
                if wait([sentinel], timeout=WATCH_SECONDS):
                    os._exit(ORPHAN_EXIT)
            except OSError:
                sentinel = None
        else:
            time.sleep(WATCH_SECONDS)
        if parent_pid is not None and os.getppid() != parent_pid:
            os._exit(ORPHAN_EXIT)


def preload() -> None:
    """Import WeasyPrint (about 0.5 s) in a parent about to fork its workers: they inherit
    the modules instead of each importing them. Imports only: the font configuration
    starts a native thread ("[pango] FcInit"), and forking while it runs could leave a
    worker waiting forever on its lock, so fonts and stylesheets stay in the workers."""
    import weasyprint
    import weasyprint.text.fonts  # noqa: F401

    import pipeline.documents.fetcher  # noqa: F401

    _speed_up_font_subsetting()


def ready() -> int:
    """A no-op task: submitted to start the workers (and their imports) early."""
    return os.getpid()


def warm_up() -> None:
    """Import WeasyPrint, load fonts and parse the stylesheet once per process."""
    if _state:
        return
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from pipeline.documents.fetcher import SafeFetcher

    _speed_up_font_subsetting()
    fonts = FontConfiguration()
    fetcher = SafeFetcher()
    css = [
        CSS(string=text, base_url=ASSETS_URL, url_fetcher=fetcher, font_config=fonts)
        for text in (CSS_PATH.read_text(encoding="utf-8"), section_css())
    ]
    _state.update(fonts=fonts, css=css, css_fetcher=fetcher)
    # Release the font configuration while its C libraries are still loaded: left to
    # interpreter teardown, its __del__ fails noisily ("Exception ignored ... TypeError").
    atexit.register(_state.clear)


def _speed_up_font_subsetting() -> None:
    """Let fontTools skip the GSUB/GPOS tables WeasyPrint drops from embedded fonts anyway.

    Without HarfBuzz-Subset (libharfbuzz-subset0), WeasyPrint subsets fonts with fontTools,
    which (since 4.6x) decompiles the large GSUB/GPOS tables of every font in every PDF
    only to drop them: 0.12 s per face and document, most of a one-page PDF's cost. Copying
    the font without those two tables first (raw table bytes, once per process and face;
    the bundled files stay as they are) gives the same embedded subset for a quarter of
    the cost. Skipped for collections and variable fonts, and when WeasyPrint's internals
    are not what this expects.
    """
    try:
        from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter
        from weasyprint.pdf.fonts import Font
    except ImportError:
        return
    original = getattr(Font, "_fonttools_subset", None)
    if original is None or getattr(original, "iki_fast", False):
        return
    stripped: dict[bytes, bytes] = {}

    def strip(content: bytes) -> bytes:
        reader = SFNTReader(io.BytesIO(content))
        tags = sorted(t for t in reader.tables if t not in ("GSUB", "GPOS"))
        out = io.BytesIO()
        writer = SFNTWriter(out, len(tags), reader.sfntVersion, reader.flavor)
        for tag in tags:
            writer[tag] = reader[tag]
        writer.close()
        return out.getvalue()

    def subset(self, to_unicode, hinting):  # type: ignore[no-untyped-def]
        content = getattr(self, "file_content", None)
        tables = getattr(self, "tables", ())
        if isinstance(content, bytes) and getattr(self, "index", 0) == 0 and "fvar" not in tables:
            key = hashlib.sha256(content).digest()
            if key not in stripped:
                try:
                    stripped[key] = strip(content)
                except Exception:  # not a plain sfnt font: leave it to WeasyPrint
                    stripped[key] = content
            self.file_content = stripped[key]
        return original(self, to_unicode, hinting)

    subset.iki_fast = True  # type: ignore[attr-defined]
    Font._fonttools_subset = subset


def with_charts(html: str, charts: tuple[ChartSpec, ...], chart_dir: Path | None) -> str:
    """Replace each `src="chart:<key>"` placeholder by the chart's SVG as a data: URI."""
    for spec in charts:
        svg = chart_svg(spec, chart_dir)
        html = html.replace(
            f'src="chart:{spec.key}"', f'src="{data_uri(svg.encode("utf-8"), "image/svg+xml")}"'
        )
    return html


def render(task: Task) -> Done:
    t0, c0 = time.perf_counter(), time.process_time()
    warm_up()
    from weasyprint import HTML

    from pipeline.documents.fetcher import SafeFetcher

    html = with_charts(task.html, task.charts, Path(task.chart_dir) if task.chart_dir else None)
    html = breakable_html(fit_numbers(html))
    t_charts = time.perf_counter() - t0
    fetcher = SafeFetcher()
    document = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher).render(
        stylesheets=_state["css"], font_config=_state["fonts"]
    )
    out = Path(task.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_tags=task.tagged)
    if task.parts:
        split_sections(out, [list(p.anchors) for p in document.pages], task.parts)
    refused = tuple(fetcher.refused) + tuple(_state["css_fetcher"].refused)
    return Done(
        name=task.name,
        pages=len(document.pages),
        seconds=time.perf_counter() - t0,
        cpu_seconds=time.process_time() - c0,
        chart_seconds=t_charts,
        refused=refused,
    )


def section_ranges(page_anchors: list[list[str]], anchors: list[str]) -> list[range]:
    """Page range of each section, from the first page showing its anchor to the next one's."""
    starts = []
    for anchor in anchors:
        first = next((i for i, names in enumerate(page_anchors) if anchor in names), None)
        if first is None:
            raise ValueError(f"section {anchor} not found in the rendered document")
        starts.append(first)
    ends = [*starts[1:], len(page_anchors)]
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def split_sections(
    pdf: Path, page_anchors: list[list[str]], parts: tuple[tuple[str, str, str], ...]
) -> None:
    """Write each section's pages as an archival PDF of its own (with its title)."""
    from pypdf import PdfReader

    from pipeline.documents.archival import write_pages

    reader = PdfReader(pdf)
    ranges = section_ranges(page_anchors, [anchor for anchor, _, _ in parts])
    for (_, path, title), pages in zip(parts, ranges, strict=True):
        write_pages(reader, pages, Path(path), title)
