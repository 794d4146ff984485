"""Generated Operation Encompass work: police incidents with the children there, and each child's notification to
their school (or the home education team) before the start of the next school day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from partnership.access.models import Role, User
from partnership.children.models import ChronologyEvent, EventType, Significance
from partnership.encompass import calendar_rules
from partnership.encompass.models import (
    ChildStatus,
    EducationKind,
    EncompassException,
    ExceptionReason,
    Incident,
    IncidentChild,
    Notification,
    SettingType,
)
from partnership.generation.chance import Chance
from partnership.generation.world import Council
from partnership.generation.writer import RowWriter

if TYPE_CHECKING:
    from partnership.frontdoor.models import Contact
    from partnership.generation.families import Family, Kid


class IncidentBuilder:
    """Writes an incident for a police domestic abuse contact, and tells each child's setting."""

    def __init__(
        self,
        chance: Chance,
        writer: RowWriter,
        council: Council,
        *,
        now: datetime,
        school: calendar_rules.SchoolCalendar,
    ) -> None:
        self.chance, self.writer, self.council, self.now = chance, writer, council, now
        self.calendars = {SettingType.HOME_EDUCATION: calendar_rules.working_calendar(), "": school}
        self.number = 0

    def build(self, contact: Contact, kids: list[Kid], family: Family) -> None:
        """Write the incident behind a police contact and what Encompass did for each child."""
        chance, council = self.chance, self.council
        occurred = contact.incident_at
        assert occurred is not None  # noqa: S101 - only police contacts with an incident come here
        self.number += 1
        officer = chance.pick(council.people[Role.ENCOMPASS_OFFICER])
        police = council.agencies["police"]
        recorded = contact.received_at
        incident = Incident(
            id=chance.uuid(),
            police_reference=f"{council.code}-{occurred.year}-{self.number:07d}",
            occurred_at=occurred,
            place="The family home",
            risk_level=contact.risk_level or "standard",
            circumstances="Police attended a domestic abuse incident; the children may be upset at school.",
            officer_name=f"PC {chance.pick(['Ahmed', 'Bell', 'Carr', 'Dodd', 'Ellis', 'Fox'])}",
            recorded_by=officer,
            created_at=recorded,
            updated_at=recorded,
        )
        self.writer.add(incident)
        for kid in kids:
            self.writer.add(
                ChronologyEvent(
                    id=chance.uuid(),
                    child_id=kid.id,
                    occurred_at=occurred,
                    event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
                    significance=Significance.SERIOUS,
                    summary=f"Police attended a domestic abuse incident ({incident.police_reference}).",
                    source_agency=police,
                    recorded_by=officer,
                    source_type="encompass_incident",
                    source_id=str(incident.id),
                    created_at=recorded,
                    updated_at=recorded,
                )
            )
            self._child(incident, kid, recorded, officer)

    def _child(self, incident: Incident, kid: Kid, recorded: datetime, officer: User) -> None:
        chance = self.chance
        row = IncidentChild(
            id=chance.uuid(),
            incident_id=incident.id,
            child_id=kid.id,
            present=chance.chance(0.6),
            created_at=recorded,
            updated_at=recorded,
        )
        if kid.born is None:
            row.status, row.status_reason = ChildStatus.NOT_REQUIRED, "An unborn child has no setting to tell"
        elif kid.kind == EducationKind.OUT_OF_AREA:
            resolved = recorded + timedelta(hours=chance.uniform(2, 72))
            open_still = resolved > self.now or chance.chance(0.05)
            row.status = ChildStatus.EXCEPTION if open_still else ChildStatus.NOT_REQUIRED
            row.status_reason = "" if open_still else "Resolved without a notification"
            self.writer.add(
                EncompassException(
                    id=chance.uuid(),
                    incident_child_id=row.id,
                    reason=ExceptionReason.OUT_OF_AREA,
                    detail="A school in a neighbouring area",
                    resolved_at=None if open_still else resolved,
                    resolved_by=None if open_still else officer,
                    resolution="" if open_still else "Passed to the neighbouring area's Encompass desk.",
                    created_at=recorded,
                    updated_at=recorded,
                )
            )
        elif kid.setting is None:
            age = (incident.occurred_at.date() - kid.born).days // 365
            row.status, row.status_reason = (
                ChildStatus.NOT_REQUIRED,
                f"Aged {age}: not of school age, and no setting is recorded",
            )
        else:
            self._notify(row, kid, recorded, officer)
        self.writer.add(row)

    def _notify(self, row: IncidentChild, kid: Kid, recorded: datetime, officer: User) -> None:
        chance, setting = self.chance, kid.setting
        assert setting is not None  # noqa: S101 - only children with a setting come here
        calendar = self.calendars.get(setting.setting_type, self.calendars[""])
        deadline = calendar_rules.next_open_day_start(calendar, recorded)
        issued = min(recorded + timedelta(minutes=chance.between(5, 90)), self.now)
        if deadline is not None and issued > deadline:
            issued = recorded
        acknowledged = None
        if deadline is not None:
            acknowledged = deadline - timedelta(minutes=chance.between(-240, 40)) if chance.chance(0.9) else None
            if acknowledged is not None and (acknowledged < issued or acknowledged > self.now):
                acknowledged = None if acknowledged > self.now else issued + timedelta(minutes=chance.between(5, 60))
        notification = Notification(
            id=chance.uuid(),
            incident_child_id=row.id,
            setting=setting,
            deadline_at=deadline,
            issued_at=issued,
            issued_by=officer,
            acknowledged_at=acknowledged,
            acknowledged_by=setting.key_adult if acknowledged else None,
            support_offered="Check-in with the key adult on arrival; a quiet space offered." if acknowledged else "",
            support_recorded_at=acknowledged,
            created_at=issued,
            updated_at=acknowledged or issued,
        )
        self.writer.add(notification)
        row.status = ChildStatus.NOTIFIED
        self.writer.add(
            ChronologyEvent(
                id=chance.uuid(),
                child_id=kid.id,
                occurred_at=issued,
                event_type=EventType.ENCOMPASS_NOTIFICATION,
                significance=Significance.ROUTINE,
                summary=f"{setting.name} told of the incident (Operation Encompass).",
                source_agency=self.council.agencies["police"],
                recorded_by=officer,
                source_type="encompass_notification",
                source_id=str(notification.id),
                created_at=issued,
                updated_at=issued,
            )
        )
