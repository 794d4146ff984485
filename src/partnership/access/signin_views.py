"""Signing in with a password and a second factor, setting up two-factor, and signing out."""

from __future__ import annotations

import base64
import logging

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.accesslog import access_event_record
from partnership.access.forms import CodeForm, SetupCodeForm, SignInForm
from partnership.access.models import AccessEvent, User
from partnership.access.oidc_config import local_sign_in_enabled, provider_name, sso_enabled
from partnership.access.rules import safe_next_path
from partnership.access.selectors import two_factor_passed
from partnership.access.services import session_forget, session_register, totp_device_confirm, totp_device_start
from partnership.access.session_keys import (
    CODE_FAILURES,
    LAST_SEEN_AT,
    PENDING_DEVICE,
    RECOVERY_CODES_ONCE,
    SIGNED_IN_AT,
)
from partnership.core.errors import BusinessRuleError

logger = logging.getLogger("partnership.access")

MAX_CODE_FAILURES = 5


def _rotate_session(request: HttpRequest) -> None:
    """Give the session a new key once both factors are proved, and remember the new key in place of the old one so
    disabling the account still ends it."""
    session_forget(session_key=request.session.session_key)
    request.session.cycle_key()
    session_register(user=request.user, session_key=request.session.session_key or "")  # type: ignore[arg-type]


def _next(request: HttpRequest) -> str:
    return safe_next_path(request.POST.get("next") or request.GET.get("next"), default=reverse("frontend:home"))


def _to(url_name: str, request: HttpRequest) -> str:
    return reverse(url_name) + "?" + urlencode({"next": _next(request)})


@sensitive_post_parameters("password")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for username and password; a correct pair leads on to the second factor."""
    if two_factor_passed(request.user):
        return redirect(_next(request))
    form = SignInForm(request.POST or None)
    local = local_sign_in_enabled()
    if request.method == "POST" and not local:
        access_event_record(
            user=None, action=AccessEvent.Action.SIGN_IN_FAILED, object_type="user", purpose="Local sign-in is off"
        )
        form.is_valid()
        form.errors.clear()  # nothing about the fields matters: no password is checked at all
        form.add_error(None, f"Signing in with a password is switched off. Sign in with {provider_name()}.")
        return _sign_in_page(request, form, status=403)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        password = form.cleaned_data["password"]
        user = authenticate(request, username=username, password=password)
        if getattr(request, "axes_locked_out", False):
            return render(request, "access/locked_out.html", status=429)
        if user is not None:
            login(request, user)
            now = timezone.now().timestamp()
            request.session[SIGNED_IN_AT] = now
            request.session[LAST_SEEN_AT] = now
            request.session.save()
            session_register(user=user, session_key=request.session.session_key or "")
            return HttpResponseRedirect(_to("access:two-factor", request))
        disabled = User.objects.filter(username=username, is_active=False).first()
        access_event_record(
            user=None,
            action=AccessEvent.Action.SIGN_IN_FAILED,
            object_type="user",
            purpose="Wrong username or password",
        )
        if disabled is not None and disabled.check_password(password):
            return render(request, "access/disabled.html", status=403)
        form.add_error(
            None, "Enter a correct username and password. After 5 wrong tries the account is locked for 30 minutes."
        )
    return _sign_in_page(request, form, status=400 if form.errors else 200)


def _sign_in_page(request: HttpRequest, form: SignInForm, *, status: int) -> HttpResponse:
    context = {
        "form": form,
        "next": _next(request),
        "sso": sso_enabled(),
        "provider": provider_name(),
        "local": local_sign_in_enabled(),
    }
    return render(request, "access/sign_in.html", context, status=status)


@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("access:sign-in")
    if two_factor_passed(request.user):
        return redirect(_next(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_to("access:two-factor-setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            _rotate_session(request)
            request.session.pop(CODE_FAILURES, None)
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.SIGN_IN,
                object_type="user",
                object_id=request.user.pk,
                purpose="Signed in with two-factor",
            )
            return redirect(_next(request))
        failures = int(request.session.get(CODE_FAILURES, 0)) + 1
        request.session[CODE_FAILURES] = failures
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.SIGN_IN_FAILED,
            object_type="user",
            object_id=request.user.pk,
            purpose="Wrong or reused two-factor code",
        )
        if failures >= MAX_CODE_FAILURES:
            session_forget(session_key=request.session.session_key)
            logout(request)
            messages.info(request, "You entered too many wrong codes. Sign in again.")
            return redirect("access:sign-in")
        form.add_error("code", "The code is not right or has already been used. Enter the code your app shows now.")
    return render(
        request, "access/two_factor.html", {"form": form, "next": _next(request)}, status=400 if form.errors else 200
    )


def _qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", omitsize=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: add Partnership to an authenticator app and prove it with a code."""
    if not request.user.is_authenticated:
        return redirect("access:sign-in")
    if two_factor_passed(request.user):
        return redirect("access:account")
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_to("access:two-factor", request))
    device = TOTPDevice.objects.filter(
        pk=request.session.get(PENDING_DEVICE), user=request.user, confirmed=False
    ).first()
    if device is None:
        device = totp_device_start(user=request.user)  # type: ignore[arg-type]
        request.session[PENDING_DEVICE] = device.pk
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_device_confirm(user=request.user, device=device, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except BusinessRuleError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            _rotate_session(request)
            request.session.pop(PENDING_DEVICE, None)
            request.session[RECOVERY_CODES_ONCE] = codes
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.SIGN_IN,
                object_type="user",
                object_id=request.user.pk,
                purpose="Set up two-factor and signed in",
            )
            return redirect(_to("access:recovery-codes", request))
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "access/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show newly issued recovery codes, once."""
    codes = request.session.pop(RECOVERY_CODES_ONCE, None)
    if not codes:
        return redirect("access:account")
    return render(request, "access/recovery_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session."""
    if request.user.is_authenticated:
        access_event_record(
            user=request.user, action=AccessEvent.Action.SIGN_OUT, object_type="user", object_id=request.user.pk
        )
        session_forget(session_key=request.session.session_key)
    logout(request)
    messages.success(request, "You have signed out.")
    response = redirect("access:sign-in")
    # The browser drops any copy of a page and anything a page stored; the session cookie is already void.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
