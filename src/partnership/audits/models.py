"""Multi-agency case file audits: versioned tools, rounds with their sample, agency returns and moderation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.children.models import Child
from partnership.core.models import BaseModel

DEFAULT_GRADE_SCALE = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def default_grade_scale() -> list[str]:
    """The grade scale a new tool starts with, best first."""
    return list(DEFAULT_GRADE_SCALE)


class SectionKind(models.TextChoices):
    RECOGNITION_OF_RISK = "recognition_of_risk", "Recognition of risk"
    ASSESSMENT = "assessment", "Assessment"
    PLANNING_AND_INTERVENTION = "planning_and_intervention", "Planning and intervention"
    JOINT_WORKING = "joint_working", "Joint working"
    VOICE_OF_THE_CHILD = "voice_of_the_child", "Voice of the child"
    IMPACT = "impact", "Impact"
    OVERALL = "overall", "Overall"


class AuditTool(BaseModel):
    """One version of an audit tool: sections of questions graded on the tool's scale; a new version is a new row."""

    name = models.CharField(max_length=200)
    version_number = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    grade_scale = models.JSONField(default=default_grade_scale, help_text="The grades, best first.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version_number"]
        constraints = [models.UniqueConstraint(fields=["name", "version_number"], name="audittool_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version_number})"


class ToolSection(BaseModel):
    """A section of an audit tool, graded as a whole with a rationale."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=SectionKind.choices)

    class Meta:
        ordering = ["tool", "number"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="toolsection_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ToolQuestion(BaseModel):
    """A question an auditor answers to reach the grade of a section."""

    section = models.ForeignKey(ToolSection, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["section", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="toolquestion_unique_number")]

    def __str__(self) -> str:
        return self.text


class RoundState(models.TextChoices):
    PLANNING = "planning", "Planning"
    SAMPLING = "sampling", "Sampling"
    AUDITING = "auditing", "Auditing"
    MODERATION = "moderation", "Moderation"
    COMPLETE = "complete", "Complete"


class AuditRound(BaseModel):
    """A round of case file audits on a theme: its tool, its sample, its auditors and their access window."""

    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=200)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="rounds")
    state = models.CharField(max_length=16, choices=RoundState.choices, default=RoundState.PLANNING)
    starts_on = models.DateField(help_text="The first day auditors may open the sampled records.")
    ends_on = models.DateField(help_text="The last day auditors may open the sampled records.")
    sample_criteria = models.JSONField(default=dict, blank=True)
    seed = models.BigIntegerField(null=True, blank=True, help_text="The seed the random sample was drawn with.")
    sample_size = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class ChosenBy(models.TextChoices):
    RANDOM = "random", "Random sample"
    BY_HAND = "by_hand", "Chosen by hand"


class RoundCase(BaseModel):
    """A child's case in the sample of a round."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="cases")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    chosen_by = models.CharField(max_length=16, choices=ChosenBy.choices)
    stratum = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "stratum", "created_at"]
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="roundcase_unique_child")]

    def __str__(self) -> str:
        return f"Case {self.child_id} in {self.round_id}"


class RoundAuditor(BaseModel):
    """A person auditing a round; they see only the round's children, and only while its window is open."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="auditors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_rounds")
    is_independent = models.BooleanField(default=False, help_text="From outside the partnership.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "created_at"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="roundauditor_unique_user")]

    def __str__(self) -> str:
        return f"Auditor {self.user_id} of {self.round_id}"


class ReturnState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"


class AgencyReturn(BaseModel):
    """One involved agency's audit of its own records for a case: a grade and rationale per section."""

    round_case = models.ForeignKey(RoundCase, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_returns")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=ReturnState.choices, default=ReturnState.REQUESTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round_case", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["round_case", "agency"], name="agencyreturn_unique_agency")]

    def __str__(self) -> str:
        return f"Return of {self.agency_id} for {self.round_case_id}"


class SectionGrade(BaseModel):
    """An agency's grade of one section of the tool for a case, with its rationale."""

    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.CASCADE, related_name="grades")
    section = models.ForeignKey(ToolSection, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=64)
    rationale = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency_return", "section__number"]
        constraints = [models.UniqueConstraint(fields=["agency_return", "section"], name="sectiongrade_unique")]

    def __str__(self) -> str:
        return f"{self.grade} for section {self.section_id}"


class Moderation(BaseModel):
    """The multi-agency moderation of a case: agreed grades with reasons, and the learning."""

    round_case = models.OneToOneField(RoundCase, on_delete=models.CASCADE, related_name="moderation")
    learning = models.TextField(blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["round_case"]

    def __str__(self) -> str:
        return f"Moderation of {self.round_case_id}"


class ModeratedGrade(BaseModel):
    """The grade the moderation agreed for one section of a case, and why."""

    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="grades")
    section = models.ForeignKey(ToolSection, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=64)
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["moderation", "section__number"]
        constraints = [models.UniqueConstraint(fields=["moderation", "section"], name="moderatedgrade_unique")]

    def __str__(self) -> str:
        return f"{self.grade} agreed for section {self.section_id}"


class Recommendation(BaseModel):
    """What the round says should change, owned by an agency; it may become an action in the plan."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="recommendations")
    round_case = models.ForeignKey(
        RoundCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    text = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_recommendations")
    plan_action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_recommendations"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
