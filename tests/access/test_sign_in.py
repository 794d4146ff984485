"""Signing in to ASVS level 2: password, lockout, two-factor, enrolment, recovery codes, session lifetime."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.models import AccessEvent, Role, UserSession
from partnership.access.services import person_disable, recovery_codes_issue
from partnership.access.session_keys import LAST_SEEN_AT, SIGNED_IN_AT
from tests.conftest import current_code, sign_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def post_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("access:sign-in"), {"username": username, "password": password})


def test_wrong_password_is_refused_with_a_clear_message_and_logged() -> None:
    user = make_person()
    client = Client()
    response = post_password(client, user.username, "wrong password")
    assert response.status_code == 400
    assert "Enter a correct username and password" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert AccessEvent.objects.filter(action=AccessEvent.Action.SIGN_IN_FAILED).count() == 1
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one() -> None:
    user = make_person()
    client = Client()
    for _ in range(5):
        post_password(client, user.username, "wrong password")
    response = post_password(client, user.username)
    assert response.status_code in (403, 429)
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_alone_does_not_open_any_page() -> None:
    user = make_person()
    client = Client()
    response = post_password(client, user.username)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:two-factor"))
    home = client.get(reverse("frontend:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("access:two-factor"))
    api = client.get("/api/v1/me/")
    assert api.status_code == 401


def test_right_code_signs_in_and_the_same_code_cannot_be_replayed() -> None:
    user = make_person()
    client = Client()
    post_password(client, user.username)
    code = current_code(user)
    response = client.post(reverse("access:two-factor"), {"code": code, "next": "/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get(reverse("frontend:home")).status_code == 200
    assert AccessEvent.objects.filter(user=user, action=AccessEvent.Action.SIGN_IN).exists()

    second = Client()
    post_password(second, user.username)
    replay = second.post(reverse("access:two-factor"), {"code": code})
    assert replay.status_code == 400
    assert "already been used" in replay.content.decode()
    assert second.get(reverse("frontend:home")).status_code == 302


def test_after_five_wrong_codes_the_person_is_signed_out() -> None:
    user = make_person()
    client = Client()
    post_password(client, user.username)
    for _ in range(4):
        assert client.post(reverse("access:two-factor"), {"code": "000000"}).status_code == 400
    last = client.post(reverse("access:two-factor"), {"code": "000000"})
    assert last.status_code == 302
    assert last["Location"] == reverse("access:sign-in")
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once() -> None:
    user = make_person()
    codes = recovery_codes_issue(user=user)
    client = Client()
    post_password(client, user.username)
    assert client.post(reverse("access:two-factor"), {"code": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9

    again = Client()
    post_password(again, user.username)
    assert again.post(reverse("access:two-factor"), {"code": codes[0]}).status_code == 400


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once() -> None:
    user = make_person(two_factor=False)
    client = Client()
    post_password(client, user.username)
    response = client.get(reverse("frontend:home"))
    assert response["Location"].startswith(reverse("access:two-factor-setup"))
    setup = client.get(reverse("access:two-factor-setup"))
    assert setup.status_code == 200
    assert "Setup key" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("access:two-factor-setup"), {"code": "123456"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    code = str(totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=0)).zfill(6)
    confirmed = client.post(reverse("access:two-factor-setup"), {"code": code})
    assert confirmed.status_code == 302
    codes_page = client.get(confirmed["Location"])
    assert codes_page.status_code == 200
    assert codes_page.content.decode().count("<li>") >= 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("access:recovery-codes")).status_code == 302  # shown once only
    assert client.get(reverse("frontend:home")).status_code == 200


def test_idle_session_expires_after_thirty_minutes(signed_in) -> None:
    client = signed_in()
    assert client.get(reverse("frontend:home")).status_code == 200
    session = client.session
    session[LAST_SEEN_AT] = (timezone.now() - timedelta(minutes=31)).timestamp()
    session.save()
    response = client.get(reverse("access:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:sign-in"))
    page = client.get(response["Location"])
    assert "had not done anything for 30 minutes" in page.content.decode()
    assert client.get(reverse("frontend:home")).status_code == 302


def test_active_session_survives_twenty_nine_minutes_idle(signed_in) -> None:
    client = signed_in()
    session = client.session
    session[LAST_SEEN_AT] = (timezone.now() - timedelta(minutes=29)).timestamp()
    session.save()
    assert client.get(reverse("frontend:home")).status_code == 200


def test_session_ends_at_its_absolute_lifetime_even_when_active(signed_in) -> None:
    client = signed_in()
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=12, seconds=1)).timestamp()
    session.save()
    response = client.get(reverse("frontend:home"))
    assert response.status_code == 302
    assert "12-hour limit" in client.get(response["Location"]).content.decode()


def test_disabling_an_account_ends_all_its_sessions_and_refuses_sign_in() -> None:
    admin = make_person(Role.ADMIN)
    user = make_person()
    laptop, phone = Client(), Client()
    for client in (laptop, phone):
        post_password(client, user.username)
        client.post(reverse("access:two-factor"), {"code": current_code(user)})
        TOTPDevice.objects.filter(user=user).update(last_t=-1)  # a new step for the second device sign-in
    assert laptop.get(reverse("frontend:home")).status_code == 200
    assert UserSession.objects.filter(user=user).count() == 2

    person_disable(actor=admin, person=user, reason="Left the council")

    for client in (laptop, phone):
        assert client.get(reverse("frontend:home")).status_code == 302
    assert UserSession.objects.filter(user=user).count() == 0
    refused = post_password(Client(), user.username)
    assert refused.status_code == 403
    assert "Your account has been disabled" in refused.content.decode()
    assert user.history.first().history_change_reason == "Left the council"


def test_a_forged_csrf_token_gets_a_clear_page_and_changes_nothing() -> None:
    user = make_person()
    client = Client(enforce_csrf_checks=True)
    sign_in(client, user)
    response = client.post(reverse("access:token-create"), {"name": "forged", "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert not user.api_tokens.exists()


def test_sign_out_ends_the_session(signed_in) -> None:
    client = signed_in()
    response = client.post(reverse("access:sign-out"))
    assert response.status_code == 302
    assert client.get(reverse("frontend:home")).status_code == 302
    assert not UserSession.objects.filter(user=client.user).exists()


def test_next_after_sign_in_never_leaves_the_site() -> None:
    user = make_person()
    client = Client()
    post_password(client, user.username)
    response = client.post(reverse("access:two-factor"), {"code": current_code(user), "next": "//evil.example/"})
    assert response["Location"] == reverse("frontend:home")
