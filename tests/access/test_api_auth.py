"""The API: personal bearer tokens, problem+json errors and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnership.access.models import ApiToken, Role
from partnership.access.services import api_token_create, api_token_revoke, hash_api_token, person_disable
from tests.factories import AgencyFactory, make_person

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_is_stored_only_as_its_hash_and_authenticates_its_owner() -> None:
    user = make_person(Role.FRONT_DOOR)
    token, raw = api_token_create(user=user, name="Case system")
    assert raw.startswith("pst_")
    assert token.key_hash == hash_api_token(raw)
    assert raw not in {token.key_hash, token.prefix}
    response = Client().get("/api/v1/me/", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["memberships"][0]["role"] == Role.FRONT_DOOR


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer not-a-token", "Token abc", "Bearer a b"])
def test_missing_or_bad_credentials_answer_401_problem_json(header: str) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get("/api/v1/me/", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_tokens_and_disabled_accounts_are_refused() -> None:
    user = make_person()
    token, raw = api_token_create(user=user, name="Script")
    api_token_revoke(token=token)
    assert Client().get("/api/v1/me/", **bearer(raw)).status_code == 401

    other = make_person()
    _t, raw2 = api_token_create(user=other, name="Script")
    person_disable(actor=make_person(Role.ADMIN), person=other, reason="Left")
    assert Client().get("/api/v1/me/", **bearer(raw2)).status_code == 401


def test_token_pages_create_once_and_revoke_only_your_own(signed_in) -> None:
    client = signed_in()
    created = client.post(reverse("access:token-create"), {"name": "Reporting script"})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=client.user)
    page = created.content.decode()
    assert token.prefix in page
    assert "shown only once" in page

    stranger = signed_in()
    assert stranger.post(reverse("access:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(reverse("access:token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_empty_token_name_gets_an_error_summary(signed_in) -> None:
    client = signed_in()
    response = client.post(reverse("access:token-create"), {"name": ""})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_agency_directory_api_and_unknown_agency_404_problem(signed_in) -> None:
    agency = AgencyFactory(name="Durham Constabulary")
    client = signed_in()
    listing = client.get("/api/v1/agencies/")
    assert listing.status_code == 200
    assert "Durham Constabulary" in [row["name"] for row in listing.json()["results"]]
    assert client.get(f"/api/v1/agencies/{agency.pk}/").json()["name"] == "Durham Constabulary"
    missing = client.get("/api/v1/agencies/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_openapi_schema_lists_the_api(signed_in) -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/agencies/" in schema["paths"]
