"""The form page patterns every section shares: validate, call one service, explain what went wrong."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.ical import FILE_NAME, calendar_text, content_type

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
    renames: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Show a form page; on a valid POST call `save`, then go where `done` says with its message.

    A rule broken in the service shows as a GOV.UK error (on the field `renames` maps the service's name to); a save
    based on a stale version is refused
    with a message and the page reloads with the other person's changes. Nothing is half-saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except StaleVersion:
            messages.error(request, STALE_MESSAGE.format(noun=noun))
            return redirect(request.path)
        except BusinessRuleError as error:
            add_rule_errors(form, error, renames)
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


def add_rule_errors(form: forms.Form, error: BusinessRuleError, renames: Mapping[str, str] | None = None) -> None:
    """Show a service's broken rules on the form: on the named field (renamed where the form calls it otherwise),
    else at the top of the error summary."""
    for field, field_messages in error.errors.items():
        field = (renames or {}).get(field, field)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def forms_page(
    request: HttpRequest,
    forms_by_name: Mapping[str, tuple[type[forms.Form], dict[str, Any]]],
    *,
    save: Mapping[str, Callable[[dict[str, Any]], str]],
    template: str,
    context: dict[str, Any],
    done_url: str,
    noun: str = "record",
    stale_message: str | None = None,
    renames: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A page of several forms, each posted with its name in a hidden `form` field (set a time, or cancel it).

    Only the posted form is bound. On a valid POST its `save` runs and returns the success message; then the page
    goes to `done_url`. Broken rules show on the posted form (service field names mapped by `renames`), and a
    stale version reloads the page with `stale_message`. Each form is in the template context as `<name>_form`.
    """
    which = request.POST.get("form") if request.method == "POST" else None
    bound = {
        name: form_class(request.POST if name == which else None, initial=initial)
        for name, (form_class, initial) in forms_by_name.items()
    }
    posted = bound.get(which or "")
    if posted is not None and posted.is_valid():
        try:
            message = save[which or ""](posted.cleaned_data)
        except StaleVersion:
            messages.error(request, stale_message or STALE_MESSAGE.format(noun=noun))
            return redirect(request.path)
        except BusinessRuleError as error:
            add_rule_errors(posted, error, renames)
        else:
            messages.success(request, message)
            return redirect(done_url)
    return render(
        request,
        template,
        {**context, **{f"{name}_form": form for name, form in bound.items()}},
        status=400 if posted is not None and posted.errors else 200,
    )


def calendar_download(event: Any) -> HttpResponse:
    """A meeting's calendar file as a download named the way calendars expect."""
    response = HttpResponse(calendar_text(event), content_type=content_type(event))
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    return response
