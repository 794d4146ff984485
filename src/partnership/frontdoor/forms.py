"""Forms of the front door: a contact, linking a child, opening an enquiry, research returns and the decision."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.access.models import Agency
from partnership.frontdoor.models import ContactSource, NeedLevel, Outcome, Priority, RiskLevel
from partnership.frontend.fields import GovukDateField


class ContactForm(forms.Form):
    received_on = GovukDateField(label="Date received", error_messages={"required": "Enter the date it was received"})
    received_time = forms.TimeField(
        label="Time received",
        help_text="For example, 09:45",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": "Enter the time", "invalid": "Enter a time like 09:45"},
    )
    source = forms.ChoiceField(label="Where the contact came from", choices=[("", "Choose"), *ContactSource.choices])
    referrer_name = forms.CharField(label="Referrer's name", max_length=200, required=False)
    referrer_organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    referrer_email = forms.EmailField(
        label="Referrer's e-mail (optional)", required=False, help_text="The outcome is sent here."
    )
    referrer_phone = forms.CharField(label="Referrer's phone (optional)", max_length=40, required=False)
    local_child_ids = forms.CharField(
        label="Local child IDs of the children (optional)",
        max_length=300,
        required=False,
        help_text="Separate several with commas. Leave empty if the child is not yet identified.",
    )
    child_details = forms.CharField(
        label="What is known of a child not yet identified",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Name, age, address, school: so the child can be found later.",
    )
    concern = forms.CharField(
        label="The concern",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe the concern"},
    )
    domestic_abuse = forms.BooleanField(label="A domestic abuse incident is part of this contact", required=False)
    incident_on = GovukDateField(label="Date of the incident (optional)", required=False)
    incident_time = forms.TimeField(
        label="Time of the incident (optional)", required=False, widget=forms.TimeInput(format="%H:%M")
    )
    risk_level = forms.ChoiceField(
        label="Risk level of the incident (if assessed)",
        choices=[("", "Not assessed"), *RiskLevel.choices],
        required=False,
    )
    not_a_duplicate = forms.BooleanField(label="I have checked: this is a new contact", required=False)


class LinkChildForm(forms.Form):
    local_child_id = forms.CharField(
        label="Local child ID", max_length=40, error_messages={"required": "Enter the child's local child ID"}
    )


class EnquiryForm(forms.Form):
    priority = forms.ChoiceField(
        label="Priority",
        choices=Priority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the priority"},
    )
    reason = forms.CharField(
        label="Why this priority", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Say why"}
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies asked to research their records",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect)
    need_level = forms.TypedChoiceField(
        label="Level of need", choices=NeedLevel.choices, coerce=int, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies that took part in the decision",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Your own agency is included. A decision made by one agency alone is marked as not joint.",
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label="Why the lower level of need is right",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason"},
    )


class ResearchForm(forms.Form):
    information = forms.CharField(
        label="What your agency's records show",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Dates, what happened, current involvement, risks to the child or others.",
    )
    nothing_known = forms.BooleanField(label="Our agency knows nothing about this family", required=False)
