"""The audit tools pages: every signed-in person reads the tools, their questions and guidance; only the audit lead
makes a new version, with its own grade scale if they wish."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from partnership.access.models import AccessEvent, Role, User
from partnership.audits import services
from partnership.audits.models import AuditRound, AuditTool
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _detail(tool: AuditTool) -> str:
    return reverse("audits:tool-detail", kwargs={"tool_id": tool.pk})


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.VIEWER, Role.KEY_ADULT])
def test_every_signed_in_person_reads_the_tools_with_their_questions_guidance_and_scale(
    signed_in: Callable[..., Client], role: str, tool: AuditTool
) -> None:
    client = signed_in(role)
    listing = client.get(reverse("audits:tool-list"))
    assert listing.status_code == 200
    assert _detail(tool) in listing.content.decode()
    assert reverse("audits:tool-create") not in listing.content.decode()

    response = client.get(_detail(tool))
    page = response.content.decode()
    assert response.status_code == 200
    for section in tool.sections.all():
        assert escape(f"{section.number}. {section.title}") in page
        for question in section.questions.all():
            assert escape(question.text) in page
            if question.guidance:
                assert escape(question.guidance) in page
    for grade in tool.grade_scale:
        assert f"<li>{escape(grade)}</li>" in page


def test_the_tools_need_a_signed_in_person(tool: AuditTool) -> None:
    response = Client().get(_detail(tool))
    assert response.status_code == 302 and response.url.startswith(reverse("access:sign-in"))


def test_an_unknown_tool_answers_404(signed_in: Callable[..., Client], tool: AuditTool) -> None:
    person_client = signed_in(Role.SOCIAL_WORKER)
    missing = reverse("audits:tool-detail", kwargs={"tool_id": "00000000-0000-0000-0000-000000000000"})
    assert person_client.get(missing).status_code == 404


def test_the_lead_makes_a_new_version_with_a_custom_scale_and_rounds_keep_theirs(
    lead: User, tool: AuditTool, audit_round: AuditRound
) -> None:
    client = sign_in(Client(), lead)
    assert reverse("audits:tool-create") in client.get(reverse("audits:tool-list")).content.decode()
    form = client.get(reverse("audits:tool-create"))
    assert form.status_code == 200 and 'name="grade_scale"' in form.content.decode()
    response = client.post(
        reverse("audits:tool-create"),
        {"template": "domestic-abuse", "grade_scale": "Strong\n\n  Adequate \nWeak\n"},
    )
    newer = AuditTool.objects.get(version_number=2)
    assert response.status_code == 302 and response.url == _detail(newer)
    tool.refresh_from_db()
    assert (newer.grade_scale, newer.is_current, tool.is_current) == (["Strong", "Adequate", "Weak"], True, False)
    assert newer.created_by == lead and newer.sections.count() == tool.sections.count()
    assert AuditRound.objects.get(pk=audit_round.pk).tool_id == tool.pk

    page = client.get(_detail(newer)).content.decode()
    assert "Version 2 (this one)" in page and _detail(tool) in page
    old_page = client.get(_detail(tool)).content.decode()
    assert "an earlier version" in old_page and _detail(newer) in old_page

    kept = client.post(reverse("audits:tool-create"), {"template": "domestic-abuse", "grade_scale": ""})
    assert kept.status_code == 302
    assert AuditTool.objects.get(version_number=3).grade_scale == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]


def test_a_scale_of_one_grade_or_repeated_grades_is_refused_and_nothing_is_made(lead: User, tool: AuditTool) -> None:
    client = sign_in(Client(), lead)
    for scale in ("Good", "Good\nGood\nPoor"):
        response = client.post(reverse("audits:tool-create"), {"template": "domestic-abuse", "grade_scale": scale})
        assert response.status_code == 400
        assert "A grade scale needs at least two different grades, best first." in response.content.decode()
    unknown = client.post(reverse("audits:tool-create"), {"template": "no-such-tool"})
    assert unknown.status_code == 400 and "Choose the tool" in unknown.content.decode()
    assert AuditTool.objects.count() == 1 and AuditTool.objects.get().is_current


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.EXECUTIVE, Role.SOCIAL_WORKER])
def test_only_the_lead_makes_a_tool_everyone_else_gets_404_and_nothing_changes(
    signed_in: Callable[..., Client], role: str, tool: AuditTool
) -> None:
    client = signed_in(role)
    assert client.get(reverse("audits:tool-create")).status_code == 404
    response = client.post(reverse("audits:tool-create"), {"template": "domestic-abuse", "grade_scale": "A\nB"})
    assert response.status_code == 404
    assert list(AuditTool.objects.values_list("version_number", "is_current")) == [(1, True)]
    assert AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count() == 2


def test_a_new_round_can_use_only_the_current_tool(lead: User, tool: AuditTool) -> None:
    newer = services.tool_create_from_template(actor=lead)
    page = sign_in(Client(), lead).get(reverse("audits:round-create")).content.decode()
    assert f'value="{newer.pk}"' in page and f'value="{tool.pk}"' not in page
