"""Session lifetime, the two-factor requirement and cache control for signed-in pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from partnership.access.rules import session_expiry_reason
from partnership.access.selectors import two_factor_passed
from partnership.access.session_keys import LAST_SEEN_AT, PROVIDER_MFA, SIGNED_IN_AT

LAST_SEEN_WRITE_SECONDS = 30

# Paths a signed-in person who has not yet passed two-factor may still reach.
TWO_FACTOR_EXEMPT_PREFIXES = ("/sign-in/", "/sign-out/", "/static/", "/healthz", "/api/", "/accessibility/")


def _read_instant(value: object) -> datetime | None:
    if not isinstance(value, (int, float)):
        return None
    return datetime.fromtimestamp(value, tz=UTC)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, which also counts as two-factor a sign-in whose identity provider said it used
    multi-factor authentication (the flag is set only by the single sign-on callback, for that user)."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and user.otp_device is None and request.session.get(PROVIDER_MFA) == str(user.pk):
            user.is_verified = _verified_by_provider
        return user


def _verified_by_provider() -> bool:
    return True


class SessionLifetimeMiddleware:
    """End a session after the idle timeout or the absolute lifetime, and say why on the sign-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and SIGNED_IN_AT in request.session:
            now = timezone.now()
            reason = session_expiry_reason(
                now=now,
                signed_in_at=_read_instant(request.session.get(SIGNED_IN_AT)),
                last_seen_at=_read_instant(request.session.get(LAST_SEEN_AT)),
                idle=timedelta(seconds=settings.SESSION_IDLE_SECONDS),
                absolute=timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS),
            )
            if reason:
                from partnership.access.services import session_forget

                session_forget(session_key=request.session.session_key)
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(
                    request,
                    "You were signed out because you had not done anything for 30 minutes."
                    if reason == "idle"
                    else "You were signed out because your session reached its 12-hour limit.",
                )
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return HttpResponseRedirect(reverse("access:sign-in") + (f"?{query}" if query else ""))
            last_seen = request.session.get(LAST_SEEN_AT)
            if not isinstance(last_seen, (int, float)) or now.timestamp() - last_seen >= LAST_SEEN_WRITE_SECONDS:
                request.session[LAST_SEEN_AT] = now.timestamp()
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send a signed-in person who has not passed two-factor to set it up or to enter a code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not two_factor_passed(user)
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            from django_otp import devices_for_user

            has_device = any(
                True for _ in devices_for_user(user, confirmed=True) if _.persistent_id.startswith("otp_totp")
            )
            target = "access:two-factor" if has_device else "access:two-factor-setup"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of a page shown to a signed-in person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith(("/sign-in/", "/api/")):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
