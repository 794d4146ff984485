"""Pure figures of the benchmark: percentiles of timings, a summary of milliseconds and the ratio to a reference."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` (0 to 1) of the values lie, interpolating linearly between ranks."""
    if not values:
        raise ValueError("A percentile needs at least one value.")
    if not 0 <= share <= 1:
        raise ValueError("The share must lie between 0 and 1.")
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    below, above = math.floor(rank), math.ceil(rank)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """The p50, p95 and best of timings in seconds, as milliseconds to one decimal place."""
    return {
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "best_ms": round(min(seconds) * 1000, 1),
        "runs": len(seconds),
    }


def ratio(figure: float | None, reference: float | None) -> float | None:
    """How many times the reference the figure is, to two decimal places; None when either is missing or zero."""
    if figure is None or reference is None or reference <= 0:
        return None
    return round(figure / reference, 2)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Run the action once; return the seconds it took and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def repeated(action: Callable[[], Any], runs: int) -> list[float]:
    """The seconds each of `runs` runs of the action took."""
    return [timed(action)[0] for _run in range(runs)]
