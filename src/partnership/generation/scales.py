"""The sizes a generation run can take: how many councils, years and contacts a council sees a year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """A size of run: councils, default years, contacts per council a year, schools per council."""

    name: str
    councils: int
    years: int
    contacts_per_year: int
    schools: int
    postgres_only: bool = False


SCALES = {
    "demo": Scale("demo", councils=1, years=1, contacts_per_year=3_000, schools=12),
    "county": Scale("county", councils=1, years=5, contacts_per_year=30_000, schools=250),
    "region": Scale("region", councils=12, years=3, contacts_per_year=9_000, schools=90),
    "national": Scale("national", councils=152, years=2, contacts_per_year=7_000, schools=70, postgres_only=True),
}
