"""Capaian charts: one small horizontal bar chart per jabatan, written as SVG by hand.

Bars are coloured by predicate, a dashed line marks 100 %, indicators are numbered as in
the table beside the chart, and each bar's value is printed in a column right of the plot
(so no label ever crosses a bar or the 100 % line). Text stays text, set in the documents'
bundled face (declared by their @font-face). A few dozen SVG elements written directly cost
well under a millisecond; matplotlib cost about 1 s of import per worker plus 40 ms a chart.

Total over every number: values beyond +-AXIS_LIMIT are drawn to the edge of the plot and
labelled "> 10.000 %" (the table beside the chart prints the exact figure). Output is
deterministic, so a chart is also cached on disk by the hash of its spec.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

CHART_VERSION = "6"
BLANK_COLOR = "#9e9e9e"
# The documents' @font-face family first (see templates/dokumen.css), then fallbacks.
SVG_FONT = "'IKI Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif"
AXIS_LIMIT = 10_000.0  # percent; beyond it a bar is clipped and its label says so
STEPS = (25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)

# Geometry in points (the <img> is scaled by the stylesheet; proportions are what count).
WIDTH = 331.0
ROW = 15.8
LEFT, RIGHT_COLUMN, TOP, BOTTOM = 34.0, 46.0, 14.0, 26.0
FONT_SIZE = 6.5


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: one bar per indicator (value None: no figure)."""

    labels: tuple[str, ...]  # "1", "2", ... as numbered in the table
    values: tuple[float | None, ...]  # capaian in percent
    colors: tuple[str, ...]  # "#RRGGBB" per bar (the predicate's colour)
    # What the axes and the dashed reference line say (the kecamatan chart ranks coverage
    # against the target instead of capaian against 100 %).
    axis_title: str = "Capaian (%)"
    row_title: str = "No. indikator"
    reference: float = 100.0
    reference_label: str = "100 %"
    # Where the value axis starts (None: at 0 or below). Coverages of 95-100 % differ by
    # too little to rank by eye on an axis from 0; the axis title says where it starts.
    start: float | None = None

    @property
    def key(self) -> str:
        values = [v if v is None or math.isfinite(v) else None for v in self.values]
        blob = json.dumps(
            [CHART_VERSION, {**asdict(self), "values": values}], sort_keys=True, allow_nan=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:20]


def _id_number(x: float, desimal: int = 0) -> str:
    """Indonesian number without Babel (fast): 1234.5 -> '1.234,5'."""
    text = f"{x:,.{desimal}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def value_label(v: float | None) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    if v > AXIS_LIMIT:
        return f"> {_id_number(AXIS_LIMIT)} %"
    if v < -AXIS_LIMIT:
        return f"< {_id_number(-AXIS_LIMIT)} %"
    return f"{_id_number(v, 2)} %"


def axis(values: list[float], start: float | None = None) -> tuple[float, float, int]:
    """(xmin, xmax, step): 0 and 100 always shown, at most 8 intervals, a little headroom.

    With `start` (below every value and below 100) the axis begins there instead of at 0.
    """
    hi = max([100.0, *values])
    lo = min([0.0, *values])
    if start is not None and math.isfinite(start) and start <= min([100.0, *values]):
        lo = start
        steps = (1, 2, 5, 10, *STEPS)
        step = next((s for s in steps if (hi + (hi - lo) * 0.04 - lo) / s <= 8), STEPS[-1])
        top = hi + (hi - lo) * 0.04
        return math.floor(lo / step) * step, math.ceil(top / step) * step, step
    step = next((s for s in STEPS if (hi * 1.04 - lo) / s <= 8), STEPS[-1])
    return math.floor(lo / step) * step, math.ceil(hi * 1.04 / step) * step, step


def render_svg(spec: ChartSpec) -> str:
    """The chart as an SVG document (text)."""
    n = len(spec.labels)
    shown = [
        None if v is None or not math.isfinite(v) else max(-AXIS_LIMIT, min(AXIS_LIMIT, v))
        for v in spec.values
    ]
    xmin, xmax, step = axis([v for v in shown if v is not None], spec.start)
    height = TOP + ROW * max(n, 1) + BOTTOM
    x0, x1 = LEFT, WIDTH - RIGHT_COLUMN
    y0, y1 = TOP, TOP + ROW * max(n, 1)

    def x(v: float) -> float:
        return x0 + (v - xmin) / (xmax - xmin) * (x1 - x0)

    def text(tx: float, ty: float, body: str, anchor: str = "start", extra: str = "") -> str:
        return (
            f'<text x="{tx:.2f}" y="{ty:.2f}" text-anchor="{anchor}"{extra}>{escape(body)}</text>'
        )

    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0f}pt" height="{height:.1f}pt"'
        f' viewBox="0 0 {WIDTH:.0f} {height:.1f}" font-family={quoteattr(SVG_FONT)}'
        f' font-size="{FONT_SIZE}" fill="#212121">',
    ]
    zero = x(max(xmin, 0.0))
    for i, (v, color) in enumerate(zip(shown, spec.colors, strict=True)):
        mid = y0 + ROW * (i + 0.5)
        if v is None:
            out.append(text(zero + 3, mid + 2.3, "– tidak ada angka", extra=' fill="#424242"'))
            continue
        a, b = sorted((zero, x(v)))
        fill = color if _is_hex(color) else BLANK_COLOR
        out.append(
            f'<rect x="{a:.2f}" y="{mid - ROW * 0.31:.2f}" width="{max(b - a, 0.3):.2f}"'
            f' height="{ROW * 0.62:.2f}" fill="{fill}" stroke="#424242" stroke-width="0.3"/>'
        )
    for i, (label, v) in enumerate(zip(spec.labels, spec.values, strict=True)):
        mid = y0 + ROW * (i + 0.5) + 2.3
        out.append(text(x0 - 4, mid, label, "end"))
        out.append(text(x1 + 6, mid, value_label(v)))
    # Axes: left and bottom spines, ticks and their labels, axis titles.
    out.append(
        f'<path d="M{x0:.2f} {y0:.2f}V{y1:.2f}H{x1:.2f}" fill="none" stroke="#212121"'
        ' stroke-width="0.6"/>'
    )
    tick = xmin
    while tick <= xmax:
        tx = x(tick)
        out.append(
            f'<path d="M{tx:.2f} {y1:.2f}v2" stroke="#212121" stroke-width="0.6" fill="none"/>'
        )
        out.append(text(tx, y1 + 9, _id_number(tick), "middle"))
        tick += step
    out.append(text((x0 + x1) / 2, y1 + 20, spec.axis_title, "middle"))
    ly = (y0 + y1) / 2
    out.append(text(9, ly, spec.row_title, "middle", f' transform="rotate(-90 9 {ly:.2f})"'))
    # The reference line (100 %, or a target), labelled above the plot where no bar or
    # label can be.
    ref = spec.reference if math.isfinite(spec.reference) else 100.0
    hx = x(max(xmin, min(xmax, ref)))
    out.append(
        f'<path d="M{hx:.2f} {y0 - 3:.2f}V{y1:.2f}" stroke="#212121" stroke-width="0.8"'
        ' stroke-dasharray="4 2" fill="none"/>'
    )
    out.append(text(hx, y0 - 5, spec.reference_label, "middle"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _is_hex(color: str) -> bool:
    return (
        len(color) == 7
        and color[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in color[1:])
    )


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
