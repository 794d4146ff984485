"""Operation Encompass: schools and settings with their calendars, incidents, and each child's notification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.children.models import Child, RiskLevel
from partnership.core.models import BaseModel


class SettingType(models.TextChoices):
    """The kind of setting, close to the establishment types of Get Information about Schools."""

    COMMUNITY = "community", "Community or maintained school"
    ACADEMY = "academy", "Academy or free school"
    VOLUNTARY = "voluntary", "Voluntary aided or controlled school"
    SPECIAL = "special", "Special school"
    ALTERNATIVE = "alternative", "Pupil referral unit or alternative provision"
    INDEPENDENT = "independent", "Independent school"
    EARLY_YEARS = "early_years", "Nursery or early years setting"
    COLLEGE = "college", "Further education college"
    HOME_EDUCATION = "home_education", "Council elective home education team"


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Setting(BaseModel):
    """A school, college or nursery (or the council's home education team) that Encompass notifications go to."""

    name = models.CharField(max_length=200)
    urn = models.CharField("URN", max_length=8, unique=True, help_text="Unique reference number, 6 digits.")
    setting_type = models.CharField(max_length=20, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="setting", help_text="The agency its staff sign in under."
    )
    key_adult = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opens_at = models.TimeField(null=True, blank=True, help_text="When the school day starts; empty for the council's.")
    own_terms = models.BooleanField(default=False, help_text="The setting keeps its own term dates (many academies).")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_home_education(self) -> bool:
        return self.setting_type == SettingType.HOME_EDUCATION


class Term(BaseModel):
    """A term of the council's default calendar (no setting) or of one setting that keeps its own."""

    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=100)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="term_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day} to {self.last_day}"


class ClosureKind(models.TextChoices):
    INSET = "inset", "INSET or training day"
    HOLIDAY = "holiday", "Extra holiday"
    UNEXPECTED = "unexpected", "Unexpected closure (weather, building, other)"


class Closure(BaseModel):
    """A day a setting (or, with no setting, every setting on the council calendar) is closed within term."""

    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField()
    kind = models.CharField(max_length=16, choices=ClosureKind.choices)
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["setting", "day"], name="closure_unique_day")]

    def __str__(self) -> str:
        return f"Closed {self.day}"


class EducationKind(models.TextChoices):
    ATTENDS = "attends", "Attends a setting in the area"
    HOME_EDUCATED = "home_educated", "Electively home educated"
    OUT_OF_AREA = "out_of_area", "Attends a setting outside the area"


class Enrolment(BaseModel):
    """Where a child is educated: a setting here, home education, or a setting in another area."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrolments")
    kind = models.CharField(max_length=16, choices=EducationKind.choices, default=EducationKind.ATTENDS)
    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments")
    other_setting = models.CharField(max_length=200, blank=True, help_text="The name and area of a setting elsewhere.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["child", "ended_on"], name="enrolment_child_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.child_id})"


class Incident(BaseModel):
    """A domestic abuse incident the police attended where a child lives or was present."""

    police_reference = models.CharField(max_length=40, unique=True)
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=200, help_text="Where it happened, e.g. the family home or a street.")
    risk_level = models.CharField(max_length=16, choices=RiskLevel.choices)
    circumstances = models.TextField(blank=True, help_text="Only what the school needs to support the child.")
    officer_name = models.CharField(max_length=200, help_text="The officer who attended.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["occurred_at", "id"], name="incident_newest_idx")]  # pages, newest first

    def __str__(self) -> str:
        return f"Incident {self.police_reference}"


class ChildStatus(models.TextChoices):
    NOTIFIED = "notified", "Setting notified"
    EXCEPTION = "exception", "Exception to resolve"
    NOT_REQUIRED = "not_required", "No notification needed"


class IncidentChild(BaseModel):
    """A child present at or normally living where an incident happened, and what they said."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="encompass_incidents")
    present = models.BooleanField(help_text="Whether the child was there at the time.")
    child_words = models.TextField(blank=True, help_text="What the child said, in their words.")
    status = models.CharField(max_length=16, choices=ChildStatus.choices, default=ChildStatus.NOTIFIED)
    status_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child__last_name", "child__first_name"]
        constraints = [models.UniqueConstraint(fields=["incident", "child"], name="incident_child_unique")]

    def __str__(self) -> str:
        return f"{self.child_id} at {self.incident_id}"


class Notification(BaseModel):
    """The one notification of one child's incident to one setting, its deadline and its acknowledgement."""

    incident_child = models.ForeignKey(IncidentChild, on_delete=models.CASCADE, related_name="notifications")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="notifications")
    deadline_at = models.DateTimeField(null=True, blank=True, help_text="The start of the setting's next school day.")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    support_offered = models.TextField(blank=True)
    support_recorded_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    resent_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident_child", "setting"], name="notification_once_per_setting")
        ]
        indexes = [
            models.Index(fields=["setting", "acknowledged_at"], name="notification_inbox_idx"),
            models.Index(fields=["acknowledged_at", "deadline_at"], name="notification_open_idx"),
            # The overdue list, a page at a time by deadline: only the notifications still waiting.
            models.Index(
                fields=["deadline_at", "id"], condition=Q(acknowledged_at__isnull=True), name="notification_waiting_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Notification to {self.setting_id}"


class ExceptionReason(models.TextChoices):
    NO_SETTING = "no_setting", "The child's setting is not known"
    OUT_OF_AREA = "out_of_area", "The child's setting is outside the area"
    NO_KEY_ADULT = "no_key_adult", "The setting has no key adult"
    NO_SCHOOL_DAY = "no_school_day", "The setting's calendar has no school day ahead"


class EncompassException(BaseModel):
    """A child the system could not route to a setting; it stays open until someone resolves it, never dropped."""

    incident_child = models.ForeignKey(IncidentChild, on_delete=models.CASCADE, related_name="exceptions")
    reason = models.CharField(max_length=16, choices=ExceptionReason.choices)
    detail = models.CharField(max_length=300, blank=True)
    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["resolved_at", "created_at"], name="encompass_exception_open_idx"),
            # The open exceptions, a page at a time, oldest first.
            models.Index(
                fields=["created_at", "id"], condition=Q(resolved_at__isnull=True), name="exception_open_page_idx"
            ),
        ]
        verbose_name = "Encompass exception"

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.incident_child_id})"
