"""Who may find, read and add to children's records: need-to-know by agency involvement, role or break-glass."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import has_role

# Roles whose daily work is with individual children; everyone else sees only aggregate figures.
PRACTICE_ROLES = (
    Role.FRONT_DOOR,
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.ENCOMPASS_OFFICER,
    Role.KEY_ADULT,
)


@rules.predicate
def works_with_children(user: Any) -> bool:
    """The user holds a practice role, so may look for children and ask for access."""
    return has_role(user, *PRACTICE_ROLES)


@rules.predicate
def may_open_records(user: Any) -> bool:
    """The user may start a child's record: front door, social workers and their managers."""
    return has_role(user, Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


@rules.predicate
def sees_the_child(user: Any, child: Any) -> bool:
    """The user's agency is involved with the child, their role grants it, or they hold break-glass access."""
    from partnership.children.selectors import child_is_visible

    return child is not None and child_is_visible(user=user, child=child)


@rules.predicate
def is_team_manager(user: Any) -> bool:
    """The user manages a team."""
    return has_role(user, Role.TEAM_MANAGER)


rules.add_perm("children.find_child", works_with_children)
rules.add_perm("children.create_child", may_open_records)
rules.add_perm("children.view_child", works_with_children & sees_the_child)
rules.add_perm("children.add_to_record", works_with_children & sees_the_child)
rules.add_perm("children.edit_child", may_open_records & sees_the_child)
rules.add_perm("children.merge_children", is_team_manager)
rules.add_perm("children.break_glass", works_with_children)
