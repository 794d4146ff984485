"""The Encompass services: the next-school-day deadline on each school's calendar, deadlines that move when a school
closes, routing each child to their setting (or an exception that is never dropped), matching children to their
records, refusing bad input, never notifying twice, acknowledgement and support, and the child's chronology."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from partnership.access.models import Agency, Membership, Role, User
from partnership.children.models import Child, ChronologyEvent, EventType, Significance
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.encompass import selectors, services, setting_services
from partnership.encompass.models import (
    ChildStatus,
    Closure,
    ClosureKind,
    EducationKind,
    EncompassException,
    Enrolment,
    ExceptionReason,
    Incident,
    IncidentChild,
    Notification,
    Setting,
    SettingType,
    Term,
)
from partnership.encompass.rules import ChildEntry
from tests.encompass.builders import at, enrol, entry_for, make_child, notification_of, record_incident
from tests.encompass.conftest import build_setting, key_adult_of
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(council: Agency) -> User:
    return make_person(Role.ADMIN, agency=council)


@pytest.fixture
def academy(council_terms: list[Term]) -> Setting:
    """An academy that keeps its own terms, with a half-term the council's calendar does not have."""
    setting = build_setting(name="Moorside Academy", urn="141003", setting_type=SettingType.ACADEMY)
    setting.own_terms = True
    setting.save(update_fields=["own_terms"])
    Term.objects.create(setting=setting, name="Autumn 1", first_day=date(2026, 9, 3), last_day=date(2026, 10, 23))
    Term.objects.create(setting=setting, name="Autumn 2", first_day=date(2026, 11, 2), last_day=date(2026, 12, 18))
    key_adult_of(setting)
    return setting


def outbox(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("to_address"))


def child_at(officer: User, setting: Setting, *, first_name: str = "Sam", born: date = date(2015, 3, 1)) -> Child:
    child = make_child(by=officer, first_name=first_name, last_name="Pupil", date_of_birth=born)
    enrol(child, setting)
    return child


def incident_child_of(incident: Incident) -> IncidentChild:
    return IncidentChild.objects.get(incident=incident)


def deadline_of(incident: Incident, setting: Setting | None = None) -> datetime | None:
    return notification_of(incident, setting).deadline_at


# Deadlines: the start of the setting's next school day, on its own calendar in England


def test_a_friday_evening_incident_is_due_before_school_on_monday(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil, words="I hid upstairs")])
    notification = notification_of(incident)
    assert notification.deadline_at == at("2026-11-16 08:45")
    assert notification.issued_at == at("2026-11-13 22:00")
    assert notification.issued_by == officer
    assert notification.incident_child.status == ChildStatus.NOTIFIED
    messages = outbox("encompass-notification")
    assert {m.to_address for m in messages} == {key_adult.email, deputy.email}
    for message in messages:
        assert "Robin" not in message.body + message.subject
        assert "Example" not in message.body + message.subject
        assert f"/encompass/notifications/{notification.pk}/" in message.body
        assert "08:45 on Monday 16 November 2026" in message.body


def test_an_incident_before_school_starts_is_due_the_same_morning(officer, pupil):
    incident = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-11-16 07:00", issued="2026-11-16 07:10"
    )
    assert deadline_of(incident) == at("2026-11-16 08:45")


def test_an_incident_after_school_starts_is_due_the_next_school_day(officer, pupil):
    incident = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-11-16 08:45", issued="2026-11-16 09:00"
    )
    assert deadline_of(incident) == at("2026-11-17 08:45")


def test_an_incident_in_the_summer_holiday_is_due_on_the_first_day_of_term(officer, pupil):
    incident = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-08-10 19:00", issued="2026-08-10 21:00"
    )
    assert deadline_of(incident) == at("2026-09-03 08:45")


def test_an_incident_in_a_schools_own_half_term_is_due_when_it_reopens(officer, academy):
    child = child_at(officer, academy)
    incident = record_incident(
        by=officer, children=[entry_for(child)], occurred="2026-10-28 19:00", issued="2026-10-28 20:00"
    )
    assert deadline_of(incident) == at("2026-11-02 08:45")


def test_a_bank_holiday_monday_moves_the_deadline_to_tuesday(officer, pupil):
    Term.objects.create(name="Summer 2026", first_day=date(2026, 4, 13), last_day=date(2026, 7, 21))
    incident = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-05-22 20:00", issued="2026-05-22 23:00"
    )
    assert deadline_of(incident) == at("2026-05-26 08:45")


def test_a_settings_own_start_time_is_the_deadline(officer, pupil, hilltop):
    hilltop.opens_at = time(8, 30)
    hilltop.save(update_fields=["opens_at"])
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    assert deadline_of(incident) == at("2026-11-16 08:30")


def test_a_school_with_its_own_terms_keeps_its_half_term_when_the_council_has_none(officer, hilltop, academy):
    child = make_child(by=officer, first_name="Dual", last_name="Roll", date_of_birth=date(2012, 1, 9))
    enrol(child, hilltop)
    enrol(child, academy)
    key_adult_of(hilltop)
    incident = record_incident(
        by=officer, children=[entry_for(child)], occurred="2026-10-27 19:00", issued="2026-10-27 20:00"
    )
    assert deadline_of(incident, hilltop) == at("2026-10-28 08:45")
    assert deadline_of(incident, academy) == at("2026-11-02 08:45")


def test_the_deadline_is_stored_in_utc_in_summer_and_in_winter(officer, pupil):
    summer = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-10-16 19:00", issued="2026-10-16 20:00"
    )
    across_the_clock_change = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-10-23 19:00", issued="2026-10-23 20:00"
    )
    assert deadline_of(summer) == datetime(2026, 10, 19, 7, 45, tzinfo=UTC)  # 08:45 BST
    assert deadline_of(across_the_clock_change) == datetime(2026, 10, 26, 8, 45, tzinfo=UTC)  # 08:45 GMT
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT deadline_at FROM {Notification._meta.db_table}")  # noqa: S608 - no user input
        stored = sorted(str(value)[:16] for (value,) in cursor.fetchall())
    assert stored == ["2026-10-19 07:45", "2026-10-26 08:45"]


