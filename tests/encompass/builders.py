"""Builds Operation Encompass records for tests through the services, at a chosen moment."""

from __future__ import annotations

from datetime import date, datetime

from partnership.access.models import User
from partnership.children import services as children_services
from partnership.children.models import Child
from partnership.core.clocks import LONDON
from partnership.encompass import services
from partnership.encompass.models import EducationKind, Enrolment, Incident, Notification, Setting
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


def make_child(
    *,
    by: User,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    local_child_id: str = "",
    not_a_duplicate: bool = False,
) -> Child:
    """A child's record opened through the children's services (an unborn child has an expected date of birth)."""
    return children_services.child_create(
        actor=by,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        local_child_id=local_child_id or f"T-{next(_counter):06d}",
        not_a_duplicate=not_a_duplicate,
    )


def enrol(
    child: Child,
    setting: Setting | None = None,
    *,
    kind: str = EducationKind.ATTENDS,
    other_setting: str = "",
    started_on: date = date(2021, 9, 1),
    ended_on: date | None = None,
) -> Enrolment:
    """Where the child is educated, written directly (so a child can be on the roll of two settings at once)."""
    return Enrolment.objects.create(
        child=child, kind=kind, setting=setting, other_setting=other_setting, started_on=started_on, ended_on=ended_on
    )


def notification_of(incident: Incident, setting: Setting | None = None) -> Notification:
    """The one notification of an incident (to one setting, when the incident has several)."""
    notifications = Notification.objects.filter(incident_child__incident=incident)
    if setting is not None:
        notifications = notifications.filter(setting=setting)
    return notifications.select_related("setting", "incident_child__child").get()
