"""Every read of case file audits, filtered to what the user may see; auditors see only their round's children."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Membership, User
from partnership.access.selectors import agency_ids_of, viewed_or_404, visible_or_404
from partnership.audits import rules
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ModeratedGrade,
    Moderation,
    Recommendation,
    RoundAuditor,
    RoundCase,
    RoundState,
)
from partnership.children import selectors as children_selectors
from partnership.children.models import Child
from partnership.frontdoor import selectors as frontdoor_selectors
from partnership.frontdoor.models import Outcome

NO_DECISION = "No front door decision"
DEFAULT_MONTHS = 6


def signed_in(user: Any) -> bool:
    """Whether the user is a signed-in person."""
    return user is not None and user.is_authenticated


def manages_audits(user: Any) -> bool:
    """Whether the user leads the partnership's audits."""
    return signed_in(user) and bool(user.has_perm("audits.manage_rounds"))


def open_auditor_rounds(*, user: Any, today: date) -> QuerySet[AuditRound]:
    """The rounds the user audits whose access window is open on the day (and which are not complete)."""
    if not signed_in(user):
        return AuditRound.objects.none()
    return AuditRound.objects.filter(auditors__user=user, starts_on__lte=today, ends_on__gte=today).exclude(
        state=RoundState.COMPLETE
    )


def auditable_child_ids(user: Any, today: date) -> set[Any]:
    """The children the user may open as an auditor on the day: those sampled in their open rounds."""
    rounds = [
        r
        for r in open_auditor_rounds(user=user, today=today)
        if rules.access_open(starts_on=r.starts_on, ends_on=r.ends_on, today=today)
    ]
    return set(RoundCase.objects.filter(round__in=rounds).values_list("child_id", flat=True))


def tool_list(*, user: Any, current_only: bool = True) -> QuerySet[AuditTool]:
    """The audit tools, newest version first; every signed-in person may read a tool."""
    if not signed_in(user):
        return AuditTool.objects.none()
    tools = AuditTool.objects.prefetch_related("sections__questions")
    return tools.filter(is_current=True) if current_only else tools


def tool_get(*, user: Any, tool_id: Any) -> AuditTool:
    """One audit tool with its sections and questions; 404 otherwise."""
    return visible_or_404(
        user,
        visible=tool_list(user=user, current_only=False),
        everything=AuditTool.objects.all(),
        pk=tool_id,
        object_type="audit_tool",
    )


def visible_rounds(*, user: Any) -> QuerySet[AuditRound]:
    """Rounds the user may open: every round for the audit lead and partnership-wide readers of results, a
    round they audit for an auditor, a round asking their agency for returns for anyone else."""
    if not signed_in(user) or not user.has_perm("audits.view_rounds"):
        return AuditRound.objects.none()
    rounds = AuditRound.objects.select_related("tool", "created_by")
    if manages_audits(user) or user.has_perm("audits.view_all_rounds"):
        return rounds
    return rounds.filter(Q(auditors__user=user) | Q(cases__returns__agency_id__in=agency_ids_of(user))).distinct()


def round_get(*, user: Any, round_id: Any) -> AuditRound:
    """One round the user may open; 404 otherwise."""
    return visible_or_404(
        user,
        visible=visible_rounds(user=user),
        everything=AuditRound.objects.all(),
        pk=round_id,
        object_type="audit_round",
    )


def _visible_cases(user: Any, today: date) -> QuerySet[RoundCase]:
    if not signed_in(user):
        return RoundCase.objects.none()
    if manages_audits(user):
        return RoundCase.objects.all()
    return RoundCase.objects.filter(
        Q(round__in=open_auditor_rounds(user=user, today=today))
        | Q(returns__agency_id__in=agency_ids_of(user), round__state=RoundState.AUDITING)
    ).distinct()


