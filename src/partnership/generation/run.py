"""Runs a generation: checks it is safe, builds each council's partnership and practice, and sums up what it wrote."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import Child
from partnership.core.clocks import add_months
from partnership.core.progress import SILENT, Progress
from partnership.encompass import calendar_rules
from partnership.encompass.models import Term
from partnership.frontdoor.models import Contact
from partnership.generation.audits import AuditBuilder
from partnership.generation.chance import Chance
from partnership.generation.families import FamilyBuilder
from partnership.generation.frontdoor import FrontDoorBuilder
from partnership.generation.incidents import IncidentBuilder
from partnership.generation.meetings import MeetingBuilder
from partnership.generation.plans import PlanBuilder
from partnership.generation.scales import SCALES
from partnership.generation.timing import london_instant
from partnership.generation.world import CouncilBuilder, academic_terms
from partnership.generation.writer import RowWriter, refresh_statistics


class GenerationRefused(Exception):
    """The run was refused before anything was written; the message says why and what to do."""


@dataclass
class Summary:
    """What a run wrote: rows per table and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Rows written in all."""
        return sum(self.rows.values())

    def lines(self) -> list[str]:
        """The summary as lines to print: rows per table, then the totals and the rate."""
        width = max((len(table) for table in self.rows), default=10)
        lines = [f"  {table:<{width}} {count:>12,}" for table, count in sorted(self.rows.items())]
        rate = self.total / self.seconds if self.seconds else 0.0
        lines.append(f"  {'total':<{width}} {self.total:>12,} rows in {self.seconds:,.1f} s ({rate:,.0f} rows/s)")
        return lines


def holds_records() -> bool:
    """Whether the database already holds people, agencies, children or contacts."""
    return any(model.objects.exists() for model in (Agency, Child, Contact, User))


def check(*, scale: str, into_existing: bool) -> None:
    """Refuse a run that cannot work here, or that would mix invented records into a database with real ones."""
    if SCALES[scale].postgres_only and connection.vendor != "postgresql":
        raise GenerationRefused(
            f"The {scale} scale needs PostgreSQL: SQLite cannot hold it in useful time. "
            "Set DATABASE_URL to a PostgreSQL database and run it again."
        )
    if holds_records() and not into_existing:
        raise GenerationRefused(
            "Refused: this database already holds records. Generated children and contacts are invented and would "
            "be mixed with the real ones (or the demo's) beyond telling apart. Use an empty database, or add "
            "--into-existing if you are sure this is a throwaway one."
        )


def _now(until: date) -> datetime:
    end = london_instant(until, 17, 0)
    return min(end, timezone.now()) if until >= timezone.localdate() else end


def _terms(writer: RowWriter, chance: Chance, first: date, last: date) -> calendar_rules.SchoolCalendar:
    terms = academic_terms(first.year - 1, last.year)
    if not Term.objects.filter(setting__isnull=True).exists():
        for name, start, end in terms:
            created = london_instant(start.date(), 0, 0)
            writer.add(
                Term(
                    id=chance.uuid(),
                    name=name,
                    first_day=start.date(),
                    last_day=end.date(),
                    created_at=created,
                    updated_at=created,
                )
            )
    return calendar_rules.SchoolCalendar(terms=tuple((start.date(), end.date()) for _n, start, end in terms))


def generate(
    *,
    scale: str,
    seed: int = 1,
    years: int | None = None,
    until: date | None = None,
    into_existing: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Write a scale's synthetic partnership in one transaction, deterministically for the seed, and sum it up."""
    check(scale=scale, into_existing=into_existing)
    size = SCALES[scale]
    until = until or timezone.localdate()
    years = years or size.years
    first = add_months(until, -12 * years) + timedelta(days=1)
    now = _now(until)
    start = london_instant(first, 0, 0) - timedelta(days=30)
    chance = Chance(seed)
    progress = progress or SILENT
    writer = RowWriter(progress)
    started = time.perf_counter()
    with transaction.atomic():
        progress.stage("School terms")
        school = _terms(writer, chance, first, until)
        builder = CouncilBuilder(chance, writer, start)
        for index in range(size.councils):
            council_name = f"Council {index + 1} of {size.councils}"
            progress.stage(f"{council_name}: agencies, people and schools")
            council = builder.build(index, contacts_per_year=size.contacts_per_year, schools=size.schools)
            families = FamilyBuilder(chance, writer, council)
            meetings = MeetingBuilder(chance, writer, council, now=now)
            incidents = IncidentBuilder(chance, writer, council, now=now, school=school)
            front_door = FrontDoorBuilder(
                chance, writer, council, now=now, families=families, meetings=meetings, incidents=incidents
            )
            days = (until - first).days + 1
            progress.stage(f"{council_name}: contacts, families, meetings and incidents", total=days, unit="days")
            front_door.run(first, until, size.contacts_per_year)
            progress.stage(f"{council_name}: the improvement plan")
            PlanBuilder(chance, writer, council, now=now).run(first)
            progress.stage(f"{council_name}: case file audits")
            AuditBuilder(chance, writer, council, now=now, families=front_door.known).run(first, until)
            writer.flush()
    progress.stage("Statistics for the query planner")
    refresh_statistics()
    progress.close()
    return Summary(rows=dict(writer.written), seconds=time.perf_counter() - started)
