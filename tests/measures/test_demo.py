"""The demo measures: every built-in indicator loaded with a labelled baseline and a target, values for every month,
quarter and year of the demo's practice records, all three ratings on show, indicators linked to the plan's
actions (some of them off track), and the training indicator entered by hand each quarter by the action lead."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from partnership.access import demo as access_demo
from partnership.children import demo as children_demo
from partnership.core.clocks import london_date
from partnership.demo import DEMO_LOADERS
from partnership.encompass import demo as encompass_demo
from partnership.frontdoor import demo as frontdoor_demo
from partnership.measures import demo as measures_demo
from partnership.measures.builtin import builtin_definitions
from partnership.measures.models import ActionIndicator, Indicator, IndicatorValue
from partnership.measures.rules import brag, period_containing, periods_between
from partnership.plans import demo as plans_demo
from partnership.strategy import demo as strategy_demo

pytestmark = pytest.mark.django_db

LOAD_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The demo's people, plan and practice records with the measures on top, loaded once for the module and rolled
    back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        for loader in (
            access_demo.load,
            plans_demo.load,
            children_demo.load,
            strategy_demo.load,
            frontdoor_demo.load,
            encompass_demo.load,
        ):
            loader()
        started = time.perf_counter()
        measures_demo.load()
        LOAD_SECONDS["measures"] = time.perf_counter() - started
        yield
        transaction.set_rollback(True)


def test_the_measures_load_after_the_practice_apps_and_quickly() -> None:
    assert DEMO_LOADERS.index(measures_demo.load) > DEMO_LOADERS.index(encompass_demo.load)
    assert LOAD_SECONDS["measures"] < 5


def test_every_built_in_is_loaded_with_a_labelled_baseline_where_one_is_set() -> None:
    keys = {definition.key for definition in builtin_definitions()}
    indicators = {indicator.key: indicator for indicator in Indicator.objects.filter(is_builtin=True)}
    assert set(indicators) == keys
    with_targets = [indicator for indicator in indicators.values() if indicator.target is not None]
    assert len(with_targets) >= 12
    for indicator in indicators.values():
        assert bool(indicator.baseline_label) == (indicator.baseline is not None), indicator.key
    assert indicators["strategy-convened-on-time"].baseline_label == "Inspection, 2018"


def test_values_cover_every_month_quarter_and_year_of_the_practice_records() -> None:
    """Every indicator computed from Partnership's records has a value for every period; the Annex A ones wait for
    a council's lists to be imported."""
    today = london_date(timezone.now())
    first = (
        IndicatorValue.objects.filter(indicator__is_builtin=True, period_kind="month").order_by("period_start").first()
    )
    assert first is not None
    for kind in ("month", "quarter", "year"):
        expected = {period.start for period in periods_between(kind, first.period_start, today)}
        for indicator in Indicator.objects.filter(is_builtin=True, source="computed"):
            starts = set(
                IndicatorValue.objects.filter(
                    indicator=indicator, period_kind=kind, breakdown="", is_current=True
                ).values_list("period_start", flat=True)
            )
            assert starts == expected, (indicator.key, kind)
    # The Encompass history is two months long, so there are notifications in more than one month.
    notifications = IndicatorValue.objects.filter(
        indicator__key="encompass-notifications", period_kind="month", breakdown="", value__gt=0
    )
    assert notifications.count() >= 2
    # Breakdowns are stored too.
    assert IndicatorValue.objects.filter(indicator__key="encompass-sent-on-time", breakdown="risk_level").exists()
    assert IndicatorValue.objects.filter(indicator__key="strategy-agency-contribution", breakdown="agency").exists()


def _colour(indicator: Indicator, kind: str) -> str:
    latest = (
        IndicatorValue.objects.filter(indicator=indicator, period_kind=kind, breakdown="", is_current=True)
        .exclude(value=None)
        .order_by("-period_start")
        .first()
    )
    if latest is None:
        return ""
    return brag(
        value=latest.value, target=indicator.target, polarity=indicator.polarity, amber_within=indicator.amber_within
    ).colour


def test_the_dashboard_shows_green_amber_and_red() -> None:
    for kind in ("quarter", "year"):
        colours = {_colour(indicator, kind) for indicator in Indicator.objects.exclude(target=None)}
        assert {"green", "amber", "red"} <= colours, kind


def test_the_plans_actions_are_linked_and_some_linked_measure_is_off_track() -> None:
    links = ActionIndicator.objects.select_related("action", "indicator")
    by_action: dict[str, set[str]] = {}
    for link in links:
        by_action.setdefault(link.action.reference, set()).add(link.indicator.key)
    assert "strategy-convened-on-time" in by_action["1.1"]  # the priority action
    assert any(key.startswith("frontdoor-") for key in by_action["2.3"])
    assert any(key.startswith("encompass-") for key in by_action["2.6"])
    off_track = {link.action.reference for link in links if _colour(link.indicator, "quarter") in ("red", "amber")}
    assert off_track


def test_the_training_indicator_is_entered_by_hand_each_quarter_by_the_lead() -> None:
    indicator = Indicator.objects.get(key=measures_demo.TRAINED_KEY)
    assert (indicator.source, indicator.owner.username if indicator.owner else None) == ("manual", "lead")
    assert not indicator.is_builtin
    values = list(IndicatorValue.objects.filter(indicator=indicator).order_by("period_start"))
    assert len(values) == len(measures_demo.TRAINED_SHARES)
    assert all(
        value.source == "manual" and value.entered_by and value.entered_by.username == "lead" for value in values
    )
    assert all(value.period_kind == "quarter" and value.is_current for value in values)
    this_quarter = period_containing("quarter", london_date(timezone.now()))
    assert values[-1].period_end < this_quarter.start  # only finished quarters
    assert [value.period_start for value in values] == sorted({value.period_start for value in values})
    assert values[0].period_start >= date(2000, 1, 1)
    assert ActionIndicator.objects.filter(indicator=indicator, action__reference="5.3").exists()
