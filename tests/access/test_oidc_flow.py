"""Single sign-on against a real OpenID Connect provider started by the tests (tests/oidc_provider): nothing in
mozilla-django-oidc is mocked; the app redeems real codes at the provider and checks real signed ID tokens."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.models import AccessEvent, User, UserSession
from partnership.access.session_keys import PROVIDER_MFA
from tests.conftest import current_code
from tests.factories import make_person
from tests.oidc_fixtures import Provider, free_port, path_of
from tests.trust import tally

pytestmark = pytest.mark.django_db

APP_ORIGIN = "http://testserver"


@pytest.fixture
def sso(settings: pytest.FixtureRequest, oidc_provider: Provider) -> Provider:
    """The app configured for the test provider, as PARTNERSHIP_OIDC_* would configure it."""
    for name, value in oidc_provider.app_settings().items():
        setattr(settings, name, value)
    settings.PARTNERSHIP_OIDC_PROVIDER_NAME = "Microsoft"  # type: ignore[attr-defined]
    return oidc_provider


def person(provider: Provider, *, mfa: bool = False, groups: tuple[str, ...] = (), two_factor: bool = True) -> User:
    """A Partnership account and a provider account with the same e-mail address (in another case at the provider)."""
    user = make_person(two_factor=two_factor)
    user.email = f"Sso.{uuid.uuid4().hex[:10]}@Example.org"
    user.save(update_fields=["email"])
    provider.add_user(user.email.lower(), mfa=mfa, groups=groups)
    return user


def start(client: Client, next_path: str = "/") -> str:
    """Press "Sign in with Microsoft": the app answers with a redirect to the provider's authorize endpoint."""
    response = client.get(reverse("access:oidc-start"), {"next": next_path})
    assert response.status_code == 302
    return response["Location"]


def callback_for(client: Client, provider: Provider, email: str) -> str:
    """Start at the app, sign in at the provider, and return the callback path the browser would go to next."""
    return path_of(provider.sign_in_at_provider(start(client), email, app_origin=APP_ORIGIN))


def failures(purpose: str) -> int:
    return AccessEvent.objects.filter(action=AccessEvent.Action.SIGN_IN_FAILED, purpose__contains=purpose).count()


def test_sign_in_page_offers_the_provider_button_above_the_password_form(sso: Provider) -> None:
    page = Client().get(reverse("access:sign-in")).content.decode()
    assert "Sign in with Microsoft" in page
    assert 'href="/sign-in/oidc/start/?next=' in page and 'role="button"' in page
    assert page.index("Sign in with Microsoft") < page.index('name="password"')


def test_provider_mfa_signs_in_straight_to_the_home_page(sso: Provider) -> None:
    user = person(sso, mfa=True)
    client = Client()
    response = client.get(callback_for(client, sso, user.email.lower()))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[PROVIDER_MFA] == str(user.pk)
    home = client.get("/")
    assert home.status_code == 200
    assert "You signed in with Microsoft." in home.content.decode()
    event = AccessEvent.objects.get(action=AccessEvent.Action.SIGN_IN, user=user)
    assert event.purpose == "Signed in with Microsoft (provider MFA)"
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()


