"""The England and Wales bank holidays of 2024-2027, written out from the GOV.UK list for the calendar tests.

They are kept apart from the product's own calendar so that a wrong bank holiday there fails the tests.
"""

from __future__ import annotations

from datetime import date

BANK_HOLIDAYS = frozenset(
    {
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday is the substitute day.
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
    }
)
