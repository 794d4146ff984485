"""The indicator chart: SVG that parses, one marker per value shown and none for a value left out, reference lines for
the target and baseline, no inline styles (the page's content security policy refuses them), the same text for the
same figures, and a text alternative that says what is left out."""

from __future__ import annotations

from decimal import Decimal

from defusedxml import ElementTree

from partnership.measures.chart import (
    LINE_ID,
    ChartPoint,
    ReferenceLine,
    indicator_chart_description,
    indicator_chart_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    ChartPoint("Jan–Mar 2026", Decimal("41.25"), "41.3%"),
    ChartPoint("Apr–Jun 2026", None),  # suppressed for this reader
    ChartPoint("Jul–Sep 2026", Decimal("67.5"), "67.5%"),
    ChartPoint("Oct–Dec 2026", Decimal("73"), "73%"),
]
TARGET = ReferenceLine(Decimal("80"), "Target 80%")
BASELINE = ReferenceLine(Decimal("35"), "Baseline 35% (2018 audit)")


def draw(points: list[ChartPoint] = POINTS, **lines: ReferenceLine) -> ElementTree.Element:
    return ElementTree.fromstring(indicator_chart_svg(title="Meetings on time", unit_label="%", points=points, **lines))


def texts(svg) -> list[str]:
    return [element.text for element in svg.iter(f"{SVG}text") if element.text]


def markers(svg) -> list:
    (line,) = [element for element in svg.iter() if element.get("id") == LINE_ID]
    return list(line.iter(f"{SVG}use"))


def test_the_chart_draws_one_marker_per_value_shown_and_labels_it() -> None:
    svg = draw(target=TARGET, baseline=BASELINE)
    assert len(markers(svg)) == 3
    labels = texts(svg)
    assert {"41.3%", "67.5%", "73%"} <= set(labels)
    assert [label for label in labels if label.endswith("2026")] == [point.label for point in POINTS]


def test_a_point_left_out_breaks_the_line_where_it_would_be() -> None:
    svg = draw()
    (line,) = [element for element in svg.iter() if element.get("id") == LINE_ID]
    path = line.find(f"{SVG}path").get("d")
    # The line starts afresh (a new "M") after the gap, so the missing period is not joined over.
    assert path.count("M") == 2


def test_markers_sit_higher_for_higher_values() -> None:
    svg = draw(points=[ChartPoint("A", Decimal(10), "10"), ChartPoint("B", Decimal(90), "90")])
    first, second = (float(marker.get("y")) for marker in markers(svg))
    assert second < first  # SVG's y grows downwards


def test_the_target_and_baseline_are_drawn_and_named_in_the_legend() -> None:
    svg = draw(target=TARGET, baseline=BASELINE)
    assert {"Target 80%", "Baseline 35% (2018 audit)"} <= set(texts(svg))
    assert "Target 80%" not in texts(draw())


def test_the_svg_has_no_inline_styles_and_fills_its_container() -> None:
    text = indicator_chart_svg(title="T", unit_label="%", points=POINTS, target=TARGET)
    assert "style=" not in text and "<style" not in text and "<?xml" not in text
    svg = ElementTree.fromstring(text)
    assert svg.get("width") == "100%" and svg.get("height") is None and svg.get("viewBox")
    assert any(element.get("stroke") == "#00703c" for element in svg.iter())  # the target line, GOV.UK green


def test_the_same_figures_give_the_same_svg() -> None:
    first = indicator_chart_svg(title="T", unit_label="%", points=POINTS, target=TARGET)
    assert indicator_chart_svg(title="T", unit_label="%", points=POINTS, target=TARGET) == first
    assert indicator_chart_svg(title="T", unit_label="%", points=POINTS[:2], target=TARGET) != first


def test_text_is_written_as_given() -> None:
    svg = draw(points=[ChartPoint("Q1 $5 & <b>", Decimal(5), "£5 & up")])
    assert {"Q1 $5 & <b>", "£5 & up"} <= set(texts(svg))


def test_the_description_says_what_is_plotted_and_what_is_left_out() -> None:
    description = indicator_chart_description(name="Meetings on time", points=POINTS, target=TARGET, baseline=BASELINE)
    assert description.startswith("Line chart of Meetings on time from Jan–Mar 2026 to Oct–Dec 2026")
    assert "3 of 4 periods shown" in description and "Oct–Dec 2026, is 73%" in description
    assert "1 left out" in description and "Target 80%" in description and "Baseline 35% (2018 audit)" in description
    assert indicator_chart_description(name="X", points=[]) == "Line chart of X: no values yet."
    nothing = indicator_chart_description(name="X", points=[ChartPoint("Q1", None)])
    assert "no period has a value that can be shown" in nothing
