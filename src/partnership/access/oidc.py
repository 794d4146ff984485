"""Checking an OpenID Connect sign-in: the ID token's signature, issuer, audience, expiry and nonce, and the one
Partnership account with its e-mail address."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from partnership.access.models import User
from partnership.access.oidc_config import amr_shows_mfa
from partnership.access.selectors import users_with_email

security_log = logging.getLogger("partnership.security")


@dataclass(frozen=True)
class Refusal:
    """Why a single sign-on was refused: the HTTP status, what the person is told, and the access log purpose."""

    status: int
    explanation: str
    purpose: str


REFUSALS = {
    "provider-error": Refusal(400, "The sign-in was cancelled or refused by {provider}.", "Provider returned an error"),
    "state": Refusal(
        400,
        "The sign-in link had already been used, had expired or was started in another browser.",
        "Unknown or reused state",
    ),
    "unreachable": Refusal(503, "{provider} sign-in is not answering at the moment.", "Provider unreachable"),
    "token-refused": Refusal(
        503, "{provider} did not confirm the sign-in. It may be set up wrongly.", "Token endpoint refused the code"
    ),
    "code-refused": Refusal(
        400,
        "The sign-in had already been used, had expired or was started in another browser.",
        "Provider refused the code (invalid_grant)",
    ),
    "bad-token": Refusal(400, "The sign-in could not be checked.", "ID token signature not valid"),
    "issuer": Refusal(400, "The sign-in came from an unexpected provider.", "ID token issuer wrong"),
    "audience": Refusal(400, "The sign-in was meant for another service.", "ID token audience wrong"),
    "expired": Refusal(400, "The sign-in had expired.", "ID token expired"),
    "nonce": Refusal(400, "The sign-in had already been used or did not match this browser.", "Nonce wrong or reused"),
    "no-email": Refusal(403, "{provider} did not tell us your e-mail address.", "No e-mail address in token"),
    "no-account": Refusal(
        403, "There is no {service} account with the e-mail address you use at {provider}.", "No matching account"
    ),
    "several-accounts": Refusal(
        403, "More than one {service} account has the e-mail address you use at {provider}.", "Several accounts"
    ),
    "disabled": Refusal(403, "Your {service} account has been disabled.", "Account disabled"),
}


class SignOnRefused(Exception):
    """A single sign-on that must not go ahead; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PartnershipOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, which also checks issuer, audience and expiry, never creates an account and
    matches exactly one account by e-mail address.

    It is called by the callback view directly and is deliberately not in AUTHENTICATION_BACKENDS: django-axes
    counts failures of `authenticate()` by username, which a single sign-on does not have, and the password form
    must never reach the provider."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider_mfa = False

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        """Redeem the code at the token endpoint, check the ID token and return the matching active account."""
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except requests.HTTPError as error:
            # invalid_grant: the code was used already, has expired, or its PKCE verifier is not this browser's.
            answer = error.response
            refused_code = answer is not None and answer.status_code == 400 and "invalid_grant" in answer.text
            raise SignOnRefused("code-refused" if refused_code else "token-refused") from error
        except requests.RequestException as error:
            raise SignOnRefused("unreachable") from error
        except SuspiciousOperation as error:
            # Signature not valid, no matching key in the provider's key set, or a nonce that is not this browser's.
            raise SignOnRefused("nonce" if "Nonce" in str(error) else "bad-token") from error

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Check the signature and nonce (the library), then issuer, audience and expiry (here)."""
        if not token:
            raise SignOnRefused("bad-token")
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError as error:
            raise SignOnRefused("expired") from error
        except jwt.InvalidTokenError as error:  # not yet valid, malformed claims
            raise SignOnRefused("bad-token") from error
        if payload.get("iss") != settings.PARTNERSHIP_OIDC_ISSUER:
            raise SignOnRefused("issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SignOnRefused("audience")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignOnRefused("audience")
        expires = payload.get("exp")
        if not isinstance(expires, (int, float)) or expires < time.time():
            raise SignOnRefused("expired")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        """Find the one account with the token's e-mail address (never create one) and note whether MFA was used."""
        email = payload.get("email") or payload.get("preferred_username") or ""
        if not isinstance(email, str) or "@" not in email:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            email = userinfo.get("email") or ""
        if not isinstance(email, str) or "@" not in email:
            raise SignOnRefused("no-email")
        accounts = list(users_with_email(email)[:3])
        active = [account for account in accounts if account.is_active]
        if len(active) > 1:
            raise SignOnRefused("several-accounts")
        if not active:
            raise SignOnRefused("disabled" if accounts else "no-account")
        self.provider_mfa = amr_shows_mfa(payload.get("amr"))
        return active[0]
