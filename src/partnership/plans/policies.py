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


@rules.predicate
def is_auditor(user: Any) -> bool:
    """The user audits the partnership's practice and plan, read-only."""
    return has_role(user, Role.AUDITOR)


@rules.predicate
def leads_the_updated_action(user: Any, update: Any) -> bool:
    """The user leads the action a progress update is about."""
    return update is not None and leads_the_action(user, update.action)


# The quarterly cycle
rules.add_perm("plans.manage_cycle", is_partnership_admin)
rules.add_perm("plans.review", is_partnership_admin | is_executive)
rules.add_perm("plans.edit_update", is_partnership_admin | leads_the_updated_action)
rules.add_perm("plans.read_quarterly_report", is_partnership_admin | is_executive | is_auditor)
rules.add_perm("plans.audit_pack", is_partnership_admin | is_executive | is_auditor)
