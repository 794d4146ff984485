"""The plan's pure rules: due dates from bands, BRAG with reasons, coverage flags."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.plans.models import Brag, DeliveryStatus
from partnership.plans.rules import add_months, brag_rating, due_date_for_band, finding_coverage_flags, quarter_start

TODAY = date(2019, 3, 10)
PERIOD = quarter_start(TODAY)


def rate(**overrides: object):
    values = {
        "status": DeliveryStatus.IN_PROGRESS,
        "current_due_date": date(2019, 9, 30),
        "today": TODAY,
        "progress_updated_on": None,
        "period_start": PERIOD,
    }
    values.update(overrides)
    return brag_rating(**values)  # type: ignore[arg-type]


def test_bands_give_the_seed_plans_due_dates() -> None:
    start = date(2018, 9, 30)
    assert [due_date_for_band(plan_start=start, months=m) for m in (3, 6, 9, 12)] == [
        date(2018, 12, 30),
        date(2019, 3, 30),
        date(2019, 6, 30),
        date(2019, 9, 30),
    ]


def test_a_band_outside_3_6_9_12_is_refused() -> None:
    with pytest.raises(ValueError, match="3, 6, 9 or 12"):
        due_date_for_band(plan_start=TODAY, months=4)


def test_month_end_and_leap_day_are_clamped() -> None:
    assert add_months(date(2018, 11, 30), 3) == date(2019, 2, 28)
    assert add_months(date(2019, 11, 30), 3) == date(2020, 2, 29)
    assert add_months(date(2019, 3, 31), -1) == date(2019, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from([3, 6, 9, 12]))
def test_a_due_date_is_always_in_the_right_month(start: date, months: int) -> None:
    due = due_date_for_band(plan_start=start, months=months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    assert due.day <= start.day


def test_impact_evidenced_is_blue() -> None:
    rating = rate(status=DeliveryStatus.IMPACT_EVIDENCED, current_due_date=date(2018, 12, 1))
    assert rating.colour == Brag.BLUE


def test_overdue_and_not_delivered_is_red_with_the_date_in_the_reason() -> None:
    rating = rate(current_due_date=date(2019, 3, 9))
    assert rating.colour == Brag.RED
    assert "9 March 2019" in rating.reason


def test_due_today_is_not_yet_overdue() -> None:
    assert rate(current_due_date=TODAY, progress_updated_on=TODAY).colour == Brag.GREEN


def test_delivered_late_is_green_not_red() -> None:
    assert rate(status=DeliveryStatus.DELIVERED, current_due_date=date(2019, 1, 1)).colour == Brag.GREEN


def test_due_within_30_days_without_progress_this_quarter_is_amber() -> None:
    rating = rate(current_due_date=date(2019, 4, 9), progress_updated_on=date(2018, 12, 20))
    assert rating.colour == Brag.AMBER
    assert "no progress" in rating.reason


def test_due_within_30_days_with_progress_this_quarter_is_green() -> None:
    assert rate(current_due_date=date(2019, 4, 9), progress_updated_on=date(2019, 1, 2)).colour == Brag.GREEN


def test_due_in_31_days_without_progress_is_green() -> None:
    assert rate(current_due_date=date(2019, 4, 10)).colour == Brag.GREEN


def test_an_override_wins_and_shows_its_reason_but_never_beats_impact_evidenced() -> None:
    rating = rate(override=Brag.RED, override_reason="Funding withdrawn")
    assert (rating.colour, rating.reason, rating.overridden) == (Brag.RED, "Funding withdrawn", True)
    assert rate(status=DeliveryStatus.IMPACT_EVIDENCED, override=Brag.RED).colour == Brag.BLUE


def test_superseded_is_not_rated() -> None:
    assert rate(status=DeliveryStatus.SUPERSEDED).colour is None


def test_coverage_flags() -> None:
    start = date(2018, 9, 1)
    assert [
        f.kind for f in finding_coverage_flags(kind="area_for_improvement", action_due_dates=[], plan_start=start)
    ] == ["uncovered"]
    assert finding_coverage_flags(kind="strength", action_due_dates=[], plan_start=start) == []
    late = finding_coverage_flags(kind="priority_action", action_due_dates=[date(2019, 3, 1)], plan_start=start)
    assert [f.kind for f in late] == ["priority_late"]
    assert (
        finding_coverage_flags(
            kind="priority_action", action_due_dates=[date(2018, 12, 1), date(2019, 3, 1)], plan_start=start
        )
        == []
    )
