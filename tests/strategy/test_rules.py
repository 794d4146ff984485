"""Strategy meetings' pure rules: clocks on the England calendar, a complete record, the measures' arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from partnership.core.clocks import LONDON
from partnership.strategy.rules import (
    Clock,
    completion_problems,
    convene_due,
    icpc_due,
    median,
    percentile,
    rate,
    share_due,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


# The convening clock: a duration, counted in UTC.


def test_convene_due_is_24_hours_in_utc_across_the_spring_clock_change() -> None:
    # 12:00 GMT on Saturday 29 March 2025; the clocks go forward at 01:00 UTC on Sunday 30 March.
    due = convene_due(utc(2025, 3, 29, 12), hours=24)
    assert due == utc(2025, 3, 30, 12)
    # 24 real hours later reads 13:00 on a London clock, not 12:00.
    assert due.astimezone(LONDON).replace(tzinfo=None) == datetime(2025, 3, 30, 13, 0)


def test_convene_due_is_24_hours_in_utc_across_the_autumn_clock_change() -> None:
    # 11:00 UTC (12:00 BST) on Saturday 25 October 2025; the clocks go back at 01:00 UTC on 26 October.
    due = convene_due(utc(2025, 10, 25, 11), hours=24)
    assert due == utc(2025, 10, 26, 11)
    assert due.astimezone(LONDON).replace(tzinfo=None) == datetime(2025, 10, 26, 11, 0)


@pytest.mark.parametrize(
    ("threshold_at", "expected"),
    [
        # 12:00 BST on 25 October 2025 -> 24 real hours later is 11:00 GMT (11:00 UTC) on 26 October.
        (datetime(2025, 10, 25, 12, tzinfo=LONDON), datetime(2025, 10, 26, 11, tzinfo=UTC)),
        # 12:00 GMT on 29 March 2025 -> 24 real hours later is 13:00 BST (12:00 UTC) on 30 March.
        (datetime(2025, 3, 29, 12, tzinfo=LONDON), datetime(2025, 3, 30, 12, tzinfo=UTC)),
    ],
)
def test_convene_due_is_24_real_hours_when_the_threshold_arrives_in_london_time(
    threshold_at: datetime, expected: datetime
) -> None:
    # A form gives an aware datetime in Europe/London; Python adds a timedelta to it on the wall clock, so the
    # rule must convert to UTC first or the target is 25 (autumn) or 23 (spring) real hours.
    due = convene_due(threshold_at, hours=24)
    assert due == expected
    assert (due - threshold_at.astimezone(UTC)).total_seconds() == 24 * 3600


def test_convene_due_follows_the_configured_hours() -> None:
    assert convene_due(utc(2025, 6, 2, 9), hours=48) == utc(2025, 6, 4, 9)


# The sharing clock: one working day on the England calendar, same time of day in England.


def test_share_due_from_a_friday_afternoon_is_the_monday_at_the_same_time() -> None:
    # Friday 13 June 2025 15:30 BST (14:30 UTC).
    due = share_due(london(2025, 6, 13, 15, 30), working_days=1)
    assert due == london(2025, 6, 16, 15, 30)
    assert due == utc(2025, 6, 16, 14, 30)


def test_share_due_keeps_the_london_time_of_day_across_the_autumn_clock_change() -> None:
    # Friday 24 October 2025 16:00 BST (15:00 UTC) -> Monday 27 October 16:00 GMT (16:00 UTC).
    due = share_due(utc(2025, 10, 24, 15), working_days=1)
    assert due == utc(2025, 10, 27, 16)
    assert due.astimezone(LONDON).hour == 16


def test_share_due_from_christmas_eve_skips_the_bank_holidays_and_the_weekend() -> None:
    # 24 December 2025 is a Wednesday; 25 and 26 December are bank holidays, then a weekend.
    assert date(2025, 12, 24).weekday() == 2
    due = share_due(london(2025, 12, 24, 14), working_days=1)
    assert due == london(2025, 12, 29, 14)
    assert due.date().weekday() == 0


def test_share_due_from_a_weekend_counts_from_nine_on_the_next_working_day() -> None:
    # Saturday 14 June 2025 at 20:00 counts as Monday 16 June 09:00; one working day later is Tuesday 09:00.
    assert share_due(london(2025, 6, 14, 20), working_days=1) == london(2025, 6, 17, 9)


def test_share_due_over_easter_skips_good_friday_and_easter_monday() -> None:
    # Thursday 17 April 2025 at 16:00 -> Tuesday 22 April at 16:00 (18 and 21 April are bank holidays).
    assert share_due(london(2025, 4, 17, 16), working_days=1) == london(2025, 4, 22, 16)


def test_share_due_uses_the_london_day_of_a_late_evening_utc_instant() -> None:
    # 23:30 UTC on Friday 13 June 2025 is 00:30 BST on Saturday 14 June: a weekend, so Tuesday 09:00.
    assert share_due(utc(2025, 6, 13, 23, 30), working_days=1) == london(2025, 6, 17, 9)


# The initial child protection conference: 15 working days.


def test_icpc_due_is_15_working_days_and_skips_the_easter_bank_holidays() -> None:
    # From Tuesday 8 April 2025: 9, 10, 11, 14, 15, 16, 17, (18 Good Friday), 22, 23, 24, 25, 28, 29, 30 April, 1 May.
    assert icpc_due(date(2025, 4, 8)) == date(2025, 5, 1)


def test_icpc_due_skips_easter_and_the_early_may_bank_holiday() -> None:
    # From Thursday 17 April 2025: 22, 23, 24, 25, 28, 29, 30 April, 1, 2, (5 May bank holiday), 6, 7, 8, 9, 12, 13 May.
    assert icpc_due(date(2025, 4, 17)) == date(2025, 5, 13)


def test_icpc_due_from_a_bank_holiday_counts_from_the_next_working_day() -> None:
    # Easter Monday 21 April 2025 counts as Tuesday 22 April; 15 working days on (5 May is a bank holiday).
    assert icpc_due(date(2025, 4, 21)) == date(2025, 5, 14)


def test_icpc_due_follows_the_working_days_given() -> None:
    assert icpc_due(date(2025, 4, 17), working_days=1) == date(2025, 4, 22)


# What a complete record needs.


def complete(**overrides: object) -> dict[str, list[str]]:
    values: dict[str, object] = {
        "held_at": utc(2025, 6, 2, 10),
        "threshold_at": utc(2025, 6, 1, 20),
        "mode": "meeting",
        "information_shared": "Police: two call-outs this year. Health: missed appointments.",
        "risk_analysis": "Escalating domestic abuse with a baby in the house.",
        "children": [
            {"name": "Robin Example", "s47": "yes", "investigation": "joint", "reason": "Injury", "voice": "Scared"}
        ],
        "attendees": 3,
        "actions": 2,
    }
    values.update(overrides)
    return completion_problems(**values)  # type: ignore[arg-type]


def test_a_complete_record_has_no_problems() -> None:
    assert complete() == {}


def test_an_empty_record_lists_every_missing_section() -> None:
    problems = complete(
        held_at=None,
        mode="",
        information_shared="  ",
        risk_analysis="",
        children=[{"name": "Robin Example", "s47": "", "investigation": "", "reason": "", "voice": " "}],
        attendees=0,
        actions=0,
    )
    assert problems == {
        "held_at": ["Enter when the meeting was held"],
        "mode": ["Say whether it was a meeting or phone calls"],
        "attendees": ["Record who attended"],
        "information_shared": ["Record the information each agency shared"],
        "risk_analysis": ["Write the risk analysis"],
        "decisions": ["Record whether a Section 47 enquiry starts for Robin Example"],
        "voice": ["Record the voice of Robin Example, or why it could not be heard"],
        "actions": ["Record at least one action with its owner and due date"],
    }


def test_each_child_needs_a_decision_a_reason_single_or_joint_and_a_voice() -> None:
    problems = complete(
        children=[
            {"name": "Ash Example", "s47": "yes", "investigation": "", "reason": "", "voice": "Wants to stay"},
            {"name": "Bo Example", "s47": "no", "investigation": "", "reason": "Safe with gran", "voice": ""},
            {"name": "Cy Example", "s47": "", "investigation": "", "reason": "", "voice": "Pre-verbal: observed"},
        ]
    )
    assert problems == {
        "decisions": [
            "Give the reason for the decisions about Ash Example",
            "Say whether the enquiry for Ash Example is single or joint",
            "Record whether a Section 47 enquiry starts for Cy Example",
        ],
        "voice": ["Record the voice of Bo Example, or why it could not be heard"],
    }


def test_a_meeting_before_the_threshold_cannot_be_signed_off() -> None:
    assert complete(held_at=utc(2025, 6, 1, 19, 59)) == {
        "held_at": ["The meeting cannot be before the threshold was met"]
    }


# The measures' arithmetic.


def test_percentile_is_nearest_rank_and_none_for_nothing() -> None:
    assert percentile([], 0.9) is None
    assert percentile([7.5], 0.9) == 7.5
    assert percentile([7.5], 0.0) == 7.5
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 0.9) == 10.0  # rank ceil(9.9) = 10
    assert percentile([float(n) for n in range(1, 11)], 1.0) == 10.0
    assert percentile([float(n) for n in range(1, 11)], 0.0) == 1.0


@pytest.mark.parametrize(("fraction", "expected"), [(0.07, 7.0), (0.14, 14.0), (0.28, 28.0), (0.55, 55.0)])
def test_percentile_rank_is_not_pushed_up_by_floating_point_error(fraction: float, expected: float) -> None:
    # Nearest rank of the 55th percentile of 1..100 is the 55th value; 0.55 * 100 is 55.00000000000001 in floating
    # point, so ceil() must not be taken of the raw product.
    assert percentile([float(n) for n in range(1, 101)], fraction) == expected


def test_median_of_odd_even_one_and_none() -> None:
    assert median([]) is None
    assert median([4.0]) == 4.0
    assert median([9.0, 1.0, 5.0]) == 5.0
    assert median([1.0, 2.0, 10.0, 4.0]) == 3.0


def test_rate_is_a_percentage_to_one_decimal_and_none_when_nothing_to_count() -> None:
    assert rate(0, 0) is None
    assert rate(0, 5) == 0.0
    assert rate(5, 5) == 100.0
    assert rate(1, 3) == 33.3
    assert rate(2, 3) == 66.7


# Where a deadline stands.


def test_a_clock_counts_down_then_overdue() -> None:
    due = utc(2025, 6, 2, 12)
    assert Clock(due_at=due, done_at=None, now=utc(2025, 6, 2, 6, 40)).words == "5 hours 20 minutes left"
    late = Clock(due_at=due, done_at=None, now=utc(2025, 6, 2, 14, 1))
    assert late.breached
    assert late.words == "overdue by 2 hours 1 minute"


def test_a_clock_that_stopped_says_whether_it_was_met() -> None:
    due = utc(2025, 6, 2, 12)
    assert Clock(due_at=due, done_at=utc(2025, 6, 2, 11), now=utc(2025, 6, 9)).words == (
        "met with 1 hour 0 minutes to spare"
    )
    assert Clock(due_at=due, done_at=utc(2025, 6, 2, 13, 30), now=utc(2025, 6, 2, 11)).words == (
        "late by 1 hour 30 minutes"
    )
