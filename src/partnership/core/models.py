"""Base models every app builds on, and the notification outbox."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """A record with a UUID key, UTC timestamps and a version column for optimistic locking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A notification written in the same transaction as the change that caused it, delivered once."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(max_length=64, help_text="What the message is about, e.g. account-disabled.")
    dedupe_key = models.CharField(max_length=200, unique=True, help_text="The same key is never sent twice.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person whose action caused the message; their manager hears of a delivery that failed.",
    )
    personalisation = models.JSONField(
        default=dict, blank=True, help_text="Named values for a GOV.UK Notify template (besides subject and body)."
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True, help_text="A text attachment, such as an iCalendar invitation.")
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last took the message to send it (its claim lasts a lease)."
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Not tried again before this time (back-off after a failed try)."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    provider_reference = models.CharField(
        max_length=100, blank=True, help_text="The delivery service's own id for the message, e.g. GOV.UK Notify's."
    )
    delivery_status = models.CharField(
        max_length=32, blank=True, help_text="The last delivery status the service reported, e.g. delivered."
    )
    status_checked_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(
        null=True, blank=True, help_text="When delivery was given up for good; shown to the sender's manager."
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id or 'address'}"
