"""Your account, API tokens, the agency directory, people and the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access import selectors, tables
from partnership.access.accesslog import access_event_record
from partnership.access.forms import ReasonForm, TokenCreateForm
from partnership.access.guards import require_permission
from partnership.access.models import AccessEvent
from partnership.access.services import (
    api_token_create,
    api_token_revoke,
    person_disable,
    person_enable,
    recovery_codes_issue,
)
from partnership.access.session_keys import RECOVERY_CODES_ONCE
from partnership.core.errors import BusinessRuleError
from partnership.frontend.tables import download_format, table_download

ACCESS_LOG_PAGE_SIZE = 50


def _section(request: HttpRequest, name: str) -> None:
    request.section = name  # type: ignore[attr-defined]


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's own account: roles, two-factor, recovery codes and API tokens."""
    _section(request, "account")
    return render(
        request,
        "access/account.html",
        {
            "memberships": selectors.active_memberships(request.user),
            "totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
            "recovery_left": StaticToken.objects.filter(device__user=request.user).count(),
            "tokens": selectors.api_token_list(user=request.user),
            "token_form": TokenCreateForm(),
        },
    )


@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """Replace the person's recovery codes and show the new ones once."""
    request.session[RECOVERY_CODES_ONCE] = recovery_codes_issue(user=request.user)  # type: ignore[arg-type]
    return redirect("access:recovery-codes")


@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a personal API token and show it once."""
    _section(request, "account")
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except BusinessRuleError as error:
            form.add_error("name", error.message)
        else:
            return render(request, "access/token_created.html", {"token": token, "raw": raw})
    return render(request, "access/token_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    """Revoke one of the person's own tokens."""
    token = selectors.api_token_get(user=request.user, token_id=token_id)
    api_token_revoke(token=token)
    messages.success(request, f"The token “{token.name}” has been revoked.")
    return redirect("access:account")


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    """The partnership's agencies and their teams."""
    _section(request, "agencies")
    require_permission(request, "access.view_directory")
    agencies = selectors.agency_list(user=request.user)
    if file_format := download_format(request):
        return table_download(tables.agency_table(agencies), file_format=file_format, name="agencies")
    return render(request, "access/agency_list.html", {"agencies": agencies})


@login_required
def team_detail(request: HttpRequest, team_id: str) -> HttpResponse:
    """A team and its members, for people of the same agency and administrators."""
    _section(request, "agencies")
    team = selectors.team_get(user=request.user, team_id=team_id)
    return render(request, "access/team_detail.html", {"team": team, "members": selectors.team_members(team=team)})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People the user may see: their own agency's, or everyone for an administrator."""
    _section(request, "people")
    require_permission(request, "access.view_people")
    if file_format := download_format(request):
        return table_download(
            tables.person_table(selectors.person_list(user=request.user)), file_format=file_format, name="people"
        )
    people = Paginator(selectors.person_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "access/person_list.html", {"page": people})


@login_required
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    """One person's roles and account state; the view is logged."""
    _section(request, "people")
    require_permission(request, "access.view_people")
    person = selectors.person_get(user=request.user, person_id=person_id)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.VIEW,
        object_type="user",
        object_id=person.pk,
        purpose="Viewed a colleague's account",
    )
    return render(
        request,
        "access/person_detail.html",
        {
            "person": person,
            "can_manage": request.user.has_perm("access.manage_people"),
            "has_two_factor": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "history": person.history.all()[:20],  # type: ignore[attr-defined]
        },
    )


@login_required
def person_set_active(request: HttpRequest, person_id: str, active: bool) -> HttpResponse:
    """Disable or enable an account, with a reason; disabling ends every session it has."""
    _section(request, "people")
    person = selectors.person_get(user=request.user, person_id=person_id)
    require_permission(request, "access.manage_people")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = person_enable if active else person_disable
        try:
            change(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except BusinessRuleError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, f"{person} has been {'enabled' if active else 'disabled'}.")
            return redirect("access:person-detail", person_id=person.pk)
    return render(
        request,
        "access/person_set_active.html",
        {"person": person, "form": form, "active": active},
        status=400 if form.errors else 200,
    )


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """The access log for administrators, newest first, filterable by action and record type."""
    _section(request, "access-log")
    require_permission(request, "access.view_access_log")
    action = request.GET.get("action", "")
    if action not in AccessEvent.Action.values:
        action = ""
    object_type = request.GET.get("object_type", "")[:100]
    events = selectors.access_event_list(user=request.user, action=action, object_type=object_type)
    if file_format := download_format(request):
        return table_download(tables.access_event_table(events), file_format=file_format, name="access log")
    page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "access/access_log.html",
        {"page": page, "actions": AccessEvent.Action.choices, "action": action, "object_type": object_type},
    )
