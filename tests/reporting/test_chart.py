"""The BRAG chart: deterministic SVG with real text, and a PNG for Word."""

from __future__ import annotations

from xml.sax.saxutils import escape

from partnership.reporting.chart import brag_chart_png, brag_chart_svg
from tests.reporting.sample import THEMES, empty_report, sample_report


def test_the_same_data_gives_the_same_svg() -> None:
    assert brag_chart_svg(sample_report()) == brag_chart_svg(sample_report())


def test_the_svg_names_every_theme_and_rating_in_text() -> None:
    svg = brag_chart_svg(sample_report())
    for theme in THEMES:
        assert escape(theme) in svg
    for word in ("Red", "Amber", "Green", "Blue", "Actions by theme and BRAG rating, 2019-Q2", "Number of actions"):
        assert f">{word}<" in svg
    assert "Liberation Sans" in svg or "Arial" in svg
    for colour in ("#d4351c", "#f47738", "#00703c", "#1d70b8"):
        assert colour in svg


def test_different_data_gives_a_different_svg() -> None:
    data = sample_report()
    data["brag_by_theme"][0]["red"] += 3
    assert brag_chart_svg(data) != brag_chart_svg(sample_report())


def test_theme_names_are_escaped_and_never_read_as_mathematics() -> None:
    data = sample_report()
    data["brag_by_theme"][0]["theme"] = "<b>Budget</b> of $5 and $6"
    svg = brag_chart_svg(data)
    assert "<b>" not in svg
    assert "&lt;b&gt;Budget&lt;/b&gt; of $5 and $6" in svg


def test_a_plan_with_no_actions_still_draws() -> None:
    assert brag_chart_svg(empty_report()).lstrip().startswith("<?xml")


def test_the_png_is_a_png() -> None:
    assert brag_chart_png(sample_report()).startswith(b"\x89PNG\r\n\x1a\n")
