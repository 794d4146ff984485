"""Page latency: each of the busiest pages and the bare reference view, asked for in turn by the same signed-in
person over HTTP, so both are measured at the same moments on the same machine."""

from __future__ import annotations

import http.client
import os
import time
from dataclasses import dataclass
from typing import Any

from bench.report_table import figure_row
from bench.timing import summary_ms

COOKIE = "partnership_session"
WARM_UP = 2  # per server process: with BENCH_WORKERS=N each of the N processes must have served a page first
RUNS = 20
ROLES_HOME = ("admin", "executive", "lead", "frontdoor", "socialworker", "manager", "encompass", "auditor", "viewer")
ANYONE = (*ROLES_HOME[:2], *ROLES_HOME[3:], "keyadult")


@dataclass(frozen=True)
class Page:
    """A page to time: its label, its path, and who may ask for it (the first of them let in is used)."""

    label: str
    path: str
    people: tuple[str, ...]


def busiest_pages(objects: dict[str, Any]) -> list[Page]:
    """The busiest pages of issue 11, with the records of the bench database that their paths need."""
    pages = [Page(f"home ({username})", "/", (username,)) for username in ROLES_HOME]
    pages += [Page("plan overview", "/plan/", ANYONE)]
    if objects.get("action"):
        pages.append(Page("action page", f"/plan/actions/{objects['action']}/", ANYONE))
    pages += [Page("child chronology", f"/children/{child}/chronology/", ANYONE) for child in objects["children"]]
    pages += [
        Page("strategy meeting list", "/strategy-meetings/", ANYONE),
        Page("MASH queue", "/front-door/", ANYONE),
        Page("Encompass dashboard", "/encompass/", ANYONE),
        Page("Encompass notifications", "/encompass/notifications/", ANYONE),
        Page("measures dashboard", "/measures/", ANYONE),
        Page("audit rounds", "/audits/", ANYONE),
    ]
    if objects.get("round"):
        pages.append(Page("audit round", f"/audits/rounds/{objects['round']}/", ANYONE))
    return pages


def fetch(port: int, path: str, session: str) -> tuple[int, float]:
    """GET a path as the person of the session on a new connection; return the status and the seconds it took."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": f"{COOKIE}={session}", "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return status, time.perf_counter() - started


def _who(page: Page, port: int, cookies: dict[str, str]) -> str | None:
    for username in page.people:
        if username in cookies and fetch(port, page.path, cookies[username])[0] == 200:
            return username
    return None


def time_pages(
    *, pages: list[Page], port: int, reference_port: int, cookies: dict[str, str], database: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Time every page and, interleaved with it, the bare view as the same person; one figure row per page (the
    first child chronology that someone may open stands for them all)."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    done: set[str] = set()
    for page in pages:
        if page.label in done:
            continue
        username = _who(page, port, cookies)
        if username is None:
            if page.label != "child chronology":
                notes.append(f"{page.label} ({page.path}) answered no one of {', '.join(page.people)}: not timed.")
            continue
        session = cookies[username]
        for _run in range(WARM_UP * max(1, int(os.environ.get("BENCH_WORKERS", "0") or 0)) * 2):
            fetch(port, page.path, session)
            fetch(reference_port, "/ok/", session)
        seconds: list[float] = []
        reference: list[float] = []
        failures = 0
        for _run in range(RUNS):
            status, took = fetch(port, page.path, session)
            failures += status != 200
            seconds.append(took)
            reference.append(fetch(reference_port, "/ok/", session)[1])
        done.add(page.label)
        label = page.label if page.label.startswith("home") else f"{page.label} ({username})"
        row = figure_row(
            section="pages",
            name=label,
            database=database,
            figure=summary_ms(seconds),
            reference={"name": "bare view", **summary_ms(reference)},
            compared="p95_ms",
            note=f"{failures} answers not 200" if failures else "",
        )
        rows.append({**row, "person": username, "path": page.path})
    if "child chronology" not in done:
        notes.append("No child chronology of the first children answered any demo person: not timed.")
    return rows, notes