def round_cases(*, user: Any, audit_round: AuditRound, today: date | None = None) -> QuerySet[RoundCase]:
    """The cases of a round the user may see: all of them for the audit lead and the round's auditors while its
    window is open; the cases asking their agency for a return for anyone else."""
    today = today or timezone.localdate()
    return (
        _visible_cases(user, today)
        .filter(round=audit_round)
        .select_related("child", "moderation")
        .order_by("stratum", "child__last_name", "child__first_name")
    )


def round_case_get(*, user: Any, case_id: Any, purpose: str, today: date | None = None) -> RoundCase:
    """One case of a round; the view is written to the access log, as it names a child."""
    today = today or timezone.localdate()
    return viewed_or_404(
        user,
        visible=_visible_cases(user, today).select_related("round", "round__tool", "child"),
        everything=RoundCase.objects.all(),
        pk=case_id,
        object_type="audit_case",
        purpose=purpose,
    )


def audit_child_get(*, user: Any, child_id: Any, purpose: str, today: date | None = None) -> Child:
    """A sampled child's record for an auditor while the round's window is open; every view is logged, and any
    other child answers 404 exactly like a missing one."""
    today = today or timezone.localdate()
    allowed = auditable_child_ids(user, today)
    return viewed_or_404(
        user,
        visible=Child.objects.filter(pk__in=allowed, merged_into__isnull=True),
        everything=Child.objects.all(),
        pk=child_id,
        object_type="child",
        purpose=purpose,
    )


def case_returns(*, round_case: RoundCase) -> QuerySet[AgencyReturn]:
    """The agency returns of a case the caller may already see, with their grades."""
    return (
        AgencyReturn.objects.filter(round_case=round_case)
        .select_related("agency", "assigned_to", "submitted_by")
        .prefetch_related("grades__section")
    )


def returns_for(*, user: Any, open_only: bool = True) -> QuerySet[AgencyReturn]:
    """The returns asked of the user's agencies or assigned to the user, in rounds that are auditing."""
    if not signed_in(user):
        return AgencyReturn.objects.none()
    returns = AgencyReturn.objects.filter(
        Q(agency_id__in=agency_ids_of(user)) | Q(assigned_to=user), round_case__round__state=RoundState.AUDITING
    ).select_related("agency", "round_case", "round_case__round", "round_case__child")
    if open_only:
        returns = returns.exclude(state="submitted")
    return returns


def return_get(*, user: Any, return_id: Any, purpose: str) -> AgencyReturn:
    """One return the user may complete (or the audit lead may read); the view is logged, as it names a child."""
    visible = AgencyReturn.objects.all() if manages_audits(user) else returns_for(user=user, open_only=False)
    return viewed_or_404(
        user,
        visible=visible.select_related("agency", "round_case__round__tool", "round_case__child"),
        everything=AgencyReturn.objects.all(),
        pk=return_id,
        object_type="audit_return",
        purpose=purpose,
    )


def moderation_of(*, round_case: RoundCase) -> Moderation | None:
    """The moderation of a case the caller may already see, with its agreed grades."""
    return (
        Moderation.objects.filter(round_case=round_case)
        .select_related("moderated_by")
        .prefetch_related("grades__section")
        .first()
    )


def round_auditors(*, audit_round: AuditRound) -> QuerySet[RoundAuditor]:
    """The auditors of a round the caller may already see."""
    return RoundAuditor.objects.filter(round=audit_round).select_related("user")


def recommendations(*, audit_round: AuditRound) -> QuerySet[Recommendation]:
    """The recommendations of a round the caller may already see, with the plan action each became."""
    return Recommendation.objects.filter(round=audit_round).select_related("owner_agency", "plan_action", "round_case")


# --- the sampling frame: a system-level read; its result is seen only as the sample drawn from it ------------------


def _since(criteria: dict[str, Any], now: datetime) -> datetime:
    months = int(criteria.get("months") or DEFAULT_MONTHS)
    return now - timedelta(days=round(months * 365.25 / 12))


