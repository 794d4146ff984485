"""Template tags that render Django forms with GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from partnership.frontend.fields import GovukDateWidget

register = template.Library()


def _field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # checked first: Django makes it a kind of RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("frontend/fields/field.html")
def govuk_field(field: BoundField, label_size: str = "", width: str = "", page_heading: bool = False) -> dict[str, Any]:
    """Render one form field as a GOV.UK form group with label, hint and error message."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    return {
        "field": field,
        "kind": _field_kind(field),
        "input_type": input_type,
        "label_size": label_size,
        "width": width,
        "page_heading": page_heading,
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "inputmode": widget.attrs.get("inputmode", ""),
        "spellcheck": widget.attrs.get("spellcheck", ""),
        "rows": widget.attrs.get("rows", 5),
        "date_parts": _date_parts(field) if isinstance(widget, GovukDateWidget) else [],
    }


def _date_parts(field: BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a GOV.UK date input with their current values."""
    value = field.value()
    if isinstance(value, list | tuple):
        values = list(value) + [None] * (3 - len(value))
    else:
        values = field.field.widget.decompress(value)
    names = [("day", "Day", "2"), ("month", "Month", "2"), ("year", "Year", "4")]
    return [
        {
            "name": f"{field.html_name}_{index}",
            "id": f"{field.auto_id}_{index}",
            "label": label,
            "width": width,
            "value": "" if values[index] is None else values[index],
        }
        for index, (_key, label, width) in enumerate(names)
    ]


@register.inclusion_tag("frontend/fields/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """Render the GOV.UK error summary for one or more forms, linking each error to its field."""
    errors: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        for name, messages in form.errors.items():
            if name == "__all__":
                anchor = ""
            else:
                bound = form[name]
                anchor = bound.id_for_label or bound.auto_id
                if _field_kind(bound) in {"radios", "checkboxes", "date"}:
                    anchor = f"{bound.auto_id}_0"
            errors.extend({"message": str(message), "anchor": anchor} for message in messages)
    return {"errors": errors}
