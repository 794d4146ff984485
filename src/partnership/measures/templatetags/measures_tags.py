"""Template tags of the measures: the panel of indicators on a plan action's page, and on an indicator's page the
changes its reader may make and the history of its baseline and target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import template

from partnership.measures import selectors
from partnership.measures.display import LatestFigures, format_value, latest_figures
from partnership.measures.models import Indicator, Source
from partnership.measures.rules import worst

register = template.Library()

TARGET_LABELS = {
    "baseline": "Baseline",
    "baseline_label": "When the baseline was measured",
    "target": "Target",
    "amber_within": "Amber margin",
}


def _measure_row(link: Any, small_numbers: bool) -> LatestFigures:
    return latest_figures(
        indicator=link.indicator, values=link.indicator.quarters, small_numbers=small_numbers, link=link
    )


@register.inclusion_tag("measures/_action_measures.html")
def action_measures(action: Any, user: Any) -> dict[str, Any]:
    """The indicators measuring an action, each with its latest quarter against baseline and target, and the worst
    of their ratings; small numbers are suppressed for readers without child-level access. Two queries."""
    if not user.has_perm("measures.view_measures"):
        return {"visible": False}
    links = selectors.action_indicators_with_quarters(action=action)
    small_numbers = bool(user.has_perm("measures.view_small_numbers"))
    rows = [_measure_row(link, small_numbers) for link in links]
    return {
        "visible": True,
        "action": action,
        "rows": rows,
        "summary": worst([row.latest_shown.colour for row in rows]),
        "can_link": user.has_perm("measures.link_actions"),
    }


@register.simple_tag
def indicator_admin(indicator: Indicator, user: Any) -> dict[str, bool]:
    """What the reader may change on an indicator's page: its values (owner or administrator, for an indicator
    entered by hand), its baseline and target, its wording (entered by hand only) and whether it is retired."""
    manual = indicator.source == Source.MANUAL
    manage = bool(user.has_perm("measures.manage_indicators"))
    return {
        "can_enter": manual and bool(user.has_perm("measures.enter_values", indicator)),
        "can_manage": manage,
        "can_edit": manual and manage,
    }


@dataclass(frozen=True)
class TargetChange:
    """One save that changed an indicator's baseline, target or amber margin: who, when, and each old and new value."""

    when: datetime
    who: str
    changes: list[tuple[str, str, str]]


def _target_text(indicator: Indicator, field: str, value: Any) -> str:
    if value is None or value == "":
        return "none"
    if field == "amber_within":
        return f"{Decimal(value).normalize():f}%"
    if field == "baseline_label":
        return str(value)
    return format_value(indicator.unit, Decimal(value))


@register.simple_tag
def target_changes(indicator: Indicator) -> list[TargetChange]:
    """Every change to an indicator's baseline, target and amber margin, newest first, from its history."""
    found: list[TargetChange] = []
    before: dict[str, Any] | None = None
    records = indicator.history.select_related("history_user").order_by("history_date")  # type: ignore[attr-defined]
    for record in records:
        now = {field: getattr(record, field) for field in TARGET_LABELS}
        then = before or {"baseline": None, "baseline_label": "", "target": None, "amber_within": now["amber_within"]}
        changes = [
            (label, _target_text(indicator, field, then[field]), _target_text(indicator, field, now[field]))
            for field, label in TARGET_LABELS.items()
            if then[field] != now[field]
        ]
        if changes:
            who = str(record.history_user) if record.history_user else "Partnership (automatic)"
            found.append(TargetChange(when=record.history_date, who=who, changes=changes))
        before = now
    return list(reversed(found))
