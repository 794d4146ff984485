"""Whether single sign-on with OpenID Connect is on, off or half set up, read from settings each time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from django.conf import settings
from django.core.checks import CheckMessage, Warning

# Settings that must all be set for single sign-on to be offered, with the environment variable each comes from.
REQUIRED = {
    "OIDC_RP_CLIENT_ID": "PARTNERSHIP_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "PARTNERSHIP_OIDC_CLIENT_SECRET",
    "PARTNERSHIP_OIDC_ISSUER": "PARTNERSHIP_OIDC_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "PARTNERSHIP_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "PARTNERSHIP_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "PARTNERSHIP_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "PARTNERSHIP_OIDC_JWKS_ENDPOINT",
}


def sso_state() -> Literal["on", "off", "misconfigured"]:
    """On when every single sign-on setting is set, off when none is, misconfigured when only some are."""
    present = [bool(getattr(settings, name, "")) for name in REQUIRED]
    if all(present):
        return "on"
    return "misconfigured" if any(present) else "off"


def sso_enabled() -> bool:
    """Whether the 'Sign in with <provider>' button is offered."""
    return sso_state() == "on"


def local_sign_in_enabled() -> bool:
    """Whether people may sign in with a username and password."""
    return bool(getattr(settings, "PARTNERSHIP_LOCAL_SIGN_IN", True))


def provider_name() -> str:
    """The identity provider's name as people know it, for the button and messages."""
    return str(getattr(settings, "PARTNERSHIP_OIDC_PROVIDER_NAME", "") or "your organisation")


def amr_shows_mfa(amr: object) -> bool:
    """Whether an ID token's `amr` claim names a method that counts as multi-factor authentication."""
    values = {value.lower() for value in getattr(settings, "PARTNERSHIP_OIDC_MFA_VALUES", ["mfa"])}
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list):
        return False
    return any(isinstance(method, str) and method.lower() in values for method in amr)


def sso_configuration_check(app_configs: Iterable[object] | None = None, **kwargs: object) -> list[CheckMessage]:
    """Warn when single sign-on is half set up (it is then not offered) or when nobody could sign in."""
    messages: list[CheckMessage] = []
    if sso_state() == "misconfigured":
        missing = [env for name, env in REQUIRED.items() if not getattr(settings, name, "")]
        messages.append(
            Warning(
                "Single sign-on is only partly configured, so it is switched off.",
                hint="Set " + ", ".join(missing) + " or unset every PARTNERSHIP_OIDC_* variable.",
                id="partnership.W001",
            )
        )
    if not local_sign_in_enabled() and not sso_enabled():
        messages.append(
            Warning(
                "Local sign-in is switched off and single sign-on is not on: nobody can sign in.",
                hint="Set PARTNERSHIP_LOCAL_SIGN_IN=on or configure single sign-on.",
                id="partnership.W002",
            )
        )
    return messages
