"""Pages of a strategy meeting's time: booking, moving or cancelling it, and its calendar file to download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.ical import FILE_NAME, calendar_text, content_type
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
    which = request.POST.get("form") if request.method == "POST" else None
    schedule = ScheduleForm(request.POST if which == "schedule" else None, initial=_initial(meeting))
    unschedule = UnscheduleForm(request.POST if which == "unschedule" else None, initial={"version": meeting.version})
    form: ScheduleForm | UnscheduleForm = unschedule if which == "unschedule" else schedule
    if which in {"schedule", "unschedule"} and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "schedule":
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
            else:
                scheduling.meeting_unschedule(
                    actor=signed_in_user(request),
                    meeting=meeting,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
        except StaleVersion:
            messages.error(request, STALE)
            return redirect("strategy:meeting-schedule", meeting_id=meeting.pk)
        except BusinessRuleError as error:
            renames = {"starts_at": "starts_on"}
            for field, field_messages in error.errors.items():
                field = renames.get(field, field)
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            agencies = meeting.invitations.exclude(agency__contact_email="").count()
            if which == "unschedule":
                messages.success(request, f"The time is cancelled. {agencies} agencies are sent the cancellation.")
            else:
                messages.success(request, f"The time is set. {agencies} agencies are sent the calendar invitation.")
                if scheduling.is_after_deadline(meeting):
                    messages.warning(
                        request,
                        "This time is after the deadline to hold the meeting "
                        f"({timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}): the delay will be "
                        "escalated to managers. Record why in the meeting's record.",
                    )
            return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "strategy/meeting_schedule.html",
        {"meeting": meeting, "schedule_form": schedule, "unschedule_form": unschedule},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_calendar(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The meeting's current calendar file (invitation, update or cancellation) for anyone who may see the meeting."""
    meeting = _meeting(request, meeting_id, "Downloaded a strategy meeting's calendar file")
    if meeting.calendar_sequence is None:
        messages.info(request, "The meeting has no time yet, so there is nothing to add to a calendar.")
        return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    event = meeting_event(meeting)
    response = HttpResponse(calendar_text(event), content_type=content_type(event))
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    return response
