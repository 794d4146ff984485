"""Encompass notifications in the API: a key adult reads only their own school's, an officer every one, anyone else
none; reads are logged; acknowledging is for the school's key adults only and keeps the first time."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from partnership.access.models import AccessEvent, Role, User
from partnership.encompass.models import Incident, Notification, Setting
from tests.encompass.builders import enrol, entry_for, make_child, notification_of, record_incident

pytestmark = pytest.mark.django_db

URL = "/api/v1/encompass-notifications/"


@pytest.fixture
def incident(officer: User, pupil, key_adult: User, riverside: Setting) -> Incident:
    """An incident with Robin, who attends Hilltop, and Sam, who attends Riverside."""
    sam = make_child(by=officer, first_name="Sam", last_name="Other", date_of_birth=date(2012, 3, 2))
    enrol(sam, riverside)
    return record_incident(by=officer, children=[entry_for(pupil, words="I was scared"), entry_for(sam)])


def test_a_key_adult_lists_only_their_own_schools_notifications(signed_in, key_adult, incident, hilltop) -> None:
    response = signed_in(user=key_adult).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    notification = notification_of(incident, hilltop)
    assert row["id"] == str(notification.pk) and row["setting"] == str(hilltop.pk)
    assert (row["child_name"], row["child_date_of_birth"], row["setting_urn"]) == (
        "Robin Example",
        "2017-05-01",
        "114001",
    )
    assert (row["police_reference"], row["place"], row["risk_level"]) == (
        incident.police_reference,
        "The family home",
        "medium",
    )
    assert row["present"] is True and row["child_words"] == "I was scared" and row["acknowledged_at"] is None
    assert row["child"] == str(notification.incident_child.child_id) and row["version"] == notification.version
    assert set(row) == {
        "id",
        "police_reference",
        "incident_occurred_at",
        "place",
        "risk_level",
        "child",
        "child_name",
        "child_date_of_birth",
        "present",
        "child_words",
        "setting",
        "setting_name",
        "setting_urn",
        "deadline_at",
        "issued_at",
        "acknowledged_at",
        "support_offered",
        "resent_count",
        "version",
    }
    assert AccessEvent.objects.filter(action=AccessEvent.Action.LIST, object_type="encompass_notification").exists()


def test_another_schools_notification_is_404_and_the_refusal_is_logged(
    signed_in, key_adult, incident, riverside
) -> None:
    other = notification_of(incident, riverside)
    response = signed_in(user=key_adult).get(f"{URL}{other.pk}/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    refused = AccessEvent.objects.get(action=AccessEvent.Action.REFUSED, object_type="encompass_notification")
    assert (refused.user, refused.object_id) == (key_adult, str(other.pk))


def test_an_officer_sees_every_notification_and_reads_one(signed_in, officer, incident, riverside) -> None:
    client = signed_in(user=officer)
    assert client.get(URL).json()["count"] == 2
    other = notification_of(incident, riverside)
    response = client.get(f"{URL}{other.pk}/")
    assert response.status_code == 200 and response.json()["setting_name"] == "Riverside Academy"
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.VIEW, object_type="encompass_notification", object_id=str(other.pk), user=officer
    ).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.SOCIAL_WORKER, Role.ADMIN])
def test_other_roles_get_an_empty_list_and_404(signed_in, incident, role: str) -> None:
    client = signed_in(role)
    assert client.get(URL).json() == {"count": 0, "next": None, "previous": None, "results": []}
    notification = Notification.objects.first()
    assert notification is not None
    assert client.get(f"{URL}{notification.pk}/").status_code == 404


def test_acknowledging_twice_keeps_the_first_time_and_the_open_filter_drops_it(
    signed_in, key_adult, incident, hilltop
) -> None:
    notification = notification_of(incident, hilltop)
    client = signed_in(user=key_adult)
    assert client.get(URL, {"open": "1"}).json()["count"] == 1
    first = client.post(f"{URL}{notification.pk}/acknowledge/")
    assert first.status_code == 200
    acknowledged_at = first.json()["acknowledged_at"]
    assert acknowledged_at is not None
    second = client.post(f"{URL}{notification.pk}/acknowledge/")
    assert second.status_code == 200 and second.json()["acknowledged_at"] == acknowledged_at
    notification.refresh_from_db()
    assert notification.acknowledged_by == key_adult
    assert client.get(URL, {"open": "1"}).json()["count"] == 0
    assert client.get(URL).json()["count"] == 1


def test_only_the_schools_key_adults_may_acknowledge(signed_in, officer, incident, hilltop, riverside) -> None:
    notification = notification_of(incident, hilltop)
    for client in (signed_in(user=officer), signed_in(user=riverside.key_adult), signed_in(Role.VIEWER)):
        before = AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count()
        assert client.post(f"{URL}{notification.pk}/acknowledge/").status_code == 404
        assert AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count() == before + 1
    notification.refresh_from_db()
    assert notification.acknowledged_at is None
    assert Client().post(f"{URL}{notification.pk}/acknowledge/").status_code == 401


def test_the_schema_documents_the_encompass_endpoints() -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/encompass-notifications/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/encompass-notifications/{id}/acknowledge/"]
    parameters = schema["paths"]["/api/v1/encompass-notifications/"]["get"]["parameters"]
    assert "open" in {parameter["name"] for parameter in parameters}
