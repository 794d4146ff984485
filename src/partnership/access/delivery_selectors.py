"""Reads of the messages that could not be delivered, filtered to the people whose work the viewer manages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnership.access.models import Membership, Role
from partnership.access.selectors import active_memberships, has_role, visible_or_404
from partnership.core.models import OutboxMessage


def managed_team_ids(user: Any) -> set[Any]:
    """The teams in which the user is an active team manager."""
    return {m.team_id for m in active_memberships(user) if m.role == Role.TEAM_MANAGER and m.team_id}


def may_see_undelivered(user: Any) -> bool:
    """Whether the user's role is one that hears of undelivered messages: administrators and team managers."""
    return has_role(user, Role.ADMIN) or bool(managed_team_ids(user))


def undelivered_message_list(*, user: Any) -> QuerySet[OutboxMessage]:
    """Messages given up on, caused by people in the teams the user manages; every one for an administrator."""
    failed = OutboxMessage.objects.filter(failed_at__isnull=False).select_related("sender").order_by("-failed_at")
    if has_role(user, Role.ADMIN):
        return failed
    teams = managed_team_ids(user)
    if not teams:
        return OutboxMessage.objects.none()
    senders = Membership.objects.filter(team_id__in=teams, is_active=True).values("user_id")
    return failed.filter(sender_id__in=senders)


def undelivered_message_get(*, user: Any, message_id: Any) -> OutboxMessage:
    """One undelivered message the user may see; 404 (and a logged refusal) otherwise."""
    return visible_or_404(
        user,
        visible=undelivered_message_list(user=user),
        everything=OutboxMessage.objects.all(),
        pk=message_id,
        object_type="outbox message",
    )


def undelivered_count(*, user: Any) -> int:
    """How many undelivered messages the user would see on the page, for the home page's card."""
    if not may_see_undelivered(user):
        return 0
    return undelivered_message_list(user=user).count()
