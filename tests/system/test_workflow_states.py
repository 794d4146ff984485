"""Stateful property tests: random sequences of real service calls never break the workflows' invariants.

Each workflow is a Hypothesis state machine (see tests/system/states_*.py). Every example builds its own records
inside a savepoint that is rolled back at its end; the people and agencies are made once per test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis.stateful import run_state_machine_as_test

from partnership.access.models import Agency, AgencyKind, Role
from partnership.children import services as children_services
from tests.factories import AgencyFactory, TeamFactory, make_person
from tests.system.states_base import BOUNDS
from tests.system.states_mash import MashWorkflow
from tests.system.states_plan import PlanWorkflow
from tests.system.states_strategy import StrategyWorkflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS = 24
    settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = 1
    settings.PARTNERSHIP_STRATEGY_REMINDER_HOURS = 4
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []
    settings.PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS = 1
    settings.PARTNERSHIP_MASH_RESEARCH_DEADLINES = "red:4:clock,amber:24:working,green:72:clock"
    settings.PARTNERSHIP_BASE_URL = "https://partnership.example"


def test_no_sequence_of_plan_steps_breaks_the_plan_invariants() -> None:
    agency: Agency = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, contact_email="plan@council.example")
    PlanWorkflow.world = {
        "agency": agency,
        "lead": make_person(Role.ACTION_LEAD, agency=agency),
        "executive": make_person(Role.EXECUTIVE, agency=agency),
    }
    PlanWorkflow.reached = set()
    run_state_machine_as_test(PlanWorkflow, settings=BOUNDS)
    assert {"action in_progress", "action delivered", "action impact_evidenced"} <= PlanWorkflow.reached


def _partners() -> list[Agency]:
    return [
        AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Council", contact_email="mash@council.example"),
        AgencyFactory(kind=AgencyKind.POLICE, name="Police", contact_email="mash@police.example"),
        AgencyFactory(kind=AgencyKind.HEALTH, name="Health", contact_email=""),
        AgencyFactory(kind=AgencyKind.EDUCATION, name="Hilltop Primary", contact_email="dsl@hilltop.example"),
        AgencyFactory(kind=AgencyKind.PROBATION, name="Probation", contact_email="spoc@probation.example"),
    ]


def test_no_sequence_of_strategy_meeting_steps_breaks_its_invariants() -> None:
    agencies = _partners()
    chair = make_person(Role.SOCIAL_WORKER, agency=agencies[0], team=TeamFactory(agency=agencies[0]))
    child = children_services.child_create(
        actor=chair, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), local_child_id="S-1"
    )
    children_services.involvement_add(
        actor=chair, child=child, agency=agencies[3], service="Pupil", started_on=date(2024, 9, 2)
    )
    StrategyWorkflow.world = {"chair": chair, "agencies": agencies, "child": child}
    StrategyWorkflow.reached = set()
    run_state_machine_as_test(StrategyWorkflow, settings=BOUNDS)
    assert {"meeting held", "meeting completed", "meeting shared"} <= StrategyWorkflow.reached


def test_no_sequence_of_mash_steps_breaks_its_invariants() -> None:
    agencies = _partners()
    team = TeamFactory(agency=agencies[0])
    screener = make_person(Role.FRONT_DOOR, agency=agencies[0], team=team)
    child = children_services.child_create(
        actor=screener, first_name="Sam", last_name="Example", date_of_birth=date(2018, 2, 1), local_child_id="M-1"
    )
    MashWorkflow.world = {
        "screener": screener,
        "manager": make_person(Role.TEAM_MANAGER, agency=agencies[0], team=team),
        "agencies": agencies[1:],
        "own_agency": agencies[0],
        "child": child,
    }
    MashWorkflow.reached = set()
    run_state_machine_as_test(MashWorkflow, settings=BOUNDS)
    assert {"contact new", "contact enquiry", "contact decided"} <= MashWorkflow.reached
