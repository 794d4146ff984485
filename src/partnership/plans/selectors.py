"""Every read of the plan, filtered to what the user may see, with ratings computed from the rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnership.access.selectors import visible_or_404
from partnership.plans.models import Action, ActionRevision, Brag, DeliveryGroup, Finding, Inspection, Theme
from partnership.plans.rules import CoverageFlag, Rating, as_date, brag_rating, finding_coverage_flags, quarter_start

BRAG_ORDER = [Brag.RED, Brag.AMBER, Brag.GREEN, Brag.BLUE]


def _can_view(user: Any) -> bool:
    return bool(user.has_perm("plans.view_plan"))


def inspection_list(*, user: Any) -> QuerySet[Inspection]:
    """Inspections whose plans the user may read."""
    if not _can_view(user):
        return Inspection.objects.none()
    return Inspection.objects.all()


def current_inspection(*, user: Any) -> Inspection | None:
    """The inspection whose plan is being delivered now: the one with the latest plan start."""
    return inspection_list(user=user).first()


def current_inspection_or_404(*, user: Any) -> Inspection:
    """The current inspection, or 404 when there is none or the user may not read plans."""
    inspection = current_inspection(user=user)
    if inspection is None:
        raise Http404()
    return inspection


def inspection_get(*, user: Any, inspection_id: Any) -> Inspection:
    """One inspection the user may read."""
    return visible_or_404(
        user,
        visible=inspection_list(user=user),
        everything=Inspection.objects.all(),
        pk=inspection_id,
        object_type="inspection",
    )


def theme_list(*, user: Any, inspection: Inspection) -> QuerySet[Theme]:
    """The plan's themes in order."""
    return Theme.objects.filter(inspection=inspection, inspection__in=inspection_list(user=user))


def delivery_group_list(*, user: Any) -> QuerySet[DeliveryGroup]:
    """The partnership's delivery groups."""
    return DeliveryGroup.objects.select_related("chair") if _can_view(user) else DeliveryGroup.objects.none()


def finding_list(*, user: Any, inspection: Inspection, kind: str = "") -> QuerySet[Finding]:
    """The inspection's findings with their agencies and the actions answering them."""
    findings = Finding.objects.filter(inspection=inspection, inspection__in=inspection_list(user=user))
    if kind:
        findings = findings.filter(kind=kind)
    return findings.prefetch_related(
        "agencies", Prefetch("actions", queryset=Action.objects.select_related("theme").order_by("reference"))
    )


def finding_get(*, user: Any, finding_id: Any) -> Finding:
    """One finding the user may read, with the actions answering it."""
    visible = Finding.objects.filter(inspection__in=inspection_list(user=user)).prefetch_related(
        "agencies", Prefetch("actions", queryset=Action.objects.select_related("theme", "owner_agency", "owner_group"))
    )
    return visible_or_404(user, visible=visible, everything=Finding.objects.all(), pk=finding_id, object_type="finding")


@dataclass
class ActionFilters:
    """The filters of the action list; empty values mean no filter."""

    theme: str = ""
    owner: str = ""
    lead: str = ""
    status: str = ""
    brag: str = ""
    due_before: date | None = None
    search: str = ""


def action_queryset(*, user: Any, inspection: Inspection | None = None) -> QuerySet[Action]:
    """Actions the user may read, with everything the lists show loaded in the same query."""
    actions = Action.objects.filter(inspection__in=inspection_list(user=user)).select_related(
        "theme", "owner_agency", "owner_group", "lead"
    )
    if inspection is not None:
        actions = actions.filter(inspection=inspection)
    return actions


def rate(action: Action, *, today: date, period_start: date) -> Rating:
    """The BRAG rating of one action today."""
    return brag_rating(
        status=action.status,
        current_due_date=action.current_due_date,
        today=today,
        progress_updated_on=as_date(
            timezone.localtime(action.progress_updated_at) if action.progress_updated_at else None
        ),
        period_start=period_start,
        override=action.brag_override,
        override_reason=action.brag_override_reason,
    )


@dataclass
class RatedAction:
    """An action with its rating, as lists and reports show it."""

    action: Action
    rating: Rating


