"""Need-to-know in the directory: 404 for another agency's team or person, logged refusals and views."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Role
from tests.factories import AgencyFactory, TeamFactory, make_person

pytestmark = pytest.mark.django_db


def test_own_agency_team_opens_and_another_agencys_answers_404_with_a_logged_refusal(signed_in) -> None:
    agency = AgencyFactory()
    own_team = TeamFactory(agency=agency)
    other_team = TeamFactory()
    client = signed_in(Role.SOCIAL_WORKER, agency=agency)

    assert client.get(reverse("access:team-detail", args=[own_team.pk])).status_code == 200
    before = AccessEvent.objects.count()
    refused = client.get(reverse("access:team-detail", args=[other_team.pk]))
    assert refused.status_code == 404
    assert "Page not found" in refused.content.decode()
    event = AccessEvent.objects.exclude(pk__in=[]).order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.action == AccessEvent.Action.REFUSED
    assert event.object_type == "team"
    assert event.object_id == str(other_team.pk)
    assert event.user == client.user
    assert event.role == Role.SOCIAL_WORKER


def test_a_missing_team_answers_the_same_404_without_a_refusal(signed_in) -> None:
    client = signed_in()
    response = client.get(reverse("access:team-detail", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).exists()


def test_administrator_opens_any_team(signed_in) -> None:
    client = signed_in(Role.ADMIN)
    assert client.get(reverse("access:team-detail", args=[TeamFactory().pk])).status_code == 200


def test_manager_sees_own_agencys_people_only_and_each_view_is_logged(signed_in) -> None:
    agency = AgencyFactory()
    colleague = make_person(agency=agency)
    stranger = make_person()
    client = signed_in(Role.TEAM_MANAGER, agency=agency)

    listing = client.get(reverse("access:person-list")).content.decode()
    assert str(colleague) in listing
    assert str(stranger) not in listing

    assert client.get(reverse("access:person-detail", args=[colleague.pk])).status_code == 200
    viewed = AccessEvent.objects.get(action=AccessEvent.Action.VIEW, object_id=str(colleague.pk))
    assert viewed.user == client.user
    assert viewed.purpose

    assert client.get(reverse("access:person-detail", args=[stranger.pk])).status_code == 404
    assert AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED, object_id=str(stranger.pk)).exists()


def test_people_and_access_log_pages_answer_404_to_roles_without_the_right(signed_in) -> None:
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get(reverse("access:person-list")).status_code == 404
    assert client.get(reverse("access:access-log")).status_code == 404


def test_only_an_administrator_disables_accounts_and_a_reason_is_required(signed_in) -> None:
    agency = AgencyFactory()
    person = make_person(agency=agency)
    manager = signed_in(Role.TEAM_MANAGER, agency=agency)
    assert manager.post(reverse("access:person-disable", args=[person.pk]), {"reason": "x"}).status_code == 404
    person.refresh_from_db()
    assert person.is_active

    admin = signed_in(Role.ADMIN)
    missing_reason = admin.post(reverse("access:person-disable", args=[person.pk]), {"reason": ""})
    assert missing_reason.status_code == 400
    assert "Enter the reason" in missing_reason.content.decode()
    person.refresh_from_db()
    assert person.is_active

    done = admin.post(reverse("access:person-disable", args=[person.pk]), {"reason": "Left the agency"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert not person.is_active


def test_access_log_lists_events_for_an_administrator(signed_in) -> None:
    viewer = make_person()
    access_event_record(
        user=viewer,
        action=AccessEvent.Action.VIEW,
        object_type="child",
        object_id="abc",
        purpose="Strategy meeting preparation",
    )
    client = signed_in(Role.ADMIN)
    page = client.get(reverse("access:access-log"), {"action": "view"}).content.decode()
    assert "Strategy meeting preparation" in page


def test_access_events_cannot_be_changed_or_deleted_through_the_model() -> None:
    event = access_event_record(user=make_person(), action=AccessEvent.Action.VIEW, object_type="user")
    event.purpose = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.parametrize("statement", ["UPDATE access_accessevent SET purpose = 'x'", "DELETE FROM access_accessevent"])
def test_the_database_itself_refuses_to_change_or_delete_access_events(statement: str) -> None:
    access_event_record(user=make_person(), action=AccessEvent.Action.VIEW, object_type="user", purpose="kept")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessEvent.objects.get().purpose == "kept"
