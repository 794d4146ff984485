"""Template tags for the plan: BRAG and status tags in GOV.UK style."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from partnership.plans.models import Brag, DeliveryStatus

register = template.Library()

BRAG_TAGS: dict[str, tuple[str, str]] = {
    Brag.RED: ("Red", "govuk-tag--red"),
    Brag.AMBER: ("Amber", "govuk-tag--orange"),
    Brag.GREEN: ("Green", "govuk-tag--green"),
    Brag.BLUE: ("Blue", "govuk-tag--blue"),
}
STATUS_TAGS: dict[str, str] = {
    DeliveryStatus.NOT_STARTED: "govuk-tag--grey",
    DeliveryStatus.IN_PROGRESS: "govuk-tag--light-blue",
    DeliveryStatus.DELIVERED: "govuk-tag--turquoise",
    DeliveryStatus.IMPACT_EVIDENCED: "govuk-tag--blue",
    DeliveryStatus.SUPERSEDED: "govuk-tag--grey",
}


@register.simple_tag
def brag_tag(colour: str | None) -> str:
    """A coloured tag naming the rating; the word is always shown, never colour alone."""
    label, css = BRAG_TAGS.get(colour or "", ("Not rated", "govuk-tag--grey"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


@register.simple_tag
def status_tag(status: str) -> str:
    """A tag naming the delivery status."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_TAGS.get(status, "govuk-tag--grey"),
        DeliveryStatus(status).label if status in DeliveryStatus.values else status,
    )


@register.filter
def brag_label(colour: str) -> str:
    """The word for a rating key, as table headers show it."""
    return BRAG_TAGS.get(colour, ("Not rated", ""))[0]


@register.filter
def count_of(counter: dict[str, int], key: str) -> int:
    """A count from a Counter, zero when absent."""
    return counter.get(key, 0)
