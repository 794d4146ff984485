"""The measures in the API: any signed-in reader lists the indicators and reads one by key with its values by
period kind and breakdown; small numbers are suppressed as on screen; unknown keys and choices are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.measures.builders import make_indicator, put_value, quarter

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"
Q1, Q2 = quarter("2026-01-01"), quarter("2026-04-01")


@pytest.fixture
def shared():
    """Records shared within one working day: the priority action's, with values by quarter and by agency."""
    indicator = make_indicator(
        key="records-shared",
        name="Strategy meeting records shared within one working day",
        is_priority=True,
        breakdowns=["agency"],
        baseline=40,
        baseline_label="2018 audit",
        target=90,
        amber_within=5,
    )
    put_value(indicator, Q1, 40, 50)
    put_value(indicator, Q2, 43, 50)
    put_value(indicator, Q2, 3, 4, breakdown="agency", key="health", label="County Durham Health")
    put_value(indicator, Q2, 40, 46, breakdown="agency", key="police", label="Durham Constabulary")
    put_value(indicator, "month-2026-06-01", 14, 15)
    return indicator


def test_the_list_gives_each_indicator_with_the_rating_of_its_latest_value(signed_in, shared) -> None:
    other = make_indicator(key="contacts-on-time", area="frontdoor")
    response = signed_in("executive").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and [row["key"] for row in body["results"]] == [shared.key, other.key]
    row = body["results"][0]
    assert (row["baseline"], row["baseline_label"], row["target"], row["amber_within"]) == (
        "40.00",
        "2018 audit",
        "90.00",
        "5.00",
    )
    assert row["is_priority"] is True and row["unit"] == "percent" and row["breakdowns"] == ["agency"]
    latest = row["latest"]
    assert (latest["period_start"], latest["value"], latest["brag"]) == ("2026-04-01", "86.00", "amber")
    assert latest["brag_reason"] == "Below the target of 90.00 by 4.00, within 5.00%"
    assert [value["period_start"] for value in row["values"]] == ["2026-01-01", "2026-04-01"]
    assert {value["breakdown"] for value in row["values"]} == {""}
    assert body["results"][1]["latest"] is None and body["results"][1]["values"] == []


def test_one_indicator_by_key_with_values_by_month_or_by_breakdown(signed_in, shared) -> None:
    client = signed_in("front_door")
    monthly = client.get(f"{URL}{shared.key}/", {"period_kind": "month"}).json()
    assert [(v["period_kind"], v["period_start"], v["value"]) for v in monthly["values"]] == [
        ("month", "2026-06-01", "93.33")
    ]
    assert monthly["latest"]["brag"] == "green"
    by_agency = client.get(f"{URL}{shared.key}/", {"breakdown": "agency"}).json()
    assert [(v["breakdown_label"], v["numerator"], v["denominator"]) for v in by_agency["values"]] == [
        ("County Durham Health", 3, 4),
        ("Durham Constabulary", 40, 46),
    ]
    assert by_agency["latest"]["breakdown"] == "" and by_agency["latest"]["value"] == "86.00"


def test_small_numbers_are_suppressed_for_a_viewer_and_shown_to_a_front_door_practitioner(signed_in, shared) -> None:
    query = {"breakdown": "agency"}
    viewer = signed_in("viewer").get(f"{URL}{shared.key}/", query).json()["values"][0]
    front_door = signed_in("front_door").get(f"{URL}{shared.key}/", query).json()["values"][0]
    assert viewer["breakdown_key"] == front_door["breakdown_key"] == "health"
    assert viewer["suppressed"] is True and viewer["text"] == "fewer than 5"
    assert (viewer["value"], viewer["numerator"], viewer["denominator"], viewer["brag"]) == (None, None, None, "")
    assert front_door["suppressed"] is False and front_door["value"] == "75.00" and front_door["numerator"] == 3


def test_an_unknown_or_retired_key_is_not_found_as_problem_json(signed_in) -> None:
    retired = make_indicator(is_active=False)
    client = signed_in("viewer")
    for key in ("no-such-indicator", retired.key):
        response = client.get(f"{URL}{key}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json" and response.json()["status"] == 404


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("", {"period_kind": "decade"}, "period_kind"),
        ("records-shared/", {"period_kind": "week"}, "period_kind"),
        ("records-shared/", {"breakdown": "shoe_size"}, "breakdown"),
        ("", {"breakdown": "shoe_size"}, "breakdown"),
    ],
)
def test_unknown_choices_are_refused_as_problem_json(signed_in, shared, path, query, field) -> None:
    response = signed_in("viewer").get(f"{URL}{path}", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_a_breakdown_one_indicator_offers_is_accepted_in_the_list(signed_in, shared) -> None:
    plain = make_indicator(key="plain")
    put_value(plain, Q2, 5, 10)
    body = signed_in("viewer").get(URL, {"breakdown": "agency"}).json()
    values = {row["key"]: row["values"] for row in body["results"]}
    assert len(values[shared.key]) == 2 and values["plain"] == []


def test_the_list_needs_a_fixed_number_of_queries(signed_in, shared, django_assert_max_num_queries) -> None:
    client = signed_in("viewer")
    client.get(URL)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for number in range(10):
        indicator = make_indicator(breakdowns=["agency"])
        for start in ("2025-07-01", "2025-10-01", "2026-01-01"):
            put_value(indicator, quarter(start), number + 5, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 11


def test_signed_out_callers_are_refused() -> None:
    assert Client().get(URL).status_code == 401
    assert Client().get(f"{URL}records-shared/").status_code == 401


def test_the_api_is_read_only(signed_in, shared) -> None:
    client = signed_in("admin")
    assert client.post(URL, {"key": "new"}).status_code == 405
    assert client.delete(f"{URL}{shared.key}/").status_code == 405


def test_the_schema_documents_the_indicator_endpoints_and_is_valid() -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/indicators/" in schema["paths"] and "/api/v1/indicators/{key}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/indicators/{key}/"]["get"]["parameters"]}
    assert {"key", "period_kind", "breakdown"} <= parameters
    value = schema["components"]["schemas"]["IndicatorValue"]["properties"]
    assert {"suppressed", "value", "brag"} <= set(value)
    validate_schema(SchemaGenerator().get_schema(request=None, public=True))