def test_an_inset_day_next_morning_moves_the_deadline_a_day(officer, pupil, hilltop):
    Closure.objects.create(setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    assert deadline_of(incident) == at("2026-11-17 08:45")


def test_a_council_wide_closed_day_closes_every_school(officer, pupil, hilltop, academy):
    Closure.objects.create(setting=None, day=date(2026, 11, 16), kind=ClosureKind.HOLIDAY)
    other = child_at(officer, academy)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(other)])
    assert deadline_of(incident, hilltop) == at("2026-11-17 08:45")
    assert deadline_of(incident, academy) == at("2026-11-17 08:45")


def test_another_schools_closure_does_not_move_the_deadline(officer, pupil, riverside):
    Closure.objects.create(setting=riverside, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    assert deadline_of(incident) == at("2026-11-16 08:45")


def test_the_home_education_team_works_through_the_school_holidays(officer, home_education):
    child = make_child(by=officer, first_name="Ash", last_name="Home", date_of_birth=date(2014, 2, 2))
    enrol(child, kind=EducationKind.HOME_EDUCATED)
    incident = record_incident(
        by=officer, children=[entry_for(child)], occurred="2026-08-07 19:00", issued="2026-08-07 20:00"
    )
    assert deadline_of(incident, home_education) == at("2026-08-10 08:45")


def test_a_school_with_its_own_terms_but_none_loaded_is_an_exception_to_resolve(officer, riverside):
    riverside.own_terms = True
    riverside.save(update_fields=["own_terms"])
    child = child_at(officer, riverside)
    incident = record_incident(by=officer, children=[entry_for(child)])
    notification = notification_of(incident)
    assert notification.deadline_at is None
    exception = EncompassException.objects.get(incident_child__incident=incident)
    assert exception.reason == ExceptionReason.NO_SCHOOL_DAY
    assert exception.setting == riverside
    assert incident_child_of(incident).status == ChildStatus.EXCEPTION


# A school closed unexpectedly: the deadline moves with the calendar


def test_closing_a_school_moves_the_deadline_of_a_notification_not_yet_acknowledged(officer, pupil, hilltop, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    before = notification_of(incident)
    closure = setting_services.closure_add(
        actor=admin, setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.UNEXPECTED, reason="  Snow  "
    )
    after = notification_of(incident)
    assert after.deadline_at == at("2026-11-17 08:45")
    assert after.version == before.version + 1
    assert closure.reason == "Snow"
    assert closure.recorded_by == admin


def test_closing_a_school_leaves_an_acknowledged_notification_alone(officer, pupil, hilltop, key_adult, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    services.notification_acknowledge(
        actor=key_adult, notification=notification_of(incident), now=at("2026-11-14 09:00")
    )
    setting_services.closure_add(actor=admin, setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.UNEXPECTED)
    assert deadline_of(incident) == at("2026-11-16 08:45")


def test_a_council_wide_closure_moves_deadlines_at_every_school(officer, pupil, hilltop, academy, riverside, admin):
    own = child_at(officer, academy)
    council_school = child_at(officer, riverside, first_name="Kit")
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(own), entry_for(council_school)])
    setting_services.closure_add(actor=admin, setting=None, day=date(2026, 11, 16), kind=ClosureKind.HOLIDAY)
    assert deadline_of(incident, hilltop) == at("2026-11-17 08:45")
    assert deadline_of(incident, riverside) == at("2026-11-17 08:45")
    assert deadline_of(incident, academy) == at("2026-11-17 08:45")  # its own terms, but the council's closed day


def test_closing_one_school_does_not_move_another_schools_deadline(officer, pupil, riverside, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    setting_services.closure_add(actor=admin, setting=riverside, day=date(2026, 11, 16), kind=ClosureKind.UNEXPECTED)
    assert deadline_of(incident) == at("2026-11-16 08:45")


def test_removing_a_closure_moves_the_deadline_back(officer, pupil, hilltop, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    closure = setting_services.closure_add(actor=admin, setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    assert deadline_of(incident) == at("2026-11-17 08:45")
    setting_services.closure_remove(actor=admin, closure=closure)
    assert deadline_of(incident) == at("2026-11-16 08:45")
    assert not Closure.objects.filter(setting=hilltop).exists()


def test_removing_a_council_wide_closure_moves_every_school_back(officer, pupil, hilltop, academy, admin):
    own = child_at(officer, academy)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(own)])
    closure = setting_services.closure_add(actor=admin, setting=None, day=date(2026, 11, 16), kind=ClosureKind.HOLIDAY)
    setting_services.closure_remove(actor=admin, closure=closure)
    assert deadline_of(incident, hilltop) == at("2026-11-16 08:45")
    assert deadline_of(incident, academy) == at("2026-11-16 08:45")


def test_a_closure_is_refused_for_a_day_already_closed_or_without_a_reason(hilltop, admin):
    setting_services.closure_add(actor=admin, setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    with pytest.raises(BusinessRuleError) as again:
        setting_services.closure_add(actor=admin, setting=hilltop, day=date(2026, 11, 16), kind=ClosureKind.UNEXPECTED)
    assert set(again.value.errors) == {"day"}
    setting_services.closure_add(actor=admin, setting=None, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    with pytest.raises(BusinessRuleError) as council_again:
        setting_services.closure_add(actor=admin, setting=None, day=date(2026, 11, 16), kind=ClosureKind.INSET)
    assert set(council_again.value.errors) == {"day"}
    with pytest.raises(BusinessRuleError) as no_kind:
        setting_services.closure_add(actor=admin, setting=hilltop, day=date(2026, 11, 17), kind="snow")
    assert set(no_kind.value.errors) == {"kind"}
    assert Closure.objects.count() == 2


def test_new_council_term_dates_replace_the_old_and_move_deadlines(officer, pupil, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    text = "term_name,first_day,last_day\nAutumn 1,2026-09-03,2026-11-13\nAutumn 2,2026-11-23,2026-12-18\n"
    terms = setting_services.terms_import(actor=admin, setting=None, text=text)
    assert [(t.name, t.first_day) for t in terms] == [
        ("Autumn 1", date(2026, 9, 3)),
        ("Autumn 2", date(2026, 11, 23)),
    ]
    assert list(Term.objects.filter(setting=None).values_list("name", flat=True)) == ["Autumn 1", "Autumn 2"]
    assert deadline_of(incident) == at("2026-11-23 08:45")


def test_bad_term_dates_change_nothing_and_name_each_line(officer, pupil, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    before = list(Term.objects.filter(setting=None).values_list("name", "first_day", "last_day"))
    text = "term_name,first_day,last_day\nAutumn 1,2026-09-03,2026-11-13\nAutumn 2,2026-11-31,2026-12-18\nSpring\n"
    with pytest.raises(BusinessRuleError) as refused:
        setting_services.terms_import(actor=admin, setting=None, text=text)
    problems = refused.value.errors["file"]
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4"]
    assert list(Term.objects.filter(setting=None).values_list("name", "first_day", "last_day")) == before
    assert deadline_of(incident) == at("2026-11-16 08:45")


def test_a_schools_own_term_dates_move_only_its_deadlines(officer, pupil, hilltop, academy, admin):
    own = child_at(officer, academy)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(own)])
    setting_services.terms_import(actor=admin, setting=academy, text="Autumn,2026-11-18,2026-12-18\n")
    assert list(Term.objects.filter(setting=academy).values_list("first_day", flat=True)) == [date(2026, 11, 18)]
    assert Term.objects.filter(setting=None).count() == 2
    assert deadline_of(incident, academy) == at("2026-11-18 08:45")
    assert deadline_of(incident, hilltop) == at("2026-11-16 08:45")


def test_term_dates_that_leave_no_school_day_ahead_open_an_exception(officer, pupil, academy, admin):
    own = child_at(officer, academy)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(own)])
    setting_services.terms_import(actor=admin, setting=academy, text="Last year,2025-09-03,2025-12-18\n")
    assert deadline_of(incident, academy) is None
    exception = EncompassException.objects.get()
    assert (exception.reason, exception.setting) == (ExceptionReason.NO_SCHOOL_DAY, academy)
    assert exception.incident_child.child == own
    assert exception.incident_child.status == ChildStatus.EXCEPTION
    assert IncidentChild.objects.get(child=pupil).status == ChildStatus.NOTIFIED
    assert len(outbox("encompass-exception")) == 1
    setting_services.terms_import(actor=admin, setting=academy, text="Last year,2025-09-03,2025-12-18\n")
    assert EncompassException.objects.count() == 1
    assert len(outbox("encompass-exception")) == 1


def test_changing_a_schools_start_time_moves_its_deadlines(officer, pupil, hilltop, key_adult, admin):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    hilltop.refresh_from_db()
    setting_services.setting_update(
        actor=admin,
        setting=hilltop,
        expected_version=hilltop.version,
        key_adult=key_adult,
        deputy=None,
        opens_at=time(8, 35),
        own_terms=False,
    )
    assert deadline_of(incident) == at("2026-11-16 08:35")


# Settings and where children are educated


def test_a_setting_is_added_with_the_agency_its_staff_sign_in_under(admin):
    setting = setting_services.setting_create(
        actor=admin,
        name=" Oak Lane Primary ",
        urn=" 123456 ",
        setting_type=SettingType.COMMUNITY,
        phase="primary",
        contact_email=" office@oak.example ",
        opens_at=time(8, 40),
    )
    assert (setting.name, setting.urn, setting.opens_at, setting.own_terms) == (
        "Oak Lane Primary",
        "123456",
        time(8, 40),
        False,
    )
    assert (setting.agency.name, setting.agency.kind, setting.agency.contact_email) == (
        "Oak Lane Primary",
        "education",
        "office@oak.example",
    )


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"urn": "12345"}, {"urn"}),
        ({"urn": "114001"}, {"urn"}),
        ({"name": "Hilltop Primary School", "urn": "999999"}, {"name"}),
        ({"name": " "}, {"name"}),
        ({"setting_type": "grammar", "phase": "tertiary"}, {"setting_type", "phase"}),
    ],
)
def test_a_setting_needs_a_unique_urn_and_name_and_a_type(hilltop, admin, overrides, fields):
    data = {"name": "Oak Lane Primary", "urn": "123456", "setting_type": SettingType.COMMUNITY, "phase": "primary"}
    with pytest.raises(BusinessRuleError) as refused:
        setting_services.setting_create(actor=admin, **(data | overrides))
    assert set(refused.value.errors) == fields
    assert Setting.objects.count() == 1


