"""The improvement plan: an inspection, its findings, the plan's themes and actions, and their revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.core.models import BaseModel


class InspectionKind(models.TextChoices):
    JTAI = "jtai", "Joint targeted area inspection (JTAI)"
    ILACS = "ilacs", "Inspection of local authority children's services (ILACS)"
    OTHER = "other", "Other inspection or review"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    PRIORITY_ACTION = "priority_action", "Priority action"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DELIVERED = "delivered", "Delivered"
    IMPACT_EVIDENCED = "impact_evidenced", "Impact evidenced"
    SUPERSEDED = "superseded", "Superseded"


class Brag(models.TextChoices):
    BLUE = "blue", "Blue: complete, impact evidenced"
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"


class Inspection(BaseModel):
    """An inspection whose letter the partnership's improvement plan answers."""

    kind = models.CharField(max_length=16, choices=InspectionKind.choices, default=InspectionKind.JTAI)
    title = models.CharField(max_length=300)
    area = models.CharField(max_length=200)
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    inspectorates = models.JSONField(default=list, blank=True, help_text="Names of the inspectorates.")
    deep_dive_theme = models.CharField(max_length=300, blank=True)
    plan_start = models.DateField(help_text="Timescale bands of 3, 6, 9 and 12 months count from this date.")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-plan_start", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Finding(BaseModel):
    """One strength, priority action or area for improvement from the inspection letter."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    reference = models.CharField(max_length=20, help_text="A short reference such as S1, P1 or A12.")
    kind = models.CharField(max_length=32, choices=FindingKind.choices)
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, blank=True, related_name="findings")
    source_reference = models.CharField(max_length=100, blank=True, help_text="Where it is in the letter.")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["inspection", "position", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "reference"], name="finding_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"


class Theme(BaseModel):
    """One of the plan's ordered improvement themes."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="theme_unique_number"),
            models.UniqueConstraint(fields=["inspection", "title"], name="theme_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class DeliveryGroup(BaseModel):
    """A partnership group that owns actions, such as a MASH board, under the executive."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="chaired_groups"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Action(BaseModel):
    """An action of the plan: who does what by when, the impact it should have and how that is proven."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example 1.3.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    findings = models.ManyToManyField(Finding, blank=True, related_name="actions")
    owner_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    owner_group = models.ForeignKey(
        DeliveryGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_actions"
    )
    lead_name = models.CharField(max_length=200, blank=True, help_text="The named lead, as the plan states it.")
    timescale_months = models.PositiveSmallIntegerField(
        choices=[(3, "3 months"), (6, "6 months"), (9, "9 months"), (12, "12 months")]
    )
    original_due_date = models.DateField()
    current_due_date = models.DateField()
    expected_impact = models.TextField()
    success_measures = models.TextField(blank=True)
    status = models.CharField(max_length=32, choices=DeliveryStatus.choices, default=DeliveryStatus.NOT_STARTED)
    progress_note = models.TextField(blank=True, help_text="The lead's latest account of progress.")
    progress_updated_at = models.DateTimeField(null=True, blank=True)
    brag_override = models.CharField(max_length=8, choices=Brag.choices, blank=True)
    brag_override_reason = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False, help_text="Written for the demo, not from a real plan.")
    history = HistoricalRecords(m2m_fields=[findings])

    class Meta:
        ordering = ["inspection", "theme__number", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "reference"], name="action_unique_reference"),
            models.CheckConstraint(
                condition=models.Q(owner_agency__isnull=True) | models.Q(owner_group__isnull=True),
                name="action_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["inspection", "current_due_date"], name="action_due_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def owner_name(self) -> str:
        if self.owner_agency_id:
            return self.owner_agency.name  # type: ignore[union-attr]
        if self.owner_group_id:
            return self.owner_group.name  # type: ignore[union-attr]
        return ""

    @property
    def timescale_revised(self) -> bool:
        return self.current_due_date != self.original_due_date


class ScrutinyActivity(BaseModel):
    """One planned piece of monitoring, scrutiny or audit that will show whether an action had its impact."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="scrutiny")
    activity = models.TextField()
    who = models.CharField(max_length=200, blank=True)
    when = models.CharField(max_length=100, blank=True, help_text="For example: quarterly, March 2019.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "position"]
        verbose_name_plural = "scrutiny activities"

    def __str__(self) -> str:
        return self.activity[:60]


class ActionRevision(BaseModel):
    """A recorded change to an action's due date, lead, owner, wording or expected impact, with its reason."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="revisions")
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    changes = models.JSONField(help_text="Each changed field with its old and new value.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of {self.action_id} at {self.created_at:%Y-%m-%d}"
