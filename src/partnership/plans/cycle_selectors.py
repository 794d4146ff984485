"""Every read of the quarterly cycle, filtered to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from partnership.access.models import Role
from partnership.access.selectors import has_role, visible_or_404
from partnership.plans.models import (
    Action,
    ActionRevision,
    EvidenceItem,
    Inspection,
    ProgressUpdate,
    ReportingPeriod,
    ReviewDecision,
    ReviewMeeting,
    UpdateState,
)
from partnership.plans.selectors import inspection_list

# Roles that may open evidence of any action; a lead may open the evidence of the actions they lead.
EVIDENCE_ROLES = (Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR)


def period_list(*, user: Any, inspection: Inspection) -> QuerySet[ReportingPeriod]:
    """The plan's reporting periods, newest first."""
    return ReportingPeriod.objects.filter(inspection=inspection, inspection__in=inspection_list(user=user))


def period_get(*, user: Any, period_id: Any) -> ReportingPeriod:
    """One reporting period the user may see."""
    visible = ReportingPeriod.objects.filter(inspection__in=inspection_list(user=user)).select_related("inspection")
    return visible_or_404(
        user, visible=visible, everything=ReportingPeriod.objects.all(), pk=period_id, object_type="reporting_period"
    )


def open_period(*, user: Any, inspection: Inspection) -> ReportingPeriod | None:
    """The period currently open for updates, if any."""
    return period_list(user=user, inspection=inspection).filter(opened_at__isnull=False, closed_at__isnull=True).first()


def update_counts(*, periods: list[ReportingPeriod]) -> dict[Any, dict[str, int]]:
    """Per period: how many updates were requested, are in, and are missing, in one query."""
    counts: dict[Any, dict[str, int]] = {p.pk: {"requested": 0, "in": 0, "missing": 0} for p in periods}
    rows = ProgressUpdate.objects.filter(period__in=periods).values("period_id", "state").annotate(n=Count("id"))
    for row in rows:
        entry = counts[row["period_id"]]
        entry["requested"] += row["n"]
        key = "in" if row["state"] in {UpdateState.SUBMITTED, UpdateState.ACCEPTED} else "missing"
        entry[key] += row["n"]
    return counts


def _updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.select_related(
        "action__theme", "action__owner_agency", "action__owner_group", "action__lead", "period", "requested_from"
    ).prefetch_related("evidence")


def period_updates(*, user: Any, period: ReportingPeriod) -> QuerySet[ProgressUpdate]:
    """Every update of a period with its action and evidence."""
    return _updates().filter(period=period, period__inspection__in=inspection_list(user=user))


def my_update_requests(*, user: Any) -> QuerySet[ProgressUpdate]:
    """Updates the user is asked for in open periods, or that were returned to them."""
    still_open = Q(period__closed_at__isnull=True) & ~Q(state=UpdateState.ACCEPTED)
    return (
        _updates()
        .filter(still_open | Q(state=UpdateState.RETURNED), action__lead=user)
        .order_by("period__updates_due_on", "action__reference")
    )


def update_get(*, user: Any, update_id: Any) -> ProgressUpdate:
    """One update: its lead and the partnership's administrators, executive and auditors may open it."""
    visible = _updates().filter(period__inspection__in=inspection_list(user=user))
    if not has_role(user, *EVIDENCE_ROLES):
        visible = visible.filter(action__lead=user) if has_role(user, Role.ACTION_LEAD) else visible.none()
    return visible_or_404(
        user, visible=visible, everything=ProgressUpdate.objects.all(), pk=update_id, object_type="progress_update"
    )


def action_updates(*, user: Any, action: Action) -> QuerySet[ProgressUpdate]:
    """An action's updates across periods, newest first, for the action page."""
    return _updates().filter(action=action).order_by("-period__starts_on")


def evidence_get(*, user: Any, evidence_id: Any) -> EvidenceItem:
    """One evidence item, for the roles that review evidence and for the action's lead."""
    visible = EvidenceItem.objects.select_related("update__action").filter(
        update__period__inspection__in=inspection_list(user=user)
    )
    if not has_role(user, *EVIDENCE_ROLES):
        visible = visible.filter(update__action__lead=user) if has_role(user, Role.ACTION_LEAD) else visible.none()
    return visible_or_404(
        user, visible=visible, everything=EvidenceItem.objects.all(), pk=evidence_id, object_type="evidence"
    )


def evidence_for_actions(*, actions: list[Action]) -> dict[Any, list[EvidenceItem]]:
    """Every evidence item of the given actions, keyed by action id, oldest first."""
    found: dict[Any, list[EvidenceItem]] = {action.pk: [] for action in actions}
    for item in EvidenceItem.objects.filter(update__action__in=actions).select_related("update__period"):
        found[item.update.action_id].append(item)
    return found


def updates_for_actions(*, actions: list[Action]) -> dict[Any, list[ProgressUpdate]]:
    """Every update of the given actions across periods, newest first, keyed by action id."""
    found: dict[Any, list[ProgressUpdate]] = {action.pk: [] for action in actions}
    for update in _updates().filter(action__in=actions).order_by("-period__starts_on"):
        found[update.action_id].append(update)
    return found


def history_for_actions(*, actions: list[Action]) -> dict[Any, list[Any]]:
    """Every historical version of the given actions with who made it, newest first, keyed by action id."""
    found: dict[Any, list[Any]] = {action.pk: [] for action in actions}
    versions = Action.history.filter(id__in=[action.pk for action in actions]).select_related("history_user")  # type: ignore[attr-defined]
    for version in versions:
        found[version.id].append(version)
    return found


def revisions_for_actions(*, actions: list[Action]) -> dict[Any, list[ActionRevision]]:
    """Every revision of the given actions, newest first, keyed by action id."""
    found: dict[Any, list[ActionRevision]] = {action.pk: [] for action in actions}
    for revision in ActionRevision.objects.filter(action__in=actions).select_related("revised_by"):
        found[revision.action_id].append(revision)
    return found


def review_list(*, user: Any, inspection: Inspection) -> QuerySet[ReviewMeeting]:
    """The executive's review meetings, newest first."""
    return ReviewMeeting.objects.filter(inspection=inspection, inspection__in=inspection_list(user=user))


def review_get(*, user: Any, review_id: Any) -> ReviewMeeting:
    """One review meeting with its agenda items, their actions and updates."""
    items = ReviewDecision.objects.select_related(
        "action__theme", "action__owner_agency", "action__owner_group", "update", "decided_by", "revision"
    )
    visible = ReviewMeeting.objects.filter(inspection__in=inspection_list(user=user)).prefetch_related(
        Prefetch("items", queryset=items)
    )
    return visible_or_404(
        user, visible=visible, everything=ReviewMeeting.objects.all(), pk=review_id, object_type="review_meeting"
    )


def review_item_get(*, user: Any, review: ReviewMeeting, item_id: Any) -> ReviewDecision:
    """One agenda item of a review the user may open."""
    return visible_or_404(
        user, visible=review.items.all(), everything=ReviewDecision.objects.all(), pk=item_id, object_type="review_item"
    )
