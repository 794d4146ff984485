"""The audit services: tools, sampling by criteria, opening a round, returns, moderation, recommendations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from partnership.access.models import Agency, Role, User
from partnership.audits import casework_services, selectors, services
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ChosenBy,
    ReturnState,
    RoundState,
    SectionKind,
)
from partnership.audits.tools import DOMESTIC_ABUSE_TOOL
from partnership.children import services as children_services
from partnership.children.models import Child, EventType
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.frontdoor import services as frontdoor_services
from partnership.frontdoor.models import MashEnquiry, Outcome, Priority
from partnership.plans import services as plans_services
from tests.audits.conftest import all_good
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _incident(actor: User, child: Child, days_ago: int) -> None:
    children_services.event_add(
        actor=actor,
        child=child,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
        summary="Police attended an incident at home; the child was present.",
    )


def _decided_contact(actor: User, child: Child, outcome: str, days_ago: int, domestic_abuse: bool = False) -> None:
    contact = frontdoor_services.contact_record(
        actor=actor,
        received_at=timezone.now() - timedelta(days=days_ago),
        source="6",
        concern=f"Concern {outcome} {child.pk}",
        children=[child],
        referrer_name=f"Officer {child.pk}",
        domestic_abuse=domestic_abuse,
    )
    MashEnquiry.objects.create(
        contact=contact, priority=Priority.AMBER, priority_reason="Known history", screener=actor, outcome=outcome
    )


def test_the_shipped_tool_has_every_section_of_the_field_and_the_default_scale(tool: AuditTool) -> None:
    kinds = list(tool.sections.order_by("number").values_list("kind", flat=True))
    assert kinds == list(SectionKind.values)
    assert tool.grade_scale == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert tool.version_number == 1 and tool.is_current
    assert all(section.questions.exists() for section in tool.sections.all())


def test_a_new_version_of_a_tool_is_a_new_row_and_rounds_keep_theirs(
    lead: User, tool: AuditTool, audit_round: AuditRound
) -> None:
    newer = services.tool_create_from_template(actor=lead, grade_scale=["Good", "Not yet good"])
    tool.refresh_from_db()
    audit_round.refresh_from_db()
    assert (newer.version_number, newer.is_current, tool.is_current) == (2, True, False)
    assert newer.grade_scale == ["Good", "Not yet good"]
    assert audit_round.tool_id == tool.pk
    with pytest.raises(BusinessRuleError) as refused:
        services.tool_create_from_template(actor=lead, template=DOMESTIC_ABUSE_TOOL, grade_scale=["Good"])
    assert "grade_scale" in refused.value.errors


def test_a_round_needs_a_title_theme_a_sensible_window_and_the_current_tool(lead: User, tool: AuditTool) -> None:
    services.tool_create_from_template(actor=lead)
    with pytest.raises(BusinessRuleError) as refused:
        services.round_create(
            actor=lead, title=" ", theme="", tool=tool, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)
        )
    assert set(refused.value.errors) == {"title", "theme", "ends_on", "tool"}


def test_the_sample_is_drawn_from_recent_domestic_abuse_stratified_by_front_door_outcome(
    lead: User, screener: User, audit_round: AuditRound, make_child: Callable[..., Child]
) -> None:
    early_help = [make_child() for _ in range(4)]
    for child in early_help:
        _decided_contact(screener, child, Outcome.EARLY_HELP, days_ago=20, domestic_abuse=True)
    strategy = make_child()
    _incident(screener, strategy, days_ago=40)
    _decided_contact(screener, strategy, Outcome.STRATEGY, days_ago=30)
    undecided = make_child()
    _incident(screener, undecided, days_ago=10)
    too_old, not_abuse = make_child(), make_child()
    _incident(screener, too_old, days_ago=400)
    _decided_contact(screener, not_abuse, Outcome.ADVICE, days_ago=5)

    candidates = dict(selectors.sample_candidates({"months": 6}))
    assert candidates == {
        **{child.pk: "Early help" for child in early_help},
        strategy.pk: "Strategy discussion",
        undecided.pk: selectors.NO_DECISION,
    }

    cases = services.round_draw_sample(actor=lead, audit_round=audit_round, expected_version=1, size=4, seed=77)
    audit_round.refresh_from_db()
    assert (audit_round.state, audit_round.seed, audit_round.sample_size) == (RoundState.SAMPLING, 77, 4)
    strata = sorted(case.stratum for case in cases)
    assert strata == ["Early help", "Early help", "No front door decision", "Strategy discussion"]
    first = sorted(str(case.child_id) for case in cases)

    again = services.round_draw_sample(
        actor=lead, audit_round=audit_round, expected_version=audit_round.version, size=4, seed=77
    )
    assert sorted(str(case.child_id) for case in again) == first
    assert audit_round.cases.count() == 4


def test_a_sample_drawn_as_of_an_earlier_day_ignores_what_happened_after_it(
    screener: User, make_child: Callable[..., Child]
) -> None:
    before, after = make_child(), make_child()
    _incident(screener, before, days_ago=120)
    _decided_contact(screener, before, Outcome.EARLY_HELP, days_ago=110)
    _incident(screener, after, days_ago=20)
    _decided_contact(screener, before, Outcome.STRATEGY, days_ago=10)

    as_of = timezone.now() - timedelta(days=100)
    assert dict(selectors.sample_candidates({"months": 6}, now=as_of)) == {before.pk: "Early help"}
    assert dict(selectors.sample_candidates({"months": 6})) == {
        before.pk: "Strategy discussion",
        after.pk: selectors.NO_DECISION,
    }


def test_cases_chosen_by_hand_stay_when_the_sample_is_redrawn(
    lead: User, screener: User, audit_round: AuditRound, make_child: Callable[..., Child]
) -> None:
    chosen = make_child()
    _incident(screener, chosen, days_ago=3)
    other = make_child()
    _incident(screener, other, days_ago=3)
    case = services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=chosen)
    audit_round.refresh_from_db()
    assert (case.chosen_by, case.stratum, audit_round.state) == (ChosenBy.BY_HAND, "Chosen by hand", "sampling")
    with pytest.raises(BusinessRuleError, match="already in the sample"):
        services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=chosen)
    drawn = services.round_draw_sample(
        actor=lead, audit_round=audit_round, expected_version=audit_round.version, size=5, seed=1
    )
    assert [c.child_id for c in drawn] == [other.pk]
    assert set(audit_round.cases.values_list("child_id", flat=True)) == {chosen.pk, other.pk}


def test_no_candidates_and_a_stale_round_are_refused(
    lead: User, audit_round: AuditRound, make_child: Callable[..., Child]
) -> None:
    with pytest.raises(BusinessRuleError, match="No children meet"):
        services.round_draw_sample(actor=lead, audit_round=audit_round, expected_version=1, size=3, seed=1)
    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=make_child())
    assert audit_round.version == 2
    with pytest.raises(StaleVersion):
        services.round_open(actor=lead, audit_round=audit_round, expected_version=1)
    audit_round.refresh_from_db()
    assert audit_round.state == RoundState.SAMPLING and not AgencyReturn.objects.exists()


def _opened(lead: User, audit_round: AuditRound, children: list[Child]) -> list[AgencyReturn]:
    for child in children:
        services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child)
    audit_round.refresh_from_db()
    return services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)


def test_opening_asks_every_involved_agency_to_audit_its_own_records(
    lead: User,
    screener: User,
    council: Agency,
    police: Agency,
    health: Agency,
    audit_round: AuditRound,
    make_child: Callable[..., Child],
) -> None:
    child = make_child()
    children_services.involvement_add(
        actor=screener, child=child, agency=police, service="Domestic abuse unit", started_on=date(2025, 1, 1)
    )
    long_ago = children_services.involvement_add(
        actor=screener, child=child, agency=health, service="Health visiting", started_on=date(2015, 1, 1)
    )
    children_services.involvement_end(actor=screener, involvement=long_ago, ended_on=date(2016, 1, 1))
    with pytest.raises(BusinessRuleError, match="Draw the sample"):
        services.round_open(actor=lead, audit_round=audit_round, expected_version=1)
    returns = _opened(lead, audit_round, [child])
    assert {r.agency_id for r in returns} == {council.pk, police.pk}
    assert all(r.state == ReturnState.REQUESTED for r in returns)
    with pytest.raises(BusinessRuleError, match="sample is fixed"):
        services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=make_child())


def test_an_agency_that_became_involved_after_the_round_ended_is_not_asked(
    lead: User, screener: User, council: Agency, police: Agency, tool: AuditTool, make_child: Callable[..., Child]
) -> None:
    today = timezone.localdate()
    last_year = services.round_create(
        actor=lead,
        title="Last year",
        theme="Domestic abuse",
        tool=tool,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=370),
    )
    child = make_child()
    children_services.involvement_add(
        actor=screener, child=child, agency=police, service="Domestic abuse unit", started_on=today - timedelta(days=30)
    )
    child.involvements.filter(agency=council).update(started_on=today - timedelta(days=500))
    returns = _opened(lead, last_year, [child])
    assert {r.agency_id for r in returns} == {council.pk}


def test_a_return_needs_every_section_graded_with_a_rationale_by_its_own_agency(
    lead: User, screener: User, police: Agency, tool: AuditTool, audit_round: AuditRound, make_child: Callable
) -> None:
    (council_return,) = _opened(lead, audit_round, [make_child()])
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    with pytest.raises(BusinessRuleError, match="Only the agency's own staff"):
        casework_services.return_submit(
            actor=officer, agency_return=council_return, expected_version=1, grades=all_good(tool)
        )
    partial = all_good(tool)
    partial[2] = ("Good", " ")
    del partial[3]
    with pytest.raises(BusinessRuleError) as refused:
        casework_services.return_submit(
            actor=screener, agency_return=council_return, expected_version=1, grades=partial
        )
    assert set(refused.value.errors) == {"section_2_rationale", "section_3_grade", "section_3_rationale"}
    council_return.refresh_from_db()
    assert council_return.state == ReturnState.REQUESTED and not council_return.grades.exists()

    casework_services.return_submit(
        actor=screener, agency_return=council_return, expected_version=1, grades=all_good(tool)
    )
    council_return.refresh_from_db()
    assert council_return.state == ReturnState.SUBMITTED and council_return.submitted_by == screener
    assert council_return.grades.count() == 7
    with pytest.raises(StaleVersion):
        casework_services.return_submit(
            actor=screener, agency_return=council_return, expected_version=1, grades=all_good(tool)
        )


def test_the_assigned_auditor_may_submit_another_agencys_return(
    lead: User, auditor: User, tool: AuditTool, audit_round: AuditRound, make_child: Callable
) -> None:
    (agency_return,) = _opened(lead, audit_round, [make_child()])
    agency_return.assigned_to = auditor
    agency_return.save()
    casework_services.return_submit(
        actor=auditor, agency_return=agency_return, expected_version=1, grades=all_good(tool)
    )
    assert agency_return.state == ReturnState.SUBMITTED


def _to_moderation(lead: User, screener: User, tool: AuditTool, audit_round: AuditRound, child: Child) -> None:
    (agency_return,) = _opened(lead, audit_round, [child])
    audit_round.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="1 agency returns are still to be submitted"):
        services.round_begin_moderation(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    casework_services.return_submit(
        actor=screener, agency_return=agency_return, expected_version=1, grades=all_good(tool)
    )
    services.round_begin_moderation(actor=lead, audit_round=audit_round, expected_version=audit_round.version)


def test_moderation_agrees_grades_with_reasons_and_the_round_completes_when_every_case_has_them(
    lead: User, screener: User, tool: AuditTool, audit_round: AuditRound, make_child: Callable
) -> None:
    child = make_child()
    _to_moderation(lead, screener, tool, audit_round, child)
    case = audit_round.cases.get()
    audit_round.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="1 cases still need agreed grades"):
        services.round_complete(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    with pytest.raises(BusinessRuleError) as refused:
        casework_services.moderation_record(actor=lead, round_case=case, grades={1: ("Good", "")})
    assert "section_1_reason" in refused.value.errors and "section_7_grade" in refused.value.errors

    grades = all_good(tool)
    grades[5] = ("Inadequate", "The child was never seen alone.")
    moderation = casework_services.moderation_record(
        actor=lead, round_case=case, grades=grades, learning="See children alone."
    )
    assert moderation.grades.get(section__number=5).grade == "Inadequate"
    with pytest.raises(BusinessRuleError, match="moderated already"):
        casework_services.moderation_record(actor=lead, round_case=case, grades=grades)
    grades[5] = ("Requires improvement", "Seen once, not alone.")
    casework_services.moderation_record(actor=lead, round_case=case, grades=grades, expected_version=moderation.version)
    assert moderation.grades.get(section__number=5).grade == "Requires improvement"
    with pytest.raises(StaleVersion):
        casework_services.moderation_record(actor=lead, round_case=case, grades=grades, expected_version=1)

    audit_round.refresh_from_db()
    services.round_complete(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    audit_round.refresh_from_db()
    assert audit_round.state == RoundState.COMPLETE and audit_round.completed_at is not None
    with pytest.raises(BusinessRuleError, match="can no longer change"):
        services.round_complete(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    assert audit_round.history.first().history_user == lead  # type: ignore[attr-defined]


def test_a_recommendation_becomes_a_linked_plan_action_in_one_call(
    lead: User, screener: User, council: Agency, tool: AuditTool, audit_round: AuditRound, make_child: Callable
) -> None:
    with pytest.raises(BusinessRuleError, match="from the moderation"):
        casework_services.recommendation_add(actor=lead, audit_round=audit_round, text="x", owner_agency=council)
    _to_moderation(lead, screener, tool, audit_round, make_child())
    recommendation = casework_services.recommendation_add(
        actor=lead,
        audit_round=audit_round,
        text="Record the child's own words after every domestic abuse notification.",
        owner_agency=council,
    )
    inspection = plans_services.inspection_create(title="JTAI", area="Durham", plan_start=date(2026, 1, 1))
    theme = plans_services.theme_create(inspection=inspection, number=1, title="Voice of the child")
    action = casework_services.recommendation_to_action(
        actor=lead,
        recommendation=recommendation,
        expected_version=recommendation.version,
        theme=theme,
        reference="A9",
        timescale_months=6,
        expected_impact="Children's words shape their plans.",
    )
    recommendation.refresh_from_db()
    assert recommendation.plan_action_id == action.pk
    assert (action.owner_agency_id, action.theme_id, action.reference) == (council.pk, theme.pk, "A9")
    assert action.title == recommendation.text
    assert action.original_due_date == date(2026, 7, 1)
    with pytest.raises(BusinessRuleError, match="already an action"):
        casework_services.recommendation_to_action(
            actor=lead,
            recommendation=recommendation,
            expected_version=recommendation.version,
            theme=theme,
            reference="A10",
            timescale_months=6,
            expected_impact="x",
        )


def test_a_stale_recommendation_is_not_turned_into_an_action(
    lead: User, screener: User, council: Agency, tool: AuditTool, audit_round: AuditRound, make_child: Callable
) -> None:
    _to_moderation(lead, screener, tool, audit_round, make_child())
    recommendation = casework_services.recommendation_add(
        actor=lead, audit_round=audit_round, text="Joint visits", owner_agency=council
    )
    inspection = plans_services.inspection_create(title="JTAI", area="Durham", plan_start=date(2026, 1, 1))
    theme = plans_services.theme_create(inspection=inspection, number=1, title="Joint working")
    with pytest.raises(StaleVersion):
        casework_services.recommendation_to_action(
            actor=lead,
            recommendation=recommendation,
            expected_version=recommendation.version + 1,
            theme=theme,
            reference="A1",
            timescale_months=3,
            expected_impact="Joint visits happen.",
        )
    assert not inspection.actions.exists()
