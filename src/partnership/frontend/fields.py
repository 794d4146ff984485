"""Form fields that follow GOV.UK Design System patterns."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from partnership.core.clocks import add_months


class GovukDateWidget(forms.MultiWidget):
    """Three boxes for day, month and year, as in the GOV.UK date input pattern."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        error_messages = {
            "incomplete": "Enter a full date, including day, month and year",
            "invalid": "Enter a real date",
            **kwargs.pop("error_messages", {}),
        }
        fields = [forms.IntegerField(error_messages={"invalid": "Enter a real date"}) for _ in range(3)]
        super().__init__(fields=fields, error_messages=error_messages, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:
        if not data_list or all(value in (None, "") for value in data_list):
            return None
        if any(value in (None, "") for value in data_list):
            raise forms.ValidationError(self.error_messages["incomplete"])
        day, month, year = data_list
        try:
            return date(int(year), int(month), int(day))
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"]) from error


class PeriodForm(forms.Form):
    """A reporting period from the query string; both ends optional, the last three months by default."""

    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start date must be on or before the end date")
        return data

    def period(self, *, today: date, months: int = 3) -> tuple[date, date]:
        """The chosen period, or the `months` up to today when the form is empty or wrong."""
        start, end = add_months(today, -months), today
        if self.is_valid():
            start, end = self.cleaned_data["start"] or start, self.cleaned_data["end"] or end
        return start, end
