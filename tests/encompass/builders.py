"""Builds Operation Encompass records for tests through the services, at a chosen moment."""

from __future__ import annotations

from datetime import datetime

from partnership.access.models import User
from partnership.children.models import Child
from partnership.core.clocks import LONDON
from partnership.encompass import services
from partnership.encompass.models import Incident
from partnership.encompass.rules import ChildEntry

_counter = iter(range(1, 1_000_000))


def at(text: str) -> datetime:
    """A London wall-clock time, written YYYY-MM-DD HH:MM."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def entry_for(child: Child, *, present: bool = True, words: str = "") -> ChildEntry:
    """The child as an officer would name them: name and date of birth."""
    return ChildEntry(
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth,
        present=present,
        child_words=words,
    )


def record_incident(
    *,
    by: User,
    children: list[ChildEntry],
    occurred: str = "2026-11-13 18:30",
    issued: str = "2026-11-13 22:00",
    risk_level: str = "medium",
    reference: str = "",
) -> Incident:
    """An incident recorded (and its notifications issued) at the issued time."""
    return services.incident_record(
        actor=by,
        police_reference=reference or f"DUR-{next(_counter):06d}",
        occurred_at=at(occurred),
        place="The family home",
        risk_level=risk_level,
        officer_name="PC 1234 Example",
        children=children,
        now=at(issued),
    )
