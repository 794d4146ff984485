"""Forms of strategy meetings: the threshold, an agency's reply and information, and the meeting's record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from partnership.access.models import Agency
from partnership.children.models import Child
from partnership.frontend.fields import GovukDateField
from partnership.strategy.models import Investigation, Mode, Response, S47Decision

YES_NO = [("", "Not decided"), ("yes", "Yes"), ("no", "No")]


def moment(day: Any, clock: Any) -> datetime | None:
    """An instant from a London date and time (zoneinfo settles the hours the clocks skip or repeat)."""
    if day is None or clock is None:
        return None
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


class ThresholdForm(forms.Form):
    children = forms.ModelMultipleChoiceField(
        label="Which children is the meeting about?",
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Siblings and unborn children in the household are listed; each gets their own record.",
        error_messages={"required": "Choose the children the meeting is about"},
    )
    threshold_on = GovukDateField(label="Date the threshold was met", error_messages={"required": "Enter the date"})
    threshold_time = forms.TimeField(
        label="Time",
        help_text="For example, 14:30",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": "Enter the time", "invalid": "Enter a time like 14:30"},
    )
    threshold_reason = forms.CharField(
        label="Why is there reasonable cause to suspect significant harm?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what happened and why the threshold is met"},
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(
        label="Will your agency attend?",
        choices=[c for c in Response.choices if c[0] != Response.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your agency's reply"},
    )
    attendee_name = forms.CharField(label="Who will attend", max_length=200, required=False)
    attendee_role = forms.CharField(
        label="Their job title", max_length=200, required=False, help_text="They must be senior enough to decide."
    )


class InformationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    information = forms.CharField(
        label="What your agency knows about the children and family",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Only what the meeting needs to judge risk: recent contacts, concerns, what the child has said.",
    )
    nothing_known = forms.BooleanField(label="Our agency knows nothing about this family", required=False)


class InviteForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), error_messages={"required": "Choose the agency"}
    )
    why = forms.CharField(label="Why they are invited", max_length=200, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


ACTION_ROWS = 5


class RecordForm(forms.Form):
    """The meeting's record: built with one group of decision fields per child and a few action rows."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = GovukDateField(label="Date the meeting was held", required=False)
    held_time = forms.TimeField(
        label="Time", required=False, widget=forms.TimeInput(format="%H:%M"), help_text="For example, 10:00"
    )
    mode = forms.ChoiceField(label="How it was held", choices=Mode.choices, widget=forms.RadioSelect, required=False)
    attended = forms.MultipleChoiceField(
        label="Agencies that attended", widget=forms.CheckboxSelectMultiple, required=False
    )
    information_shared = forms.CharField(
        label="Information shared", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    risk_analysis = forms.CharField(label="Risk analysis", widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, meeting_children: list[Any], invitations: list[Any], agencies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.meeting_children = meeting_children
        self.fields["attended"].choices = [(str(i.agency_id), i.agency.name) for i in invitations]  # type: ignore[attr-defined]
        for child in meeting_children:
            prefix, name = f"child_{child.pk}", str(child.child)
            self.fields[f"{prefix}_s47"] = forms.ChoiceField(
                label=f"Section 47 enquiry for {name}",
                choices=[("", "Not decided"), *S47Decision.choices],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{prefix}_investigation"] = forms.ChoiceField(
                label=f"Single or joint enquiry for {name}",
                choices=[("", "Not decided"), *Investigation.choices],
                widget=forms.RadioSelect,
                required=False,
            )
            for flag, label in (
                ("police_investigation", "Police investigation"),
                ("medical", "Medical examination"),
                ("legal", "Legal advice or proceedings"),
            ):
                self.fields[f"{prefix}_{flag}"] = forms.ChoiceField(
                    label=f"{label} for {name}", choices=YES_NO, required=False
                )
            self.fields[f"{prefix}_immediate_safety"] = forms.CharField(
                label=f"Immediate safety action for {name}", widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.fields[f"{prefix}_reason"] = forms.CharField(
                label=f"Reasons for the decisions about {name}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"{prefix}_voice_summary"] = forms.CharField(
                label=f"The voice of {name}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text="What the child has said or shown, from their record; or why it could not be heard.",
            )
        for number in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{number}_text"] = forms.CharField(
                label=f"Action {number}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"action_{number}_agency"] = forms.ModelChoiceField(
                label=f"Agency that owns action {number}", queryset=agencies, required=False, empty_label="Choose"
            )
            self.fields[f"action_{number}_person"] = forms.CharField(
                label=f"Person who owns action {number}", max_length=200, required=False
            )
            self.fields[f"action_{number}_due"] = GovukDateField(label=f"Action {number} due by", required=False)

    def child_fields(self) -> list[tuple[Any, list[Any]]]:
        """Each child with their bound decision fields, for the template."""
        return [
            (c, [self[name] for name in self.fields if name.startswith(f"child_{c.pk}_")])
            for c in self.meeting_children
        ]

    def action_fields(self) -> list[list[Any]]:
        """The bound fields of each action row."""
        return [
            [self[name] for name in self.fields if name.startswith(f"action_{n}_")] for n in range(1, ACTION_ROWS + 1)
        ]

    def decisions(self) -> dict[str, dict[str, Any]]:
        """The decisions per meeting child, as the service takes them."""
        data = self.cleaned_data
        found: dict[str, dict[str, Any]] = {}
        for child in self.meeting_children:
            prefix = f"child_{child.pk}"
            found[str(child.pk)] = {
                "s47": data.get(f"{prefix}_s47") or "",
                "investigation": data.get(f"{prefix}_investigation") or "",
                "police_investigation": {"yes": True, "no": False}.get(
                    data.get(f"{prefix}_police_investigation") or ""
                ),
                "medical": {"yes": True, "no": False}.get(data.get(f"{prefix}_medical") or ""),
                "legal": {"yes": True, "no": False}.get(data.get(f"{prefix}_legal") or ""),
                "immediate_safety": data.get(f"{prefix}_immediate_safety") or "",
                "reason": data.get(f"{prefix}_reason") or "",
                "voice_summary": data.get(f"{prefix}_voice_summary") or "",
            }
        return found

    def actions(self) -> list[dict[str, Any]]:
        """The action rows that have any text, as the service takes them."""
        data = self.cleaned_data
        return [
            {
                "text": data.get(f"action_{n}_text") or "",
                "owner_agency": data.get(f"action_{n}_agency"),
                "owner_name": data.get(f"action_{n}_person") or "",
                "due_on": data.get(f"action_{n}_due"),
            }
            for n in range(1, ACTION_ROWS + 1)
            if (data.get(f"action_{n}_text") or "").strip()
        ]


class MeasuresForm(forms.Form):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.filter(is_active=True), required=False, empty_label="All agencies"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start date must be on or before the end date")
        return data


class ScheduleForm(forms.Form):
    """The meeting's time, length, place and dial-in link, from which every agency gets a calendar invitation."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = GovukDateField(
        label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"}
    )
    starts_time = forms.TimeField(
        label="Start time",
        help_text="UK time, for example 10:00",
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 10:00"},
    )
    duration_minutes = forms.IntegerField(
        label="How long, in minutes",
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long the meeting lasts",
            "invalid": "Enter the length in whole minutes",
            "min_value": "The meeting must last at least 5 minutes",
            "max_value": "The meeting can last at most 480 minutes",
        },
    )
    mode = forms.ChoiceField(
        label="How it will be held",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is a meeting or phone calls"},
    )
    location = forms.CharField(
        label="Place (optional)", max_length=200, required=False, help_text="For example, Room 2, Annand House."
    )
    dial_in_link = forms.URLField(
        label="Dial-in link (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="The Teams or other video link, starting https://",
        error_messages={"invalid": "Enter a real web address, starting https://"},
    )


class UnscheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is the time cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every invited agency is told. Set a new time once it is known.",
        error_messages={"required": "Say why the time is cancelled"},
    )
