"""Who may read and change the improvement plan."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.policies import is_partnership_admin, is_signed_in
from partnership.access.selectors import has_role


@rules.predicate
def is_executive(user: Any) -> bool:
    """The user sits on the partnership executive."""
    return has_role(user, Role.EXECUTIVE)


@rules.predicate
def leads_the_action(user: Any, action: Any) -> bool:
    """The user is the named lead of the action and holds the action lead role."""
    return action is not None and action.lead_id == user.pk and has_role(user, Role.ACTION_LEAD)


rules.add_perm("plans.view_plan", is_signed_in)
rules.add_perm("plans.manage_plan", is_partnership_admin)
rules.add_perm("plans.revise_action", is_partnership_admin | is_executive)
rules.add_perm("plans.update_progress", is_partnership_admin | leads_the_action)
rules.add_perm("plans.confirm_impact", is_partnership_admin | is_executive)
