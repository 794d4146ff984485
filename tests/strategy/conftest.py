"""Shared fixtures of strategy meetings: a council team, the police, health and a school that knows the child."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnership.access.models import Agency, AgencyKind, Role, Team, User
from partnership.children import services as children_services
from partnership.children.models import Child
from tests.factories import AgencyFactory, TeamFactory, make_person


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS = 24
    settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = 1
    settings.PARTNERSHIP_STRATEGY_REMINDER_HOURS = 4
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []


@pytest.fixture
def council() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
        name="Durham Children's Services",
        short_name="CSC",
        contact_email="mash@durham.example",
    )


@pytest.fixture
def police() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.POLICE, name="Durham Constabulary", short_name="Police", contact_email="pvp@police.example"
    )


@pytest.fixture
def health() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.HEALTH,
        name="County Durham Health",
        short_name="Health",
        contact_email="safeguarding@health.example",
    )


@pytest.fixture
def school() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.EDUCATION,
        name="Hilltop Primary School",
        short_name="Hilltop",
        contact_email="dsl@hilltop.example",
    )


@pytest.fixture
def team(council: Agency) -> Team:
    return TeamFactory(agency=council, name="Locality North")


@pytest.fixture
def worker(council: Agency, team: Team) -> User:
    return make_person(Role.SOCIAL_WORKER, agency=council, team=team)


@pytest.fixture
def manager(council: Agency, team: Team) -> User:
    return make_person(Role.TEAM_MANAGER, agency=council, team=team)


@pytest.fixture
def child(worker: User, school: Agency, police: Agency, health: Agency) -> Child:
    robin = children_services.child_create(
        actor=worker, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), local_child_id="C-1"
    )
    children_services.involvement_add(
        actor=worker, child=robin, agency=school, service="Pupil at Hilltop Primary", started_on=date(2024, 9, 2)
    )
    return robin
