"""The database going away mid-request: a clear 503 (a GOV.UK page, or problem JSON under /api/), one log line
without personal data, and the broken connection dropped so that the next request reconnects by itself."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("partnership.web")

# What a lost or refused database connection raises; every other error is a fault in the code and stays a 500.
DATABASE_OUTAGES = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    """Whether an exception means the database could not be reached or dropped the connection."""
    return isinstance(error, DATABASE_OUTAGES)


def drop_broken_connections() -> None:
    """Close every connection that errored and no longer answers, so that the next query opens a fresh one.

    Django does this itself when a request finishes under a real server; doing it here too means recovery does not
    depend on how the request was served. A connection inside a transaction block is left to that block to end."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close_if_unusable_or_obsolete()
        except DATABASE_OUTAGES:
            connection.close()


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 answer to a request the database could not serve; it touches no database itself."""
    match = getattr(request, "resolver_match", None)
    route = match.view_name if match is not None else "unresolved"
    # Only the method, the route's name and the kind of error: no path values, parameters or user.
    logger.error("Database unavailable: %s %s answered 503 (%s)", request.method, route, type(error).__name__)
    drop_broken_connections()
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Service unavailable",
                "status": 503,
                "detail": "The service cannot reach its database. Nothing was saved. Try again shortly.",
            },
            status=503,
            content_type="application/problem+json",
        )
    else:
        response = HttpResponse(loader.render_to_string("frontend/errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # type: ignore[attr-defined]  # logged above, without a stack trace
    return response


def outage_being_handled() -> BaseException | None:
    """The database outage being handled now (for the 500 handler, called while Django handles an exception)."""
    error = sys.exc_info()[1]
    return error if is_database_outage(error) else None


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 when a view fails because the database went away."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        return unavailable_response(request, exception)
