"""Capaian charts: matplotlib SVG, Indonesian labels, deterministic, cached by spec."""

from __future__ import annotations

import re

import pytest

from pipeline.documents import charts
from pipeline.documents.charts import ChartSpec, chart_svg, render_svg

SPEC = ChartSpec(("1", "2", "3"), (92.3077, None, 130.5), ("#1a7f37", "#c62828", "#7cb342"))


def test_chart_content():
    svg = render_svg(SPEC)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for text in ("92,31 %", "130,50 %", "100 %", "– tidak ada angka", "Capaian (%)"):
        assert text in svg
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert {"#1a7f37", "#7cb342"} <= fills  # bars in their predicate colours
    assert "'IKI Sans'" in svg  # the documents' bundled face, not a system font
    assert "<metadata>" not in svg and "file:" not in svg
    assert all(ref.startswith("#") for ref in re.findall(r'href="([^"]*)"', svg))


def test_chart_is_deterministic_and_keyed_by_spec():
    assert render_svg(SPEC) == render_svg(SPEC)
    other = ChartSpec(SPEC.labels, (92.3077, None, 130.6), SPEC.colors)
    assert other.key != SPEC.key and len(SPEC.key) == 20


@pytest.mark.parametrize("values", [(-40.0, 80.0), (1250.0, 3.0), (None, None)])
def test_extreme_values_keep_every_bar_visible(values):
    spec = ChartSpec(("1", "2"), values, ("#1a7f37", "#c62828"))
    svg = render_svg(spec)
    ticks = [t for t in re.findall(r">(-?[\d.]+)</text>", svg)]
    assert 2 <= len(ticks) <= 10
    if values[0] is not None and values[0] < 0:
        assert "-40,00 %" in svg and any(t.startswith("-") for t in ticks)


def test_cache_skips_matplotlib(tmp_path, monkeypatch):
    first = chart_svg(SPEC, tmp_path)
    assert (tmp_path / f"{SPEC.key}.svg").read_text(encoding="utf-8") == first

    def boom(spec):
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "render_svg", boom)
    assert chart_svg(SPEC, tmp_path) == first
