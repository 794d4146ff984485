"""Generated strategy meetings: convened after a MASH decision, with invitations, attendance, decisions and sharing."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings

from partnership.access.models import Role, User
from partnership.children.models import ChronologyEvent, EventType, Significance
from partnership.core.clocks import london_date
from partnership.generation.chance import Chance
from partnership.generation.world import Council
from partnership.generation.writer import RowWriter
from partnership.strategy import rules
from partnership.strategy.models import (
    Investigation,
    Invitation,
    MeetingAction,
    MeetingChild,
    MeetingState,
    Mode,
    Response,
    S47Decision,
    StrategyMeeting,
)

if TYPE_CHECKING:
    from partnership.frontdoor.models import Contact
    from partnership.generation.families import Kid

RESPONSES = [Response.ATTENDING, Response.SENDING_INFORMATION, Response.CANNOT_ATTEND]


class MeetingBuilder:
    """Writes a strategy meeting and everything recorded for it up to `now`."""

    def __init__(self, chance: Chance, writer: RowWriter, council: Council, *, now: datetime) -> None:
        self.chance, self.writer, self.council, self.now = chance, writer, council, now

    def build(self, contact: Contact, kids: list[Kid], threshold_at: datetime, recorder: User | None) -> uuid.UUID:
        """Write the meeting for a strategy decision on a contact; return its id."""
        chance, council = self.chance, self.council
        chair = chance.pick(council.people[Role.TEAM_MANAGER])
        convene_due = rules.convene_due(threshold_at, hours=settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS)
        meeting = StrategyMeeting(
            id=chance.uuid(),
            threshold_at=threshold_at,
            threshold_reason=f"MASH decision: {contact.concern}",
            recorded_by=recorder or chair,
            lead_agency=council.agencies["csc"],
            chair=chair,
            convene_due_at=convene_due,
            created_at=threshold_at,
            updated_at=threshold_at,
        )
        late = chance.chance(0.18)
        held = threshold_at + timedelta(hours=chance.uniform(2, 23) if not late else chance.uniform(25, 96))
        if held <= self.now:
            meeting.state, meeting.held_at, meeting.scheduled_for = MeetingState.HELD, held, held
            meeting.mode = chance.weighted([Mode.MEETING, Mode.CALL], [80, 20])
            meeting.information_shared = "Each agency shared what it knows; see the invitations."
            meeting.risk_analysis = "Risk of significant harm from domestic abuse in the home."
            meeting.updated_at = held
            completed = held + timedelta(hours=chance.uniform(2, 30))
            if completed <= self.now and chance.chance(0.95):
                meeting.state, meeting.completed_at, meeting.signed_off_by = MeetingState.COMPLETED, completed, chair
                meeting.share_due_at = rules.share_due(
                    completed, working_days=settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS
                )
                meeting.updated_at = completed
                shared = completed + timedelta(hours=chance.uniform(0.5, 40))
                if shared <= self.now and chance.chance(0.93):
                    meeting.state, meeting.shared_at, meeting.updated_at = MeetingState.SHARED, shared, shared
        self.writer.add(meeting)
        self._children(meeting, kids)
        self._invitations(meeting, kids)
        if meeting.completed_at is not None:
            self.writer.add(
                MeetingAction(
                    id=chance.uuid(),
                    meeting_id=meeting.id,
                    text="Visit the children and see them alone.",
                    owner_agency=council.agencies["csc"],
                    owner_name=f"{chair.first_name} {chair.last_name}",
                    due_on=london_date(meeting.held_at or threshold_at) + timedelta(days=chance.between(1, 10)),
                    created_at=meeting.held_at or threshold_at,
                    updated_at=meeting.held_at or threshold_at,
                )
            )
        return meeting.id

    def _children(self, meeting: StrategyMeeting, kids: list[Kid]) -> None:
        chance, held = self.chance, meeting.held_at
        for kid in kids:
            decided = held is not None
            s47 = (S47Decision.YES if chance.chance(0.62) else S47Decision.NO) if decided else ""
            self.writer.add(
                MeetingChild(
                    id=chance.uuid(),
                    meeting_id=meeting.id,
                    child_id=kid.id,
                    s47=s47,
                    investigation=(Investigation.JOINT if chance.chance(0.4) else Investigation.SINGLE)
                    if s47 == "yes"
                    else "",
                    police_investigation=chance.chance(0.4) if decided else None,
                    reason="Reasonable cause to suspect significant harm." if decided else "",
                    voice_summary="The child said they feel scared when the shouting starts." if decided else "",
                    s47_started_on=london_date(held) if held is not None and s47 == "yes" else None,
                    created_at=meeting.threshold_at,
                    updated_at=held or meeting.threshold_at,
                )
            )
            self.writer.add(
                ChronologyEvent(
                    id=chance.uuid(),
                    child_id=kid.id,
                    occurred_at=meeting.threshold_at,
                    event_type=EventType.STRATEGY_MEETING,
                    significance=Significance.SERIOUS,
                    summary=f"Threshold for a strategy meeting met: {meeting.threshold_reason}",
                    source_agency=meeting.lead_agency,
                    recorded_by=meeting.recorded_by,
                    source_type="strategy_meeting",
                    source_id=str(meeting.id),
                    created_at=meeting.threshold_at,
                    updated_at=meeting.threshold_at,
                )
            )

    def _invitations(self, meeting: StrategyMeeting, kids: list[Kid]) -> None:
        chance, council = self.chance, self.council
        invited = [
            (council.agencies[key], True, "Required at every strategy meeting") for key in ("csc", "police", "health")
        ]
        schools = {kid.setting.agency.id: kid.setting.agency for kid in kids if kid.setting is not None}
        invited += [(agency, False, "Working with the child: Education") for agency in schools.values()]
        held = meeting.held_at
        for agency, required, why in invited:
            response = (
                Response.ATTENDING
                if agency.kind == "childrens_social_care"
                else chance.weighted(RESPONSES, [70, 20, 10])
            )
            replying = meeting.threshold_at + timedelta(minutes=chance.between(10, 300))
            replied = None if held is None or replying > self.now else replying
            if replied is None:
                response = Response.PENDING
            informed = held is not None and response != Response.CANNOT_ATTEND
            self.writer.add(
                Invitation(
                    id=chance.uuid(),
                    meeting_id=meeting.id,
                    agency=agency,
                    is_required=required,
                    why=why,
                    sent_to=agency.contact_email,
                    response=response,
                    responded_at=replied,
                    attendee_name="A. Practitioner" if response == Response.ATTENDING else "",
                    attendee_role="Designated lead" if response == Response.ATTENDING else "",
                    information="What the agency knows of the family." if informed else "",
                    information_at=(held - timedelta(minutes=30)) if informed and held else None,
                    attended=(response == Response.ATTENDING) if held is not None else None,
                    shared_at=meeting.shared_at,
                    created_at=meeting.threshold_at,
                    updated_at=meeting.threshold_at,
                )
            )
