"""Pages that change the measures: a new indicator entered by hand, its wording and owner, its baseline and target,
retiring it, entering a period's value, and linking indicators to the plan's actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.frontend.pages import form_page
from partnership.measures import selectors, services
from partnership.measures.forms import (
    IndicatorCreateForm,
    IndicatorEditForm,
    LinkForm,
    RetireForm,
    TargetForm,
    ValueForm,
)
from partnership.measures.models import ActionIndicator, Indicator, PeriodKind, Source
from partnership.measures.rules import Period, period_containing, previous_period
from partnership.plans import selectors as plan_selectors

RECENT_PERIODS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 8, PeriodKind.YEAR: 3}
KIND_PLURALS = {PeriodKind.MONTH: "months", PeriodKind.QUARTER: "quarters", PeriodKind.YEAR: "financial years"}


def _indicator_url(indicator: Indicator, kind: str = "") -> str:
    url = reverse("measures:indicator-detail", kwargs={"key": indicator.key})
    return f"{url}?kind={kind}" if kind else url


def _action_url(action: Any) -> str:
    return reverse("plans:action-detail", kwargs={"action_id": action.pk})


def _indicator_for(request: HttpRequest, key: str, permission: str) -> Indicator:
    """The indicator of a measures page the user may read (404 otherwise), once their role allows the change."""
    section_page(request, "measures", "measures.view_measures")
    indicator = selectors.indicator_get(user=request.user, key=key)
    require_permission(request, permission, indicator, object_type="indicator")
    return indicator


def _manual(indicator: Indicator) -> Indicator:
    """Only indicators entered by hand have these pages; for the others they do not exist."""
    if indicator.source != Source.MANUAL:
        raise Http404()
    return indicator


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    """Add an indicator whose values a named owner enters by hand."""
    section_page(request, "measures", "measures.manage_indicators")

    def save(data: dict[str, Any]) -> Indicator:
        return services.indicator_create(actor=signed_in_user(request), **data)

    return form_page(
        request,
        IndicatorCreateForm(request.POST or None),
        title="Add an indicator entered by hand",
        button="Add indicator",
        save=save,
        done=lambda indicator: (
            _indicator_url(indicator),
            f"{indicator.name} has been added. Set its baseline and target next.",
        ),
        noun="indicator",
        context={
            "back_url": reverse("measures:dashboard"),
            "intro": "Use this for a measure Partnership cannot count from its own records, such as an audit finding "
            "or a figure from another system. Its owner enters a value for each period.",
        },
    )


@login_required
def indicator_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change what an indicator entered by hand counts, which way is better, or who enters its values."""
    indicator = _manual(_indicator_for(request, key, "measures.manage_indicators"))
    initial = {
        "version": indicator.version,
        "name": indicator.name,
        "description": indicator.description,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "polarity": indicator.polarity,
        "area": indicator.area,
        "owner": indicator.owner_id,
    }

    def save(data: dict[str, Any]) -> Indicator:
        return services.indicator_update(
            actor=signed_in_user(request),
            indicator=indicator,
            expected_version=data["version"],
            name=data["name"],
            description=data["description"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            polarity=data["polarity"],
            area=data["area"],
            owner=data["owner"],
        )

    return form_page(
        request,
        IndicatorEditForm(request.POST or None, initial=initial),
        title=f"Edit {indicator.name}",
        button="Save changes",
        save=save,
        done=lambda changed: (_indicator_url(changed), f"{changed.name} has been updated."),
        noun="indicator",
        context={"back_url": _indicator_url(indicator), "caption": f"Unit: {indicator.get_unit_display()}"},
    )


@login_required
def indicator_target(request: HttpRequest, key: str) -> HttpResponse:
    """Set an indicator's baseline, target and amber margin."""
    indicator = _indicator_for(request, key, "measures.manage_indicators")
    initial = {
        "version": indicator.version,
        "baseline": indicator.baseline,
        "baseline_label": indicator.baseline_label,
        "target": indicator.target,
        "amber_within": indicator.amber_within,
    }

    def save(data: dict[str, Any]) -> Indicator:
        return services.indicator_set_target(
            actor=signed_in_user(request),
            indicator=indicator,
            expected_version=data["version"],
            baseline=data["baseline"],
            baseline_label=data["baseline_label"],
            target=data["target"],
            amber_within=data["amber_within"],
        )

    better = "lower" if indicator.polarity == "lower" else "higher"
    return form_page(
        request,
        TargetForm(request.POST or None, initial=initial, unit=indicator.unit),
        title="Baseline and target",
        button="Save baseline and target",
        save=save,
        done=lambda changed: (_indicator_url(changed), f"The baseline and target of {changed.name} have been saved."),
        noun="indicator",
        context={
            "back_url": _indicator_url(indicator),
            "caption": indicator.name,
            "intro": f"For this indicator a {better} value is better. A value that meets the target is green. Every "
            "change is kept in the indicator's history.",
        },
    )


@login_required
def indicator_retire(request: HttpRequest, key: str) -> HttpResponse:
    """Confirm, then stop showing an indicator on the dashboard and on the actions it measures."""
    indicator = _indicator_for(request, key, "measures.manage_indicators")

    def save(data: dict[str, Any]) -> Indicator:
        return services.indicator_retire(
            actor=signed_in_user(request), indicator=indicator, expected_version=data["version"]
        )

    return form_page(
        request,
        RetireForm(request.POST or None, initial={"version": indicator.version}),
        title=f"Retire {indicator.name}?",
        button="Retire indicator",
        save=save,
        done=lambda retired: (
            reverse("measures:dashboard"),
            f"{retired.name} has been retired. Its values are kept.",
        ),
        noun="indicator",
        context={"back_url": _indicator_url(indicator), "indicator": indicator},
        template="measures/edit_retire.html",
    )


def recent_periods(kind: str, today: date) -> list[Period]:
    """The periods of the kind a value may be entered for: the current one and those just before, newest first."""
    periods = [period_containing(kind, today)]
    while len(periods) < RECENT_PERIODS[PeriodKind(kind)]:
        periods.append(previous_period(periods[-1]))
    return periods


@login_required
def value_add(request: HttpRequest, key: str) -> HttpResponse:
    """Enter the whole partnership's value of an indicator entered by hand for a month, quarter or year."""
    indicator = _manual(_indicator_for(request, key, "measures.enter_values"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in PeriodKind.values else PeriodKind.QUARTER
    today = timezone.localdate()
    form = ValueForm(request.POST or None, indicator=indicator, periods=recent_periods(kind, today))

    def save(data: dict[str, Any]) -> Any:
        period = form.chosen_period()
        return services.value_enter(
            actor=signed_in_user(request),
            indicator=indicator,
            period_kind=period.kind,
            period_start=period.start,
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            value=data.get("value"),
            note=data["note"],
        )

    return form_page(
        request,
        form,
        title="Enter a value",
        button="Save value",
        save=save,
        done=lambda row: (
            _indicator_url(indicator, kind),
            f"The value of {indicator.name} for {Period(row.period_kind, row.period_start, row.period_end).label} "
            "has been saved.",
        ),
        noun="indicator",
        context={
            "back_url": _indicator_url(indicator, kind),
            "indicator": indicator,
            "kind": kind,
            "kinds": [(value, KIND_PLURALS[PeriodKind(value)]) for value in PeriodKind.values],
        },
        template="measures/edit_value.html",
    )


# Indicators that measure the plan's actions


@login_required
def action_link(request: HttpRequest, action_id: str) -> HttpResponse:
    """Choose an indicator that measures an action's success; the action's current links are listed with it."""
    section_page(request, "plan", "measures.view_measures")
    action = plan_selectors.action_get(user=request.user, action_id=action_id)
    require_permission(request, "measures.link_actions", object_type="action")
    indicators = selectors.visible_indicators(user=request.user).exclude(action_links__action=action)

    def save(data: dict[str, Any]) -> ActionIndicator:
        return services.action_link(actor=signed_in_user(request), action=action, indicator=data["indicator"])

    return form_page(
        request,
        LinkForm(request.POST or None, indicators=indicators),
        title=f"Measure action {action.reference} by an indicator",
        button="Link indicator",
        save=save,
        done=lambda link: (
            _action_url(action),
            f"Action {action.reference} is now measured by {link.indicator.name}.",
        ),
        noun="action",
        context={
            "action": action,
            "links": list(selectors.action_indicators(action=action)),
            "back_url": _action_url(action),
        },
        template="measures/edit_action_link.html",
    )


@login_required
@require_POST
def action_unlink(request: HttpRequest, link_id: str) -> HttpResponse:
    """Stop measuring an action by an indicator; the indicator and its values stay."""
    section_page(request, "plan", "measures.link_actions")
    link = selectors.action_link_get(user=request.user, link_id=link_id)
    action = plan_selectors.action_get(user=request.user, action_id=link.action_id)  # 404 for an action not visible
    services.action_unlink(actor=signed_in_user(request), link=link)
    messages.success(request, f"Action {action.reference} is no longer measured by {link.indicator.name}.")
    return redirect(_action_url(action))
