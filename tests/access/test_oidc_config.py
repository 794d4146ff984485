"""Single sign-on settings: on, off or half set up; local sign-in switched off; what counts as provider MFA."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from partnership.access.models import AccessEvent
from partnership.access.oidc_config import REQUIRED, amr_shows_mfa, sso_state
from partnership.access.session_keys import PROVIDER_MFA
from tests.factories import make_person
from tests.trust import tally

FULL = {name: f"https://login.example.org/{name.lower()}" for name in REQUIRED}


def configure(settings: pytest.FixtureRequest, values: dict[str, str]) -> None:
    for name in REQUIRED:
        setattr(settings, name, values.get(name, ""))


def warning_ids() -> set[str]:
    return {message.id for message in run_checks() if message.id and message.id.startswith("partnership.")}


def test_off_when_nothing_is_set(settings: pytest.FixtureRequest) -> None:
    configure(settings, {})
    assert sso_state() == "off"
    assert "partnership.W001" not in warning_ids()


def test_on_when_everything_is_set(settings: pytest.FixtureRequest) -> None:
    configure(settings, FULL)
    assert sso_state() == "on"


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_any_one_missing_is_misconfigured_and_warned_about(settings: pytest.FixtureRequest, missing: str) -> None:
    configure(settings, {name: value for name, value in FULL.items() if name != missing})
    assert sso_state() == "misconfigured"
    warnings = [message for message in run_checks() if message.id == "partnership.W001"]
    assert len(warnings) == 1 and REQUIRED[missing] in (warnings[0].hint or "")
    tally("security_checks")


@pytest.mark.django_db
def test_misconfigured_sso_offers_no_button_and_start_goes_back_to_sign_in(settings: pytest.FixtureRequest) -> None:
    configure(settings, {"OIDC_RP_CLIENT_ID": "partnership"})
    client = Client()
    page = client.get(reverse("access:sign-in")).content.decode()
    assert "Sign in with" not in page
    assert 'name="password"' in page
    response = client.get(reverse("access:oidc-start"))
    assert response.status_code == 302 and response["Location"] == reverse("access:sign-in")
    assert client.get(reverse("access:oidc-callback"), {"code": "c", "state": "s"}).status_code == 302


@pytest.mark.django_db
def test_local_sign_in_off_hides_the_form_and_refuses_a_password(settings: pytest.FixtureRequest) -> None:
    configure(settings, FULL)
    settings.PARTNERSHIP_LOCAL_SIGN_IN = False  # type: ignore[attr-defined]
    user = make_person()
    client = Client()
    page = client.get(reverse("access:sign-in")).content.decode()
    assert "Sign in with Microsoft" in page
    assert 'name="password"' not in page
    response = client.post(reverse("access:sign-in"), {"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 403
    assert "Signing in with a password is switched off" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(purpose="Local sign-in is off").count() == 1
    tally("security_checks")


@pytest.mark.django_db
def test_local_sign_in_on_still_works_with_sso(settings: pytest.FixtureRequest) -> None:
    configure(settings, FULL)
    user = make_person()
    response = Client().post(
        reverse("access:sign-in"), {"username": user.username, "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("access:two-factor"))


def test_nobody_can_sign_in_is_warned_about(settings: pytest.FixtureRequest) -> None:
    configure(settings, {})
    settings.PARTNERSHIP_LOCAL_SIGN_IN = False  # type: ignore[attr-defined]
    assert "partnership.W002" in warning_ids()


@pytest.mark.parametrize(
    ("amr", "expected"),
    [
        (["pwd", "mfa"], True),
        (["MFA"], True),
        ("mfa", True),
        (["pwd"], False),
        ([], False),
        (None, False),
        ({"mfa": 1}, False),
        (["pwd", "otp"], False),
    ],
)
def test_amr_values_that_count_as_mfa(amr: object, expected: bool) -> None:
    assert amr_shows_mfa(amr) is expected


def test_amr_values_are_configurable(settings: pytest.FixtureRequest) -> None:
    settings.PARTNERSHIP_OIDC_MFA_VALUES = ["mfa", "otp", "hwk"]  # type: ignore[attr-defined]
    assert amr_shows_mfa(["pwd", "otp"])
    assert not amr_shows_mfa(["pwd", "sms"])


@pytest.mark.django_db
def test_provider_mfa_flag_counts_only_for_its_own_user() -> None:
    user, other = make_person(two_factor=False), make_person(two_factor=False)
    client = Client()
    client.force_login(user)
    session = client.session
    session[PROVIDER_MFA] = str(other.pk)
    session.save()
    assert client.get("/")["Location"].startswith(reverse("access:two-factor-setup"))
    session = client.session
    session[PROVIDER_MFA] = str(user.pk)
    session.save()
    assert client.get("/").status_code == 200
