"""The child's record: the child, their household, the adults around them, and which agencies are involved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.core.models import BaseModel


class Gender(models.TextChoices):
    """The CIN census `GenderCurrent` codes."""

    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class Ethnicity(models.TextChoices):
    """The CIN census `Ethnicity` codes."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy or Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Declined"
    NOBT = "NOBT", "Information not yet obtained"


class AdultRole(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    ADULT_VICTIM = "adult_victim", "Adult victim"
    PERSON_CAUSING_HARM = "person_causing_harm", "Person causing harm"
    OTHER_HOUSEHOLD_MEMBER = "other_household_member", "Other household member"


class Household(BaseModel):
    """The children and adults who live together, or are linked as one family."""

    reference = models.CharField(max_length=40, unique=True, help_text="The local household or family reference.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"Household {self.reference}"


class HouseholdAdult(BaseModel):
    """An adult in a child's household and their role to the children: parent, carer, adult victim, ..."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="adults")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    role = models.CharField(max_length=32, choices=AdultRole.choices)
    is_parent = models.BooleanField(default=False, help_text="A parent or carer as well as their other role.")
    lives_in_household = models.BooleanField(default=True)
    left_on = models.DateField(null=True, blank=True, help_text="When they stopped being part of the household.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


class Child(BaseModel):
    """A child or an unborn child known to the partnership; field names follow the CIN census where they can."""

    first_name = models.CharField(max_length=100, help_text="For an unborn child, 'Unborn' or the chosen name.")
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True, help_text="Previous or other names.")
    date_of_birth = models.DateField(null=True, blank=True, help_text="CIN: PersonBirthDate.")
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="CIN: ExpectedPersonBirthDate, for an unborn child."
    )
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True, help_text="Ten digits.")
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True, help_text="Unique pupil number.")
    local_child_id = models.CharField(
        "local child ID", max_length=40, unique=True, help_text="CIN: LAchildID, the council's reference."
    )
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text="Set when this record was a duplicate and was merged into another.",
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "date_of_birth"]
        indexes = [models.Index(fields=["last_name", "first_name", "date_of_birth"], name="child_name_dob_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
            )
        ]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None


class Involvement(BaseModel):
    """An agency (and optionally a named practitioner) working with a child; it decides who may see the record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="involvements"
    )
    service = models.CharField(max_length=200, help_text="What the agency does for the child, e.g. health visiting.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["agency", "ended_on"], name="involvement_agency_idx")]

    def __str__(self) -> str:
        return f"{self.agency} with {self.child_id}"


class BreakGlass(BaseModel):
    """Emergency, time-limited access to a child's record by someone whose agency is not involved."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "break-glass accesses"

    def __str__(self) -> str:
        return f"Break-glass by {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
