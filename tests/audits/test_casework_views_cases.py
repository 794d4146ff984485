"""The case pages: a case with its grades, the auditor's view of the child's record, moderation, recommendations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.audits import casework_services, services
from partnership.audits.models import AuditRound, AuditTool, Moderation, Recommendation, RoundCase, RoundState
from partnership.children import services as children_services
from partnership.children.models import Child, EventType
from partnership.plans import services as plans_services
from tests.audits.conftest import all_good
from tests.audits.test_casework_views import grades_post, open_round
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(make_child: Callable[..., Child]) -> Child:
    return make_child("Ellie")


@pytest.fixture
def case(lead: User, auditor: User, screener: User, police: Agency, audit_round: AuditRound, child: Child) -> RoundCase:
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor)
    returns = open_round(lead, screener, police, audit_round, child)
    return returns["council"].round_case


@pytest.fixture
def moderating(lead: User, screener: User, tool: AuditTool, case: RoundCase) -> RoundCase:
    """The case with both returns submitted (the police one by its assigned auditor) and the round in moderation."""
    for agency_return in case.returns.all():
        if agency_return.agency.name == "Durham Constabulary":
            officer = make_person(Role.ENCOMPASS_OFFICER, agency=agency_return.agency)
            grades = all_good(tool, grade="Requires improvement", why="Police did not record the child's words.")
            casework_services.return_submit(
                actor=officer, agency_return=agency_return, expected_version=1, grades=grades
            )
        else:
            casework_services.return_submit(
                actor=screener, agency_return=agency_return, expected_version=1, grades=all_good(tool)
            )
    audit_round = case.round
    audit_round.refresh_from_db()
    services.round_begin_moderation(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    case.round.refresh_from_db()
    return case


def _moderation_post(tool: AuditTool, version: object = "", **overrides: str) -> dict[str, object]:
    data = {key.replace("rationale", "reason"): value for key, value in grades_post(tool, 0).items()}
    data.update({"version": version, "learning": "Police and the council should share the child's words.", **overrides})
    return data


def _refused(user: User, object_type: str) -> int:
    return AccessEvent.objects.filter(user=user, action=AccessEvent.Action.REFUSED, object_type=object_type).count()


# The case page


def test_the_case_page_shows_the_child_each_agencys_grades_and_is_logged(
    signed_in: Callable[..., Client], lead: User, moderating: RoundCase
) -> None:
    response = signed_in(user=lead).get(reverse("audits:case-detail", args=[moderating.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ellie Example" in page and "Grades by section" in page
    assert "Requires improvement" in page and "Police did not record the child" in page
    assert reverse("audits:case-moderate", args=[moderating.pk]) in page
    assert f"{reverse('audits:recommendation-create', args=[moderating.round_id])}?case={moderating.pk}" in page
    assert reverse("audits:case-record", args=[moderating.pk]) not in page  # the lead is not an auditor
    assert AccessEvent.objects.filter(
        user=lead, action=AccessEvent.Action.VIEW, object_type="audit_case", object_id=str(moderating.pk)
    ).exists()


def test_the_case_page_links_each_return_the_user_may_open_so_the_lead_can_assign_it(
    signed_in: Callable[..., Client], lead: User, screener: User, case: RoundCase
) -> None:
    police, council = sorted(case.returns.all(), key=lambda r: r.agency.name != "Durham Constabulary")
    police_return = reverse("audits:return-detail", args=[police.pk])
    council_return = reverse("audits:return-detail", args=[council.pk])
    as_lead = signed_in(user=lead).get(reverse("audits:case-detail", args=[case.pk])).content.decode()
    assert police_return in as_lead and council_return in as_lead
    as_member = signed_in(user=screener).get(reverse("audits:case-detail", args=[case.pk])).content.decode()
    assert council_return in as_member  # the council's own return
    assert police_return not in as_member  # another agency's return, which would answer 404


def test_an_auditor_in_the_window_is_offered_the_childs_record(
    signed_in: Callable[..., Client], auditor: User, case: RoundCase
) -> None:
    page = signed_in(user=auditor).get(reverse("audits:case-detail", args=[case.pk])).content.decode()
    assert reverse("audits:case-record", args=[case.pk]) in page
    assert reverse("audits:case-moderate", args=[case.pk]) not in page  # the round is still auditing


def test_a_viewer_gets_404_on_the_case_and_its_moderation(
    signed_in: Callable[..., Client], moderating: RoundCase
) -> None:
    client = signed_in(Role.VIEWER)
    assert client.get(reverse("audits:case-detail", args=[moderating.pk])).status_code == 404
    assert client.get(reverse("audits:case-moderate", args=[moderating.pk])).status_code == 404
    assert client.post(reverse("audits:case-moderate", args=[moderating.pk]), {}).status_code == 404
    assert not Moderation.objects.exists()
    assert _refused(client.user, "audit_case") == 3  # type: ignore[attr-defined]


# The auditor's view of the record


def test_an_auditor_reads_the_sampled_childs_record_newest_first_and_the_view_is_logged(
    signed_in: Callable[..., Client], auditor: User, screener: User, child: Child, case: RoundCase
) -> None:
    for days_ago, summary in ((30, "Older incident at home"), (2, "Newer incident at home")):
        children_services.event_add(
            actor=screener,
            child=child,
            occurred_at=timezone.now() - timedelta(days=days_ago),
            event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
            summary=summary,
        )
    response = signed_in(user=auditor).get(reverse("audits:case-record", args=[case.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Newer incident at home") < page.index("Older incident at home")
    assert "<form" not in page.split("<main", 1)[1]
    event = AccessEvent.objects.get(user=auditor, action=AccessEvent.Action.VIEW, object_type="child")
    assert (event.object_id, event.purpose) == (str(child.pk), "Audited the record in round Domestic abuse, spring")


def test_the_lead_who_is_not_an_auditor_gets_404_on_the_record(
    signed_in: Callable[..., Client], lead: User, case: RoundCase
) -> None:
    assert signed_in(user=lead).get(reverse("audits:case-record", args=[case.pk])).status_code == 404
    assert _refused(lead, "child") == 1
    assert not AccessEvent.objects.filter(user=lead, action=AccessEvent.Action.VIEW, object_type="child").exists()


def test_an_auditor_of_another_round_gets_404_on_the_record_and_a_refusal_is_logged(
    signed_in: Callable[..., Client], lead: User, tool: AuditTool, case: RoundCase
) -> None:
    other = make_person(Role.AUDITOR)
    today = timezone.localdate()
    neglect = services.round_create(
        actor=lead, title="Neglect", theme="Neglect", tool=tool, starts_on=today, ends_on=today + timedelta(days=9)
    )
    services.round_add_auditor(actor=lead, audit_round=neglect, user=other)
    assert signed_in(user=other).get(reverse("audits:case-record", args=[case.pk])).status_code == 404
    assert _refused(other, "audit_case") == 1
    assert not AccessEvent.objects.filter(user=other, action=AccessEvent.Action.VIEW).exists()


def test_after_the_window_the_auditor_gets_404_on_the_record_and_a_refusal_is_logged(
    signed_in: Callable[..., Client], auditor: User, case: RoundCase
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    AuditRound.objects.filter(pk=case.round_id).update(starts_on=yesterday - timedelta(days=30), ends_on=yesterday)
    assert signed_in(user=auditor).get(reverse("audits:case-record", args=[case.pk])).status_code == 404
    assert _refused(auditor, "audit_case") == 1
    assert not AccessEvent.objects.filter(user=auditor, action=AccessEvent.Action.VIEW).exists()


# Moderation


def test_moderation_shows_each_agencys_grade_and_refuses_a_missing_reason(
    signed_in: Callable[..., Client], auditor: User, tool: AuditTool, moderating: RoundCase
) -> None:
    client = signed_in(user=auditor)
    url = reverse("audits:case-moderate", args=[moderating.pk])
    page = client.get(url).content.decode()
    assert "Durham Constabulary" in page and "Requires improvement" in page
    assert 'name="section_1_reason"' in page and 'name="learning"' in page
    response = client.post(url, _moderation_post(tool, section_2_reason=""))
    assert response.status_code == 400
    assert "Give the reason for the grade of section 2" in response.content.decode()
    assert not Moderation.objects.exists()


def test_moderation_is_recorded_then_re_recorded_with_its_version_and_a_stale_page_is_refused(
    signed_in: Callable[..., Client], lead: User, auditor: User, tool: AuditTool, moderating: RoundCase
) -> None:
    client = signed_in(user=lead)
    url = reverse("audits:case-moderate", args=[moderating.pk])
    response = client.post(url, _moderation_post(tool, section_1_grade="Requires improvement"))
    assert response.status_code == 302 and response.url == reverse("audits:case-detail", args=[moderating.pk])
    moderation = Moderation.objects.get(round_case=moderating)
    assert moderation.grades.get(section__number=1).grade == "Requires improvement"
    assert moderation.learning.startswith("Police and the council")

    page = client.get(url).content.decode()
    assert f'name="version" value="{moderation.version}"' in page and "Police and the council" in page

    auditor_client = signed_in(user=auditor)
    assert (
        auditor_client.post(url, _moderation_post(tool, moderation.version, section_1_grade="Good")).status_code == 302
    )
    stale = client.post(url, _moderation_post(tool, moderation.version, section_1_grade="Inadequate"), follow=True)
    assert "Someone else changed this moderation" in stale.content.decode()
    moderation.refresh_from_db()
    assert moderation.version == 2 and moderation.grades.get(section__number=1).grade == "Good"


def test_moderation_is_closed_while_the_round_is_auditing(
    signed_in: Callable[..., Client], lead: User, tool: AuditTool, case: RoundCase
) -> None:
    response = signed_in(user=lead).post(reverse("audits:case-moderate", args=[case.pk]), _moderation_post(tool))
    assert response.status_code == 302 and response.url == reverse("audits:case-detail", args=[case.pk])
    assert not Moderation.objects.exists()


# Recommendations


def test_a_recommendation_from_a_case_becomes_an_action_linked_both_ways(
    signed_in: Callable[..., Client], lead: User, council: Agency, moderating: RoundCase
) -> None:
    inspection = plans_services.inspection_create(title="JTAI", area="Durham", plan_start=date(2026, 1, 1))
    theme = plans_services.theme_create(inspection=inspection, number=1, title="Voice of the child")
    client = signed_in(user=lead)
    create = reverse("audits:recommendation-create", args=[moderating.round_id])
    assert f'value="{moderating.pk}"' in client.get(f"{create}?case={moderating.pk}").content.decode()
    text = "Police record the child's own words at every incident."
    response = client.post(create, {"text": text, "owner_agency": council.pk, "case": moderating.pk})
    assert response.status_code == 302 and response.url == reverse("audits:round-detail", args=[moderating.round_id])
    recommendation = Recommendation.objects.get()
    assert (recommendation.round_case, recommendation.owner_agency, recommendation.text) == (moderating, council, text)

    url = reverse("audits:recommendation-action", args=[recommendation.pk])
    post = {"version": recommendation.version, "theme": theme.pk, "reference": "A12", "timescale_months": 6}
    response = client.post(url, {**post, "expected_impact": "Children's words are in every police record."})
    recommendation.refresh_from_db()
    action = recommendation.plan_action
    assert action is not None and action.reference == "A12" and action.owner_agency == council
    assert response.url == reverse("plans:action-detail", args=[action.pk])
    assert list(action.audit_recommendations.all()) == [recommendation]
    followed = client.get(response.url).content.decode()
    assert "The recommendation is now action A12 in the plan" in followed
    answers = followed.split("Case file audit recommendations it answers")[1].split("</ul>")[0]
    round_link = reverse("audits:round-detail", args=[moderating.round_id])
    assert f'href="{round_link}">{moderating.round.title}</a>: {text}' in answers.replace("&#x27;", "'")

    again = client.get(url).content.decode()
    assert reverse("plans:action-detail", args=[action.pk]) in again and 'name="reference"' not in again
    case_page = client.get(reverse("audits:case-detail", args=[moderating.pk])).content.decode()
    assert "action A12 in the plan" in case_page


def test_a_recommendation_needs_text_and_a_case_of_the_round(
    signed_in: Callable[..., Client], lead: User, council: Agency, tool: AuditTool, moderating: RoundCase
) -> None:
    other_round = services.round_create(
        actor=lead,
        title="Neglect",
        theme="Neglect",
        tool=tool,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=3),
    )
    client = signed_in(user=lead)
    url = reverse("audits:recommendation-create", args=[other_round.pk])
    response = client.post(url, {"text": " ", "owner_agency": council.pk})
    assert response.status_code == 400
    AuditRound.objects.filter(pk=other_round.pk).update(state=RoundState.MODERATION)
    response = client.post(url, {"text": "Share records.", "owner_agency": council.pk, "case": moderating.pk})
    assert response.status_code == 400 and "not one of this round" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_only_the_lead_makes_a_recommendation_an_action(
    signed_in: Callable[..., Client], lead: User, auditor: User, council: Agency, moderating: RoundCase
) -> None:
    recommendation = casework_services.recommendation_add(
        actor=lead, audit_round=moderating.round, text="Share records.", owner_agency=council
    )
    response = signed_in(user=auditor).get(reverse("audits:recommendation-action", args=[recommendation.pk]))
    assert response.status_code == 404
    assert _refused(auditor, "audit_round") == 1