def action_list(
    *, user: Any, inspection: Inspection, filters: ActionFilters | None = None, today: date | None = None
) -> list[RatedAction]:
    """The plan's actions after filters, each with its BRAG rating and reason."""
    filters = filters or ActionFilters()
    today = today or timezone.localdate()
    actions = action_queryset(user=user, inspection=inspection)
    if filters.theme:
        actions = actions.filter(theme_id=filters.theme)
    if filters.owner:
        actions = actions.filter(Q(owner_agency_id=filters.owner) | Q(owner_group_id=filters.owner))
    if filters.lead:
        actions = actions.filter(lead__pk=filters.lead)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.due_before:
        actions = actions.filter(current_due_date__lt=filters.due_before)
    if filters.search:
        actions = actions.filter(Q(title__icontains=filters.search) | Q(reference__icontains=filters.search))
    period_start = quarter_start(today)
    rated = [RatedAction(action, rate(action, today=today, period_start=period_start)) for action in actions]
    if filters.brag:
        rated = [item for item in rated if item.rating.colour == filters.brag]
    return rated


def my_actions(*, user: Any, today: date | None = None) -> list[RatedAction]:
    """The actions the user leads, across plans, with their ratings."""
    today = today or timezone.localdate()
    period_start = quarter_start(today)
    return [
        RatedAction(action, rate(action, today=today, period_start=period_start))
        for action in action_queryset(user=user).filter(lead=user)
    ]


def action_get(*, user: Any, action_id: Any) -> Action:
    """One action the user may read, with its findings, scrutiny programme, revisions and the case file audit
    recommendations it answers (with their rounds)."""
    # Read by name: audits builds on plans, so plans does not import it.
    recommendations = apps.get_model("audits", "Recommendation")._default_manager.select_related("round")
    visible = action_queryset(user=user).prefetch_related(
        "findings",
        "scrutiny",
        Prefetch("revisions", queryset=ActionRevision.objects.select_related("revised_by")),
        Prefetch("audit_recommendations", queryset=recommendations),
    )
    return visible_or_404(user, visible=visible, everything=Action.objects.all(), pk=action_id, object_type="action")


@dataclass
class ThemeSummary:
    """BRAG counts for one theme of the plan."""

    theme: Theme
    counts: Counter[str] = field(default_factory=Counter)
    revised: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PlanOverview:
    """The plan at a glance: counts by theme and BRAG, with totals."""

    inspection: Inspection
    themes: list[ThemeSummary]
    totals: Counter[str]
    revised: int
    action_count: int
    finding_counts: Counter[str]


def plan_overview(*, user: Any, inspection: Inspection, today: date | None = None) -> PlanOverview:
    """Count the plan's actions by theme and BRAG rating in a fixed number of queries."""
    today = today or timezone.localdate()
    summaries = {theme.pk: ThemeSummary(theme) for theme in theme_list(user=user, inspection=inspection)}
    totals: Counter[str] = Counter()
    revised = 0
    period_start = quarter_start(today)
    actions = (
        action_queryset(user=user, inspection=inspection)
        .only(
            "id",
            "theme_id",
            "status",
            "current_due_date",
            "original_due_date",
            "progress_updated_at",
            "brag_override",
            "brag_override_reason",
            "inspection_id",
        )
        .select_related(None)
    )
    for action in actions:
        rating = rate(action, today=today, period_start=period_start)
        key = rating.colour or "none"
        summary = summaries.get(action.theme_id)
        if summary is not None:
            summary.counts[key] += 1
            summary.revised += action.timescale_revised
        totals[key] += 1
        revised += action.timescale_revised
    finding_counts = Counter(Finding.objects.filter(inspection=inspection).values_list("kind", flat=True))
    return PlanOverview(inspection, list(summaries.values()), totals, revised, sum(totals.values()), finding_counts)


@dataclass
class FindingCoverage:
    """A finding with the actions answering it and any traceability flags."""

    finding: Finding
    actions: list[Action]
    flags: list[CoverageFlag]


@dataclass
class Coverage:
    """The traceability of the plan: every finding to its actions, and what is missing."""

    findings: list[FindingCoverage]
    actions_without_findings: list[Action]

    @property
    def flagged(self) -> list[FindingCoverage]:
        return [item for item in self.findings if item.flags]


def plan_coverage(*, user: Any, inspection: Inspection) -> Coverage:
    """Trace each finding to its actions, flagging uncovered findings, late priority actions and orphan actions."""
    findings = [
        FindingCoverage(
            finding,
            list(finding.actions.all()),
            finding_coverage_flags(
                kind=finding.kind,
                action_due_dates=[action.current_due_date for action in finding.actions.all()],
                plan_start=inspection.plan_start,
            ),
        )
        for finding in finding_list(user=user, inspection=inspection)
    ]
    orphans = list(action_queryset(user=user, inspection=inspection).filter(findings__isnull=True))
    return Coverage(findings, orphans)


def brag_counts_by_owner(*, rated: list[RatedAction]) -> dict[str, Counter[str]]:
    """Counts of ratings per owner, for the exception summary."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in rated:
        counts[item.action.owner_name][item.rating.colour or "none"] += 1
    return counts
