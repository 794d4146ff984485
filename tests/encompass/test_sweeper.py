"""Chasing notifications not acknowledged: the key adults once, an hour after the deadline; the council and the
officer once, six hours after; never an acknowledged notification; and the sweeper runs it every minute."""

from __future__ import annotations

from datetime import date

import pytest

from partnership.access.models import Agency, AgencyKind
from partnership.core.models import OutboxMessage
from partnership.core.sweeper import SWEEP_JOBS
from partnership.encompass import services, setting_services
from partnership.encompass.models import Notification
from tests.encompass.builders import at, entry_for, notification_of, record_incident

pytestmark = pytest.mark.django_db

# Every notification here is due by 08:45 on Monday 16 November 2026; chasing starts at 09:45, escalation at 14:45.


def sweep(when: str) -> int:
    return services.notification_chase_sweep(now=at(when))


def sent(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("to_address"))


@pytest.fixture
def notification(officer, pupil, key_adult, deputy) -> Notification:
    return notification_of(record_incident(by=officer, children=[entry_for(pupil)]))


def test_nothing_is_chased_before_the_hour_after_the_deadline_has_passed(notification):
    assert sweep("2026-11-16 08:45") == 0
    assert sweep("2026-11-16 09:44") == 0
    assert not sent("encompass-chase")
    assert notification_of(notification.incident_child.incident).chased_at is None


def test_the_key_adults_are_chased_once(notification, key_adult, deputy):
    assert sweep("2026-11-16 09:45") == 2
    chases = sent("encompass-chase")
    assert {m.to_address for m in chases} == {key_adult.email, deputy.email}
    for message in chases:
        assert "Not yet acknowledged" in message.subject
        assert f"/encompass/notifications/{notification.pk}/" in message.body
        assert "Robin" not in message.body + message.subject
    assert notification_of(notification.incident_child.incident).chased_at == at("2026-11-16 09:45")
    assert sweep("2026-11-16 09:46") == 0
    assert sweep("2026-11-16 12:00") == 0
    assert len(sent("encompass-chase")) == 2
    assert notification_of(notification.incident_child.incident).chased_at == at("2026-11-16 09:45")


def test_it_is_escalated_once_to_the_council_and_the_officer(notification, officer):
    sweep("2026-11-16 09:45")
    assert sweep("2026-11-16 14:44") == 0
    assert not sent("encompass-escalation")
    assert sweep("2026-11-16 14:45") == 2
    escalations = sent("encompass-escalation")
    assert {m.to_address for m in escalations} == {"encompass@council.example", officer.email}
    for message in escalations:
        assert "Hilltop Primary School" in message.subject
        assert f"/encompass/notifications/{notification.pk}/" in message.body
        assert "Robin" not in message.body + message.subject
    assert notification_of(notification.incident_child.incident).escalated_at == at("2026-11-16 14:45")
    assert sweep("2026-11-16 14:46") == 0
    assert sweep("2026-11-17 14:46") == 0
    assert len(sent("encompass-escalation")) == 2
    assert len(sent("encompass-chase")) == 2


def test_a_sweeper_that_was_down_chases_and_escalates_in_one_run(notification):
    assert sweep("2026-11-17 10:00") == 4
    assert sweep("2026-11-17 10:01") == 0


def test_an_acknowledged_notification_is_never_chased(notification, key_adult):
    services.notification_acknowledge(actor=key_adult, notification=notification, now=at("2026-11-16 10:30"))
    assert sweep("2026-11-16 11:00") == 0
    assert sweep("2026-11-20 11:00") == 0
    assert not sent("encompass-chase")
    assert not sent("encompass-escalation")


def test_a_notification_acknowledged_after_the_chase_is_not_escalated(notification, key_adult):
    assert sweep("2026-11-16 09:45") == 2
    services.notification_acknowledge(actor=key_adult, notification=notification, now=at("2026-11-16 10:30"))
    assert sweep("2026-11-16 15:00") == 0
    assert not sent("encompass-escalation")


def test_a_deadline_moved_by_a_closure_moves_the_chase(notification, hilltop, officer):
    setting_services.closure_add(actor=officer, setting=hilltop, day=date(2026, 11, 16), kind="unexpected")
    assert sweep("2026-11-16 10:00") == 0
    assert sweep("2026-11-17 09:45") == 2


def test_only_late_notifications_are_chased(officer, pupil, key_adult, deputy, notification):
    later = record_incident(
        by=officer, children=[entry_for(pupil)], occurred="2026-11-16 18:00", issued="2026-11-16 19:00"
    )
    assert sweep("2026-11-16 09:45") == 2
    assert notification_of(later).chased_at is None


def test_the_escalation_goes_to_the_councils_contact_address_when_none_is_set(notification, officer, council, settings):
    settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL = ""
    sweep("2026-11-16 14:45")
    assert {m.to_address for m in sent("encompass-escalation")} == {council.contact_email, officer.email}


def test_the_escalation_goes_to_the_officer_alone_when_the_council_has_no_address(notification, officer, settings):
    settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL = ""
    Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE).update(contact_email="")
    assert sweep("2026-11-16 14:45") == 3
    assert [m.to_address for m in sent("encompass-escalation")] == [officer.email]


def test_the_sweeper_runs_the_chase(notification, key_adult, deputy):
    assert "encompass-chase" in SWEEP_JOBS
    assert SWEEP_JOBS["encompass-chase"]() == 4  # every notification here is long past its deadline
    assert SWEEP_JOBS["encompass-chase"]() == 0
    assert {m.to_address for m in sent("encompass-chase")} == {key_adult.email, deputy.email}
