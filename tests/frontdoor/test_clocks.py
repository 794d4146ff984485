"""Working-hour clocks of the front door: properties over 2024-2026 and worked examples across weekends, bank
holidays and the BST/GMT changes. Nothing here touches the database.

The bank holidays (tests/bank_holidays.py) are written out from the GOV.UK list, independently of the product's
calendar, so a wrong calendar fails these tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnership.core.clocks import LONDON, add_working_hours, working_seconds_between
from partnership.frontdoor import rules
from tests.bank_holidays import BANK_HOLIDAYS

DEADLINES = rules.parse_deadlines("red:4:clock,amber:24:working,green:72:clock")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def in_working_hours(instant: datetime) -> bool:
    """On a working day, after 09:00 and no later than 17:00 on the London clock."""
    local = instant.astimezone(LONDON)
    return working_day(local.date()) and time(9) < local.time() <= time(17)


# Instants in 2024-2026, given in UTC or on the London clock (never a wall time the spring change skips).
instants = st.one_of(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31, 23, 59), timezones=st.just(UTC)),
    st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2026, 12, 31, 23, 59),
        timezones=st.just(LONDON),
        allow_imaginary=False,
    ),
)
# Up to 100 working hours (12.5 working days), in minutes, so sums are exact.
hours = st.integers(min_value=0, max_value=100 * 60).map(lambda minutes: minutes / 60)


@settings(max_examples=400, deadline=None)
@given(start=instants, h=hours)
def test_adding_working_hours_never_goes_back_and_counts_exactly_those_hours(start: datetime, h: float) -> None:
    end = add_working_hours(start, h)
    assert end >= start
    assert working_seconds_between(start, end) == pytest.approx(h * 3600, abs=1)


@settings(max_examples=400, deadline=None)
@given(start=instants, h=hours.filter(lambda value: value > 0))
def test_the_deadline_always_falls_in_working_hours_on_a_working_day(start: datetime, h: float) -> None:
    assert in_working_hours(add_working_hours(start, h))


@settings(max_examples=200, deadline=None)
@given(start=instants)
def test_adding_no_hours_stays_put_in_working_hours_or_waits_for_the_next_opening(start: datetime) -> None:
    end = add_working_hours(start, 0)
    assert working_seconds_between(start, end) == 0
    local_start = start.astimezone(LONDON)
    if working_day(local_start.date()) and time(9) <= local_start.time() < time(17):
        assert end == start
    else:
        local = end.astimezone(LONDON)
        assert local.time() == time(9)
        assert working_day(local.date())


@settings(max_examples=400, deadline=None)
@given(start=instants, h1=hours, h2=hours)
def test_adding_in_two_steps_is_adding_the_sum(start: datetime, h1: float, h2: float) -> None:
    in_two_steps = add_working_hours(add_working_hours(start, h1), h2)
    assert abs((in_two_steps - add_working_hours(start, h1 + h2)).total_seconds()) < 1


@settings(max_examples=200, deadline=None)
@given(start=instants, end=instants)
def test_working_seconds_are_never_negative_nor_more_than_the_clock_time(start: datetime, end: datetime) -> None:
    seconds = working_seconds_between(start, end)
    assert 0 <= seconds <= max(0.0, (end - start).total_seconds())


# Worked examples of add_working_hours.


def test_friday_afternoon_plus_four_working_hours_is_monday_morning() -> None:
    # Friday 10 January 2025 15:00 GMT: 2 hours on Friday, then 2 hours from 09:00 on Monday 13 January.
    assert add_working_hours(london(2025, 1, 10, 15), 4) == london(2025, 1, 13, 11)


def test_the_spring_clock_change_over_the_weekend_keeps_the_working_hours() -> None:
    # Friday 28 March 2025 15:00 GMT + 4: 2 hours on Friday; the clocks go forward on Sunday 30 March; 2 hours from
    # 09:00 BST on Monday 31 March: 11:00 BST, which is 10:00 UTC.
    due = add_working_hours(utc(2025, 3, 28, 15), 4)
    assert due == london(2025, 3, 31, 11)
    assert due == utc(2025, 3, 31, 10)
    assert due.tzinfo == UTC
    assert working_seconds_between(utc(2025, 3, 28, 15), due) == 4 * 3600


def test_the_autumn_clock_change_over_the_weekend_keeps_the_working_hours() -> None:
    # Friday 24 October 2025 16:00 BST (15:00 UTC) + 3: 1 hour on Friday; the clocks go back on Sunday 26 October;
    # 2 hours from 09:00 GMT on Monday 27 October: 11:00 GMT = 11:00 UTC.
    assert add_working_hours(london(2025, 10, 24, 16), 3) == utc(2025, 10, 27, 11)


def test_christmas_and_boxing_day_and_the_weekend_are_not_working_hours() -> None:
    # Wednesday 24 December 2025 16:00 + 24: 1 hour on the 24th; 25 and 26 December are bank holidays, 27 and 28 the
    # weekend; 8 hours on Monday 29 (9), 8 on Tuesday 30 (17), then 7 on Wednesday 31: 16:00 GMT.
    assert add_working_hours(london(2025, 12, 24, 16), 24) == london(2025, 12, 31, 16)


def test_the_christmas_2026_substitute_bank_holiday_is_not_a_working_day() -> None:
    # Thursday 24 December 2026 16:00 + 2: 1 hour on the 24th; Christmas Day (Friday), the weekend and Monday 28
    # December (Boxing Day's substitute) are closed; 1 hour from 09:00 on Tuesday 29 December.
    assert add_working_hours(london(2026, 12, 24, 16), 2) == london(2026, 12, 29, 10)


def test_easter_2025_good_friday_and_easter_monday_are_not_working_days() -> None:
    # Maundy Thursday 17 April 2025 14:00 BST + 8: 3 hours on Thursday; Good Friday 18, the weekend and Easter Monday
    # 21 April are closed; 5 hours from 09:00 BST on Tuesday 22 April: 14:00 BST = 13:00 UTC.
    due = add_working_hours(london(2025, 4, 17, 14), 8)
    assert due == utc(2025, 4, 22, 13)
    assert working_seconds_between(london(2025, 4, 17, 14), due) == 8 * 3600


def test_a_start_out_of_hours_counts_from_the_next_opening() -> None:
    # Saturday 11 January 2025 at 10:00: the clock starts at 09:00 on Monday 13 January.
    assert add_working_hours(london(2025, 1, 11, 10), 1) == london(2025, 1, 13, 10)
    # Tuesday 14 January 2025 at 20:00: the clock starts at 09:00 on Wednesday.
    assert add_working_hours(london(2025, 1, 14, 20), 8) == london(2025, 1, 15, 17)
    # Before opening on a working day.
    assert add_working_hours(london(2025, 1, 14, 7, 30), 0.5) == london(2025, 1, 14, 9, 30)


def test_working_seconds_between_skip_nights_weekends_and_bank_holidays() -> None:
    # Thursday 17 April 2025 16:00 BST to Tuesday 22 April 10:00 BST: 1 hour + 1 hour.
    assert working_seconds_between(london(2025, 4, 17, 16), london(2025, 4, 22, 10)) == 2 * 3600
    assert working_seconds_between(london(2025, 4, 22, 10), london(2025, 4, 17, 16)) == 0


def test_an_instant_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        add_working_hours(datetime(2025, 1, 10, 15), 4)


# The front door's rules on top of the clocks.


def test_red_research_runs_four_clock_hours_through_the_night_and_the_weekend() -> None:
    # Friday 10 January 2025 22:00 GMT: due at 02:00 on Saturday, not on Monday.
    assert rules.research_due(utc(2025, 1, 10, 22), "red", deadlines=DEADLINES) == utc(2025, 1, 11, 2)
    # Sunday 12 January 2025 13:00: due at 17:00 the same Sunday.
    assert rules.research_due(utc(2025, 1, 12, 13), "red", deadlines=DEADLINES) == utc(2025, 1, 12, 17)


def test_red_research_is_four_real_hours_across_the_spring_clock_change() -> None:
    # Saturday 29 March 2025 23:30 GMT (given on the London clock): four real hours later is 03:30 UTC on Sunday 30
    # March, which is 04:30 BST. The wall clock skips 01:00-02:00, so adding four hours to the wall time would be
    # only three real hours.
    opened = london(2025, 3, 29, 23, 30)
    due = rules.research_due(opened, "red", deadlines=DEADLINES)
    assert (due.astimezone(UTC) - opened.astimezone(UTC)).total_seconds() == 4 * 3600
    assert due == utc(2025, 3, 30, 3, 30)


def test_green_research_is_seventy_two_real_hours_across_the_autumn_clock_change() -> None:
    # Friday 24 October 2025 12:00 BST (11:00 UTC): 72 real hours later is 11:00 UTC on Monday 27 October, which is
    # 11:00 GMT (the wall clock shows 71 hours because the clocks went back on Sunday).
    opened = london(2025, 10, 24, 12)
    due = rules.research_due(opened, "green", deadlines=DEADLINES)
    assert due == utc(2025, 10, 27, 11)
    assert rules.research_due(utc(2025, 10, 24, 11), "green", deadlines=DEADLINES) == utc(2025, 10, 27, 11)


def test_amber_research_is_twenty_four_working_hours() -> None:
    # Monday 13 January 2025 10:00: three working days of 8 hours: Thursday 16 January 10:00.
    assert rules.research_due(london(2025, 1, 13, 10), "amber", deadlines=DEADLINES) == london(2025, 1, 16, 10)
    # Over Easter: Thursday 17 April 2025 10:00 BST: 7 hours on Thursday, 8 on Tuesday 22, 8 on Wednesday 23, 1 on
    # Thursday 24 April: 10:00 BST (09:00 UTC).
    assert rules.research_due(london(2025, 4, 17, 10), "amber", deadlines=DEADLINES) == utc(2025, 4, 24, 9)


def test_a_deadline_setting_with_another_unit_is_refused() -> None:
    assert rules.parse_deadlines(" red : 2 : working , amber:6:clock") == {
        "red": (2.0, "working"),
        "amber": (6.0, "clock"),
    }
    with pytest.raises(ValueError, match="clock or working"):
        rules.parse_deadlines("red:4:clock,amber:24:days")


def test_the_decision_is_due_one_working_day_later_at_the_same_time() -> None:
    # Friday 10 January 2025 15:00: Monday 13 January 15:00.
    assert rules.decision_due(london(2025, 1, 10, 15), working_days=1) == london(2025, 1, 13, 15)
    # Across the spring change: Friday 28 March 2025 15:00 GMT -> Monday 31 March 15:00 BST (14:00 UTC).
    assert rules.decision_due(utc(2025, 3, 28, 15), working_days=1) == utc(2025, 3, 31, 14)


def test_the_decision_clock_skips_the_easter_bank_holidays() -> None:
    # Maundy Thursday 17 April 2025 11:00 BST: Good Friday, the weekend and Easter Monday are not working days, so the
    # decision is due on Tuesday 22 April at 11:00 BST.
    assert rules.decision_due(utc(2025, 4, 17, 10), working_days=1) == utc(2025, 4, 22, 10)
    # A contact on Good Friday itself counts from 09:00 on the next working day (Tuesday): due Wednesday 09:00.
    assert rules.decision_due(london(2025, 4, 18, 14), working_days=1) == london(2025, 4, 23, 9)


def test_a_weekend_contact_counts_from_monday_morning() -> None:
    # Saturday 11 January 2025 at 22:00: from 09:00 on Monday 13, one working day is Tuesday 14 January at 09:00.
    assert rules.decision_due(london(2025, 1, 11, 22), working_days=1) == london(2025, 1, 14, 9)


@settings(max_examples=200, deadline=None)
@given(received=instants)
def test_the_decision_is_due_after_the_contact_on_a_working_day(received: datetime) -> None:
    due = rules.decision_due(received, working_days=1)
    local = due.astimezone(LONDON)
    assert due > received
    assert working_day(local.date())
    assert due - received >= timedelta(hours=23)  # a full day, less the hour the spring change takes away
