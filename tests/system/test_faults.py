"""Faults: the database going away in the middle of a page, a form, an API read and an API write.

Every statement position of each request is struck in turn (the database answers up to there, then is gone until the
request ends): the person gets a clear 503 (the GOV.UK page, or problem JSON under /api/), never a stack trace;
nothing of a failed write is left in any table; the log line names no person, value or address; and the next
request succeeds without a restart. On PostgreSQL the outage is also real: the request's own server connection is
terminated from a second connection while the request runs."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import Agency, Role, Team, User
from partnership.access.services import api_token_create
from partnership.frontdoor.models import Contact
from partnership.plans.models import Action
from tests.conftest import sign_in
from tests.factories import make_person
from tests.formdata import date_fields
from tests.plans.builders import build_plan, first_action
from tests.system.faults_db import INJECTED, changed_tables, counting_writes, database_gone_after, row_counts
from tests.trust import tally

CONCERN = "Cut lip; says mum and her boyfriend were fighting."
REFERRER = "Ms Hartley"


def browser(user: User) -> Client:
    """A signed-in browser whose failed requests come back as the page a person would see."""
    return sign_in(Client(raise_request_exception=False), user)


def api(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="faults")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")


def contact_form() -> dict[str, object]:
    received = timezone.localtime() - timedelta(minutes=10)
    return {
        "received_time": received.strftime("%H:%M"),
        "source": "2A",
        "referrer_name": REFERRER,
        "concern": CONCERN,
        "child_details": "Girl, about 8, Hilltop",
        **date_fields("received_on", received.date()),
    }


def assert_unavailable_page(response: Any) -> None:
    body = response.content.decode()
    assert response.status_code == 503, body[:500]
    assert "Sorry, there is a problem with the service" in body
    assert "has not been saved" in body
    assert "Traceback" not in body and INJECTED not in body
    assert response["Retry-After"].isdigit()


def assert_unavailable_problem(response: Any) -> None:
    assert response.status_code == 503, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 503 and problem["title"] == "Service unavailable"
    assert "Traceback" not in response.content.decode() and INJECTED not in response.content.decode()
    assert response["Retry-After"].isdigit()


def assert_log_names_nobody(caplog: pytest.LogCaptureFixture, *personal: str) -> None:
    lines = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert any("Database unavailable" in record.getMessage() for record in lines)
    for record in lines:
        text = record.getMessage()
        assert record.exc_info is None, f"a stack trace was logged: {text}"
        for value in personal:
            assert value not in text, f"{value!r} logged in {text!r}"


def statements_of(request: Any) -> int:
    """How many statements a request runs when the database is well (after a first call has warmed any cache)."""
    request()
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries.captured_queries)


@pytest.fixture
def screener(council: Agency, team: Team) -> User:
    return make_person(Role.FRONT_DOOR, agency=council, team=team)


@pytest.mark.django_db(transaction=True)
def test_a_page_answers_503_wherever_the_database_goes_away_and_the_next_request_works(screener, caplog) -> None:
    client = browser(screener)
    queue = reverse("frontdoor:queue")
    total = statements_of(lambda: client.get(queue))
    assert total >= 3
    for allowed in range(total):  # from the session's first read to the page's last query
        caplog.clear()
        with database_gone_after(allowed) as fault:
            assert_unavailable_page(client.get(queue))
        assert fault.refused >= 1
        assert_log_names_nobody(caplog, screener.username, screener.email, str(screener.pk))
        assert client.get(queue).status_code == 200
        tally("faults")


@pytest.mark.django_db(transaction=True)
def test_a_form_whose_database_goes_away_midway_saves_nothing_and_the_next_post_saves(screener, caplog) -> None:
    client = browser(screener)
    url = reverse("frontdoor:contact-create")
    writes = writes_of(lambda: client.post(url, contact_form()))
    assert len(writes) >= 2, writes  # the contact and its history at least: a fault can strike between them
    before = row_counts()
    for allowed in range(len(writes)):
        caplog.clear()
        with database_gone_after(allowed, writes_only=True):
            assert_unavailable_page(client.post(url, contact_form()))
        assert changed_tables(before, row_counts()) == {}, f"half-written after {allowed} writes"
        assert_log_names_nobody(caplog, CONCERN, REFERRER, screener.username, screener.email)
        tally("faults")
    saved = client.post(url, contact_form())
    assert saved.status_code == 302
    assert Contact.objects.count() == 1


def writes_of(request: Any) -> list[str]:
    """The write statements a request runs when the database is well, learnt in a transaction rolled back."""
    with transaction.atomic(), counting_writes() as writes:
        response = request()
        assert response.status_code in {200, 302}, response.content.decode()[:500]
        transaction.set_rollback(True)
    return writes


@pytest.mark.django_db(transaction=True)
def test_an_api_read_answers_503_problem_json_and_the_next_call_works(caplog) -> None:
    build_plan(actions=3)
    viewer = make_person(Role.VIEWER)
    client = api(viewer)
    total = statements_of(lambda: client.get("/api/v1/actions/"))
    for allowed in range(total):
        caplog.clear()
        with database_gone_after(allowed):
            assert_unavailable_problem(client.get("/api/v1/actions/"))
        assert_log_names_nobody(caplog, viewer.username, viewer.email)
        assert client.get("/api/v1/actions/").json()["count"] == 3
        tally("faults")


@pytest.mark.django_db(transaction=True)
def test_an_api_write_whose_database_goes_away_midway_changes_nothing(caplog) -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1, lead=lead))
    client = api(lead)
    url = f"/api/v1/actions/{action.pk}/"
    note = "Audit booked with the designated nurse"
    body = {"status": "in_progress", "progress_note": note}
    assert client.get(url).status_code == 200  # the token's first use is recorded once; later calls only edit
    writes = writes_of(lambda: client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"1"'))
    assert len(writes) >= 2
    before = row_counts()
    for allowed in range(len(writes)):
        caplog.clear()
        with database_gone_after(allowed, writes_only=True):
            failed = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"1"')
        assert_unavailable_problem(failed)
        assert changed_tables(before, row_counts()) == {}, f"half-written after {allowed} writes"
        assert Action.objects.get(pk=action.pk).version == 1
        assert_log_names_nobody(caplog, note, lead.username, lead.email)
        tally("faults")
    ok = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok["ETag"] == '"2"'


def other_connection() -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        dbname=settings["NAME"],
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


class TerminatedMidway:
    """An execute wrapper that, before the request's n-th statement, has a second connection end the request's own
    server connection with pg_terminate_backend: a real outage, not a simulated error."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.seen = 0
        self.terminated = False

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.seen += 1
        if self.seen == self.after + 1 and not self.terminated:
            pid = context["connection"].connection.info.backend_pid
            with other_connection() as other:
                assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
            self.terminated = True
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_a_real_outage_on_postgresql_answers_503_and_the_service_reconnects_by_itself(screener) -> None:
    if connection.vendor != "postgresql":
        # SQLite is a file in the same process: it cannot be cut off from outside; the injected faults above stand.
        return
    client = browser(screener)
    url = reverse("frontdoor:contact-create")
    queue = reverse("frontdoor:queue")
    before = row_counts()
    for after, request, check in (
        (1, lambda: client.get(queue), assert_unavailable_page),
        (4, lambda: client.post(url, contact_form()), assert_unavailable_page),
    ):
        fault = TerminatedMidway(after)
        with connection.execute_wrapper(fault):
            check(request())
        assert fault.terminated
        assert changed_tables(before, row_counts()) == {}
        assert client.get(queue).status_code == 200  # a fresh connection, no restart
        tally("faults")
    assert client.post(url, contact_form()).status_code == 302
