"""How a stored value is shown to one reader: formatted in its unit, rated against the target, and suppressed
when it counts so few children that a reader without child-level access could identify one. No database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from partnership.measures import rules


@dataclass(frozen=True)
class Shown:
    """A value as one reader sees it."""

    text: str
    value: Decimal | None  # None when there is no value or it is suppressed for this reader
    numerator: int | None
    denominator: int | None
    suppressed: bool
    colour: str
    reason: str


def format_value(unit: str, value: Decimal | None) -> str:
    if value is None:
        return "No data"
    if unit == "percent":
        return f"{value.normalize():f}%" if value == value.to_integral() else f"{value:.1f}%"
    if unit == "count":
        return f"{int(value):,}"
    return f"{value:.1f} {unit}"


def shown(*, indicator: Any, row: Any | None, small_numbers: bool) -> Shown:
    """The value of `row` (an IndicatorValue, or None when nothing is stored) for a reader; `small_numbers` says
    whether they may see counts from 1 to 4."""
    if row is None:
        return Shown("No data", None, None, None, False, "", "No value for this period yet")
    if not small_numbers and rules.must_suppress(
        unit=indicator.unit, numerator=row.numerator, denominator=row.denominator
    ):
        return Shown(rules.SUPPRESSED, None, None, None, True, "", "Fewer than 5 cases: not shown, to protect children")
    rating = rules.brag(
        value=row.value, target=indicator.target, polarity=indicator.polarity, amber_within=indicator.amber_within
    )
    return Shown(
        format_value(indicator.unit, row.value),
        row.value,
        row.numerator,
        row.denominator,
        False,
        rating.colour,
        rating.reason,
    )
