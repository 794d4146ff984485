"""The health check, public pages, error pages and security headers."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from partnership.access.models import Role
from partnership.frontend.home import HOME_LINKS
from tests.plans.builders import build_plan

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable() -> None:
    with mock.patch("partnership.frontend.views.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("frontend:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:sign-in"))


def test_unknown_url_gets_the_govuk_404_page(signed_in) -> None:
    response = signed_in().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-generic-header" in response.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_home_page_serves_every_role_with_its_own_navigation(signed_in, role: str) -> None:
    response = signed_in(role).get(reverse("frontend:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-service-navigation" in page
    assert ("Access log" in page) == (role == Role.ADMIN)


@pytest.mark.parametrize("role", Role.values)
def test_every_home_page_link_opens_for_the_role_that_sees_it(signed_in, role: str) -> None:
    build_plan()
    client = signed_in(role)
    links = [link for link in HOME_LINKS if role in link.roles]
    assert links
    for link in links:
        assert client.get(reverse(link.url_name)).status_code == 200, link.title


def test_signed_in_pages_are_never_cached_and_carry_security_headers(signed_in) -> None:
    response = signed_in().get(reverse("frontend:home"))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_server_error_gets_the_govuk_500_page_without_a_stack_trace(signed_in, settings) -> None:
    settings.DEBUG = False
    client = signed_in()
    client.raise_request_exception = False
    with mock.patch("partnership.frontend.views.home_sections", side_effect=RuntimeError("boom")):
        response = client.get(reverse("frontend:home"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "boom" not in page and "Traceback" not in page


def test_no_page_uses_the_gds_transport_font_or_the_crown(signed_in) -> None:
    page = Client().get(reverse("access:sign-in")).content.decode()
    assert "govuk-header__logotype" not in page
    from partnership.frontend.assets import STATIC_DIR

    css = (STATIC_DIR / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