def test_recording_a_new_school_ends_the_childs_other_enrolments(officer, pupil, hilltop, riverside):
    moved = services.enrolment_add(
        actor=officer, child=pupil, kind=EducationKind.ATTENDS, setting=riverside, started_on=date(2026, 9, 3)
    )
    again = services.enrolment_add(
        actor=officer, child=pupil, kind=EducationKind.ATTENDS, setting=riverside, started_on=date(2026, 10, 1)
    )
    assert again == moved
    assert Enrolment.objects.get(child=pupil, setting=hilltop).ended_on == date(2026, 9, 2)
    assert Enrolment.objects.filter(child=pupil, ended_on__isnull=True).get() == moved
    services.enrolment_add(actor=officer, child=pupil, kind=EducationKind.HOME_EDUCATED, started_on=date(2026, 11, 2))
    assert Enrolment.objects.filter(child=pupil, ended_on__isnull=True).get().kind == EducationKind.HOME_EDUCATED
    assert Enrolment.objects.get(pk=moved.pk).ended_on == date(2026, 11, 1)


def test_an_enrolment_says_where(officer, pupil):
    with pytest.raises(BusinessRuleError) as no_school:
        services.enrolment_add(actor=officer, child=pupil, kind=EducationKind.ATTENDS, started_on=date(2026, 9, 3))
    assert set(no_school.value.errors) == {"setting"}
    with pytest.raises(BusinessRuleError) as no_name:
        services.enrolment_add(
            actor=officer, child=pupil, kind=EducationKind.OUT_OF_AREA, other_setting=" ", started_on=date(2026, 9, 3)
        )
    assert set(no_name.value.errors) == {"other_setting"}
    assert Enrolment.objects.filter(child=pupil).count() == 1


