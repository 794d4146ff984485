"""The measures dashboard and an indicator's page: every role reads them, the priority action's indicators come
first, small numbers are hidden from readers without child-level access, bad queries are answered without a
server error, and the number of queries does not grow with the number of indicators."""

from __future__ import annotations

import html
import re

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from partnership.access.models import Role
from partnership.measures.chart import LINE_ID
from partnership.measures.rules import SUPPRESSED
from tests.factories import make_person
from tests.measures.builders import make_indicator, put_value, quarter
from tests.plans.builders import build_plan

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("measures:dashboard")
Q1, Q2, Q3 = quarter("2026-01-01"), quarter("2026-04-01"), quarter("2026-07-01")
Q2_LAST_YEAR = quarter("2025-04-01")


def page_text(response) -> str:
    """The page's text without tags, with runs of white space made one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def points_drawn(page: str) -> int:
    """How many markers the chart in the page draws on its line of values."""
    svg = ElementTree.fromstring(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])
    (line,) = [element for element in svg.iter() if element.get("id") == LINE_ID]
    return len([element for element in line.iter() if element.tag.endswith("}use")])


@pytest.fixture
def convened() -> object:
    """The priority action's indicator: strategy meetings convened within 24 hours, with three quarters of values."""
    indicator = make_indicator(
        key="strategy-convened-on-time",
        name="Strategy meetings convened within 24 hours",
        area="strategy",
        is_priority=True,
        baseline=50,
        baseline_label="2018 audit",
        target=80,
    )
    put_value(indicator, Q1, 30, 60)
    put_value(indicator, Q2, 45, 60)
    return indicator


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reads_the_dashboard(signed_in, role: str, convened) -> None:
    response = signed_in(role).get(DASHBOARD)
    assert response.status_code == 200
    text = page_text(response)
    assert "Measures of impact" in text and convened.name in text


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EXECUTIVE, Role.FRONT_DOOR])
def test_only_an_administrator_is_offered_to_add_an_indicator(signed_in, role: str) -> None:
    page = signed_in(role).get(DASHBOARD).content.decode()
    assert (reverse("measures:indicator-create") in page) == (role == Role.ADMIN)


def test_a_priority_action_of_another_area_is_named_by_it(signed_in) -> None:
    make_indicator(name="Contacts decided on time", area="frontdoor", is_priority=True)
    assert "Priority action: front door and MASH" in page_text(signed_in("viewer").get(DASHBOARD))


def test_the_priority_actions_indicators_come_first_under_its_heading(signed_in) -> None:
    other = make_indicator(name="Contacts decided within one working day", area="frontdoor", display_order=1)
    priority = make_indicator(
        name="Strategy meeting records shared", area="strategy", is_priority=True, display_order=50
    )
    ordinary_strategy = make_indicator(name="Agencies attending", area="strategy", display_order=2)
    build_plan(actions=1)
    text = page_text(signed_in("viewer").get(DASHBOARD))
    heading = text.index("Priority action: strategy meetings")
    assert heading < text.index(priority.name) < text.index("Front door and MASH") < text.index(other.name)
    # A strategy indicator that is not the priority action's sits with its area, after the priority section.
    assert text.index(priority.name) < text.index(ordinary_strategy.name)
    assert "P1: Strategy meetings" in text[heading : text.index(priority.name)]


def test_the_dashboard_shows_the_latest_and_previous_period_with_baseline_target_and_rating(
    signed_in, convened
) -> None:
    text = page_text(signed_in("front_door").get(DASHBOARD))
    row = text[text.index(convened.name) :]
    assert row.index("75%") < row.index("Apr–Jun 2026") < row.index("50%") < row.index("Jan–Mar 2026")
    assert "2018 audit" in row and "80%" in row
    assert "Amber" in row and "Below the target of 80.00 by 5.00, within 10.00%" in row
    assert "Better than baseline" in row


def test_the_latest_period_is_the_latest_with_a_current_overall_value(signed_in, convened) -> None:
    # A later quarter with only a breakdown cell does not count as the latest period.
    put_value(convened, Q3, 10, 10, breakdown="agency", key="police", label="Police")
    text = page_text(signed_in("front_door").get(DASHBOARD))
    assert "Jul–Sep 2026" not in text and "Apr–Jun 2026" in text


