"""Every list and detail page makes the same number of queries however much data its user can see."""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.access.models import Role
from tests.conftest import sign_in
from tests.permission_matrix import ALLOW, MATRIX, Case
from tests.query_budget_world import grow
from tests.test_url_matrix import build_world, needs_audits

# The role each page is measured for: the first in this order that the matrix allows it. Roles that see the most
# records come first, so growing the data grows what the page shows.
ROLE_ORDER = (
    Role.FRONT_DOOR,
    Role.TEAM_MANAGER,
    Role.ENCOMPASS_OFFICER,
    Role.KEY_ADULT,
    Role.SOCIAL_WORKER,
    Role.ADMIN,
    Role.AUDITOR,
    Role.ACTION_LEAD,
    Role.EXECUTIVE,
    Role.VIEWER,
)

POST_ONLY = "a POST-only action, not a page"
NOT_A_PAGE: dict[str, str] = {
    **{name: POST_ONLY for name, case in MATRIX.items() if case.method == "post"},
    "access:sign-in": "redirects every signed-in person",
    "access:oidc-start": "sends the browser to the sign-in provider; not a page, and off without single sign-on",
    "access:oidc-callback": "the sign-in provider's return address; not a page, and off without single sign-on",
    "access:two-factor": "redirects every signed-in person",
    "access:two-factor-setup": "redirects every signed-in person",
    "access:recovery-codes": "redirects every signed-in person",
}


def first_allowed_role(case: Case) -> str | None:
    """The first role in ROLE_ORDER that the matrix allows the page, if any."""
    return next((role for role in ROLE_ORDER if case.roles[role] == ALLOW), None)


COVERED = sorted(name for name in MATRIX if name not in NOT_A_PAGE)


def test_every_page_is_measured_or_declared_not_a_page() -> None:
    assert set(COVERED) | NOT_A_PAGE.keys() == MATRIX.keys()
    assert not set(COVERED) & NOT_A_PAGE.keys()
    unreachable = [name for name in COVERED if first_allowed_role(MATRIX[name]) is None]
    assert not unreachable, f"Pages no role may see: declare them in NOT_A_PAGE: {unreachable}"


@pytest.fixture(autouse=True)
def _quick_report_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Published reports skip the document renderers: their queries are counted, not their typesetting."""
    from partnership.reporting import renderers

    for name in ("render_pdf", "render_xlsx", "render_docx"):
        monkeypatch.setattr(renderers, name, lambda data, name=name: f"{name} of {data['title']}".encode())


def _queries(client: Client, url: str, case: Case, world: SimpleNamespace) -> list[str]:
    """The SQL of one request to the page, after a first request has warmed any caches."""
    headers: Any = case.headers(world)
    first = client.get(url, **headers)
    assert first.status_code < 400, f"{url}: {first.status_code}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code < 400, f"{url}: {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def _shape(sql: str) -> str:
    """The query with its literal values blanked, so the same query about another row compares equal."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


@pytest.mark.django_db
@pytest.mark.parametrize("name", COVERED)
def test_query_count_does_not_grow_with_the_data(name: str) -> None:
    case = MATRIX[name]
    role = first_allowed_role(case)
    assert role is not None
    world = build_world(role, audits=needs_audits(name))
    client = sign_in(Client(), world.user)
    url = reverse(name, kwargs=case.kwargs(world))
    grow(world)  # from one record of each kind to some: an empty list legitimately skips its queries
    before = _queries(client, url, case, world)
    grow(world)
    grow(world)
    after = _queries(client, url, case, world)
    extra = Counter(map(_shape, after)) - Counter(map(_shape, before))
    listing = "\n".join(f"{times} more x {sql[:400]}" for sql, times in extra.items())
    assert len(after) == len(before), (
        f"{name} as {role}: {len(before)} queries before growing the data, {len(after)} after. Extra SQL:\n{listing}"
    )
