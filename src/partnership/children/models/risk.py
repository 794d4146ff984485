"""Risk assessments from configurable templates, and written agreements with who must act."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.access.models import Agency
from partnership.children.models.record import Child, HouseholdAdult
from partnership.core.models import BaseModel


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskTemplate(BaseModel):
    """A risk tool: its questions, how answers score, and the score bands, so the tool can change without code."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    bands = models.JSONField(
        help_text='Lowest score of each level, e.g. [[0, "standard"], [10, "medium"], [14, "high"]].'
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RiskQuestion(BaseModel):
    """One question of a risk template; a 'yes' adds its weight to the score."""

    template = models.ForeignKey(RiskTemplate, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    guidance = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["template", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="riskquestion_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class RiskAssessment(BaseModel):
    """A completed risk assessment for the adult victim in a child's household, scored by its template."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="risk_assessments")
    template = models.ForeignKey(RiskTemplate, on_delete=models.PROTECT, related_name="assessments")
    adult_victim = models.ForeignKey(
        HouseholdAdult, null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_assessments"
    )
    assessed_on = models.DateField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(default=0)
    score_level = models.CharField(max_length=16, choices=RiskLevel.choices)
    judgement_level = models.CharField(
        max_length=16, choices=RiskLevel.choices, blank=True, help_text="Professional judgement may only raise."
    )
    judgement_reason = models.TextField(blank=True)
    level = models.CharField(max_length=16, choices=RiskLevel.choices)
    marac_criteria = models.JSONField(default=list, help_text="The MARAC referral criteria met.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.template} on {self.assessed_on}: {self.level}"


class RiskAnswer(models.Model):
    """The answer to one question of an assessment, kept item by item."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RiskQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=16, choices=Answer.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["question__number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="riskanswer_unique")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer}"


class Responsible(models.TextChoices):
    ADULT_VICTIM = "adult_victim", "The adult victim"
    PERSON_CAUSING_HARM = "person_causing_harm", "The person causing harm"
    PARENT_OR_CARER = "parent_or_carer", "Another parent or carer"
    AGENCY = "agency", "An agency"
    CHILD = "child", "The child"


class WrittenAgreement(BaseModel):
    """A written safety agreement with a family: who has agreed to do what."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="agreements")
    made_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"Agreement of {self.made_on}"


class Commitment(BaseModel):
    """One commitment in a written agreement, naming who must act."""

    agreement = models.ForeignKey(WrittenAgreement, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField()
    responsible = models.CharField(max_length=32, choices=Responsible.choices)
    responsible_adult = models.ForeignKey(
        HouseholdAdult, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    responsible_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
