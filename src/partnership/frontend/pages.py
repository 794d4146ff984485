"""The form page pattern every section shares: validate, call one service, explain what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnership.core.errors import BusinessRuleError, StaleVersion

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
    noun: str = "record",
    context: dict[str, Any] | None = None,
    template: str = "frontend/form_page.html",
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
        template,
        {"form": form, "title": title, "button": button, **(context or {})},
        status=400 if form.errors else 200,
    )
