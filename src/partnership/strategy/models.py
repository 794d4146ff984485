"""Strategy meetings: the threshold, invitations to agencies, information, the meeting, decisions and sharing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency, AgencyKind
from partnership.children.models import Child
from partnership.core.models import BaseModel


class MeetingState(models.TextChoices):
    CONVENING = "convening", "Being convened"
    HELD = "held", "Held, record being written"
    COMPLETED = "completed", "Record signed off"
    SHARED = "shared", "Record shared"
    CANCELLED = "cancelled", "Cancelled"


class Mode(models.TextChoices):
    MEETING = "meeting", "Meeting (in person or video)"
    CALL = "call", "Phone calls"


class StrategyMeeting(BaseModel):
    """A strategy discussion held because there is reasonable cause to suspect a child is suffering significant harm."""

    threshold_at = models.DateTimeField(help_text="When reasonable cause to suspect significant harm was identified.")
    threshold_reason = models.TextField(help_text="What happened and why the threshold is met.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="chaired_meetings"
    )
    convene_due_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=MeetingState.choices, default=MeetingState.CONVENING)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=200, blank=True, help_text="Where the meeting is held, if in person.")
    dial_in_link = models.URLField(max_length=500, blank=True, help_text="The video or phone dial-in link (https).")
    calendar_sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="SEQUENCE of the last calendar invitation sent; empty before the first."
    )
    unscheduled_reason = models.TextField(blank=True, help_text="Why the meeting's time was cancelled.")
    held_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, blank=True)
    information_shared = models.TextField(blank=True)
    risk_analysis = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_due_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    convene_reminded_at = models.DateTimeField(null=True, blank=True)
    convene_escalated_at = models.DateTimeField(null=True, blank=True)
    share_escalated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-threshold_at"]
        indexes = [
            models.Index(fields=["state", "convene_due_at"], name="meeting_state_due_idx"),
            # The list, newest threshold first, and a period's meetings for the measures (by threshold or held).
            models.Index(fields=["threshold_at"], name="meeting_threshold_idx"),
            models.Index(fields=["held_at"], name="meeting_held_idx"),
        ]

    def __str__(self) -> str:
        return f"Strategy meeting of {self.threshold_at:%Y-%m-%d %H:%M}"


class S47Decision(models.TextChoices):
    YES = "yes", "Yes: start a Section 47 enquiry"
    NO = "no", "No Section 47 enquiry"


class Investigation(models.TextChoices):
    SINGLE = "single", "Single agency (children's social care)"
    JOINT = "joint", "Joint with the police"


class MeetingChild(BaseModel):
    """One child's part of a strategy meeting: the decisions taken for them (one record per child)."""

    meeting = models.ForeignKey(StrategyMeeting, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="strategy_meetings")
    s47 = models.CharField("Section 47 enquiry", max_length=8, choices=S47Decision.choices, blank=True)
    investigation = models.CharField(max_length=8, choices=Investigation.choices, blank=True)
    police_investigation = models.BooleanField(null=True)
    medical = models.BooleanField("medical examination", null=True)
    legal = models.BooleanField("legal advice or proceedings", null=True)
    immediate_safety = models.TextField("immediate safety action", blank=True)
    reason = models.TextField(blank=True, help_text="Why these decisions were taken.")
    voice_summary = models.TextField(
        blank=True, help_text="The child's voice as the meeting heard it, from the child's record."
    )
    s47_started_on = models.DateField("Section 47 enquiry start date", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child__last_name", "child__first_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="meetingchild_unique")]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.meeting_id}"


class Response(models.TextChoices):
    PENDING = "pending", "No reply yet"
    ATTENDING = "attending", "Attending"
    SENDING_INFORMATION = "sending_information", "Cannot attend, sending information"
    CANNOT_ATTEND = "cannot_attend", "Cannot attend"


class Invitation(BaseModel):
    """An agency invited to a strategy meeting, through its single point of contact, and everything it did."""

    meeting = models.ForeignKey(StrategyMeeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="strategy_invitations")
    is_required = models.BooleanField(default=False)
    why = models.CharField(max_length=200, help_text="Why the agency is invited.")
    sent_to = models.EmailField(blank=True)
    response = models.CharField(max_length=24, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    attendee_name = models.CharField(max_length=200, blank=True)
    attendee_role = models.CharField(max_length=200, blank=True, help_text="Job title: seniority to decide.")
    information = models.TextField(blank=True)
    nothing_known = models.BooleanField(default=False)
    information_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_required", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="invitation_unique_agency")]

    def __str__(self) -> str:
        return f"{self.agency} to {self.meeting_id}"

    @property
    def informed(self) -> bool:
        return bool(self.information_at)


class MeetingAction(BaseModel):
    """An action agreed at the meeting, with the agency and person who own it and when it is due."""

    meeting = models.ForeignKey(StrategyMeeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.text[:60]


REQUIRED_KINDS = (AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.HEALTH)
