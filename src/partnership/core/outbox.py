"""The outbox: notifications are rows written with the change that caused them, then delivered once."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from partnership.core.models import OutboxMessage

logger = logging.getLogger("partnership.outbox")

MAX_ATTEMPTS = 5


def outbox_enqueue(
    *, kind: str, dedupe_key: str, to_address: str, subject: str, body: str, recipient: object | None = None
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
        },
    )


def outbox_deliver_pending(*, limit: int = 100) -> int:
    """Send every unsent notification once, marking each sent in the same transaction that claimed it."""
    delivered = 0
    pending_ids = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    for message_id in pending_ids:
        with transaction.atomic():
            queryset = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True)
            if connection.vendor == "postgresql":
                queryset = queryset.select_for_update(skip_locked=True)
            message = queryset.first()
            if message is None:
                continue  # another worker has it, or it was sent meanwhile
            message.attempts += 1
            try:
                send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to_address])
            except Exception as error:  # noqa: BLE001 - any transport failure is recorded and retried later
                message.last_error = type(error).__name__
                message.save(update_fields=["attempts", "last_error"])
                logger.warning("Outbox message %s failed (%s)", message.pk, type(error).__name__)
                continue
            message.sent_at = timezone.now()
            message.save(update_fields=["attempts", "sent_at", "last_error"])
            delivered += 1
    return delivered
