"""What every page of the plan shares: the section and permission check, and the form page pattern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnership.access.guards import section_page
from partnership.core.errors import BusinessRuleError, StaleVersion


def plan_page(request: HttpRequest, permission: str = "plans.view_plan") -> None:
    """A page of the plan section that the user's role must allow."""
    section_page(request, "plan", permission)


STALE_MESSAGE = (
    "Someone else changed this {noun} while you were editing it. Nothing you entered has been saved. "
    "The page now shows their changes: check them and make your change again."
)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], tuple[str, str]],
    noun: str = "action",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form page; on a valid POST call `save`, then go where `done` says with its message.

    A rule broken in the service shows as a GOV.UK error; a save based on a stale version is refused
    with a message and the page reloads with the other person's changes. Nothing is half-saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except StaleVersion:
            messages.error(request, STALE_MESSAGE.format(noun=noun))
            return redirect(request.path)
        except BusinessRuleError as error:
            for field, field_messages in error.errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            url, message = done(result)
            messages.success(request, message)
            return redirect(url)
    return render(
        request,
        "plans/form_page.html",
        {"form": form, "title": title, "button": button, **(context or {})},
        status=400 if form.errors else 200,
    )
