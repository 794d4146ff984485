"""Forms of Operation Encompass: an incident and its children, imports, exceptions, settings, closures, support."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from partnership.access.models import User
from partnership.children.models import RiskLevel
from partnership.children.rules import nhs_number_is_valid, normalised_nhs_number
from partnership.encompass.import_checking import COLUMNS
from partnership.encompass.models import ClosureKind, Phase, Setting, SettingType
from partnership.encompass.rules import ChildEntry
from partnership.frontend.fields import GovukDateField

MAX_CSV_BYTES = 5 * 1024 * 1024
CHILD_BLOCKS = 4
YES_NO = [("yes", "Yes"), ("no", "No")]


class IncidentForm(forms.Form):
    police_reference = forms.CharField(
        label="Police reference",
        max_length=40,
        error_messages={"required": "Enter the police reference"},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    occurred_on = GovukDateField(
        label="Date of the incident",
        help_text="For example, 27 11 2026",
        error_messages={"required": "Enter the date of the incident"},
    )
    occurred_time = forms.TimeField(
        label="Time of the incident",
        help_text="Use the 24-hour clock, for example 21:30",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": "Enter the time of the incident", "invalid": "Enter a time like 21:30"},
    )
    place = forms.CharField(
        label="Where it happened",
        max_length=200,
        help_text="For example, the family home or a street",
        error_messages={"required": "Enter where the incident happened"},
    )
    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk level"},
    )
    circumstances = forms.CharField(
        label="Circumstances (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Only what the school needs to support the child.",
    )
    officer_name = forms.CharField(
        label="Officer who attended",
        max_length=200,
        help_text="Name and collar number",
        error_messages={"required": "Enter the name of the officer who attended"},
    )

    def occurred_at(self) -> datetime:
        """When the incident happened, on the London clock."""
        data = self.cleaned_data
        return datetime.combine(data["occurred_on"], data["occurred_time"], tzinfo=timezone.get_current_timezone())


class ChildForm(forms.Form):
    """One child of an incident; a block left empty is ignored."""

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2016", required=False)
    local_child_id = forms.CharField(
        label="Local child ID (optional)",
        max_length=40,
        required=False,
        help_text="Use it when the date of birth is not known.",
    )
    nhs_number = forms.CharField(label="NHS number (optional)", max_length=12, required=False)
    present = forms.ChoiceField(
        label="Was the child there at the time?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    child_words = forms.CharField(
        label="What the child said (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="In the child's own words.",
    )

    TYPED = ("first_name", "last_name", "local_child_id", "nhs_number", "child_words")

    def __init__(self, *args: Any, optional: bool = True, number: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.subject = f"child {number}" if number else "the child"

    def has_entry(self) -> bool:
        """Whether anything was typed in the block (a choice of 'present' alone does not count)."""
        if not self.is_bound:
            return False
        dates = [f"{self.add_prefix('date_of_birth')}_{index}" for index in range(3)]
        return any(str(self.data.get(name, "")).strip() for name in [*map(self.add_prefix, self.TYPED), *dates])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_entry():
            if not self.optional:
                self.add_error("first_name", "Enter the child's name and date of birth, or their local child ID")
            return data
        subject = self.subject
        if not data.get("present"):
            self.add_error("present", f"Say whether {subject} was there at the time")
        if not data.get("local_child_id", "").strip():
            if not data.get("first_name", "").strip():
                self.add_error("first_name", f"Enter {subject}'s first name, or their local child ID")
            if not data.get("last_name", "").strip():
                self.add_error("last_name", f"Enter {subject}'s last name, or their local child ID")
            if "date_of_birth" in data and data["date_of_birth"] is None:
                self.add_error(
                    "date_of_birth",
                    f"Enter {subject}'s date of birth: the school needs it to know the child. "
                    "If it is not known, give their local child ID instead",
                )
        born = data.get("date_of_birth")
        if born is not None and born > timezone.localdate():
            self.add_error("date_of_birth", f"{subject.capitalize()}'s date of birth must be today or in the past")
        nhs = normalised_nhs_number(data.get("nhs_number", ""))
        if nhs and not nhs_number_is_valid(nhs):
            self.add_error("nhs_number", f"Enter a real NHS number for {subject}: 10 digits that pass the check")
        return data

    def entry(self) -> ChildEntry:
        """The child as the service takes them."""
        data = self.cleaned_data
        return ChildEntry(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
            present=data["present"] == "yes",
            child_words=data["child_words"],
            local_child_id=data["local_child_id"].strip(),
            nhs_number=normalised_nhs_number(data["nhs_number"]),
        )


def child_blocks(data: Any = None) -> list[ChildForm]:
    """The four child blocks of the incident form."""
    return [ChildForm(data, prefix=f"child{number}", number=number) for number in range(1, CHILD_BLOCKS + 1)]


class CsvFileForm(forms.Form):
    """A CSV file, read as UTF-8 text."""

    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> str:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_CSV_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:
            raise forms.ValidationError(
                "The selected file must be a CSV file saved as UTF-8: in Excel, choose Save As, then CSV UTF-8"
            )
        return text


class IncidentImportForm(CsvFileForm):
    file = forms.FileField(
        label="Upload the police export",
        help_text=(
            f"A CSV file smaller than 5 MB, saved as UTF-8, one row per child, with the columns {', '.join(COLUMNS)}."
        ),
        error_messages={"required": "Select the CSV file of incidents", "empty": "The selected file is empty"},
    )


class TermsImportForm(CsvFileForm):
    file = forms.FileField(
        label="Upload term dates",
        help_text=(
            "A CSV file with the columns term_name, first_day, last_day and dates written YYYY-MM-DD. "
            "It replaces the term dates loaded before."
        ),
        error_messages={"required": "Select the CSV file of term dates", "empty": "The selected file is empty"},
    )


class SettingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.urn})"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.email})" if obj.email else name


class ExceptionResolveForm(forms.Form):
    setting = SettingChoiceField(
        label="Setting to tell",
        queryset=Setting.objects.none(),
        required=False,
        empty_label="Choose a setting",
        help_text="Schools and settings with a key adult, by name and URN.",
    )
    record_enrolment = forms.BooleanField(
        label="Record this as the child's setting",
        required=False,
        help_text="The next notification about the child then goes there without an exception.",
    )
    resolution = forms.CharField(
        label="Or say how the child's school was otherwise told",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, passed to the other area's police Encompass team by phone at 07:30.",
    )

    def __init__(self, *args: Any, settings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings  # type: ignore[attr-defined]


class SettingForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the setting's name"})
    urn = forms.CharField(
        label="URN",
        max_length=8,
        help_text="The unique reference number: 6 digits, as in Get Information about Schools.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the unique reference number"},
    )
    setting_type = forms.ChoiceField(
        label="Type of setting",
        choices=[("", "Choose"), *SettingType.choices],
        error_messages={"required": "Choose the type of setting"},
    )
    phase = forms.ChoiceField(
        label="Phase", choices=[("", "Choose"), *Phase.choices], error_messages={"required": "Choose the phase"}
    )
    contact_email = forms.EmailField(label="Office e-mail (optional)", required=False)
    opens_at = forms.TimeField(
        label="Start of the school day (optional)",
        required=False,
        help_text="For example, 08:30. Leave empty to use the council's time.",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": "Enter a time like 08:30"},
    )
    own_terms = forms.BooleanField(label="The setting keeps its own term dates", required=False)


class SettingUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    key_adult = PersonChoiceField(
        label="Key adult", queryset=User.objects.none(), required=False, empty_label="No key adult"
    )
    deputy = PersonChoiceField(label="Deputy", queryset=User.objects.none(), required=False, empty_label="No deputy")
    opens_at = forms.TimeField(
        label="Start of the school day (optional)",
        required=False,
        help_text="For example, 08:30. Leave empty to use the council's time.",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": "Enter a time like 08:30"},
    )
    own_terms = forms.BooleanField(label="The setting keeps its own term dates", required=False)
    is_active = forms.BooleanField(label="The setting is open and receives notifications", required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_adult"].queryset = people  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = people  # type: ignore[attr-defined]
        help_text = "People with the key adult role at the setting in the directory."
        self.fields["key_adult"].help_text = help_text


class ClosureForm(forms.Form):
    day = GovukDateField(
        label="Day closed", help_text="For example, 4 12 2026", error_messages={"required": "Enter the day closed"}
    )
    kind = forms.ChoiceField(
        label="Why it is closed",
        choices=ClosureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why it is closed"},
    )
    reason = forms.CharField(
        label="More detail (optional)", max_length=200, required=False, help_text="For example, snow or a burst pipe."
    )


class SupportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    support_offered = forms.CharField(
        label="Support offered to the child",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, a quiet check-in with a trusted adult at the start of the day.",
        error_messages={"required": "Describe the support offered to the child"},
    )
