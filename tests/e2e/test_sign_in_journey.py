"""Signing in as people do: password, two-factor code, first-time enrolment, mistakes, signing out."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoSignIn

pytestmark = pytest.mark.e2e

DCC = "Durham County Council Children's Services"
WRONG_CODE_MESSAGE = "The code is not right or has already been used. Enter the code your app shows now."


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def navigation_labels(page: Page) -> list[str]:
    return [label.strip() for label in page.locator(".govuk-service-navigation__link").all_inner_texts()]


def assert_navigation(page: Page, *, shows: set[str], hides: set[str]) -> None:
    """The role's navigation starts at Home, ends at the account, shows its sections and hides others'.

    Only the role-defining links are named, so adding a section for everyone does not break the journey.
    """
    labels = navigation_labels(page)
    assert labels[0] == "Home", labels
    assert labels[-1] == "Your account", labels
    assert shows <= set(labels), labels
    assert not hides & set(labels), labels


def test_a_team_manager_signs_in_with_password_and_code_sees_their_navigation_and_signs_out(
    page: Page, sign_in: DemoSignIn
) -> None:
    page.goto("/")
    assert path_of(page) == "/sign-in/"  # nothing is shown before signing in
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)

    sign_in.enter_password(page, "manager")
    assert path_of(page) == "/sign-in/two-factor/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Code")
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)  # a password alone opens nothing
    sign_in.enter_code(page, "manager")

    assert path_of(page) == "/"
    expect(page).to_have_title("Home – Partnership")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership")
    expect(page.locator(".govuk-caption-l")).to_have_text(DCC)
    expect(page.locator(".govuk-phase-banner")).to_contain_text(f"Signed in as Morgan Manager, Team manager – {DCC}.")
    assert_navigation(page, shows={"Agencies", "People"}, hides={"Access log"})
    expect(page.locator(".govuk-service-navigation__link[aria-current='page']")).to_have_text("Home")
    cards = page.locator(".app-card h2").all_inner_texts()
    assert {"Agencies and teams", "People", "Your account"} <= set(cards), cards
    assert "Access log" not in cards

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    assert path_of(page) == "/people/"
    expect(page.locator(".govuk-service-navigation__link[aria-current='page']")).to_have_text("People")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed out.")
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)

    page.go_back()  # the browser keeps no copy of a signed-in page (Cache-Control: no-store)
    assert path_of(page) == "/sign-in/"
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.goto("/people/")
    assert path_of(page) == "/sign-in/"  # the session is over


def test_a_deep_link_opens_after_signing_in(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/account/")
    assert path_of(page) == "/sign-in/"
    sign_in(page, "executive")
    assert path_of(page) == "/account/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".govuk-table").first).to_contain_text("Executive member")


def test_a_wrong_code_shows_the_error_summary_and_the_right_code_still_works(
    page: Page, sign_in: DemoSignIn, axe: Callable[[Page], list[str]]
) -> None:
    sign_in.enter_password(page, "admin")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Sign in").click()

    assert path_of(page) == "/sign-in/two-factor/"
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary so it is read out first
    expect(summary.locator(".govuk-error-summary__title")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name=WRONG_CODE_MESSAGE)
    expect(link).to_have_attribute("href", "#id_code")
    expect(page.locator("#id_code-error")).to_have_text(f"Error: {WRONG_CODE_MESSAGE}")
    expect(page.locator("#id_code")).to_have_attribute("aria-describedby", re.compile(r"\bid_code-error\b"))
    expect(page.locator("#id_code")).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    link.click()
    expect(page.locator("#id_code")).to_be_focused()
    assert axe(page) == []

    time.sleep(1.1)  # django-otp refuses every code for 1 s after a wrong one (OTP_TOTP_THROTTLE_FACTOR = 1)
    sign_in.enter_code(page, "admin")
    assert path_of(page) == "/"
    assert_navigation(page, shows={"Agencies", "People", "Access log"}, hides=set())


def setup_key_code(setup_key: str) -> str:
    """What an authenticator app given this setup key would show now."""
    key = setup_key.replace(" ", "").strip().upper()
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    return str(totp(key_bytes)).zfill(6)


def test_first_sign_in_enrols_an_authenticator_shows_recovery_codes_and_continues_home(
    page: Page, sign_in: DemoSignIn, axe: Callable[[Page], list[str]]
) -> None:
    sign_in.enter_password(page, "newstarter")
    assert path_of(page) == "/sign-in/set-up-two-factor/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert axe(page) == []

    setup_key = page.locator("p", has_text="Setup key:").locator(".app-code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", setup_key.strip()), setup_key
    page.get_by_label("Code from your app").fill(setup_key_code(setup_key))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/recovery-codes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code.strip() for code in codes)
    assert axe(page) == []

    page.get_by_role("button", name="I have kept my codes, continue").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    expect(page.locator(".govuk-phase-banner")).to_contain_text(f"Signed in as Nat Newstarter, Social worker – {DCC}.")
    assert_navigation(page, shows={"Agencies"}, hides={"People", "Access log"})

    page.goto("/sign-in/recovery-codes/")
    assert path_of(page) == "/account/"  # the codes are shown once only
    expect(page.locator(".govuk-summary-list")).to_contain_text("Set up")
