"""Browser journeys: a freshly loaded demo partnership served in its own process, driven in Debian's Chromium.

Nothing here touches pytest-django's test database: the server and the `partnership` command own the demo
database, and the tests see the service only as a browser does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PARTNERSHIP = BIN / "partnership"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PARTNERSHIP_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "partnership-demo"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERVER_START_SECONDS = 30
TOTP_STEP_SECONDS = 30


# The root conftest's autouse fixtures reach for pytest-django's database and settings. The e2e tests
# run against a server in another process, so the same names are overridden here to do nothing.
@pytest.fixture(autouse=True)
def _reset_axes() -> None:
    """Lockouts live in the served demo database, not in a test database."""


@pytest.fixture(autouse=True)
def _fast_passwords_and_quiet_mail() -> None:
    """The served demo reads PARTNERSHIP_FAST_HASHER from its environment instead."""


class DemoServer:
    """A demo partnership loaded into its own SQLite file and served on a free local port."""

    def __init__(self, var_dir: Path) -> None:
        self.var_dir = var_dir
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = var_dir / "server.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{var_dir / 'e2e.sqlite3'}",
            "PARTNERSHIP_VAR_DIR": str(var_dir),
            "PARTNERSHIP_DEMO": "1",
            "PARTNERSHIP_FAST_HASHER": "1",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str, timeout: float = 600) -> str:
        """Run `partnership ARGS` against this demo's database and return what it printed."""
        try:
            done = subprocess.run(
                [str(PARTNERSHIP), *args],
                env=self.env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.CalledProcessError as error:
            raise RuntimeError(
                f"`partnership {' '.join(args)}` failed ({error.returncode}):\n{error.stdout}\n{error.stderr}"
            ) from error
        return done.stdout

    def start(self) -> None:
        """Serve the demo and wait until /healthz answers 200."""
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(PARTNERSHIP), "serve", "--port", str(self.port)],
                env=self.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"The demo server stopped at once ({self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"The demo server did not answer /healthz within {SERVER_START_SECONDS} s:\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server this fixture started, and only that process."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote, for error messages."""
        if not self.log_path.exists():
            return "(no server log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Load a fresh demo partnership into a temporary folder and serve it for the whole session."""
    server = DemoServer(tmp_path_factory.mktemp("e2e"))
    server.command("demo", "--no-serve")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright's own browser downloads are never used."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, demo_server: DemoServer) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), with axe-core ready and the CSP enforced.

    The service's Content Security Policy (script-src 'self') refuses an inline script tag, so axe-core is
    added as an init script, which the browser runs outside the page's CSP; the pages are scanned exactly as
    people see them. Any CSP violation, uncaught script error, server error or missing asset fails the test.
    """
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core).")
    context = browser.new_context(base_url=demo_server.base_url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    context.add_init_script(path=str(AXE))
    new_page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP violation on {new_page.url}: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 500 or (response.status >= 400 and response.request.resource_type != "document"):
            problems.append(f"HTTP {response.status} for {response.url} (a {response.request.resource_type})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: problems.append(f"Script error on {new_page.url}: {error}"))
    new_page.on("response", on_response)
    yield new_page
    context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


class DemoSignIn:
    """Signs demo people in through the real pages, reading each two-factor code from `partnership otp`.

    The service refuses a TOTP code that was already used in its 30-second step, so this remembers the
    step each person last used and waits for the next step before signing the same person in again.
    """

    def __init__(self, server: DemoServer) -> None:
        self.server = server
        self.last_step: dict[str, int] = {}

    def __call__(self, page: Page, username: str) -> None:
        """Sign in with password and two-factor code and wait to leave the sign-in pages."""
        self.enter_password(page, username)
        self.enter_code(page, username)

    def enter_password(self, page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
        """Fill in username and password on /sign-in/ and continue to the second factor."""
        if urlsplit(page.url).path != "/sign-in/":
            page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: urlsplit(url).path.startswith(("/sign-in/two-factor/", "/sign-in/set-up")))

    def enter_code(self, page: Page, username: str) -> None:
        """Enter the current authenticator code on the two-factor page and wait to be let in."""
        page.get_by_label("Code", exact=True).fill(self.current_code(username))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: not urlsplit(url).path.startswith("/sign-in/"))
        expect(page.locator(".govuk-phase-banner")).to_contain_text("Signed in as")

    def current_code(self, username: str) -> str:
        """The code the person's authenticator shows now, never one the service has already accepted."""
        used = self.last_step.get(username)
        if used is not None and int(time.time() // TOTP_STEP_SECONDS) <= used:
            time.sleep((used + 1) * TOTP_STEP_SECONDS - time.time() + 0.2)
        code = self.server.command("otp", username, timeout=30).strip()
        self.last_step[username] = int(time.time() // TOTP_STEP_SECONDS)
        return code


@pytest.fixture(scope="session")
def sign_in(demo_server: DemoServer) -> DemoSignIn:
    """`sign_in(page, username)`: sign a demo person in with password and two-factor code."""
    return DemoSignIn(demo_server)


def _target(selectors: list[object]) -> str:
    return " ".join(" >>> ".join(map(str, part)) if isinstance(part, list) else str(part) for part in selectors)


@pytest.fixture
def axe() -> Callable[[Page], list[str]]:
    """`axe(page)`: run axe-core's WCAG 2.2 A and AA rules on the page; one line per violation."""

    def scan(page: Page) -> list[str]:
        violations = page.evaluate(
            """async (tags) => {
                const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
                const result = await axe.run(document, options);
                return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                    targets: v.nodes.map(n => n.target)}));
            }""",
            WCAG_TAGS,
        )
        return [
            f"{v['id']} ({v['impact']}) on {page.url}: {v['help']} -> "
            + "; ".join(_target(target) for target in v["targets"])
            for v in violations
        ]

    return scan
