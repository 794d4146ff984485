"""Encompass pages: recording an incident and its errors, the incident page, resending, exceptions, the import, a
school's notifications and acknowledgement, settings and calendars, and the figures."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.children.models import Child
from partnership.core.models import OutboxMessage
from partnership.encompass import services
from partnership.encompass.forms import MAX_CSV_BYTES
from partnership.encompass.import_checking import COLUMNS
from partnership.encompass.models import (
    Closure,
    ClosureKind,
    EncompassException,
    Enrolment,
    Incident,
    IncidentChild,
    Notification,
    Setting,
    Term,
)
from partnership.encompass.rules import ChildEntry
from tests.encompass.builders import entry_for, notification_of, record_incident
from tests.encompass.conftest import key_adult_of
from tests.factories import make_person
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def term_now(council_terms: list[Term]) -> Term:
    """A council term around today, so a deadline can be worked out whatever day the tests run."""
    today = timezone.localdate()
    return Term.objects.create(
        name="This term", first_day=today - timedelta(days=60), last_day=today + timedelta(days=60)
    )


@pytest.fixture
def admin(council: Agency) -> User:
    return make_person(Role.ADMIN, agency=council)


def incident_form(**changes: object) -> dict[str, object]:
    when = timezone.localtime() - timedelta(hours=2)
    data: dict[str, object] = {
        "police_reference": "DUR-24-0001",
        **date_fields("occurred_on", when.date()),
        "occurred_time": when.strftime("%H:%M"),
        "place": "The family home",
        "risk_level": "medium",
        "circumstances": "Raised voices; a window was broken.",
        "officer_name": "PC 1234 Example",
    }
    data.update(changes)
    return data


def child_block(number: int, child: Child | None = None, **fields: object) -> dict[str, object]:
    """The inputs of one child block, for a known child or from the fields given."""
    values: dict[str, Any] = {"present": "yes"}
    if child is not None:
        values.update(first_name=child.first_name, last_name=child.last_name, date_of_birth=child.date_of_birth)
    values.update(fields)
    born = values.pop("date_of_birth", None)
    data = {f"child{number}-{name}": value for name, value in values.items()}
    if born is not None:
        data.update(date_fields(f"child{number}-date_of_birth", born))
    return data


def access_events(action: str, object_type: str) -> int:
    return AccessEvent.objects.filter(action=action, object_type=object_type).count()


# Recording an incident


def test_an_officer_records_an_incident_and_the_school_is_told(signed_in, officer, pupil, term_now) -> None:
    client = signed_in(user=officer)
    assert "Child 4" in client.get(reverse("encompass:incident-create")).content.decode()
    response = client.post(
        reverse("encompass:incident-create"), {**incident_form(), **child_block(1, pupil, child_words="I hid upstairs")}
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("encompass:incident-detail", kwargs={"incident_id": incident.pk})
    notification = Notification.objects.get()
    assert (notification.setting.name, notification.incident_child.child) == ("Hilltop Primary School", pupil)
    assert notification.incident_child.child_words == "I hid upstairs" and notification.incident_child.present
    assert incident.recorded_by == officer and incident.risk_level == "medium"
    page = client.get(response["Location"]).content.decode()
    assert "Incident DUR-24-0001 is recorded: 1 setting was told and 0 exceptions are open." in page
    assert "Hilltop Primary School" in page and "I hid upstairs" in page and "Send again" in page
    assert access_events(AccessEvent.Action.VIEW, "encompass_incident") == 1


def test_empty_child_blocks_are_ignored_and_a_child_without_a_school_is_an_exception(
    signed_in, officer, pupil, term_now
) -> None:
    client = signed_in(user=officer)
    other = {"first_name": "Casey", "last_name": "Nobody", "date_of_birth": date(2015, 2, 3), "present": "no"}
    response = client.post(
        reverse("encompass:incident-create"), {**incident_form(), **child_block(2, pupil), **child_block(4, **other)}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 setting was told and 1 exception is open." in page
    assert IncidentChild.objects.count() == 2
    exception = EncompassException.objects.get()
    assert exception.incident_child.child.first_name == "Casey"
    assert reverse("encompass:exception-resolve", kwargs={"exception_id": exception.pk}) in page


def test_an_incident_in_the_future_is_refused_against_its_date(signed_in, officer, pupil, term_now) -> None:
    later = timezone.localtime() + timedelta(days=1)
    response = signed_in(user=officer).post(
        reverse("encompass:incident-create"),
        {**incident_form(occurred_time=later.strftime("%H:%M"), **date_fields("occurred_on", later.date()))}
        | child_block(1, pupil),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The incident cannot be in the future" in page and 'href="#id_occurred_on_0"' in page
    assert not Incident.objects.exists() and not Notification.objects.exists()


def test_a_child_without_a_date_of_birth_or_local_id_is_refused_in_their_block(
    signed_in, officer, pupil, term_now
) -> None:
    response = signed_in(user=officer).post(
        reverse("encompass:incident-create"),
        {**incident_form(), **child_block(1, pupil), **child_block(2, first_name="Alex", last_name="Example")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "give their local child ID instead" in page and 'href="#id_child2-date_of_birth_0"' in page
    assert not Incident.objects.exists() and not Child.objects.filter(first_name="Alex").exists()


def test_a_service_objection_to_a_child_shows_against_that_childs_block(signed_in, officer, pupil, term_now) -> None:
    response = signed_in(user=officer).post(
        reverse("encompass:incident-create"), {**incident_form(), **child_block(3, local_child_id="NOPE-9")}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "No child has the local child ID NOPE-9" in page and 'href="#id_child3-first_name"' in page
    assert not Incident.objects.exists()


def test_a_police_reference_already_recorded_and_an_incident_with_no_child_are_refused(
    signed_in, officer, pupil, term_now
) -> None:
    client = signed_in(user=officer)
    record_incident(by=officer, children=[entry_for(pupil)], reference="DUR-24-0001")
    again = client.post(reverse("encompass:incident-create"), {**incident_form(), **child_block(1, pupil)})
    assert again.status_code == 400 and "already recorded: open it to add a child" in again.content.decode()
    nobody = client.post(reverse("encompass:incident-create"), incident_form(police_reference="DUR-24-0002"))
    assert nobody.status_code == 400 and "Enter at least one child" in nobody.content.decode()
    missing = client.post(reverse("encompass:incident-create"), {})
    assert missing.status_code == 400 and "Enter the police reference" in missing.content.decode()
    assert Incident.objects.count() == 1


# The incident page: resending, adding a child, resolving an exception


def test_sending_again_emails_the_key_adults_but_never_makes_a_second_notification(
    signed_in, officer, pupil, key_adult
) -> None:
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    notification = notification_of(incident)
    client = signed_in(user=officer)
    url = reverse("encompass:notification-resend", kwargs={"notification_id": notification.pk})
    response = client.post(url, follow=True)
    assert "The notification is sent again to the key adults of Hilltop Primary School." in response.content.decode()
    assert Notification.objects.count() == 1
    notification.refresh_from_db()
    assert notification.resent_count == 1
    assert OutboxMessage.objects.filter(kind="encompass-resend", to_address=key_adult.email).count() == 1
    services.notification_acknowledge(actor=key_adult, notification=notification)
    page = client.post(url, follow=True).content.decode()
    assert "already acknowledged this notification" in page and "Send again" not in page
    assert Notification.objects.get().resent_count == 1
    assert client.get(url).status_code == 405


def test_an_officer_adds_a_child_to_an_incident(signed_in, officer, pupil) -> None:
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    client = signed_in(user=officer)
    url = reverse("encompass:incident-add-child", kwargs={"incident_id": incident.pk})
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Enter the child&#x27;s name and date of birth" in empty.content.decode()
    data = {
        "child-first_name": "Jamie",
        "child-last_name": "Example",
        **date_fields("child-date_of_birth", date(2019, 1, 2)),
        "child-present": "no",
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "Jamie Example is on the incident: Exception to resolve." in page
    assert IncidentChild.objects.filter(incident=incident).count() == 2


def test_an_officer_resolves_an_exception_by_telling_a_school_and_recording_it(
    signed_in, officer, hilltop, key_adult, council_terms
) -> None:
    entry = ChildEntry(first_name="Casey", last_name="Nobody", date_of_birth=date(2015, 2, 3), present=True)
    incident = record_incident(by=officer, children=[entry])
    exception = EncompassException.objects.get()
    client = signed_in(user=officer)
    url = reverse("encompass:exception-resolve", kwargs={"exception_id": exception.pk})
    page = client.get(url).content.decode()
    assert "The child&#x27;s setting is not known" in page and "Casey Nobody" in page and "3 Feb 2015" in page
    assert incident.police_reference in page and "Hilltop Primary School (114001)" in page
    assert access_events(AccessEvent.Action.VIEW, "encompass_exception") == 1
    nothing = client.post(url, {})
    assert nothing.status_code == 400 and "Choose the setting to tell" in nothing.content.decode()
    done = client.post(url, {"setting": hilltop.pk, "record_enrolment": "on"}, follow=True)
    assert "Hilltop Primary School is told and the exception is resolved." in done.content.decode()
    exception.refresh_from_db()
    assert exception.resolved_by == officer and exception.notification is not None
    assert Notification.objects.get().setting == hilltop
    assert Enrolment.objects.get(child__first_name="Casey").setting == hilltop
    assert "Resolved" in client.get(url).content.decode()
    assert client.post(url, {"resolution": "Again"}).status_code == 400


def test_an_exception_can_be_resolved_with_a_note_of_how_the_school_was_told(signed_in, officer, council_terms) -> None:
    record_incident(
        by=officer,
        children=[ChildEntry(first_name="Ali", last_name="Away", date_of_birth=date(2014, 4, 4), present=True)],
    )
    exception = EncompassException.objects.get()
    url = reverse("encompass:exception-resolve", kwargs={"exception_id": exception.pk})
    response = signed_in(user=officer).post(url, {"resolution": "Passed to Northumbria Police's Encompass team"})
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.resolution == "Passed to Northumbria Police's Encompass team" and not Notification.objects.exists()


def test_the_dashboard_lists_exceptions_overdue_notifications_and_finds_incidents(
    signed_in, officer, pupil, key_adult
) -> None:
    record_incident(by=officer, children=[entry_for(pupil)], reference="DUR-ALPHA")
    record_incident(
        by=officer,
        children=[ChildEntry(first_name="Casey", last_name="Nobody", date_of_birth=date(2015, 2, 3), present=True)],
        reference="DUR-BETA",
    )
    client = signed_in(user=officer)
    page = client.get(reverse("encompass:dashboard")).content.decode()
    assert "1 open exception" in page and "Casey Nobody" in page
    assert "1 notification past the deadline and not acknowledged" in page
    assert "DUR-ALPHA" in page and "DUR-BETA" in page
    found = client.get(reverse("encompass:dashboard"), {"q": "alpha"}).content.decode()
    incidents = found.split("Incidents whose police reference contains “alpha”")[1]
    assert "DUR-ALPHA" in incidents and "DUR-BETA" not in incidents
    assert signed_in(user=key_adult).get(reverse("encompass:dashboard")).status_code == 404


# Importing a police export


def csv_upload(rows: list[str], name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([",".join(COLUMNS), *rows]) + "\n").encode(), content_type="text/csv")


def test_the_template_is_the_heading_row(signed_in, officer) -> None:
    response = signed_in(user=officer).get(reverse("encompass:import-template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == ",".join(COLUMNS) + "\r\n"


def test_an_import_with_a_bad_row_imports_nothing_and_lists_the_line(signed_in, officer, pupil) -> None:
    client = signed_in(user=officer)
    good = "DUR-IMP-1,2026-11-13 18:30,The family home,high,PC 1 Example,,Robin,Example,2017-05-01,,,yes,"
    bad = "DUR-IMP-2,2026-11-13 19:30,A street,extreme,PC 1 Example,,Jo,Bloggs,2016-01-01,,,no,"
    response = client.post(reverse("encompass:incident-import"), {"file": csv_upload([good, bad])})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page and "Line 3: risk_level must be standard, medium or high" in page
    assert not Incident.objects.exists() and not Notification.objects.exists()
    done = client.post(reverse("encompass:incident-import"), {"file": csv_upload([good])}, follow=True)
    assert "1 incident was imported and 1 notification sent; 0 incidents were already recorded" in done.content.decode()
    assert Incident.objects.get().imported
    again = client.post(reverse("encompass:incident-import"), {"file": csv_upload([good])}, follow=True)
    assert "0 incidents were imported and 0 notifications sent; 1 incident was already" in again.content.decode()


def test_an_import_refuses_a_file_not_in_utf8_or_too_big(signed_in, officer) -> None:
    client = signed_in(user=officer)
    latin = SimpleUploadedFile("export.csv", "police_reference,place\nDUR-1,Café\n".encode("latin-1"))
    response = client.post(reverse("encompass:incident-import"), {"file": latin})
    assert response.status_code == 400 and "saved as UTF-8" in response.content.decode()
    huge = SimpleUploadedFile("export.csv", b"x" * (MAX_CSV_BYTES + 1))
    response = client.post(reverse("encompass:incident-import"), {"file": huge})
    assert response.status_code == 400 and "smaller than 5 MB" in response.content.decode()
    assert client.post(reverse("encompass:incident-import"), {}).status_code == 400
    assert not Incident.objects.exists()


# A school's notifications


def test_a_key_adult_reads_and_acknowledges_their_schools_notification(signed_in, officer, pupil, key_adult) -> None:
    incident = record_incident(by=officer, children=[entry_for(pupil, words="Mum was crying")])
    notification = notification_of(incident)
    client = signed_in(user=key_adult)
    inbox = client.get(reverse("encompass:inbox")).content.decode()
    assert "Notifications for Hilltop Primary School" in inbox and "Robin Example" in inbox
    assert "Not acknowledged" in inbox and "Overdue" in inbox
    assert reverse("encompass:setting-detail", kwargs={"setting_id": notification.setting_id}) in inbox
    url = reverse("encompass:notification-detail", kwargs={"notification_id": notification.pk})
    page = client.get(url).content.decode()
    assert "Mum was crying" in page and incident.police_reference in page and "1 May 2017" in page
    assert ">Acknowledge</button>" in page and "PC 1234 Example" not in page
    assert access_events(AccessEvent.Action.VIEW, "encompass_notification") == 1
    acknowledge = reverse("encompass:notification-acknowledge", kwargs={"notification_id": notification.pk})
    assert "The notification is acknowledged." in client.post(acknowledge, follow=True).content.decode()
    notification.refresh_from_db()
    first = notification.acknowledged_at
    assert first is not None and notification.acknowledged_by == key_adult
    client.post(acknowledge)
    notification.refresh_from_db()
    assert notification.acknowledged_at == first
    assert ">Acknowledge</button>" not in client.get(url).content.decode()


def test_another_schools_key_adult_gets_404_and_the_refusal_is_logged(
    signed_in, officer, pupil, key_adult, riverside
) -> None:
    notification = notification_of(record_incident(by=officer, children=[entry_for(pupil)]))
    stranger = signed_in(user=riverside.key_adult)
    for name in ("encompass:notification-detail", "encompass:notification-acknowledge"):
        url = reverse(name, kwargs={"notification_id": notification.pk})
        before = access_events(AccessEvent.Action.REFUSED, "encompass_notification")
        response = stranger.post(url) if name.endswith("acknowledge") else stranger.get(url)
        assert response.status_code == 404
        assert access_events(AccessEvent.Action.REFUSED, "encompass_notification") == before + 1
    assert "Robin Example" not in stranger.get(reverse("encompass:inbox")).content.decode()
    notification.refresh_from_db()
    assert notification.acknowledged_at is None


def test_an_officer_sees_the_notification_read_only(signed_in, officer, pupil, key_adult) -> None:
    notification = notification_of(record_incident(by=officer, children=[entry_for(pupil)]))
    client = signed_in(user=officer)
    page = client.get(reverse("encompass:notification-detail", kwargs={"notification_id": notification.pk}))
    assert page.status_code == 200
    assert "Not yet acknowledged" in page.content.decode() and ">Acknowledge</button>" not in page.content.decode()
    acknowledge = reverse("encompass:notification-acknowledge", kwargs={"notification_id": notification.pk})
    assert client.post(acknowledge).status_code == 404
    notification.refresh_from_db()
    assert notification.acknowledged_at is None


def test_support_is_recorded_and_a_stale_save_is_refused(signed_in, officer, pupil, key_adult, deputy) -> None:
    notification = notification_of(record_incident(by=officer, children=[entry_for(pupil)]))
    url = reverse("encompass:notification-support", kwargs={"notification_id": notification.pk})
    client = signed_in(user=key_adult)
    empty = client.post(url, {"version": notification.version, "support_offered": ""})
    assert empty.status_code == 400 and "Describe the support offered" in empty.content.decode()
    saved = client.post(url, {"version": notification.version, "support_offered": "Breakfast club"}, follow=True)
    assert "The support offered to the child is recorded." in saved.content.decode()
    notification.refresh_from_db()
    assert notification.support_offered == "Breakfast club" and notification.acknowledged_by == key_adult
    stale = signed_in(user=deputy).post(url, {"version": 1, "support_offered": "Nothing"}, follow=True)
    assert "Someone else recorded the support offered" in stale.content.decode()
    notification.refresh_from_db()
    assert notification.support_offered == "Breakfast club"


# Schools and calendars


def test_an_administrator_adds_a_setting_and_names_its_key_adults(signed_in, admin, council_terms) -> None:
    client = signed_in(user=admin)
    form = {"name": "Oakwood Primary", "urn": "12", "setting_type": "community", "phase": "primary"}
    bad = client.post(reverse("encompass:setting-create"), form)
    assert bad.status_code == 400 and "Enter the unique reference number: 6 digits" in bad.content.decode()
    assert not Setting.objects.exists()
    created = client.post(reverse("encompass:setting-create"), {**form, "urn": "123456"})
    setting = Setting.objects.get(urn="123456")
    assert created.status_code == 302 and setting.agency.name == "Oakwood Primary"
    dsl = make_person(Role.KEY_ADULT, agency=setting.agency)
    outsider = make_person(Role.KEY_ADULT)
    detail = reverse("encompass:setting-detail", kwargs={"setting_id": setting.pk})
    page = client.get(detail).content.decode()
    assert f'value="{dsl.pk}"' in page and f'value="{outsider.pk}"' not in page
    update = reverse("encompass:setting-update", kwargs={"setting_id": setting.pk})
    refused = client.post(update, {"version": setting.version, "key_adult": outsider.pk, "is_active": "on"})
    assert refused.status_code == 400
    saved = client.post(
        update, {"version": setting.version, "key_adult": dsl.pk, "opens_at": "08:30", "is_active": "on"}
    )
    assert saved.status_code == 302
    setting.refresh_from_db()
    assert setting.key_adult == dsl and setting.opens_at.strftime("%H:%M") == "08:30" and setting.is_active
    stale = client.post(update, {"version": 1, "key_adult": "", "is_active": "on"}, follow=True)
    assert "Someone else changed this setting" in stale.content.decode()
    setting.refresh_from_db()
    assert setting.key_adult == dsl
    listing = client.get(reverse("encompass:setting-list"), {"q": "123456"}).content.decode()
    assert "Oakwood Primary" in listing and "Add a setting" in listing


def test_a_key_adult_records_a_closure_of_their_own_school_only(signed_in, hilltop, key_adult, riverside) -> None:
    client = signed_in(user=key_adult)
    page = client.get(reverse("encompass:setting-detail", kwargs={"setting_id": hilltop.pk})).content.decode()
    assert "Record a closed day" in page and "Key adults and calendar" not in page
    url = reverse("encompass:closure-add", kwargs={"setting_id": hilltop.pk})
    data = {**date_fields("day", date(2026, 12, 2)), "kind": ClosureKind.UNEXPECTED, "reason": "Snow"}
    assert client.post(url, data).status_code == 302
    closure = Closure.objects.get(setting=hilltop)
    assert (closure.day, closure.recorded_by) == (date(2026, 12, 2), key_adult)
    assert client.post(url, data).status_code == 400  # the day is already closed
    assert client.post(reverse("encompass:closure-add", kwargs={"setting_id": riverside.pk}), data).status_code == 404
    assert client.get(reverse("encompass:setting-detail", kwargs={"setting_id": riverside.pk})).status_code == 404
    assert client.get(reverse("encompass:setting-list")).status_code == 404
    remove = reverse("encompass:closure-remove", kwargs={"setting_id": hilltop.pk, "closure_id": closure.pk})
    assert client.post(remove).status_code == 302 and not Closure.objects.exists()


def test_an_administrator_loads_a_settings_own_terms_and_a_bad_file_lists_its_lines(signed_in, admin, hilltop) -> None:
    client = signed_in(user=admin)
    url = reverse("encompass:terms-import", kwargs={"setting_id": hilltop.pk})
    bad = SimpleUploadedFile("terms.csv", b"term_name,first_day,last_day\nAutumn,2026-09-03,not a date\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "line 2: last_day is not a date" in response.content.decode()
    good = SimpleUploadedFile("terms.csv", b"term_name,first_day,last_day\nAutumn 1,2026-09-03,2026-10-23\n")
    done = client.post(url, {"file": good}, follow=True)
    assert "1 term is loaded for Hilltop Primary School." in done.content.decode()
    assert list(Term.objects.filter(setting=hilltop).values_list("name", flat=True)) == ["Autumn 1"]


def test_the_council_calendar_is_kept_by_the_administrator_and_read_by_officers(
    signed_in, admin, officer, council_terms
) -> None:
    client = signed_in(user=admin)
    upload = SimpleUploadedFile("terms.csv", b"term_name,first_day,last_day\nSummer 2027,2027-04-12,2027-07-21\n")
    assert client.post(reverse("encompass:council-terms-import"), {"file": upload}).status_code == 302
    assert list(Term.objects.filter(setting=None).values_list("name", flat=True)) == ["Summer 2027"]
    data = {**date_fields("day", date(2027, 5, 4)), "kind": ClosureKind.HOLIDAY}
    assert client.post(reverse("encompass:council-closure-add"), data).status_code == 302
    closure = Closure.objects.get(setting=None)
    officer_client = signed_in(user=officer)
    page = officer_client.get(reverse("encompass:council-calendar")).content.decode()
    assert "Summer 2027" in page and "Load the council" not in page
    assert officer_client.post(reverse("encompass:council-closure-add"), data).status_code == 404
    remove = reverse("encompass:council-closure-remove", kwargs={"closure_id": closure.pk})
    assert officer_client.post(remove).status_code == 404
    assert client.post(remove).status_code == 302 and not Closure.objects.exists()


# Figures and navigation


def test_the_figures_name_no_child_and_are_for_oversight_roles(signed_in, officer, pupil, key_adult) -> None:
    incident = record_incident(by=officer, children=[entry_for(pupil)], risk_level="high")
    services.notification_acknowledge(actor=key_adult, notification=notification_of(incident))
    period = {**date_fields("start", date(2026, 11, 1)), **date_fields("end", date(2026, 11, 30))}
    page = signed_in(Role.EXECUTIVE).get(reverse("encompass:measures"), period).content.decode()
    assert "Incidents from 1 November 2026 to 30 November 2026" in page
    high = page.split(">High</th>")[1].split("</tr>")[0]
    assert ">1</td>" in high and ">100.0%</td>" in high  # sent on time; acknowledged on time is not, as it was late
    assert "Robin" not in page and incident.police_reference not in page
    assert signed_in(user=key_adult).get(reverse("encompass:measures")).status_code == 404
    bad = signed_in(Role.VIEWER).get(
        reverse("encompass:measures"),
        {**date_fields("start", date(2026, 5, 1)), **date_fields("end", date(2026, 1, 1))},
    )
    assert bad.status_code == 400 and "The start date must be on or before the end date" in bad.content.decode()


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (Role.ENCOMPASS_OFFICER, "Operation Encompass"),
        (Role.KEY_ADULT, "Encompass notifications"),
        (Role.ADMIN, "Schools and calendars"),
    ],
)
def test_each_encompass_role_has_its_section_in_the_navigation(signed_in, role: str, label: str) -> None:
    page = signed_in(role).get(reverse("frontend:home")).content.decode()
    assert f">{label}</a>" in page or f">{label}</strong>" in page
    assert signed_in(Role.SOCIAL_WORKER).get(reverse("frontend:home")).content.decode().count(label) == 0


def test_a_second_key_adult_of_the_school_sees_its_notifications(signed_in, officer, pupil, hilltop) -> None:
    notification_of(record_incident(by=officer, children=[entry_for(pupil)]))
    colleague = key_adult_of(hilltop, deputy=True)
    assert "Robin Example" in signed_in(user=colleague).get(reverse("encompass:inbox")).content.decode()


class _Markup(HTMLParser):
    """The ids, label targets, inputs and headings of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labelled: set[str] = set()
        self.inputs: list[str] = []
        self.h1s = 0
        self.tables = 0
        self.captions = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "label" and attributes.get("for"):
            self.labelled.add(str(attributes["for"]))
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {"hidden", "submit"}:
            self.inputs.append(str(attributes.get("id")))
        self.h1s += tag == "h1"
        self.tables += tag == "table"
        self.captions += tag == "caption"


