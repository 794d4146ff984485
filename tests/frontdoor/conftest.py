"""Shared fixtures of the front door: the council's MASH, the police, health and probation, a screener, a manager and
a child already known to children's services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnership.access.models import Agency, Role, Team, User
from partnership.children import services as children_services
from partnership.children.models import Child
from tests.factories import make_person


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS = 1
    settings.PARTNERSHIP_MASH_RESEARCH_DEADLINES = "red:4:clock,amber:24:working,green:72:clock"
    settings.PARTNERSHIP_CHILD_POPULATION = 101000
    settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS = 24
    settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = 1
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []
    settings.PARTNERSHIP_BASE_URL = "https://partnership.example"


@pytest.fixture
def screener(council: Agency, team: Team) -> User:
    return make_person(Role.FRONT_DOOR, agency=council, team=team)


@pytest.fixture
def child(screener: User) -> Child:
    return children_services.child_create(
        actor=screener, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), local_child_id="C-1"
    )
