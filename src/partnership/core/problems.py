"""RFC 9457 problem details for every API error, so no client ever sees a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from partnership.core.errors import BusinessRuleError, StaleVersion

logger = logging.getLogger("partnership.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(*, status_code: int, title: str, detail: str = "", errors: Any = None) -> Response:
    """Build a problem+json response."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_json(*, status_code: int, title: str, detail: str = "") -> JsonResponse:
    """A problem+json reply made outside the REST framework, e.g. for an API address that matches no endpoint."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every exception raised in an API view into a problem+json response."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return None  # the database went away: frontend.unavailable answers 503 with problem JSON
    if isinstance(exc, StaleVersion):
        return problem_response(
            status_code=status.HTTP_412_PRECONDITION_FAILED, title="Stale version", detail=exc.message
        )
    if isinstance(exc, BusinessRuleError):
        return problem_response(
            status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, title="Not allowed", detail=exc.message, errors=exc.errors
        )
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error in %s", context.get("view").__class__.__name__)
        return problem_response(
            status_code=500, title="Server error", detail="Something went wrong. It has been logged."
        )
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        problem = problem_response(
            status_code=response.status_code, title="Invalid request", detail="Check the fields listed.", errors=data
        )
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        problem = problem_response(status_code=response.status_code, title=str(detail) or "Error", detail=str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
