"""Records management: how long each type of record is kept, and every decision taken when one passes that time."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.core.models import BaseModel


class RecordType(models.TextChoices):
    """The types of record the retention review covers: each one can be deleted whole and safely."""

    CHILD = "child", "A child's whole record"
    NFA_CONTACT = "nfa_contact", "A contact that ended in no further action, about a child otherwise unknown"
    SENT_EMAIL = "sent_email", "A notification e-mail already sent"


class Clock(models.TextChoices):
    """What the retention period is counted from."""

    BIRTH = "birth", "The child's date of birth (the expected date for an unborn child)"
    OPENED = "opened", "The date the record was opened"
    DECIDED = "decided", "The date the decision was made"
    RECEIVED = "received", "The date the contact was received"
    SENT = "sent", "The date it was sent"


class RetentionPeriod(BaseModel):
    """How many years the partnership keeps one type of record, counted from what, and why."""

    record_type = models.CharField(max_length=32, choices=RecordType.choices, unique=True)
    years = models.PositiveSmallIntegerField()
    clock = models.CharField(max_length=16, choices=Clock.choices, help_text="What the years are counted from.")
    reason = models.TextField(help_text="Why the partnership chose this period, and any guidance it follows.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years"


class DecisionAction(models.TextChoices):
    KEEP = "keep", "Keep for longer"
    DELETE = "delete", "Delete"


class RetentionDecision(models.Model):
    """One decision on a record past retention; it names the record only by its key and holds no personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    record_id = models.UUIDField(help_text="The key of the record decided on; never its name or details.")
    action = models.CharField(max_length=16, choices=DecisionAction.choices)
    period_years = models.PositiveSmallIntegerField(help_text="The retention period applied, in years.")
    period_clock = models.CharField(max_length=16, choices=Clock.choices)
    keep_years = models.PositiveSmallIntegerField(null=True, blank=True)
    keep_until = models.DateField(null=True, blank=True, help_text="The record comes back for review on this day.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    deleted_rows = models.JSONField(default=dict, blank=True, help_text="Rows deleted, counted per table.")

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="retention_decision_record_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.record_type} {self.record_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("Retention decisions are an audit trail and cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Retention decisions are an audit trail and cannot be deleted.")

    @property
    def rows_deleted(self) -> int:
        return sum(self.deleted_rows.values())
