"""A strategy meeting as a calendar invitation: its event (no child's name in it), the message, and queuing it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partnership.core.ical import Attendee, MeetingEvent, calendar_attachment, ends_at, event_uid
from partnership.core.outbox import outbox_enqueue
from partnership.strategy.models import Invitation, StrategyMeeting

KIND = "strategy-calendar"


def meeting_url(meeting: StrategyMeeting) -> str:
    """The meeting's page, where each agency replies and the calendar file can be downloaded."""
    return f"{settings.PARTNERSHIP_BASE_URL}/strategy-meetings/{meeting.pk}/"


def calendar_url(meeting: StrategyMeeting) -> str:
    """The download of the meeting's current calendar file (for those whose e-mail cannot carry it)."""
    return settings.PARTNERSHIP_BASE_URL + reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk})


def reference(meeting: StrategyMeeting) -> str:
    """A short reference for the meeting that names nobody, e.g. SM-1A2B3C4D."""
    return f"SM-{str(meeting.pk)[:8].upper()}"


def meeting_event(meeting: StrategyMeeting, invitations: list[Invitation] | None = None) -> MeetingEvent:
    """The meeting's current calendar event; cancelled when its time was taken away. Needs scheduled details."""
    if meeting.calendar_sequence is None or (meeting.scheduled_for is None and not meeting.unscheduled_reason):
        raise ValueError("The meeting has never had a time.")
    invitations = invitations if invitations is not None else list(meeting.invitations.select_related("agency"))
    cancelled = meeting.scheduled_for is None
    starts = meeting.scheduled_for or _last_time(meeting)
    lines = [
        f"Strategy meeting {reference(meeting)}, led by {meeting.lead_agency.name}.",
        f"How: {meeting.get_mode_display() or 'Meeting'}.",
    ]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.dial_in_link:
        lines.append(f"Dial-in: {meeting.dial_in_link}")
    if cancelled:
        lines.append(f"This time is cancelled: {meeting.unscheduled_reason}")
    lines.append(f"Reply, send your agency's information and see any change: {meeting_url(meeting)}")
    return MeetingEvent(
        uid=event_uid("strategy", meeting.pk),
        sequence=meeting.calendar_sequence,
        starts_at=starts,
        ends_at=ends_at(starts, meeting.duration_minutes),
        summary=f"{'Cancelled: ' if cancelled else ''}Strategy meeting {reference(meeting)}",
        description="\n".join(lines),
        url=meeting_url(meeting),
        location=meeting.location or meeting.dial_in_link,
        attendees=tuple(
            Attendee(email=i.agency.contact_email, name=i.agency.name, required=i.is_required)
            for i in invitations
            if i.agency.contact_email
        ),
        cancelled=cancelled,
    )


def _last_time(meeting: StrategyMeeting) -> Any:
    """The time a cancelled meeting had, from its history (a cancellation names the event it removes)."""
    for record in meeting.history.order_by("-history_date").only("scheduled_for"):  # type: ignore[attr-defined]
        if record.scheduled_for is not None:
            return record.scheduled_for
    return meeting.convene_due_at


def _body(meeting: StrategyMeeting, event: MeetingEvent, agency_name: str) -> str:
    if event.cancelled:
        return (
            f"The strategy meeting {reference(meeting)} that {agency_name} was invited to is no longer at "
            f"{timezone.localtime(event.starts_at):%H:%M on %A %-d %B %Y}. Reason: {meeting.unscheduled_reason}\n\n"
            "The attached calendar file removes it from your calendar. A new time will be sent when it is set.\n\n"
            f"The meeting's page: {meeting_url(meeting)}\n"
        )
    local = timezone.localtime(event.starts_at)
    where = "".join(
        [
            f"Where: {meeting.location}\n" if meeting.location else "",
            f"Dial-in: {meeting.dial_in_link}\n" if meeting.dial_in_link else "",
        ]
    )
    changed = "has a new time" if event.sequence else "is booked"
    return (
        f"The strategy meeting {reference(meeting)} that {agency_name} is invited to {changed}: "
        f"{local:%H:%M on %A %-d %B %Y} (UK time), for {meeting.duration_minutes} minutes.\n{where}\n"
        "Add it to your calendar with the attached invitation, or download the calendar file from the meeting's "
        f"page: {calendar_url(meeting)}\n\n"
        "Say whether you will attend, and send what your agency knows (or that nothing is known) before the "
        f"meeting: {meeting_url(meeting)}\n"
    )


def invitation_calendar_enqueue(
    *, meeting: StrategyMeeting, invitation: Invitation, event: MeetingEvent, sender: Any
) -> bool:
    """Queue one agency's copy of one version of the meeting's calendar event; each version goes once. New or not."""
    address = invitation.agency.contact_email
    if not address:
        return False
    subject = (
        f"Cancelled: strategy meeting {reference(meeting)}"
        if event.cancelled
        else f"Strategy meeting {reference(meeting)}: {timezone.localtime(event.starts_at):%H:%M on %-d %B %Y}"
    )
    return outbox_enqueue(
        kind=KIND,
        dedupe_key=f"{KIND}:{invitation.pk}:{event.sequence}",
        to_address=address,
        subject=subject,
        body=_body(meeting, event, invitation.agency.name),
        sender=sender,
        attachment=calendar_attachment(event),
    )[1]
