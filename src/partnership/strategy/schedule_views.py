"""Pages of a strategy meeting's time: booking, moving or cancelling it, and its calendar file to download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.frontend.pages import calendar_download, forms_page
from partnership.strategy import scheduling, selectors
from partnership.strategy.calendar_invites import meeting_event
from partnership.strategy.forms import ScheduleForm, UnscheduleForm, moment
from partnership.strategy.models import Mode, StrategyMeeting

STALE = (
    "Someone else changed this meeting while you were setting its time. Nothing you entered has been saved and no "
    "invitation was sent: check the meeting and set the time again."
)


def _meeting(request: HttpRequest, meeting_id: Any, purpose: str) -> StrategyMeeting:
    section_page(request, "strategy", "strategy.view_meetings")
    return selectors.meeting_get(user=request.user, meeting_id=meeting_id, purpose=purpose)


def _initial(meeting: StrategyMeeting) -> dict[str, Any]:
    starts = timezone.localtime(meeting.scheduled_for) if meeting.scheduled_for else None
    return {
        "version": meeting.version,
        "starts_on": starts.date() if starts else None,
        "starts_time": starts.strftime("%H:%M") if starts else None,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode or Mode.MEETING,
        "location": meeting.location,
        "dial_in_link": meeting.dial_in_link,
    }


@login_required
def meeting_schedule(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Book, move or cancel the meeting's time; every invited agency gets the calendar invitation or cancellation."""
    meeting = _meeting(request, meeting_id, "Set a strategy meeting's time")
    require_permission(request, "strategy.run_meeting", meeting, object_type="strategy_meeting")

    def agencies() -> int:
        return meeting.invitations.exclude(agency__contact_email="").count()

    def book(data: dict[str, Any]) -> str:
        scheduling.meeting_schedule(
            actor=signed_in_user(request),
            meeting=meeting,
            expected_version=data["version"],
            starts_at=moment(data["starts_on"], data["starts_time"]),
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            dial_in_link=data["dial_in_link"],
            mode=data["mode"],
        )
        if scheduling.is_after_deadline(meeting):
            messages.warning(
                request,
                "This time is after the deadline to hold the meeting "
                f"({timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}): the delay will be "
                "escalated to managers. Record why in the meeting's record.",
            )
        return f"The time is set. {agencies()} agencies are sent the calendar invitation."

    def cancel(data: dict[str, Any]) -> str:
        scheduling.meeting_unschedule(
            actor=signed_in_user(request), meeting=meeting, expected_version=data["version"], reason=data["reason"]
        )
        return f"The time is cancelled. {agencies()} agencies are sent the cancellation."

    return forms_page(
        request,
        {"schedule": (ScheduleForm, _initial(meeting)), "unschedule": (UnscheduleForm, {"version": meeting.version})},
        save={"schedule": book, "unschedule": cancel},
        template="strategy/meeting_schedule.html",
        context={"meeting": meeting},
        done_url=reverse("strategy:meeting-detail", kwargs={"meeting_id": meeting.pk}),
        stale_message=STALE,
        renames={"starts_at": "starts_on"},
    )


@login_required
def meeting_calendar(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The meeting's current calendar file (invitation, update or cancellation) for anyone who may see the meeting."""
    meeting = _meeting(request, meeting_id, "Downloaded a strategy meeting's calendar file")
    if meeting.calendar_sequence is None:
        messages.info(request, "The meeting has no time yet, so there is nothing to add to a calendar.")
        return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    return calendar_download(meeting_event(meeting))
