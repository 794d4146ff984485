"""Builds children's records for tests without going through a person's agency."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from partnership.access.models import Agency
from partnership.children.models import Child, Involvement, RiskAssessment, RiskTemplate, WrittenAgreement


def build_child(*, agency: Agency, local_child_id: str, first_name: str = "Robin", **fields: object) -> Child:
    """A child born in 2015 that the given agency is working with."""
    child = Child.objects.create(
        first_name=first_name,
        last_name=fields.pop("last_name", "Example"),  # type: ignore[arg-type]
        date_of_birth=fields.pop("date_of_birth", date(2015, 5, 1)),  # type: ignore[arg-type]
        local_child_id=local_child_id,
        **fields,
    )
    Involvement.objects.create(
        child=child, agency=agency, service="Working with the family", started_on=timezone.localdate()
    )
    return child


def build_risk_records(*, child: Child, agency: Agency) -> tuple[RiskAssessment, WrittenAgreement]:
    """A standard-risk assessment on the shipped checklist and an empty written agreement for the child."""
    checklist = RiskTemplate.objects.get(code="dash-practitioner")
    today = timezone.localdate()
    assessment = RiskAssessment.objects.create(
        child=child,
        template=checklist,
        assessed_on=today,
        agency=agency,
        score=0,
        score_level="standard",
        level="standard",
    )
    agreement = WrittenAgreement.objects.create(child=child, made_on=today, agency=agency)
    return assessment, agreement
