"""The form for uploading a plan file."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label="Upload a plan file",
        help_text="An Excel workbook (.xlsx), YAML (.yaml) or JSON (.json) file, smaller than 10 MB.",
        error_messages={"required": "Select a plan file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("The selected file must be an Excel workbook (.xlsx), YAML or JSON file")
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        return upload
