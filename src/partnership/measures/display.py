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


BRAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "": "Not rated"}
BRAG_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green", "": "govuk-tag--grey"}


def amount(unit: str, value: Decimal | None) -> str:
    """A baseline or target in the indicator's unit, or "Not set"."""
    return "Not set" if value is None else format_value(unit, value)


def trend_words(indicator: Any, seen: Shown) -> str:
    """How the value shown compares with the baseline, in words."""
    if seen.suppressed:
        return "Not shown"
    if indicator.baseline is None:
        return "No baseline"
    words = rules.trend(value=seen.value, baseline=indicator.baseline, polarity=indicator.polarity)
    return words.capitalize() or "No data"


@dataclass(frozen=True)
class LatestFigures:
    """One indicator's latest period with a value and the period before, as one reader sees them, against the
    baseline and target (a dashboard row, or a row of an action's measures when `link` is set)."""

    indicator: Any
    latest: rules.Period | None
    latest_shown: Shown
    previous: rules.Period | None
    previous_shown: Shown
    trend: str
    link: Any = None

    @property
    def baseline(self) -> str:
        return amount(self.indicator.unit, self.indicator.baseline)

    @property
    def target(self) -> str:
        return amount(self.indicator.unit, self.indicator.target)

    @property
    def brag_tag(self) -> str:
        return BRAG_TAGS[self.latest_shown.colour]

    @property
    def brag_words(self) -> str:
        return BRAG_WORDS[self.latest_shown.colour]


def latest_figures(*, indicator: Any, values: list[Any], small_numbers: bool, link: Any = None) -> LatestFigures:
    """The latest and previous periods of an indicator from its current overall values of one kind, oldest first."""
    latest_row = values[-1] if values else None
    latest = (
        rules.Period(latest_row.period_kind, latest_row.period_start, latest_row.period_end) if latest_row else None
    )
    previous = rules.previous_period(latest) if latest is not None else None
    previous_row = next((row for row in values if previous is not None and row.period_start == previous.start), None)
    latest_shown = shown(indicator=indicator, row=latest_row, small_numbers=small_numbers)
    return LatestFigures(
        indicator=indicator,
        latest=latest,
        latest_shown=latest_shown,
        previous=previous,
        previous_shown=shown(indicator=indicator, row=previous_row, small_numbers=small_numbers),
        trend=trend_words(indicator, latest_shown),
        link=link,
    )