# Routing: each child to each of their settings, or an exception that stays open


def test_a_child_at_one_school_gets_one_notification(officer, pupil, hilltop):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    notification = notification_of(incident)
    assert notification.setting == hilltop
    assert notification.incident_child.child == pupil
    assert not EncompassException.objects.exists()


def test_a_child_on_the_roll_of_two_settings_is_notified_to_both(officer, pupil, hilltop, key_adult, riverside):
    enrol(pupil, riverside, started_on=date(2025, 9, 1))
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    notifications = Notification.objects.filter(incident_child__incident=incident)
    assert {n.setting for n in notifications} == {hilltop, riverside}
    assert {m.to_address for m in outbox("encompass-notification")} == {key_adult.email, riverside.key_adult.email}
    assert incident_child_of(incident).status == ChildStatus.NOTIFIED


def test_an_enrolment_that_ended_before_the_incident_is_not_told(officer, pupil, hilltop, riverside):
    Enrolment.objects.filter(child=pupil).update(ended_on=date(2026, 7, 21))
    enrol(pupil, riverside, started_on=date(2026, 9, 3))
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    assert notification_of(incident).setting == riverside


def test_a_home_educated_child_is_notified_to_the_councils_team(officer, home_education):
    child = make_child(by=officer, first_name="Ash", last_name="Home", date_of_birth=date(2014, 2, 2))
    enrol(child, kind=EducationKind.HOME_EDUCATED)
    incident = record_incident(by=officer, children=[entry_for(child)])
    notification = notification_of(incident)
    assert notification.setting == home_education
    assert notification.deadline_at == at("2026-11-16 08:45")
    assert [m.to_address for m in outbox("encompass-notification")] == [home_education.key_adult.email]
    assert incident_child_of(incident).status == ChildStatus.NOTIFIED


def test_a_home_educated_child_with_no_team_set_up_is_an_exception(officer, council_terms):
    child = make_child(by=officer, first_name="Ash", last_name="Home", date_of_birth=date(2014, 2, 2))
    enrol(child, kind=EducationKind.HOME_EDUCATED)
    incident = record_incident(by=officer, children=[entry_for(child)])
    assert not Notification.objects.exists()
    exception = EncompassException.objects.get()
    assert exception.reason == ExceptionReason.NO_SETTING
    assert "home education team" in exception.detail
    assert incident_child_of(incident).status == ChildStatus.EXCEPTION
    assert len(outbox("encompass-exception")) == 1


def test_a_child_at_school_in_another_area_is_an_exception_and_the_council_is_told(officer, council_terms):
    child = make_child(by=officer, first_name="Jordan", last_name="Faraway", date_of_birth=date(2013, 6, 6))
    enrol(child, kind=EducationKind.OUT_OF_AREA, other_setting="St Mary's School, Sunderland")
    incident = record_incident(by=officer, children=[entry_for(child)])
    assert not Notification.objects.exists()
    exception = EncompassException.objects.get()
    assert exception.reason == ExceptionReason.OUT_OF_AREA
    assert exception.detail == "St Mary's School, Sunderland"
    assert exception.resolved_at is None
    assert incident_child_of(incident).status == ChildStatus.EXCEPTION
    [alert] = outbox("encompass-exception")
    assert alert.to_address == "encompass@council.example"
    assert f"/encompass/exceptions/{exception.pk}/" in alert.body
    assert "Jordan" not in alert.body + alert.subject
    assert "Faraway" not in alert.body + alert.subject


def test_the_council_alert_falls_back_to_the_councils_contact_address(officer, council, settings):
    settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL = ""
    child = make_child(by=officer, first_name="Jordan", last_name="Nowhere", date_of_birth=date(2013, 6, 6))
    record_incident(by=officer, children=[entry_for(child)])
    assert [m.to_address for m in outbox("encompass-exception")] == [council.contact_email]


def test_a_school_age_child_with_no_setting_recorded_is_an_exception(officer, council_terms):
    child = make_child(by=officer, first_name="Casey", last_name="Unknown", date_of_birth=date(2016, 1, 1))
    incident = record_incident(by=officer, children=[entry_for(child)])
    exception = EncompassException.objects.get()
    assert exception.reason == ExceptionReason.NO_SETTING
    assert "Aged 10" in exception.detail
    assert incident_child_of(incident).status == ChildStatus.EXCEPTION
    assert len(outbox("encompass-exception")) == 1


@pytest.mark.parametrize(
    ("born", "age"),
    [(date(2024, 6, 1), 2), (date(2022, 11, 14), 3), (date(2008, 11, 13), 18), (date(2008, 1, 1), 18)],
)
def test_a_child_not_of_school_age_with_no_setting_needs_no_notification(officer, council_terms, born, age):
    child = make_child(by=officer, first_name="Young", last_name="Or Old", date_of_birth=born)
    incident = record_incident(by=officer, children=[entry_for(child)])
    incident_child = incident_child_of(incident)
    assert incident_child.status == ChildStatus.NOT_REQUIRED
    assert f"Aged {age}" in incident_child.status_reason
    assert not Notification.objects.exists()
    assert not EncompassException.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(("born", "reason"), [(date(2022, 11, 13), "Aged 4"), (date(2009, 11, 13), "Aged 17")])
def test_school_age_runs_from_four_to_seventeen(officer, council_terms, born, reason):
    child = make_child(by=officer, first_name="Edge", last_name="Case", date_of_birth=born)
    record_incident(by=officer, children=[entry_for(child)])
    exception = EncompassException.objects.get()
    assert exception.reason == ExceptionReason.NO_SETTING
    assert reason in exception.detail


def test_a_toddler_at_a_nursery_is_notified_to_it(officer, council_terms):
    nursery = build_setting(name="Little Acorns Nursery", urn="500123", setting_type=SettingType.EARLY_YEARS)
    key_adult_of(nursery)
    child = child_at(officer, nursery, born=date(2024, 6, 1))
    incident = record_incident(by=officer, children=[entry_for(child)])
    assert notification_of(incident).setting == nursery


