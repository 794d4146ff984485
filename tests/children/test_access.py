"""Need-to-know on children's records: involvement, role and break-glass, through the selectors and over HTTP."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, AgencyKind, Role
from partnership.children import selectors, services
from partnership.children.models import BreakGlass, Child, Involvement
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage
from tests.factories import AgencyFactory, make_person

pytestmark = pytest.mark.django_db

REASON = "Child brought to A&E out of hours with injuries; need the plan now"
NHS_NUMBER = "9434765919"


@pytest.fixture(autouse=True)
def _settings(settings) -> None:
    settings.PARTNERSHIP_CHILD_RECORD_ROLES = ["front_door"]
    settings.PARTNERSHIP_BREAK_GLASS_HOURS = 4


@pytest.fixture
def council():
    return AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Durham Children's Services", short_name="CSC")


@pytest.fixture
def police():
    return AgencyFactory(kind=AgencyKind.POLICE, name="Durham Constabulary", short_name="Police")


@pytest.fixture
def health():
    return AgencyFactory(kind=AgencyKind.HEALTH, name="County Durham Health", short_name="Health")


@pytest.fixture
def officer(police):
    """A practitioner of an agency that is not involved with the child."""
    return make_person(Role.ENCOMPASS_OFFICER, agency=police)


@pytest.fixture
def child(worker) -> Child:
    return services.child_create(
        actor=worker,
        first_name="Robin",
        last_name="Hart",
        date_of_birth=date(2016, 2, 29),
        nhs_number=NHS_NUMBER,
        local_child_id="LC100",
    )


def events(user, action: str, **filters) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(user=user, action=action, **filters))


# --- involvement ---------------------------------------------------------------------------------------------


def test_a_social_worker_of_an_involved_agency_reads_the_child_and_the_view_is_logged(worker, child) -> None:
    assert list(selectors.visible_children(user=worker)) == [child]
    found = selectors.child_get(user=worker, child_id=child.pk, purpose="Preparing for the strategy meeting")
    assert found == child
    [viewed] = events(worker, AccessEvent.Action.VIEW, object_type="child")
    assert viewed.object_id == str(child.pk)
    assert viewed.purpose == "Preparing for the strategy meeting"
    assert viewed.role == Role.SOCIAL_WORKER
    assert not events(worker, AccessEvent.Action.REFUSED)


def test_a_person_of_an_uninvolved_agency_gets_not_found_and_the_refusal_is_logged(officer, child) -> None:
    assert child not in selectors.visible_children(user=officer)
    assert not selectors.child_is_visible(user=officer, child=child)
    with pytest.raises(Http404):
        selectors.child_get(user=officer, child_id=child.pk, purpose="Curious")
    [refused] = events(officer, AccessEvent.Action.REFUSED)
    assert refused.object_type == "child"
    assert refused.object_id == str(child.pk)
    assert not events(officer, AccessEvent.Action.VIEW)


def test_a_child_that_does_not_exist_is_not_found_and_no_refusal_is_logged(officer, child) -> None:
    with pytest.raises(Http404):
        selectors.child_get(user=officer, child_id=uuid.uuid4(), purpose="Looking")
    assert not events(officer, AccessEvent.Action.REFUSED)


@pytest.mark.parametrize("child_id", ["not-a-uuid", "LC100"])
def test_an_identifier_that_is_not_a_uuid_is_not_found(child_id, worker, child) -> None:
    with pytest.raises(Http404):
        selectors.child_get(user=worker, child_id=child_id, purpose="Looking")
    assert not events(worker, AccessEvent.Action.REFUSED)


def test_a_new_involvement_of_the_agency_grants_access(worker, officer, police, child) -> None:
    services.involvement_add(
        actor=worker, child=child, agency=police, service="Operation Encompass", started_on=timezone.localdate()
    )
    assert list(selectors.visible_children(user=officer)) == [child]
    assert selectors.child_get(user=officer, child_id=child.pk, purpose="Encompass notification") == child


def test_an_involvement_that_ended_yesterday_no_longer_grants_access(worker, health, child) -> None:
    nurse = make_person(Role.SOCIAL_WORKER, agency=health)
    today = timezone.localdate()
    involvement = services.involvement_add(
        actor=worker, child=child, agency=health, service="Health visiting", started_on=today - timedelta(days=30)
    )
    services.involvement_end(actor=worker, involvement=involvement, ended_on=today)
    assert child in selectors.visible_children(user=nurse), "access lasts to the end of the last day"
    services.involvement_end(actor=worker, involvement=involvement, ended_on=today - timedelta(days=1))
    assert child not in selectors.visible_children(user=nurse)
    with pytest.raises(Http404):
        selectors.child_get(user=nurse, child_id=child.pk, purpose="Follow-up visit")
    assert events(nurse, AccessEvent.Action.REFUSED, object_type="child")


def test_an_involvement_that_has_not_started_yet_does_not_grant_access(health, child) -> None:
    nurse = make_person(Role.SOCIAL_WORKER, agency=health)
    Involvement.objects.create(
        child=child, agency=health, service="Health visiting", started_on=timezone.localdate() + timedelta(days=1)
    )
    assert child not in selectors.visible_children(user=nurse)


def test_the_front_door_sees_every_child(police, child) -> None:
    other = services.child_create(
        actor=make_person(Role.SOCIAL_WORKER),
        first_name="Alex",
        last_name="Moss",
        date_of_birth=date(2019, 1, 5),
        local_child_id="LC101",
    )
    front_door = make_person(Role.FRONT_DOOR, agency=police)
    assert set(selectors.visible_children(user=front_door)) == {child, other}
    assert selectors.child_get(user=front_door, child_id=other.pk, purpose="Triage of a contact") == other


def test_the_roles_that_see_every_child_come_from_the_setting(settings, police, child) -> None:
    settings.PARTNERSHIP_CHILD_RECORD_ROLES = []
    front_door = make_person(Role.FRONT_DOOR, agency=police)
    assert child not in selectors.visible_children(user=front_door)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADMIN, Role.EXECUTIVE])
def test_roles_without_a_practice_role_see_no_child_even_when_their_agency_is_involved(role, council, child) -> None:
    person = make_person(role, agency=council)
    assert Involvement.objects.filter(child=child, agency=council).exists()
    assert list(selectors.visible_children(user=person)) == []
    with pytest.raises(Http404):
        selectors.child_get(user=person, child_id=child.pk, purpose="Looking")
    assert selectors.child_find(user=person, nhs_number=NHS_NUMBER) == []


def test_a_merged_duplicate_is_not_listed(worker, child) -> None:
    duplicate = services.child_create(
        actor=worker,
        first_name="Robyn",
        last_name="Hart",
        date_of_birth=date(2016, 2, 29),
        local_child_id="LC999",
    )
    services.child_merge(actor=worker, keep=child, duplicate=duplicate, reason="Same child, name misspelt")
    assert list(selectors.visible_children(user=worker)) == [child]


# --- finding a child by exact identifiers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "identifiers",
    [
        {"nhs_number": NHS_NUMBER},
        {"nhs_number": "943 476 5919"},
        {"local_child_id": "LC100"},
        {"local_child_id": " lc100 "},
        {"first_name": "Robin", "last_name": "Hart", "date_of_birth": date(2016, 2, 29)},
        {"first_name": "ROBIN", "last_name": "hart", "date_of_birth": date(2016, 2, 29)},
    ],
)
def test_an_uninvolved_practitioner_finds_the_child_but_only_who_is_involved(
    identifiers, officer, council, child
) -> None:
    [found] = selectors.child_find(user=officer, **identifiers)
    assert found.child == child
    assert found.visible is False
    assert found.agencies == [council.name]
    [logged] = events(officer, AccessEvent.Action.LIST, object_type="child_search")
    assert logged.object_id == "1"
    assert not events(officer, AccessEvent.Action.VIEW)


def test_an_involved_practitioner_finds_the_child_as_visible_with_every_current_agency(
    worker, council, health, child
) -> None:
    services.involvement_add(
        actor=worker, child=child, agency=health, service="School nursing", started_on=timezone.localdate()
    )
    ended = services.involvement_add(
        actor=worker,
        child=child,
        agency=AgencyFactory(kind=AgencyKind.EDUCATION, name="Old School"),
        service="School",
        started_on=timezone.localdate() - timedelta(days=100),
    )
    services.involvement_end(actor=worker, involvement=ended, ended_on=timezone.localdate() - timedelta(days=1))
    [found] = selectors.child_find(user=worker, nhs_number=NHS_NUMBER)
    assert found.visible is True
    assert found.agencies == sorted([council.name, health.name])


@pytest.mark.parametrize(
    "identifiers",
    [
        {"first_name": "Robin", "last_name": "Hart"},
        {"first_name": "Robin", "last_name": "Hart", "date_of_birth": date(2016, 3, 1)},
        {"first_name": "Robin", "date_of_birth": date(2016, 2, 29)},
        {"nhs_number": "4010232137"},
        {"local_child_id": "LC10"},
        {},
    ],
)
def test_partial_or_wrong_identifiers_find_nothing(identifiers, officer, child) -> None:
    assert selectors.child_find(user=officer, **identifiers) == []


# --- break-glass ---------------------------------------------------------------------------------------------


@pytest.fixture
def police_admin(police):
    return make_person(Role.ADMIN, agency=police)


def test_break_glass_refuses_a_short_reason(officer, police_admin, child) -> None:
    with pytest.raises(BusinessRuleError) as error:
        services.break_glass_open(actor=officer, child=child, reason="   Urgent, need it    ")
    assert "reason" in error.value.errors
    assert not BreakGlass.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not events(officer, AccessEvent.Action.CHANGE)
    assert child not in selectors.visible_children(user=officer)


def test_break_glass_grants_access_tells_the_agency_administrator_and_logs_the_reason(
    officer, police, police_admin, council, child
) -> None:
    make_person(Role.SOCIAL_WORKER, agency=police)  # a colleague who is not an administrator
    make_person(Role.ADMIN, agency=council)  # an administrator of another agency
    grant = services.break_glass_open(actor=officer, child=child, reason=REASON)
    assert grant.agency == police
    assert abs(grant.expires_at - (timezone.now() + timedelta(hours=4))) < timedelta(minutes=1)

    assert list(selectors.visible_children(user=officer)) == [child]
    assert selectors.active_break_glass(user=officer, child=child) == grant
    assert selectors.child_get(user=officer, child_id=child.pk, purpose="Emergency at A&E") == child

    [message] = OutboxMessage.objects.all()
    assert message.kind == "break-glass"
    assert message.to_address == police_admin.email
    assert message.recipient == police_admin
    assert REASON in message.body

    [change] = events(officer, AccessEvent.Action.CHANGE)
    assert change.object_type == "break_glass"
    assert change.object_id == str(child.pk)
    assert REASON in change.purpose


def test_break_glass_goes_to_the_agency_contact_when_it_has_no_administrator(officer, police, child) -> None:
    police.contact_email = "spoc@police.example.org"
    police.save()
    services.break_glass_open(actor=officer, child=child, reason=REASON)
    [message] = OutboxMessage.objects.filter(kind="break-glass")
    assert message.to_address == "spoc@police.example.org"
    assert message.recipient is None


def test_break_glass_that_has_expired_grants_nothing(officer, police_admin, child) -> None:
    services.break_glass_open(actor=officer, child=child, reason=REASON, now=timezone.now() - timedelta(hours=5))
    assert child not in selectors.visible_children(user=officer)
    assert selectors.active_break_glass(user=officer, child=child) is None
    with pytest.raises(Http404):
        selectors.child_get(user=officer, child_id=child.pk, purpose="Emergency")


def test_break_glass_lasts_the_configured_hours_and_then_ends(monkeypatch, officer, police_admin, child) -> None:
    opened = timezone.now()
    services.break_glass_open(actor=officer, child=child, reason=REASON, now=opened)

    monkeypatch.setattr(selectors.timezone, "now", lambda: opened + timedelta(hours=3, minutes=59))
    assert child in selectors.visible_children(user=officer)

    monkeypatch.setattr(selectors.timezone, "now", lambda: opened + timedelta(hours=4, minutes=1))
    assert child not in selectors.visible_children(user=officer)
    with pytest.raises(Http404):
        selectors.child_get(user=officer, child_id=child.pk, purpose="Emergency")


def test_break_glass_is_personal_to_the_person_who_opened_it(officer, police, police_admin, child) -> None:
    colleague = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    services.break_glass_open(actor=officer, child=child, reason=REASON)
    assert child not in selectors.visible_children(user=colleague)


# --- over HTTP -----------------------------------------------------------------------------------------------


def detail_url(child: Child) -> str:
    return reverse("children:child-detail", kwargs={"child_id": child.pk})


def test_the_record_page_opens_for_an_involved_social_worker_and_logs_the_view(signed_in, worker, child) -> None:
    client = signed_in(user=worker)
    response = client.get(detail_url(child))
    assert response.status_code == 200
    assert "Robin" in response.content.decode()
    viewed = events(worker, AccessEvent.Action.VIEW, object_type="child", object_id=str(child.pk))
    assert viewed
    assert all(event.purpose for event in viewed)


def test_the_record_page_is_not_found_for_an_uninvolved_agency_and_the_refusal_is_logged(
    signed_in, officer, child
) -> None:
    client = signed_in(user=officer)
    response = client.get(detail_url(child))
    assert response.status_code == 404
    assert "Robin" not in response.content.decode()
    assert events(officer, AccessEvent.Action.REFUSED, object_type="child", object_id=str(child.pk))
    assert not events(officer, AccessEvent.Action.VIEW, object_type="child")


def test_the_record_page_is_not_found_after_the_involvement_ended(signed_in, worker, health, child) -> None:
    nurse = make_person(Role.SOCIAL_WORKER, agency=health)
    today = timezone.localdate()
    involvement = services.involvement_add(
        actor=worker, child=child, agency=health, service="Health visiting", started_on=today - timedelta(days=30)
    )
    client = signed_in(user=nurse)
    assert client.get(detail_url(child)).status_code == 200
    services.involvement_end(actor=worker, involvement=involvement, ended_on=today - timedelta(days=1))
    assert client.get(detail_url(child)).status_code == 404


def test_the_record_page_opens_for_the_front_door(signed_in, police, child) -> None:
    client = signed_in(Role.FRONT_DOOR, agency=police)
    assert client.get(detail_url(child)).status_code == 200


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADMIN, Role.EXECUTIVE])
def test_the_record_page_is_not_found_for_roles_without_practice(signed_in, role, council, child) -> None:
    client = signed_in(role, agency=council)
    response = client.get(detail_url(child))
    assert response.status_code == 404
    assert events(client.user, AccessEvent.Action.REFUSED)


def test_the_record_page_needs_a_signed_in_person(client, child) -> None:
    response = client.get(detail_url(child))
    assert response.status_code in (302, 404)
    assert "Robin" not in response.content.decode()


def test_break_glass_over_http_refuses_a_short_reason_then_opens_the_record(
    signed_in, officer, police_admin, child
) -> None:
    client = signed_in(user=officer)
    url = reverse("children:break-glass", kwargs={"child_id": child.pk})
    assert client.get(detail_url(child)).status_code == 404

    refused = client.post(url, {"reason": "Need it now"})
    assert refused.status_code == 400
    assert not BreakGlass.objects.exists()

    opened = client.post(url, {"reason": REASON})
    assert opened.status_code == 302
    assert opened["Location"] == detail_url(child)
    assert client.get(detail_url(child)).status_code == 200
    assert OutboxMessage.objects.filter(kind="break-glass", to_address=police_admin.email).count() == 1
    assert events(officer, AccessEvent.Action.CHANGE, object_type="break_glass", object_id=str(child.pk))


def test_the_record_page_is_not_found_once_break_glass_has_expired(signed_in, officer, police_admin, child) -> None:
    services.break_glass_open(actor=officer, child=child, reason=REASON, now=timezone.now() - timedelta(hours=5))
    client = signed_in(user=officer)
    assert client.get(detail_url(child)).status_code == 404


def test_break_glass_is_not_open_to_roles_without_practice(signed_in, council, police, child) -> None:
    client = signed_in(Role.VIEWER, agency=police)
    response = client.post(reverse("children:break-glass", kwargs={"child_id": child.pk}), {"reason": REASON})
    assert response.status_code == 404
    assert not BreakGlass.objects.exists()


def test_the_api_answers_not_found_for_a_child_the_person_may_not_read(signed_in, officer, child) -> None:
    client = signed_in(user=officer)
    response = client.get(reverse("api:child-detail", kwargs={"pk": child.pk}))
    assert response.status_code == 404
    assert "Robin" not in response.content.decode()
    assert events(officer, AccessEvent.Action.REFUSED, object_type="child", object_id=str(child.pk))


def test_the_api_answers_not_found_for_an_identifier_that_is_not_a_uuid(signed_in, worker, child) -> None:
    client = signed_in(user=worker)
    response = client.get(reverse("api:child-detail", kwargs={"pk": "not-a-uuid"}))
    assert response.status_code == 404
