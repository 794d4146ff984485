"""Forms of the measures kept by hand: an indicator and its owner, its baseline and target, retiring it, a value for
a period, and linking indicators to a plan action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from partnership.access.models import User
from partnership.measures.models import Area, Indicator, Polarity, Unit
from partnership.measures.rules import Period

NUMBER_ERRORS = {
    "invalid": "Enter a number, like 72.5",
    "max_decimal_places": "Enter a number with no more than 2 decimal places",
    "max_digits": "Enter a smaller number",
    "max_whole_digits": "Enter a smaller number",
}
WHOLE_NUMBER_ERRORS = {"invalid": "Enter a whole number, like 12"}
UNIT_CHOICES = [
    (Unit.PERCENT, "Percentage: a number counted out of another"),
    (Unit.COUNT, "Count"),
    (Unit.HOURS, "Hours (for example a median time)"),
    (Unit.DAYS, "Days (for example a median time)"),
]


def _decimal(label: str, *, missing: str = "", help_text: str = "") -> forms.DecimalField:
    """A number with up to 2 decimal places, typed in a text box; required when `missing` says what to enter."""
    return forms.DecimalField(
        label=label,
        required=bool(missing),
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={**NUMBER_ERRORS, "required": missing},
    )


def _whole(label: str, *, missing: str = "", help_text: str = "") -> forms.IntegerField:
    """A whole number typed in a text box; required when `missing` says what to enter."""
    return forms.IntegerField(
        label=label,
        required=bool(missing),
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={**WHOLE_NUMBER_ERRORS, "required": missing},
    )


class OwnerField(forms.ModelChoiceField):
    """A choice of the people whose accounts are active, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.email})" if obj.email else str(obj)


class IndicatorWordingForm(forms.Form):
    """What an indicator entered by hand counts, which way is better, and who enters its values."""

    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the indicator's name"})
    description = forms.CharField(
        label="What it counts",
        help_text="In plain words, as readers of the dashboard and the quarterly report will see it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe what the indicator counts, in plain words"},
    )
    numerator = forms.CharField(
        label="What is counted",
        max_length=300,
        help_text="For example, children whose voice is recorded in the plan.",
        error_messages={"required": "Enter what is counted"},
    )
    denominator = forms.CharField(
        label="Out of (for a percentage)",
        max_length=300,
        required=False,
        help_text="For example, child protection plans reviewed. Leave blank for a count, hours or days.",
    )
    polarity = forms.ChoiceField(
        label="Which way is better",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a higher or a lower value is better"},
    )
    area = forms.ChoiceField(
        label="Area", choices=Area.choices, initial=Area.OTHER, error_messages={"required": "Choose the area"}
    )
    owner = OwnerField(
        label="Owner",
        help_text="The person who enters the indicator's values each period.",
        queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name", "username"),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person who enters the values", "invalid_choice": "Choose a person"},
    )


class IndicatorCreateForm(IndicatorWordingForm):
    """A new indicator entered by hand: its key and unit are chosen once and then kept."""

    key = forms.SlugField(
        label="Key",
        max_length=80,
        help_text="A short name used in files and the API: lower-case letters, numbers and hyphens. It cannot change.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter a key",
            "invalid": "Enter a key of lower-case letters, numbers and hyphens, like referrer-feedback-on-time",
        },
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=UNIT_CHOICES,
        widget=forms.RadioSelect,
        help_text="It cannot change once values are entered.",
        error_messages={"required": "Choose the unit"},
    )

    field_order = ["name", "key", "description", "unit", "numerator", "denominator", "polarity", "area", "owner"]


class IndicatorEditForm(IndicatorWordingForm):
    """Changes to an indicator entered by hand, based on the version the editor read."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TargetForm(forms.Form):
    """An indicator's baseline, target and amber margin."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    baseline = _decimal("Baseline (optional)", help_text="The value before the plan started, to judge the trend.")
    baseline_label = forms.CharField(
        label="When the baseline was measured (optional)",
        max_length=100,
        required=False,
        help_text="For example, April to June 2018 or the 2018 inspection.",
    )
    target = _decimal("Target (optional)", help_text="The value the partnership aims for. Leave blank for none.")
    amber_within = _decimal(
        "Amber margin, as a percentage of the target",
        missing="Enter the amber margin, from 0 to 100",
        help_text="A value short of the target by no more than this share of the target is amber; further off is red.",
    )

    def __init__(self, *args: Any, unit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit == Unit.PERCENT:
            self.fields["baseline"].label = "Baseline in % (optional)"
            self.fields["target"].label = "Target in % (optional)"


class RetireForm(forms.Form):
    """The version of the indicator the administrator confirms retiring."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ValueForm(forms.Form):
    """One period's whole-partnership value of an indicator entered by hand; the fields follow its unit."""

    period = forms.ChoiceField(
        label="Period",
        help_text="The current period or one just before it.",
        error_messages={"required": "Choose the period"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the figure comes from, or anything a reader should know about it.",
    )

    def __init__(self, *args: Any, indicator: Indicator, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {period.slug: period for period in periods}
        period_field = self.fields["period"]
        period_field.choices = [(slug, period.label) for slug, period in self.periods.items()]  # type: ignore[attr-defined]
        period_field.error_messages["invalid_choice"] = "Choose a period from the list"
        if indicator.unit == Unit.PERCENT:
            self.fields["numerator"] = _whole(
                f"Number counted: {indicator.numerator}", missing="Enter the number counted"
            )
            self.fields["denominator"] = _whole(
                f"Out of: {indicator.denominator}", missing="Enter the number it is out of"
            )
        elif indicator.unit == Unit.COUNT:
            self.fields["numerator"] = _whole(f"Count: {indicator.numerator}", missing="Enter the count")
        else:
            self.fields["value"] = _decimal(
                f"Value in {indicator.unit}", missing=f"Enter the value in {indicator.unit}"
            )
            self.fields["numerator"] = _whole(
                "Number of cases it covers (optional)", help_text=f"What is measured: {indicator.numerator}"
            )
        self.order_fields(["period", "numerator", "denominator", "value", "note"])

    def chosen_period(self) -> Period:
        return self.periods[self.cleaned_data["period"]]


class LinkForm(forms.Form):
    """An active indicator to measure an action's success by."""

    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.none(),
        empty_label="Choose an indicator",
        error_messages={"required": "Choose an indicator", "invalid_choice": "Choose an indicator from the list"},
    )

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
