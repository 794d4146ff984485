"""The BRAG chart of a report: a stacked bar per theme, as SVG for screens and PDF and as PNG for Word.

Pure functions of the report's data; the same data always gives the same SVG text. Every rendering puts the
BRAG-by-theme table beside the chart, so nobody needs the colours to read the figures.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from partnership.frontend.chart_style import chart_style, plain

# (key in the data, word in the legend, GOV.UK colour, colour of a count written on the bar)
BRAG = [
    ("red", "Red", "#d4351c", "#ffffff"),
    ("amber", "Amber", "#f47738", "#0b0c0c"),
    ("green", "Green", "#00703c", "#ffffff"),
    ("blue", "Blue", "#1d70b8", "#ffffff"),
]
SVG_HASH_SALT = "partnership-brag-chart"
LABEL_WIDTH = 50  # characters of a theme's name on one line


def _figure(data: Mapping[str, Any]) -> Figure:
    rows = list(data["brag_by_theme"])[::-1]  # the first theme at the top
    labels = [textwrap.fill(plain(row["theme"]), LABEL_WIDTH) for row in rows]
    widest = max([sum(row[key] for key, *_ in BRAG) for row in rows] or [1]) or 1
    figure = Figure(figsize=(10, 0.32 * max(len(rows), 1) + 1.15))
    axes = figure.add_subplot()
    left = [0] * len(rows)
    for key, word, colour, text_colour in BRAG:
        values = [int(row[key]) for row in rows]
        bars = axes.barh(
            labels, values, left=left, height=0.7, color=colour, label=word, edgecolor="white", linewidth=0.8
        )
        # Write the count on every segment wide enough to hold it.
        axes.bar_label(
            bars,
            labels=[str(v) if v and v / widest >= 0.04 else "" for v in values],
            label_type="center",
            color=text_colour,
            fontsize=8,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlabel("Number of actions")
    axes.set_xlim(0, widest)
    axes.set_title(
        plain(f"Actions by theme and BRAG rating, {data['period']['label']}"),
        loc="left",
        fontsize=10,
        fontweight="bold",
        pad=18,
    )
    axes.legend(
        ncols=len(BRAG),
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=9,
        handlelength=1.2,
        borderaxespad=0.2,
    )
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout(pad=0.4)
    return figure


def brag_chart_svg(data: Mapping[str, Any]) -> str:
    """The chart as SVG text with real text (not outlines), the same characters for the same data."""
    with chart_style(svg_hash_salt=SVG_HASH_SALT):
        figure = _figure(data)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    # matplotlib names only the font it measured with; a reader's screen should prefer Arial.
    return buffer.getvalue().replace("font-family: 'Liberation Sans'", "font-family: Arial, 'Liberation Sans'")


def brag_chart_png(data: Mapping[str, Any]) -> bytes:
    """The chart as a PNG image, for Word documents."""
    with chart_style():
        figure = _figure(data)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()


def brag_chart_description(data: Mapping[str, Any]) -> str:
    """A one-sentence text alternative for the chart."""
    totals = data["totals"]
    return (
        f"Bar chart of actions by theme and BRAG rating for {data['period']['label']}: "
        f"{totals['red']} Red, {totals['amber']} Amber, {totals['green']} Green and {totals['blue']} Blue "
        f"in all themes. The table gives the same figures."
    )
