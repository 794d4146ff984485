"""Who may record contacts, screen and decide, research for the MASH, and confirm decisions."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import agency_ids_of, has_role, is_partnership_wide


@rules.predicate
def works_at_the_front_door(user: Any) -> bool:
    """The user screens contacts and decides with partners: front door staff and their managers."""
    return has_role(user, Role.FRONT_DOOR, Role.TEAM_MANAGER)


@rules.predicate
def is_manager(user: Any) -> bool:
    """The user manages a team and may confirm decisions below the suggested level of need."""
    return has_role(user, Role.TEAM_MANAGER)


@rules.predicate
def researches_for_the_agency(user: Any, request: Any) -> bool:
    """The request is to the user's agency and the user works with children there."""
    return (
        request is not None
        and request.agency_id in agency_ids_of(user)
        and has_role(
            user, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT
        )
    )


@rules.predicate
def may_research(user: Any) -> bool:
    """The user may see the research asked of their agency."""
    return has_role(
        user, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT
    )


@rules.predicate
def oversees_the_partnership(user: Any) -> bool:
    """The user's role spans the partnership: figures, never children's names."""
    return is_partnership_wide(user)


rules.add_perm("frontdoor.work_front_door", works_at_the_front_door)
rules.add_perm("frontdoor.view_measures", works_at_the_front_door | oversees_the_partnership)
rules.add_perm("frontdoor.confirm_decision", is_manager)
rules.add_perm("frontdoor.view_research", may_research)
rules.add_perm("frontdoor.return_research", researches_for_the_agency)
