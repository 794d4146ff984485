"""Who may convene, run, read and answer strategy meetings."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import agency_ids_of, has_role, is_partnership_wide
from partnership.children.policies import works_with_children

CONVENING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR)


@rules.predicate
def may_convene(user: Any) -> bool:
    """The user may record that the threshold is met and convene a meeting."""
    return has_role(user, *CONVENING_ROLES)


@rules.predicate
def runs_the_meeting(user: Any, meeting: Any) -> bool:
    """The user convenes meetings and works in the agency leading this one."""
    return meeting is not None and has_role(user, *CONVENING_ROLES) and meeting.lead_agency_id in agency_ids_of(user)


@rules.predicate
def answers_for_the_invitation(user: Any, invitation: Any) -> bool:
    """The user works with children in the invited agency (its single point of contact or a colleague)."""
    return invitation is not None and invitation.agency_id in agency_ids_of(user) and works_with_children(user)


@rules.predicate
def runs_the_invitations_meeting(user: Any, invitation: Any) -> bool:
    """The user runs the meeting the invitation belongs to."""
    return invitation is not None and runs_the_meeting(user, invitation.meeting)


@rules.predicate
def oversees_the_partnership(user: Any) -> bool:
    """The user's role spans the partnership: figures, never children's names."""
    return is_partnership_wide(user)


rules.add_perm("strategy.view_meetings", works_with_children)
rules.add_perm("strategy.view_measures", works_with_children | oversees_the_partnership)
rules.add_perm("strategy.start_meeting", may_convene)
rules.add_perm("strategy.run_meeting", runs_the_meeting)
rules.add_perm("strategy.answer_invitation", answers_for_the_invitation | runs_the_invitations_meeting)
