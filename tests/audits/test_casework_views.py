"""The returns pages: the list, an agency's return graded and submitted, and assigning a return (page and service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.audits import casework_services, services
from partnership.audits.models import AgencyReturn, AuditRound, AuditTool, ReturnState, RoundState, SectionGrade
from partnership.children import services as children_services
from partnership.children.models import Child
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from tests.audits.conftest import all_good
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def open_round(
    lead: User, screener: User, police: Agency, audit_round: AuditRound, child: Child
) -> dict[str, AgencyReturn]:
    """Sample the child (known to the council and the police) by hand and open the round: one return per agency."""
    children_services.involvement_add(
        actor=screener, child=child, agency=police, service="Domestic abuse unit", started_on=date(2025, 1, 1)
    )
    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child)
    audit_round.refresh_from_db()
    returns = services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    return {("police" if r.agency_id == police.pk else "council"): r for r in returns}


def grades_post(tool: AuditTool, version: int, **overrides: str) -> dict[str, object]:
    """A full return or moderation as the browser posts it, with some fields changed."""
    data: dict[str, object] = {"version": version}
    for number, (grade, why) in all_good(tool).items():
        data[f"section_{number}_grade"] = grade
        data[f"section_{number}_rationale"] = why
    data.update(overrides)
    return data


@pytest.fixture
def child(make_child: Callable[..., Child]) -> Child:
    return make_child("Ellie")


@pytest.fixture
def returns(lead: User, screener: User, police: Agency, audit_round: AuditRound, child: Child) -> dict:
    return open_round(lead, screener, police, audit_round, child)


def _events(action: str, object_type: str, user: User | None = None) -> int:
    events = AccessEvent.objects.filter(action=action, object_type=object_type)
    return (events.filter(user=user) if user else events).count()


# The list


def test_the_list_shows_the_returns_asked_of_the_users_agency_and_is_logged(
    signed_in: Callable[..., Client], screener: User, returns: dict
) -> None:
    response = signed_in(user=screener).get(reverse("audits:return-list"))
    assert response.status_code == 200
    assert list(response.context["returns"]) == [returns["council"]]
    assert "Case Ellie Example" in response.content.decode()
    assert reverse("audits:return-detail", args=[returns["police"].pk]) not in response.content.decode()
    assert _events(AccessEvent.Action.LIST, "audit_return", screener) == 1


def test_the_list_puts_returns_still_to_submit_first(
    signed_in: Callable[..., Client],
    lead: User,
    screener: User,
    tool: AuditTool,
    returns: dict,
    audit_round: AuditRound,
) -> None:
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=screener)
    council_return = returns["council"]
    casework_services.return_submit(
        actor=screener, agency_return=council_return, expected_version=1, grades=all_good(tool)
    )
    police_return = returns["police"]
    casework_services.return_assign(actor=lead, agency_return=police_return, expected_version=1, assignee=screener)
    response = signed_in(user=screener).get(reverse("audits:return-list"))
    assert [r.pk for r in response.context["returns"]] == [police_return.pk, council_return.pk]


# An agency's return


def test_the_agencys_own_staff_open_the_return_with_the_tool_and_the_view_is_logged(
    signed_in: Callable[..., Client], screener: User, tool: AuditTool, child: Child, returns: dict
) -> None:
    response = signed_in(user=screener).get(reverse("audits:return-detail", args=[returns["council"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ellie Example" in page and child.date_of_birth.strftime("%-d %b %Y") in page
    for section in tool.sections.all():
        assert escape(f"{section.number}. {section.title}") in page
        assert f'name="section_{section.number}_grade"' in page and f'name="section_{section.number}_rationale"' in page
    assert 'name="version" value="1"' in page
    assert AccessEvent.objects.filter(
        user=screener, action=AccessEvent.Action.VIEW, object_type="audit_return", object_id=str(returns["council"].pk)
    ).exists()


def test_another_agencys_return_answers_404_changes_nothing_and_is_logged(
    signed_in: Callable[..., Client], screener: User, tool: AuditTool, returns: dict
) -> None:
    client = signed_in(user=screener)
    url = reverse("audits:return-detail", args=[returns["police"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, grades_post(tool, 1)).status_code == 404
    police_return = AgencyReturn.objects.get(pk=returns["police"].pk)
    assert (police_return.state, police_return.version) == (ReturnState.REQUESTED, 1)
    assert not SectionGrade.objects.exists()
    assert _events(AccessEvent.Action.REFUSED, "audit_return", screener) == 2


def test_a_viewer_gets_404_on_a_return_and_sees_none_listed(signed_in: Callable[..., Client], returns: dict) -> None:
    client = signed_in(Role.VIEWER)
    assert client.get(reverse("audits:return-detail", args=[returns["council"].pk])).status_code == 404
    assert list(client.get(reverse("audits:return-list")).context["returns"]) == []


def test_a_return_with_a_missing_rationale_shows_the_error_for_that_section_and_stores_nothing(
    signed_in: Callable[..., Client], screener: User, tool: AuditTool, returns: dict
) -> None:
    url = reverse("audits:return-detail", args=[returns["council"].pk])
    response = signed_in(user=screener).post(url, grades_post(tool, 1, section_3_rationale="  ", section_5_grade=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Give the rationale for the grade of section 3" in page
    assert "Choose a grade for section 5" in page
    assert 'href="#id_section_3_rationale"' in page
    council_return = AgencyReturn.objects.get(pk=returns["council"].pk)
    assert council_return.state == ReturnState.REQUESTED and not SectionGrade.objects.exists()


def test_a_full_return_is_stored_shown_read_only_and_may_be_submitted_again(
    signed_in: Callable[..., Client], screener: User, tool: AuditTool, returns: dict
) -> None:
    client = signed_in(user=screener)
    url = reverse("audits:return-detail", args=[returns["council"].pk])
    response = client.post(url, grades_post(tool, 1, section_1_grade="Inadequate", section_1_rationale="No plan."))
    assert response.status_code == 302 and response.url == url
    council_return = AgencyReturn.objects.get(pk=returns["council"].pk)
    assert (council_return.state, council_return.submitted_by) == (ReturnState.SUBMITTED, screener)
    stored = dict(council_return.grades.values_list("section__number", "grade"))
    assert stored[1] == "Inadequate" and set(stored) == set(tool.sections.values_list("number", flat=True))
    page = client.get(url).content.decode()
    assert "Grades submitted" in page and "No plan." in page and "Submit the return again" in page
    again = client.post(url, grades_post(tool, council_return.version, section_1_grade="Good"))
    assert again.status_code == 302
    assert council_return.grades.get(section__number=1).grade == "Good"


def test_a_return_submitted_from_a_stale_page_is_refused(
    signed_in: Callable[..., Client], screener: User, tool: AuditTool, returns: dict
) -> None:
    client = signed_in(user=screener)
    url = reverse("audits:return-detail", args=[returns["council"].pk])
    assert client.post(url, grades_post(tool, 1)).status_code == 302
    stale = client.post(url, grades_post(tool, 1, section_1_grade="Outstanding"), follow=True)
    assert "Someone else changed this return" in stale.content.decode()
    assert AgencyReturn.objects.get(pk=returns["council"].pk).grades.get(section__number=1).grade == "Good"


def test_once_the_round_moves_on_the_lead_reads_the_return_and_nobody_submits_it(
    signed_in: Callable[..., Client], lead: User, screener: User, tool: AuditTool, returns: dict
) -> None:
    AuditRound.objects.filter(pk=returns["council"].round_case.round_id).update(state=RoundState.MODERATION)
    url = reverse("audits:return-detail", args=[returns["council"].pk])
    lead_client = signed_in(user=lead)
    response = lead_client.get(url)
    assert response.status_code == 200 and "Submit the return" not in response.content.decode()
    assert lead_client.post(url, grades_post(tool, 1)).status_code == 404
    assert signed_in(user=screener).post(url, grades_post(tool, 1)).status_code == 404
    assert not SectionGrade.objects.exists()


# Assigning a return


def test_a_member_of_the_agency_assigns_its_return_to_an_auditor_who_is_emailed(
    signed_in: Callable[..., Client], lead: User, screener: User, auditor: User, returns: dict, audit_round: AuditRound
) -> None:
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor)
    council_return = returns["council"]
    url = reverse("audits:return-assign", args=[council_return.pk])
    client = signed_in(user=screener)
    page = client.get(url).content.decode()
    assert f'value="{auditor.pk}"' in page and f'value="{screener.pk}"' in page and f'value="{lead.pk}"' not in page
    response = client.post(url, {"version": 1, "assignee": auditor.pk})
    assert response.status_code == 302
    council_return.refresh_from_db()
    assert council_return.assigned_to == auditor and council_return.version == 2
    message = OutboxMessage.objects.get(kind="audit-return-assigned")
    assert (message.to_address, message.recipient) == (auditor.email, auditor)
    assert str(council_return.pk) in message.body and "Ellie" not in message.body + message.subject


def test_another_agencys_staff_cannot_open_the_assign_page(
    signed_in: Callable[..., Client], screener: User, auditor: User, returns: dict
) -> None:
    url = reverse("audits:return-assign", args=[returns["police"].pk])
    response = signed_in(user=screener).post(url, {"version": 1, "assignee": screener.pk})
    assert response.status_code == 404
    assert AgencyReturn.objects.get(pk=returns["police"].pk).assigned_to is None
    assert not OutboxMessage.objects.exists()


def test_the_assigned_auditor_may_submit_but_not_reassign(
    signed_in: Callable[..., Client], lead: User, auditor: User, tool: AuditTool, returns: dict, audit_round: AuditRound
) -> None:
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor)
    police_return = casework_services.return_assign(
        actor=lead, agency_return=returns["police"], expected_version=1, assignee=auditor
    )
    client = signed_in(user=auditor)
    assert client.get(reverse("audits:return-assign", args=[police_return.pk])).status_code == 404
    url = reverse("audits:return-detail", args=[police_return.pk])
    assert client.post(url, grades_post(tool, police_return.version)).status_code == 302
    assert AgencyReturn.objects.get(pk=police_return.pk).submitted_by == auditor


def test_the_assign_service_takes_only_auditors_of_the_round_or_members_of_the_agency(
    lead: User, screener: User, police: Agency, returns: dict
) -> None:
    council_return = returns["council"]
    stranger = make_person(Role.AUDITOR)
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    with pytest.raises(BusinessRuleError) as refused:
        casework_services.return_assign(actor=lead, agency_return=council_return, expected_version=1, assignee=stranger)
    assert "assignee" in refused.value.errors
    with pytest.raises(BusinessRuleError, match="Only the audit lead or the agency's own staff"):
        casework_services.return_assign(
            actor=officer, agency_return=council_return, expected_version=1, assignee=screener
        )
    colleague = make_person(Role.SOCIAL_WORKER, agency=screener.memberships.get().agency)
    colleague.is_active = False
    colleague.save()
    with pytest.raises(BusinessRuleError, match="disabled"):
        casework_services.return_assign(
            actor=lead, agency_return=council_return, expected_version=1, assignee=colleague
        )
    council_return.refresh_from_db()
    assert council_return.assigned_to is None and council_return.version == 1
    assert not OutboxMessage.objects.exists()


def test_the_assign_service_refuses_a_stale_version_and_a_round_in_moderation(
    lead: User, screener: User, returns: dict
) -> None:
    council_return = returns["council"]
    casework_services.return_assign(actor=lead, agency_return=council_return, expected_version=1, assignee=screener)
    with pytest.raises(StaleVersion):
        casework_services.return_assign(actor=lead, agency_return=council_return, expected_version=1, assignee=screener)
    AuditRound.objects.filter(pk=council_return.round_case.round_id).update(state=RoundState.MODERATION)
    council_return = AgencyReturn.objects.get(pk=council_return.pk)
    with pytest.raises(BusinessRuleError, match="until the round moves to moderation"):
        casework_services.return_assign(actor=lead, agency_return=council_return, expected_version=2, assignee=screener)
    assert OutboxMessage.objects.filter(kind="audit-return-assigned").count() == 1