def test_a_period_kind_can_be_chosen(signed_in, convened) -> None:
    put_value(convened, "year-2026-04-01", 90, 100)
    text = page_text(signed_in("viewer").get(DASHBOARD, {"kind": "year"}))
    assert "90%" in text and "2026–27" in text and "Apr–Jun 2026" not in text


@pytest.mark.parametrize("reader", ["viewer", "executive", "auditor", "key_adult"])
def test_a_viewer_sees_fewer_than_5_where_a_front_door_practitioner_sees_the_number(signed_in, reader) -> None:
    small = make_indicator(name="Strategy meetings with a midwife", unit="count", area="strategy")
    put_value(small, Q2, 3, None)
    viewer = page_text(signed_in(reader).get(DASHBOARD))
    front_door = page_text(signed_in("front_door").get(DASHBOARD))
    viewer_row = viewer[viewer.index(small.name) :]
    front_row = front_door[front_door.index(small.name) :]
    assert viewer_row.startswith(f"{small.name} {SUPPRESSED}")
    assert front_row.startswith(f"{small.name} 3 ")


@pytest.mark.parametrize("query", [{"kind": "fortnight"}, {"kind": "QUARTER"}, {"kind": "<script>"}])
def test_a_bad_period_kind_gets_an_error_summary_not_a_server_error(signed_in, convened, query) -> None:
    response = signed_in("viewer").get(DASHBOARD, query)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and "Choose month, quarter or year" in text
    assert convened.name in text  # still shows the quarters


def test_the_dashboard_needs_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries) -> None:
    client = signed_in("viewer")
    first = make_indicator(is_priority=True)
    put_value(first, Q1, 10, 20)
    client.get(DASHBOARD)  # warm the session and the role caches
    with django_assert_max_num_queries(30) as few:
        assert client.get(DASHBOARD).status_code == 200
    for number in range(12):
        indicator = make_indicator(area=["strategy", "frontdoor", "encompass"][number % 3], is_priority=number < 3)
        for start in ("2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01"):
            put_value(indicator, quarter(start), number + 5, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(DASHBOARD).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    from django.test import Client

    response = Client().get(DASHBOARD)
    assert response.status_code == 302 and reverse("access:sign-in") in response["Location"]


# One indicator's page


def test_the_indicator_page_shows_the_definition_chart_table_and_comparison(signed_in, convened) -> None:
    put_value(convened, Q2_LAST_YEAR, 20, 50)
    response = signed_in("front_door").get(reverse("measures:indicator-detail", args=[convened.key]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<figure class="govuk-!-margin-0 govuk-!-margin-bottom-4" role="img"' in page and "<svg" in page
    assert 'style="' not in page[page.index("<svg") : page.index("</svg>")]  # the page's CSP refuses inline styles
    text = page_text(response)
    assert "Cases on time" in text and "All cases" in text and "Higher is better" in text
    assert "Computed from Partnership's records" in text
    table = text[text.index("every quarter") :]
    assert "Apr–Jun 2025 40% 20 50" in table and "Jan–Mar 2026 50% 30 60" in table and "Apr–Jun 2026 75% 45 60" in table
    comparison = text[text.index("Apr–Jun 2026 compared") :]
    assert "Period before Jan–Mar 2026 50% Up 25.0 percentage points (better)" in comparison
    assert "Year before Apr–Jun 2025 40% Up 35.0 percentage points (better)" in comparison


def test_a_manual_indicator_names_its_owner(signed_in) -> None:
    owner = make_person(Role.ACTION_LEAD)
    owner.first_name, owner.last_name = "Pat", "Owner"
    owner.save()
    indicator = make_indicator(source="manual", owner=owner, unit="count")
    text = page_text(signed_in("viewer").get(reverse("measures:indicator-detail", args=[indicator.key])))
    assert "Owner Pat Owner" in text and "Entered by hand by a named owner" in text


def test_the_breakdown_table_shows_the_chosen_period_and_breakdown(signed_in, convened) -> None:
    convened.breakdowns = ["agency", "risk_level"]
    convened.save()
    put_value(convened, Q1, 12, 20, breakdown="agency", key="police", label="Durham Constabulary")
    put_value(convened, Q2, 18, 20, breakdown="agency", key="police", label="Durham Constabulary")
    put_value(convened, Q2, 2, 4, breakdown="agency", key="health", label="County Durham Health")
    put_value(convened, Q2, 7, 10, breakdown="risk_level", key="high", label="High")
    url = reverse("measures:indicator-detail", args=[convened.key])
    viewer = page_text(signed_in("viewer").get(url, {"kind": "quarter", "period": Q2.slug, "breakdown": "agency"}))
    section = viewer[viewer.index("Apr–Jun 2026 by agency") :]
    assert "Durham Constabulary 90% 18 20" in section
    assert f"County Durham Health {SUPPRESSED} Not shown Not shown" in section
    assert "High" not in section
    front = page_text(signed_in("front_door").get(url, {"period": Q1.slug, "breakdown": "agency"}))
    assert "Durham Constabulary 60% 12 20" in front[front.index("Jan–Mar 2026 by agency") :]
    risk = page_text(signed_in("front_door").get(url, {"period": Q2.slug, "breakdown": "risk_level"}))
    assert "High 70% 7 10" in risk[risk.index("Apr–Jun 2026 by risk level") :]


def test_the_chart_leaves_out_what_the_viewer_may_not_see(signed_in) -> None:
    indicator = make_indicator(unit="count", area="encompass")
    put_value(indicator, Q1, 12, None)
    put_value(indicator, Q2, 2, None)
    url = reverse("measures:indicator-detail", args=[indicator.key])
    viewer = signed_in("viewer").get(url).content.decode()
    front = signed_in("front_door").get(url).content.decode()
    assert points_drawn(viewer) == 1 and points_drawn(front) == 2
    assert "1 left out because they have no value or count fewer than 5" in page_text(signed_in("viewer").get(url))


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "decade"},
        {"period": "quarter-2026-02-01"},
        {"period": "quarter-not-a-date"},
        {"period": "quarter-2030-01-01"},
        {"breakdown": "shoe_size"},
    ],
)
def test_bad_choices_on_the_indicator_page_get_an_error_summary(signed_in, convened, query) -> None:
    response = signed_in("viewer").get(reverse("measures:indicator-detail", args=[convened.key]), query)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and convened.name in text and "Apr–Jun 2026 75%" in text


