"""The plan's screens for each role: overview, filters, action page, coverage, edits and their permissions."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.access.models import Role
from partnership.plans.demo import load as load_demo_plan
from partnership.plans.demo import load_states as load_demo_states
from partnership.plans.models import Action, ActionRevision
from tests.factories import make_person
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db


def overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plans:overview")).status_code == 200
    return len(queries)


def test_the_overview_costs_the_same_number_of_queries_for_10_and_500_actions(signed_in) -> None:
    client = signed_in(Role.EXECUTIVE)
    inspection = build_plan(actions=10)
    small = overview_queries(client)
    theme = inspection.themes.first()
    owner = first_action(inspection).owner_agency
    Action.objects.bulk_create(
        [
            Action(
                inspection=inspection,
                theme=theme,
                reference=f"9.{n}",
                title=f"Bulk {n}",
                timescale_months=3,
                original_due_date=date(2019, 1, 1),
                current_due_date=date(2019, 1, 1),
                expected_impact="x",
                owner_agency=owner,
            )
            for n in range(490)
        ]
    )
    assert Action.objects.filter(inspection=inspection).count() == 500
    assert overview_queries(client) == small


def test_the_action_list_costs_the_same_number_of_queries_as_actions_grow(signed_in) -> None:
    client = signed_in(Role.VIEWER)
    build_plan(actions=5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:action-list"))
    inspection = build_plan(actions=60, plan_start=date(2020, 1, 1))
    assert inspection.actions.count() == 60
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("plans:action-list"))
    assert response.content.decode().count("/plan/actions/") >= 60
    assert len(many) == len(few)


def test_the_demo_plan_shows_every_rating_and_flags_exactly_the_uncovered_finding(signed_in) -> None:
    from partnership.access import demo as access_demo

    access_demo.load()
    load_demo_plan()
    load_demo_states()
    client = signed_in(Role.VIEWER)
    page = client.get(reverse("plans:overview")).content.decode()
    for word in ("Red", "Amber", "Green", "Blue", "Timescale revised"):
        assert word in page
    coverage = client.get(reverse("plans:coverage")).content.decode()
    problems = coverage.split('id="coverage-problems"')[1].split("</ul>")[0]
    assert problems.count("<li>") == 1
    assert "A13" in problems
    for colour in ("red", "amber", "green", "blue"):
        listing = client.get(reverse("plans:action-list"), {"brag": colour}).content.decode()
        assert not re.search(r"\b0 actions", listing.split("</caption>")[0]), colour


def test_filters_narrow_the_list_and_a_bad_date_gets_an_error(signed_in) -> None:
    client = signed_in(Role.EXECUTIVE)
    inspection = build_plan(actions=4, plan_start=date(2018, 9, 1))
    theme = inspection.themes.get(number=1)
    page = client.get(reverse("plans:action-list"), {"theme": theme.pk}).content.decode()
    expected = Action.objects.filter(theme=theme).count()
    assert f"{expected} actions" in page
    bad = client.get(reverse("plans:action-list"), {"due_before": "31/02/2019"})
    assert bad.status_code == 400
    assert "Enter a real date" in bad.content.decode()


def test_red_and_amber_show_their_reason_in_the_list(signed_in) -> None:
    client = signed_in(Role.EXECUTIVE)
    build_plan(actions=2, plan_start=date(2018, 1, 1))
    page = client.get(reverse("plans:action-list")).content.decode()
    assert "Overdue: was due" in page


def test_a_lead_records_progress_on_their_own_action_only(signed_in) -> None:
    lead = make_person(Role.ACTION_LEAD)
    inspection = build_plan(actions=2, lead=lead)
    mine = first_action(inspection)
    other = Action.objects.get(inspection=inspection, reference="1.2")
    other.lead = None
    other.save()
    client = signed_in(user=lead)
    form = {"version": mine.version, "status": "in_progress", "progress_note": "Audit booked"}
    assert client.post(reverse("plans:action-progress", args=[mine.pk]), form).status_code == 302
    mine.refresh_from_db()
    assert mine.progress_note == "Audit booked"
    assert client.get(reverse("plans:action-progress", args=[other.pk])).status_code == 404
    assert client.get(reverse("plans:action-revise", args=[mine.pk])).status_code == 404
    my_page = client.get(reverse("plans:my-actions")).content.decode()
    assert mine.title in my_page and other.title not in my_page


def test_a_stale_progress_form_is_refused_with_a_clear_message_and_nothing_lost(signed_in) -> None:
    lead = make_person(Role.ACTION_LEAD)
    action = first_action(build_plan(actions=1, lead=lead))
    first, second = signed_in(user=lead), signed_in(user=lead)
    form = {"version": 1, "status": "in_progress", "progress_note": "From the first browser"}
    assert first.post(reverse("plans:action-progress", args=[action.pk]), form).status_code == 302
    stale = second.post(
        reverse("plans:action-progress", args=[action.pk]), {**form, "progress_note": "From the second"}, follow=True
    )
    assert "Someone else changed this action" in stale.content.decode()
    action.refresh_from_db()
    assert action.progress_note == "From the first browser"


def test_the_executive_revises_with_a_reason_and_the_action_page_shows_it(signed_in) -> None:
    action = first_action(build_plan(actions=1))
    client = signed_in(Role.EXECUTIVE)
    form = {
        "version": 1,
        "title": action.title,
        "description": "",
        "current_due_date_0": "30",
        "current_due_date_1": "6",
        "current_due_date_2": "2019",
        "owner": f"agency:{action.owner_agency_id}",
        "lead": "",
        "lead_name": "",
        "expected_impact": action.expected_impact,
        "reason": "",
    }
    missing = client.post(reverse("plans:action-revise", args=[action.pk]), form)
    assert missing.status_code == 400
    assert "Enter the reason for the revision" in missing.content.decode()
    assert not ActionRevision.objects.exists()
    done = client.post(reverse("plans:action-revise", args=[action.pk]), {**form, "reason": "Restructure delayed"})
    assert done.status_code == 302
    page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert "Restructure delayed" in page
    assert "Timescale revised" in page
    assert "30 June 2019" in page


def test_an_impossible_date_in_a_revision_gets_a_govuk_error(signed_in) -> None:
    action = first_action(build_plan(actions=1))
    client = signed_in(Role.ADMIN)
    response = client.post(
        reverse("plans:action-revise", args=[action.pk]),
        {
            "version": 1,
            "title": "t",
            "current_due_date_0": "31",
            "current_due_date_1": "2",
            "current_due_date_2": "2019",
            "owner": f"agency:{action.owner_agency_id}",
            "expected_impact": "x",
            "reason": "r",
        },
    )
    assert response.status_code == 400
    assert "Enter a real date" in response.content.decode()
    assert 'href="#id_current_due_date_0"' in response.content.decode()


def test_only_the_administrator_adds_actions_and_findings(signed_in) -> None:
    inspection = build_plan(actions=2)
    executive = signed_in(Role.EXECUTIVE)
    assert executive.get(reverse("plans:action-create")).status_code == 404
    admin = signed_in(Role.ADMIN)
    theme = inspection.themes.first()
    owner = first_action(inspection).owner_agency
    response = admin.post(
        reverse("plans:action-create"),
        {
            "reference": "2.9",
            "theme": theme.pk,
            "title": "Answer A2",
            "owner": f"agency:{owner.pk}",
            "timescale_months": "3",
            "expected_impact": "Better",
            "findings": [inspection.findings.get(reference="A2").pk],
            "scrutiny_activity": "Dip sample",
            "scrutiny_who": "QA officer",
            "scrutiny_when": "Quarterly",
        },
    )
    assert response.status_code == 302
    created = Action.objects.get(reference="2.9")
    assert created.scrutiny.get().activity == "Dip sample"
    coverage = admin.get(reverse("plans:coverage")).content.decode()
    assert "None: every finding is answered." in coverage


def test_there_is_a_clear_page_when_no_plan_exists(signed_in) -> None:
    page = signed_in(Role.ADMIN).get(reverse("plans:overview")).content.decode()
    assert "There is no improvement plan yet" in page
    assert reverse("plans:inspection-create") in page


def test_the_administrator_corrects_a_finding_and_a_stale_form_is_refused(signed_in) -> None:
    inspection = build_plan(actions=1)
    finding = inspection.findings.get(reference="A2")
    admin = signed_in(Role.ADMIN)
    form = {"version": 1, "kind": "area_for_improvement", "text": "Corrected wording", "source_reference": "para 14"}
    assert admin.post(reverse("plans:finding-edit", args=[finding.pk]), form).status_code == 302
    finding.refresh_from_db()
    assert (finding.text, finding.version) == ("Corrected wording", 2)
    stale = admin.post(reverse("plans:finding-edit", args=[finding.pk]), {**form, "text": "Older edit"}, follow=True)
    assert "Someone else changed this finding" in stale.content.decode()
    finding.refresh_from_db()
    assert finding.text == "Corrected wording"


def test_recording_an_inspection_and_a_theme_from_an_empty_installation(signed_in) -> None:
    from partnership.plans.models import Inspection, Theme

    admin = signed_in(Role.ADMIN)
    form = {
        "title": "JTAI 2026",
        "kind": "jtai",
        "area": "County Durham",
        "fieldwork_start_0": "13",
        "fieldwork_start_1": "7",
        "fieldwork_start_2": "2026",
        "fieldwork_end_0": "9",
        "fieldwork_end_1": "7",
        "fieldwork_end_2": "2026",
        "inspectorates": "Ofsted\nCQC",
        "plan_start_0": "1",
        "plan_start_1": "9",
        "plan_start_2": "2026",
    }
    refused = admin.post(reverse("plans:inspection-create"), form)
    assert refused.status_code == 400
    assert "The end of fieldwork must be on or after its start" in refused.content.decode()
    assert not Inspection.objects.exists()
    assert admin.post(reverse("plans:inspection-create"), {**form, "fieldwork_end_0": "17"}).status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.inspectorates == ["Ofsted", "CQC"]
    assert admin.post(reverse("plans:theme-create"), {"number": "1", "title": "Strategy meetings"}).status_code == 302
    duplicate = admin.post(reverse("plans:theme-create"), {"number": "1", "title": "Other"})
    assert "There is already a theme 1" in duplicate.content.decode()
    assert Theme.objects.count() == 1
