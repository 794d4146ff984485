"""Single sign-on as people do it: "Sign in with Microsoft", the (test) provider's own login page, and back.

The demo partnership is served with PARTNERSHIP_OIDC_* pointing at the test provider (tests/oidc_provider) in its
own process; the browser really visits both. Demo people have e-mail addresses <username>@example.org.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoServer
from tests.oidc_fixtures import Provider

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider_and_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Provider, DemoServer]]:
    """The test provider, and a demo partnership served with single sign-on through it."""
    server = DemoServer(tmp_path_factory.mktemp("e2e_sso"))
    provider = Provider(Path(server.var_dir), [f"{server.base_url}/sign-in/oidc/callback/"])
    provider.start()
    try:
        server.env.update(provider.app_environment())
        server.command("demo", "--no-serve")
        server.start()
        try:
            yield provider, server
        finally:
            server.stop()
    finally:
        provider.stop()


@pytest.fixture(scope="module")
def demo_server(provider_and_server: tuple[Provider, DemoServer]) -> DemoServer:
    """This module's pages run against the single sign-on demo, not the shared one."""
    return provider_and_server[1]


@pytest.fixture(scope="module")
def provider(provider_and_server: tuple[Provider, DemoServer]) -> Provider:
    return provider_and_server[0]


def sign_in_at_provider(page: Page, email: str) -> None:
    """Fill in the test provider's login page as a person would."""
    page.wait_for_url(lambda url: urlsplit(url).path == "/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("provider-password")
    page.get_by_role("button", name="Sign in at the provider").click()


def test_a_manager_signs_in_with_microsoft_and_provider_mfa_and_lands_on_home(
    page: Page, provider: Provider, axe: Callable[[Page], list[str]]
) -> None:
    provider.add_user("manager@example.org", mfa=True)
    page.goto("/")
    assert urlsplit(page.url).path == "/sign-in/"
    assert axe(page) == []
    page.get_by_role("button", name="Sign in with Microsoft").click()
    sign_in_at_provider(page, "manager@example.org")
    page.wait_for_url(lambda url: urlsplit(url).path == "/" and "127.0.0.1" in url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Signed in as Morgan Manager")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You signed in with Microsoft.")
    assert axe(page) == []
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/")


def test_without_provider_mfa_the_person_is_asked_for_their_code(
    page: Page, provider: Provider, demo_server: DemoServer, axe: Callable[[Page], list[str]]
) -> None:
    provider.add_user("admin@example.org", mfa=False)
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    sign_in_at_provider(page, "admin@example.org")
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Code")
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)
    assert axe(page) == []
    page.get_by_label("Code", exact=True).fill(demo_server.command("otp", "admin", timeout=30).strip())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Signed in as Alex Admin")


def test_a_person_without_an_account_sees_a_clear_page(
    page: Page, provider: Provider, axe: Callable[[Page], list[str]]
) -> None:
    provider.add_user("stranger@example.org", mfa=True)
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    sign_in_at_provider(page, "stranger@example.org")
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/oidc/callback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not sign you in with Microsoft")
    expect(page.get_by_role("link", name="Sign in with your username and password")).to_be_visible()
    assert axe(page) == []
