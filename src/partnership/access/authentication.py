"""API authentication: personal bearer tokens, or a browser session that has passed two-factor."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from partnership.access.models import ApiToken
from partnership.access.services import hash_api_token

LAST_USED_WRITE_SECONDS = 60


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Bearer TOKEN` against the hashed personal tokens."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer TOKEN.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_api_token(raw)).first()
        now = timezone.now()
        if (
            token is None
            or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
            or not token.user.is_active
        ):
            raise exceptions.AuthenticationFailed("The token is not valid, has expired or was revoked.")
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_WRITE_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Accept a browser session only once its user has passed two-factor; CSRF is enforced."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        is_verified = getattr(request._request.user, "is_verified", None)
        if not callable(is_verified) or not is_verified():
            return None
        return user, None
