"""The provider's claims: the user's e-mail address, and `amr` saying whether their login counts as MFA."""

from __future__ import annotations

import time
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

# Groups a test puts a provider user in to shape that user's ID tokens (see users_create in views.py).
MFA_GROUP = "mfa"
EXPIRED_GROUP = "expired-token"
AUDIENCE_PREFIX = "audience:"


class TestProviderValidator(OAuth2Validator):
    """Adds `email` and `amr` to every ID token and userinfo answer; bends a token only for users a test marked."""

    # Include every additional claim whatever the scopes (amr belongs to no scope).
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        groups = set(request.user.groups.values_list("name", flat=True))
        return {"email": request.user.email, "amr": ["pwd", "mfa"] if MFA_GROUP in groups else ["pwd"]}

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> tuple[dict[str, Any], Any]:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        groups = set(request.user.groups.values_list("name", flat=True))
        # A provider whose clock is ten minutes ahead of the app's (or a token kept and replayed later): the token
        # is signed properly but expired well beyond any leeway by the time the app reads it.
        if EXPIRED_GROUP in groups:
            claims["exp"] = int(time.time()) - 600
            claims["iat"] = int(time.time()) - 1200
        # A token the provider issued for another relying party: properly signed, wrong `aud`.
        for group in groups:
            if group.startswith(AUDIENCE_PREFIX):
                claims["aud"] = group.removeprefix(AUDIENCE_PREFIX)
        return claims, expiration_time