def sample_candidates(criteria: dict[str, Any], *, now: datetime | None = None) -> list[tuple[Any, str]]:
    """Children with a domestic abuse incident in their chronology, or a domestic abuse contact, in the N months
    up to the moment of the draw, each with the stratum of the outcome of their latest front door decision then."""
    until = now or timezone.now()
    since = _since(criteria, until)
    events = children_selectors.domestic_abuse_events_for_audits(since=since, until=until)
    child_ids = set(events.values_list("child_id", flat=True))
    latest: dict[Any, tuple[datetime, str]] = {}
    for row in frontdoor_selectors.contact_children_for_audits(since=since, until=until):
        if row["contact__domestic_abuse"]:
            child_ids.add(row["child_id"])
        outcome = row["contact__enquiry__outcome"]
        if outcome and (row["child_id"] not in latest or row["contact__received_at"] > latest[row["child_id"]][0]):
            latest[row["child_id"]] = (row["contact__received_at"], outcome)
    labels = dict(Outcome.choices)
    return sorted(
        (
            (child_id, labels.get(latest[child_id][1], NO_DECISION) if child_id in latest else NO_DECISION)
            for child_id in child_ids
        ),
        key=lambda pair: str(pair[0]),
    )


def involved_agency_ids(*, child_ids: list[Any], since: date, until: date) -> dict[Any, set[Any]]:
    """For each child, the agencies involved with them at any time between the two days."""
    found: dict[Any, set[Any]] = {child_id: set() for child_id in child_ids}
    for involvement in children_selectors.involvements_for_audits(child_ids=child_ids):
        if involvement.started_on <= until and (involvement.ended_on is None or involvement.ended_on >= since):
            found[involvement.child_id].add(involvement.agency_id)
    return found


def moderated_grades_for_indicators() -> QuerySet[ModeratedGrade]:
    """Every grade agreed at moderation, for the partnership's aggregate measures (never shown case by case)."""
    return ModeratedGrade.objects.all()


def grade_scales_for_indicators() -> list[list[str]]:
    """The grade scale of every audit tool, best first, for deciding which grades count as good or better."""
    return [list(scale) for scale in AuditTool.objects.values_list("grade_scale", flat=True)]


# --- reads of the casework screens ---------------------------------------------------------------------------------


def recommendation_get(*, user: Any, recommendation_id: Any) -> Recommendation:
    """One recommendation of a round the user may open, with its round and the plan action it became; 404 otherwise."""
    visible = Recommendation.objects.filter(round__in=visible_rounds(user=user))
    return visible_or_404(
        user,
        visible=visible.select_related("round", "owner_agency", "plan_action", "round_case"),
        everything=Recommendation.objects.all(),
        pk=recommendation_id,
        object_type="audit_recommendation",
    )


def return_assignee_choices(*, agency_return: AgencyReturn) -> QuerySet[Any]:
    """The active people a return may be assigned to: the round's auditors and the members of the agency asked."""

    audit_round_id = agency_return.round_case.round_id
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(audit_rounds__round_id=audit_round_id)
            | Q(memberships__agency_id=agency_return.agency_id, memberships__is_active=True)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def case_recommendations(*, round_case: RoundCase) -> QuerySet[Recommendation]:
    """The recommendations that came from one case the caller may already see."""
    return recommendations(audit_round=round_case.round).filter(round_case=round_case)


def tool_sections(*, tool: AuditTool) -> list[Any]:
    """The sections of a tool the caller may already see, in order, with their questions."""
    return list(tool.sections.prefetch_related("questions").order_by("number"))


def return_grades(*, agency_return: AgencyReturn) -> QuerySet[Any]:
    """The section grades of a return the caller may already see, in the tool's order."""
    return agency_return.grades.select_related("section").order_by("section__number")


# --- reads of the rounds and tools screens --------------------------------------------------------------------------


