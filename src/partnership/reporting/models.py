"""Published reports: frozen, dated snapshots of the plan for the executive and for Cabinet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly report to the executive"
    CABINET = "cabinet", "Cabinet summary"


class PublishedReport(models.Model):
    """A report as published: its data with a SHA-256 hash and its renderings; never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey("plans.ReportingPeriod", on_delete=models.PROTECT, related_name="published_reports")
    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField()
    data_sha256 = models.CharField(max_length=64)
    html = models.TextField()
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    docx = models.BinaryField()

    class Meta:
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["period", "kind"], name="report_one_per_period_and_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("A published report is frozen and cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A published report is frozen and cannot be deleted.")
