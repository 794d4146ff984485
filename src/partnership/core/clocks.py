"""Calendar arithmetic on the Europe/London calendar that every app's rules share."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def add_months(start: date, months: int) -> date:
    """The same day some months later (or earlier), or the month's last day if it has fewer days."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def london_date(instant: datetime) -> date:
    """The calendar day in England of an instant (kept in UTC), so 23:30 UTC in summer is the next day."""
    if instant.tzinfo is None:
        raise ValueError("An instant must carry its time zone.")
    return instant.astimezone(LONDON).date()


@lru_cache(maxsize=64)
def _bank_holidays_of(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def bank_holidays(years: range) -> set[date]:
    """England and Wales bank holidays in the given years."""
    return {day for year in years for day in _bank_holidays_of(year)}


def is_working_day(day: date, *, extra_closures: frozenset[date] = frozenset()) -> bool:
    """Monday to Friday, not a bank holiday in England and Wales, not a local closure."""
    return day.weekday() < 5 and day not in _bank_holidays_of(day.year) and day not in extra_closures


def add_working_days(start: date, days: int) -> date:
    """The working day that is the given number of working days after the start day (0 is the start itself,
    or the next working day if the start is not one)."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after the start day the end day is (0 when the same or earlier)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


@lru_cache(maxsize=256)
def _year_running_total(year: int) -> tuple[int, ...]:
    """For each day of the year, the working days from 1 January up to and including it."""
    total, running = 0, []
    day = date(year, 1, 1)
    while day.year == year:
        total += is_working_day(day)
        running.append(total)
        day += timedelta(days=1)
    return tuple(running)


def _running(day: date, since_year: int) -> int:
    before = sum(_year_running_total(year)[-1] for year in range(since_year, day.year))
    return before + _year_running_total(day.year)[day.toordinal() - date(day.year, 1, 1).toordinal()]


def working_days_from(start: date, end: date) -> int:
    """How many working days (England and Wales) after the start the end falls, counting from the first working
    day on or after the start; 0 for that day or earlier. So the end is within N working days of the start exactly
    when it is no later than `add_working_days(start, N)`."""
    if end <= start:
        return 0
    since = start.year
    return max(_running(end, since) - _running(start, since) - (0 if is_working_day(start) else 1), 0)


def working_day_deadline(instant: datetime, days: int) -> datetime:
    """The instant the given number of working days after another, at the same time of day in England.

    Something that happens on a weekend or bank holiday counts from the start of the next working day.
    """
    local = instant.astimezone(LONDON)
    start_day = local.date()
    clock = local.timetz().replace(tzinfo=None)
    if not is_working_day(start_day):
        clock = time(9, 0)
    due_day = add_working_days(start_day, days)
    return datetime.combine(due_day, clock, tzinfo=LONDON)


def _working_window(day: date, opens: time, closes: time) -> tuple[datetime, datetime] | None:
    if not is_working_day(day):
        return None
    return datetime.combine(day, opens, tzinfo=LONDON), datetime.combine(day, closes, tzinfo=LONDON)


def add_working_hours(start: datetime, hours: float, *, opens: time = time(9), closes: time = time(17)) -> datetime:
    """The instant the given number of working hours after the start, counting only the hours between opening and
    closing on working days in England (time zone changes and bank holidays included); returned in UTC."""
    if start.tzinfo is None:
        raise ValueError("An instant must carry its time zone.")
    remaining = timedelta(hours=hours)
    moment = start.astimezone(LONDON)
    day = moment.date()
    while True:
        window = _working_window(day, opens, closes)
        if window is not None:
            begin = max(window[0], moment)
            if begin < window[1]:
                available = window[1] - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(UTC)
                remaining -= available
        day += timedelta(days=1)
        moment = datetime.combine(day, time.min, tzinfo=LONDON)


def working_seconds_between(start: datetime, end: datetime, *, opens: time = time(9), closes: time = time(17)) -> float:
    """How many seconds of working hours lie between two instants (0 when the end is not after the start)."""
    if end <= start:
        return 0.0
    total = 0.0
    day, last = start.astimezone(LONDON).date(), end.astimezone(LONDON).date()
    while day <= last:
        window = _working_window(day, opens, closes)
        if window is not None:
            begin, finish = max(window[0], start), min(window[1], end)
            if finish > begin:
                total += (finish - begin).total_seconds()
        day += timedelta(days=1)
    return total


def is_bank_holiday(day: date) -> bool:
    """Whether the day is a bank holiday in England and Wales."""
    return day in _bank_holidays_of(day.year)
