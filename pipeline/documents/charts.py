"""Capaian charts: one small horizontal bar chart per jabatan, drawn by matplotlib as SVG.

Bars are coloured by predicate, a dashed line marks 100 %, indicators are numbered as in
the table beside the chart. Text stays text (measured by matplotlib with the bundled
Liberation Sans, drawn by WeasyPrint with the same face from the documents' @font-face):
glyphs as paths made WeasyPrint's SVG drawing three times slower. Output is deterministic
(no date, fixed ids), so a chart is cached on disk by the hash of its spec and an
unchanged chart never imports matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.documents.assets import FONTS

CHART_VERSION = "4"
BLANK_COLOR = "#9e9e9e"
# The documents' @font-face family first (see templates/dokumen.css), then fallbacks.
SVG_FONT = "font-family: 'IKI Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif"
_FONT_RE = re.compile(r"font-family: [^;\"]*")
_METADATA_RE = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: one bar per indicator (value None: no figure)."""

    labels: tuple[str, ...]  # "1", "2", ... as numbered in the table
    values: tuple[float | None, ...]  # capaian in percent
    colors: tuple[str, ...]  # "#RRGGBB" per bar (the predicate's colour)

    @property
    def key(self) -> str:
        blob = json.dumps([CHART_VERSION, asdict(self)], sort_keys=True, allow_nan=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:20]


_configured = False


def _setup() -> None:
    global _configured
    if _configured:
        return
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for face in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(FONTS / f"LiberationSans-{face}.ttf"))
    matplotlib.rcParams.update(
        {
            "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
            "font.size": 7,
            "svg.fonttype": "none",
            "svg.hashsalt": "iki",
            "axes.linewidth": 0.6,
        }
    )
    _configured = True


def _id_number(x: float, desimal: int = 0) -> str:
    """Indonesian number without Babel (fast): 1234.5 -> '1.234,5'."""
    text = f"{x:,.{desimal}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def render_svg(spec: ChartSpec) -> str:
    """The chart as an SVG document (text)."""
    _setup()
    from io import StringIO

    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    n = len(spec.labels)
    values = [v if v is not None and math.isfinite(v) else 0.0 for v in spec.values]
    top = max([100.0, *values])
    xmax = math.ceil(top * 1.18 / 10) * 10
    # A negative-polarity capaian can fall below 0 (realisasi over twice the target).
    xmin = min(0.0, math.floor(min(values) * 1.1 / 25) * 25) if values else 0.0
    step = next(s for s in (25, 50, 100, 250, 500, 1000, 10**9) if (xmax - xmin) / s <= 8)
    width, height = 4.6, 0.55 + 0.22 * n  # inches
    fig = Figure(figsize=(width, height), dpi=72)
    FigureCanvasSVG(fig)
    left, bottom, top = 0.42 / width, 0.36 / height, 0.2 / height
    ax = fig.add_axes((left, bottom, 1 - left - 0.08 / width, 1 - bottom - top))
    ys = list(range(n))
    bar_colors = [
        c if v is not None else BLANK_COLOR for c, v in zip(spec.colors, spec.values, strict=True)
    ]
    ax.barh(ys, values, color=bar_colors, height=0.62, edgecolor="#424242", linewidth=0.3)
    ax.axvline(100, color="#212121", linestyle=(0, (4, 2)), linewidth=0.8)
    ax.text(100, -0.55, "100 %", ha="center", va="bottom", fontsize=6.5, color="#212121")
    for y, v in zip(ys, spec.values, strict=True):
        if v is None or not math.isfinite(v):
            ax.text(xmax * 0.01, y, "– tidak ada angka", va="center", fontsize=6.5, color="#424242")
        else:
            label = _id_number(v, 2) + " %"
            ax.text(
                max(v, 0) + xmax * 0.01,
                y,
                label,
                va="center",
                fontsize=6.5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4},
            )
    ax.set_yticks(ys, spec.labels)
    ax.set_ylim(n - 0.5 + 0.05, -0.55)
    ax.set_xlim(xmin, xmax)
    ticks = [t for t in range(int(xmin) // step * step, int(xmax) + 1, step) if t >= xmin]
    ax.set_xticks(ticks, [_id_number(t) for t in ticks])
    ax.set_xlabel("Capaian (%)", fontsize=6.5, labelpad=1.5)
    ax.set_ylabel("No. indikator", fontsize=6.5, labelpad=1.5)
    ax.tick_params(labelsize=6.5, length=2, pad=1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    out = StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return _METADATA_RE.sub("", _FONT_RE.sub(SVG_FONT, out.getvalue()))


def chart_svg(spec: ChartSpec, cache_dir: Path | None = None) -> str:
    """The SVG for a spec, from the cache folder when it was drawn before."""
    path = cache_dir / f"{spec.key}.svg" if cache_dir is not None else None
    if path is not None and path.is_file():
        path.touch()  # recently used: kept by the cache pruning
        return path.read_text(encoding="utf-8")
    svg = render_svg(spec)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{time.time_ns()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
    return svg
