"""Pure rules of the measures: reporting periods, rates, the BRAG rating against a target, trend against the
baseline, and the suppression of small numbers for readers without child-level access. No database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from partnership.core.clocks import LONDON, add_months

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
SMALL_NUMBER = 5  # counts from 1 to 4 are suppressed for readers who may not see children's records
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class Period:
    """A reporting period: a calendar month, a calendar quarter or a financial year (April to March)."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "quarter":
            return f"{self.start:%b}–{self.end:%b %Y}"
        return f"{self.start.year}–{str(self.end.year)[2:]}"

    @property
    def instants(self) -> tuple[datetime, datetime]:
        """The instants the period covers: London midnight of its first day up to London midnight after its last."""
        return (
            datetime.combine(self.start, time.min, tzinfo=LONDON),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON),
        )

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.start:%Y-%m-%d}"


def period_containing(kind: str, day: date) -> Period:
    """The month, calendar quarter or financial year (from 1 April) that contains the day."""
    if kind not in PERIOD_MONTHS:
        raise ValueError(f"Unknown period kind: {kind}")
    if kind == "month":
        start = day.replace(day=1)
    elif kind == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return Period(kind, start, add_months(start, PERIOD_MONTHS[kind]) - timedelta(days=1))


def period_from_slug(slug: str) -> Period:
    """The period named by `Period.slug`; ValueError when it does not name the start of a period."""
    kind, _, start_text = slug.partition("-")
    period = period_containing(kind, date.fromisoformat(start_text))
    if period.start.isoformat() != start_text:
        raise ValueError(f"{start_text} does not start a {kind}")
    return period


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """Every period of the kind from the one containing `first` to the one containing `last`, oldest first."""
    periods = []
    period = period_containing(kind, first)
    while period.start <= last:
        periods.append(period)
        period = period_containing(kind, period.end + timedelta(days=1))
    return periods


def previous_period(period: Period) -> Period:
    return period_containing(period.kind, period.start - timedelta(days=1))


def same_period_year_before(period: Period) -> Period:
    return period_containing(period.kind, add_months(period.start, -12))


def two_places(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def value_of(unit: str, numerator: int | None, denominator: int | None) -> Decimal | None:
    """The value of a cell: a percentage of the denominator, or the numerator itself for a count; none when a
    rate has nothing to be counted out of."""
    if numerator is None:
        return None
    if unit == "percent":
        return two_places(Decimal(100 * numerator) / Decimal(denominator)) if denominator else None
    return two_places(numerator)


@dataclass(frozen=True)
class Brag:
    """A colour against the target with the sentence that explains it."""

    colour: str  # "green", "amber", "red" or "" when there is no value or no target
    reason: str


def brag(*, value: Decimal | None, target: Decimal | None, polarity: str, amber_within: Decimal) -> Brag:
    """Green when the target is met, amber when short of it by no more than `amber_within` % of the target,
    red when further off. Lower-is-better indicators are judged the other way round."""
    if value is None or target is None:
        return Brag("", "No value yet" if value is None else "No target set")
    margin = abs(target) * amber_within / Decimal(100)
    if polarity == "lower":
        if value <= target:
            return Brag("green", f"At or below the target of {target}")
        if value <= target + margin:
            return Brag("amber", f"Above the target of {target} by {value - target}, within {amber_within}%")
        return Brag("red", f"Above the target of {target} by {value - target}, more than {amber_within}%")
    if value >= target:
        return Brag("green", f"At or above the target of {target}")
    if value >= target - margin:
        return Brag("amber", f"Below the target of {target} by {target - value}, within {amber_within}%")
    return Brag("red", f"Below the target of {target} by {target - value}, more than {amber_within}%")


def worst(colours: list[str]) -> str:
    """The worst of several BRAG colours (red, then amber, then green); empty when none is rated."""
    for colour in ("red", "amber", "green"):
        if colour in colours:
            return colour
    return ""


def trend(*, value: Decimal | None, baseline: Decimal | None, polarity: str) -> str:
    """Whether the value is better, worse or the same as the baseline, by the indicator's polarity."""
    if value is None or baseline is None:
        return ""
    if value == baseline:
        return "same as baseline"
    better = value > baseline if polarity == "higher" else value < baseline
    return "better than baseline" if better else "worse than baseline"


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL_NUMBER


def must_suppress(*, unit: str, numerator: int | None, denominator: int | None) -> bool:
    """A cell counted from 1 to 4 children or events could identify a child, so it is not shown to readers
    without child-level access: a count of that size, or a rate over such a numerator or denominator."""
    if unit == "percent":
        return is_small(numerator) or is_small(denominator)
    return unit == "count" and is_small(numerator)