def test_without_provider_mfa_the_local_code_is_still_required(sso: Provider) -> None:
    user = person(sso, mfa=False)
    client = Client()
    response = client.get(callback_for(client, sso, user.email))
    assert response.status_code == 302 and response["Location"].startswith(reverse("access:two-factor"))
    assert PROVIDER_MFA not in client.session
    # Nothing else is reachable before the code.
    assert client.get("/").status_code == 302
    assert client.get(reverse("access:account"))["Location"].startswith(reverse("access:two-factor"))
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.SIGN_IN, user=user).exists()
    done = client.post(reverse("access:two-factor"), {"code": current_code(user), "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200


def test_without_provider_mfa_and_no_authenticator_the_person_sets_one_up(sso: Provider) -> None:
    user = person(sso, mfa=False, two_factor=False)
    client = Client()
    client.get(callback_for(client, sso, user.email))
    assert client.get("/")["Location"].startswith(reverse("access:two-factor-setup"))
    assert client.get(reverse("access:two-factor-setup")).status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


def test_next_page_is_kept_through_the_provider(sso: Provider) -> None:
    user = person(sso, mfa=True)
    client = Client()
    callback = path_of(sso.sign_in_at_provider(start(client, "/account/"), user.email, app_origin=APP_ORIGIN))
    assert client.get(callback)["Location"] == "/account/"


@pytest.mark.parametrize(
    ("case", "status", "purpose"),
    [
        ("no-account", 403, "No matching account"),
        ("several", 403, "Several accounts"),
        ("disabled", 403, "Account disabled"),
    ],
)
def test_accounts_are_matched_by_email_exactly_once(sso: Provider, case: str, status: int, purpose: str) -> None:
    email = f"nobody.{uuid.uuid4().hex[:10]}@example.org"
    sso.add_user(email, mfa=True)
    if case == "several":
        for _ in range(2):
            make_person().__class__.objects.filter(pk=make_person().pk).update(email=email.upper())
    if case == "disabled":
        User.objects.filter(pk=make_person().pk).update(email=email, is_active=False)
    client = Client()
    response = client.get(callback_for(client, sso, email))
    assert response.status_code == status
    assert "We could not sign you in with Microsoft" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert failures(purpose) == 1
    assert User.objects.filter(email__iexact=email).count() == {"no-account": 0, "several": 2, "disabled": 1}[case]
    tally("security_checks")


def test_wrong_audience_is_refused_and_logged(sso: Provider, caplog: pytest.LogCaptureFixture) -> None:
    # The provider signs this person's ID tokens properly but for another relying party (aud = "someone-else").
    user = person(sso, mfa=True, groups=("audience:someone-else",))
    client = Client()
    with caplog.at_level(logging.WARNING, logger="partnership.security"):
        response = client.get(callback_for(client, sso, user.email))
    assert response.status_code == 400
    assert "meant for another service" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert failures("ID token audience wrong") == 1
    assert "Single sign-on refused: audience" in caplog.text
    assert user.email.lower() not in caplog.text.lower()
    tally("security_checks")


def test_expired_id_token_is_refused(sso: Provider) -> None:
    # The provider issues this person's ID tokens already ten minutes past their expiry (beyond the 60 s leeway).
    user = person(sso, mfa=True, groups=("expired-token",))
    client = Client()
    response = client.get(callback_for(client, sso, user.email))
    assert response.status_code == 400
    assert "The sign-in had expired." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert failures("ID token expired") == 1
    tally("security_checks")


def test_replayed_callback_is_refused(sso: Provider) -> None:
    user = person(sso, mfa=True)
    client = Client()
    callback = callback_for(client, sso, user.email)
    assert client.get(callback).status_code == 302
    client.post(reverse("access:sign-out"))
    # The same callback URL again (state used, code redeemed): refused before the provider is even asked.
    replay = client.get(callback)
    assert replay.status_code == 400
    assert "_auth_user_id" not in client.session
    assert failures("Unknown or reused state") == 1
    tally("security_checks")


def swapped_callback(client: Client, provider: Provider, email: str) -> dict[str, str]:
    """Two sign-ins started in one browser; the code of the second presented with the state of the first."""
    first = start(client)
    second = path_of(provider.sign_in_at_provider(start(client), email, app_origin=APP_ORIGIN))
    first_state = dict(part.split("=", 1) for part in first.split("?", 1)[1].split("&"))["state"]
    code = dict(part.split("=", 1) for part in second.split("?", 1)[1].split("&"))["code"]
    return {"code": code, "state": first_state}


def test_code_of_another_sign_in_is_refused_by_pkce(sso: Provider) -> None:
    # The first state's PKCE verifier does not match the second sign-in's challenge: the provider refuses the code.
    user = person(sso, mfa=True)
    client = Client()
    response = client.get(reverse("access:oidc-callback"), swapped_callback(client, sso, user.email))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert failures("Provider refused the code (invalid_grant)") == 1


def test_id_token_with_another_sign_ins_nonce_is_refused(sso: Provider, settings: pytest.FixtureRequest) -> None:
    # As above with PKCE off in the app (the provider allows that), so only the nonce check stands in the way: the
    # ID token carries the second sign-in's nonce, and the first state expects its own.
    settings.OIDC_USE_PKCE = False  # type: ignore[attr-defined]
    user = person(sso, mfa=True)
    client = Client()
    response = client.get(reverse("access:oidc-callback"), swapped_callback(client, sso, user.email))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert failures("Nonce wrong or reused") == 1
    tally("security_checks")


def test_token_signed_with_another_key_is_refused(sso: Provider, settings: pytest.FixtureRequest) -> None:
    # The app is given a key set with the provider's key id but another key: the real signature does not verify.
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.base_url}/test/other-jwks/"  # type: ignore[attr-defined]
    user = person(sso, mfa=True)
    client = Client()
    response = client.get(callback_for(client, sso, user.email))
    assert response.status_code == 400
    assert failures("ID token signature not valid") == 1
    assert "_auth_user_id" not in client.session


def test_wrong_issuer_is_refused(sso: Provider, settings: pytest.FixtureRequest) -> None:
    settings.PARTNERSHIP_OIDC_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"  # type: ignore[attr-defined]
    user = person(sso, mfa=True)
    client = Client()
    assert client.get(callback_for(client, sso, user.email)).status_code == 400
    assert failures("ID token issuer wrong") == 1


def test_provider_down_shows_a_clear_page_and_offers_local_sign_in(
    sso: Provider, settings: pytest.FixtureRequest
) -> None:
    user = person(sso, mfa=True)
    client = Client()
    callback = callback_for(client, sso, user.email)
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{free_port()}/token/"  # type: ignore[attr-defined]
    response = client.get(callback)
    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not sign you in with Microsoft" in page
    assert "Sign in with your username and password" in page
    assert failures("Provider unreachable") == 1
    tally("faults")


def test_provider_error_parameter_is_refused(sso: Provider) -> None:
    client = Client()
    start(client)
    response = client.get(reverse("access:oidc-callback"), {"error": "access_denied", "state": "x"})
    assert response.status_code == 400
    assert failures("Provider returned an error") == 1


def test_provider_refusing_the_code_is_a_clear_page(sso: Provider, settings: pytest.FixtureRequest) -> None:
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"  # type: ignore[attr-defined]
    user = person(sso, mfa=True)
    client = Client()
    response = client.get(callback_for(client, sso, user.email))
    assert response.status_code == 503
    assert failures("Token endpoint refused the code") == 1
