"""Writes entries in the append-only access log; the one place they are created."""

from __future__ import annotations

import logging
from typing import Any

from partnership.access.models import AccessEvent

logger = logging.getLogger("partnership.access")


def access_event_record(
    *,
    user: Any,
    action: str,
    object_type: str = "",
    object_id: object = "",
    purpose: str = "",
) -> AccessEvent:
    """Append one access event for the acting user, naming their current agency and role."""
    from partnership.access.selectors import current_membership

    membership = current_membership(user) if user is not None and user.is_authenticated else None
    event = AccessEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        agency=membership.agency if membership else None,
        role=membership.role if membership else "",
        object_type=object_type,
        object_id=str(object_id)[:64],
        action=action,
        purpose=purpose[:300],
    )
    if action == AccessEvent.Action.REFUSED:
        logger.warning("Refused %s access to %s %s", getattr(user, "pk", None), object_type, object_id)
    return event
