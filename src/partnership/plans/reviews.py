"""Every write of the executive's review: the agenda built from exceptions, decisions per action, and minutes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.core.clocks import london_date
from partnership.core.errors import BusinessRuleError
from partnership.core.ical import time_problems
from partnership.core.versioning import save_if_current
from partnership.plans import governance, services
from partnership.plans.calendar_invites import review_calendar_send
from partnership.plans.cycle_rules import agenda_reasons
from partnership.plans.models import (
    Action,
    DecisionKind,
    DeliveryStatus,
    EvidenceItem,
    Inspection,
    ProgressUpdate,
    ReportingPeriod,
    ReviewDecision,
    ReviewMeeting,
)
from partnership.plans.rules import quarter_start
from partnership.plans.selectors import rate

CALENDAR_FIELDS = ["starts_at", "duration_minutes", "location", "dial_in_link", "calendar_sequence"]


@transaction.atomic
def review_create(
    *,
    actor: User,
    inspection: Inspection,
    title: str,
    held_on: date | None = None,
    period: ReportingPeriod | None = None,
    starts_at: datetime | None = None,
    duration_minutes: int = 90,
    location: str = "",
    dial_in_link: str = "",
) -> ReviewMeeting:
    """Set up a review meeting whose agenda holds every red, amber, missing update, proposed revision and claim;
    with a time, the executive and the agenda's action leads are sent a calendar invitation."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter a title for the meeting."]
    if starts_at is not None:
        errors |= time_problems(
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            dial_in_link=dial_in_link.strip(),
            now=timezone.now(),
        )
    elif held_on is None:
        errors["held_on"] = ["Enter the date of the meeting"]
    day = london_date(starts_at) if starts_at is not None else held_on
    if errors or day is None:
        raise BusinessRuleError(next(iter(errors.values()))[0], errors=errors)
    meeting = ReviewMeeting.objects.create(
        inspection=inspection,
        period=period,
        title=title.strip(),
        held_on=day,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        dial_in_link=dial_in_link.strip(),
        calendar_sequence=0 if starts_at is not None else None,
        created_by=actor,
    )
    updates = {u.action_id: u for u in ProgressUpdate.objects.filter(period=period)} if period is not None else {}
    today = timezone.localdate()
    items = []
    actions = Action.objects.filter(inspection=inspection).exclude(
        status__in=[DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED]
    )
    for action in actions:
        update = updates.get(action.pk)
        reasons = agenda_reasons(
            rating=rate(action, today=today, period_start=quarter_start(today)).colour,
            update_state=update.state if update else None,
            proposed_due_date=update.proposed_due_date if update else None,
            proposed_status=update.proposed_status if update else "",
        )
        if reasons:
            items.append(ReviewDecision(meeting=meeting, action=action, update=update, reasons=reasons))
    ReviewDecision.objects.bulk_create(items)
    if starts_at is not None:
        review_calendar_send(meeting=meeting, sender=actor)
    return meeting


@transaction.atomic
def review_schedule(
    *,
    actor: User,
    meeting: ReviewMeeting,
    expected_version: int,
    starts_at: datetime | None,
    duration_minutes: int | None,
    location: str = "",
    dial_in_link: str = "",
) -> ReviewMeeting:
    """Set or move the review's time and send everyone invited the calendar invitation (a move is an update)."""
    if meeting.cancelled_at is not None:
        raise BusinessRuleError("The meeting is cancelled: set up a new one.", field="starts_at")
    errors = time_problems(
        starts_at=starts_at, duration_minutes=duration_minutes, dial_in_link=dial_in_link.strip(), now=timezone.now()
    )
    if errors or starts_at is None or duration_minutes is None:
        raise BusinessRuleError("There is a problem with the meeting's time.", errors=errors)
    meeting.starts_at, meeting.held_on, meeting.duration_minutes = starts_at, london_date(starts_at), duration_minutes
    meeting.location, meeting.dial_in_link = location.strip(), dial_in_link.strip()
    meeting.calendar_sequence = 0 if meeting.calendar_sequence is None else meeting.calendar_sequence + 1
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(meeting, expected_version=expected_version, fields=[*CALENDAR_FIELDS, "held_on"])
    review_calendar_send(meeting=meeting, sender=actor)
    return meeting