def test_an_unborn_child_found_by_local_id_needs_no_notification(officer, council_terms):
    unborn = make_child(
        by=officer,
        first_name="Baby",
        last_name="Expected",
        expected_date_of_birth=timezone.localdate() + timedelta(days=60),
        local_child_id="UNB-77",
    )
    entry = ChildEntry(first_name="", last_name="", date_of_birth=None, present=False, local_child_id="unb-77")
    incident = record_incident(by=officer, children=[entry])
    incident_child = incident_child_of(incident)
    assert incident_child.child == unborn
    assert incident_child.status == ChildStatus.NOT_REQUIRED
    assert "unborn" in incident_child.status_reason
    assert not Notification.objects.exists()
    assert not EncompassException.objects.exists()


def test_a_child_known_only_by_an_expected_birthday_is_still_told_to_the_setting_they_attend(officer, council_terms):
    nursery = build_setting(name="Little Acorns Nursery", urn="500123", setting_type=SettingType.EARLY_YEARS)
    key_adult_of(nursery)
    child = make_child(
        by=officer,
        first_name="Born",
        last_name="Since",
        expected_date_of_birth=timezone.localdate() + timedelta(days=30),
        local_child_id="UNB-78",
    )
    Child.objects.filter(pk=child.pk).update(expected_date_of_birth=date(2024, 3, 1))  # born, record never updated
    enrol(child, nursery, started_on=date(2026, 9, 1))
    entry = ChildEntry(first_name="", last_name="", date_of_birth=None, present=True, local_child_id="UNB-78")
    incident = record_incident(by=officer, children=[entry])
    assert notification_of(incident).setting == nursery
    assert incident_child_of(incident).status == ChildStatus.NOTIFIED


def test_a_school_with_no_key_adult_holds_the_notification_until_one_is_named(officer, council_terms, admin):
    school = build_setting(name="Valley Primary School", urn="114009")
    child = child_at(officer, school)
    incident = record_incident(by=officer, children=[entry_for(child)])
    assert not Notification.objects.exists()
    exception = EncompassException.objects.get()
    assert (exception.reason, exception.setting) == (ExceptionReason.NO_KEY_ADULT, school)
    assert incident_child_of(incident).status == ChildStatus.EXCEPTION
    [alert] = outbox("encompass-exception")
    assert alert.to_address == "encompass@council.example"
    assert "Valley Primary School" in alert.body
    assert "Sam" not in alert.body

    person = make_person(Role.KEY_ADULT, agency=school.agency)
    setting_services.setting_update(
        actor=admin,
        setting=school,
        expected_version=school.version,
        key_adult=person,
        deputy=None,
        opens_at=None,
        own_terms=False,
    )
    notification = notification_of(incident)
    assert notification.setting == school
    assert notification.deadline_at == at("2026-11-16 08:45")
    exception.refresh_from_db()
    assert exception.resolved_at is not None
    assert exception.resolved_by == admin
    assert exception.notification == notification
    assert incident_child_of(incident).status == ChildStatus.NOTIFIED
    assert [m.to_address for m in outbox("encompass-notification")] == [person.email]


def test_a_key_adult_must_be_a_key_adult_of_the_school(council_terms, hilltop, riverside, admin):
    outsider = riverside.key_adult
    with pytest.raises(BusinessRuleError) as refused:
        setting_services.setting_update(
            actor=admin,
            setting=hilltop,
            expected_version=hilltop.version,
            key_adult=outsider,
            deputy=None,
            opens_at=None,
            own_terms=False,
        )
    assert set(refused.value.errors) == {"key_adult"}
    hilltop.refresh_from_db()
    assert hilltop.key_adult is None


def test_a_deputy_problem_is_shown_against_the_deputy(council_terms, hilltop, key_adult, riverside, admin):
    for deputy in (riverside.key_adult, key_adult):
        with pytest.raises(BusinessRuleError) as refused:
            setting_services.setting_update(
                actor=admin,
                setting=hilltop,
                expected_version=hilltop.version,
                key_adult=key_adult,
                deputy=deputy,
                opens_at=None,
                own_terms=False,
            )
        assert set(refused.value.errors) == {"deputy"}
    hilltop.refresh_from_db()
    assert hilltop.deputy is None


def test_settings_are_stale_checked(hilltop, key_adult, admin):
    with pytest.raises(StaleVersion):
        setting_services.setting_update(
            actor=admin,
            setting=hilltop,
            expected_version=hilltop.version - 1,
            key_adult=key_adult,
            deputy=None,
            opens_at=None,
            own_terms=False,
        )


def test_an_exception_resolved_to_a_setting_sends_the_notification_and_can_record_the_enrolment(
    officer, council_terms, riverside
):
    child = make_child(by=officer, first_name="Casey", last_name="Unknown", date_of_birth=date(2016, 1, 1))
    incident = record_incident(by=officer, children=[entry_for(child)])
    exception = EncompassException.objects.get()
    resolved = services.exception_resolve(
        actor=officer, exception=exception, setting=riverside, record_enrolment=True, now=at("2026-11-14 10:00")
    )
    notification = notification_of(incident)
    assert resolved.notification == notification
    assert resolved.resolved_at == at("2026-11-14 10:00")
    assert notification.issued_at == at("2026-11-14 10:00")
    assert notification.deadline_at == at("2026-11-16 08:45")
    assert Enrolment.objects.get(child=child).setting == riverside
    assert incident_child_of(incident).status == ChildStatus.NOTIFIED


def test_an_exception_resolved_to_the_home_education_team_records_home_education(officer, home_education):
    child = make_child(by=officer, first_name="Jordan", last_name="Faraway", date_of_birth=date(2013, 6, 6))
    enrol(child, kind=EducationKind.OUT_OF_AREA, other_setting="St Mary's School, Sunderland")
    incident = record_incident(by=officer, children=[entry_for(child)])
    services.exception_resolve(
        actor=officer, exception=EncompassException.objects.get(), setting=home_education, record_enrolment=True
    )
    current = Enrolment.objects.get(child=child, ended_on__isnull=True)
    assert (current.kind, current.setting, current.started_on) == (
        EducationKind.HOME_EDUCATED,
        None,
        date(2026, 11, 13),
    )
    assert notification_of(incident).setting == home_education


