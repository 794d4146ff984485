"""The accessibility gate: every page each role reaches from home, and the signed-out pages, meet WCAG 2.2 AA.

axe-core finds what a machine can find; the keyboard check covers what people using only a keyboard need first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoSignIn

pytestmark = pytest.mark.e2e

ROLE_USERS = [
    "admin",
    "executive",
    "lead",
    "frontdoor",
    "socialworker",
    "manager",
    "encompass",
    "keyadult",
    "auditor",
    "viewer",
    "police",
    "health",
    "probation",
]

Axe = Callable[[Page], list[str]]


def same_origin_links(page: Page, selector: str) -> list[str]:
    """The distinct same-origin links the selector finds, in page order."""
    origin = urlsplit(page.url)[:2]
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.href)")
    return list(dict.fromkeys(href.split("#")[0] for href in hrefs if urlsplit(href)[:2] == origin))


@pytest.mark.parametrize("username", ROLE_USERS)
def test_every_page_a_role_reaches_from_home_meets_wcag_22_aa(
    page: Page, sign_in: DemoSignIn, axe: Axe, username: str
) -> None:
    sign_in(page, username)
    assert urlsplit(page.url).path == "/"
    navigation = same_origin_links(page, ".govuk-service-navigation__link")
    cards = same_origin_links(page, ".app-card a")
    assert navigation, "the home page shows no service navigation"
    assert cards, "the home page shows no cards"

    problems: list[str] = []
    for url in dict.fromkeys(navigation + cards):
        response = page.goto(url)
        assert response is not None
        if response.status != 200 or page.url != url:
            problems.append(f"{url} answered {response.status} and ended at {page.url}")
            continue
        problems.extend(axe(page))
    assert not problems, f"{len(problems)} problem(s) for {username}:\n" + "\n".join(problems)


def show_sign_in(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/sign-in/")


def show_sign_in_errors(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def show_wrong_password(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")


def show_two_factor(page: Page, sign_in: DemoSignIn) -> None:
    sign_in.enter_password(page, "auditor")
    assert urlsplit(page.url).path == "/sign-in/two-factor/"
    page.locator(".govuk-details__summary").click()  # open the recovery-code help too
    expect(page.locator(".govuk-details__text")).to_be_visible()


def show_two_factor_empty(page: Page, sign_in: DemoSignIn) -> None:
    sign_in.enter_password(page, "auditor")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")


def show_accessibility_statement(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def show_privacy_notice(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/privacy/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def show_page_not_found(page: Page, sign_in: DemoSignIn) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


SIGNED_OUT_PAGES: dict[str, Callable[[Page, DemoSignIn], None]] = {
    "sign-in": show_sign_in,
    "sign-in-with-errors": show_sign_in_errors,
    "sign-in-wrong-password": show_wrong_password,
    "two-factor": show_two_factor,
    "two-factor-with-errors": show_two_factor_empty,
    "accessibility-statement": show_accessibility_statement,
    "privacy-notice": show_privacy_notice,
    "page-not-found": show_page_not_found,
}


@pytest.mark.parametrize("show", list(SIGNED_OUT_PAGES.values()), ids=list(SIGNED_OUT_PAGES))
def test_pages_before_signing_in_meet_wcag_22_aa(
    page: Page, sign_in: DemoSignIn, axe: Axe, show: Callable[[Page, DemoSignIn], None]
) -> None:
    show(page, sign_in)
    violations = axe(page)
    assert not violations, "\n".join(violations)


def test_the_gate_itself_reports_violations(page: Page, axe: Axe) -> None:
    page.goto("/privacy/")
    broken = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1"><input type="text" name="x">'
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", broken)
    found = axe(page)
    assert {line.split(" ")[0] for line in found} >= {"image-alt", "label"}, found
    assert any("/privacy/" in line and "img" in line for line in found), found


def tab_to(page: Page, target: Locator, most: int = 12) -> None:
    """Press Tab until the target has focus, as a keyboard user would; fail if it never does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{most} presses of Tab never reached {target} on {page.url}")


def test_keyboard_alone_reaches_the_skip_link_first_and_signs_in_with_enter(page: Page, sign_in: DemoSignIn) -> None:
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.govuk-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until it has focus
    expect(skip_link).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("lead")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/two-factor/")

    # The skip link's #main-content stays on the address through the redirect, so Tab starts in the main content.
    tab_to(page, page.get_by_label("Code", exact=True))
    page.keyboard.type(sign_in.current_code("lead"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Signed in as Lee Lead")
