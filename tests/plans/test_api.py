"""The plan's API: filters, ratings, If-Match on edits, 412 when stale, 404 for what a role may not change."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from partnership.access.models import Role
from partnership.access.services import api_token_create
from partnership.plans.models import Action, ActionRevision
from tests.factories import make_person
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db


def api_client(user) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_actions_are_listed_with_their_rating_and_filtered() -> None:
    build_plan(actions=4, plan_start=date(2018, 1, 1))
    client = api_client(make_person(Role.VIEWER))
    body = client.get("/api/v1/actions/").json()
    assert body["count"] == 4
    assert {row["brag"] for row in body["results"]} == {"red"}
    assert all(row["brag_reason"].startswith("Overdue") for row in body["results"])
    assert client.get("/api/v1/actions/", {"brag": "green"}).json()["count"] == 0
    assert client.get("/api/v1/actions/", {"due_before": "2018-05-01"}).json()["count"] == 1


@pytest.mark.parametrize("params", [{"theme": "not-a-uuid"}, {"brag": "purple"}, {"due_before": "yesterday"}])
def test_bad_filters_answer_400_problem_json(params: dict) -> None:
    build_plan(actions=1)
    response = api_client(make_person(Role.VIEWER)).get("/api/v1/actions/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_findings_and_inspections_are_listed() -> None:
    inspection = build_plan(actions=2)
    client = api_client(make_person(Role.EXECUTIVE))
    findings = client.get("/api/v1/findings/").json()["results"]
    assert {f["reference"] for f in findings} == {"P1", "A1", "A2", "S1"}
    assert next(f for f in findings if f["reference"] == "P1")["actions"] == ["1.1"]
    assert client.get(f"/api/v1/inspections/{inspection.pk}/").json()["title"] == inspection.title


def test_a_lead_patches_progress_with_if_match_and_a_stale_version_gets_412() -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1, lead=lead))
    client = api_client(lead)
    url = f"/api/v1/actions/{action.pk}/"
    etag = client.get(url)["ETag"]
    assert etag == '"1"'
    body = {"status": "in_progress", "progress_note": "Audit booked"}
    missing = client.patch(url, body, content_type="application/json")
    assert missing.status_code == 428
    ok = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    assert ok["ETag"] == '"2"'
    assert ok.json()["progress_note"] == "Audit booked"
    stale = client.patch(
        url, {"status": "delivered", "progress_note": "Done"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert Action.objects.get(pk=action.pk).status == "in_progress"


def test_a_lead_cannot_patch_an_action_they_do_not_lead_nor_revise() -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1))
    client = api_client(lead)
    url = f"/api/v1/actions/{action.pk}/"
    progress = client.patch(
        url, {"status": "delivered", "progress_note": "x"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert progress.status_code == 404
    revision = client.patch(
        url, {"title": "New", "revision_reason": "why"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert revision.status_code == 404
    assert Action.objects.get(pk=action.pk).version == 1


def test_the_executive_revises_through_the_api_and_a_reason_is_required() -> None:
    action = first_action(build_plan(actions=1))
    client = api_client(make_person(Role.EXECUTIVE))
    url = f"/api/v1/actions/{action.pk}/"
    no_reason = client.patch(
        url, {"current_due_date": "2019-06-30"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert no_reason.status_code == 400
    done = client.patch(
        url,
        {"current_due_date": "2019-06-30", "revision_reason": "Delayed restructure"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert done.status_code == 200
    assert done.json()["timescale_revised"] is True
    assert ActionRevision.objects.get().reason == "Delayed restructure"


def test_the_schema_documents_the_plan_endpoints() -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/inspections/", "/api/v1/findings/", "/api/v1/actions/", "/api/v1/actions/{id}/"):
        assert path in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/actions/{id}/"]
