"""The pure rules of the measures: periods (calendar months and quarters, financial years), their slugs, values,
the BRAG rating at its exact boundaries both ways round, the worst colour, the trend and small-number suppression."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.measures import rules
from partnership.measures.rules import Period

KINDS = st.sampled_from(["month", "quarter", "year"])
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label"),
    [
        ("month", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
        ("month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29), "February 2028"),
        ("quarter", date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), "Jan–Mar 2026"),
        ("quarter", date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30), "Jul–Sep 2026"),
        ("quarter", date(2026, 10, 1), date(2026, 10, 1), date(2026, 12, 31), "Oct–Dec 2026"),
        # The financial year runs from 1 April: 31 March belongs to the year before.
        ("year", date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 31), "2025–26"),
        ("year", date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31), "2026–27"),
        ("year", date(2000, 1, 1), date(1999, 4, 1), date(2000, 3, 31), "1999–00"),
    ],
)
def test_period_containing_a_day(kind: str, day: date, start: date, end: date, label: str) -> None:
    period = rules.period_containing(kind, day)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.label == label
    assert period.slug == f"{kind}-{start.isoformat()}"


def test_an_unknown_period_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown period kind"):
        rules.period_containing("week", date(2026, 1, 5))


@given(kind=KINDS, day=DAYS)
def test_every_day_lies_in_exactly_its_period_and_the_slug_names_it(kind: str, day: date) -> None:
    period = rules.period_containing(kind, day)
    assert period.start <= day <= period.end
    assert rules.period_containing(kind, period.start) == period
    assert rules.period_containing(kind, period.end) == period
    assert rules.period_containing(kind, period.end + timedelta(days=1)).start == period.end + timedelta(days=1)
    assert rules.period_from_slug(period.slug) == period
    assert rules.previous_period(period).end == period.start - timedelta(days=1)
    before = rules.same_period_year_before(period)
    assert before.kind == kind
    assert (before.start.year, before.start.month, before.start.day) == (period.start.year - 1, period.start.month, 1)


@pytest.mark.parametrize(
    "slug", ["quarter-2026-02-01", "year-2026-01-01", "month-2026-02-02", "week-2026-01-05", "month-2026-13-01", "x"]
)
def test_a_slug_that_does_not_start_a_period_is_refused(slug: str) -> None:
    with pytest.raises(ValueError):
        rules.period_from_slug(slug)


@given(kind=KINDS, first=DAYS, length=st.integers(min_value=0, max_value=1500))
def test_periods_between_are_contiguous_and_cover_both_ends(kind: str, first: date, length: int) -> None:
    last = min(first + timedelta(days=length), date(2099, 12, 31))
    periods = rules.periods_between(kind, first, last)
    assert periods[0].start <= first <= periods[0].end
    assert periods[-1].start <= last <= periods[-1].end
    for earlier, later in pairwise(periods):
        assert later.start == earlier.end + timedelta(days=1)
        assert later.kind == kind


def test_periods_between_a_financial_year_end() -> None:
    quarters = rules.periods_between("quarter", date(2026, 2, 10), date(2026, 4, 1))
    assert [p.slug for p in quarters] == ["quarter-2026-01-01", "quarter-2026-04-01"]
    years = rules.periods_between("year", date(2026, 3, 31), date(2026, 4, 1))
    assert [p.label for p in years] == ["2025–26", "2026–27"]


@pytest.mark.parametrize(
    ("unit", "numerator", "denominator", "expected"),
    [
        ("percent", 1, 3, Decimal("33.33")),
        ("percent", 2, 3, Decimal("66.67")),
        ("percent", 1, 8, Decimal("12.50")),
        ("percent", 1, 6, Decimal("16.67")),
        ("percent", 0, 7, Decimal("0.00")),
        ("percent", 7, 7, Decimal("100.00")),
        ("percent", 3, 0, None),  # nothing to count out of
        ("percent", 3, None, None),
        ("percent", None, 4, None),
        ("count", 12, None, Decimal("12.00")),
        ("count", 0, None, Decimal("0.00")),
        ("count", None, None, None),
    ],
)
def test_value_of(unit: str, numerator: int | None, denominator: int | None, expected: Decimal | None) -> None:
    assert rules.value_of(unit, numerator, denominator) == expected


@given(numerator=st.integers(min_value=0, max_value=10**6), extra=st.integers(min_value=0, max_value=10**6))
def test_a_rate_lies_between_0_and_100_and_is_within_half_a_hundredth(numerator: int, extra: int) -> None:
    denominator = numerator + extra
    value = rules.value_of("percent", numerator, denominator)
    if denominator == 0:
        assert value is None
        return
    assert value is not None
    assert Decimal(0) <= value <= Decimal(100)
    assert abs(value - Decimal(100 * numerator) / Decimal(denominator)) <= Decimal("0.005")


def _colour(value: str | None, target: str | None, polarity: str, amber_within: str = "10") -> str:
    return rules.brag(
        value=None if value is None else Decimal(value),
        target=None if target is None else Decimal(target),
        polarity=polarity,
        amber_within=Decimal(amber_within),
    ).colour


@pytest.mark.parametrize(
    ("value", "colour"),
    [("100", "green"), ("90", "green"), ("89.99", "amber"), ("81", "amber"), ("80.99", "red"), ("0", "red")],
)
def test_brag_higher_is_better_at_the_exact_boundaries(value: str, colour: str) -> None:
    # Target 90, amber within 10% of the target: 9 points.
    assert _colour(value, "90", "higher") == colour


@pytest.mark.parametrize(
    ("value", "colour"),
    [("0", "green"), ("24", "green"), ("24.01", "amber"), ("26.4", "amber"), ("26.41", "red"), ("100", "red")],
)
def test_brag_lower_is_better_at_the_exact_boundaries(value: str, colour: str) -> None:
    # Target 24 hours, amber within 10% of the target: 2.4 hours.
    assert _colour(value, "24", "lower") == colour


def test_a_zero_target_leaves_no_amber_band() -> None:
    assert _colour("0", "0", "lower") == "green"
    assert _colour("1", "0", "lower") == "red"


def test_brag_without_a_value_or_a_target_is_unrated_with_a_reason() -> None:
    no_value = rules.brag(value=None, target=Decimal(90), polarity="higher", amber_within=Decimal(10))
    no_target = rules.brag(value=Decimal(50), target=None, polarity="higher", amber_within=Decimal(10))
    assert (no_value.colour, no_value.reason) == ("", "No value yet")
    assert (no_target.colour, no_target.reason) == ("", "No target set")


def test_every_rating_says_why() -> None:
    reason = rules.brag(value=Decimal(85), target=Decimal(90), polarity="higher", amber_within=Decimal(10)).reason
    assert "Below the target of 90 by 5" in reason


@pytest.mark.parametrize(
    ("colours", "expected"),
    [
        (["green", "amber", "red"], "red"),
        (["green", "amber", ""], "amber"),
        (["green", "", "green"], "green"),
        (["", ""], ""),
        ([], ""),
    ],
)
def test_worst(colours: list[str], expected: str) -> None:
    assert rules.worst(colours) == expected


@pytest.mark.parametrize(
    ("value", "baseline", "polarity", "expected"),
    [
        ("60", "50", "higher", "better than baseline"),
        ("40", "50", "higher", "worse than baseline"),
        ("40", "50", "lower", "better than baseline"),
        ("60", "50", "lower", "worse than baseline"),
        ("50", "50", "lower", "same as baseline"),
        (None, "50", "higher", ""),
        ("50", None, "higher", ""),
    ],
)
def test_trend(value: str | None, baseline: str | None, polarity: str, expected: str) -> None:
    assert (
        rules.trend(
            value=None if value is None else Decimal(value),
            baseline=None if baseline is None else Decimal(baseline),
            polarity=polarity,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("unit", "numerator", "denominator", "suppressed"),
    [
        ("percent", 4, 40, True),  # four children could be identified
        ("percent", 36, 4, True),
        ("percent", 1, 1, True),
        ("percent", 0, 40, False),  # nobody is not a child to identify
        ("percent", 5, 5, False),
        ("percent", 0, 0, False),
        ("count", 4, None, True),
        ("count", 1, None, True),
        ("count", 5, None, False),
        ("count", 0, None, False),
        ("hours", None, 3, False),  # a median is not a count of children
        ("days", None, 1, False),
    ],
)
def test_must_suppress(unit: str, numerator: int | None, denominator: int | None, suppressed: bool) -> None:
    assert rules.must_suppress(unit=unit, numerator=numerator, denominator=denominator) is suppressed


def test_period_is_a_value() -> None:
    assert Period("month", date(2026, 1, 1), date(2026, 1, 31)) == rules.period_containing("month", date(2026, 1, 9))
