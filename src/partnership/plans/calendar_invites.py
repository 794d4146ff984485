"""An executive review meeting as a calendar invitation: who is invited, its event, and queuing each version once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import Membership, Role
from partnership.core.ical import Attendee, MeetingEvent, calendar_attachment, ends_at, event_uid
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_enqueue
from partnership.plans.models import ReviewMeeting

KIND = "review-calendar"


def review_url(meeting: ReviewMeeting) -> str:
    """The review's page, where its agenda is and its calendar file can be downloaded."""
    return settings.PARTNERSHIP_BASE_URL + reverse("plans:review-detail", kwargs={"review_id": meeting.pk})


def calendar_url(meeting: ReviewMeeting) -> str:
    """The download of the review's current calendar file."""
    return settings.PARTNERSHIP_BASE_URL + reverse("plans:review-calendar", kwargs={"review_id": meeting.pk})


def invitees(meeting: ReviewMeeting) -> dict[str, tuple[Any, Attendee]]:
    """Everyone invited, by address: the executive members, and the leads of the actions on the agenda (optional);
    anyone sent an earlier version stays on the list, so a move or cancellation reaches them too."""
    found: dict[str, tuple[Any, Attendee]] = {}
    executives = Membership.objects.filter(role=Role.EXECUTIVE, is_active=True, user__is_active=True).select_related(
        "user"
    )
    for membership in executives.order_by("user__last_name", "user__first_name"):
        user = membership.user
        if user.email:
            found.setdefault(user.email.lower(), (user, Attendee(email=user.email, name=user.get_full_name())))
    for item in meeting.items.select_related("action__lead"):
        lead = item.action.lead
        if lead is not None and lead.is_active and lead.email:
            found.setdefault(
                lead.email.lower(), (lead, Attendee(email=lead.email, name=lead.get_full_name(), required=False))
            )
    earlier = OutboxMessage.objects.filter(kind=KIND, dedupe_key__startswith=f"{KIND}:{meeting.pk}:")
    for address in earlier.values_list("to_address", flat=True).distinct():
        found.setdefault(address.lower(), (None, Attendee(email=address)))
    return found


def review_event(meeting: ReviewMeeting, attendees: list[Attendee]) -> MeetingEvent:
    """The review's current calendar event; cancelled once the meeting is. Needs a time."""
    if meeting.starts_at is None or meeting.calendar_sequence is None:
        raise ValueError("The review meeting has no time.")
    cancelled = meeting.cancelled_at is not None
    lines = [f"{meeting.title}: the executive's review of the improvement plan."]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.dial_in_link:
        lines.append(f"Dial-in: {meeting.dial_in_link}")
    if cancelled:
        lines.append(f"This meeting is cancelled: {meeting.cancelled_reason}")
    lines.append(f"The agenda: {review_url(meeting)}")
    return MeetingEvent(
        uid=event_uid("review", meeting.pk),
        sequence=meeting.calendar_sequence,
        starts_at=meeting.starts_at,
        ends_at=ends_at(meeting.starts_at, meeting.duration_minutes),
        summary=f"{'Cancelled: ' if cancelled else ''}{meeting.title}",
        description="\n".join(lines),
        url=review_url(meeting),
        location=meeting.location or meeting.dial_in_link,
        attendees=tuple(attendees),
        cancelled=cancelled,
    )


def _body(meeting: ReviewMeeting, event: MeetingEvent) -> str:
    when = f"{timezone.localtime(event.starts_at):%H:%M on %A %-d %B %Y}"
    if event.cancelled:
        return (
            f"{meeting.title} at {when} is cancelled. Reason: {meeting.cancelled_reason}\n\n"
            f"The attached calendar file removes it from your calendar. The review's page: {review_url(meeting)}\n"
        )
    where = "".join(
        [
            f"Where: {meeting.location}\n" if meeting.location else "",
            f"Dial-in: {meeting.dial_in_link}\n" if meeting.dial_in_link else "",
        ]
    )
    changed = "has a new time" if event.sequence else "is booked"
    return (
        f"{meeting.title} {changed}: {when} (UK time), for {meeting.duration_minutes} minutes.\n{where}\n"
        f"Add it to your calendar with the attached invitation, or download it: {calendar_url(meeting)}\n\n"
        f"The agenda: {review_url(meeting)}\n"
    )


def review_calendar_send(*, meeting: ReviewMeeting, sender: Any) -> int:
    """Queue the review's current version to everyone invited; each version goes to each address once. Returns new."""
    people = invitees(meeting)
    event = review_event(meeting, [attendee for _, attendee in people.values()])
    attachment = calendar_attachment(event)
    subject = (
        f"Cancelled: {meeting.title}"
        if event.cancelled
        else f"{meeting.title}: {timezone.localtime(event.starts_at):%H:%M on %-d %B %Y}"
    )
    body = _body(meeting, event)
    return sum(
        outbox_enqueue(
            kind=KIND,
            dedupe_key=f"{KIND}:{meeting.pk}:{address[:120]}:{event.sequence}",
            to_address=attendee.email,
            recipient=user,
            subject=subject[:200],
            body=body,
            sender=sender,
            attachment=attachment,
        )[1]
        for address, (user, attendee) in people.items()
    )
