"""Delivery statuses polled from GOV.UK Notify, and a message Notify could not deliver shown to the sender's team
manager (and an administrator), never to another team's; trying it again once the address is put right."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnership.access.models import AccessEvent, Role
from partnership.core.models import OutboxMessage
from partnership.core.notify_status import delivery_status_poll
from partnership.core.outbox import outbox_deliver_pending, outbox_enqueue
from partnership.core.sweeper import SWEEP_JOBS
from tests.conftest import sign_in
from tests.core.conftest import Clock
from tests.factories import AgencyFactory, TeamFactory, make_person
from tests.notify_server import FakeNotify
from tests.trust import tally

pytestmark = pytest.mark.django_db


def sent_message(notify: FakeNotify, *, sender: Any = None, to: str = "lead@example.org") -> OutboxMessage:
    message = outbox_enqueue(
        kind="update-request",
        dedupe_key=f"status:{OutboxMessage.objects.count()}",
        to_address=to,
        subject="Update due",
        body="SECRET BODY TEXT",
        sender=sender,
    )[0]
    assert outbox_deliver_pending() == 1
    message.refresh_from_db()
    return message


def test_polling_stores_the_status_until_it_is_final(notify: FakeNotify, clock: Clock) -> None:
    message = sent_message(notify)
    notify.statuses[message.provider_reference] = "sending"
    assert "notify-delivery-status" in SWEEP_JOBS  # the worker's cycle asks
    assert SWEEP_JOBS["notify-delivery-status"]() == 1
    message.refresh_from_db()
    assert message.delivery_status == "sending" and message.status_checked_at

    notify.statuses[message.provider_reference] = "delivered"
    assert delivery_status_poll() == 0  # asked a moment ago: not again yet
    clock.advance(minutes=6)
    assert delivery_status_poll() == 1
    message.refresh_from_db()
    assert message.delivery_status == "delivered" and message.failed_at is None
    clock.advance(hours=1)
    checked = message.status_checked_at
    assert delivery_status_poll() == 0
    message.refresh_from_db()
    assert message.status_checked_at == checked  # final: never asked again


def test_polling_is_bounded_per_cycle(notify: FakeNotify) -> None:
    for n in range(3):
        sent_message(notify, to=f"person{n}@example.org")
    assert delivery_status_poll(limit=2) == 0  # all still "created": checked, unchanged
    assert OutboxMessage.objects.filter(status_checked_at__isnull=False).count() == 2


@pytest.fixture
def teams() -> dict[str, Any]:
    agency = AgencyFactory()
    team, other_team = TeamFactory(agency=agency), TeamFactory(agency=agency)
    return {
        "sender": make_person(Role.ACTION_LEAD, agency=agency, team=team),
        "manager": make_person(Role.TEAM_MANAGER, agency=agency, team=team),
        "other_manager": make_person(Role.TEAM_MANAGER, agency=agency, team=other_team),
        "admin": make_person(Role.ADMIN, agency=AgencyFactory()),
        "worker": make_person(Role.SOCIAL_WORKER, agency=agency, team=team),
    }


def page_for(person: Any) -> Any:
    return sign_in(Client(), person).get(reverse("access:undelivered-list"))


def test_a_permanent_failure_reported_by_notify_is_shown_to_the_senders_manager_only(
    notify: FakeNotify, teams: dict[str, Any]
) -> None:
    tally("faults")
    message = sent_message(notify, sender=teams["sender"], to="gone@example.org")
    notify.statuses[message.provider_reference] = "permanent-failure"
    assert delivery_status_poll() == 1
    message.refresh_from_db()
    assert message.failed_at and message.delivery_status == "permanent-failure"
    assert "rejected the message" in message.last_error

    page = page_for(teams["manager"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "gone@example.org" in text and "rejected the message" in text and "Progress update request" in text
    assert "SECRET BODY TEXT" not in text  # never the message itself
    assert "gone@example.org" in page_for(teams["admin"]).content.decode()
    other = page_for(teams["other_manager"])
    assert other.status_code == 200 and "gone@example.org" not in other.content.decode()
    assert page_for(teams["worker"]).status_code == 404

    home = sign_in(Client(), teams["manager"]).get(reverse("frontend:home")).content.decode()
    assert "1 message caused by people in your teams could not be delivered" in home
    assert (
        "could not be delivered"
        not in sign_in(Client(), teams["other_manager"]).get(reverse("frontend:home")).content.decode()
    )


def test_a_400_is_shown_and_try_again_sends_it_to_the_corrected_address(
    notify: FakeNotify, teams: dict[str, Any]
) -> None:
    tally("faults")
    recipient = teams["worker"]
    recipient.email = "typo@example"
    recipient.save()
    message = outbox_enqueue(
        kind="break-glass",
        dedupe_key="try-again",
        to_address=recipient.email,
        recipient=recipient,
        sender=teams["sender"],
        subject="Break-glass",
        body="Body.",
    )[0]
    assert outbox_deliver_pending() == 0
    assert "not a valid one" in page_for(teams["manager"]).content.decode()

    url = reverse("access:undelivered-retry", kwargs={"message_id": message.pk})
    refused = sign_in(Client(), teams["other_manager"]).post(url)
    assert refused.status_code == 404
    message.refresh_from_db()
    assert message.failed_at is not None  # another team's manager changed nothing

    recipient.email = "worker@example.org"
    recipient.save()
    done = sign_in(Client(), teams["manager"]).post(url)
    assert done.status_code == 302
    message.refresh_from_db()
    assert message.failed_at is None and message.attempts == 0 and message.to_address == "worker@example.org"
    assert AccessEvent.objects.filter(
        user=teams["manager"], action=AccessEvent.Action.CHANGE, object_id=str(message.pk)
    ).exists()
    assert outbox_deliver_pending() == 1
    assert [send["body"]["email_address"] for send in notify.sends] == ["typo@example", "worker@example.org"]
    again = sign_in(Client(), teams["manager"]).post(url)
    assert again.status_code == 404  # sent now: no longer on the page


def test_the_undelivered_messages_download_holds_the_managers_rows_only_and_never_the_body(
    notify: FakeNotify, teams: dict[str, Any]
) -> None:
    message = sent_message(notify, sender=teams["sender"], to="=cmd|gone@example.org")
    notify.statuses[message.provider_reference] = "permanent-failure"
    assert delivery_status_poll() == 1
    url = reverse("access:undelivered-list")
    for person, expected in ((teams["manager"], 1), (teams["admin"], 1), (teams["other_manager"], 0)):
        client = sign_in(Client(), person)
        response = client.get(url, {"download": "csv"})
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"].startswith('attachment; filename="undelivered-messages-')
        lines = response.content.decode("utf-8-sig").strip().splitlines()
        assert lines[0] == "When,What,Caused by,To,Why,Status"
        assert len(lines) - 1 == expected
        assert "SECRET BODY TEXT" not in response.content.decode("utf-8-sig")
        if expected:
            assert "'=cmd|gone@example.org" in lines[1]  # a formula-looking address is written behind a quote
        assert client.get(url, {"download": "xlsx"}).status_code == 200
    worker = sign_in(Client(), teams["worker"])
    assert worker.get(url, {"download": "csv"}).status_code == 404
    tally("role_object_cases", 4)