def test_an_exception_resolved_otherwise_needs_a_reason(officer, council_terms):
    child = make_child(by=officer, first_name="Jordan", last_name="Faraway", date_of_birth=date(2013, 6, 6))
    enrol(child, kind=EducationKind.OUT_OF_AREA, other_setting="St Mary's School, Sunderland")
    incident = record_incident(by=officer, children=[entry_for(child)])
    exception = EncompassException.objects.get()
    with pytest.raises(BusinessRuleError) as refused:
        services.exception_resolve(actor=officer, exception=exception, resolution="  ")
    assert set(refused.value.errors) == {"resolution"}
    services.exception_resolve(actor=officer, exception=exception, resolution="Phoned Sunderland's Encompass lead.")
    incident_child = incident_child_of(incident)
    assert incident_child.status == ChildStatus.NOT_REQUIRED
    assert not Notification.objects.exists()


def test_an_exception_cannot_be_resolved_to_a_school_without_a_key_adult(officer, council_terms):
    child = make_child(by=officer, first_name="Casey", last_name="Unknown", date_of_birth=date(2016, 1, 1))
    record_incident(by=officer, children=[entry_for(child)])
    school = build_setting(name="Valley Primary School", urn="114009")
    with pytest.raises(BusinessRuleError) as refused:
        services.exception_resolve(actor=officer, exception=EncompassException.objects.get(), setting=school)
    assert set(refused.value.errors) == {"setting"}
    assert EncompassException.objects.get().resolved_at is None


def test_an_exception_cannot_be_resolved_to_a_setting_that_has_closed(officer, council_terms, riverside):
    child = make_child(by=officer, first_name="Casey", last_name="Unknown", date_of_birth=date(2016, 1, 1))
    record_incident(by=officer, children=[entry_for(child)])
    riverside.is_active = False
    riverside.save(update_fields=["is_active"])
    with pytest.raises(BusinessRuleError) as refused:
        services.exception_resolve(actor=officer, exception=EncompassException.objects.get(), setting=riverside)
    assert set(refused.value.errors) == {"setting"}
    assert EncompassException.objects.get().resolved_at is None
    assert not Notification.objects.exists()


# Matching the child named by the officer to their record


def test_a_new_child_with_a_wrong_nhs_number_is_refused_against_that_child(officer, pupil):
    count = Child.objects.count()
    entries = [
        entry_for(pupil),
        ChildEntry(
            first_name="Sky",
            last_name="Newcomer",
            date_of_birth=date(2015, 3, 3),
            nhs_number="1234567890",
            present=True,
        ),
    ]
    with pytest.raises(BusinessRuleError) as refused:
        record_incident(by=officer, children=entries)
    assert set(refused.value.errors) == {"child_2"}
    assert "NHS number" in refused.value.errors["child_2"][0]
    assert Child.objects.count() == count
    assert not Incident.objects.exists()


def test_an_existing_child_is_found_by_name_and_date_of_birth(officer, pupil):
    count = Child.objects.count()
    entry = ChildEntry(first_name=" robin ", last_name="EXAMPLE", date_of_birth=pupil.date_of_birth, present=True)
    incident = record_incident(by=officer, children=[entry])
    assert incident_child_of(incident).child == pupil
    assert Child.objects.count() == count


def test_an_existing_child_is_found_by_local_child_id(officer, pupil):
    count = Child.objects.count()
    entry = ChildEntry(first_name="Robyn", last_name="Exampel", date_of_birth=None, present=True, local_child_id="c-1")
    incident = record_incident(by=officer, children=[entry])
    assert incident_child_of(incident).child == pupil
    assert Child.objects.count() == count


def test_an_unknown_local_child_id_is_refused(officer, council_terms):
    entry = ChildEntry(first_name="", last_name="", date_of_birth=None, present=True, local_child_id="NOPE-1")
    with pytest.raises(BusinessRuleError) as refused:
        record_incident(by=officer, children=[entry])
    assert "NOPE-1" in refused.value.errors["child_1"][0]
    assert not Incident.objects.exists()


def test_a_new_child_gets_a_record_that_the_next_incident_finds(officer, council_terms):
    entry = ChildEntry(first_name="Nova", last_name="Newcomer", date_of_birth=date(2015, 4, 4), present=True)
    first = record_incident(by=officer, children=[entry])
    child = incident_child_of(first).child
    assert child.local_child_id.startswith("ENC-")
    assert (child.first_name, child.last_name, child.date_of_birth) == ("Nova", "Newcomer", date(2015, 4, 4))
    second = record_incident(
        by=officer, children=[entry], occurred="2026-11-20 18:00", issued="2026-11-20 19:00", reference="DUR-NEW-2"
    )
    assert incident_child_of(second).child == child
    assert Child.objects.filter(first_name="Nova").count() == 1


def test_two_records_with_the_childs_name_and_birthday_are_refused_for_that_child(officer, pupil):
    make_child(
        by=officer, first_name="Robin", last_name="Example", date_of_birth=pupil.date_of_birth, not_a_duplicate=True
    )
    other = make_child(by=officer, first_name="Lee", last_name="Sibling", date_of_birth=date(2014, 1, 1))
    with pytest.raises(BusinessRuleError) as refused:
        record_incident(by=officer, children=[entry_for(other), entry_for(pupil)])
    assert set(refused.value.errors) == {"child_2"}
    assert "local child ID" in refused.value.errors["child_2"][0]
    assert not Incident.objects.exists()
    assert not IncidentChild.objects.exists()


def test_a_child_with_neither_birthday_nor_local_id_saves_nothing(officer, pupil):
    counts = (Child.objects.count(), ChronologyEvent.objects.count(), OutboxMessage.objects.count())
    nameless = ChildEntry(first_name="Alex", last_name="Unknown", date_of_birth=None, present=True)
    with pytest.raises(BusinessRuleError) as refused:
        record_incident(by=officer, children=[entry_for(pupil), nameless])
    assert set(refused.value.errors) == {"child_2"}
    assert "Alex" in refused.value.errors["child_2"][0]
    assert Incident.objects.count() == 0
    assert IncidentChild.objects.count() == 0
    assert Notification.objects.count() == 0
    assert (Child.objects.count(), ChronologyEvent.objects.count(), OutboxMessage.objects.count()) == counts


