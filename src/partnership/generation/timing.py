"""When generated things happen: the seasonal shape of demand, and times of day kept in UTC whatever the clocks do."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from partnership.core.clocks import LONDON, is_bank_holiday
from partnership.generation.chance import Chance

# Contacts rise in the autumn term and after new year, fall in August and over Christmas.
MONTH_WEIGHTS = {
    1: 1.08,
    2: 1.08,
    3: 1.1,
    4: 0.95,
    5: 1.02,
    6: 1.02,
    7: 0.98,
    8: 0.72,
    9: 1.12,
    10: 1.15,
    11: 1.15,
    12: 0.85,
}
WEEKDAY_WEIGHTS = (1.18, 1.15, 1.12, 1.12, 1.1, 0.45, 0.38)
OFFICE_HOURS = [0.2] * 7 + [0.6, 2.5, 3.2, 3.2, 3.0, 2.6, 3.0, 3.0, 2.8, 2.2, 1.0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.2]
POLICE_HOURS = [
    2.0,
    2.2,
    1.8,
    1.2,
    0.8,
    0.5,
    0.4,
    0.5,
    0.8,
    0.9,
    0.9,
    0.9,
    1.0,
    1.0,
    1.0,
    1.1,
    1.3,
    1.6,
    2.0,
    2.4,
    2.6,
    2.8,
    2.8,
    2.4,
]


def is_christmas(day: date) -> bool:
    """The quiet days between Christmas Eve and New Year's Day."""
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1)


def day_weight(day: date) -> float:
    """How busy the front door is on a day, relative to an ordinary one."""
    weight = MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()]
    if is_bank_holiday(day):
        weight *= 0.45
    if is_christmas(day):
        weight *= 0.4
    return weight


def daily_counts(chance: Chance, first: date, last: date, per_year: float) -> list[tuple[date, int]]:
    """How many contacts arrive each day from first to last inclusive, averaging `per_year` over a year."""
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    weights = [day_weight(day) for day in days]
    mean = sum(weights) / len(weights)
    return [(day, chance.count(per_year / 365.25 * weight / mean)) for day, weight in zip(days, weights, strict=True)]


def london_instant(day: date, hour: int, minute: int, *, fold: int = 0) -> datetime:
    """The UTC instant of a London wall-clock time; a time the spring change skips is moved on an hour."""
    local = datetime.combine(day, time(hour, minute), tzinfo=LONDON).replace(fold=fold)
    instant = local.astimezone(UTC)
    back = instant.astimezone(LONDON)
    if (back.hour, back.minute) != (hour, minute):  # 01:xx on the spring day does not exist in London
        instant = (datetime.combine(day, time(hour, minute)) + timedelta(hours=1)).replace(tzinfo=LONDON)
        instant = instant.astimezone(UTC)
    return instant


def time_of_day(chance: Chance, day: date, *, police: bool) -> datetime:
    """A moment on a London day: office hours mostly, the police at night and at weekends too."""
    hours = POLICE_HOURS if police else OFFICE_HOURS
    hour = chance.weighted(range(24), hours)
    return london_instant(day, hour, chance.between(0, 59), fold=chance.between(0, 1))
