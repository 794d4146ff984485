"""The outbox: notifications are rows written with the change that caused them, then delivered by the worker.

The delivery guarantee, and why it is this one:

- No notification is lost. A row is written in the same transaction as the change, so it exists exactly when the
  change does; the worker retries it until it is marked sent (up to MAX_ATTEMPTS tries, each recorded).
- A notification is handed to the e-mail backend at most once, except in one window: a worker that dies (power cut,
  ``kill -9``) after the mail server accepted the message and before the worker recorded it as sent. Nobody can know
  then whether it went, so after the claim's lease the message is sent again. Exactly-once across a crash there
  would need the mail server to take part in the transaction, which no mail server does.
- Such a re-send is recognisably the same message: every message carries a Message-ID made from its outbox row,
  the same on every attempt, so mail systems (and GOV.UK Notify, given it as the reference) can drop the copy.

How: a worker first claims a row in its own committed transaction (``claimed_at``, ``attempts`` + 1, by one
conditional UPDATE, so two workers never claim the same row), then sends, then marks it sent in a second
transaction. A send that fails with an error releases the claim for a later cycle. A claim left by a worker that
died is taken again once its lease (PARTNERSHIP_OUTBOX_LEASE_SECONDS, default five minutes) has passed, so a live
worker that is merely slow is not doubled.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from partnership.core.models import OutboxMessage

logger = logging.getLogger("partnership.outbox")

MAX_ATTEMPTS = 5
DEFAULT_LEASE_SECONDS = 300


@dataclass(frozen=True)
class Attachment:
    """A text file sent with a message, such as a calendar invitation."""

    name: str
    content_type: str
    content: str


def outbox_enqueue(
    *,
    kind: str,
    dedupe_key: str,
    to_address: str,
    subject: str,
    body: str,
    recipient: object | None = None,
    sender: object | None = None,
    personalisation: dict[str, str] | None = None,
    attachment: Attachment | None = None,
) -> tuple[OutboxMessage, bool]:
    """Write a notification row in the caller's transaction; a repeated dedupe key returns the existing row.

    Returns the row and whether it was new, so a caller can count what it really queued.
    """
    return OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "to_address": to_address,
            "subject": subject,
            "body": body,
            "recipient": recipient,
            "sender": sender,
            "personalisation": personalisation or {},
            "attachment_name": attachment.name if attachment else "",
            "attachment_type": attachment.content_type if attachment else "",
            "attachment": attachment.content if attachment else "",
        },
    )


def message_id_of(message: OutboxMessage) -> str:
    """The Message-ID of an outbox row: the same on every attempt to send it, different for every row."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "partnership.invalid"
    return f"<outbox.{message.pk}@{domain}>"


def send_mail(
    subject: str,
    body: str,
    from_email: str,
    recipient_list: list[str],
    *,
    message_id: str,
    attachment: Attachment | None = None,
) -> int:
    """Hand one message to the configured e-mail backend under the given Message-ID."""
    email = EmailMessage(subject, body, from_email, recipient_list, headers={"Message-ID": message_id})
    if attachment is not None:
        email.attach(attachment.name, attachment.content, attachment.content_type)
    return email.send()


def attachment_of(message: OutboxMessage) -> Attachment | None:
    """The file stored with an outbox row, if it has one."""
    if not message.attachment_name:
        return None
    return Attachment(name=message.attachment_name, content_type=message.attachment_type, content=message.attachment)


def lease() -> timedelta:
    """How long a worker's claim on a message keeps other workers off it."""
    return timedelta(seconds=getattr(settings, "PARTNERSHIP_OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def _claimable() -> Q:
    """Rows a worker may claim now: unsent, tries left, and not claimed by a worker whose lease still runs."""
    cutoff = timezone.now() - lease()
    return Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=cutoff))


def _claim(message_id: uuid.UUID) -> bool:
    """Claim one row in its own committed transaction; False when another worker has it or it was sent."""
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(_claimable(), pk=message_id).update(
            claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return claimed == 1


def _release(message: OutboxMessage, reason: str) -> None:
    """Give a claimed row back after a send that failed, for a later cycle."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(claimed_at=None, last_error=reason)


def _mark_sent(message: OutboxMessage) -> None:
    """Record a row as sent; from here on it is never sent again."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")


def outbox_deliver_pending(*, limit: int = 100) -> int:
    """Send every unsent notification, each claimed before and marked after its send (see the module's guarantee)."""
    delivered = 0
    pending_ids = list(
        OutboxMessage.objects.filter(_claimable()).order_by("created_at").values_list("id", flat=True)[:limit]
    )
    for pk in pending_ids:
        if not _claim(pk):
            continue  # another worker has it, or it was sent meanwhile
        message = OutboxMessage.objects.get(pk=pk)
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to_address],
                message_id=message_id_of(message),
                attachment=attachment_of(message),
            )
        except Exception as error:  # noqa: BLE001 - any transport failure is recorded and retried later
            _release(message, type(error).__name__)
            logger.warning("Outbox message %s failed (%s)", message.pk, type(error).__name__)
            continue
        except BaseException:
            # Stopped in an orderly way while sending (Ctrl+C, SystemExit): the backend did not accept it.
            _release(message, "Interrupted")
            raise
        _mark_sent(message)
        delivered += 1
    return delivered
