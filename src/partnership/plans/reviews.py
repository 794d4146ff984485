"""Every write of the executive's review: the agenda built from exceptions, decisions per action, and minutes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.core.errors import BusinessRuleError
from partnership.core.versioning import save_if_current
from partnership.plans import governance, services
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


@transaction.atomic
def review_create(
    *, actor: User, inspection: Inspection, title: str, held_on: date, period: ReportingPeriod | None = None
) -> ReviewMeeting:
    """Set up a review meeting whose agenda holds every red, amber, missing update, proposed revision and claim."""
    if not title.strip():
        raise BusinessRuleError("Enter a title for the meeting.", field="title")
    meeting = ReviewMeeting.objects.create(
        inspection=inspection, period=period, title=title.strip(), held_on=held_on, created_by=actor
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
