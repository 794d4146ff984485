"""Pages of the measures of impact: the dashboard of every indicator, one indicator's page with its chart, table,
breakdown and comparison, and the same figures as CSV and Excel files. Small numbers are suppressed per reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from partnership.access.guards import section_page
from partnership.measures import chart, downloads, selectors
from partnership.measures.display import (
    BRAG_TAGS,
    BRAG_WORDS,
    LatestFigures,
    Shown,
    amount,
    format_value,
    latest_figures,
    shown,
)
from partnership.measures.downloads import breakdown_label
from partnership.measures.models import Area, Indicator, IndicatorValue, PeriodKind, Polarity, Source, Unit
from partnership.measures.rules import (
    Period,
    period_containing,
    previous_period,
    same_period_year_before,
)
from partnership.plans import selectors as plan_selectors
from partnership.plans.models import FindingKind

DEFAULT_KIND = PeriodKind.QUARTER
OVERALL = ""  # the breakdown of the whole partnership
KIND_ERROR = "Choose month, quarter or year"


class KindForm(forms.Form):
    """The period kind the figures are shown by, from the query string: quarters unless another is chosen."""

    kind = forms.ChoiceField(
        label="Show figures by",
        choices=PeriodKind.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": KIND_ERROR},
    )

    def chosen_kind(self) -> str:
        return (self.cleaned_data.get("kind") if self.is_valid() else "") or DEFAULT_KIND


class IndicatorForm(KindForm):
    """The kind, period and breakdown of an indicator's page; a period of another kind falls back to the latest."""

    period = forms.ChoiceField(
        label="Period", required=False, error_messages={"invalid_choice": "Choose a period from the list"}
    )
    breakdown = forms.ChoiceField(
        label="Break down by", required=False, error_messages={"invalid_choice": "Choose a breakdown from the list"}
    )

    def __init__(self, data: Any, *, kind: str, periods: list[Period], breakdowns: list[str]) -> None:
        if data is not None and data.get("period") and not str(data["period"]).startswith(f"{kind}-"):
            data = data.copy()
            data.pop("period")
        super().__init__(data)
        self.fields["period"].choices = [(p.slug, p.label) for p in reversed(periods)]  # type: ignore[attr-defined]
        self.fields["breakdown"].choices = [(b, breakdown_label(b)) for b in breakdowns]  # type: ignore[attr-defined]


def _query(request: HttpRequest) -> QueryDict:
    """The query string with the period kind filled in, so the default kind shows as chosen."""
    query = request.GET.copy()
    if not query.get("kind"):
        query["kind"] = DEFAULT_KIND
    return query


def _small_numbers(request: HttpRequest) -> bool:
    return bool(request.user.has_perm("measures.view_small_numbers"))


def _period_of(row: IndicatorValue) -> Period:
    return Period(row.period_kind, row.period_start, row.period_end)


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[LatestFigures]


def _dashboard_row(indicator: Indicator, small_numbers: bool) -> LatestFigures:
    return latest_figures(
        indicator=indicator,
        values=indicator.overall,  # type: ignore[attr-defined]
        small_numbers=small_numbers,
    )


def _in_a_sentence(area: Area) -> str:
    """An area's name inside a sentence: "strategy meetings", "front door and MASH", "Operation Encompass"."""
    return area.label if area == Area.ENCOMPASS else area.label[0].lower() + area.label[1:]


def _dashboard(request: HttpRequest, kind: str) -> list[Section]:
    """The priority action's indicators first, then the others grouped by area, in display order."""
    small_numbers = _small_numbers(request)
    indicators = list(selectors.with_current_values(selectors.visible_indicators(user=request.user), period_kind=kind))
    priority = [_dashboard_row(indicator, small_numbers) for indicator in indicators if indicator.is_priority]
    sections = []
    if priority:
        areas = {row.indicator.area for row in priority}
        named = _in_a_sentence(Area(areas.pop())) if len(areas) == 1 else ""
        sections.append(Section(f"Priority action: {named}" if named else "The inspection's priority action", priority))
    for area, label in Area.choices:
        rows = [_dashboard_row(i, small_numbers) for i in indicators if not i.is_priority and i.area == area]
        if rows:
            sections.append(Section(label, rows))
    return sections