def rounds_with_case_counts(*, user: Any) -> QuerySet[AuditRound]:
    """The rounds the user may open, each with the number of cases in its sample (a count, never a name)."""

    counts = RoundCase.objects.filter(round=OuterRef("pk")).values("round").annotate(n=Count("pk")).values("n")
    return visible_rounds(user=user).annotate(case_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def round_case_rows(*, user: Any, audit_round: AuditRound, today: date | None = None) -> QuerySet[RoundCase]:
    """The cases of a round the user may see (as `round_cases`), each with how many returns were asked and
    submitted."""

    def counted(returns: QuerySet[AgencyReturn]) -> Coalesce:
        rows = returns.filter(round_case=OuterRef("pk")).values("round_case").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return round_cases(user=user, audit_round=audit_round, today=today).annotate(
        returns_asked=counted(AgencyReturn.objects.all()),
        returns_submitted=counted(AgencyReturn.objects.filter(state="submitted")),
    )


def round_strata(*, audit_round: AuditRound) -> list[tuple[str, int]]:
    """How many cases of a round the caller may already see were sampled in each stratum (counts only)."""

    rows = RoundCase.objects.filter(round=audit_round).values("stratum").annotate(n=Count("pk")).order_by("stratum")
    return [(row["stratum"] or "No stratum", row["n"]) for row in rows]


def rounds_strata(*, rounds: list[AuditRound]) -> dict[Any, list[tuple[str, int]]]:
    """The strata counts of several rounds in one query, by round id (every round given has an entry)."""
    strata: dict[Any, list[tuple[str, int]]] = {audit_round.pk: [] for audit_round in rounds}
    rows = RoundCase.objects.filter(round__in=rounds).values("round_id", "stratum").annotate(n=Count("pk"))
    for row in rows.order_by("round_id", "stratum"):
        strata[row["round_id"]].append((row["stratum"] or "No stratum", row["n"]))
    return strata


def round_progress(*, audit_round: AuditRound) -> dict[str, int]:
    """The counts that decide a round's next step: cases, returns asked and still waited for, cases unmoderated."""
    returns = AgencyReturn.objects.filter(round_case__round=audit_round)
    cases = RoundCase.objects.filter(round=audit_round)
    return {
        "cases": cases.count(),
        "returns_asked": returns.count(),
        "returns_waiting": returns.exclude(state="submitted").count(),
        "cases_unmoderated": cases.filter(moderation__isnull=True).count(),
    }


def child_for_sample(*, user: Any, local_child_id: str) -> Child | None:
    """The unmerged child with the council's local ID, for the audit lead choosing a case by hand; the look-up is
    written to the access log, and anyone else (or an unknown ID) gets None."""

    if not manages_audits(user) or not local_child_id.strip():
        return None
    child = Child.objects.filter(local_child_id=local_child_id.strip(), merged_into__isnull=True).first()
    if child is None:
        return None
    access_event_record(
        user=user,
        action=AccessEvent.Action.VIEW,
        object_type="child",
        object_id=child.pk,
        purpose="Chose a case for an audit sample",
    )
    return child


def auditor_candidates(*, user: Any) -> QuerySet[Any]:
    """The active people the audit lead may make auditors of a round, with their memberships; nobody for others."""

    if not manages_audits(user):
        return User.objects.none()
    memberships = Membership.objects.filter(is_active=True).select_related("agency").order_by("created_at")
    return (
        User.objects.filter(is_active=True)
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="active_memberships_for_audits"))
        .order_by("last_name", "first_name", "username")
    )


def tool_versions(*, user: Any, tool: AuditTool) -> QuerySet[AuditTool]:
    """Every version of a tool the user may already read, newest first."""
    return tool_list(user=user, current_only=False).filter(name=tool.name).order_by("-version_number")


def round_cases_in_full(*, user: Any, audit_round: AuditRound, today: date | None = None) -> QuerySet[RoundCase]:
    """The cases of a round the user may see (as `round_cases`), with each return's grades and the agreed grades."""
    return round_cases(user=user, audit_round=audit_round, today=today).prefetch_related(
        "returns__agency", "returns__grades__section", "moderation__grades__section"
    )
