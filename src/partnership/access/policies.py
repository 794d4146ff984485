"""Permission policies: rules predicates composed per model, checked with user.has_perm."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import has_role


@rules.predicate
def is_partnership_admin(user: Any) -> bool:
    """The user administers the partnership's agencies, people and plan."""
    return has_role(user, Role.ADMIN)


@rules.predicate
def is_team_manager(user: Any) -> bool:
    """The user manages a team in their agency."""
    return has_role(user, Role.TEAM_MANAGER)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    """Any signed-in person with at least one active membership."""
    return has_role(user, *Role.values)


# Agencies and people
rules.add_perm("access.view_directory", is_signed_in)
rules.add_perm("access.view_people", is_partnership_admin | is_team_manager)
rules.add_perm("access.manage_people", is_partnership_admin)
rules.add_perm("access.view_access_log", is_partnership_admin)
