"""Reads of risk assessments, their templates and written agreements, filtered to the children the user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Agency
from partnership.children.models import (
    AdultRole,
    Child,
    ChronologyEvent,
    EventType,
    HouseholdAdult,
    RiskAssessment,
    RiskTemplate,
    WrittenAgreement,
)
from partnership.children.selectors import visible_children

DEFAULT_TEMPLATE = "dash-practitioner"


def templates_active() -> QuerySet[RiskTemplate]:
    """The risk templates practitioners may use now, with their questions."""
    return RiskTemplate.objects.filter(is_active=True).prefetch_related("questions")


def template_for(*, code: str = "") -> RiskTemplate:
    """The active template with the code, else the default one, else the first active; 404 when there is none."""
    active = list(templates_active())
    by_code = {template.code: template for template in active}
    if code:
        if code not in by_code:
            raise Http404()
        return by_code[code]
    if DEFAULT_TEMPLATE in by_code:
        return by_code[DEFAULT_TEMPLATE]
    if not active:
        raise Http404()
    return active[0]


def household_adults(*, child: Child, role: str = "") -> QuerySet[HouseholdAdult]:
    """The adults of the child's household, optionally only those with one role."""
    if child.household_id is None:
        return HouseholdAdult.objects.none()
    adults = HouseholdAdult.objects.filter(household_id=child.household_id)
    return adults.filter(role=role) if role else adults


def adult_victims(*, child: Child) -> QuerySet[HouseholdAdult]:
    """The adults of the child's household recorded as adult victims."""
    return household_adults(child=child, role=AdultRole.ADULT_VICTIM)


def agencies_active() -> QuerySet[Agency]:
    """The partnership's agencies that may be named in a commitment."""
    return Agency.objects.filter(is_active=True)


def incident_and_marac_events(*, child: Child) -> QuerySet[ChronologyEvent]:
    """The child's domestic abuse incidents and MARACs, oldest first, for the MARAC referral criteria."""
    return ChronologyEvent.objects.filter(
        child=child, event_type__in=[EventType.DOMESTIC_ABUSE_INCIDENT, EventType.MARAC]
    ).order_by("occurred_at")


def _visible_one(
    *, user: Any, queryset: QuerySet[Any], object_id: Any, child: Child | None, object_type: str, purpose: str
) -> Any:
    """One record of a child the user may see, with the view logged; 404 (and a logged refusal) otherwise."""
    found = queryset.filter(child__in=visible_children(user=user))
    if child is not None:
        found = found.filter(child=child)
    try:
        record = found.get(pk=object_id)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        if _exists(queryset, object_id):
            access_event_record(
                user=user, action=AccessEvent.Action.REFUSED, object_type=object_type, object_id=object_id
            )
        raise Http404() from None
    access_event_record(
        user=user, action=AccessEvent.Action.VIEW, object_type=object_type, object_id=record.pk, purpose=purpose
    )
    return record


def _exists(queryset: QuerySet[Any], object_id: Any) -> bool:
    try:
        return queryset.filter(pk=object_id).exists()
    except (ValidationError, ValueError, TypeError):
        return False


def assessment_get(
    *, user: Any, assessment_id: Any, child: Child | None = None, purpose: str = "Read a risk assessment"
) -> RiskAssessment:
    """One risk assessment of a child the user may see (and of the given child); the view is logged."""
    queryset = RiskAssessment.objects.select_related("child", "template", "adult_victim", "agency", "assessed_by")
    assessment: RiskAssessment = _visible_one(
        user=user,
        queryset=queryset,
        object_id=assessment_id,
        child=child,
        object_type="risk_assessment",
        purpose=purpose,
    )
    return assessment


def assessment_answers(*, assessment: RiskAssessment) -> list[Any]:
    """The assessment's answers in question order, with their questions."""
    return list(assessment.answers.select_related("question").order_by("question__number"))  # type: ignore[attr-defined]


def agreement_get(
    *, user: Any, agreement_id: Any, child: Child | None = None, purpose: str = "Read a written agreement"
) -> WrittenAgreement:
    """One written agreement of a child the user may see (and of the given child); the view is logged."""
    queryset = WrittenAgreement.objects.select_related("child", "agency", "recorded_by").prefetch_related(
        "commitments__responsible_adult", "commitments__responsible_agency"
    )
    agreement: WrittenAgreement = _visible_one(
        user=user,
        queryset=queryset,
        object_id=agreement_id,
        child=child,
        object_type="written_agreement",
        purpose=purpose,
    )
    return agreement
