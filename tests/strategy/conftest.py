"""Shared fixtures of strategy meetings: a council team, the police, health and a school that knows the child."""

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
    settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS = 24
    settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = 1
    settings.PARTNERSHIP_STRATEGY_REMINDER_HOURS = 4
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []


@pytest.fixture
def worker(council: Agency, team: Team) -> User:
    return make_person(Role.SOCIAL_WORKER, agency=council, team=team)


@pytest.fixture
def child(worker: User, school: Agency, police: Agency, health: Agency) -> Child:
    robin = children_services.child_create(
        actor=worker, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), local_child_id="C-1"
    )
    children_services.involvement_add(
        actor=worker, child=robin, agency=school, service="Pupil at Hilltop Primary", started_on=date(2024, 9, 2)
    )
    return robin
