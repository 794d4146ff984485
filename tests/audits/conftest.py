"""Shared fixtures of the audits: an audit lead, auditors, a current tool, and sampled children with involvements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from partnership.access.models import Agency, Role, Team, User
from partnership.audits import services
from partnership.audits.models import AuditRound, AuditTool
from partnership.children import services as children_services
from partnership.children.models import Child
from tests.factories import make_person


@pytest.fixture
def lead() -> User:
    return make_person(Role.ADMIN)


@pytest.fixture
def auditor() -> User:
    return make_person(Role.AUDITOR)


@pytest.fixture
def screener(council: Agency, team: Team) -> User:
    return make_person(Role.FRONT_DOOR, agency=council, team=team)


@pytest.fixture
def tool(lead: User) -> AuditTool:
    return services.tool_create_from_template(actor=lead)


@pytest.fixture
def make_child(screener: User) -> Callable[..., Child]:
    counter = iter(range(1, 1000))

    def make(first_name: str = "", **kwargs: object) -> Child:
        n = next(counter)
        return children_services.child_create(
            actor=screener,
            first_name=first_name or f"Child{n}",
            last_name="Example",
            date_of_birth=date(2015, 1, 1) + timedelta(days=n),
            local_child_id=f"A-{n}",
            **kwargs,
        )

    return make


@pytest.fixture
def audit_round(lead: User, tool: AuditTool) -> AuditRound:
    today = timezone.localdate()
    return services.round_create(
        actor=lead,
        title="Domestic abuse, spring",
        theme="Domestic abuse",
        tool=tool,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
        sample_criteria={"months": 6},
    )


def all_good(tool: AuditTool, grade: str = "Good", why: str = "The record shows it.") -> dict[int, tuple[str, str]]:
    """A grade and rationale for every section of the tool."""
    return {section.number: (grade, why) for section in tool.sections.all()}
