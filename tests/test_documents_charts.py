"""Capaian charts: hand-written SVG, Indonesian labels, total over any number, cached."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents import charts
from pipeline.documents.charts import (
    LEFT,
    RIGHT_COLUMN,
    TOP,
    WIDTH,
    ChartSpec,
    chart_svg,
    render_svg,
)

SPEC = ChartSpec(("1", "2", "3"), (92.3077, None, 130.5), ("#1a7f37", "#c62828", "#7cb342"))
NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.split("?>", 1)[1])


def texts(root: ET.Element) -> list[tuple[float, float, str]]:
    return [(float(t.get("x")), float(t.get("y")), t.text or "") for t in root.iter(f"{NS}text")]


def test_chart_content():
    svg = render_svg(SPEC)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    root = parse(svg)
    shown = [t for _, _, t in texts(root)]
    for text in ("92,31 %", "130,50 %", "100 %", "– tidak ada angka", "Capaian (%)", "–"):
        assert text in shown
    fills = [r.get("fill") for r in root.iter(f"{NS}rect")]
    assert fills == ["#1a7f37", "#7cb342"]  # bars in their predicate colours, none for a blank
    assert "'IKI Sans'" in root.get("font-family")  # the documents' bundled face
    assert "file:" not in svg and "href" not in svg


def test_labels_never_cross_the_plot_or_the_100_line():
    root = parse(render_svg(SPEC))
    plot_right = WIDTH - RIGHT_COLUMN
    for x, y, text in texts(root):
        if text.endswith("%") and text != "100 %":
            assert x > plot_right  # the value column, right of every bar and line
        if text == "100 %":
            assert y < TOP  # above the plot area


def test_chart_is_deterministic_and_keyed_by_spec():
    assert render_svg(SPEC) == render_svg(SPEC)
    other = ChartSpec(SPEC.labels, (92.3077, None, 130.6), SPEC.colors)
    assert other.key != SPEC.key and len(SPEC.key) == 20


@pytest.mark.parametrize("values", [(-40.0, 80.0), (1250.0, 3.0), (None, None)])
def test_extreme_values_keep_every_bar_visible(values):
    spec = ChartSpec(("1", "2"), values, ("#1a7f37", "#c62828"))
    root = parse(render_svg(spec))
    ticks = [t for x, y, t in texts(root) if re.fullmatch(r"-?[\d.]+", t)]
    assert 2 <= len(ticks) - 2 <= 10  # minus the two indicator numbers
    if values[0] is not None and values[0] < 0:
        assert "-40,00 %" in [t for _, _, t in texts(root)]
        assert any(t.startswith("-") for t in ticks)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
        min_size=1,
        max_size=12,
    )
)
def test_any_value_draws_a_bounded_chart(values):
    spec = ChartSpec(tuple(str(i + 1) for i in range(len(values))), tuple(values),
                     tuple("#1a7f37" for _ in values))  # fmt: skip
    root = parse(render_svg(spec))
    assert len(spec.key) == 20
    for rect in root.iter(f"{NS}rect"):
        x, w = float(rect.get("x")), float(rect.get("width"))
        assert x >= LEFT - 0.01 and x + w <= WIDTH - RIGHT_COLUMN + 0.01 and w > 0
    ticks = [t for _, y, t in texts(root) if y > TOP and re.fullmatch(r"-?[\d.]+", t)]
    assert len(ticks) - len(values) <= 10
    for _, _, text in texts(root):
        assert len(text) <= 20 and "nan" not in text and "inf" not in text
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if any(abs(v) > charts.AXIS_LIMIT for v in finite):
        assert any(t.startswith(("> ", "< ")) for _, _, t in texts(root))


def test_cache_skips_drawing(tmp_path, monkeypatch):
    first = chart_svg(SPEC, tmp_path)
    assert (tmp_path / f"{SPEC.key}.svg").read_text(encoding="utf-8") == first

    def boom(spec):
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "render_svg", boom)
    assert chart_svg(SPEC, tmp_path) == first
