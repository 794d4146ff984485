"""The Ofsted Annex A lists imported from the council's case-management system: each import, and the rows of
Lists 1 (contacts), 3 (referrals), 4 (assessments) and 5 (Section 47 enquiries and initial conferences).

Annex A rows are pseudonymous: a child is known only by the council's Child Unique ID, never by name. A new
import of a list replaces the current rows of that list; earlier imports are kept, no longer current. The end of
the module sets out the columns of each list as Annex A heads them, which the import reads and the export writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.core.models import BaseModel

LISTS = (1, 3, 4, 5)


class AnnexAGender(models.TextChoices):
    """The child's gender, kept as the CIN census `GenderCurrent` code."""

    NOT_KNOWN = "0", "Not stated or recorded"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NEITHER = "9", "Neither"


class ReferralSource(models.TextChoices):
    """Who raised a contact or referral: the CIN census `ReferralSource` codes, which Annex A Lists 1 and 3 use."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and child minders"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers and MPs"
    SCHOOL = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    EMERGENCY = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    SOCIAL_CARE = "5A", "Local authority services: social care"
    LA_INTERNAL = "5B", "Local authority services: other internal"
    LA_EXTERNAL = "5C", "Local authority services: external"
    EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class AnnexAImport(BaseModel):
    """One Annex A file imported: who imported it and when, how many rows of each list it held, the days its rows
    cover, and which of its lists are still the current ones."""

    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when imported on the command line.",
    )
    list_1_rows = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when the file had no List 1.")
    list_3_rows = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when the file had no List 3.")
    list_4_rows = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when the file had no List 4.")
    list_5_rows = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when the file had no List 5.")
    list_1_current = models.BooleanField(default=False)
    list_3_current = models.BooleanField(default=False)
    list_4_current = models.BooleanField(default=False)
    list_5_current = models.BooleanField(default=False)
    first_date = models.DateField(null=True, blank=True, help_text="The earliest contact, referral or start date.")
    last_date = models.DateField(null=True, blank=True, help_text="The latest contact, referral or start date.")
    is_current = models.BooleanField(default=True, help_text="At least one of its lists is still the current one.")
    warnings = models.JSONField(default=list, blank=True, help_text="What the checks noted without refusing.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = "Annex A import"

    def __str__(self) -> str:
        return f"Annex A import of {self.file_name} at {self.imported_at:%Y-%m-%d %H:%M}"

    def holds_current(self, number: int) -> bool:
        """Whether this import's List `number` is the current one."""
        return bool(getattr(self, f"list_{number}_current"))


class AnnexARow(models.Model):
    """What every Annex A row says of the child: the Child Unique ID and the child's characteristics."""

    line = models.PositiveIntegerField(help_text="The row's line in the imported sheet or CSV file.")
    child_ref = models.CharField("Child Unique ID", max_length=64)
    gender = models.CharField(max_length=1, choices=AnnexAGender.choices)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="The CIN census ethnicity code.")
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class List1Contact(AnnexARow):
    """Annex A List 1: one contact about one child."""

    annex_import = models.ForeignKey(AnnexAImport, on_delete=models.CASCADE, related_name="contacts")
    contact_date = models.DateField()
    contact_source = models.CharField(max_length=4, choices=ReferralSource.choices)

    class Meta:
        indexes = [models.Index(fields=["annex_import", "contact_date"], name="annexa_contact_date_idx")]

    def __str__(self) -> str:
        return f"Contact {self.contact_date} ({self.child_ref})"


class List3Referral(AnnexARow):
    """Annex A List 3: one referral of one child to children's social care."""

    annex_import = models.ForeignKey(AnnexAImport, on_delete=models.CASCADE, related_name="referrals")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=4, choices=ReferralSource.choices)
    referral_nfa = models.BooleanField("Referral NFA?", null=True, blank=True)
    referrals_last_12_months = models.PositiveIntegerField(null=True, blank=True)
    is_re_referral = models.BooleanField(
        default=False, help_text="The same list has another referral of the child in the 365 days before."
    )

    class Meta:
        indexes = [models.Index(fields=["annex_import", "referral_date"], name="annexa_referral_date_idx")]

    def __str__(self) -> str:
        return f"Referral {self.referral_date} ({self.child_ref})"


class List4Assessment(AnnexARow):
    """Annex A List 4: one child and family assessment, from its start to its authorisation."""

    annex_import = models.ForeignKey(AnnexAImport, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField()
    authorised_date = models.DateField(null=True, blank=True)
    working_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Working days from the start to the authorisation."
    )
    is_late = models.BooleanField(
        null=True, blank=True, help_text="Authorised later than the working-day target in force when imported."
    )

    class Meta:
        indexes = [models.Index(fields=["annex_import", "authorised_date"], name="annexa_assessment_done_idx")]

    def __str__(self) -> str:
        return f"Assessment from {self.start_date} ({self.child_ref})"


