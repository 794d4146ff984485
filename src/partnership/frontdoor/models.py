"""The front door: contacts, MASH enquiries with each agency's research, joint decisions and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.children.models import Child
from partnership.core.models import BaseModel


class ContactSource(models.TextChoices):
    """The source of a contact, with the codes of the CIN census `ReferralSource` (Annex A List 1)."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOL = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    EMERGENCY = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    SOCIAL_CARE = "5A", "LA services: social care"
    LA_INTERNAL = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ContactState(models.TextChoices):
    NEW = "new", "Awaiting screening"
    ENQUIRY = "enquiry", "MASH enquiry"
    DECIDED = "decided", "Decided"


class Contact(BaseModel):
    """A contact to the front door about one or more children: who raised it, the concern, and the clock to decide."""

    received_at = models.DateTimeField()
    source = models.CharField(max_length=4, choices=ContactSource.choices)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True, help_text="Where the outcome is sent.")
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    concern = models.TextField()
    child_details = models.TextField(
        blank=True, help_text="What is known of a child not yet identified (name, age, address, school)."
    )
    children = models.ManyToManyField(Child, blank=True, related_name="contacts")
    domestic_abuse = models.BooleanField(default=False)
    incident_at = models.DateTimeField(null=True, blank=True)
    risk_level = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    state = models.CharField(max_length=16, choices=ContactState.choices, default=ContactState.NEW)
    decision_due_at = models.DateTimeField()
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="possible_duplicates"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["state", "decision_due_at"], name="contact_state_due_idx"),
            # A period's contacts, for the measures.
            models.Index(fields=["received_at"], name="contact_received_idx"),
        ]

    def __str__(self) -> str:
        return f"Contact of {self.received_at:%Y-%m-%d %H:%M}"


class Priority(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Advice and signposting"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment"
    STRATEGY = "strategy", "Strategy discussion"


class NeedLevel(models.IntegerChoices):
    UNIVERSAL = 1, "Level 1: universal services"
    EARLY_HELP = 2, "Level 2: early help"
    CHILD_IN_NEED = 3, "Level 3: child in need"
    PROTECTION = 4, "Level 4: child protection"


class MashEnquiry(BaseModel):
    """The MASH's work on a contact: its priority, the research asked of each agency, and the joint decision."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="enquiry")
    priority = models.CharField(max_length=8, choices=Priority.choices)
    priority_reason = models.TextField()
    screener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    need_level = models.PositiveSmallIntegerField(choices=NeedLevel.choices, null=True, blank=True)
    reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    is_joint = models.BooleanField(default=False)
    suggested_level = models.PositiveSmallIntegerField(null=True, blank=True)
    needs_confirmation = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_reason = models.TextField(blank=True)
    strategy_meeting_id = models.UUIDField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "MASH enquiries"
        # Finds the open enquiries (decided_at IS NULL) among years of decided ones, and a period's decisions.
        indexes = [models.Index(fields=["decided_at"], name="mash_decided_idx")]

    def __str__(self) -> str:
        return f"MASH enquiry {self.priority} on {self.contact_id}"


class ResearchRequest(BaseModel):
    """One partner agency asked to research its records for an enquiry by a deadline, and what it returned."""

    enquiry = models.ForeignKey(MashEnquiry, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="research_requests")
    due_at = models.DateTimeField()
    information = models.TextField(blank=True)
    nothing_known = models.BooleanField(default=False)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    after_decision = models.BooleanField(default=False, help_text="Returned after the decision was made.")
    chased_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_at", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["enquiry", "agency"], name="research_unique_agency")]
        # Research still owed, per agency by deadline; returned research (nearly all of it) is left out.
        indexes = [
            models.Index(fields=["agency", "due_at"], condition=Q(returned_at__isnull=True), name="research_owed_idx")
        ]

    def __str__(self) -> str:
        return f"Research by {self.agency_id} for {self.enquiry_id}"


class Feedback(BaseModel):
    """Telling the referrer or a contributing agency the outcome; kept with when they were told."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="feedback")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_referrer = models.BooleanField(default=False)
    address = models.EmailField(blank=True)
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Feedback on {self.contact_id}"
