"""The executive's review pages: meetings, the agenda of exceptions, decisions and minutes; the audit pack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.guards import signed_in_user
from partnership.access.models import AccessEvent
from partnership.frontend.pages import calendar_download, forms_page
from partnership.plans import cycle_selectors, reviews, selectors
from partnership.plans.audit_pack import build_audit_pack
from partnership.plans.calendar_invites import invitees, review_event
from partnership.plans.cycle_forms import DecisionForm, MinutesForm, ReviewCancelForm, ReviewCreateForm, ReviewTimeForm
from partnership.plans.pages import form_page, plan_page

# A service's complaint about the start goes on the form's date field, where the error summary links to it.
START_ON_DATE = {"starts_at": "held_on"}


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The executive's review meetings."""
    plan_page(request)
    inspection = selectors.current_inspection_or_404(user=request.user)
    return render(
        request,
        "plans/review_list.html",
        {
            "reviews": cycle_selectors.review_list(user=request.user, inspection=inspection),
            "can_review": request.user.has_perm("plans.review"),
        },
    )


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    """Set up a review meeting; its agenda is built from the plan's exceptions."""
    plan_page(request, "plans.review")
    inspection = selectors.current_inspection_or_404(user=request.user)
    latest = cycle_selectors.period_list(user=request.user, inspection=inspection).first()
    form = ReviewCreateForm(
        request.POST or None,
        inspection=inspection,
        initial={
            "held_on": timezone.localdate(),
            "period": latest.pk if latest else None,
            "title": f"Executive review{f' of {latest.label}' if latest else ''}",
        },
    )

    def save(data: dict[str, Any]) -> Any:
        return reviews.review_create(
            actor=signed_in_user(request),
            inspection=inspection,
            title=data["title"],
            held_on=data["held_on"],
            period=data["period"],
            starts_at=_starts_at(data),
            duration_minutes=data["duration_minutes"] or 90,
            location=data["location"],
            dial_in_link=data["dial_in_link"],
        )

    return form_page(
        request,
        form,
        title="Set up a review meeting",
        button="Build the agenda",
        save=save,
        renames=START_ON_DATE,
        done=lambda meeting: (
            reverse("plans:review-detail", kwargs={"review_id": meeting.pk}),
            f"The agenda has {meeting.items.count()} items."
            + (" Calendar invitations are being sent." if meeting.starts_at else ""),
        ),
    )


def _starts_at(data: dict[str, Any]) -> datetime | None:
    """The meeting's start from its London date and time; None without a time."""
    if data.get("held_on") is None or data.get("starts_time") is None:
        return None
    return datetime.combine(data["held_on"], data["starts_time"], tzinfo=timezone.get_current_timezone())


@login_required
def review_time(request: HttpRequest, review_id: str) -> HttpResponse:
    """Set, move or cancel a review meeting's time; everyone invited is sent the update or the cancellation."""
    plan_page(request)
    meeting = cycle_selectors.review_get(user=request.user, review_id=review_id)
    plan_page(request, "plans.review")
    starts = timezone.localtime(meeting.starts_at) if meeting.starts_at else None
    initial = {
        "version": meeting.version,
        "held_on": meeting.held_on,
        "starts_time": starts.strftime("%H:%M") if starts else None,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "dial_in_link": meeting.dial_in_link,
    }

    def book(data: dict[str, Any]) -> str:
        reviews.review_schedule(
            actor=signed_in_user(request),
            meeting=meeting,
            expected_version=data["version"],
            starts_at=_starts_at(data),
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            dial_in_link=data["dial_in_link"],
        )
        return "The time is set. Everyone invited is sent the calendar invitation."

    def cancel(data: dict[str, Any]) -> str:
        reviews.review_cancel(
            actor=signed_in_user(request), meeting=meeting, expected_version=data["version"], reason=data["reason"]
        )
        return "The meeting is cancelled. Everyone invited is sent the cancellation."

    return forms_page(
        request,
        {"time": (ReviewTimeForm, initial), "cancel": (ReviewCancelForm, {"version": meeting.version})},
        save={"time": book, "cancel": cancel},
        template="plans/review_time.html",
        context={"meeting": meeting},
        done_url=reverse("plans:review-detail", kwargs={"review_id": meeting.pk}),
        noun="meeting",
        renames=START_ON_DATE,
    )


@login_required
def review_calendar(request: HttpRequest, review_id: str) -> HttpResponse:
    """The review meeting's current calendar file, for anyone who may read the review."""
    plan_page(request)
    meeting = cycle_selectors.review_get(user=request.user, review_id=review_id)
    if meeting.starts_at is None or meeting.calendar_sequence is None:
        messages.info(request, "The meeting has no time yet, so there is nothing to add to a calendar.")
        return redirect("plans:review-detail", review_id=meeting.pk)
    return calendar_download(review_event(meeting, [attendee for _, attendee in invitees(meeting).values()]))


@login_required
def review_detail(request: HttpRequest, review_id: str) -> HttpResponse:
    """A review's agenda: every exception with the update, the decision taken, and the minutes."""
    plan_page(request)
    meeting = cycle_selectors.review_get(user=request.user, review_id=review_id)
    items = list(meeting.items.all())
    return render(
        request,
        "plans/review_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "decided": sum(1 for i in items if i.decision),
            "can_review": request.user.has_perm("plans.review"),
            "minutes_form": MinutesForm(initial={"version": meeting.version, "minutes": meeting.minutes}),
        },
    )


@login_required
def review_decide(request: HttpRequest, review_id: str, item_id: str) -> HttpResponse:
    """Record the executive's decision on one agenda item."""
    plan_page(request)
    meeting = cycle_selectors.review_get(user=request.user, review_id=review_id)
    item = cycle_selectors.review_item_get(user=request.user, review=meeting, item_id=item_id)
    plan_page(request, "plans.review")

    def save(data: dict[str, Any]) -> Any:
        return reviews.review_decide(actor=signed_in_user(request), item=item, **data)

    return form_page(
        request,
        DecisionForm(request.POST or None),
        title=f"Decision on action {item.action.reference}",
        button="Record decision",
        save=save,
        context={"action": item.action, "item": item},
        done=lambda _: (reverse("plans:review-detail", kwargs={"review_id": meeting.pk}), "The decision is recorded."),
    )


@login_required
def review_minutes(request: HttpRequest, review_id: str) -> HttpResponse:
    """Keep the minutes of a review meeting."""
    plan_page(request)
    meeting = cycle_selectors.review_get(user=request.user, review_id=review_id)
    plan_page(request, "plans.review")

    def save(data: dict[str, Any]) -> Any:
        return reviews.review_minutes_save(
            actor=signed_in_user(request), meeting=meeting, expected_version=data["version"], minutes=data["minutes"]
        )

    return form_page(
        request,
        MinutesForm(request.POST or None, initial={"version": meeting.version, "minutes": meeting.minutes}),
        title=f"Minutes of {meeting.title}",
        button="Save minutes",
        save=save,
        noun="meeting record",
        done=lambda _: (reverse("plans:review-detail", kwargs={"review_id": meeting.pk}), "The minutes are saved."),
    )


@login_required
def audit_pack(request: HttpRequest) -> HttpResponse:
    """Download the independent audit pack: every action, its history and its evidence, as a zip."""
    plan_page(request, "plans.audit_pack")
    inspection = selectors.current_inspection_or_404(user=request.user)
    content = build_audit_pack(user=request.user, inspection=inspection)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_type="inspection",
        object_id=inspection.pk,
        purpose="Downloaded the audit pack",
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="audit-pack-{timezone.localdate():%Y-%m-%d}.zip"'
    return response
