"""The home page, health check, public information pages and the GOV.UK-style error pages."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnership.access.selectors import current_membership, roles_of
from partnership.core.problems import problem_json
from partnership.frontend.home import home_sections
from partnership.frontend.unavailable import outage_being_handled, unavailable_response

logger = logging.getLogger("partnership.web")
API_PREFIX = "/api/"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page: what this person's role needs first."""
    request.section = "home"  # type: ignore[attr-defined]
    return render(
        request,
        "frontend/home.html",
        {"sections": home_sections(request.user, roles_of(request.user)), "acting": current_membership(request.user)},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the service can reach its database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        logger.error("Health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement."""
    return render(request, "frontend/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice."""
    return render(request, "frontend/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The GOV.UK-style 'page not found' page, also used for records the user may not see; a problem document for
    an API address, as the API's clients read JSON."""
    if request.path.startswith(API_PREFIX):
        return problem_json(status_code=404, title="Not found.", detail="Not found.")
    return render(request, "frontend/errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The GOV.UK-style 'you cannot do this' page."""
    return render(request, "frontend/errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The GOV.UK-style 'sorry, there is a problem' page; rendered without a request context."""
    outage = outage_being_handled()
    if outage is not None:  # the database went away outside a view (e.g. loading the session): 503, not 500
        return unavailable_response(request, outage)
    return HttpResponse(loader.render_to_string("frontend/errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: explain, log, change nothing."""
    logger.warning("Form refused: security token check failed on %s", request.path)
    return render(request, "frontend/errors/csrf.html", status=403)
