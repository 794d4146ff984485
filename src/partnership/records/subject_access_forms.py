"""The form the partnership administrator uses to find the child a subject access request is about."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.frontend.fields import GovukDateField


class SubjectFindForm(forms.Form):
    local_child_id = forms.CharField(
        label="Local child ID", max_length=40, required=False, help_text="The council's reference for the child."
    )
    first_name = forms.CharField(label="First name (optional)", max_length=100, required=False)
    last_name = forms.CharField(
        label="Last name", max_length=100, required=False, help_text="Previous and other names are searched too."
    )
    date_of_birth = GovukDateField(label="Date of birth or expected date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_name = (data.get("last_name") or "").strip() and data.get("date_of_birth")
        if not ((data.get("local_child_id") or "").strip() or by_name):
            raise forms.ValidationError("Enter a local child ID, or the child's last name with their date of birth")
        return data
