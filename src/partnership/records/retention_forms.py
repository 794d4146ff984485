"""The forms of the retention review: a period, and a decision on a record past it."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.records.models import Clock, DecisionAction
from partnership.records.retention_rules import ALLOWED_CLOCKS, MAX_KEEP_YEARS, MAX_PERIOD_YEARS

NO_PERSONAL_DATA = "Do not write the person's name or other details about them: the decision is kept for good."


class RetentionPeriodForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    years = forms.IntegerField(
        label="Years to keep the record",
        min_value=1,
        max_value=MAX_PERIOD_YEARS,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many years to keep the record",
            "invalid": "Enter a whole number of years",
            "min_value": "Enter at least 1 year",
            "max_value": f"Enter no more than {MAX_PERIOD_YEARS} years",
        },
    )
    clock = forms.ChoiceField(
        label="Counted from",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the years are counted from"},
    )
    reason = forms.CharField(
        label="Why the partnership keeps this record for this long",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the guidance the partnership follows or the decision of its executive.",
        error_messages={"required": "Say why the partnership keeps this record for this long"},
    )

    def __init__(self, *args: Any, record_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Clock.choices)
        self.fields["clock"].choices = [(clock, labels[clock]) for clock in ALLOWED_CLOCKS[record_type]]  # type: ignore[attr-defined]


class RetentionDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="What should happen to the record",
        choices=[
            (DecisionAction.KEEP, "Keep it for more years"),
            (DecisionAction.DELETE, "Delete it, with everything that depends on it and its history"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to keep the record for longer or delete it"},
    )
    keep_years = forms.IntegerField(
        label="If you keep it: how many more years",
        required=False,
        min_value=1,
        max_value=MAX_KEEP_YEARS,
        help_text="Counted from today. The record comes back to this review then.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter a whole number of years",
            "min_value": "Enter at least 1 year",
            "max_value": f"Enter no more than {MAX_KEEP_YEARS} years",
        },
    )
    reason = forms.CharField(
        label="Reason for the decision",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_PERSONAL_DATA,
        error_messages={"required": "Give the reason for the decision"},
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == DecisionAction.KEEP and not data.get("keep_years") and "keep_years" not in self.errors:
            self.add_error("keep_years", "Enter how many more years to keep the record")
        return data
