"""Every read of indicators, their values and their links to plan actions, for the people who may read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
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


def action_indicators_with_quarters(*, action: Any) -> QuerySet[ActionIndicator]:
    """The action's indicators, each with its current whole-partnership quarterly values (`indicator.quarters`,
    oldest first): two queries whatever the number of links."""
    quarters = IndicatorValue.objects.filter(period_kind="quarter", breakdown="", is_current=True).order_by(
        "period_start"
    )
    return action_indicators(action=action).prefetch_related(
        Prefetch("indicator__values", queryset=quarters, to_attr="quarters")
    )


def with_current_values(indicators: QuerySet[Indicator], *, period_kind: str, breakdown: str | None = None) -> Any:
    """The indicators with their current whole-partnership values of the kind (`overall`, oldest first) and, when
    a breakdown is asked for, that breakdown's cells (`cells`): two more queries whatever the number of indicators."""
    current = IndicatorValue.objects.filter(period_kind=period_kind, is_current=True)
    prefetches: list[Any] = [
        Prefetch("values", queryset=current.filter(breakdown="").order_by("period_start"), to_attr="overall")
    ]
    if breakdown is not None:
        prefetches.append(
            Prefetch(
                "values",
                queryset=current.filter(breakdown=breakdown).order_by("period_start", "breakdown_label"),
                to_attr="cells",
            )
        )
    return indicators.prefetch_related(*prefetches)


def action_link_get(*, user: Any, link_id: Any) -> ActionIndicator:
    """One link between an action and an indicator, for those who may manage links; 404 otherwise."""
    if user is None or not user.is_authenticated or not user.has_perm("measures.link_actions"):
        raise Http404()
    link = ActionIndicator.objects.select_related("indicator").filter(pk=link_id).first()
    if link is None:
        raise Http404()
    return link


def links_of_actions(*, actions: list[Any]) -> list[ActionIndicator]:
    """The active indicators linked to any of the actions, in display order (for reports, which read everything)."""
    return list(
        ActionIndicator.objects.filter(action__in=actions, indicator__is_active=True)
        .select_related("indicator")
        .order_by("indicator__display_order", "indicator__name")
    )


def quarterly_values_until(*, indicator_ids: set[Any], last_start: date, as_of: date) -> QuerySet[IndicatorValue]:
    """Whole-partnership quarterly values of the indicators for quarters starting by `last_start`, every row dated
    on or before `as_of`, newest first within each quarter (the first of each quarter is how it stood then)."""
    return IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids,
        period_kind="quarter",
        breakdown="",
        breakdown_key="",
        period_start__lte=last_start,
        as_of__lte=as_of,
    ).order_by("indicator_id", "period_start", "-as_of")