def _priority_finding(request: HttpRequest) -> Any:
    inspection = plan_selectors.current_inspection(user=request.user)
    if inspection is None:
        return None
    return (
        plan_selectors.finding_list(user=request.user, inspection=inspection, kind=FindingKind.PRIORITY_ACTION)
        .prefetch_related(None)
        .first()
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every indicator's latest value against its baseline and target, the priority action's first."""
    section_page(request, "measures", "measures.view_measures")
    form = KindForm(_query(request))
    kind = form.chosen_kind()
    return render(
        request,
        "measures/dashboard.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": PeriodKind(kind).label.lower(),
            "sections": _dashboard(request, kind),
            "priority_finding": _priority_finding(request),
            "small_numbers": _small_numbers(request),
        },
        status=400 if form.errors else 200,
    )


def _dashboard_file(request: HttpRequest, extension: str) -> HttpResponse:
    section_page(request, "measures", "measures.view_measures")
    kind = KindForm(_query(request)).chosen_kind()
    table = downloads.dashboard_table(_dashboard(request, kind))
    filename = f"measures-by-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"
    if extension == "csv":
        return downloads.csv_response(table, filename=filename)
    return downloads.xlsx_response(table, filename=filename)


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's table as CSV, with the same suppression as the screen."""
    return _dashboard_file(request, "csv")


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The dashboard's table as an Excel workbook, with the same suppression as the screen."""
    return _dashboard_file(request, "xlsx")


# One indicator


@dataclass(frozen=True)
class PeriodRow:
    """One period (or one breakdown cell of a period) as the reader sees it."""

    label: str
    seen: Shown

    @property
    def brag_tag(self) -> str:
        return BRAG_TAGS[self.seen.colour]

    @property
    def brag_words(self) -> str:
        return BRAG_WORDS[self.seen.colour]


def _change(indicator: Indicator, now: Shown, then: Shown) -> str:
    """How the chosen period's value differs from another period's, in the indicator's unit and by its polarity."""
    if now.value is None or then.value is None:
        return "Not available"
    difference = now.value - then.value
    if not difference:
        return "No change"
    amount = abs(difference)
    words = (
        f"{amount:.1f} percentage points" if indicator.unit == Unit.PERCENT else format_value(indicator.unit, amount)
    )
    better = (difference > 0) == (indicator.polarity == Polarity.HIGHER)
    return f"{'Up' if difference > 0 else 'Down'} {words} ({'better' if better else 'worse'})"


def _comparison(indicator: Indicator, chosen: Period, by_start: dict[Any, Any], small_numbers: bool) -> list[Any]:
    now = shown(indicator=indicator, row=by_start.get(chosen.start), small_numbers=small_numbers)
    rows = [{"title": "Chosen period", "period": chosen, "seen": now, "change": "–"}]
    for title, other in (("Period before", previous_period(chosen)), ("Year before", same_period_year_before(chosen))):
        then = shown(indicator=indicator, row=by_start.get(other.start), small_numbers=small_numbers)
        rows.append({"title": title, "period": other, "seen": then, "change": _change(indicator, now, then)})
    return rows


def _chart(indicator: Indicator, rows: list[PeriodRow], kind: str) -> dict[str, str]:
    points = [chart.ChartPoint(row.label, row.seen.value, row.seen.text) for row in rows]
    lines = {
        "target": chart.ReferenceLine(indicator.target, f"Target {format_value(indicator.unit, indicator.target)}")
        if indicator.target is not None
        else None,
        "baseline": chart.ReferenceLine(
            indicator.baseline,
            f"Baseline {format_value(indicator.unit, indicator.baseline)}"
            + (f" ({indicator.baseline_label})" if indicator.baseline_label else ""),
        )
        if indicator.baseline is not None
        else None,
    }
    title = f"{indicator.name}, by {PeriodKind(kind).label.lower()}"
    return {
        # Our own chart: matplotlib escapes every text it writes into the SVG.
        "svg": mark_safe(  # noqa: S308 - our own chart, escaped by matplotlib
            chart.indicator_chart_svg(title=title, unit_label=indicator.get_unit_display(), points=points, **lines)
        ),
        "description": chart.indicator_chart_description(name=indicator.name, points=points, **lines),
    }


@login_required
def indicator_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One indicator: its definition, a chart and table of every period, a breakdown and a comparison of periods."""
    section_page(request, "measures", "measures.view_measures")
    indicator = selectors.indicator_get(user=request.user, key=key)
    small_numbers = _small_numbers(request)
    kind = KindForm(_query(request)).chosen_kind()
    overall = list(selectors.current_values(indicator=indicator, period_kind=kind, breakdown=OVERALL))
    periods = [_period_of(row) for row in overall]
    form = IndicatorForm(_query(request), kind=kind, periods=periods, breakdowns=list(indicator.breakdowns))
    valid = form.is_valid()
    by_start = {row.period_start: row for row in overall}
    rows = [
        PeriodRow(_period_of(row).label, shown(indicator=indicator, row=row, small_numbers=small_numbers))
        for row in overall
    ]
    chosen = periods[-1] if periods else period_containing(kind, timezone.localdate())
    if valid and form.cleaned_data.get("period"):
        chosen = next(period for period in periods if period.slug == form.cleaned_data["period"])
    breakdown = (form.cleaned_data.get("breakdown") if valid else "") or next(iter(indicator.breakdowns), "")
    cells = []
    if breakdown:
        found = selectors.current_values(indicator=indicator, period_kind=kind, breakdown=breakdown)
        cells = [
            PeriodRow(cell.breakdown_label, shown(indicator=indicator, row=cell, small_numbers=small_numbers))
            for cell in found.filter(period_start=chosen.start)
        ]
    return render(
        request,
        "measures/indicator_detail.html",
        {
            "form": form,
            "indicator": indicator,
            "kind": kind,
            "kind_label": PeriodKind(kind).label.lower(),
            "rows": rows,
            "chart": _chart(indicator, rows, kind) if rows else None,
            "chosen": chosen,
            "breakdown": breakdown,
            "breakdown_label": breakdown_label(breakdown),
            "cells": cells,
            "comparison": _comparison(indicator, chosen, by_start, small_numbers),
            "small_numbers": small_numbers,
            "baseline": amount(indicator.unit, indicator.baseline),
            "target": amount(indicator.unit, indicator.target),
            "is_manual": indicator.source == Source.MANUAL,
        },
        status=400 if form.errors else 200,
    )


def _indicator_cells(request: HttpRequest, indicator: Indicator, kind: str) -> list[tuple[str, Any, Shown]]:
    """Every current cell of the kind, the whole partnership's then each breakdown's, as the reader may see it."""
    small_numbers = _small_numbers(request)
    return [
        (breakdown, cell, shown(indicator=indicator, row=cell, small_numbers=small_numbers))
        for breakdown in [OVERALL, *indicator.breakdowns]
        for cell in selectors.current_values(indicator=indicator, period_kind=kind, breakdown=breakdown)
    ]


def _indicator_file(request: HttpRequest, key: str, extension: str) -> HttpResponse:
    section_page(request, "measures", "measures.view_measures")
    indicator = selectors.indicator_get(user=request.user, key=key)
    kind = KindForm(_query(request)).chosen_kind()
    table = downloads.indicator_table(indicator, _indicator_cells(request, indicator, kind))
    filename = f"{indicator.key}-by-{kind}.{extension}"
    if extension == "csv":
        return downloads.csv_response(table, filename=filename)
    return downloads.xlsx_response(table, filename=filename)


@login_required
def indicator_csv(request: HttpRequest, key: str) -> HttpResponse:
    """Every period and breakdown cell of one indicator as CSV, with the same suppression as the screen."""
    return _indicator_file(request, key, "csv")


@login_required
def indicator_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """Every period and breakdown cell of one indicator as a workbook, with the same suppression as the screen."""
    return _indicator_file(request, key, "xlsx")
