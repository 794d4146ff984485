"""The line chart of one indicator over its periods, as SVG with real text, and its text alternative.

Pure functions of the figures they are given: the same figures always give the same SVG text. A period whose value
is missing or suppressed for the reader is left out of the line (the line breaks there). The page always puts the
table of every period beside the chart. The style is the house style of every chart (partnership.frontend.chart_style).
"""

from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.figure import Figure

from partnership.frontend.chart_style import chart_style, plain

LINE_COLOUR = "#1d70b8"  # GOV.UK blue
TARGET_COLOUR = "#00703c"  # GOV.UK green
BASELINE_COLOUR = "#505a5f"
SVG_HASH_SALT = "partnership-indicator-chart"
LINE_ID = "indicator-values"  # the SVG group of the plotted points, one marker per value shown
MOST_TICK_LABELS = 12
PERCENT = "%"  # the unit label of a rate, drawn on a scale to 100
STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
METADATA_ELEMENT = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


@dataclass(frozen=True)
class ChartPoint:
    """One period on the chart: its label, and its value and the value's text when the reader may see it."""

    label: str
    value: Decimal | None
    text: str = ""


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line across the chart, such as the target or the baseline, with the words of its legend."""

    value: Decimal
    words: str


def _figure(
    *,
    title: str,
    unit_label: str,
    points: list[ChartPoint],
    target: ReferenceLine | None,
    baseline: ReferenceLine | None,
) -> Figure:
    figure = Figure(figsize=(9, 3.6))
    axes = figure.add_subplot()
    positions = list(range(len(points)))
    values = [math.nan if point.value is None else float(point.value) for point in points]
    axes.plot(positions, values, color=LINE_COLOUR, marker="o", linewidth=2, markersize=5, label="Value", gid=LINE_ID)
    for position, point in zip(positions, points, strict=True):
        if point.value is not None and point.text:
            axes.annotate(
                plain(point.text),
                (position, float(point.value)),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8,
            )
    if target is not None:
        axes.axhline(float(target.value), color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label=plain(target.words))
    if baseline is not None:
        axes.axhline(
            float(baseline.value), color=BASELINE_COLOUR, linestyle=":", linewidth=1.2, label=plain(baseline.words)
        )
    shown = [value for value in values if not math.isnan(value)]
    references = [float(line.value) for line in (target, baseline) if line is not None]
    highest = max([*shown, *references, 0.0])
    lowest = min([*shown, *references, 0.0])
    top = max(highest * 1.15, 105.0) if unit_label == PERCENT else highest * 1.15
    axes.set_ylim(lowest * 1.15 if lowest < 0 else 0, top or 1)
    step = max(1, math.ceil(len(points) / MOST_TICK_LABELS))
    axes.set_xticks(positions[::step], [plain(point.label) for point in points][::step])
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    axes.set_ylabel(plain(unit_label))
    axes.set_title(plain(title), loc="left", fontsize=10, fontweight="bold", pad=18)
    axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, frameon=False, fontsize=9, borderaxespad=0.2)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout(pad=0.4)
    return figure


def indicator_chart_svg(
    *,
    title: str,
    unit_label: str,
    points: list[ChartPoint],
    target: ReferenceLine | None = None,
    baseline: ReferenceLine | None = None,
) -> str:
    """The chart as SVG text with real text (not outlines), the same characters for the same figures."""
    with chart_style(svg_hash_salt=SVG_HASH_SALT):
        figure = _figure(title=title, unit_label=unit_label, points=points, target=target, baseline=baseline)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue())


def _presentation_attributes(match: re.Match[str]) -> str:
    """`style="fill: #fff; stroke: #000"` as `fill="#fff" stroke="#000"`: the page's content security policy
    refuses inline styles, while SVG presentation attributes are part of the drawing."""
    pairs = [part.split(":", 1) for part in html.unescape(match.group(1)).split(";") if ":" in part]
    return " ".join(f'{name.strip()}="{html.escape(value.strip(), quote=True)}"' for name, value in pairs)


def _inline(svg: str) -> str:
    """matplotlib's SVG made fit to sit inside a page: no XML prologue, metadata or style sheet, presentation
    attributes instead of inline styles, as wide as its container, and Arial preferred."""
    svg = svg[svg.index("<svg") :]
    svg = METADATA_ELEMENT.sub("", STYLE_ELEMENT.sub("", svg))
    svg = svg.replace("font-family: 'Liberation Sans'", "font-family: Arial, 'Liberation Sans'")
    svg = STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1width="100%"', svg, count=1)
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" focusable="false" ', 1)


def indicator_chart_description(
    *,
    name: str,
    points: list[ChartPoint],
    target: ReferenceLine | None = None,
    baseline: ReferenceLine | None = None,
) -> str:
    """A text alternative for the chart: what it plots, over which periods, what is left out, and its lines."""
    if not points:
        return f"Line chart of {name}: no values yet."
    shown = [point for point in points if point.value is not None]
    left_out = len(points) - len(shown)
    words = [f"Line chart of {name} from {points[0].label} to {points[-1].label}"]
    if shown:
        words.append(
            f"{len(shown)} of {len(points)} periods shown; the latest shown, {shown[-1].label}, is {shown[-1].text}"
        )
    else:
        words.append("no period has a value that can be shown")
    if left_out:
        words.append(f"{left_out} left out because they have no value or count fewer than 5")
    for line in (target, baseline):
        if line is not None:
            words.append(line.words)
    return "; ".join(words) + ". The table gives every period's figures."
