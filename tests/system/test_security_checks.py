"""The security headers on every page and API read a role can open, and the deploy settings that set the rest."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partnership.access.models import Role, UserSession
from tests.conftest import current_code, sign_in
from tests.factories import make_person
from tests.permission_matrix import ALLOW, MATRIX
from tests.test_cli import PARTNERSHIP
from tests.test_url_matrix import build_world
from tests.trust import tally, tally_endpoint

# What every response must carry, signed in or not (Django's SecurityMiddleware, django-csp and XFrameOptions).
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
)


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
@pytest.mark.parametrize("role", [Role.ADMIN, Role.KEY_ADULT])
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


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
def test_methods_the_service_never_uses_are_refused(method: str) -> None:
    response = Client().generic(method, reverse("access:sign-in"))
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
    tally("security_checks")


@pytest.mark.django_db
def test_the_session_gets_a_new_key_once_both_factors_are_proved() -> None:
    user = make_person()
    client = Client()
    client.post(reverse("access:sign-in"), {"username": user.username, "password": "correct horse battery"})
    after_password = client.session.session_key
    assert UserSession.objects.filter(user=user, session_key=after_password).exists()
    response = client.post(reverse("access:two-factor"), {"code": current_code(user)})
    assert response.status_code == 302
    after_code = client.session.session_key
    assert after_code != after_password
    # The old key opens nothing, and the new one is the session a disabled account would end.
    assert not Session.objects.filter(session_key=after_password).exists()
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [after_code]
    assert client.get(reverse("frontend:home")).status_code == 200
    tally("security_checks")


@pytest.mark.django_db
def test_a_server_error_is_logged_with_debug_off(signed_in, settings, caplog: pytest.LogCaptureFixture) -> None:
    settings.DEBUG = False
    client = signed_in()
    client.raise_request_exception = False
    logger = logging.getLogger("django.request")
    assert not logger.propagate and logger.handlers, "django.request has its own handler in settings.LOGGING"
    logger.addHandler(caplog.handler)  # alongside the console handler the settings give it
    try:
        with mock.patch("partnership.frontend.views.home_sections", side_effect=RuntimeError("boom")):
            response = client.get(reverse("frontend:home"))
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.name == "django.request"]
    assert errors and "Internal Server Error: /" in errors[0].getMessage()
    tally("security_checks")


def run_production(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    production = {
        "PARTNERSHIP_ENV": "production",
        "PARTNERSHIP_SECRET_KEY": secrets.token_urlsafe(60),
        "PARTNERSHIP_ALLOWED_HOSTS": "partnership.example.org",
        "PARTNERSHIP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/production.sqlite3",
    }
    return subprocess.run(
        [PARTNERSHIP, *args], capture_output=True, text=True, env={**os.environ, **production, **env}, timeout=120
    )


def test_production_refuses_the_test_password_hasher(tmp_path: Path) -> None:
    result = run_production("manage", "check", tmp_path=tmp_path, PARTNERSHIP_FAST_HASHER="1")
    assert result.returncode != 0
    assert "PARTNERSHIP_FAST_HASHER" in result.stderr
    tally("security_checks")


def test_production_refuses_to_load_the_demo(tmp_path: Path) -> None:
    result = run_production("demo", "--no-serve", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "never loaded in production" in result.stderr
    tally("security_checks")


@pytest.mark.django_db
def test_signing_out_tells_the_browser_to_clear_what_pages_kept(signed_in) -> None:
    client = signed_in()
    response = client.post(reverse("access:sign-out"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(reverse("frontend:home")).status_code == 302
    tally("security_checks")


PROBE = """
from django.test import Client
client = Client(HTTP_HOST="partnership.example.org")
print(client.get("/accessibility/").status_code, client.get("/api/v1/me/").status_code)
"""


@pytest.fixture(scope="module")
def production_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var folder with a migrated production database, made once for the probes below (migrating takes a while)."""
    var = tmp_path_factory.mktemp("production")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var}/production.sqlite3", "PARTNERSHIP_VAR_DIR": str(var)}
    subprocess.run([PARTNERSHIP, "manage", "migrate", "--verbosity", "0"], env=env, check=True, timeout=300)
    return var


def test_production_redirects_pages_to_https_but_never_the_api(production_var: Path) -> None:
    result = run_production("manage", "shell", "-c", PROBE, tmp_path=production_var)
    assert result.returncode == 0, result.stderr
    page, api = result.stdout.split()[-2:]
    assert page == "301"  # a page asked for over plain HTTP moves to HTTPS
    assert api == "401"  # an API call over plain HTTP is answered, not redirected with its token already sent
    tally("security_checks")


COOKIE_PROBE = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client(HTTP_HOST="partnership.example.org", HTTP_X_FORWARDED_PROTO="https")
client.get("/sign-in/")
get_user_model().objects.create_user("probe", password="a long enough passphrase")
client.post("/sign-in/", {"username": "probe", "password": "a long enough passphrase"})
client.post("/sign-out/")
for name, morsel in sorted(client.cookies.items()):
    print("COOKIE", name, bool(morsel["secure"]), morsel["path"], morsel["domain"] or "-")
"""


def test_in_production_every_cookie_is_a_host_cookie(production_var: Path) -> None:
    result = run_production("manage", "shell", "--no-imports", "-c", COOKIE_PROBE, tmp_path=production_var)
    assert result.returncode == 0, result.stderr
    cookies = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("COOKIE ")]
    names = {name for name, *_ in cookies}
    assert {"__Host-partnership_session", "__Host-partnership_csrf"} <= names, cookies
    for name, secure, path, domain in cookies:
        assert name.startswith("__Host-"), f"{name} is not a __Host- cookie"
        assert (secure, path, domain) == ("True", "/", "-"), f"{name}: secure={secure} path={path} domain={domain}"
    tally("security_checks")
