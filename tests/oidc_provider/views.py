"""Test set-up endpoints of the provider: create users, and a key set signed by nobody the provider knows."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from jwcrypto import jwk


@csrf_exempt
def users_create(request: HttpRequest) -> HttpResponse:
    """Create (or replace) a provider user: username = e-mail, a password, and groups shaping their tokens."""
    data = json.loads(request.body)
    User.objects.filter(username=data["email"]).delete()
    user = User.objects.create_user(username=data["email"], email=data["email"], password=data["password"])
    for name in data.get("groups", []):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return JsonResponse({"id": user.pk}, status=201)


def other_jwks(request: HttpRequest) -> HttpResponse:
    """A key set with the provider's key id but another key: a token checked against it has a wrong signature."""
    real = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode("ascii"))
    other = jwk.JWK.generate(kty="RSA", size=2048)
    public = json.loads(other.export_public())
    public.update({"kid": real.thumbprint(), "alg": "RS256", "use": "sig"})
    return JsonResponse({"keys": [public]})
