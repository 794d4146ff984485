"""Forms for the plan's screens: actions, revisions, progress, findings, themes and the inspection."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.access.models import Agency, Role, User
from partnership.frontend.fields import GovukDateField
from partnership.plans.models import Brag, DeliveryGroup, DeliveryStatus, Finding, FindingKind, InspectionKind, Theme

BAND_CHOICES = [(3, "3 months"), (6, "6 months"), (9, "9 months"), (12, "12 months")]


def owner_choices() -> list[tuple[str, str]]:
    """Agencies and delivery groups, as owner choices keyed 'agency:ID' or 'group:ID'."""
    agencies = [(f"agency:{a.pk}", a.name) for a in Agency.objects.filter(is_active=True)]
    groups = [(f"group:{g.pk}", f"{g.name} (partnership group)") for g in DeliveryGroup.objects.all()]
    return [("", "Choose an owner"), *groups, *agencies]


def lead_choices() -> list[tuple[str, str]]:
    """People who hold the action lead role, or none."""
    leads = User.objects.filter(memberships__role=Role.ACTION_LEAD, memberships__is_active=True, is_active=True)
    return [("", "No linked account"), *((str(u.pk), u.get_full_name() or u.username) for u in leads.distinct())]


def resolve_owner(value: str) -> tuple[Agency | None, DeliveryGroup | None]:
    """Turn an owner choice back into an agency or a delivery group."""
    kind, _, pk = value.partition(":")
    if kind == "agency":
        return Agency.objects.get(pk=pk), None
    if kind == "group":
        return None, DeliveryGroup.objects.get(pk=pk)
    return None, None


def owner_value(agency_id: Any, group_id: Any) -> str:
    """The owner choice for an action's current owner."""
    return f"agency:{agency_id}" if agency_id else (f"group:{group_id}" if group_id else "")


