"""The children's record pages and API: opening a record, the record, chronology, voice, household, find, merge."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, AgencyKind, Role
from partnership.children import services
from partnership.children.models import Child, ChronologyEvent, EventType, Household, VoiceEntry
from tests.factories import AgencyFactory, make_person
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


CHILD_FORM = {
    "first_name": "Robin",
    "last_name": "Hart",
    "gender": "0",
    "ethnicity": "NOBT",
    "local_child_id": "LC200",
    **date_fields("date_of_birth", date(2016, 2, 29)),
}


def test_opening_a_record_warns_of_a_likely_duplicate_and_goes_on_when_confirmed(signed_in, worker, child) -> None:
    client = signed_in(user=worker)
    warned = client.post(reverse("children:child-create"), CHILD_FORM)
    assert warned.status_code == 400
    page = warned.content.decode()
    assert "These records look like the same child" in page and "LC100" in page
    assert Child.objects.count() == 1
    opened = client.post(reverse("children:child-create"), {**CHILD_FORM, "not_a_duplicate": "on"})
    assert opened.status_code == 302
    assert Child.objects.filter(local_child_id="LC200").exists()


def test_bad_details_are_explained_and_nothing_is_saved(signed_in, worker) -> None:
    client = signed_in(user=worker)
    response = client.post(
        reverse("children:child-create"),
        {**CHILD_FORM, "nhs_number": "1234567890", **date_fields("date_of_birth", date.today() + timedelta(days=3))},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a real NHS number" in page and "Date of birth must be today or in the past" in page
    assert not Child.objects.exists()


def test_the_record_shows_flags_missing_voice_and_logs_the_view(signed_in, worker, child) -> None:
    for months_ago in (1, 4, 8):
        services.event_add(
            actor=worker,
            child=child,
            occurred_at=timezone.now() - timedelta(days=30 * months_ago),
            event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
            summary=f"Incident {months_ago}",
        )
    client = signed_in(user=worker)
    page = client.get(reverse("children:child-detail", kwargs={"child_id": child.pk})).content.decode()
    assert "3 domestic abuse incidents within 12 months" in page
    assert "No voice of the child has been recorded." in page
    assert AccessEvent.objects.filter(
        user=worker, action=AccessEvent.Action.VIEW, object_type="child", object_id=str(child.pk)
    ).exists()


def test_the_chronology_filters_and_exports_what_it_shows(signed_in, worker, child) -> None:
    police = AgencyFactory(kind=AgencyKind.POLICE, name="Constabulary")
    services.event_add(
        actor=worker,
        child=child,
        occurred_at=datetime(2024, 6, 30, 23, 30, tzinfo=UTC),
        event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
        summary="=HYPERLINK(1) police attended",
        source_agency=police,
    )
    services.event_add(
        actor=worker,
        child=child,
        occurred_at=datetime(2024, 7, 2, 10, tzinfo=UTC),
        event_type=EventType.ASSESSMENT,
        summary="Assessment started",
    )
    client = signed_in(user=worker)
    url = reverse("children:chronology", kwargs={"child_id": child.pk})
    assert "2 events" in client.get(url).content.decode()
    only_police = client.get(url, {"agency": police.pk}).content.decode()
    assert "1 event" in only_police and "Assessment started" not in only_police
    export = client.get(reverse("children:chronology-export", kwargs={"child_id": child.pk}), {"agency": police.pk})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date", "Time", "Event"]
    assert len(rows) == 2
    assert rows[1][0:2] == ["2024-07-01", "00:30"]  # the London day and time of a summer night
    assert rows[1][5].startswith("'=")
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, object_id=str(child.pk)).exists()


def test_adding_an_event_and_the_childs_voice(signed_in, worker, child) -> None:
    client = signed_in(user=worker)
    bad = client.post(
        reverse("children:event-create", kwargs={"child_id": child.pk}),
        {"event_type": "contact", "significance": "significant", "summary": ""},
    )
    assert bad.status_code == 400 and not ChronologyEvent.objects.exists()
    good = client.post(
        reverse("children:event-create", kwargs={"child_id": child.pk}),
        {
            "event_type": "missing_episode",
            "significance": "serious",
            "summary": "Missing overnight; found at a friend's.",
            "occurred_time": "21:30",
            **date_fields("occurred_on", date(2025, 1, 10)),
        },
    )
    assert good.status_code == 302
    event = ChronologyEvent.objects.get()
    assert timezone.localtime(event.occurred_at).hour == 21 and event.recorded_by == worker
    voice = client.post(
        reverse("children:voice-create", kwargs={"child_id": child.pk}),
        {
            "words": "I like it at Nan's because it is quiet.",
            "method": "direct_work",
            "gathered_by": "Sam, social worker",
            **date_fields("gathered_on", date(2025, 1, 12)),
        },
    )
    assert voice.status_code == 302
    assert VoiceEntry.objects.get().agency == worker.memberships.get().agency
    page = client.get(reverse("children:child-detail", kwargs={"child_id": child.pk})).content.decode()
    assert "it is quiet." in page and "No voice of the child has been recorded." not in page


def test_linking_a_household_makes_siblings_and_adults_show(signed_in, worker, child) -> None:
    sibling = services.child_create(
        actor=worker, first_name="Ash", last_name="Hart", date_of_birth=date(2019, 1, 1), local_child_id="LC101"
    )
    client = signed_in(user=worker)
    url = reverse("children:household-edit", kwargs={"child_id": child.pk})
    assert client.post(url, {"form": "household", "reference": "HH-1"}).status_code == 302
    client.post(
        reverse("children:household-edit", kwargs={"child_id": sibling.pk}), {"form": "household", "reference": "hh-1"}
    )
    assert Household.objects.count() == 1
    assert (
        client.post(
            url, {"form": "adult", "first_name": "Lee", "last_name": "Hart", "role": "person_causing_harm"}
        ).status_code
        == 302
    )
    page = client.get(reverse("children:child-detail", kwargs={"child_id": child.pk})).content.decode()
    assert "Ash Hart" in page and "Person causing harm" in page


def test_someone_from_another_agency_finds_only_a_limited_view_then_breaks_the_glass(signed_in, child) -> None:
    police = AgencyFactory(kind=AgencyKind.POLICE)
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    client = signed_in(user=officer)
    detail = reverse("children:child-detail", kwargs={"child_id": child.pk})
    assert client.get(detail).status_code == 404
    found = client.post(reverse("children:child-find"), {"local_child_id": "lc100"}).content.decode()
    assert "Robin H." in found and "Hart" not in found and "Council" in found
    assert "2016" not in found  # no date of birth in the limited view
    short = client.post(reverse("children:break-glass", kwargs={"child_id": child.pk}), {"reason": "urgent"})
    assert short.status_code == 400
    opened = client.post(
        reverse("children:break-glass", kwargs={"child_id": child.pk}),
        {"reason": "Child brought into custody suite at 2am; need the safety plan now."},
    )
    assert opened.status_code == 302
    assert "emergency access until" in client.get(detail).content.decode()


def test_the_find_page_needs_an_exact_identifier(signed_in, worker) -> None:
    client = signed_in(user=worker)
    response = client.post(reverse("children:child-find"), {"first_name": "Robin", "last_name": "Hart"})
    assert response.status_code == 400
    assert "Enter an NHS number, a local child ID" in response.content.decode()


def test_a_team_manager_merges_a_duplicate_from_the_record(signed_in, council, worker, child) -> None:
    duplicate = services.child_create(
        actor=worker,
        first_name="Robyn",
        last_name="Hart",
        date_of_birth=date(2016, 2, 29),
        local_child_id="LC999",
        nhs_number="9434765919",
    )
    services.voice_add(
        actor=worker,
        child=duplicate,
        words="Hello",
        method="conversation",
        gathered_on=date(2025, 1, 1),
        gathered_by="Sam",
    )
    manager = make_person(Role.TEAM_MANAGER, agency=council)
    client = signed_in(user=manager)
    url = reverse("children:child-merge", kwargs={"child_id": child.pk})
    missing = client.post(url, {"duplicate_local_id": "NOPE", "reason": "Same child"})
    assert missing.status_code == 400
    merged = client.post(url, {"duplicate_local_id": "LC999", "reason": "Same child, name misspelt at contact"})
    assert merged.status_code == 302
    child.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == child and child.nhs_number == "9434765919"
    assert child.voice_entries.count() == 1
    assert signed_in(user=worker).post(url, {"duplicate_local_id": "LC999", "reason": "x"}).status_code == 404


def test_the_api_lists_visible_children_with_flags_and_reads_one_with_its_chronology(signed_in, worker, child) -> None:
    other = AgencyFactory()
    hidden = Child.objects.create(
        first_name="Hid", last_name="Den", date_of_birth=date(2012, 1, 1), local_child_id="H1"
    )
    services.involvement_add(actor=worker, child=hidden, agency=other, service="x", started_on=date(2024, 1, 1))
    services.event_add(
        actor=worker,
        child=child,
        occurred_at=datetime(2025, 3, 1, 9, tzinfo=UTC),
        event_type=EventType.CONTACT,
        summary="Contact from school",
    )
    client = signed_in(user=worker)
    listing = client.get(reverse("api:child-list")).json()
    assert [row["local_child_id"] for row in listing["results"]] == ["LC100"]
    assert listing["results"][0]["flags"] == []
    detail = client.get(reverse("api:child-detail", kwargs={"pk": child.pk})).json()
    assert [e["summary"] for e in detail["chronology"]] == ["Contact from school"]
    assert detail["voice"] == []
    assert client.get(reverse("api:child-detail", kwargs={"pk": hidden.pk})).status_code == 404
    assert AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED, object_id=str(hidden.pk)).exists()
