"""Who records incidents and resolves exceptions, who manages settings, and who reads a school's notifications."""

from __future__ import annotations

from typing import Any

import rules

from partnership.access.models import Role
from partnership.access.selectors import agency_ids_where, has_role, is_partnership_wide


@rules.predicate
def is_encompass_officer(user: Any) -> bool:
    """The user is a police Encompass officer, who records incidents and makes sure every school is told."""
    return has_role(user, Role.ENCOMPASS_OFFICER)


@rules.predicate
def is_admin(user: Any) -> bool:
    """The user administers the partnership, its schools and calendars."""
    return has_role(user, Role.ADMIN)


@rules.predicate
def is_key_adult(user: Any) -> bool:
    """The user is a school's designated safeguarding lead or deputy."""
    return has_role(user, Role.KEY_ADULT)


@rules.predicate
def is_school_of(user: Any, setting: Any) -> bool:
    """The setting is the key adult's own school."""
    return setting is not None and setting.agency_id in agency_ids_where(user, Role.KEY_ADULT)


@rules.predicate
def receives_the_notification(user: Any, notification: Any) -> bool:
    """The notification went to the key adult's own school."""
    return notification is not None and is_school_of(user, notification.setting)


@rules.predicate
def oversees(user: Any) -> bool:
    """Partnership-wide roles and team managers read the figures, never children's names."""
    return is_partnership_wide(user) or has_role(user, Role.TEAM_MANAGER)


rules.add_perm("encompass.record_incident", is_encompass_officer)
rules.add_perm("encompass.view_settings", is_encompass_officer | is_admin)
rules.add_perm("encompass.manage_settings", is_admin)
rules.add_perm("encompass.record_closure", is_admin | is_school_of)
rules.add_perm("encompass.view_inbox", is_key_adult)
rules.add_perm("encompass.acknowledge", receives_the_notification)
rules.add_perm("encompass.view_measures", is_encompass_officer | oversees)
