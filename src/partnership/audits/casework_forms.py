"""Forms of the audit casework: an agency's return, its assignment, moderation, recommendations and plan actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import format_html

from partnership.access.models import Agency, User
from partnership.audits.models import ToolSection
from partnership.plans.models import Theme

TIMESCALE_CHOICES = [(3, "3 months"), (6, "6 months"), (9, "9 months"), (12, "12 months")]


@dataclass(frozen=True)
class SectionFields:
    """A section of the tool with the two fields that grade it."""

    section: ToolSection
    grade: BoundField
    reason: BoundField


class GradesForm(forms.Form):
    """A grade and a written reason for every section of a tool; the service checks that none is missing."""

    reason_name = "rationale"
    reason_label = "Rationale"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, sections: Sequence[ToolSection], scale: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        choices = [(grade, grade) for grade in scale]
        for section in self.sections:
            n = section.number
            self.fields[f"section_{n}_grade"] = forms.ChoiceField(
                label=format_html('Grade<span class="govuk-visually-hidden"> for section {}</span>', n),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": f"Choose a grade from the scale for section {n}"},
            )
            self.fields[f"section_{n}_{self.reason_name}"] = forms.CharField(
                label=format_html('{}<span class="govuk-visually-hidden"> for section {}</span>', self.reason_label, n),
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )

    def section_fields(self) -> list[SectionFields]:
        """Each section with its grade and reason fields, in the tool's order."""
        return [
            SectionFields(
                section=section,
                grade=self[f"section_{section.number}_grade"],
                reason=self[f"section_{section.number}_{self.reason_name}"],
            )
            for section in self.sections
        ]

    def grades(self) -> dict[int, tuple[str, str]]:
        """The answers as the services take them: section number to (grade, reason)."""
        data = self.cleaned_data
        return {
            section.number: (
                data.get(f"section_{section.number}_grade") or "",
                data.get(f"section_{section.number}_{self.reason_name}") or "",
            )
            for section in self.sections
        }


class ReturnForm(GradesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ModerationForm(GradesForm):
    reason_name = "reason"
    reason_label = "Reason for the agreed grade"
    learning = forms.CharField(
        label="What the partnership learned",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="What this case shows about practice across the agencies, good and not yet good enough.",
    )


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    assignee = forms.ModelChoiceField(
        label="Who should complete the return",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        help_text="An auditor of the round or a member of the agency asked for the return.",
        error_messages={"required": "Choose the person who should complete the return"},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.get_full_name() or person.username  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="What should change",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what should change"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns it",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that owns the recommendation"},
    )
    case = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    theme = forms.ModelChoiceField(
        label="Theme of the plan",
        queryset=Theme.objects.none(),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme of the plan"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example A12",
        error_messages={"required": "Enter the action's reference"},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=300,
        required=False,
        help_text="Leave it empty to use the recommendation's words.",
    )
    timescale_months = forms.TypedChoiceField(
        label="Timescale",
        choices=TIMESCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the timescale"},
    )
    expected_impact = forms.CharField(
        label="Expected impact",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what impact the action should have on practice"},
    )

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
