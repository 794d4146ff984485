"""When generated things happen: seasonal demand and London times kept in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from partnership.generation.chance import Chance
from partnership.generation.timing import daily_counts, london_instant


def test_a_time_the_spring_change_skips_moves_on_an_hour() -> None:
    assert london_instant(date(2026, 3, 29), 1, 30) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert london_instant(date(2026, 3, 29), 3, 0) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


def test_the_autumn_hour_that_happens_twice_gives_two_instants() -> None:
    first = london_instant(date(2026, 10, 25), 1, 30, fold=0)
    second = london_instant(date(2026, 10, 25), 1, 30, fold=1)
    assert (first, second) == (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC))


def test_demand_peaks_in_the_autumn_and_dips_in_august_and_at_christmas() -> None:
    counts = dict(daily_counts(Chance(1), date(2025, 4, 1), date(2026, 3, 31), 30_000))
    by_month: dict[int, int] = {}
    for day, count in counts.items():
        by_month[day.month] = by_month.get(day.month, 0) + count
    assert 29_000 < sum(counts.values()) < 31_000
    assert by_month[10] > by_month[8] * 1.4
    christmas = sum(counts[date(2025, 12, day)] for day in (24, 25, 26))
    ordinary = sum(counts[date(2025, 12, day)] for day in (9, 10, 11))
    assert christmas < ordinary / 2
