"""The service navigation: which sections each role sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from partnership.access.models import Role
from partnership.access.selectors import roles_of

EVERYONE = frozenset(Role.values)
# The roles whose work is with individual children (the children app's policies say the same).
PRACTICE_ROLES = frozenset(
    {Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT}
)


@dataclass(frozen=True)
class NavItem:
    """One link in the service navigation."""

    label: str
    url_name: str
    roles: frozenset[str]
    section: str


NAVIGATION: list[NavItem] = [
    NavItem("Home", "frontend:home", EVERYONE, "home"),
    NavItem("Improvement plan", "plans:overview", EVERYONE, "plan"),
    NavItem("Measures", "measures:dashboard", EVERYONE, "measures"),
    NavItem("Your actions", "plans:my-actions", frozenset({Role.ACTION_LEAD}), "my-actions"),
    NavItem("Front door", "frontdoor:queue", frozenset({Role.FRONT_DOOR, Role.TEAM_MANAGER}), "front-door"),
    NavItem(
        "MASH research",
        "frontdoor:research-list",
        frozenset({Role.SOCIAL_WORKER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT}),
        "front-door-research",
    ),
    NavItem("Children", "children:child-list", PRACTICE_ROLES, "children"),
    NavItem("Strategy meetings", "strategy:meeting-list", PRACTICE_ROLES, "strategy"),
    NavItem("Operation Encompass", "encompass:dashboard", frozenset({Role.ENCOMPASS_OFFICER}), "encompass"),
    NavItem("Encompass notifications", "encompass:inbox", frozenset({Role.KEY_ADULT}), "encompass-inbox"),
    NavItem("Schools and calendars", "encompass:setting-list", frozenset({Role.ADMIN}), "encompass-settings"),
    NavItem("Case file audits", "audits:round-list", EVERYONE, "audits"),
    NavItem("Agencies", "access:agency-list", EVERYONE, "agencies"),
    NavItem("People", "access:person-list", frozenset({Role.ADMIN, Role.TEAM_MANAGER}), "people"),
    NavItem("Access log", "access:access-log", frozenset({Role.ADMIN}), "access-log"),
    NavItem("Your account", "access:account", EVERYONE, "account"),
]


def navigation_for(user: Any, *, current_section: str = "") -> list[dict[str, Any]]:
    """The navigation links the user's roles allow, marking the current section."""
    roles = roles_of(user)
    return [
        {"label": item.label, "href": reverse(item.url_name), "current": item.section == current_section}
        for item in NAVIGATION
        if roles & item.roles
    ]
