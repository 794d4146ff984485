"""Audit rounds in the API: each reader lists the rounds they may open and sees only their cases (the read is
logged); the audit lead patches and moves a round with If-Match (428 without, 412 when stale), others get 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.audits import services
from partnership.audits.models import AuditRound, AuditTool, RoundState
from partnership.children import services as children_services
from partnership.children.models import Child, EventType
from tests.conftest import sign_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-rounds/"


def client_of(user: User) -> Client:
    return sign_in(Client(), user)


def detail(audit_round: AuditRound, action: str = "") -> str:
    return f"{URL}{audit_round.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def world(
    lead: User,
    auditor: User,
    screener: User,
    audit_round: AuditRound,
    tool: AuditTool,
    make_child: Callable[..., Child],
) -> dict[str, AuditRound]:
    """An auditing round with one council case and an auditor, and a second round still being planned."""
    child = make_child(first_name="Robin")
    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child)
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor, is_independent=True)
    audit_round.refresh_from_db()
    services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    today = timezone.localdate()
    planning = services.round_create(
        actor=lead,
        title="Neglect, summer",
        theme="Neglect",
        tool=tool,
        starts_on=today + timedelta(days=40),
        ends_on=today + timedelta(days=70),
        sample_criteria={"months": 6},
    )
    audit_round.refresh_from_db()
    return {"auditing": audit_round, "planning": planning}


def _titles(user: User) -> set[str]:
    response = client_of(user).get(URL)
    assert response.status_code == 200
    return {row["title"] for row in response.json()["results"]}


def test_each_reader_lists_the_rounds_they_may_open(
    lead: User, auditor: User, council: Agency, police: Agency, world: dict[str, AuditRound]
) -> None:
    both = {"Domestic abuse, spring", "Neglect, summer"}
    assert _titles(lead) == both
    assert _titles(make_person(Role.VIEWER)) == both
    assert _titles(auditor) == {"Domestic abuse, spring"}
    assert _titles(make_person(Role.SOCIAL_WORKER, agency=council)) == {"Domestic abuse, spring"}
    assert _titles(make_person(Role.SOCIAL_WORKER, agency=police)) == set()
    row = next(r for r in client_of(lead).get(URL).json()["results"] if r["title"] == "Domestic abuse, spring")
    assert (row["state"], row["tool_version"], row["sample_criteria"]) == ("auditing", 1, {"months": 6})
    assert row["strata"] == [{"stratum": "Chosen by hand", "cases": 1}]
    assert "cases" not in row


def test_a_round_names_its_cases_only_to_those_who_may_see_them_and_the_read_is_logged(
    lead: User, council: Agency, world: dict[str, AuditRound]
) -> None:
    audit_round = world["auditing"]
    response = client_of(lead).get(detail(audit_round))
    assert response.status_code == 200 and response["ETag"] == f'"{audit_round.version}"'
    body = response.json()
    (case,) = body["cases"]
    assert case["child_name"] == "Robin Example" and case["chosen_by"] == "by_hand"
    assert [(r["agency"], r["state"], r["grades"]) for r in case["returns"]] == [(str(council.pk), "requested", [])]
    assert case["moderated_grades"] == []
    assert len(body["sections"]) == audit_round.tool.sections.count()
    assert AccessEvent.objects.filter(
        user=lead, action=AccessEvent.Action.VIEW, object_type="audit_round", object_id=str(audit_round.pk)
    ).exists()
    # A viewer reads the round but none of its cases; nothing names a child, so nothing is logged as viewed.
    viewer = make_person(Role.VIEWER)
    body = client_of(viewer).get(detail(audit_round)).json()
    assert body["cases"] == [] and body["sections"][0]["suppressed"] is True
    assert body["sections"][0]["distribution"] is None
    assert not AccessEvent.objects.filter(user=viewer, action=AccessEvent.Action.VIEW).exists()
    # Council staff, asked for a return, see the case of their agency.
    staff = make_person(Role.SOCIAL_WORKER, agency=council)
    assert [c["child_name"] for c in client_of(staff).get(detail(audit_round)).json()["cases"]] == ["Robin Example"]


def test_a_round_the_user_may_not_open_answers_404_and_the_refusal_is_logged(
    police: Agency, world: dict[str, AuditRound]
) -> None:
    outsider = make_person(Role.SOCIAL_WORKER, agency=police)
    response = client_of(outsider).get(detail(world["auditing"]))
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert AccessEvent.objects.filter(
        user=outsider, action=AccessEvent.Action.REFUSED, object_id=str(world["auditing"].pk)
    ).exists()
    assert client_of(outsider).get(f"{URL}00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_lead_patches_a_round_with_if_match_and_a_stale_or_missing_version_is_refused(
    lead: User, world: dict[str, AuditRound]
) -> None:
    planning = world["planning"]
    client = client_of(lead)
    change = {"title": "Neglect, late summer", "theme": "Neglect"}
    missing = client.patch(detail(planning), change, content_type="application/json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    done = client.patch(
        detail(planning), change, content_type="application/json", HTTP_IF_MATCH=f'"{planning.version}"'
    )
    assert done.status_code == 200 and done.json()["title"] == "Neglect, late summer"
    assert done["ETag"] == f'"{planning.version + 1}"'
    stale = client.patch(
        detail(planning), {"title": "Again"}, content_type="application/json", HTTP_IF_MATCH=f'"{planning.version}"'
    )
    assert stale.status_code == 412 and stale.json()["title"] == "Stale version"
    planning.refresh_from_db()
    assert planning.title == "Neglect, late summer"
    backwards = client.patch(
        detail(planning),
        {"ends_on": str(planning.starts_on - timedelta(days=1))},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{planning.version}"',
    )
    assert backwards.status_code == 422 and "ends_on" in backwards.json()["errors"]


def test_only_the_lead_may_change_or_move_a_round(auditor: User, world: dict[str, AuditRound]) -> None:
    audit_round = world["auditing"]
    for user in (auditor, make_person(Role.VIEWER), make_person(Role.EXECUTIVE)):
        client = client_of(user)
        version = f'"{audit_round.version}"'
        assert (
            client.patch(
                detail(audit_round), {"title": "Mine"}, content_type="application/json", HTTP_IF_MATCH=version
            ).status_code
            == 404
        )
        for action in ("draw-sample", "open", "begin-moderation", "complete"):
            response = client.post(detail(audit_round, action), {"size": "not a number"}, HTTP_IF_MATCH=version)
            assert response.status_code == 404, action
    audit_round.refresh_from_db()
    assert (audit_round.title, audit_round.state) == ("Domestic abuse, spring", RoundState.AUDITING)


def test_drawing_the_sample_through_the_api_is_reproducible_by_seed_and_the_round_moves_on(
    lead: User, screener: User, make_child: Callable[..., Child], world: dict[str, AuditRound]
) -> None:
    for _ in range(8):
        children_services.event_add(
            actor=screener,
            child=make_child(),
            occurred_at=timezone.now() - timedelta(days=20),
            event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
            summary="Police attended an incident at home; the child was present.",
        )
    planning = world["planning"]
    client = client_of(lead)
    assert client.post(detail(planning, "draw-sample"), {"size": 3, "seed": 42}).status_code == 428
    first = client.post(detail(planning, "draw-sample"), {"size": 3, "seed": 42, "months": 3}, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200
    body = first.json()
    assert (body["state"], body["seed"], body["sample_size"], body["sample_criteria"]["months"]) == (
        "sampling",
        42,
        3,
        3,
    )
    drawn = {case["child"] for case in body["cases"]}
    assert len(drawn) == 3
    again = client.post(detail(planning, "draw-sample"), {"size": 3, "seed": 42}, HTTP_IF_MATCH=f'"{body["version"]}"')
    assert again.status_code == 200 and {case["child"] for case in again.json()["cases"]} == drawn
    stale = client.post(detail(planning, "draw-sample"), {"size": 3, "seed": 7}, HTTP_IF_MATCH=f'"{body["version"]}"')
    assert stale.status_code == 412
    invalid = client.post(detail(planning, "draw-sample"), {"size": 0}, HTTP_IF_MATCH=f'"{again.json()["version"]}"')
    assert invalid.status_code == 400 and "size" in invalid.json()["errors"]
    opened = client.post(detail(planning, "open"), HTTP_IF_MATCH=f'"{again.json()["version"]}"')
    assert opened.status_code == 200 and opened.json()["state"] == "auditing"
    refused = client.post(detail(planning, "complete"), HTTP_IF_MATCH=f'"{opened.json()["version"]}"')
    assert refused.status_code == 422


def test_signed_out_callers_get_401(world: dict[str, AuditRound]) -> None:
    assert Client().get(URL).status_code == 401
    assert Client().get(detail(world["auditing"])).status_code == 401
    assert Client().post(detail(world["planning"], "open"), HTTP_IF_MATCH='"1"').status_code == 401


def test_the_schema_describes_the_audit_round_endpoints_and_is_valid() -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for action in ("draw-sample", "open", "begin-moderation", "complete"):
        operation = paths[f"/api/v1/audit-rounds/{{id}}/{action}/"]["post"]
        assert "If-Match" in {p["name"] for p in operation["parameters"]}
        assert {"200", "412", "428"} <= set(operation["responses"])
    assert "patch" in paths["/api/v1/audit-rounds/{id}/"] and "put" not in paths["/api/v1/audit-rounds/{id}/"]
    assert {"cases", "sections", "strata"} <= set(schema["components"]["schemas"]["AuditRoundDetail"]["properties"])
    validate_schema(SchemaGenerator().get_schema(request=None, public=True))
