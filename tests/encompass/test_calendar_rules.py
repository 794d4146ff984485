"""Operation Encompass deadlines: worked examples and properties over every hour of 2024-2026 on a realistic English
school calendar (terms with half-terms, INSET days, bank holidays, both clock changes). No database.

The bank holidays (tests/bank_holidays.py) are written out from the GOV.UK list, independently of the product's
calendar, so a wrong bank holiday calendar fails these tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnership.core.clocks import LONDON
from partnership.encompass.calendar_rules import (
    SchoolCalendar,
    is_open,
    next_open_day_start,
    parse_term_dates_csv,
    with_overrides,
)
from tests.bank_holidays import BANK_HOLIDAYS

# A council's term dates, written as blocks between holidays (half-terms fall between the blocks).
ENGLISH = SchoolCalendar(
    terms=(
        (date(2024, 1, 2), date(2024, 2, 9)),
        (date(2024, 2, 19), date(2024, 3, 28)),
        (date(2024, 4, 15), date(2024, 5, 24)),  # May Day, 6 May, is inside the block
        (date(2024, 6, 3), date(2024, 7, 23)),
        (date(2024, 9, 2), date(2024, 10, 25)),
        (date(2024, 11, 4), date(2024, 12, 20)),
        (date(2025, 1, 6), date(2025, 2, 14)),
        (date(2025, 2, 24), date(2025, 4, 4)),  # the spring clock change, 30 March, falls in term
        (date(2025, 4, 22), date(2025, 5, 23)),
        (date(2025, 6, 2), date(2025, 7, 22)),
        (date(2025, 9, 1), date(2025, 10, 24)),
        (date(2025, 11, 3), date(2025, 12, 19)),  # the autumn clock change, 26 October, falls in half-term
        (date(2026, 1, 5), date(2026, 2, 13)),
        (date(2026, 2, 23), date(2026, 3, 27)),
        (date(2026, 4, 13), date(2026, 5, 22)),
        (date(2026, 6, 1), date(2026, 7, 21)),
        (date(2026, 9, 2), date(2026, 10, 23)),
        (date(2026, 11, 2), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 2, 12)),
    ),
    closed_days=frozenset(
        {
            date(2024, 1, 2),
            date(2024, 9, 2),
            date(2024, 9, 3),
            date(2024, 11, 4),
            date(2025, 6, 2),
            date(2025, 9, 1),
            date(2025, 9, 2),
            date(2026, 1, 5),
            date(2026, 7, 20),
            date(2026, 9, 2),
        }
    ),
)
DEFAULT_START = time(8, 45)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def independently_open(calendar: SchoolCalendar, day: date) -> bool:
    """Openness worked out without the product's bank holidays, to catch a wrong holiday calendar."""
    return (
        day.weekday() < 5
        and any(first <= day <= last for first, last in calendar.terms)
        and day not in calendar.closed_days
        and day not in BANK_HOLIDAYS
    )