def test_a_child_without_a_name_is_refused(officer, council_terms):
    entry = ChildEntry(first_name="Alex", last_name=" ", date_of_birth=date(2015, 1, 1), present=True)
    with pytest.raises(BusinessRuleError) as refused:
        record_incident(by=officer, children=[entry])
    assert set(refused.value.errors) == {"child_1"}


# Bad input


def record_at(officer: User, **overrides: object) -> Incident:
    data: dict[str, object] = {
        "actor": officer,
        "police_reference": "DUR-2026-0001",
        "occurred_at": at("2026-11-13 18:30"),
        "place": "The family home",
        "risk_level": "medium",
        "officer_name": "PC 1234 Example",
        "children": [],
        "now": at("2026-11-13 22:00"),
    }
    data.update(overrides)
    return services.incident_record(**data)  # type: ignore[arg-type]


def test_an_incident_in_the_future_is_refused(officer, pupil):
    with pytest.raises(BusinessRuleError) as refused:
        record_at(officer, occurred_at=at("2026-11-13 22:06"), children=[entry_for(pupil)])
    assert set(refused.value.errors) == {"occurred_at"}
    assert not Incident.objects.exists()
    record_at(officer, occurred_at=at("2026-11-13 22:04"), children=[entry_for(pupil)])  # a clock a little fast


def test_a_police_reference_is_recorded_once_whatever_its_case(officer, pupil):
    record_at(officer, children=[entry_for(pupil)])
    with pytest.raises(BusinessRuleError) as refused:
        record_at(officer, police_reference=" dur-2026-0001 ", children=[entry_for(pupil)])
    assert set(refused.value.errors) == {"police_reference"}
    assert Incident.objects.count() == 1


def test_an_incident_needs_a_place_an_officer_a_risk_level_and_a_reference(officer, pupil):
    with pytest.raises(BusinessRuleError) as refused:
        record_at(
            officer, police_reference=" ", place=" ", officer_name="", risk_level="severe", children=[entry_for(pupil)]
        )
    assert set(refused.value.errors) == {"police_reference", "place", "officer_name", "risk_level"}
    assert not Incident.objects.exists()


def test_an_incident_needs_a_child(officer, council_terms):
    with pytest.raises(BusinessRuleError) as refused:
        record_at(officer, children=[])
    assert set(refused.value.errors) == {"child_1"}
    assert not Incident.objects.exists()


def test_an_incident_is_kept_tidy(officer, pupil):
    incident = record_at(
        officer,
        police_reference="  DUR-9 ",
        place=" Park Road ",
        officer_name=" PC 9 ",
        circumstances=" Shouting heard. ",
        children=[entry_for(pupil, words="  Mum was crying  ")],
    )
    assert (incident.police_reference, incident.place, incident.officer_name) == ("DUR-9", "Park Road", "PC 9")
    assert incident.circumstances == "Shouting heard."
    assert incident.recorded_by == officer
    assert incident_child_of(incident).child_words == "Mum was crying"
    assert incident_child_of(incident).present is True


# Never twice


def test_adding_the_same_child_again_changes_nothing(officer, pupil, key_adult):
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(pupil)])
    again = services.incident_add_child(
        actor=officer, incident=incident, entry=entry_for(pupil, present=False), now=at("2026-11-13 23:00")
    )
    assert IncidentChild.objects.filter(incident=incident).count() == 1
    assert again.present is True
    assert Notification.objects.count() == 1
    assert len(outbox("encompass-notification")) == 1
    assert ChronologyEvent.objects.filter(child=pupil, event_type=EventType.DOMESTIC_ABUSE_INCIDENT).count() == 1


def test_a_child_added_later_is_routed_too(officer, pupil, riverside):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    sibling = child_at(officer, riverside, first_name="Lee")
    added = services.incident_add_child(
        actor=officer, incident=incident, entry=entry_for(sibling), now=at("2026-11-14 09:00")
    )
    assert added.status == ChildStatus.NOTIFIED
    assert Notification.objects.get(incident_child=added).setting == riverside


def test_an_exception_is_resolved_once(officer, council_terms, riverside):
    child = make_child(by=officer, first_name="Casey", last_name="Unknown", date_of_birth=date(2016, 1, 1))
    record_incident(by=officer, children=[entry_for(child)])
    exception = EncompassException.objects.get()
    services.exception_resolve(actor=officer, exception=exception, setting=riverside)
    with pytest.raises(BusinessRuleError):
        services.exception_resolve(actor=officer, exception=exception, setting=riverside)
    assert Notification.objects.count() == 1


def test_resolving_to_a_school_already_told_reuses_its_notification(officer, pupil, hilltop):
    Enrolment.objects.create(
        child=pupil, kind=EducationKind.OUT_OF_AREA, other_setting="Elsewhere", started_on=date(2026, 1, 1)
    )
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    first = notification_of(incident)
    exception = EncompassException.objects.get()
    resolved = services.exception_resolve(actor=officer, exception=exception, setting=hilltop)
    assert resolved.notification == first
    assert Notification.objects.count() == 1
    assert len(outbox("encompass-notification")) == 1


