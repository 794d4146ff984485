"""The form that publishes a quarter's report."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.plans.models import ReportingPeriod
from partnership.reporting.models import ReportKind


class PublishForm(forms.Form):
    period = forms.ModelChoiceField(
        label="Quarter",
        queryset=ReportingPeriod.objects.none(),
        empty_label="Choose a closed quarter",
        error_messages={"required": "Choose the quarter to report on"},
    )
    kind = forms.ChoiceField(
        label="Report",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which report to publish"},
    )

    def __init__(self, *args: Any, periods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