# Worked examples ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incident", "deadline"),
    [
        pytest.param(london(2025, 3, 7, 18, 0), utc(2025, 3, 10, 8, 45), id="friday-evening-to-monday"),
        pytest.param(london(2025, 2, 14, 18, 0), utc(2025, 2, 24, 8, 45), id="friday-before-half-term"),
        pytest.param(london(2025, 3, 12, 7, 30), utc(2025, 3, 12, 8, 45), id="before-school-same-morning"),
        pytest.param(london(2025, 3, 12, 9, 30), utc(2025, 3, 13, 8, 45), id="after-school-starts-next-day"),
        pytest.param(london(2025, 3, 12, 8, 45), utc(2025, 3, 13, 8, 45), id="at-the-start-next-day"),
        pytest.param(london(2025, 5, 2, 18, 0), utc(2025, 5, 6, 7, 45), id="may-day-in-term-skipped"),
        pytest.param(london(2024, 11, 1, 12, 0), utc(2024, 11, 5, 8, 45), id="inset-after-half-term-skipped"),
        pytest.param(london(2025, 3, 30, 12, 0), utc(2025, 3, 31, 7, 45), id="spring-clock-change-sunday"),
        pytest.param(utc(2025, 3, 30, 0, 30), utc(2025, 3, 31, 7, 45), id="spring-change-night-before"),
        pytest.param(london(2025, 10, 26, 12, 0), utc(2025, 11, 3, 8, 45), id="autumn-change-in-half-term"),
        pytest.param(london(2025, 8, 10, 14, 0), utc(2025, 9, 3, 7, 45), id="summer-to-autumn-term-after-inset"),
        pytest.param(utc(2025, 3, 30, 23, 30), utc(2025, 3, 31, 7, 45), id="monday-00-30-bst-same-morning"),
        pytest.param(london(2024, 12, 20, 15, 0), utc(2025, 1, 6, 8, 45), id="christmas-holidays"),
        pytest.param(london(2025, 12, 24, 22, 0), utc(2026, 1, 6, 8, 45), id="christmas-then-inset"),
    ],
)
def test_worked_examples(incident: datetime, deadline: datetime) -> None:
    found = next_open_day_start(ENGLISH, incident)
    assert found == deadline
    assert found is not None and found.tzinfo == UTC


def test_good_friday_and_easter_monday_inside_a_term_are_skipped() -> None:
    spanning_easter = SchoolCalendar(terms=((date(2025, 4, 1), date(2025, 4, 30)),))
    assert next_open_day_start(spanning_easter, london(2025, 4, 17, 18, 0)) == utc(2025, 4, 22, 7, 45)
    assert not is_open(spanning_easter, date(2025, 4, 18))
    assert not is_open(spanning_easter, date(2025, 4, 21))


def test_the_october_clock_change_sunday_gives_monday_0845_gmt() -> None:
    autumn = SchoolCalendar(terms=((date(2025, 9, 1), date(2025, 12, 19)),))
    assert next_open_day_start(autumn, london(2025, 10, 26, 12, 0)) == utc(2025, 10, 27, 8, 45)
    # Half past midnight UTC on the Sunday is 01:30 BST, before the clocks go back: still the Monday.
    assert next_open_day_start(autumn, utc(2025, 10, 26, 0, 30)) == utc(2025, 10, 27, 8, 45)
    # Friday before: school starts at 07:45 UTC that summer-time morning if it is before it.
    assert next_open_day_start(autumn, utc(2025, 10, 24, 6, 0)) == utc(2025, 10, 24, 7, 45)


def test_an_unexpected_closure_added_later_moves_the_deadline() -> None:
    incident = london(2025, 3, 7, 18, 0)
    assert next_open_day_start(ENGLISH, incident) == utc(2025, 3, 10, 8, 45)
    snowed_in = with_overrides(ENGLISH, closed_days=frozenset({date(2025, 3, 10)}))
    assert next_open_day_start(snowed_in, incident) == utc(2025, 3, 11, 8, 45)


def test_nothing_open_within_the_horizon_is_none() -> None:
    assert next_open_day_start(ENGLISH, london(2025, 8, 10, 14, 0), horizon_days=20) is None
    assert next_open_day_start(ENGLISH, london(2027, 3, 1, 12, 0)) is None
    assert next_open_day_start(SchoolCalendar(terms=()), london(2025, 3, 12, 7, 0)) is None


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_open_day_start(ENGLISH, datetime(2025, 3, 12, 7, 0))


def test_a_term_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        SchoolCalendar(terms=((date(2025, 4, 30), date(2025, 4, 1)),))


def test_a_setting_open_on_saturdays() -> None:
    weekend_club = SchoolCalendar(terms=ENGLISH.terms, open_weekdays=frozenset({0, 1, 2, 3, 4, 5}))
    assert next_open_day_start(weekend_club, london(2025, 3, 7, 18, 0)) == utc(2025, 3, 8, 8, 45)