@transaction.atomic
def review_cancel(*, actor: User, meeting: ReviewMeeting, expected_version: int, reason: str) -> ReviewMeeting:
    """Cancel the review meeting, with the reason; everyone sent an invitation is sent the calendar cancellation."""
    if meeting.cancelled_at is not None:
        raise BusinessRuleError("The meeting is already cancelled.", field="reason")
    if meeting.items.exclude(decision="").exists():
        raise BusinessRuleError("Decisions have been recorded at this meeting: it cannot be cancelled.", field="reason")
    if not reason.strip():
        raise BusinessRuleError("Say why the meeting is cancelled: everyone invited is told.", field="reason")
    meeting.cancelled_at, meeting.cancelled_reason = timezone.now(), reason.strip()
    if meeting.calendar_sequence is not None:
        meeting.calendar_sequence += 1
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        meeting, expected_version=expected_version, fields=["cancelled_at", "cancelled_reason", "calendar_sequence"]
    )
    if meeting.calendar_sequence is not None:
        review_calendar_send(meeting=meeting, sender=actor)
    return meeting


@transaction.atomic
def review_minutes_save(*, actor: User, meeting: ReviewMeeting, expected_version: int, minutes: str) -> ReviewMeeting:
    """Keep the meeting's minutes; a stale save is refused."""
    meeting.minutes = minutes
    meeting._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(meeting, expected_version=expected_version, fields=["minutes"])


def _has_evidence(action: Action) -> bool:
    return EvidenceItem.objects.filter(update__action=action).exists()


@transaction.atomic
def review_decide(
    *,
    actor: User,
    item: ReviewDecision,
    decision: str,
    note: str = "",
    new_due_date: date | None = None,
    new_expected_impact: str = "",
) -> ReviewDecision:
    """Record the executive's decision on one agenda item and carry it out on the update and the action."""
    if item.decision:
        raise BusinessRuleError("A decision has already been recorded for this action.", field="decision")
    if decision not in DecisionKind.values:
        raise BusinessRuleError("Choose a decision.", field="decision")
    action = Action.objects.get(pk=item.action_id)
    update = item.update
    if decision == DecisionKind.CHALLENGE:
        if update is None or update.state not in {"submitted", "accepted"}:
            raise BusinessRuleError("Only a submitted update can be returned with a question.", field="decision")
        governance.update_return(actor=actor, update=update, question=note)
    elif decision == DecisionKind.ACCEPT:
        if update is not None and update.state == "submitted":
            governance.update_accept(actor=actor, update=update)
    elif decision == DecisionKind.REVISE:
        changes: dict[str, Any] = {}
        if new_due_date is not None:
            changes["current_due_date"] = new_due_date
        if new_expected_impact.strip():
            changes["expected_impact"] = new_expected_impact.strip()
        if not changes:
            raise BusinessRuleError("Give the new due date or the new expected impact.", field="new_due_date")
        item.revision = services.action_revise(
            actor=actor, action=action, expected_version=action.version, reason=note, **changes
        )
    elif decision in {DecisionKind.CONFIRM_DELIVERED, DecisionKind.CONFIRM_IMPACT}:
        if decision == DecisionKind.CONFIRM_IMPACT and not _has_evidence(action):
            raise BusinessRuleError(
                "Impact cannot be confirmed without evidence. Ask the lead to add it.", field="decision"
            )
        status = (
            DeliveryStatus.DELIVERED if decision == DecisionKind.CONFIRM_DELIVERED else DeliveryStatus.IMPACT_EVIDENCED
        )
        services.action_record_progress(
            actor=actor,
            action=action,
            expected_version=action.version,
            status=status,
            progress_note=note.strip() or action.progress_note or "Confirmed by the executive",
            may_confirm_impact=True,
        )
        if update is not None and update.state == "submitted":
            governance.update_accept(actor=actor, update=update)
    item.decision, item.note = decision, note.strip()
    item.decided_by, item.decided_at = actor, timezone.now()
    item._history_user = actor  # type: ignore[attr-defined]
    item.save(update_fields=["decision", "note", "decided_by", "decided_at", "revision", "updated_at"])
    return item
