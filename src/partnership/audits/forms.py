"""Forms of the audit lead's screens: planning a round, drawing and adding to its sample, auditors, and tools."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.audits.tools import TOOL_TEMPLATES
from partnership.frontend.fields import GovukDateField

MAX_SAMPLE = 200
MAX_MONTHS = 24


def months_field(help_text: str, *, initial: int | None = None) -> forms.IntegerField:
    """How many months before the draw the sample looks back for domestic abuse."""
    return forms.IntegerField(
        label="Months to look back",
        min_value=1,
        max_value=MAX_MONTHS,
        initial=initial,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many months to look back",
            "invalid": "Enter a whole number of months",
            "min_value": f"Enter a number of months from 1 to {MAX_MONTHS}",
            "max_value": f"Enter a number of months from 1 to {MAX_MONTHS}",
        },
    )


def sample_size_field(label: str, help_text: str, required_message: str) -> forms.IntegerField:
    """A number of cases from 1 to the largest sample."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=MAX_SAMPLE,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": required_message,
            "invalid": "Enter a whole number of cases",
            "min_value": f"Enter a sample size from 1 to {MAX_SAMPLE}",
            "max_value": f"Enter a sample size from 1 to {MAX_SAMPLE}",
        },
    )


class VersionForm(forms.Form):
    """Only the version of the round that was read, for a step that asks for nothing else."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ToolChoiceField(forms.ModelChoiceField):
    """A current audit tool, named with its version."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} (version {obj.version_number})"


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Children living with domestic abuse, spring 2027",
        error_messages={"required": "Enter a title for the round"},
    )
    theme = forms.CharField(
        label="Theme",
        max_length=200,
        help_text="What the round is about, for example domestic abuse",
        error_messages={"required": "Enter the theme of the round"},
    )
    tool = ToolChoiceField(
        label="Audit tool",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the audit tool", "invalid_choice": "Choose the audit tool"},
    )
    starts_on = GovukDateField(
        label="Start date",
        help_text="The first day auditors may open the sampled records, for example 1 3 2027",
        error_messages={"required": "Enter the start date"},
    )
    ends_on = GovukDateField(
        label="End date",
        help_text="The last day auditors may open the sampled records",
        error_messages={"required": "Enter the end date"},
    )
    months = months_field(
        "Children with domestic abuse recorded in this many months before the sample is drawn", initial=6
    )
    sample_size = sample_size_field(
        "Planned sample size", "How many cases you plan to audit", "Enter the planned sample size"
    )

    def __init__(self, *args: Any, tools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = tools  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class SampleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    size = sample_size_field(
        "Sample size",
        "How many cases to draw at random; cases chosen by hand are kept as well",
        "Enter the sample size",
    )
    months = months_field("Children with domestic abuse recorded in this many months")
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=(
            "Leave blank to draw with a new random seed. The same seed with the same records draws the same sample, "
            "so a sample can be checked or drawn again."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the seed as a whole number",
            "min_value": "Enter the seed as a whole number of 1 or more",
            "max_value": "Enter a smaller seed",
        },
    )


class AddCaseForm(forms.Form):
    local_child_id = forms.CharField(
        label="Local child ID",
        max_length=40,
        help_text="The council's case number for the child",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the child's local ID"},
    )
    stratum = forms.CharField(
        label="Stratum (optional)",
        max_length=200,
        required=False,
        help_text="Why the case was chosen; left blank, it shows as chosen by hand",
    )


class AuditorChoiceField(forms.ModelChoiceField):
    """An active person, named with their agency."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        agencies = sorted({m.agency.name for m in getattr(obj, "active_memberships_for_audits", [])})
        return f"{name} ({', '.join(agencies)})" if agencies else name


class AuditorForm(forms.Form):
    user = AuditorChoiceField(
        label="Person",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person", "invalid_choice": "Choose the person"},
    )
    is_independent = forms.BooleanField(
        label="From outside the partnership (independent)",
        required=False,
        help_text="An independent auditor brings an outside view to the round",
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class ToolForm(forms.Form):
    template = forms.ChoiceField(
        label="Tool",
        choices=[(key, template.name) for key, template in TOOL_TEMPLATES.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the tool", "invalid_choice": "Choose the tool"},
    )
    grade_scale = forms.CharField(
        label="Grade scale (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One grade per line, best first. Leave blank to keep the tool's own scale.",
    )

    def grades(self) -> list[str] | None:
        """The grades typed, best first, or None to keep the template's scale."""
        lines = [line.strip() for line in self.cleaned_data["grade_scale"].splitlines() if line.strip()]
        return lines or None
