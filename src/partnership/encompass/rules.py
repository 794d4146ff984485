"""Pure rules of Operation Encompass beyond the calendar: who a child in an incident is, and school age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ChildEntry:
    """A child named in an incident: who they are, whether they were there and what they said."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    present: bool
    child_words: str = ""
    local_child_id: str = ""
    nhs_number: str = ""


def age_on(born: date, day: date) -> int:
    """A person's age in whole years on a day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_school_age(age: int, *, youngest: int, oldest: int) -> bool:
    """Whether a child of this age should have a school or college (DOMAIN: reception to 17)."""
    return youngest <= age <= oldest
