"""Writes of a strategy meeting's time: booking, moving and cancelling it, with calendar invitations to every agency."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.ical import time_problems
from partnership.core.versioning import save_if_current
from partnership.strategy.calendar_invites import invitation_calendar_enqueue, meeting_event
from partnership.strategy.models import MeetingState, Mode, StrategyMeeting

FIELDS = ["scheduled_for", "duration_minutes", "location", "dial_in_link", "mode", "calendar_sequence"]


def _send_to_all(*, actor: User, meeting: StrategyMeeting) -> int:
    invitations = list(meeting.invitations.select_related("agency"))
    event = meeting_event(meeting, invitations)
    return sum(
        invitation_calendar_enqueue(meeting=meeting, invitation=invitation, event=event, sender=actor)
        for invitation in invitations
    )


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    meeting: StrategyMeeting,
    expected_version: int,
    starts_at: datetime | None,
    duration_minutes: int | None,
    location: str = "",
    dial_in_link: str = "",
    mode: str = Mode.MEETING,
) -> StrategyMeeting:
    """Book or move the meeting's time and send every invited agency the calendar invitation (a move is an update)."""
    if meeting.state != MeetingState.CONVENING:
        raise BusinessRuleError("Only a meeting still being convened can have its time set.", field="starts_at")
    errors = time_problems(
        starts_at=starts_at, duration_minutes=duration_minutes, dial_in_link=dial_in_link.strip(), now=timezone.now()
    )
    if mode not in Mode.values:
        errors["mode"] = ["Say whether it is a meeting or phone calls"]
    if mode == Mode.MEETING and not (location.strip() or dial_in_link.strip()):
        errors["location"] = ["Give the place of the meeting or its dial-in link"]
    if errors:
        raise BusinessRuleError("There is a problem with the meeting's time.", errors=errors)
    if meeting.version != expected_version:
        raise StaleVersion()
    if starts_at is None or duration_minutes is None:  # already refused by time_problems; narrows the types
        raise BusinessRuleError("Enter the date and time of the meeting.", field="starts_at")
    meeting.scheduled_for, meeting.duration_minutes = starts_at, duration_minutes
    meeting.location, meeting.dial_in_link, meeting.mode = location.strip(), dial_in_link.strip(), mode
    meeting.calendar_sequence = 0 if meeting.calendar_sequence is None else meeting.calendar_sequence + 1
    meeting.unscheduled_reason = ""
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(meeting, expected_version=expected_version, fields=[*FIELDS, "unscheduled_reason"])
    _send_to_all(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_unschedule(*, actor: User, meeting: StrategyMeeting, expected_version: int, reason: str) -> StrategyMeeting:
    """Cancel the meeting's time, with the reason, and send every invited agency the calendar cancellation."""
    if meeting.scheduled_for is None:
        raise BusinessRuleError("The meeting has no time to cancel.", field="reason")
    if meeting.state != MeetingState.CONVENING:
        raise BusinessRuleError("Only a meeting still being convened can have its time cancelled.", field="reason")
    if not reason.strip():
        raise BusinessRuleError("Say why the time is cancelled: every agency is told.", field="reason")
    meeting.scheduled_for, meeting.unscheduled_reason = None, reason.strip()
    meeting.calendar_sequence = (meeting.calendar_sequence or 0) + 1
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        meeting, expected_version=expected_version, fields=["scheduled_for", "unscheduled_reason", "calendar_sequence"]
    )
    _send_to_all(actor=actor, meeting=meeting)
    return meeting


def is_after_deadline(meeting: StrategyMeeting) -> bool:
    """Whether the booked time is after the deadline to convene (allowed, as the target is local and 'usual')."""
    return meeting.scheduled_for is not None and meeting.scheduled_for > meeting.convene_due_at