def test_a_period_of_another_kind_falls_back_to_the_latest_of_the_chosen_kind(signed_in, convened) -> None:
    url = reverse("measures:indicator-detail", args=[convened.key])
    response = signed_in("viewer").get(url, {"kind": "quarter", "period": "month-2026-04-01"})
    assert response.status_code == 200
    assert "Apr–Jun 2026 compared" in page_text(response)


def test_an_indicator_with_no_values_still_opens(signed_in) -> None:
    indicator = make_indicator(breakdowns=["agency"])
    response = signed_in("viewer").get(reverse("measures:indicator-detail", args=[indicator.key]), {"kind": "month"})
    assert response.status_code == 200
    text = page_text(response)
    assert "No values by month yet" in text and "<svg" not in response.content.decode()


def test_an_unknown_or_retired_indicator_is_not_found(signed_in) -> None:
    retired = make_indicator(is_active=False)
    client = signed_in("front_door")
    assert client.get(reverse("measures:indicator-detail", args=["no-such-indicator"])).status_code == 404
    assert client.get(reverse("measures:indicator-detail", args=[retired.key])).status_code == 404


def test_the_indicator_page_needs_a_fixed_number_of_queries(signed_in, convened, django_assert_max_num_queries) -> None:
    convened.breakdowns = ["agency"]
    convened.save()
    client = signed_in("viewer")
    url = reverse("measures:indicator-detail", args=[convened.key])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for start in ("2023-01-01", "2023-04-01", "2024-01-01", "2024-07-01", "2025-01-01", "2025-10-01"):
        put_value(convened, quarter(start), 40, 60)
        for agency in ("police", "health", "council", "education"):
            put_value(convened, quarter(start), 8, 12, breakdown="agency", key=agency, label=agency.title())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
