"""Values every page template needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from partnership.access.selectors import current_membership, two_factor_passed
from partnership.frontend.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name, the navigation for the signed-in person and their acting membership."""
    user = getattr(request, "user", None)
    signed_in = two_factor_passed(user)
    section = getattr(request, "section", "")
    return {
        "service_name": settings.SERVICE_NAME,
        "partnership_area": settings.PARTNERSHIP_AREA,
        "signed_in": signed_in,
        "navigation": navigation_for(user, current_section=section) if signed_in else [],
        "membership": current_membership(user) if signed_in else None,
        "demo_mode": settings.DEMO_MODE,
    }