def check_markup(page: str) -> None:
    """One h1, unique ids, a label for every input and a caption for every table."""
    markup = _Markup()
    markup.feed(page)
    assert markup.h1s == 1
    assert len(markup.ids) == len(set(markup.ids)), sorted(i for i in markup.ids if markup.ids.count(i) > 1)
    assert not [i for i in markup.inputs if i not in markup.labelled]
    assert markup.tables == markup.captions


def test_every_page_has_one_heading_unique_ids_and_labelled_inputs(
    signed_in, officer, pupil, key_adult, admin, riverside
) -> None:
    entry = ChildEntry(first_name="Casey", last_name="Nobody", date_of_birth=date(2015, 2, 3), present=True)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry])
    notification = notification_of(incident)
    exception = EncompassException.objects.get()
    hilltop = notification.setting
    Closure.objects.create(setting=hilltop, day=date(2026, 12, 1), kind=ClosureKind.INSET)
    Closure.objects.create(setting=None, day=date(2026, 12, 2), kind=ClosureKind.HOLIDAY)
    pages = {
        officer: [
            reverse("encompass:dashboard"),
            reverse("encompass:incident-create"),
            reverse("encompass:incident-import"),
            reverse("encompass:incident-detail", kwargs={"incident_id": incident.pk}),
            reverse("encompass:exception-resolve", kwargs={"exception_id": exception.pk}),
            reverse("encompass:notification-detail", kwargs={"notification_id": notification.pk}),
            reverse("encompass:setting-list"),
            reverse("encompass:council-calendar"),
            reverse("encompass:measures"),
        ],
        key_adult: [
            reverse("encompass:inbox"),
            reverse("encompass:notification-detail", kwargs={"notification_id": notification.pk}),
            reverse("encompass:setting-detail", kwargs={"setting_id": hilltop.pk}),
        ],
        admin: [
            reverse("encompass:setting-list"),
            reverse("encompass:setting-create"),
            reverse("encompass:setting-detail", kwargs={"setting_id": hilltop.pk}),
            reverse("encompass:council-calendar"),
        ],
    }
    for user, urls in pages.items():
        client = signed_in(user=user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            check_markup(response.content.decode())
    failed = signed_in(user=officer).post(reverse("encompass:incident-create"), child_block(2, first_name="Jo"))
    assert failed.status_code == 400
    check_markup(failed.content.decode())


def test_the_dashboard_pages_incidents_newest_first_with_each_ones_children_counted(signed_in, officer, pupil) -> None:
    record_incident(by=officer, children=[entry_for(pupil)], reference="DUR-NAMED")
    named = Incident.objects.get(police_reference="DUR-NAMED")
    Incident.objects.filter(pk=named.pk).update(occurred_at=timezone.now() - timedelta(days=40))
    for number in range(26):
        Incident.objects.create(
            police_reference=f"DUR-{number:03d}",
            occurred_at=timezone.now() - timedelta(days=30 - number),
            place="Home",
            risk_level="standard",
            officer_name="PC Lane",
            recorded_by=officer,
        )
    client = signed_in(user=officer)
    first = client.get(reverse("encompass:dashboard")).content.decode()
    incidents = first.split("Recent incidents, newest first")[1]
    assert "(27, showing 1 to 25)" in incidents
    assert "DUR-025" in incidents and "DUR-001" in incidents and "DUR-000" not in incidents
    assert incidents.index("DUR-025") < incidents.index("DUR-001")
    second = client.get(reverse("encompass:dashboard"), {"page": "2"}).content.decode()
    rows = second.split("Recent incidents, newest first")[1]
    assert "DUR-000" in rows and "DUR-NAMED" in rows and "DUR-025" not in rows
    cells = rows.split("DUR-NAMED")[1].split("</tr>")[0]
    assert 'govuk-table__cell--numeric">1<' in cells
    cells = rows.split("DUR-000")[1].split("</tr>")[0]
    assert 'govuk-table__cell--numeric">0<' in cells
