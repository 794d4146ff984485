"""The quarterly governance cycle: reporting periods, progress updates with evidence, and executive reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.core.models import BaseModel
from partnership.plans.models.plan import Action, ActionRevision, Brag, DeliveryStatus, Inspection


class ReportingPeriod(BaseModel):
    """A quarter of the plan: leads report on their actions by its deadline; it is then closed and reported."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(max_length=20, help_text="For example 2019-Q1.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    updates_due_on = models.DateField(help_text="The deadline for leads' updates.")
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["inspection", "label"], name="period_unique_label")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class UpdateState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with a question"
    ACCEPTED = "accepted", "Accepted"


class ProgressUpdate(BaseModel):
    """A lead's quarterly report on one action: what happened, the evidence, and the rating they propose."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    requested_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="update_requests"
    )
    state = models.CharField(max_length=16, choices=UpdateState.choices, default=UpdateState.REQUESTED)
    narrative = models.TextField(blank=True, help_text="What happened this quarter.")
    proposed_status = models.CharField(max_length=32, choices=DeliveryStatus.choices, blank=True)
    proposed_brag = models.CharField(max_length=8, choices=Brag.choices, blank=True)
    brag_reason = models.TextField(blank=True)
    mitigation = models.TextField(blank=True, help_text="What is being done about a red or amber rating.")
    scrutiny_done = models.TextField(blank=True, help_text="Monitoring, scrutiny or audit carried out this quarter.")
    proposed_due_date = models.DateField(null=True, blank=True, help_text="A new due date the lead asks for.")
    proposed_revision_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_question = models.TextField(blank=True, help_text="The executive's challenge to answer.")
    escalated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "action__reference"]
        constraints = [models.UniqueConstraint(fields=["period", "action"], name="update_one_per_action")]

    def __str__(self) -> str:
        return f"Update on {self.action_id} for {self.period_id}"

    @property
    def is_missing(self) -> bool:
        return self.state in {UpdateState.REQUESTED, UpdateState.DRAFT, UpdateState.RETURNED}


class EvidenceItem(BaseModel):
    """A file or link that shows an action happened or had its impact, kept with its checksum."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    description = models.CharField(max_length=300)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class ReviewMeeting(BaseModel):
    """A meeting of the executive that reviews the quarter's exceptions and decides on each."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField(help_text="The day of the meeting (the London date of starts_at, when it has a time).")
    starts_at = models.DateTimeField(null=True, blank=True, help_text="When it starts; invitations need a time.")
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    location = models.CharField(max_length=200, blank=True)
    dial_in_link = models.URLField(max_length=500, blank=True, help_text="The video or phone dial-in link (https).")
    calendar_sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="SEQUENCE of the last calendar invitation sent; empty before the first."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", "Accept the update"
    CHALLENGE = "challenge", "Challenge: return to the lead with a question"
    REVISE = "revise", "Revise the action"
    CONFIRM_DELIVERED = "confirm_delivered", "Confirm delivered"
    CONFIRM_IMPACT = "confirm_impact", "Confirm impact evidenced"


class ReviewDecision(BaseModel):
    """One agenda item of a review (an action and why it is on the agenda) and the executive's decision on it."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="items")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="review_items")
    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reasons = models.JSONField(default=list, help_text="Why the action is on the agenda.")
    decision = models.CharField(max_length=32, choices=DecisionKind.choices, blank=True)
    note = models.TextField(blank=True, help_text="The question, the reason or what was agreed.")
    revision = models.ForeignKey(ActionRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "action__theme__number", "action__reference"]
        constraints = [models.UniqueConstraint(fields=["meeting", "action"], name="review_item_unique_action")]

    def __str__(self) -> str:
        return f"{self.action_id} at {self.meeting_id}"
