"""Delivery statuses from GOV.UK Notify: asked for in each worker cycle and stored against the outbox row.

A message Notify accepted is "created", then "sending", then one of the final statuses: "delivered", or a failure
("permanent-failure", "temporary-failure", "technical-failure"), which fails the row for the sender's manager to see.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnership.core.models import OutboxMessage
from partnership.core.notify import (
    CONFIGURATION,
    FAILED_STATUSES,
    FINAL_STATUSES,
    RATE_LIMITED,
    classify_failure,
    notify_chosen,
    notify_status_of,
)

logger = logging.getLogger("partnership.notify")

DEFAULT_STATUS_INTERVAL_MINUTES = 5
DEFAULT_STATUS_BATCH = 50


def _due_for_a_check() -> Q:
    """Rows Notify accepted whose status may still change and was not asked for lately."""
    minutes = getattr(settings, "PARTNERSHIP_NOTIFY_STATUS_MINUTES", DEFAULT_STATUS_INTERVAL_MINUTES)
    checked_before = timezone.now() - timedelta(minutes=minutes)
    return (
        Q(sent_at__isnull=False, failed_at__isnull=True)
        & ~Q(provider_reference="")
        & ~Q(delivery_status__in=FINAL_STATUSES)
        & (Q(status_checked_at__isnull=True) | Q(status_checked_at__lt=checked_before))
    )


def delivery_status_poll(*, limit: int | None = None) -> int:
    """Ask Notify for the status of a bounded batch of sent messages and store it; return how many changed."""
    if not notify_chosen():
        return 0
    batch = limit or getattr(settings, "PARTNERSHIP_NOTIFY_STATUS_BATCH", DEFAULT_STATUS_BATCH)
    rows = list(OutboxMessage.objects.filter(_due_for_a_check()).order_by("status_checked_at", "sent_at")[:batch])
    changed = 0
    for message in rows:
        try:
            status = notify_status_of(message.provider_reference)
        except Exception as error:  # noqa: BLE001 - asked again next cycle; a status is never worth a crash
            logger.warning("Could not get the delivery status of outbox message %s (%s)", message.pk, error)
            OutboxMessage.objects.filter(pk=message.pk).update(status_checked_at=timezone.now())
            if classify_failure(error).kind in (CONFIGURATION, RATE_LIMITED):
                break  # every other question would get the same answer this cycle
            continue
        changes: dict[str, object] = {"delivery_status": status[:32], "status_checked_at": timezone.now()}
        if status in FAILED_STATUSES:
            changes.update(failed_at=timezone.now(), last_error=FAILED_STATUSES[status])
            logger.warning("Outbox message %s was not delivered: %s", message.pk, status)
        with transaction.atomic():
            OutboxMessage.objects.filter(pk=message.pk, failed_at__isnull=True).update(**changes)
        changed += status != message.delivery_status
    return changed
