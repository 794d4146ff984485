"""What every page of the plan shares: the section and permission check, and the plan's form page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from partnership.access.guards import section_page
from partnership.frontend.pages import form_page as shared_form_page


def plan_page(request: HttpRequest, permission: str = "plans.view_plan") -> None:
    """A page of the plan section that the user's role must allow."""
    section_page(request, "plan", permission)


def form_page(request: HttpRequest, form: Any, *, noun: str = "action", **options: Any) -> HttpResponse:
    """The shared form page pattern, in the plan's page template (with the action or agenda item above the form)."""
    return shared_form_page(request, form, noun=noun, template="plans/form_page.html", **options)