def test_sending_again_emails_each_key_adult_and_never_makes_a_second_notification(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    notification = notification_of(incident)
    once = services.notification_resend(actor=officer, notification=notification)
    twice = services.notification_resend(actor=officer, notification=notification)
    assert (once.resent_count, twice.resent_count) == (1, 2)
    assert Notification.objects.count() == 1
    resends = outbox("encompass-resend")
    assert len(resends) == 4
    assert sorted(m.to_address for m in resends) == sorted([key_adult.email, deputy.email] * 2)
    assert all("Robin" not in m.body for m in resends)


def test_an_acknowledged_notification_is_not_sent_again(officer, pupil, key_adult):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    services.notification_acknowledge(actor=key_adult, notification=notification_of(incident))
    with pytest.raises(BusinessRuleError):
        services.notification_resend(actor=officer, notification=notification_of(incident))
    assert notification_of(incident).resent_count == 0
    assert not outbox("encompass-resend")


def test_a_notification_to_a_school_with_no_one_to_email_is_not_sent_again(officer, pupil, hilltop, key_adult):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    key_adult.email = ""
    key_adult.save(update_fields=["email"])
    with pytest.raises(BusinessRuleError):
        services.notification_resend(actor=officer, notification=notification_of(incident))
    assert notification_of(incident).resent_count == 0


def test_the_database_refuses_a_second_notification_to_the_same_school(officer, pupil, hilltop):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    first = notification_of(incident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            incident_child=first.incident_child, setting=hilltop, issued_at=first.issued_at, issued_by=officer
        )
    assert Notification.objects.count() == 1


# Acknowledgement and support


def test_acknowledging_again_keeps_the_first_time_and_person(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    first = services.notification_acknowledge(
        actor=key_adult, notification=notification_of(incident), now=at("2026-11-14 09:00")
    )
    again = services.notification_acknowledge(
        actor=deputy, notification=notification_of(incident), now=at("2026-11-15 09:00")
    )
    assert (again.acknowledged_at, again.acknowledged_by) == (at("2026-11-14 09:00"), key_adult)
    assert again.version == first.version
    stored = notification_of(incident)
    assert (stored.acknowledged_at, stored.acknowledged_by) == (at("2026-11-14 09:00"), key_adult)


def test_recording_support_acknowledges_a_notification_not_yet_acknowledged(officer, pupil, key_adult):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    notification = notification_of(incident)
    opened_version = notification.version
    saved = services.notification_record_support(
        actor=key_adult,
        notification=notification,
        expected_version=notification.version,
        support_offered="  Time with the learning mentor each morning.  ",
    )
    stored = notification_of(incident)
    assert stored.support_offered == "Time with the learning mentor each morning."
    assert stored.support_recorded_at is not None
    assert stored.acknowledged_by == key_adult
    assert stored.acknowledged_at == stored.support_recorded_at
    assert stored.version == saved.version == opened_version + 1


def test_recording_support_keeps_an_earlier_acknowledgement(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    acknowledged = services.notification_acknowledge(
        actor=key_adult, notification=notification_of(incident), now=at("2026-11-14 09:00")
    )
    services.notification_record_support(
        actor=deputy, notification=acknowledged, expected_version=acknowledged.version, support_offered="Nurture group"
    )
    stored = notification_of(incident)
    assert (stored.acknowledged_at, stored.acknowledged_by) == (at("2026-11-14 09:00"), key_adult)
    assert stored.support_offered == "Nurture group"


def test_support_recorded_on_an_old_version_is_refused(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil)])
    opened = notification_of(incident)
    services.notification_acknowledge(actor=deputy, notification=opened, now=at("2026-11-14 09:00"))
    with pytest.raises(StaleVersion):
        services.notification_record_support(
            actor=key_adult, notification=opened, expected_version=opened.version, support_offered="Mentor"
        )
    stale = notification_of(incident)
    with pytest.raises(StaleVersion):
        services.notification_record_support(
            actor=key_adult, notification=stale, expected_version=stale.version - 1, support_offered="Mentor"
        )
    assert notification_of(incident).support_offered == ""


def test_support_must_be_described(officer, pupil, key_adult):
    notification = notification_of(record_incident(by=officer, children=[entry_for(pupil)]))
    with pytest.raises(BusinessRuleError) as refused:
        services.notification_record_support(
            actor=key_adult, notification=notification, expected_version=notification.version, support_offered=" "
        )
    assert set(refused.value.errors) == {"support_offered"}


# The child's chronology


def test_the_incident_and_the_notification_go_on_the_childs_chronology(officer, pupil, hilltop):
    incident = record_incident(by=officer, children=[entry_for(pupil)], risk_level="high")
    notification = notification_of(incident)
    incident_event = ChronologyEvent.objects.get(child=pupil, event_type=EventType.DOMESTIC_ABUSE_INCIDENT)
    assert incident_event.occurred_at == at("2026-11-13 18:30")
    assert incident_event.significance == Significance.SERIOUS
    assert (incident_event.source_type, incident_event.source_id) == ("encompass_incident", str(incident.pk))
    assert incident.police_reference in incident_event.summary
    assert "present" in incident_event.summary
    notified = ChronologyEvent.objects.get(child=pupil, event_type=EventType.ENCOMPASS_NOTIFICATION)
    assert notified.occurred_at == at("2026-11-13 22:00")
    assert (notified.source_type, notified.source_id) == ("encompass_notification", str(notification.pk))
    assert hilltop.name in notified.summary


def test_a_medium_risk_incident_is_significant_and_a_child_not_routed_still_has_it(officer, council_terms):
    child = make_child(by=officer, first_name="Young", last_name="Child", date_of_birth=date(2024, 6, 1))
    record_incident(by=officer, children=[entry_for(child, present=False)])
    event = ChronologyEvent.objects.get(child=child)
    assert event.event_type == EventType.DOMESTIC_ABUSE_INCIDENT
    assert event.significance == Significance.SIGNIFICANT
    assert "not present" in event.summary


def test_a_key_adult_sees_only_the_schools_where_they_are_key_adult(officer, pupil, key_adult, riverside):
    """Holding another role at a second school's agency gives no sight of its children's notifications."""
    Membership.objects.create(user=key_adult, agency=riverside.agency, role=Role.VIEWER)
    other = make_child(by=officer, first_name="Jordan", last_name="Elsewhere", date_of_birth=date(2014, 5, 5))
    enrol(other, riverside)
    incident = record_incident(by=officer, children=[entry_for(pupil), entry_for(other)])
    elsewhere = notification_of(incident, riverside)
    person = User.objects.get(pk=key_adult.pk)
    assert person.has_perm("encompass.view_inbox")
    assert [n.incident_child.child_id for n in selectors.inbox(user=person)] == [pupil.pk]
    assert not selectors.visible_notifications(user=person).filter(pk=elsewhere.pk).exists()
    assert not person.has_perm("encompass.acknowledge", elsewhere)
