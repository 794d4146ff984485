"""Who reads the measures, who sets targets and links them to actions, and who enters values by hand."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import has_role


@rules.predicate
def is_admin(user: Any) -> bool:
    """The user administers the partnership, its indicators and targets."""
    return has_role(user, Role.ADMIN)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    """Every member of the partnership reads its measures (small numbers suppressed where needed)."""
    return user is not None and user.is_authenticated


@rules.predicate
def sees_children(user: Any) -> bool:
    """The user works with children's records, so small numbers need not be hidden from them."""
    return has_role(user, Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ENCOMPASS_OFFICER)


@rules.predicate
def owns_the_indicator(user: Any, indicator: Any) -> bool:
    """The user is the named owner of an indicator entered by hand."""
    return indicator is not None and indicator.owner_id is not None and indicator.owner_id == user.pk


rules.add_perm("measures.view_measures", is_signed_in)
rules.add_perm("measures.view_small_numbers", sees_children)
rules.add_perm("measures.manage_indicators", is_admin)
rules.add_perm("measures.enter_values", is_admin | owns_the_indicator)
rules.add_perm("measures.link_actions", is_admin)
