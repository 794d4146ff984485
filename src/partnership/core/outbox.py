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
transaction. A send that fails with an error releases the claim for a later cycle, not before a back-off of
base × 2^(tries − 1), capped (PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS, default a minute; _CAP_SECONDS, an hour). A
failure that trying again cannot mend (GOV.UK Notify's 400), or MAX_ATTEMPTS passing ones, fails the row for good:
``failed_at`` and the reason in ``last_error``, shown to the sender's manager, never silently dropped. With
PARTNERSHIP_EMAIL_DELIVERY=notify the send goes to GOV.UK Notify (see ``partnership.core.notify``), otherwise to
Django's e-mail backend; the claim, back-off and failure are the same for both. A claim left by a worker that
died is taken again once its lease (PARTNERSHIP_OUTBOX_LEASE_SECONDS, default five minutes) has passed, so a live
worker that is merely slow is not doubled.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from partnership.core.models import OutboxMessage
from partnership.core.notify import (
    CONFIGURATION,
    PERMANENT,
    RATE_LIMITED,
    TRANSIENT,
    SendFailure,
    classify_failure,
    notify_chosen,
    notify_send,
)

logger = logging.getLogger("partnership.outbox")

MAX_ATTEMPTS = 5
DEFAULT_LEASE_SECONDS = 300
DEFAULT_RETRY_BASE_SECONDS = 60
DEFAULT_RETRY_CAP_SECONDS = 3600
RATE_LIMIT_FACTOR = 4  # a rate limit waits four times as long as another passing failure


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
        email.attach(_mime_part(attachment))
    return email.send()


def _mime_part(attachment: Attachment) -> MIMEBase:
    """The attachment as one MIME part whose type keeps its parameters (a calendar's method) and names UTF-8 once."""
    main_type, _slash, rest = attachment.content_type.partition("/")
    subtype, *parameters = (piece.strip() for piece in rest.split(";"))
    if main_type == "text":
        part: MIMEBase = MIMEText(attachment.content, subtype, "utf-8")
    else:
        part = MIMEBase(main_type, subtype)
        part.set_payload(attachment.content.encode())
        encoders.encode_base64(part)
    for parameter in parameters:
        key, _equals, value = parameter.partition("=")
        if key.lower() != "charset":
            part.set_param(key, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment.name)
    return part


def attachment_of(message: OutboxMessage) -> Attachment | None:
    """The file stored with an outbox row, if it has one."""
    if not message.attachment_name:
        return None
    return Attachment(name=message.attachment_name, content_type=message.attachment_type, content=message.attachment)


def lease() -> timedelta:
    """How long a worker's claim on a message keeps other workers off it."""
    return timedelta(seconds=getattr(settings, "PARTNERSHIP_OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def backoff(attempts: int, *, factor: int = 1) -> timedelta:
    """How long to wait before the next try after the given number of tries: base × 2^(tries − 1), capped."""
    base = getattr(settings, "PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS)
    cap = getattr(settings, "PARTNERSHIP_OUTBOX_RETRY_CAP_SECONDS", DEFAULT_RETRY_CAP_SECONDS)
    return timedelta(seconds=min(cap, base * factor * 2 ** max(attempts - 1, 0)))


def _claimable() -> Q:
    """Rows a worker may claim now: unsent, not failed, tries left, not backing off, and not claimed by a worker
    whose lease still runs."""
    now = timezone.now()
    cutoff = now - lease()
    return (
        Q(sent_at__isnull=True, failed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=cutoff))
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def _claim(message_id: uuid.UUID) -> bool:
    """Claim one row in its own committed transaction; False when another worker has it or it was sent."""
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(_claimable(), pk=message_id).update(
            claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return claimed == 1


def _release(message: OutboxMessage, reason: str, *, wait: timedelta | None = None, give_back: bool = False) -> None:
    """Give a claimed row back after a send that failed, not to be tried before the wait is over; a try that was
    not the message's fault is given back."""
    changes: dict[str, object] = {
        "claimed_at": None,
        "last_error": reason[:500],
        "next_attempt_at": timezone.now() + wait if wait else None,
    }
    if give_back:
        changes["attempts"] = F("attempts") - 1
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(**changes)


def _fail(message: OutboxMessage, reason: str) -> None:
    """Give up on a row for good: it is not tried again, and the sender's manager sees it with the reason."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
            claimed_at=None, next_attempt_at=None, failed_at=timezone.now(), last_error=reason[:500]
        )
    logger.warning("Outbox message %s failed for good: %s", message.pk, reason)


def _fail_exhausted() -> int:
    """Fail the rows whose tries are used up but that were never marked failed (every try claimed by a worker that
    died, or left by an older version), so none is left unseen."""
    abandoned = OutboxMessage.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=timezone.now() - lease()),
        sent_at__isnull=True,
        failed_at__isnull=True,
        attempts__gte=MAX_ATTEMPTS,
    )
    if not abandoned.exists():
        return 0  # a quiet cycle writes nothing
    with transaction.atomic():
        return abandoned.update(
            claimed_at=None,
            failed_at=timezone.now(),
            last_error=f"Gave up after {MAX_ATTEMPTS} tries.",
        )


def _mark_sent(message: OutboxMessage) -> None:
    """Record a row as sent, with the delivery service's id and status if it gave any; never sent again after."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=timezone.now(),
            last_error="",
            next_attempt_at=None,
            provider_reference=message.provider_reference,
            delivery_status=message.delivery_status,
        )


def _retry_or_fail(message: OutboxMessage, failure: SendFailure) -> None:
    """After a failed try: fail the row when the failure is permanent or its tries are used up, else back off."""
    if failure.kind == PERMANENT:
        _fail(message, failure.reason)
    elif failure.kind == CONFIGURATION:
        _release(message, failure.reason, wait=backoff(message.attempts), give_back=True)
        logger.error("Outbox message %s not sent: %s", message.pk, failure.reason)
    elif message.attempts >= MAX_ATTEMPTS:
        _fail(message, f"Gave up after {message.attempts} tries. {failure.reason}")
    else:
        factor = RATE_LIMIT_FACTOR if failure.kind == RATE_LIMITED else 1
        _release(message, failure.reason, wait=backoff(message.attempts, factor=factor))
        logger.warning("Outbox message %s failed (%s)", message.pk, failure.reason)


def _mail_failure(error: Exception) -> SendFailure:
    """A failed hand-over to Django's e-mail backend: always worth another try, the reason in words."""
    return SendFailure(TRANSIENT, f"The mail server did not take the message ({type(error).__name__}); will try again.")


def _send(message: OutboxMessage) -> tuple[str, str]:
    """Hand one claimed row to the chosen delivery service; return the service's id for it and its status."""
    if notify_chosen():
        return notify_send(message), "created"  # Notify takes no .ics file: the body keeps the calendar link
    send_mail(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.to_address],
        message_id=message_id_of(message),
        attachment=attachment_of(message),
    )
    return "", ""


def outbox_deliver_pending(*, limit: int = 100) -> int:
    """Send every unsent notification, each claimed before and marked after its send (see the module's guarantee)."""
    _fail_exhausted()
    delivered = 0
    pending_ids = list(
        OutboxMessage.objects.filter(_claimable()).order_by("created_at").values_list("id", flat=True)[:limit]
    )
    for pk in pending_ids:
        if not _claim(pk):
            continue  # another worker has it, or it was sent meanwhile
        message = OutboxMessage.objects.get(pk=pk)
        try:
            message.provider_reference, message.delivery_status = _send(message)
        except Exception as error:  # noqa: BLE001 - any transport failure is recorded and retried or failed
            failure = classify_failure(error) if notify_chosen() else _mail_failure(error)
            _retry_or_fail(message, failure)
            if failure.kind in (CONFIGURATION, RATE_LIMITED):
                break  # the same answer awaits every other message this cycle
            continue
        except BaseException:
            # Stopped in an orderly way while sending (Ctrl+C, SystemExit): the backend did not accept it.
            _release(message, "Interrupted")
            raise
        _mark_sent(message)
        delivered += 1
    return delivered
