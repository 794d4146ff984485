"""Forms of the children's records: a child's details, finding a child, break-glass, events, voice, involvement."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.access.models import Agency
from partnership.children.models import AdultRole, Ethnicity, EventType, Gender, Significance, VoiceMethod
from partnership.frontend.fields import GovukDateField


class ChildForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    other_names = forms.CharField(label="Other or previous names (optional)", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="Leave empty for an unborn child.")
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child)", required=False, help_text="For example, 14 3 2027"
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, initial=Gender.NOT_KNOWN)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    nhs_number = forms.CharField(label="NHS number (optional)", max_length=12, required=False)
    upn = forms.CharField(label="Unique pupil number (optional)", max_length=13, required=False)
    local_child_id = forms.CharField(label="Local child ID", max_length=40, required=False)


class ChildCreateForm(ChildForm):
    not_a_duplicate = forms.BooleanField(
        label="I have checked: this is a different child from the records shown", required=False
    )


class FindForm(forms.Form):
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
    local_child_id = forms.CharField(label="Local child ID", max_length=40, required=False)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth or expected date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_name = data.get("first_name") and data.get("last_name") and data.get("date_of_birth")
        if not (data.get("nhs_number") or data.get("local_child_id") or by_name):
            raise forms.ValidationError(
                "Enter an NHS number, a local child ID, or the child's full name with their date of birth"
            )
        return data


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your agency's administrator is told, and the reason is kept in the access log.",
        error_messages={"required": "Give the reason you need this record"},
    )


class EventForm(forms.Form):
    event_type = forms.ChoiceField(label="What happened", choices=EventType.choices)
    occurred_on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the event"})
    occurred_time = forms.TimeField(
        label="Time (optional)", required=False, help_text="For example, 21:30", widget=forms.TimeInput(format="%H:%M")
    )
    significance = forms.ChoiceField(
        label="Significance", choices=Significance.choices, initial=Significance.SIGNIFICANT, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened and what it means for the child.",
        error_messages={"required": "Say what happened and what it means for the child"},
    )


class ChronologyFilterForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All")
    event_type = forms.ChoiceField(label="Type of event", choices=[("", "All"), *EventType.choices], required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class VoiceForm(forms.Form):
    words = forms.CharField(
        label="The child's words, wishes or experience",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In the child's own words where you can. For a baby or young child, what you saw.",
        error_messages={"required": "Write the child's words, or what was observed"},
    )
    method = forms.ChoiceField(label="How it was gathered", choices=VoiceMethod.choices, widget=forms.RadioSelect)
    gathered_on = GovukDateField(label="When", error_messages={"required": "Enter the date"})
    gathered_by = forms.CharField(
        label="Gathered by", max_length=200, help_text="Name and role.", error_messages={"required": "Say who"}
    )


class InvolvementForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), error_messages={"required": "Choose the agency"}
    )
    service = forms.CharField(
        label="What the agency does for the child", max_length=200, error_messages={"required": "Say what they do"}
    )
    started_on = GovukDateField(label="Since", error_messages={"required": "Enter the start date"})

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    reference = forms.CharField(
        label="Household reference",
        max_length=40,
        help_text="An existing household's reference joins the child to it; a new one starts a household.",
        error_messages={"required": "Enter the household reference"},
    )


class AdultForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    role = forms.ChoiceField(label="Role to the children", choices=AdultRole.choices, widget=forms.RadioSelect)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)


class MergeForm(forms.Form):
    duplicate_local_id = forms.CharField(
        label="Local child ID of the duplicate record",
        max_length=40,
        help_text="The duplicate's events, voice and involvements move to this record; it is kept, marked merged.",
        error_messages={"required": "Enter the duplicate's local child ID"},
    )
    reason = forms.CharField(
        label="Why these are the same child",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these records are the same child"},
    )
