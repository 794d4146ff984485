"""Writes to the plan: creation rules, revisions with reasons and history, progress with overrides, stale saves."""

from __future__ import annotations

from datetime import date

import pytest

from partnership.access.models import Role
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.plans import services
from partnership.plans.models import Action, ActionRevision, Brag, DeliveryStatus
from tests.factories import AgencyFactory, make_person
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db


def test_an_action_takes_its_due_dates_from_its_band() -> None:
    inspection = build_plan(actions=1, plan_start=date(2018, 9, 30))
    action = first_action(inspection)
    assert action.timescale_months == 3
    assert action.original_due_date == action.current_due_date == date(2018, 12, 30)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner_agency": None}, "owner"),
        ({"timescale_months": 5}, "timescale_months"),
        ({"expected_impact": " "}, "expected_impact"),
        ({"reference": "1.1"}, "reference"),
    ],
)
def test_action_creation_refuses_bad_input_and_writes_nothing(overrides: dict, field: str) -> None:
    inspection = build_plan(actions=1)
    theme = inspection.themes.first()
    values = {
        "inspection": inspection,
        "theme": theme,
        "reference": "9.9",
        "title": "New",
        "timescale_months": 3,
        "expected_impact": "Impact",
        "owner_agency": AgencyFactory(),
    }
    values.update(overrides)
    before = Action.objects.count()
    with pytest.raises(BusinessRuleError) as error:
        services.action_create(**values)
    assert field in error.value.errors
    assert Action.objects.count() == before


def test_a_revision_needs_a_reason_keeps_old_and_new_values_and_marks_the_timescale_revised() -> None:
    executive = make_person(Role.EXECUTIVE)
    action = first_action(build_plan(actions=1))
    original = action.original_due_date
    with pytest.raises(BusinessRuleError):
        services.action_revise(
            actor=executive, action=action, expected_version=1, reason=" ", current_due_date=date(2019, 6, 30)
        )
    revision = services.action_revise(
        actor=executive,
        action=action,
        expected_version=1,
        reason="Restructure delayed",
        current_due_date=date(2019, 6, 30),
        lead_name="New lead",
    )
    action.refresh_from_db()
    assert action.version == 2
    assert action.original_due_date == original
    assert action.current_due_date == date(2019, 6, 30)
    assert action.timescale_revised
    assert revision.changes == {"current_due_date": [original.isoformat(), "2019-06-30"], "lead_name": ["", "New lead"]}
    latest = action.history.first()
    assert latest.history_change_reason == "Restructure delayed"
    assert latest.history_user == executive


def test_a_revision_that_changes_nothing_is_refused() -> None:
    action = first_action(build_plan(actions=1))
    with pytest.raises(BusinessRuleError, match="Nothing was changed"):
        services.action_revise(
            actor=make_person(Role.EXECUTIVE), action=action, expected_version=1, reason="x", title=action.title
        )
    assert not ActionRevision.objects.exists()


def test_a_stale_revision_is_refused_and_nothing_is_overwritten() -> None:
    executive = make_person(Role.EXECUTIVE)
    action = first_action(build_plan(actions=1))
    stale_copy = Action.objects.get(pk=action.pk)
    services.action_revise(actor=executive, action=action, expected_version=1, reason="First", title="First title")
    with pytest.raises(StaleVersion):
        services.action_revise(
            actor=executive, action=stale_copy, expected_version=1, reason="Second", title="Second title"
        )
    assert Action.objects.get(pk=action.pk).title == "First title"
    assert ActionRevision.objects.count() == 1


def test_progress_with_a_hand_set_rating_needs_a_reason() -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1, lead=lead))
    with pytest.raises(BusinessRuleError) as error:
        services.action_record_progress(
            actor=lead,
            action=action,
            expected_version=1,
            status="in_progress",
            progress_note="Going well",
            brag_override=Brag.AMBER,
        )
    assert "brag_override_reason" in error.value.errors
    services.action_record_progress(
        actor=lead,
        action=action,
        expected_version=1,
        status="in_progress",
        progress_note="Going well",
        brag_override=Brag.AMBER,
        brag_override_reason="Key post vacant",
    )
    action.refresh_from_db()
    assert (action.status, action.brag_override, action.version) == ("in_progress", "amber", 2)
    assert action.progress_updated_at is not None
    assert action.history.first().history_user == lead


def test_a_lead_cannot_claim_impact_evidenced_but_the_executive_can() -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1, lead=lead))
    with pytest.raises(BusinessRuleError, match="Only the executive"):
        services.action_record_progress(
            actor=lead, action=action, expected_version=1, status=DeliveryStatus.IMPACT_EVIDENCED, progress_note="Done"
        )
    services.action_record_progress(
        actor=make_person(Role.EXECUTIVE),
        action=action,
        expected_version=1,
        status=DeliveryStatus.IMPACT_EVIDENCED,
        progress_note="Audit shows change",
        may_confirm_impact=True,
    )
    assert Action.objects.get(pk=action.pk).status == DeliveryStatus.IMPACT_EVIDENCED
