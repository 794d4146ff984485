"""Builds indicators and their stored values for the measures tests, straight into the tables (no calculator runs).

These functions are shared by every measures test module: keep their names and arguments stable.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from partnership.measures.models import Indicator, IndicatorValue
from partnership.measures.rules import Period, period_containing, period_from_slug, value_of

_counter = count(1)


def period(kind: str, day: str | date) -> Period:
    """The month, quarter or financial year that contains the day (written YYYY-MM-DD)."""
    return period_containing(kind, date.fromisoformat(day) if isinstance(day, str) else day)


def quarter(day: str | date) -> Period:
    """The calendar quarter that contains the day (written YYYY-MM-DD)."""
    return period("quarter", day)


def make_indicator(
    *,
    key: str = "",
    name: str = "",
    unit: str = "percent",
    polarity: str = "higher",
    area: str = "strategy",
    source: str = "computed",
    is_priority: bool = False,
    display_order: int = 100,
    breakdowns: list[str] | tuple[str, ...] = (),
    baseline: Decimal | int | str | None = None,
    baseline_label: str = "",
    target: Decimal | int | str | None = None,
    amber_within: Decimal | int | str = 10,
    owner: Any = None,
    is_active: bool = True,
    description: str = "",
    numerator: str = "",
    denominator: str = "",
) -> Indicator:
    """An indicator with a unique key and name unless given; numbers may be given as int, str or Decimal."""
    number = next(_counter)
    key = key or f"indicator-{number}"
    return Indicator.objects.create(
        key=key,
        name=name or f"Indicator {number} ({key})",
        description=description or f"What indicator {key} counts.",
        numerator=numerator or "Cases on time",
        denominator=denominator if denominator or unit != "percent" else "All cases",
        unit=unit,
        polarity=polarity,
        area=area,
        source=source,
        is_priority=is_priority,
        display_order=display_order,
        breakdowns=list(breakdowns),
        baseline=None if baseline is None else Decimal(str(baseline)),
        baseline_label=baseline_label,
        target=None if target is None else Decimal(str(target)),
        amber_within=Decimal(str(amber_within)),
        owner=owner,
        is_active=is_active,
    )


def put_value(
    indicator: Indicator,
    period: Period | str,
    numerator: int | None,
    denominator: int | None = None,
    value: Decimal | int | str | None = None,
    breakdown: str = "",
    key: str = "",
    label: str = "",
    as_of: date | None = None,
    entered_by: Any = None,
    note: str = "",
) -> IndicatorValue:
    """Store one cell's value for a period (a Period or its slug) as a dated snapshot, the way the app does.

    The value follows from numerator and denominator in the indicator's unit unless given (a median carries its
    own). `as_of` defaults to the day after the period ends. The same day replaces that day's row; a later day adds
    a row and makes it the current one.
    """
    chosen = period_from_slug(period) if isinstance(period, str) else period
    day = as_of or chosen.end + timedelta(days=1)
    amount = value_of(indicator.unit, numerator, denominator) if value is None else Decimal(str(value))
    cell = {
        "indicator": indicator,
        "period_kind": chosen.kind,
        "period_start": chosen.start,
        "breakdown": breakdown,
        "breakdown_key": key,
    }
    IndicatorValue.objects.filter(**cell, as_of=day).delete()
    IndicatorValue.objects.filter(**cell, as_of__lt=day).update(is_current=False)
    later = IndicatorValue.objects.filter(**cell, as_of__gt=day).exists()
    return IndicatorValue.objects.create(
        **cell,
        period_end=chosen.end,
        breakdown_label=label or key,
        numerator=numerator,
        denominator=denominator,
        value=amount,
        as_of=day,
        is_current=not later,
        source=indicator.source,
        entered_by=entered_by,
        note=note,
    )


def put_series(
    indicator: Indicator,
    periods: list[Period],
    pairs: list[tuple[int | None, int | None]],
    breakdown: str = "",
    key: str = "",
    label: str = "",
) -> list[IndicatorValue]:
    """Store one (numerator, denominator) pair per period for the same cell."""
    return [
        put_value(indicator, chosen, numerator, denominator, breakdown=breakdown, key=key, label=label)
        for chosen, (numerator, denominator) in zip(periods, pairs, strict=True)
    ]
