"""Forms of the quarterly cycle: opening a period, a lead's update, evidence, reviews and decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.frontend.fields import GovukDateField
from partnership.plans.forms import VersionedForm
from partnership.plans.models import Brag, DecisionKind, DeliveryStatus, ReportingPeriod


class PeriodOpenForm(forms.Form):
    label = forms.CharField(
        label="Quarter",
        max_length=7,
        help_text="For example 2026-Q4",
        error_messages={"required": "Enter the quarter, for example 2026-Q4"},
    )
    updates_due_on = GovukDateField(
        label="Updates are due by",
        help_text="Leads are reminded before and after this date.",
        error_messages={"required": "Enter the date updates are due"},
    )


class UpdateForm(VersionedForm):
    narrative = forms.CharField(
        label="What happened this quarter",
        widget=forms.Textarea,
        required=False,
        help_text="What was done, and what shows it made a difference to practice.",
    )
    proposed_status = forms.ChoiceField(
        label="Delivery status",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (s.value, s.label)
            for s in (DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS, DeliveryStatus.DELIVERED)
        ],
    )
    proposed_brag = forms.ChoiceField(
        label="The rating you propose",
        required=False,
        widget=forms.RadioSelect,
        choices=[(Brag.GREEN, "Green: on track"), (Brag.AMBER, "Amber: at risk"), (Brag.RED, "Red: off track")],
    )
    brag_reason = forms.CharField(
        label="Why amber or red (required for those)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mitigation = forms.CharField(
        label="What is being done about it", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scrutiny_done = forms.CharField(
        label="Monitoring, scrutiny or audit done this quarter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_due_date = GovukDateField(label="Ask for a new due date (optional)", required=False)
    proposed_revision_reason = forms.CharField(
        label="Why a new due date is needed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceFileForm(forms.Form):
    description = forms.CharField(
        label="What the file shows", max_length=300, error_messages={"required": "Describe what the evidence shows"}
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, PowerPoint, CSV, text, e-mail or image, up to 10 MB.",
        error_messages={"required": "Choose a file to upload"},
    )


class EvidenceLinkForm(forms.Form):
    description = forms.CharField(
        label="What the page shows", max_length=300, error_messages={"required": "Describe what the evidence shows"}
    )
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={"required": "Enter the web address", "invalid": "Enter a real web address"},
    )


def _time_fields(*, time_required: bool) -> dict[str, forms.Field]:
    """The time, length, place and dial-in link of a review meeting, from which invitations are sent."""
    return {
        "starts_time": forms.TimeField(
            label="Start time" if time_required else "Start time (optional)",
            required=time_required,
            help_text="UK time, for example 14:00. With a time, the executive and the agenda's action leads are sent "
            "a calendar invitation.",
            widget=forms.TimeInput(format="%H:%M"),
            error_messages={"required": "Enter the start time", "invalid": "Enter a time like 14:00"},
        ),
        "duration_minutes": forms.IntegerField(
            label="How long, in minutes",
            initial=90,
            required=time_required,
            help_text="" if time_required else "90 minutes if left empty.",
            min_value=5,
            max_value=480,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "required": "Enter how long the meeting lasts",
                "invalid": "Enter the length in whole minutes",
                "min_value": "The meeting must last at least 5 minutes",
                "max_value": "The meeting can last at most 480 minutes",
            },
        ),
        "location": forms.CharField(label="Place (optional)", max_length=200, required=False),
        "dial_in_link": forms.URLField(
            label="Dial-in link (optional)",
            max_length=500,
            required=False,
            assume_scheme="https",
            help_text="The Teams or other video link, starting https://",
            error_messages={"invalid": "Enter a real web address, starting https://"},
        ),
    }


class ReviewCreateForm(forms.Form):
    title = forms.CharField(label="Meeting", max_length=200, error_messages={"required": "Enter the meeting's title"})
    held_on = GovukDateField(label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"})
    period = forms.ModelChoiceField(
        label="Quarter reviewed", queryset=ReportingPeriod.objects.none(), required=False, empty_label="None"
    )

    def __init__(self, *args: Any, inspection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(inspection=inspection)  # type: ignore[attr-defined]
        self.fields.update(_time_fields(time_required=False))


class ReviewTimeForm(VersionedForm):
    """Set or move a review meeting's time; everyone invited is sent the update."""

    held_on = GovukDateField(label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_time_fields(time_required=True))


class ReviewCancelForm(VersionedForm):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone invited is told.",
        error_messages={"required": "Say why the meeting is cancelled"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    note = forms.CharField(
        label="Question, reason or what was agreed",
        required=False,
        widget=forms.Textarea,
        help_text="A challenge needs the question; a revision needs the reason.",
    )
    new_due_date = GovukDateField(label="New due date (for a revision)", required=False)
    new_expected_impact = forms.CharField(
        label="New expected impact (for a revision)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MinutesForm(VersionedForm):
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 10}), required=False)
