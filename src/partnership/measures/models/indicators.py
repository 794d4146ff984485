"""Indicator definitions, their baselines and targets, the values stored for each period, and the plan actions
whose success they measure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.core.models import BaseModel


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", "count"
    HOURS = "hours", "hours"
    DAYS = "days", "days"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Source(models.TextChoices):
    COMPUTED = "computed", "Computed from Partnership's records"
    IMPORTED = "imported", "Imported from the council's case-management system (Annex A)"
    MANUAL = "manual", "Entered by hand by a named owner"


class Area(models.TextChoices):
    STRATEGY = "strategy", "Strategy meetings"
    FRONT_DOOR = "frontdoor", "Front door and MASH"
    ENCOMPASS = "encompass", "Operation Encompass"
    CASEWORK = "casework", "Casework (Annex A)"
    AUDITS = "audits", "Case file audits"
    OTHER = "other", "Other"


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class Indicator(BaseModel):
    """What is counted, how, which way is better, and the baseline and target it is judged against."""

    key = models.SlugField(max_length=80, unique=True, help_text="A short stable name used in files and the API.")
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(help_text="What the indicator counts, in plain words.")
    numerator = models.CharField(max_length=300, help_text="What is counted on top (or the count itself).")
    denominator = models.CharField(max_length=300, blank=True, help_text="What it is counted out of, if a rate.")
    unit = models.CharField(max_length=16, choices=Unit.choices)
    polarity = models.CharField(max_length=8, choices=Polarity.choices)
    breakdowns = models.JSONField(default=list, blank=True, help_text="The breakdowns offered, e.g. agency.")
    source = models.CharField(max_length=16, choices=Source.choices)
    area = models.CharField(max_length=16, choices=Area.choices, default=Area.OTHER)
    calculator = models.CharField(
        max_length=80, blank=True, help_text="The built-in calculator of a computed or imported indicator."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_indicators",
        help_text="Who enters the values of an indicator entered by hand.",
    )
    is_builtin = models.BooleanField(default=False)
    is_priority = models.BooleanField(default=False, help_text="Measures the inspection's priority action.")
    display_order = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    baseline = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_label = models.CharField(max_length=100, blank=True, help_text="When the baseline was measured.")
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amber_within = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text="How far short of the target, as a % of the target, is still amber rather than red.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_priority", "display_order", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(BaseModel):
    """One indicator's value for one period and breakdown cell, as computed, imported or entered on one day.

    Values are dated snapshots: computing again on the same day replaces that day's row, a later day adds a
    new row and marks it current, so a report that quoted an earlier day's figures can always find them.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=32, blank=True, help_text="Empty for the whole partnership.")
    breakdown_key = models.CharField(max_length=80, blank=True)
    breakdown_label = models.CharField(max_length=200, blank=True)
    numerator = models.IntegerField(null=True, blank=True)
    denominator = models.IntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    as_of = models.DateField(help_text="The day the value was computed, imported or entered.")
    is_current = models.BooleanField(default=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start", "breakdown", "breakdown_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start", "breakdown", "breakdown_key", "as_of"],
                name="measures_value_one_per_cell_per_day",
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period_kind", "is_current", "breakdown", "period_start"],
                name="measures_value_current_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.period_start} {self.breakdown_key or 'all'}"


class ActionIndicator(BaseModel):
    """An improvement plan action's success measured by an indicator."""

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="action_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__display_order", "indicator__name"]
        constraints = [models.UniqueConstraint(fields=["action", "indicator"], name="measures_action_indicator_once")]

    def __str__(self) -> str:
        return f"{self.action_id} measured by {self.indicator.key}"
