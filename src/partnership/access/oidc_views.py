"""Signing in with an OpenID Connect provider (Microsoft Entra ID or any other): start, and the callback."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.access.oidc import REFUSALS, PartnershipOIDCBackend, SignOnRefused
from partnership.access.oidc_config import local_sign_in_enabled, provider_name, sso_enabled
from partnership.access.rules import safe_next_path
from partnership.access.services import session_register
from partnership.access.session_keys import LAST_SEEN_AT, PROVIDER_MFA, SIGNED_IN_AT

security_log = logging.getLogger("partnership.security")

NEXT_KEY = "oidc_login_next"
STATES_KEY = "oidc_states"


def _refuse(request: HttpRequest, reason: str) -> HttpResponse:
    """Log the refusal (the reason only: no token, no e-mail address) and show what to do next."""
    refusal = REFUSALS[reason]
    security_log.warning("Single sign-on refused: %s", reason)
    access_event_record(
        user=None,
        action=AccessEvent.Action.SIGN_IN_FAILED,
        object_type="user",
        purpose=f"Single sign-on refused: {refusal.purpose}",
    )
    name = provider_name()
    explanation = refusal.explanation.format(provider=name, service=settings.SERVICE_NAME)
    context = {"provider": name, "explanation": explanation, "reason": reason, "local": local_sign_in_enabled()}
    return render(request, "access/oidc_failed.html", context, status=refusal.status)


@never_cache
@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the person to the identity provider, remembering a state, a nonce and a PKCE verifier in the session."""
    if not sso_enabled():
        messages.info(request, "Single sign-on is not set up for this service.")
        return redirect("access:sign-in")
    return OIDCAuthenticationRequestView.as_view()(request)  # type: ignore[no-any-return]


@never_cache
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Check the provider's answer; with provider MFA sign in, otherwise continue to the local two-factor code."""
    if not sso_enabled():
        return redirect("access:sign-in")
    states = request.session.get(STATES_KEY) or {}
    state = request.GET.get("state", "")
    # Each state is used once: it is removed before anything else, so a replayed callback URL finds nothing.
    pending = states.pop(state, None) if state else None
    request.session[STATES_KEY] = states
    request.session.save()
    if request.GET.get("error"):
        return _refuse(request, "provider-error")
    if pending is None or not request.GET.get("code"):
        return _refuse(request, "state")
    backend = PartnershipOIDCBackend()
    try:
        user = backend.authenticate(request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier"))
    except SignOnRefused as refused:
        return _refuse(request, refused.reason)
    if user is None:
        return _refuse(request, "bad-token")
    next_path = safe_next_path(request.session.pop(NEXT_KEY, None), default=reverse("frontend:home"))
    # login() gives the signed-in person a new session key; the ModelBackend re-reads the account on every request
    # (and refuses it once disabled), so the OIDC backend need not be in AUTHENTICATION_BACKENDS.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    name = provider_name()
    if backend.provider_mfa:
        request.session[PROVIDER_MFA] = str(user.pk)
    request.session.save()
    session_register(user=user, session_key=request.session.session_key or "")
    if not backend.provider_mfa:
        messages.info(request, f"You signed in with {name}. Now enter the code from your authenticator app.")
        return redirect(reverse("access:two-factor") + "?" + urlencode({"next": next_path}))
    access_event_record(
        user=user,
        action=AccessEvent.Action.SIGN_IN,
        object_type="user",
        object_id=user.pk,
        purpose=f"Signed in with {name} (provider MFA)",
    )
    messages.success(request, f"You signed in with {name}.")
    return redirect(next_path)
