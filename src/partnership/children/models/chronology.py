"""What happened to the child: the multi-agency chronology and the child's own voice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.children.models.record import Child
from partnership.core.models import BaseModel


class EventType(models.TextChoices):
    DOMESTIC_ABUSE_INCIDENT = "domestic_abuse_incident", "Domestic abuse incident"
    CONTACT = "contact", "Contact or referral"
    STRATEGY_MEETING = "strategy_meeting", "Strategy meeting"
    ENCOMPASS_NOTIFICATION = "encompass_notification", "Operation Encompass notification"
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    MARAC = "marac", "MARAC"
    CONFERENCE = "conference", "Child protection conference"
    PRE_BIRTH_CONFERENCE = "pre_birth_conference", "Pre-birth conference"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    ATTENDANCE = "attendance", "Hospital or A&E attendance"
    SCHOOL = "school", "School or nursery event"
    OTHER = "other", "Other significant event"


class Significance(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SIGNIFICANT = "significant", "Significant"
    SERIOUS = "serious", "Serious"


class ChronologyEvent(BaseModel):
    """One significant event in a child's life, from any agency, in the one shared chronology."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(help_text="When it happened (kept in UTC).")
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    significance = models.CharField(max_length=16, choices=Significance.choices, default=Significance.SIGNIFICANT)
    summary = models.TextField(help_text="What happened and what it means for the child.")
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="chronology_events")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_type = models.CharField(
        max_length=64, blank=True, help_text="The record that wrote this event, e.g. strategy_meeting."
    )
    source_id = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_at", "created_at"]
        indexes = [
            models.Index(fields=["child", "occurred_at"], name="event_child_time_idx"),
            models.Index(fields=["child", "event_type", "occurred_at"], name="event_child_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} on {self.occurred_at:%Y-%m-%d}"


class VoiceMethod(models.TextChoices):
    DIRECT_WORK = "direct_work", "Direct work with the child"
    OBSERVATION = "observation", "Observation"
    ADVOCATE = "advocate", "Through an advocate"
    CONVERSATION = "conversation", "Conversation"
    OTHER = "other", "Other"


class VoiceEntry(BaseModel):
    """The child's own words, wishes or experience, how they were gathered, by whom and when."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="voice_entries")
    words = models.TextField(help_text="The child's own words, or what was observed for a child too young to say.")
    method = models.CharField(max_length=16, choices=VoiceMethod.choices)
    gathered_on = models.DateField()
    gathered_by = models.CharField(max_length=200, help_text="The practitioner or advocate and their role.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-gathered_on", "-created_at"]
        verbose_name_plural = "voice entries"

    def __str__(self) -> str:
        return f"Voice of {self.child_id} on {self.gathered_on}"
