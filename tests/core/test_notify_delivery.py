"""Delivery through GOV.UK Notify, against a local server that speaks its API: templates per kind, personalisation,
the row as the reference, and every documented error reply retried or failed as the API says, nothing lost."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from partnership.core.models import OutboxMessage
from partnership.core.notify import notify_configuration_check
from partnership.core.outbox import MAX_ATTEMPTS, Attachment, backoff, outbox_deliver_pending, outbox_enqueue
from tests.core.conftest import Clock
from tests.mail_parts import calendar_parts
from tests.notify_server import FakeNotify
from tests.trust import tally

pytestmark = pytest.mark.django_db

ICS = Attachment(name="meeting.ics", content_type="text/calendar", content="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


def queue(kind: str = "update-request", to: str = "lead@example.org", **extra: Any) -> OutboxMessage:
    key = f"{kind}:{to}:{OutboxMessage.objects.count()}"
    return outbox_enqueue(kind=kind, dedupe_key=key, to_address=to, subject="Update due", body="Please.", **extra)[0]


def test_each_kind_goes_with_its_template_its_personalisation_and_the_row_as_reference(
    notify: FakeNotify, settings: Any
) -> None:
    own = notify.template(subject="((subject))", body="Dear ((name)),\n((body))")
    settings.PARTNERSHIP_NOTIFY_TEMPLATES = f"update-request={own}, strategy-invitation = {notify.default_template}"
    settings.PARTNERSHIP_NOTIFY_REPLY_TO_ID = "6f1c2e10-0000-4000-8000-000000000001"
    personal = queue("update-request", personalisation={"name": "Sam Lead"}, attachment=ICS)
    plain = queue("quarter", to="chair@example.org")

    assert outbox_deliver_pending() == 2

    bodies = {send["body"]["reference"]: send["body"] for send in notify.sends}
    assert bodies[str(personal.pk)] == {
        "email_address": "lead@example.org",
        "template_id": own,
        "personalisation": {"subject": "Update due", "body": "Please.", "name": "Sam Lead"},
        "reference": str(personal.pk),
        "email_reply_to_id": "6f1c2e10-0000-4000-8000-000000000001",
    }  # no attachment: Notify takes no .ics file
    assert bodies[str(plain.pk)]["template_id"] == notify.default_template
    personal.refresh_from_db()
    assert personal.sent_at and personal.delivery_status == "created"
    assert notify.accepted[personal.provider_reference]["text"] == "Dear Sam Lead,\nPlease."
    assert outbox_deliver_pending() == 0 and len(notify.sends) == 2  # sent once


@pytest.mark.parametrize(
    ("arrange", "reason"),
    [
        ("bad-address", "The e-mail address is not a valid one"),
        ("team-only", "team-only API key"),
        ("no-template", "template for this kind of message does not exist"),
        ("missing-field", "needs a field this message does not have (Missing personalisation: name)"),
    ],
)
def test_a_400_fails_the_message_at_once_with_the_reason_in_words_and_is_not_tried_again(
    notify: FakeNotify, settings: Any, clock: Clock, arrange: str, reason: str
) -> None:
    tally("faults")
    to = "lead@example" if arrange == "bad-address" else "lead@example.org"
    if arrange == "team-only":
        notify.team_only.add(to)
    if arrange == "no-template":
        settings.PARTNERSHIP_NOTIFY_TEMPLATES = "update-request=0e4b6bd3-3c5c-4ea4-8a37-2b8a0a4f3b1e"
    if arrange == "missing-field":
        settings.PARTNERSHIP_NOTIFY_TEMPLATES = f"update-request={notify.template(body='Dear ((name)) ((body))')}"
    message = queue(to=to)

    assert outbox_deliver_pending() == 0
    message.refresh_from_db()
    assert message.failed_at is not None and message.sent_at is None and message.attempts == 1
    assert reason in message.last_error
    clock.advance(days=2)
    assert outbox_deliver_pending() == 0 and len(notify.sends) == 1 and not notify.accepted


@pytest.mark.parametrize("reply", ["bad-key", "clock", "rate-limit", "daily-limit", "server-error"])
def test_a_403_429_or_500_is_tried_again_after_a_back_off_and_sent_once_under_the_same_reference(
    notify: FakeNotify, clock: Clock, reply: str
) -> None:
    tally("faults")
    message = queue()
    notify.fail_next(reply)

    assert outbox_deliver_pending() == 0
    message.refresh_from_db()
    assert message.sent_at is None and message.failed_at is None and message.last_error
    waited = message.next_attempt_at - timezone.now()  # type: ignore[operator]
    expected = timedelta(minutes=4) if reply in ("rate-limit", "daily-limit") else timedelta(minutes=1)
    assert expected - timedelta(seconds=5) < waited <= expected
    assert message.attempts == (0 if reply in ("bad-key", "clock") else 1)  # the key's fault uses up no try

    clock.advance(seconds=30)
    assert outbox_deliver_pending() == 0 and len(notify.sends) == 1  # still backing off
    clock.advance(seconds=waited.total_seconds())
    assert outbox_deliver_pending() == 1

    message.refresh_from_db()
    assert message.sent_at and message.last_error == "" and message.provider_reference in notify.accepted
    assert [send["body"]["reference"] for send in notify.sends] == [str(message.pk)] * 2
    assert len(notify.accepted) == 1


def test_no_answer_from_notify_is_retried_too(notify: FakeNotify, settings: Any, clock: Clock) -> None:
    tally("faults")
    settings.PARTNERSHIP_NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens: connection refused
    message = queue()
    assert outbox_deliver_pending() == 0
    message.refresh_from_db()
    assert message.failed_at is None and "Could not reach GOV.UK Notify" in message.last_error
    settings.PARTNERSHIP_NOTIFY_BASE_URL = notify.url
    clock.advance(minutes=2)
    assert outbox_deliver_pending() == 1 and len(notify.accepted) == 1


def test_passing_failures_back_off_twice_as_long_each_time_and_fail_for_good_after_the_last_try(
    notify: FakeNotify, clock: Clock
) -> None:
    tally("faults", MAX_ATTEMPTS)
    message = queue()
    notify.fail_next(*["server-error"] * MAX_ATTEMPTS)
    waits = []
    for _ in range(MAX_ATTEMPTS):
        assert outbox_deliver_pending() == 0
        message.refresh_from_db()
        if message.next_attempt_at:
            waits.append(round((message.next_attempt_at - timezone.now()).total_seconds() / 60))
            clock.advance(hours=2)
    assert waits == [1, 2, 4, 8]
    assert message.failed_at is not None and message.attempts == MAX_ATTEMPTS
    assert message.last_error.startswith(f"Gave up after {MAX_ATTEMPTS} tries.")
    clock.advance(days=1)
    assert outbox_deliver_pending() == 0 and len(notify.sends) == MAX_ATTEMPTS


def test_a_refused_api_key_is_never_given_up_on_and_logs_an_error_every_cycle(
    notify: FakeNotify, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    cycles = MAX_ATTEMPTS + 2
    tally("faults", cycles)
    first, second = queue(), queue(to="other@example.org")
    notify.fail_next(*["bad-key"] * cycles)
    with caplog.at_level(logging.ERROR, logger="partnership.outbox"):
        for _ in range(cycles):
            outbox_deliver_pending()
            clock.advance(minutes=2)
    assert len(notify.sends) == cycles  # one try a cycle: the other message waits rather than hit the same wall
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == cycles
    for message in (first, second):
        message.refresh_from_db()
        assert message.failed_at is None and message.sent_at is None and message.attempts == 0
    assert outbox_deliver_pending() == 2  # the key put right: both go, nothing lost


def test_the_back_off_doubles_up_to_its_cap(settings: Any) -> None:
    settings.PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS = 60
    settings.PARTNERSHIP_OUTBOX_RETRY_CAP_SECONDS = 3600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 6, 7, 20)] == [60, 120, 240, 1920, 3600, 3600]
    assert backoff(2, factor=4).total_seconds() == 480


class FailingOnceBackend(EmailBackend):
    """Django's in-memory backend that refuses the first message it is given."""

    refused = 0

    def send_messages(self, messages: Any) -> int:
        if not FailingOnceBackend.refused:
            FailingOnceBackend.refused += 1
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


