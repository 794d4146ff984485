"""The subject access pages: admin only, search by POST only, the page and the download logged."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Role
from tests.conftest import sign_in
from tests.factories import make_person
from tests.formdata import date_fields
from tests.records.test_subject_access import build_subject_world
from tests.trust import tally

pytestmark = pytest.mark.django_db


def _admin_client(world: object) -> Client:
    return sign_in(Client(), world.admin)  # type: ignore[attr-defined]


def test_search_by_local_id_or_name_and_date_of_birth_finds_the_child_by_post() -> None:
    world = build_subject_world()
    client = _admin_client(world)
    url = reverse("records:subject-access-find")
    by_id = client.post(url, {"local_child_id": "sar-1"})
    assert by_id.status_code == 200
    assert reverse("records:subject-access-detail", args=[world.child.pk]) in by_id.content.decode()
    by_name = client.post(url, {"last_name": "subject", **date_fields("date_of_birth", date(2015, 5, 1))})
    page = by_name.content.decode()
    assert reverse("records:subject-access-detail", args=[world.child.pk]) in page
    assert "Brynmor" not in page and "Cordelia" not in page
    # The duplicate's ID leads to the record it was merged into, never to the duplicate.
    merged = client.post(url, {"local_child_id": "SAR-1-DUP"}).content.decode()
    assert reverse("records:subject-access-detail", args=[world.child.pk]) in merged
    assert str(world.duplicate.pk) not in merged
    searches = AccessEvent.objects.filter(object_type="child_search", user=world.admin)
    assert searches.count() == 3 and all(e.purpose.startswith("Subject access request") for e in searches)


def test_search_by_get_shows_no_results_and_logs_nothing() -> None:
    world = build_subject_world()
    client = _admin_client(world)
    before = AccessEvent.objects.filter(object_type="child_search").count()
    response = client.get(reverse("records:subject-access-find"), {"local_child_id": "SAR-1", "last_name": "Subject"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Results" not in page and str(world.child.pk) not in page and "Alexa" not in page
    assert AccessEvent.objects.filter(object_type="child_search").count() == before
    assert client.put(reverse("records:subject-access-find")).status_code == 405


def test_a_search_with_nothing_to_search_by_is_refused_with_an_error() -> None:
    world = build_subject_world()
    response = _admin_client(world).post(reverse("records:subject-access-find"), {"last_name": "Subject"})
    assert response.status_code == 400
    assert "Enter a local child ID, or the child&#x27;s last name with their date of birth" in response.content.decode()


def test_the_page_summarises_what_is_held_lists_the_access_log_and_is_logged() -> None:
    world = build_subject_world()
    access_event_record(
        user=world.officer, action="view", object_type="contact", object_id=world.contact.pk, purpose="MASH research"
    )
    client = _admin_client(world)
    response = client.get(reverse("records:subject-access-detail", args=[world.child.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "Chronology",
        "Voice of the child",
        "Strategy meetings",
        "Case file audit samples and returns",
        "History of changes",
    ):
        assert title in page
    assert str(world.officer) in page and "MASH research" in page
    assert "Police Encompass officer" in page
    assert "Brynmor" not in page and "Cordelia" not in page
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.user, event.action, event.object_type, event.object_id, event.purpose) == (
        world.admin,
        AccessEvent.Action.VIEW,
        "child",
        str(world.child.pk),
        "Subject access request",
    )


def test_the_access_log_on_the_page_is_paginated() -> None:
    world = build_subject_world()
    for n in range(60):
        access_event_record(
            user=world.worker, action="view", object_type="child", object_id=world.child.pk, purpose=f"look {n}"
        )
    client = _admin_client(world)
    url = reverse("records:subject-access-detail", args=[world.child.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "look 59" in first and "look 0<" not in first
    assert "look 0<" in second and "Page 2 of 2" in second


def test_the_download_is_a_zip_with_a_file_name_free_of_personal_data_and_is_logged() -> None:
    world = build_subject_world()
    response = _admin_client(world).get(reverse("records:subject-access-download", args=[world.child.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="subject-access-')
    for personal in ("Alexa", "Subject", "SAR-1", str(world.child.pk)):
        assert personal not in disposition
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "Alexa" in archive.read("records.json").decode()
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.user, event.action, event.object_id, event.purpose) == (
        world.admin,
        AccessEvent.Action.EXPORT,
        str(world.child.pk),
        "Subject access request",
    )


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.ADMIN])
def test_every_other_role_gets_404_and_the_refusal_is_logged(role: str) -> None:
    world = build_subject_world()
    person = make_person(role)
    client = sign_in(Client(), person)
    urls = [
        reverse("records:subject-access-detail", args=[world.child.pk]),
        reverse("records:subject-access-download", args=[world.child.pk]),
    ]
    tally("role_object_cases", len(urls) + 1)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("records:subject-access-find"), {"local_child_id": "SAR-1"}).status_code == 404
    assert AccessEvent.objects.filter(user=person, action=AccessEvent.Action.REFUSED).count() == 3
    assert not AccessEvent.objects.filter(user=person).exclude(action=AccessEvent.Action.REFUSED).exists()


def test_unknown_and_merged_children_answer_404_to_the_admin() -> None:
    world = build_subject_world()
    client = _admin_client(world)
    for child_id in ("00000000-0000-0000-0000-000000000000", world.duplicate.pk):
        assert client.get(reverse("records:subject-access-detail", args=[child_id])).status_code == 404
        assert client.get(reverse("records:subject-access-download", args=[child_id])).status_code == 404


def test_the_home_page_offers_subject_access_to_the_admin_only() -> None:
    world = build_subject_world()
    link = reverse("records:subject-access-find")
    assert link in _admin_client(world).get(reverse("frontend:home")).content.decode()
    assert link not in sign_in(Client(), world.worker).get(reverse("frontend:home")).content.decode()
