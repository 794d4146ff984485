"""The GOV.UK field tag picks the right pattern for each Django widget."""

from __future__ import annotations

from django import forms
from django.template import Context, Template


class Choices(forms.Form):
    many = forms.MultipleChoiceField(
        label="Agencies", choices=[("a", "Police"), ("b", "Health")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(label="Priority", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)


def render(field: str) -> str:
    return Template("{% load govuk_forms %}{% govuk_field form." + field + " %}").render(Context({"form": Choices()}))


def test_several_choices_are_checkboxes_not_radios() -> None:
    html = render("many")
    assert html.count('type="checkbox"') == 2
    assert "govuk-radios" not in html


def test_one_choice_is_radios() -> None:
    html = render("one")
    assert html.count('type="radio"') == 2
    assert "govuk-checkboxes" not in html