# Overrides ------------------------------------------------------------------------------------------------------------


def test_a_school_inherits_the_council_default() -> None:
    assert with_overrides(ENGLISH) == ENGLISH


def test_a_school_overrides_terms_adds_closures_and_sets_its_start() -> None:
    own_terms = ((date(2025, 1, 7), date(2025, 2, 14)),)
    school = with_overrides(ENGLISH, terms=own_terms, closed_days=frozenset({date(2025, 1, 10)}), opens_at=time(8, 30))
    assert school.terms == own_terms
    assert school.closed_days == ENGLISH.closed_days | {date(2025, 1, 10)}
    assert school.opens_at == time(8, 30)
    assert school.open_weekdays == ENGLISH.open_weekdays
    assert ENGLISH.opens_at == DEFAULT_START  # the default is untouched
    assert next_open_day_start(school, london(2025, 1, 6, 12, 0)) == utc(2025, 1, 7, 8, 30)
    assert next_open_day_start(school, london(2025, 1, 9, 12, 0)) == utc(2025, 1, 13, 8, 30)


def test_closed_days_add_and_never_reopen_the_default() -> None:
    school = with_overrides(ENGLISH, closed_days=frozenset({date(2025, 3, 10)}))
    assert ENGLISH.closed_days <= school.closed_days
    assert not is_open(school, date(2024, 9, 2))  # the council's INSET day still applies


# Properties -----------------------------------------------------------------------------------------------------------

INCIDENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31, 23, 59), timezones=st.just(UTC)
)


def check_deadline(calendar: SchoolCalendar, incident: datetime) -> datetime:
    """Every property of a deadline; returns it for further checks."""
    deadline = next_open_day_start(calendar, incident)
    assert deadline is not None
    assert deadline.tzinfo == UTC
    assert deadline > incident
    deadline_day = deadline.astimezone(LONDON).date()
    assert is_open(calendar, deadline_day)
    assert independently_open(calendar, deadline_day)
    assert deadline.astimezone(LONDON).timetz().replace(tzinfo=None) == calendar.opens_at
    incident_day = incident.astimezone(LONDON).date()
    assert deadline_day >= incident_day
    starts_today = datetime.combine(incident_day, calendar.opens_at, tzinfo=LONDON)
    if independently_open(calendar, incident_day) and incident < starts_today:
        assert deadline_day == incident_day  # the child is at school that morning
    day = incident_day + timedelta(days=1)
    while day < deadline_day:
        assert not is_open(calendar, day), f"{day} is open between {incident} and {deadline}"
        assert not independently_open(calendar, day)
        day += timedelta(days=1)
    return deadline


@settings(max_examples=600, deadline=None)
@given(incident=INCIDENTS)
def test_the_deadline_is_the_start_of_the_next_open_day(incident: datetime) -> None:
    check_deadline(ENGLISH, incident)


def test_every_hour_of_2024_to_2026() -> None:
    incident, end = utc(2024, 1, 1), utc(2027, 1, 1)
    while incident < end:
        check_deadline(ENGLISH, incident)
        incident += timedelta(hours=1)


def test_every_quarter_hour_around_both_clock_changes() -> None:
    for start in (utc(2025, 3, 28), utc(2025, 10, 24), utc(2024, 3, 29), utc(2026, 10, 23)):
        incident = start
        while incident < start + timedelta(days=4):
            check_deadline(ENGLISH, incident)
            incident += timedelta(minutes=15)