class VersionedForm(forms.Form):
    """A form that carries the version of the record it edits, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionCreateForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example 2.4",
        error_messages={"required": "Enter the action's reference"},
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.none(),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme"},
    )
    title = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter what will be done"})
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    findings = forms.ModelMultipleChoiceField(
        label="Findings it answers",
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.ChoiceField(label="Owner", error_messages={"required": "Choose the agency or group that owns it"})
    lead = forms.ChoiceField(label="Lead's account (optional)", required=False)
    lead_name = forms.CharField(
        label="Named lead",
        max_length=200,
        required=False,
        help_text="The person or post responsible, as the plan states it.",
    )
    timescale_months = forms.TypedChoiceField(
        label="Timescale",
        choices=BAND_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the timescale"},
    )
    expected_impact = forms.CharField(
        label="Expected impact",
        widget=forms.Textarea,
        error_messages={"required": "Say what impact the action should have"},
    )
    success_measures = forms.CharField(label="How success will be measured", widget=forms.Textarea, required=False)
    scrutiny_activity = forms.CharField(
        label="Scrutiny or audit activity (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="How the partnership will check the impact.",
    )
    scrutiny_who = forms.CharField(label="Who carries it out", max_length=200, required=False)
    scrutiny_when = forms.CharField(label="When", max_length=100, required=False, help_text="For example: quarterly")

    def __init__(self, *args: Any, inspection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(inspection=inspection)  # type: ignore[attr-defined]
        self.fields["findings"].queryset = Finding.objects.filter(inspection=inspection)  # type: ignore[attr-defined]
        self.fields["owner"].choices = owner_choices()  # type: ignore[attr-defined]
        self.fields["lead"].choices = lead_choices()  # type: ignore[attr-defined]


class ActionEditForm(VersionedForm):
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.none(),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme"},
    )
    findings = forms.ModelMultipleChoiceField(
        label="Findings it answers",
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    success_measures = forms.CharField(label="How success will be measured", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, inspection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(inspection=inspection)  # type: ignore[attr-defined]
        self.fields["findings"].queryset = Finding.objects.filter(inspection=inspection)  # type: ignore[attr-defined]


class ActionReviseForm(VersionedForm):
    title = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter what will be done"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    current_due_date = GovukDateField(
        label="Due date", help_text="For example, 31 3 2019", error_messages={"required": "Enter the due date"}
    )
    owner = forms.ChoiceField(label="Owner", error_messages={"required": "Choose the agency or group that owns it"})
    lead = forms.ChoiceField(label="Lead's account", required=False)
    lead_name = forms.CharField(label="Named lead", max_length=200, required=False)
    expected_impact = forms.CharField(
        label="Expected impact",
        widget=forms.Textarea,
        error_messages={"required": "Say what impact the action should have"},
    )
    reason = forms.CharField(
        label="Reason for the revision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the action's history and in the executive's reports.",
        error_messages={"required": "Enter the reason for the revision"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices()  # type: ignore[attr-defined]
        self.fields["lead"].choices = lead_choices()  # type: ignore[attr-defined]


class ProgressForm(VersionedForm):
    status = forms.ChoiceField(
        label="Delivery status", widget=forms.RadioSelect, error_messages={"required": "Choose the delivery status"}
    )
    progress_note = forms.CharField(
        label="Progress",
        widget=forms.Textarea,
        help_text="What has happened, and what evidence there is that it made a difference.",
        error_messages={"required": "Describe the progress made"},
    )
    brag_override = forms.ChoiceField(
        label="Set the rating by hand (optional)",
        required=False,
        choices=[
            ("", "No: use the rating worked out from the dates"),
            (Brag.RED, "Red"),
            (Brag.AMBER, "Amber"),
            (Brag.GREEN, "Green"),
        ],
        help_text="Only when the worked-out rating is wrong. You must say why.",
    )
    brag_override_reason = forms.CharField(
        label="Reason for the rating", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, may_confirm_impact: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = [DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS, DeliveryStatus.DELIVERED]
        if may_confirm_impact:
            statuses += [DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED]
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example A12",
        error_messages={"required": "Enter the finding's reference"},
    )
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of finding"},
    )
    text = forms.CharField(label="Finding", widget=forms.Textarea, error_messages={"required": "Enter the finding"})
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies it concerns",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source_reference = forms.CharField(
        label="Where it is in the letter (optional)",
        max_length=100,
        required=False,
        help_text="For example: paragraph 14",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]


class FindingEditForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of finding"},
    )
    text = forms.CharField(label="Finding", widget=forms.Textarea, error_messages={"required": "Enter the finding"})
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies it concerns",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source_reference = forms.CharField(label="Where it is in the letter (optional)", max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]


class ThemeForm(forms.Form):
    number = forms.IntegerField(
        label="Number", min_value=1, max_value=99, error_messages={"required": "Enter the theme's number"}
    )
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the theme's title"})
    description = forms.CharField(label="Description (optional)", widget=forms.Textarea, required=False)


class InspectionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a title"})
    kind = forms.ChoiceField(label="Kind of inspection", choices=InspectionKind.choices, widget=forms.RadioSelect)
    area = forms.CharField(label="Area", max_length=200, error_messages={"required": "Enter the area"})
    fieldwork_start = GovukDateField(label="Fieldwork started", required=False)
    fieldwork_end = GovukDateField(label="Fieldwork ended", required=False)
    letter_date = GovukDateField(label="Date of the letter", required=False)
    inspectorates = forms.CharField(
        label="Inspectorates (optional)", required=False, widget=forms.Textarea, help_text="One on each line."
    )
    deep_dive_theme = forms.CharField(label="Theme of the deep dive (optional)", max_length=300, required=False)
    plan_start = GovukDateField(
        label="Start of the plan",
        help_text="Timescales of 3 to 12 months count from this date.",
        error_messages={"required": "Enter the date the plan starts"},
    )


class ActionFilterForm(forms.Form):
    """The filters above the action list; every field is optional."""

    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), required=False, empty_label="Any")
    owner = forms.ChoiceField(label="Owner", required=False)
    lead = forms.ChoiceField(label="Lead", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *DeliveryStatus.choices])
    brag = forms.ChoiceField(
        label="Rating",
        required=False,
        choices=[("", "Any"), (Brag.RED, "Red"), (Brag.AMBER, "Amber"), (Brag.GREEN, "Green"), (Brag.BLUE, "Blue")],
    )
    due_before = forms.DateField(
        label="Due before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date"},
    )
    q = forms.CharField(label="Reference or words in the title", required=False, max_length=100)

    def __init__(self, *args: Any, inspection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(inspection=inspection)  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", "Any")] + [  # type: ignore[attr-defined]
            (value.split(":", 1)[1], label) for value, label in owner_choices() if value
        ]
        self.fields["lead"].choices = [("", "Any"), *lead_choices()[1:]]  # type: ignore[attr-defined]
