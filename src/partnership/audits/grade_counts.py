"""Counts of grades and cases behind the audit results and the round report: figures only, never a child."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from partnership.access.selectors import agency_ids_of
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    ModeratedGrade,
    Moderation,
    RoundAuditor,
    RoundState,
    SectionGrade,
)
from partnership.audits.selectors import manages_audits, signed_in, visible_rounds


def _round_grades(audit_round: AuditRound) -> QuerySet[ModeratedGrade]:
    return ModeratedGrade.objects.filter(moderation__round_case__round=audit_round)


def moderated_grade_counts(*, audit_round: AuditRound) -> list[dict[str, Any]]:
    """How many times each grade was agreed for each section of a round the caller may already see (one query)."""

    return list(
        _round_grades(audit_round)
        .values("section_id", "grade")
        .annotate(count=Count("pk"))
        .order_by("section_id", "grade")
    )


def moderated_case_count(*, audit_round: AuditRound) -> int:
    """How many cases of a round the caller may already see have agreed grades."""
    return Moderation.objects.filter(round_case__round=audit_round).count()


def return_grade_counts(*, audit_round: AuditRound) -> list[dict[str, Any]]:
    """Per agency, how many times each grade was given in its submitted returns of a round the caller may already
    see, and how many of those grades the moderation agreed differently for the same section (one query)."""

    agreed = ModeratedGrade.objects.filter(
        moderation__round_case=OuterRef("agency_return__round_case"), section=OuterRef("section")
    ).values("grade")[:1]

    return list(
        SectionGrade.objects.filter(agency_return__round_case__round=audit_round, agency_return__state="submitted")
        .annotate(agreed=Subquery(agreed))
        .values("agency_return__agency_id", "agency_return__agency__name", "grade")
        .annotate(
            count=Count("pk"),
            compared=Count("pk", filter=Q(agreed__isnull=False)),
            changed=Count("pk", filter=Q(agreed__isnull=False) & ~Q(agreed=F("grade"))),
        )
        .order_by("agency_return__agency__name", "grade")
    )


def returning_case_counts(*, audit_round: AuditRound) -> dict[Any, int]:
    """Per agency, how many cases of a round the caller may already see it submitted a return for (one query)."""

    rows = (
        AgencyReturn.objects.filter(round_case__round=audit_round, state="submitted")
        .values("agency_id")
        .annotate(cases=Count("round_case_id", distinct=True))
    )
    return {row["agency_id"]: row["cases"] for row in rows}


def completed_rounds(*, user: Any) -> QuerySet[AuditRound]:
    """The completed rounds the user may open, oldest first by the day they started."""
    return visible_rounds(user=user).filter(state=RoundState.COMPLETE).order_by("starts_on", "title")


def grade_counts_by_kind(*, rounds: list[AuditRound]) -> list[dict[str, Any]]:
    """For rounds the caller may already see, how many times each grade was agreed for each kind of section, and in
    how many moderated cases (one query for every round)."""

    return list(
        ModeratedGrade.objects.filter(moderation__round_case__round__in=rounds)
        .values("moderation__round_case__round_id", "section__kind", "grade")
        .annotate(count=Count("pk"))
        .order_by()
    )


def moderated_case_counts(*, rounds: list[AuditRound]) -> dict[Any, int]:
    """For rounds the caller may already see, how many of each round's cases have agreed grades (one query)."""

    rows = (
        Moderation.objects.filter(round_case__round__in=rounds)
        .values("round_case__round_id")
        .annotate(cases=Count("pk"))
        .order_by()
    )
    return {row["round_case__round_id"]: row["cases"] for row in rows}


def insider_round_ids(*, user: Any, rounds: list[AuditRound]) -> set[Any]:
    """Of rounds the user may already see, those whose small numbers they may read: every round for the audit
    lead, a round they audit, and a round that asked their agency for a return."""
    if not signed_in(user):
        return set()
    ids = [r.pk for r in rounds]
    if manages_audits(user):
        return set(ids)
    audited = RoundAuditor.objects.filter(round_id__in=ids, user=user).values_list("round_id", flat=True)
    asked = AgencyReturn.objects.filter(round_case__round_id__in=ids, agency_id__in=agency_ids_of(user)).values_list(
        "round_case__round_id", flat=True
    )
    return set(audited) | set(asked)


def auditor_counts(*, audit_round: AuditRound) -> tuple[int, int]:
    """How many auditors a round has, and how many of them are independent of the partnership."""

    totals = RoundAuditor.objects.filter(round=audit_round).aggregate(
        everyone=Count("pk"), independent=Count("pk", filter=Q(is_independent=True))
    )
    return totals["everyone"], totals["independent"]


def learning_texts(*, audit_round: AuditRound) -> list[str]:
    """The learning written at the moderation of a round's cases, without the case or who wrote it."""
    return [
        text.strip()
        for text in Moderation.objects.filter(round_case__round=audit_round)
        .exclude(learning="")
        .order_by("moderated_at", "pk")
        .values_list("learning", flat=True)
        if text.strip()
    ]


def previous_completed_round(*, user: Any, audit_round: AuditRound) -> AuditRound | None:
    """The latest completed round on the same theme the user may open that started before this one."""
    return (
        visible_rounds(user=user)
        .filter(state=RoundState.COMPLETE, theme__iexact=audit_round.theme, starts_on__lt=audit_round.starts_on)
        .exclude(pk=audit_round.pk)
        .order_by("-starts_on", "-created_at")
        .first()
    )
