"""Checks at the top of a view: a page the user's role does not allow answers 404, and the refusal is logged."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, User


def require_permission(request: HttpRequest, permission: str, obj: Any = None, *, object_type: str = "page") -> None:
    """Answer 404, as for a missing page, when the user may not do this; log the refused attempt."""
    if request.user.has_perm(permission, obj):
        return
    if obj is not None:
        object_id = getattr(obj, "pk", "")
    else:
        object_id = request.resolver_match.view_name if request.resolver_match else ""
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.REFUSED,
        object_type=object_type,
        object_id=object_id,
        purpose=permission,
    )
    raise Http404()


def section_page(request: HttpRequest, section: str, permission: str) -> None:
    """Mark which navigation section a page belongs to, and check the user's role allows the page."""
    request.section = section  # type: ignore[attr-defined]
    require_permission(request, permission)


def signed_in_user(request: Any) -> User:
    """The signed-in person making the request, typed as a Partnership user."""
    user = request.user
    if not isinstance(user, User):
        raise Http404()
    return user