def test_the_django_backend_is_still_the_default_and_backs_off_the_same_way(settings: Any, clock: Clock) -> None:
    tally("faults")
    assert settings.PARTNERSHIP_EMAIL_DELIVERY == "django"
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    message = queue(attachment=ICS)
    assert outbox_deliver_pending() == 0
    message.refresh_from_db()
    assert "did not take the message (ConnectionRefusedError)" in message.last_error
    assert message.next_attempt_at and not message.failed_at
    assert outbox_deliver_pending() == 0 and not mail.outbox
    clock.advance(minutes=1, seconds=1)
    assert outbox_deliver_pending() == 1
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"].startswith(f"<outbox.{message.pk}@")
    assert [part.filename for part in calendar_parts(sent)] == ["meeting.ics"]  # the Django path still sends the file
    message.refresh_from_db()
    assert message.provider_reference == "" and message.delivery_status == ""


def test_notify_chosen_without_a_key_or_default_template_fails_the_system_check(settings: Any) -> None:
    settings.PARTNERSHIP_EMAIL_DELIVERY = "notify"
    settings.PARTNERSHIP_NOTIFY_API_KEY = ""
    settings.PARTNERSHIP_NOTIFY_TEMPLATE_ID = ""
    settings.PARTNERSHIP_NOTIFY_TEMPLATES = "update-request"
    assert {error.id for error in notify_configuration_check()} == {
        "partnership.E302",
        "partnership.E303",
        "partnership.E304",
    }
    with pytest.raises(SystemCheckError, match="PARTNERSHIP_NOTIFY_API_KEY is missing"):
        call_command("check")
    settings.PARTNERSHIP_EMAIL_DELIVERY = "django"
    assert notify_configuration_check() == []


def test_a_row_whose_tries_are_used_up_is_failed_not_left_unseen(notify: FakeNotify) -> None:
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)
    assert outbox_deliver_pending() == 0 and not notify.sends
    message.refresh_from_db()
    assert message.failed_at is not None and message.last_error == f"Gave up after {MAX_ATTEMPTS} tries."
