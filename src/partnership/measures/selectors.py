"""Every read of indicators, their values and their links to plan actions, for the people who may read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from partnership.measures.models import ActionIndicator, Indicator, IndicatorValue
from partnership.measures.rules import Period


def visible_indicators(*, user: Any) -> QuerySet[Indicator]:
    """The partnership's active indicators, the priority action's first, for anyone who may read measures."""
    if user is None or not user.is_authenticated or not user.has_perm("measures.view_measures"):
        return Indicator.objects.none()
    return Indicator.objects.filter(is_active=True).select_related("owner")


def indicator_get(*, user: Any, key: str) -> Indicator:
    """One indicator by its key; 404 when it does not exist, is retired or the user may not read measures."""
    indicator = visible_indicators(user=user).filter(key=key).first()
    if indicator is None:
        raise Http404()
    return indicator


def current_values(*, indicator: Indicator, period_kind: str, breakdown: str = "") -> QuerySet[IndicatorValue]:
    """The current value of each period of the kind for one breakdown ("" for the whole partnership), oldest first.

    Values hold aggregate figures only; the reader's right to see small numbers is applied when they are shown.
    """
    return IndicatorValue.objects.filter(
        indicator=indicator, period_kind=period_kind, breakdown=breakdown, is_current=True
    ).order_by("period_start", "breakdown_label")


def values_as_of(*, indicator: Indicator, period: Period, as_of: date, breakdown: str = "") -> list[IndicatorValue]:
    """The values of one period as they stood on a day: for each cell, the latest row computed on or before it."""
    rows = IndicatorValue.objects.filter(
        indicator=indicator,
        period_kind=period.kind,
        period_start=period.start,
        breakdown=breakdown,
        as_of__lte=as_of,
    ).order_by("breakdown_key", "-as_of")
    latest: dict[str, IndicatorValue] = {}
    for row in rows:
        latest.setdefault(row.breakdown_key, row)
    return sorted(latest.values(), key=lambda row: row.breakdown_label)


def action_indicators(*, action: Any) -> QuerySet[ActionIndicator]:
    """The indicators that measure an action's success (the action has already been checked as visible)."""
    return ActionIndicator.objects.filter(action=action, indicator__is_active=True).select_related("indicator")
