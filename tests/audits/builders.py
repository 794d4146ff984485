"""Audit rounds in each state for tests that need a whole world: the lead's round still planning, a round auditing
the user's agency's child and another agency's child, and a round in moderation with an agreed case and a
recommendation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from partnership.access.models import Agency, Role, User
from partnership.access.selectors import roles_of
from partnership.audits import casework_services, services
from partnership.audits.models import AgencyReturn, AuditRound, AuditTool, RoundCase
from partnership.children.models import Child
from tests.factories import make_person


def _round(*, lead: User, tool: AuditTool, title: str) -> AuditRound:
    today = timezone.localdate()
    return services.round_create(
        actor=lead,
        title=title,
        theme="Domestic abuse",
        tool=tool,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
        sample_criteria={"months": 6},
    )


def _sampled(*, lead: User, audit_round: AuditRound, children: list[Child], auditor: User | None) -> list[RoundCase]:
    cases = [services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child) for child in children]
    if auditor is not None:
        services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor, is_independent=True)
    audit_round.refresh_from_db()
    services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    return cases


def grades_for(tool: AuditTool, grade: str = "Good", why: str = "The record shows it.") -> dict[int, tuple[str, str]]:
    """The same grade and reason for every section of the tool."""
    return {section.number: (grade, why) for section in tool.sections.all()}


def build_audit_world(*, user: User, agency: Agency, own_child: Child, other_child: Child) -> dict[str, Any]:
    """Rounds led by an audit lead of another agency; the user audits them when their role is auditor."""
    lead = make_person(Role.ADMIN)
    tool = services.tool_create_from_template(actor=lead)
    auditor = user if Role.AUDITOR in roles_of(user) else None

    planning = _round(lead=lead, tool=tool, title="Round being planned")
    auditing = _round(lead=lead, tool=tool, title="Round auditing")
    own_case, other_case = _sampled(lead=lead, audit_round=auditing, children=[own_child, other_child], auditor=auditor)

    moderating = _round(lead=lead, tool=tool, title="Round in moderation")
    agreed_case, other_agreed_case = _sampled(
        lead=lead, audit_round=moderating, children=[own_child, other_child], auditor=auditor
    )
    for agency_return in AgencyReturn.objects.filter(round_case__round=moderating):
        agency_return.assigned_to = lead
        agency_return.save(update_fields=["assigned_to"])
        casework_services.return_submit(
            actor=lead, agency_return=agency_return, expected_version=agency_return.version, grades=grades_for(tool)
        )
    moderating.refresh_from_db()
    services.round_begin_moderation(actor=lead, audit_round=moderating, expected_version=moderating.version)
    casework_services.moderation_record(
        actor=lead, round_case=agreed_case, grades=grades_for(tool), learning="Ask the child."
    )
    recommendation = casework_services.recommendation_add(
        actor=lead, audit_round=moderating, text="Record the child's own words", owner_agency=agency
    )
    return {
        "audit_lead": lead,
        "audit_tool": tool,
        "planning_round": planning,
        "auditing_round": auditing,
        "moderating_round": moderating,
        "own_case": own_case,
        "other_case": other_case,
        "agreed_case": agreed_case,
        "other_agreed_case": other_agreed_case,
        "own_return": AgencyReturn.objects.get(round_case=own_case, agency=agency),
        "other_return": AgencyReturn.objects.get(round_case=other_case),
        "recommendation": recommendation,
    }