class List5Enquiry(AnnexARow):
    """Annex A List 5: one Section 47 enquiry started at a strategy discussion, and its initial conference."""

    annex_import = models.ForeignKey(AnnexAImport, on_delete=models.CASCADE, related_name="enquiries")
    s47_start_date = models.DateField("Section 47 enquiry start date")
    icpc_not_required = models.BooleanField("initial conference not required", null=True, blank=True)
    icpc_date = models.DateField("initial child protection conference date", null=True, blank=True)
    icpc_working_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Working days from the Section 47 start to the conference."
    )
    icpc_led_to_plan = models.BooleanField("conference led to a child protection plan", null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["annex_import", "s47_start_date"], name="annexa_s47_start_idx"),
            models.Index(fields=["annex_import", "icpc_date"], name="annexa_icpc_date_idx"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.s47_start_date} ({self.child_ref})"


# ---------------------------------------------------------------- the columns of each list, as Annex A heads them

# What a column needs: its heading and a value in every row, its heading only, or neither.
VALUE, HEADING, OPTIONAL = "value", "heading", "optional"


@dataclass(frozen=True)
class Column:
    """One Annex A column Partnership reads: its heading, the row field it fills, how it is read (text, date,
    gender, ethnicity, source, yes_no or count), what it needs (VALUE: the heading and a value in every row;
    HEADING: the heading, blanks allowed; OPTIONAL: neither), and other headings councils give it."""

    heading: str
    field: str
    kind: str
    needs: str = OPTIONAL
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """One Annex A list: its number and name, its columns, the date that places a row in time, and the fields
    that make two rows the same one (refused, or only warned of)."""

    number: int
    title: str
    columns: tuple[Column, ...]
    key_date: str
    duplicate_key: tuple[str, ...]
    duplicates_refused: bool = True


CHILD = (
    Column("Child Unique ID", "child_ref", "text", VALUE),
    Column("Gender", "gender", "gender", VALUE),
    Column("Ethnicity", "ethnicity", "ethnicity"),
    Column("Date of Birth", "date_of_birth", "date", OPTIONAL, ("DOB",)),
)
LIST_SPECS = {
    1: ListSpec(
        1,
        "Contacts",
        (
            *CHILD,
            Column("Date of Contact", "contact_date", "date", VALUE, ("Contact Date",)),
            Column("Contact Source", "contact_source", "source", VALUE),
        ),
        key_date="contact_date",
        duplicate_key=("child_ref", "contact_date", "contact_source"),
        duplicates_refused=False,  # two contacts about a child from the same source on one day do happen
    ),
    3: ListSpec(
        3,
        "Referrals",
        (
            *CHILD,
            Column("Date of Referral", "referral_date", "date", VALUE, ("Referral Date",)),
            Column("Referral Source", "referral_source", "source", VALUE),
            Column("Referral NFA?", "referral_nfa", "yes_no"),
            Column("Number of Referrals in Last 12 Months", "referrals_last_12_months", "count"),
        ),
        key_date="referral_date",
        duplicate_key=("child_ref", "referral_date"),
    ),
    4: ListSpec(
        4,
        "Assessments",
        (
            *CHILD,
            Column("Continuous Assessment Start Date", "start_date", "date", VALUE, ("Assessment Start Date",)),
            Column(
                "Continuous Assessment Date of Authorisation",
                "authorised_date",
                "date",
                HEADING,
                ("Assessment Completion Date", "Assessment Authorisation Date", "Date of Authorisation"),
            ),
        ),
        key_date="start_date",
        duplicate_key=("child_ref", "start_date"),
    ),
    5: ListSpec(
        5,
        "Section 47 enquiries and ICPCs",
        (
            *CHILD,
            Column(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "s47_start_date",
                "date",
                VALUE,
                ("Section 47 Enquiry Start Date", "S47 Start Date"),
            ),
            Column(
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "icpc_not_required",
                "yes_no",
                OPTIONAL,
                ("ICPC not required",),
            ),
            Column("Date of Initial Child Protection Conference", "icpc_date", "date", HEADING, ("ICPC Date",)),
            Column(
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "icpc_led_to_plan",
                "yes_no",
                OPTIONAL,
                ("ICPC Outcome",),
            ),
        ),
        key_date="s47_start_date",
        duplicate_key=("child_ref", "s47_start_date"),
    ),
}
# Annex A columns Partnership knows and does not keep: read past without a warning.
NOT_KEPT = frozenset({"age of child years", "age", "age of child"})
