"""Writes on undelivered messages: trying one again once its address has been put right."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage


@transaction.atomic
def outbox_message_retry(*, actor: Any, message: OutboxMessage) -> OutboxMessage:
    """Queue an undelivered message again from the start, to the recipient's current address, and log who did it."""
    address = message.to_address
    if message.recipient_id and message.recipient and message.recipient.email:
        address = message.recipient.email  # the account's address may have been corrected since
    restarted = OutboxMessage.objects.filter(pk=message.pk, failed_at__isnull=False).update(
        to_address=address,
        failed_at=None,
        next_attempt_at=None,
        claimed_at=None,
        sent_at=None,
        attempts=0,
        last_error="",
        provider_reference="",
        delivery_status="",
        status_checked_at=None,
    )
    if not restarted:
        raise BusinessRuleError("This message is already being sent again.")
    access_event_record(
        user=actor,
        action=AccessEvent.Action.CHANGE,
        object_type="outbox message",
        object_id=message.pk,
        purpose=f"Tried an undelivered message again, to {address}",
    )
    message.refresh_from_db()
    return message
