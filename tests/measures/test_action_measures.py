"""The measures panel on a plan action's page: each linked indicator's latest quarter against baseline and target,
rated green, amber or red by the thresholds, the worst rating summed up, small numbers hidden, bounded queries."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.access.models import Role
from partnership.measures import services
from partnership.measures.rules import SUPPRESSED
from tests.factories import make_person
from tests.measures.builders import make_indicator, put_value, quarter
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db

Q1, Q2 = quarter("2026-01-01"), quarter("2026-04-01")


@pytest.fixture
def action() -> Any:
    return first_action(build_plan(actions=1))


def link(action: Any, indicator: Any) -> Any:
    return services.action_link(actor=make_person(Role.ADMIN), action=action, indicator=indicator)


def panel(client: Any, action: Any) -> str:
    """The text of the action page's measures panel, tags removed."""
    page = client.get(reverse("plans:action-detail", kwargs={"action_id": action.pk})).content.decode()
    start, end = page.index('id="measures"'), page.index("Findings it answers")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page[start:end])))


def test_an_action_without_indicators_says_so(signed_in, action) -> None:
    assert "No indicators linked yet" in panel(signed_in(Role.VIEWER), action)


def test_only_an_administrator_is_offered_to_link_and_remove(signed_in, action) -> None:
    link(action, make_indicator(name="Meetings on time"))
    admin_panel = panel(signed_in(Role.ADMIN), action)
    assert "Link an indicator" in admin_panel and "Remove Meetings on time" in admin_panel
    for role in (Role.ACTION_LEAD, Role.EXECUTIVE, Role.VIEWER):
        reader = panel(signed_in(role), action)
        assert "Meetings on time" in reader
        assert "Link an indicator" not in reader and "Remove" not in reader


@pytest.mark.parametrize(
    ("polarity", "target", "numerator", "colour"),
    [
        # Higher is better, target 80%, amber within 10% of the target (8 points)
        ("higher", 80, 80, "Green"),
        ("higher", 80, 95, "Green"),
        ("higher", 80, 72, "Amber"),
        ("higher", 80, 79, "Amber"),
        ("higher", 80, 71, "Red"),
        # Lower is better, target 20%, amber within 10% of the target (2 points)
        ("lower", 20, 20, "Green"),
        ("lower", 20, 22, "Amber"),
        ("lower", 20, 23, "Red"),
    ],
)
def test_an_action_linked_to_an_indicator_turns_amber_or_red_by_the_brag_thresholds(
    signed_in, action, polarity, target, numerator, colour
) -> None:
    indicator = make_indicator(name="Meetings on time", polarity=polarity, target=target, amber_within=10)
    put_value(indicator, Q2, numerator, 100)
    link(action, indicator)
    text = panel(signed_in(Role.VIEWER), action)
    assert f"Measures: {colour}" in text
    assert f"{numerator}% Apr–Jun 2026" in text
    assert f"{target}% {colour}" in text


def test_the_summary_is_the_worst_of_the_linked_indicators(signed_in, action) -> None:
    for name, numerator in (("Green one", 90), ("Amber one", 75), ("Red one", 10)):
        indicator = make_indicator(name=name, target=80)
        put_value(indicator, Q2, numerator, 100)
        link(action, indicator)
    assert "Measures: Red" in panel(signed_in(Role.VIEWER), action)


def test_the_panel_shows_the_latest_quarter_the_one_before_the_baseline_and_the_trend(signed_in, action) -> None:
    indicator = make_indicator(name="Meetings on time", baseline=50, baseline_label="2018 audit", target=80)
    put_value(indicator, Q1, 30, 60)
    put_value(indicator, Q2, 45, 60)
    link(action, indicator)
    text = panel(signed_in(Role.VIEWER), action)
    assert "75% Apr–Jun 2026 50% Jan–Mar 2026 50% 2018 audit 80%" in text
    assert "Better than baseline" in text
    assert "Below the target of 80.00 by 5.00, within 10.00%" in text


def test_a_worse_value_than_the_baseline_says_so(signed_in, action) -> None:
    indicator = make_indicator(polarity="lower", baseline=10, target=5, unit="days")
    put_value(indicator, Q2, None, value="12.5")
    link(action, indicator)
    text = panel(signed_in(Role.VIEWER), action)
    assert "12.5 days" in text and "Worse than baseline" in text and "Measures: Red" in text


def test_small_numbers_are_hidden_from_readers_without_child_level_access(signed_in, action) -> None:
    indicator = make_indicator(name="Meetings on time", target=80)
    put_value(indicator, Q2, 3, 4)
    link(action, indicator)
    hidden = panel(signed_in(Role.EXECUTIVE), action)
    assert SUPPRESSED in hidden and "75%" not in hidden
    assert "Not rated" in hidden
    shown = panel(signed_in(Role.SOCIAL_WORKER), action)
    assert "75% Apr–Jun 2026" in shown and SUPPRESSED not in shown


def test_a_retired_indicator_leaves_the_panel(signed_in, action) -> None:
    indicator = make_indicator(name="Meetings on time")
    link(action, indicator)
    indicator.is_active = False
    indicator.save()
    assert "No indicators linked yet" in panel(signed_in(Role.VIEWER), action)


def test_the_panel_asks_the_same_number_of_queries_for_one_indicator_or_many(signed_in, action) -> None:
    client = signed_in(Role.VIEWER)
    page = reverse("plans:action-detail", kwargs={"action_id": action.pk})
    first = make_indicator(target=80)
    put_value(first, Q2, 50, 60)
    link(action, first)
    client.get(page)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for _ in range(4):
        more = make_indicator(target=80)
        put_value(more, Q1, 20, 60)
        put_value(more, Q2, 40, 60)
        link(action, more)
    with CaptureQueriesContext(connection) as five:
        assert client.get(page).status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)
