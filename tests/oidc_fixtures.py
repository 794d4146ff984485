"""A real OpenID Connect provider (tests/oidc_provider) in its own process, and a helper that signs in through it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 120  # a busy machine migrates the provider slowly
CLIENT_ID = "partnership"
CLIENT_SECRET = "partnership-test-secret"  # the test provider's throwaway client
PASSWORD = "provider-password"


def free_port() -> int:
    """A TCP port nothing listens on at the moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Provider:
    """The test provider's process and what an app needs to know to use it."""

    def __init__(self, directory: Path, redirect_uris: list[str]) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.base_url}/o"
        self.log_path = directory / "provider.log"
        self.env = {
            **os.environ,
            "OIDC_PROVIDER_BASE_URL": self.issuer,
            "OIDC_PROVIDER_DB": str(directory / "provider.sqlite3"),
            "OIDC_PROVIDER_CLIENTS": json.dumps(
                [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": " ".join(redirect_uris)}]
            ),
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the provider and wait until its discovery document answers."""
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.oidc_provider", str(self.port)],
                env=self.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"The test OIDC provider stopped at once:\n{self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The test OIDC provider did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the process this fixture started, and only that one."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def app_environment(self) -> dict[str, str]:
        """The PARTNERSHIP_OIDC_* environment variables an app uses to sign in here."""
        return {
            "PARTNERSHIP_OIDC_CLIENT_ID": CLIENT_ID,
            "PARTNERSHIP_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "PARTNERSHIP_OIDC_ISSUER": self.issuer,
            "PARTNERSHIP_OIDC_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "PARTNERSHIP_OIDC_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "PARTNERSHIP_OIDC_USERINFO_ENDPOINT": f"{self.issuer}/userinfo/",
            "PARTNERSHIP_OIDC_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
        }

    def app_settings(self) -> dict[str, Any]:
        """The same, as the Django settings the app's settings module maps them to."""
        env = self.app_environment()
        return {
            "OIDC_RP_CLIENT_ID": env["PARTNERSHIP_OIDC_CLIENT_ID"],
            "OIDC_RP_CLIENT_SECRET": env["PARTNERSHIP_OIDC_CLIENT_SECRET"],
            "PARTNERSHIP_OIDC_ISSUER": env["PARTNERSHIP_OIDC_ISSUER"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": env["PARTNERSHIP_OIDC_AUTHORIZATION_ENDPOINT"],
            "OIDC_OP_TOKEN_ENDPOINT": env["PARTNERSHIP_OIDC_TOKEN_ENDPOINT"],
            "OIDC_OP_USER_ENDPOINT": env["PARTNERSHIP_OIDC_USERINFO_ENDPOINT"],
            "OIDC_OP_JWKS_ENDPOINT": env["PARTNERSHIP_OIDC_JWKS_ENDPOINT"],
        }

    def add_user(self, email: str, *, mfa: bool = False, groups: tuple[str, ...] = ()) -> None:
        """Create a person at the provider; `mfa` makes their ID tokens say multi-factor was used."""
        names = [*groups, *(["mfa"] if mfa else [])]
        answer = requests.post(
            f"{self.base_url}/test/users/",
            json={"email": email.lower(), "password": PASSWORD, "groups": names},
            timeout=10,
        )
        answer.raise_for_status()

    def sign_in_at_provider(self, authorize_url: str, email: str, *, app_origin: str) -> str:
        """Do what a browser does at the provider: follow the authorize URL, fill in the login page, and return
        the callback URL the provider sends the browser back to (not followed)."""
        browser = requests.Session()
        url = authorize_url
        for _ in range(10):
            if url.startswith(app_origin):
                return url
            answer = browser.get(url, allow_redirects=False, timeout=10)
            if answer.status_code in (301, 302, 303):
                url = urljoin(url, answer.headers["Location"])
                continue
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)
            assert answer.status_code == 200 and match, answer.text[:500]
            nxt = re.search(r'name="next" value="([^"]*)"', answer.text)
            posted = browser.post(
                url,
                data={
                    "csrfmiddlewaretoken": match.group(1),
                    "username": email.lower(),
                    "password": PASSWORD,
                    "next": (nxt.group(1) if nxt else "").replace("&amp;", "&"),
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
            assert posted.status_code == 302, posted.text[:500]
            url = urljoin(url, posted.headers["Location"])
        raise AssertionError("The provider did not send the browser back to the app.")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The test OIDC provider, started once for the test session; it accepts the test client's callback URL."""
    provider = Provider(tmp_path_factory.mktemp("oidc_provider"), ["http://testserver/sign-in/oidc/callback/"])
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()


def path_of(url: str) -> str:
    """The path and query of a URL, for the Django test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
