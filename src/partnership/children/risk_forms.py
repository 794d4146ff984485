"""Forms of risk assessments, built from the template's questions, and of written agreements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from partnership.access.models import Agency
from partnership.children.models import Answer, HouseholdAdult, Responsible, RiskLevel, RiskQuestion
from partnership.frontend.fields import GovukDateField

COMMITMENT_ROWS = 5
COMMITMENT_PARTS = ("text", "responsible", "responsible_adult", "responsible_agency")


class RiskAssessmentForm(forms.Form):
    """Every question of a template as Yes, No or Not known with an optional comment, and professional judgement."""

    adult_victim = forms.ModelChoiceField(
        label="Adult victim (optional)",
        queryset=HouseholdAdult.objects.none(),
        required=False,
        empty_label="Not named",
        help_text="The adult of the household the assessment is about.",
    )
    assessed_on = GovukDateField(
        label="Date of the assessment",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the assessment"},
    )
    judgement_level = forms.ChoiceField(
        label="Your professional judgement of the level",
        choices=[("", "No judgement: the score's level stands"), *RiskLevel.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="Professional judgement can raise the level the score gives, never lower it.",
    )
    judgement_reason = forms.CharField(
        label="Reason for your judgement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you give a judgement: what you know that the checklist does not show.",
    )

    def __init__(
        self, *args: Any, questions: list[RiskQuestion], victims: QuerySet[HouseholdAdult], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        if victims.exists():
            self.fields["adult_victim"].queryset = victims  # type: ignore[attr-defined]
        else:
            del self.fields["adult_victim"]
        for question in questions:
            self.fields[f"answer_{question.number}"] = forms.ChoiceField(
                label=f"{question.number}. {question.text}",
                choices=Answer.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=question.guidance,
            )
            self.fields[f"comment_{question.number}"] = forms.CharField(
                label=f"Comment on question {question.number} (optional)",
                required=False,
                max_length=500,
                error_messages={
                    "max_length": f"The comment on question {question.number} must be 500 characters or fewer"
                },
            )

    @property
    def question_rows(self) -> list[tuple[RiskQuestion, forms.BoundField, forms.BoundField]]:
        """Each question with its answer and comment fields, in order."""
        return [(q, self[f"answer_{q.number}"], self[f"comment_{q.number}"]) for q in self.questions]

    def answers(self) -> dict[int, str]:
        """The answers given, by question number (unanswered questions left out)."""
        data = self.cleaned_data
        return {q.number: data[f"answer_{q.number}"] for q in self.questions if data.get(f"answer_{q.number}")}

    def comments(self) -> dict[int, str]:
        """The comments given, by question number."""
        data = self.cleaned_data
        return {q.number: data[f"comment_{q.number}"] for q in self.questions if data.get(f"comment_{q.number}")}

    def first_unanswered(self) -> str | None:
        """The name of the first unanswered question's field, to link an error to."""
        data = getattr(self, "cleaned_data", {})
        for question in self.questions:
            if not data.get(f"answer_{question.number}"):
                return f"answer_{question.number}"
        return None


class AgreementForm(forms.Form):
    """A written agreement: when it was made, when it is reviewed, and rows of who has agreed to do what."""

    made_on = GovukDateField(
        label="Date the agreement was made",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the agreement was made"},
    )
    review_on = GovukDateField(
        label="Review date (optional)", required=False, help_text="When it will be looked at again."
    )

    def __init__(
        self,
        *args: Any,
        adults: QuerySet[HouseholdAdult],
        agencies: QuerySet[Agency],
        rows: int = COMMITMENT_ROWS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for index in range(rows):
            self.fields[f"commitment_{index}_text"] = forms.CharField(
                label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"commitment_{index}_responsible"] = forms.ChoiceField(
                label="Who must do it", choices=[("", "Choose who"), *Responsible.choices], required=False
            )
            self.fields[f"commitment_{index}_responsible_adult"] = forms.ModelChoiceField(
                label="Which adult (optional)", queryset=adults, required=False, empty_label="No named adult"
            )
            self.fields[f"commitment_{index}_responsible_agency"] = forms.ModelChoiceField(
                label="Which agency (optional)", queryset=agencies, required=False, empty_label="No agency"
            )

    @property
    def commitment_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        """Each commitment row's number (from 1) and its fields."""
        return [
            (index + 1, [self[f"commitment_{index}_{part}"] for part in COMMITMENT_PARTS]) for index in range(self.rows)
        ]

    def commitments(self) -> list[dict[str, Any]]:
        """Every row as the service takes it, blank rows included (the service ignores them)."""
        data = self.cleaned_data
        return [
            {part: data.get(f"commitment_{index}_{part}") for part in COMMITMENT_PARTS} for index in range(self.rows)
        ]
