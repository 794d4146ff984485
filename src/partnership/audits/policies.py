"""Who may run audit rounds, audit their agency's records, moderate, and turn recommendations into plan actions."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import agency_ids_of, has_role


@rules.predicate
def leads_audits(user: Any) -> bool:
    """The user runs the partnership's audit programme: a partnership administrator."""
    return has_role(user, Role.ADMIN)


@rules.predicate
def sees_audit_results(user: Any) -> bool:
    """The user may read rounds and their graded results: partnership-wide roles and practitioners."""
    return has_role(user, *Role.values)


@rules.predicate
def reads_every_round(user: Any) -> bool:
    """The user oversees the partnership and may read every round's results: administrators, executives, viewers."""
    return has_role(user, Role.ADMIN, Role.EXECUTIVE, Role.VIEWER)


@rules.predicate
def audits_the_return(user: Any, agency_return: Any) -> bool:
    """The return is for the user's agency, or the user is the auditor it is assigned to."""
    if agency_return is None:
        return False
    return agency_return.assigned_to_id == getattr(user, "pk", None) or agency_return.agency_id in agency_ids_of(user)


@rules.predicate
def audits_the_round(user: Any, audit_round: Any) -> bool:
    """The user is one of the round's auditors."""
    if audit_round is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(audit_round.auditors.filter(user=user).exists())


rules.add_perm("audits.view_rounds", sees_audit_results)
rules.add_perm("audits.view_all_rounds", reads_every_round)
rules.add_perm("audits.manage_rounds", leads_audits)
rules.add_perm("audits.submit_return", audits_the_return)
rules.add_perm("audits.moderate", leads_audits | audits_the_round)
rules.add_perm("audits.recommend", leads_audits | audits_the_round)
rules.add_perm("audits.make_action", leads_audits)
