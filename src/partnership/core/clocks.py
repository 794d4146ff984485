"""Calendar arithmetic on the Europe/London calendar that every app's rules share."""

from __future__ import annotations

import calendar
from datetime import date, datetime
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
