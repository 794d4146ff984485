"""The contract between the measures app and its calculators: what a built-in indicator is and what a calculator
returns. Built-in definitions live beside their calculators (calculators_<area>.py); builtin.py gathers them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import DurationField, ExpressionWrapper, F, QuerySet

from partnership.measures.rules import Period, two_places

OVERALL = ""  # the breakdown of a cell that covers the whole partnership


@dataclass(frozen=True)
class Cell:
    """One computed figure: the whole partnership (breakdown "") or one value of a breakdown (e.g. one agency).

    For a rate or a count the value follows from numerator and denominator; a median (hours, days) carries its
    own value, with the number of cases it is the median of as the denominator.
    """

    breakdown: str
    key: str
    label: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None = None


Calculator = Callable[[Period, datetime], list[Cell]]
"""Computes every cell of one indicator for one period: the overall cell first, then each breakdown's cells.

Called with the period and the instant the figures are computed at (a case still inside its deadline at that
instant is neither on time nor late). Reads practice data only through the practice apps' selectors, with SQL
aggregation: a fixed number of queries whatever the number of records.
"""


@dataclass(frozen=True)
class Definition:
    """A built-in indicator as shipped: loaded into the Indicator table, where targets are then set locally."""

    key: str
    name: str
    description: str
    numerator: str
    denominator: str
    unit: str
    polarity: str
    source: str
    area: str
    calculator: Calculator | None
    breakdowns: tuple[str, ...] = field(default_factory=tuple)
    is_priority: bool = False
    display_order: int = 100


def median_hours(scope: QuerySet[Any], *, since: str, until: str) -> tuple[int, Decimal | None]:
    """How many rows the scope has and the median of `until` minus `since` in hours, found in SQL: the rows are
    ordered by the duration and the middle one or two read with OFFSET (two queries)."""
    duration = ExpressionWrapper(F(until) - F(since), output_field=DurationField())
    count = scope.count()
    if not count:
        return 0, None
    middle = list(
        scope.annotate(duration=duration)
        .order_by("duration", "pk")
        .values_list("duration", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    seconds = sum(value.total_seconds() for value in middle) / len(middle)
    return count, two_places(seconds / 3600)
