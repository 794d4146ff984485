"""When a record passes retention: anniversaries (29 February included), the day itself, and valid periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnership.records import retention_rules as rules
from partnership.records.models import Clock, DecisionAction, RecordType


def test_a_birthday_on_29_february_falls_on_1_march_in_a_common_year() -> None:
    assert rules.anniversary(date(2000, 2, 29), 25) == date(2025, 3, 1)
    assert rules.anniversary(date(2000, 2, 29), 24) == date(2024, 2, 29)
    assert rules.anniversary(date(2001, 2, 28), 25) == date(2026, 2, 28)


def test_a_record_is_past_retention_from_the_day_the_period_ends() -> None:
    born = date(2001, 6, 15)
    assert rules.retention_ends(born, 25) == date(2026, 6, 15)
    assert not rules.is_past_retention(born, 25, date(2026, 6, 14))
    assert rules.is_past_retention(born, 25, date(2026, 6, 15))
    assert rules.days_past(born, 25, date(2026, 6, 15)) == 0
    assert rules.days_past(born, 25, date(2026, 6, 25)) == 10
    assert rules.days_past(born, 25, date(2026, 6, 14)) == -1


def test_a_leap_day_child_is_not_past_retention_on_28_february() -> None:
    born = date(2000, 2, 29)
    assert not rules.is_past_retention(born, 25, date(2025, 2, 28))
    assert rules.is_past_retention(born, 25, date(2025, 3, 1))


@pytest.mark.parametrize("years", [1, 4, 6, 25])
@pytest.mark.parametrize("today", [date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), date(2026, 1, 1)])
def test_the_latest_start_past_agrees_with_the_rule_for_every_start_near_it(years: int, today: date) -> None:
    cutoff = rules.latest_start_past(today, years)
    for offset in range(-800, 800):
        start = cutoff + timedelta(days=offset)
        assert (start <= cutoff) == rules.is_past_retention(start, years, today), (start, today, years)


def test_a_keep_decision_hides_the_record_until_the_day_it_ends() -> None:
    until = rules.keep_until(date(2024, 2, 29), 1)
    assert until == date(2025, 3, 1)
    assert rules.is_kept(until, date(2025, 2, 28))
    assert not rules.is_kept(until, date(2025, 3, 1))
    assert not rules.is_kept(None, date(2025, 3, 1))


def test_a_period_needs_years_a_clock_allowed_for_its_type_and_a_reason() -> None:
    assert rules.period_errors(record_type=RecordType.CHILD, years=25, clock=Clock.BIRTH, reason="Policy") == {}
    errors = rules.period_errors(record_type=RecordType.CHILD, years=0, clock=Clock.SENT, reason="  ")
    assert set(errors) == {"years", "clock", "reason"}
    assert "years" in rules.period_errors(record_type=RecordType.CHILD, years=101, clock=Clock.BIRTH, reason="x")
    assert "years" in rules.period_errors(record_type=RecordType.CHILD, years=None, clock=Clock.BIRTH, reason="x")


def test_a_decision_needs_a_reason_and_a_keep_needs_years() -> None:
    assert rules.decision_errors(action=DecisionAction.DELETE, keep_years=None, reason="Past retention") == {}
    errors = rules.decision_errors(action=DecisionAction.KEEP, keep_years=None, reason="")
    assert set(errors) == {"keep_years", "reason"}
    assert "keep_years" in rules.decision_errors(action=DecisionAction.KEEP, keep_years=26, reason="x")
    assert "action" in rules.decision_errors(action="archive", keep_years=None, reason="x")