@settings(max_examples=300, deadline=None)
@given(
    incident=INCIDENTS,
    closures=st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 1, 31)), max_size=30),
    opens_at=st.times(min_value=time(7, 0), max_value=time(10, 0)).map(lambda t: t.replace(microsecond=0)),
)
def test_closures_only_ever_push_the_deadline_later(
    incident: datetime, closures: frozenset[date], opens_at: time
) -> None:
    school = with_overrides(ENGLISH, opens_at=opens_at)
    closed = with_overrides(school, closed_days=closures)
    before, after = check_deadline(school, incident), check_deadline(closed, incident)
    assert after >= before
    if before.astimezone(LONDON).date() not in closures:
        assert after == before


# Term dates from CSV --------------------------------------------------------------------------------------------------

GOOD_CSV = """\ufeffterm_name,first_day,last_day
Autumn 1,2025-09-01,2025-10-24
Autumn 2,2025-11-03,2025-12-19

Spring 2,2026-02-23,2026-03-27
Spring 1, 2026-01-05 , 2026-02-13
"""


def test_a_good_file_gives_terms_in_date_order() -> None:
    terms, problems = parse_term_dates_csv(GOOD_CSV)
    assert problems == []
    assert terms == (
        (date(2025, 9, 1), date(2025, 10, 24)),
        (date(2025, 11, 3), date(2025, 12, 19)),
        (date(2026, 1, 5), date(2026, 2, 13)),
        (date(2026, 2, 23), date(2026, 3, 27)),
    )
    assert with_overrides(ENGLISH, terms=terms).terms == terms


def test_a_file_without_a_header_is_read() -> None:
    terms, problems = parse_term_dates_csv("Autumn 1,2025-09-01,2025-10-24\n")
    assert (terms, problems) == (((date(2025, 9, 1), date(2025, 10, 24)),), [])


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        pytest.param("Autumn 2,2025-11-03", "missing", id="missing-column"),
        pytest.param("Autumn 2,,2025-12-19", "missing", id="empty-column"),
        pytest.param("Autumn 2,2025-11-03,2025-12-19,extra", "extra", id="extra-column"),
        pytest.param("Autumn 2,03/11/2025,2025-12-19", "first_day is not a date", id="british-date"),
        pytest.param("Autumn 2,2025-11-03,2025-02-30", "last_day is not a date", id="no-such-day"),
        pytest.param("Autumn 2,20251103,2025-12-19", "first_day is not a date", id="compact-iso"),
        pytest.param("Autumn 2,2025-12-19,2025-11-03", "ends (2025-11-03) before it starts", id="last-before-first"),
        pytest.param("Autumn 2,2025-10-20,2025-12-19", "overlaps Autumn 1 (line 2)", id="overlap"),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_nothing_is_kept(bad_row: str, reason: str) -> None:
    text = f"term_name,first_day,last_day\nAutumn 1,2025-09-01,2025-10-24\n{bad_row}\nSpring 1,2026-01-05,2026-02-13\n"
    terms, problems = parse_term_dates_csv(text)
    assert terms == ()
    assert len(problems) == 1
    assert problems[0].startswith("line 3: ")
    assert reason in problems[0]


def test_an_overlap_with_a_long_earlier_term_is_found() -> None:
    text = "Year,2025-09-01,2026-07-22\nAutumn 1,2025-09-01,2025-10-24\nSpring 1,2026-01-05,2026-02-13\n"
    terms, problems = parse_term_dates_csv(text)
    assert terms == ()
    assert [problem.split(":")[0] for problem in problems] == ["line 2", "line 3"]


def test_every_problem_is_reported_in_line_order() -> None:
    text = "term_name,first_day,last_day\nA,2025-09-01\nB,2025-13-01,2025-12-19\nC,2026-02-01,2026-01-01\nD,x,y\n"
    terms, problems = parse_term_dates_csv(text)
    assert terms == ()
    assert [problem.split(":")[0] for problem in problems] == ["line 2", "line 3", "line 4", "line 5"]
    assert "first_day and last_day" in problems[3]


def test_an_empty_file_is_refused() -> None:
    assert parse_term_dates_csv("term_name,first_day,last_day\n") == ((), ["line 1: the file has no term dates"])
