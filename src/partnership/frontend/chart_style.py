"""The house style of every chart the service draws with matplotlib: GOV.UK text colours and Arial (or its metric
twin), one chart at a time because matplotlib's settings are global."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import matplotlib
from matplotlib import font_manager

# No screen: draw with Agg (the figures here never touch pyplot, whose windows need a display).
matplotlib.use("Agg")

TEXT_COLOUR = "#0b0c0c"
SECONDARY_TEXT_COLOUR = "#505a5f"
PREFERRED_FONTS = ("Arial", "Liberation Sans")
# matplotlib's settings are global: one chart at a time, so two requests never mix their settings.
_LOCK = threading.Lock()


@cache
def font_families() -> list[str]:
    """Arial or its metric twin Liberation Sans, whichever is installed; matplotlib's own font otherwise."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in PREFERRED_FONTS if name in installed] or ["DejaVu Sans"]


@contextmanager
def chart_style(*, svg_hash_salt: str | None = None) -> Iterator[None]:
    """matplotlib's settings for one chart, put back afterwards; with a salt, SVG keeps its text as text
    (searchable, readable by screen readers) and its ids are the same on every run."""
    with _LOCK, matplotlib.rc_context():
        matplotlib.rcParams.update(
            {
                "font.family": "sans-serif",
                "font.sans-serif": font_families(),
                "font.size": 9,
                "text.color": TEXT_COLOUR,
                "axes.labelcolor": TEXT_COLOUR,
                "axes.edgecolor": SECONDARY_TEXT_COLOUR,
                "xtick.color": TEXT_COLOUR,
                "ytick.color": TEXT_COLOUR,
            }
        )
        if svg_hash_salt is not None:
            matplotlib.rcParams["svg.fonttype"] = "none"
            matplotlib.rcParams["svg.hashsalt"] = svg_hash_salt
        yield


def plain(text: str) -> str:
    """Text as written: a dollar sign would otherwise start matplotlib's mathematical notation."""
    return text.replace("$", r"\$")
