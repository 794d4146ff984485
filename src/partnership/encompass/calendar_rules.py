"""Pure rules of Operation Encompass: a school's calendar and the deadline to tell it about an incident.

The deadline is the start of the next day the setting is open after the incident, counted on the Europe/London
calendar (term dates, INSET days, closures and England and Wales bank holidays), so weekends and holidays included.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from partnership.core.clocks import LONDON, is_bank_holiday

DEFAULT_OPENS_AT = time(8, 45)
WEEKDAYS = frozenset({0, 1, 2, 3, 4})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TERM_NAME_LENGTH = 100  # as long as a term's name may be stored

Term = tuple[date, date]


@dataclass(frozen=True)
class SchoolCalendar:
    """When a setting is open: its terms (first and last day, inclusive), closed days and the start of its day."""

    terms: tuple[Term, ...]
    closed_days: frozenset[date] = frozenset()
    opens_at: time = DEFAULT_OPENS_AT
    open_weekdays: frozenset[int] = field(default=WEEKDAYS)

    def __post_init__(self) -> None:
        """Refuse a term that ends before it starts, which would silently close the school."""
        for first, last in self.terms:
            if last < first:
                raise ValueError(f"A term cannot end ({last}) before it starts ({first}).")


ALWAYS: tuple[Term, ...] = ((date(1900, 1, 1), date(9999, 12, 31)),)


def working_calendar(
    *, closed_days: frozenset[date] = frozenset(), opens_at: time = DEFAULT_OPENS_AT
) -> SchoolCalendar:
    """An office open every weekday of the year but bank holidays: the council's home education team."""
    return SchoolCalendar(terms=ALWAYS, closed_days=closed_days, opens_at=opens_at)


def with_overrides(
    default: SchoolCalendar,
    *,
    terms: tuple[Term, ...] | None = None,
    closed_days: frozenset[date] = frozenset(),
    opens_at: time | None = None,
) -> SchoolCalendar:
    """A school's calendar: the council default with the school's own terms, extra closed days and start time."""
    return replace(
        default,
        terms=default.terms if terms is None else terms,
        closed_days=default.closed_days | closed_days,
        opens_at=default.opens_at if opens_at is None else opens_at,
    )


def is_open(calendar: SchoolCalendar, day: date) -> bool:
    """Whether the setting opens on a day: an open weekday in a term, not closed, not a bank holiday."""
    return (
        day.weekday() in calendar.open_weekdays
        and any(first <= day <= last for first, last in calendar.terms)
        and day not in calendar.closed_days
        and not is_bank_holiday(day)
    )


def day_start(calendar: SchoolCalendar, day: date) -> datetime:
    """The instant, in UTC, the setting's day starts on a day in England (so 08:45 is 07:45 UTC in summer)."""
    return datetime.combine(day, calendar.opens_at, tzinfo=LONDON).astimezone(UTC)


def next_open_day_start(calendar: SchoolCalendar, instant: datetime, *, horizon_days: int = 400) -> datetime | None:
    """The start of the next school day after an incident, in UTC, or None when nothing opens within the horizon."""
    if instant.tzinfo is None:
        raise ValueError("An instant must carry its time zone.")
    today = instant.astimezone(LONDON).date()
    if is_open(calendar, today) and day_start(calendar, today) > instant:
        return day_start(calendar, today)  # the child arrives at school this morning
    for offset in range(1, horizon_days + 1):
        day = today + timedelta(days=offset)
        if is_open(calendar, day):
            return day_start(calendar, day)
    return None


def _read_date(text: str) -> date | None:
    """A date written as YYYY-MM-DD, or None when it is not one."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_term_dates_csv(text: str) -> tuple[tuple[Term, ...], list[str]]:
    """Read term_name,first_day,last_day rows into terms in date order, or no terms and every problem found."""
    named, problems = parse_named_terms(text)
    return tuple((first, last) for _, first, last in named), problems


def parse_named_terms(text: str) -> tuple[list[tuple[str, date, date]], list[str]]:
    """The term dates of a CSV with their names, in date order, or none and every problem found, by line."""
    problems: list[str] = []
    rows: list[tuple[int, str, date, date]] = []
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        lines = [(reader.line_num, [cell.strip() for cell in cells]) for cells in reader]
    except csv.Error as error:
        return [], [f"line {reader.line_num}: the file could not be read as CSV ({error})"]
    for line, cells in lines:
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() == "term_name":
            continue
        if len(cells) != 3 or not all(cells):
            problems.append(f"line {line}: a column is missing or extra (expected term_name,first_day,last_day)")
            continue
        name, first_text, last_text = cells
        if len(name) > TERM_NAME_LENGTH:
            problems.append(f"line {line}: the term_name is longer than {TERM_NAME_LENGTH} characters")
            continue
        if any(ord(character) < 32 or ord(character) == 127 for character in name):
            problems.append(f"line {line}: the term_name contains a control character, which cannot be stored")
            continue
        first, last = _read_date(first_text), _read_date(last_text)
        bad = [label for label, value in (("first_day", first), ("last_day", last)) if value is None]
        if first is None or last is None:
            problems.append(f"line {line}: {' and '.join(bad)} is not a date written YYYY-MM-DD")
            continue
        if last < first:
            problems.append(f"line {line}: {name} ends ({last}) before it starts ({first})")
            continue
        rows.append((line, name, first, last))
    rows.sort(key=lambda row: (row[2], row[0]))
    reaching = rows[:1]  # the term reaching furthest so far, which any later overlap must meet
    for row in rows[1:]:
        if row[2] <= reaching[0][3]:
            problems.append(f"line {row[0]}: {row[1]} overlaps {reaching[0][1]} (line {reaching[0][0]})")
        if row[3] > reaching[0][3]:
            reaching = [row]
    if not rows and not problems:
        problems.append("line 1: the file has no term dates")
    if problems:
        return [], sorted(problems, key=lambda problem: int(problem.split(":")[0].removeprefix("line ")))
    return [(name, first, last) for _, name, first, last in rows], []
