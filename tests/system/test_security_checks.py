"""The security headers on every page and API read a role can open, and the deploy settings that set the rest."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnership.access.models import Role
from tests.conftest import sign_in
from tests.permission_matrix import ALLOW, MATRIX
from tests.test_url_matrix import build_world
from tests.trust import tally, tally_endpoint

# What every response must carry, signed in or not (Django's SecurityMiddleware, django-csp and XFrameOptions).
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSP_DIRECTIVES = ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")


def assert_headers(response, *, name: str, signed_in: bool) -> None:
    for header, value in EVERY_RESPONSE.items():
        assert response.get(header) == value, f"{name}: {header} is {response.get(header)!r}, not {value!r}"
    if response.get("Content-Type", "").startswith("text/html"):
        policy = response.get("Content-Security-Policy", "")
        for directive in CSP_DIRECTIVES:
            assert directive in policy, f"{name}: the content security policy lacks {directive}"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{name}: the policy allows inline code"
    if signed_in:
        assert response.get("Cache-Control") == "no-store", f"{name}: a signed-in page may be kept by a cache"


def readable(role: str) -> list[str]:
    """The pages and API reads the role may open in the matrix world."""
    return sorted(name for name, case in MATRIX.items() if case.method == "get" and case.roles[role] == ALLOW)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.SOCIAL_WORKER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT])
def test_every_page_a_role_opens_carries_the_security_headers(role: str) -> None:
    world = build_world(role, audits=True)
    client = sign_in(Client(), world.user)
    names = readable(role)
    assert len(names) > 10
    for name in names:
        case = MATRIX[name]
        response = client.get(reverse(name, kwargs=case.kwargs(world)), **case.headers(world))
        assert response.status_code < 400, f"{name}: {response.status_code}"
        assert_headers(response, name=name, signed_in=not name.startswith("frontend:healthz"))
        tally_endpoint(name)
    tally("security_checks", len(names))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["access:sign-in", "frontend:accessibility", "frontend:privacy", "api-schema"])
def test_public_pages_carry_the_security_headers(name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert_headers(response, name=name, signed_in=name == "access:sign-in")
    tally("security_checks")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_not_readable_by_scripts() -> None:
    client = Client()
    response = client.get(reverse("access:sign-in"))
    cookies = response.cookies
    assert cookies, "the sign-in page sets the CSRF cookie"
    for morsel in cookies.values():
        assert morsel["httponly"], f"{morsel.key} is readable by scripts"
        assert morsel["samesite"] in ("Lax", "Strict"), f"{morsel.key} is sent on cross-site requests"
    tally("security_checks")
