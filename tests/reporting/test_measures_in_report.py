"""The quarterly report quotes the figures of the indicators linked to each action, as they stood when it was
published: later values never change a published report, and small numbers are hidden from its readers."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest

from partnership.access.models import Role
from partnership.measures import services
from partnership.measures.rules import SUPPRESSED
from partnership.plans import governance
from partnership.reporting import renderers
from partnership.reporting.models import PublishedReport
from partnership.reporting.services import report_publish
from partnership.reporting.snapshot import build_report_data
from tests.factories import make_person
from tests.measures.builders import make_indicator, put_value, quarter
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db

Q2, Q3, Q4 = quarter("2018-04-01"), quarter("2018-07-01"), quarter("2018-10-01")
PUBLISHED_ON = date(2018, 10, 25)


@pytest.fixture(autouse=True)
def _quick_report_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the report's data and HTML; the PDF, Excel and Word renderings are tested elsewhere."""
    for name in ("render_pdf", "render_xlsx", "render_docx"):
        monkeypatch.setattr(renderers, name, lambda data, name=name: f"{name} of {data['title']}".encode())


@pytest.fixture
def admin() -> Any:
    return make_person(Role.ADMIN)


@pytest.fixture
def plan(admin) -> dict[str, Any]:
    """A plan whose action 1.1 is measured by an indicator, and its closed quarter July to September 2018."""
    inspection = build_plan(actions=2)
    action = first_action(inspection)
    action.success_measures = "Fewer late strategy meetings"
    action.save()
    indicator = make_indicator(
        name="Strategy meetings convened within 24 hours", baseline=50, baseline_label="2018 audit", target=80
    )
    services.action_link(actor=admin, action=action, indicator=indicator)
    period = governance.period_open(
        actor=admin, inspection=inspection, label="2018-Q3", updates_due_on=date(2018, 10, 20)
    )
    governance.period_close(actor=admin, period=period)
    return {"action": action, "indicator": indicator, "period": period}


def measures_of(data: Any, reference: str) -> list[dict[str, Any]]:
    (line,) = [line for line in data["success_measures"] if line["reference"] == reference]
    return line["measures"]


def text(document: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", document)))


def test_each_linked_indicator_is_a_measure_of_its_action_with_its_quarters_up_to_the_reports(admin, plan) -> None:
    indicator = plan["indicator"]
    put_value(indicator, Q2, 30, 60)
    put_value(indicator, Q3, 45, 60)
    put_value(indicator, Q4, 60, 60, as_of=date(2018, 10, 2))  # after the report's quarter: left out
    report = report_publish(actor=admin, period=plan["period"], as_at=PUBLISHED_ON)
    stated, linked = measures_of(report.data, "1.1")
    assert stated["name"] == "Fewer late strategy meetings"
    assert linked == {
        "name": "Strategy meetings convened within 24 hours",
        "indicator": indicator.key,
        "unit": "%",
        "baseline": 50,
        "baseline_label": "2018 audit",
        "target": 80,
        "brag": "amber",
        "brag_reason": "Below the target of 80.00 by 5.00, within 10.00%",
        "values": [
            {"period": "Apr–Jun 2018", "value": 50, "suppressed": False, "as_of": "2018-07-01"},
            {"period": "Jul–Sep 2018", "value": 75, "suppressed": False, "as_of": "2018-10-01"},
        ],
    }
    page = text(report.html)
    assert "Jul–Sep 2018: 75%" in page and "Rating: Amber" in page
    assert "1.2" not in {line["reference"] for line in report.data["success_measures"]}


def test_a_published_report_keeps_its_figures_when_values_change_later(admin, plan) -> None:
    indicator = plan["indicator"]
    put_value(indicator, Q3, 45, 60, as_of=date(2018, 10, 1))
    report = report_publish(actor=admin, period=plan["period"], as_at=PUBLISHED_ON)
    put_value(indicator, Q3, 15, 60, as_of=PUBLISHED_ON)  # recomputed on the day of publication: replaces that day
    put_value(indicator, Q3, 20, 60, as_of=date(2018, 11, 5))  # and again later: the new current value

    fresh = build_report_data(user=admin, period=plan["period"], as_at=date(2018, 11, 30))
    assert measures_of(fresh, "1.1")[1]["values"][-1]["value"] == 33.33  # a report built now sees the change
    stored = PublishedReport.objects.get(pk=report.pk)
    (quarter_then,) = measures_of(stored.data, "1.1")[1]["values"]
    assert quarter_then["value"] == 75
    assert "Jul–Sep 2018: 75%" in text(stored.html)
    assert stored.data_sha256 == report.data_sha256


def test_a_report_as_at_a_day_quotes_the_values_as_they_stood_that_day(admin, plan) -> None:
    indicator = plan["indicator"]
    put_value(indicator, Q3, 45, 60, as_of=date(2018, 10, 1))
    put_value(indicator, Q3, 54, 60, as_of=date(2018, 11, 1))
    then = build_report_data(user=admin, period=plan["period"], as_at=PUBLISHED_ON)
    later = build_report_data(user=admin, period=plan["period"], as_at=date(2018, 11, 2))
    assert measures_of(then, "1.1")[1]["values"][0]["value"] == 75
    assert measures_of(later, "1.1")[1]["values"][0]["value"] == 90
    assert measures_of(later, "1.1")[1]["brag"] == "green"


@pytest.mark.parametrize("kind", ["quarterly", "cabinet"])
def test_small_numbers_are_suppressed_in_the_report(admin, plan, kind) -> None:
    put_value(plan["indicator"], Q3, 3, 4)
    report = report_publish(actor=admin, period=plan["period"], kind=kind, as_at=PUBLISHED_ON)
    (figure,) = measures_of(report.data, "1.1")[1]["values"]
    assert figure == {"period": "Jul–Sep 2018", "value": None, "suppressed": True, "as_of": "2018-10-01"}
    assert measures_of(report.data, "1.1")[1]["brag"] == ""
    page = text(report.html)
    assert f"Jul–Sep 2018: {SUPPRESSED}" in page and "75%" not in page


def test_a_count_indicator_and_one_without_values_read_plainly(admin, plan) -> None:
    count = make_indicator(name="Notifications sent late", unit="count", polarity="lower", target=10)
    put_value(count, Q3, 12, None)
    services.action_link(actor=admin, action=plan["action"], indicator=count)
    report = report_publish(actor=admin, period=plan["period"], as_at=PUBLISHED_ON)
    page = text(report.html)
    assert "Jul–Sep 2018: 12 " in page and "12 count" not in page
    assert "Strategy meetings convened within 24 hours" in page and "No measure values yet." in page


def test_an_action_measured_only_by_an_indicator_is_listed_and_a_retired_one_is_not(admin, plan) -> None:
    other = plan["action"].inspection.actions.get(reference="1.2")
    indicator = make_indicator(name="Referrers told the outcome")
    put_value(indicator, Q3, 40, 50)
    services.action_link(actor=admin, action=other, indicator=indicator)
    plan["indicator"].is_active = False
    plan["indicator"].save()
    data = build_report_data(user=admin, period=plan["period"], as_at=PUBLISHED_ON)
    assert [m["name"] for m in measures_of(data, "1.2")] == ["Referrers told the outcome"]
    assert [m["name"] for m in measures_of(data, "1.1")] == ["Fewer late strategy meetings"]
