"""The retention review: which records it lists, keep decisions, the pages and who may use them, the command."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Role
from partnership.children.models import Child
from partnership.cli import main
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage
from partnership.frontdoor.models import MashEnquiry, Outcome
from partnership.records import retention_selectors as selectors
from partnership.records.models import Clock, RecordType, RetentionDecision, RetentionPeriod
from partnership.records.retention import retention_keep
from partnership.records.retention_rules import anniversary
from partnership.strategy.models import MeetingChild
from tests.conftest import sign_in
from tests.factories import AgencyFactory, make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.strategy.builders import build_meeting
from tests.trust import tally

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)


def _child(born: date, number: int, **fields: Any) -> Child:
    return Child.objects.create(
        first_name="Pat", last_name=f"Example{number}", date_of_birth=born, local_child_id=f"RV-{number}", **fields
    )


def _ids(rows: Any) -> set[Any]:
    return {row.pk for row in rows}


def test_only_children_on_or_past_their_25th_birthday_are_listed_for_the_administrator() -> None:
    admin = make_person(Role.ADMIN)
    on_the_day = _child(anniversary(TODAY, -25), 1)
    long_past = _child(date(1990, 1, 1), 2)
    not_yet = _child(anniversary(TODAY, -25) + timedelta(days=1), 3)
    leap = _child(date(2001, 2, 28), 4)
    unborn = Child.objects.create(
        first_name="Unborn", last_name="Example", expected_date_of_birth=date(1995, 1, 1), local_child_id="RV-5"
    )
    duplicate = _child(date(1990, 1, 1), 6, merged_into=long_past)
    listed = _ids(selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=TODAY))
    assert listed == {on_the_day.pk, long_past.pk, leap.pk, unborn.pk}
    assert not_yet.pk not in listed and duplicate.pk not in listed
    for role in (Role.EXECUTIVE, Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.VIEWER):
        tally("role_object_cases", 1)
        assert not selectors.past_retention_list(user=make_person(role), record_type=RecordType.CHILD, today=TODAY)


def test_a_leap_day_child_is_listed_from_1_march() -> None:
    admin = make_person(Role.ADMIN)
    leap = _child(date(2000, 2, 29), 1)
    assert not selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=date(2025, 2, 28))
    assert _ids(selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=date(2025, 3, 1))) == {
        leap.pk
    }


def test_the_period_counted_from_the_record_opening_is_applied_when_chosen() -> None:
    admin = make_person(Role.ADMIN)
    child = _child(date(2020, 1, 1), 1)
    RetentionPeriod.objects.filter(record_type=RecordType.CHILD).update(clock=Clock.OPENED, years=1)
    assert not selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=timezone.localdate())
    later = timezone.localdate() + timedelta(days=367)
    assert _ids(selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=later)) == {child.pk}


def test_only_no_further_action_contacts_about_children_otherwise_unknown_are_listed() -> None:
    admin, worker = make_person(Role.ADMIN), make_person(Role.FRONT_DOOR)
    agency = AgencyFactory()
    long_ago = timezone.now() - timedelta(days=7 * 366)

    def decided(child: Child | None, outcome: str = Outcome.NO_FURTHER_ACTION, when: Any = long_ago) -> Any:
        contact = build_contact(child=child, by=worker)
        enquiry = build_enquiry(contact=contact, by=worker, agencies=[])
        MashEnquiry.objects.filter(pk=enquiry.pk).update(outcome=outcome, decided_at=when)
        return contact

    unidentified = decided(None)
    unknown_child = decided(_child(date(2015, 1, 1), 1))
    known = _child(date(2015, 1, 1), 2)
    build_meeting(child=known, agency=agency, by=worker, invited=[])
    about_known_child = decided(known)
    advice = decided(None, Outcome.ADVICE)
    recent = decided(None, when=timezone.now() - timedelta(days=30))
    twice = _child(date(2015, 1, 1), 3)
    first_of_two = decided(twice)
    decided(twice)
    listed = _ids(selectors.past_retention_list(user=admin, record_type=RecordType.NFA_CONTACT))
    assert listed == {unidentified.pk, unknown_child.pk}
    assert not {about_known_child.pk, advice.pk, recent.pk, first_of_two.pk} & listed
    assert MeetingChild.objects.filter(child=known).exists()


def test_only_e_mails_sent_before_the_period_are_listed() -> None:
    admin = make_person(Role.ADMIN)
    old = timezone.now() - timedelta(days=3 * 366)
    sent = OutboxMessage.objects.create(
        kind="k", dedupe_key="a", to_address="a@example.org", subject="s", body="b", sent_at=old
    )
    OutboxMessage.objects.create(kind="k", dedupe_key="b", to_address="a@example.org", subject="s", body="b")
    OutboxMessage.objects.create(
        kind="k", dedupe_key="c", to_address="a@example.org", subject="s", body="b", sent_at=timezone.now()
    )
    assert _ids(selectors.past_retention_list(user=admin, record_type=RecordType.SENT_EMAIL)) == {sent.pk}


def test_a_keep_decision_hides_the_record_until_the_new_date() -> None:
    admin = make_person(Role.ADMIN)
    child = _child(date(1990, 1, 1), 1)
    decision = retention_keep(
        actor=admin, record_type=RecordType.CHILD, record_id=child.pk, keep_years=2, reason="Court case", today=TODAY
    )
    assert decision.keep_until == date(2028, 11, 29)
    for day, listed in ((TODAY, False), (date(2028, 11, 28), False), (date(2028, 11, 29), True)):
        assert (
            child.pk in _ids(selectors.past_retention_list(user=admin, record_type=RecordType.CHILD, today=day))
        ) is listed
    with pytest.raises(BusinessRuleError):
        retention_keep(
            actor=admin, record_type=RecordType.CHILD, record_id=child.pk, keep_years=1, reason="x", today=TODAY
        )
    assert Child.objects.filter(pk=child.pk).exists()


def test_the_review_page_lists_and_logs_for_the_administrator_only() -> None:
    admin = make_person(Role.ADMIN)
    child = _child(date(1990, 1, 1), 1)
    page = sign_in(Client(), admin).get(reverse("records:retention-review"))
    assert page.status_code == 200
    assert (
        "Example1" in page.content.decode()
        and reverse("records:retention-decide", args=["child", child.pk]) in page.content.decode()
    )
    assert AccessEvent.objects.filter(
        user=admin, action=AccessEvent.Action.LIST, object_type="retention_child"
    ).exists()
    for role in (Role.EXECUTIVE, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.AUDITOR):
        tally("role_object_cases", 1)
        person = make_person(role)
        client = sign_in(Client(), person)
        assert client.get(reverse("records:retention-review")).status_code == 404
        response = client.post(
            reverse("records:retention-decide", args=["child", child.pk]),
            {"action": "delete", "reason": "x", "confirm": "True"},
        )
        assert response.status_code == 404
        assert Child.objects.filter(pk=child.pk).exists()
        assert AccessEvent.objects.filter(user=person, action=AccessEvent.Action.REFUSED).count() == 2
    assert not RetentionDecision.objects.exists()


def test_deletion_through_the_pages_asks_for_confirmation_first() -> None:
    admin = make_person(Role.ADMIN)
    child = _child(date(1990, 1, 1), 1)
    client = sign_in(Client(), admin)
    url = reverse("records:retention-decide", args=["child", child.pk])
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(action=AccessEvent.Action.VIEW, object_id=str(child.pk)).exists()
    missing_reason = client.post(url, {"action": "delete", "reason": ""})
    assert missing_reason.status_code == 400 and "Give the reason for the decision" in missing_reason.content.decode()
    confirm = client.post(url, {"action": "delete", "reason": "Past retention"})
    assert confirm.status_code == 200 and "Delete the record" in confirm.content.decode()
    assert Child.objects.filter(pk=child.pk).exists()
    done = client.post(url, {"action": "delete", "reason": "Past retention", "confirm": "True"})
    assert done.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    decisions = client.get(reverse("records:retention-decisions"))
    assert str(child.pk) in decisions.content.decode() and "Example1" not in decisions.content.decode()


def test_keeping_through_the_pages_needs_the_years() -> None:
    admin = make_person(Role.ADMIN)
    child = _child(date(1990, 1, 1), 1)
    client = sign_in(Client(), admin)
    url = reverse("records:retention-decide", args=["child", child.pk])
    assert client.post(url, {"action": "keep", "reason": "Court case"}).status_code == 400
    assert client.post(url, {"action": "keep", "keep_years": "3", "reason": "Court case"}).status_code == 302
    assert RetentionDecision.objects.get().keep_years == 3


def test_a_stale_change_of_a_period_is_refused_and_nothing_is_overwritten() -> None:
    admin = make_person(Role.ADMIN)
    period = RetentionPeriod.objects.get(record_type=RecordType.CHILD)
    client, other = sign_in(Client(), admin), sign_in(Client(), make_person(Role.ADMIN))
    url = reverse("records:retention-period-edit", args=["child"])
    data = {"version": period.version, "clock": Clock.BIRTH}
    assert other.post(url, {**data, "years": 30, "reason": "Looked-after children"}).status_code == 302
    stale = client.post(url, {**data, "years": 20, "reason": "Shorter"}, follow=True)
    assert "Someone else changed this retention period" in stale.content.decode()
    period.refresh_from_db()
    assert (period.years, period.reason, period.version) == (30, "Looked-after children", 2)
    assert period.history.count() == 1
    wrong_clock = client.post(url, {"version": 2, "clock": Clock.SENT, "years": 20, "reason": "x"})
    assert wrong_clock.status_code == 400


def test_the_monthly_command_prints_the_count_past_retention_per_type(capsys: pytest.CaptureFixture[str]) -> None:
    _child(date(1990, 1, 1), 1)
    _child(date(1991, 1, 1), 2)
    assert main(["retention-review"]) == 0
    printed = capsys.readouterr().out
    assert "       2  A child's whole record (kept 25 years)" in printed
    assert "       0  A notification e-mail already sent (kept 2 years)" in printed
    assert "Example" not in printed
