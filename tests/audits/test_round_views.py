"""The audit lead's round pages: planning, sampling, cases by hand, auditors and each step of a round's life; who may
see which cases, the 404 for everyone else, stale versions and the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.audits import casework_services, services
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ChosenBy,
    ReturnState,
    RoundAuditor,
    RoundCase,
    RoundState,
)
from partnership.children import services as children_services
from partnership.children.models import Child, EventType
from tests.audits.conftest import all_good
from tests.conftest import sign_in
from tests.factories import make_person
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


def _incident(actor: User, child: Child, days_ago: int = 10) -> None:
    children_services.event_add(
        actor=actor,
        child=child,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
        summary="Police attended an incident at home; the child was present.",
    )


def _url(name: str, audit_round: AuditRound | None = None) -> str:
    return reverse(f"audits:{name}", kwargs={"round_id": audit_round.pk} if audit_round else None)


def _fresh(audit_round: AuditRound) -> AuditRound:
    return AuditRound.objects.get(pk=audit_round.pk)


def _sampled(audit_round: AuditRound) -> set[str]:
    return {str(pk) for pk in audit_round.cases.values_list("child_id", flat=True)}


@pytest.fixture
def candidates(screener: User, make_child: Callable[..., Child]) -> list[Child]:
    """Six children with domestic abuse recorded lately, so a sample can be drawn."""
    children = [make_child() for _ in range(6)]
    for child in children:
        _incident(screener, child)
    return children


@pytest.fixture
def lead_client(lead: User) -> Client:
    return sign_in(Client(), lead)


def _opened(lead: User, audit_round: AuditRound, children: list[Child]) -> AuditRound:
    for child in children:
        services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child)
    audit_round = _fresh(audit_round)
    services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    return _fresh(audit_round)


# The whole journey of the lead


def test_the_lead_plans_samples_staffs_and_opens_a_round_and_each_step_is_checked(
    lead_client: Client,
    lead: User,
    auditor: User,
    screener: User,
    tool: AuditTool,
    candidates: list[Child],
    make_child: Callable[..., Child],
) -> None:
    listing = lead_client.get(_url("round-list"))
    assert listing.status_code == 200
    assert "Plan a round" in listing.content.decode() and "Audit tools" in listing.content.decode()

    today = timezone.localdate()
    form = {
        "title": "Domestic abuse, winter",
        "theme": "Domestic abuse",
        "tool": str(tool.pk),
        **date_fields("starts_on", today - timedelta(days=1)),
        **date_fields("ends_on", today + timedelta(days=40)),
        "months": "6",
        "sample_size": "3",
    }
    created = lead_client.post(_url("round-create"), form)
    audit_round = AuditRound.objects.get(title="Domestic abuse, winter")
    assert created.status_code == 302 and created.url == _url("round-detail", audit_round)
    assert (audit_round.sample_criteria, audit_round.sample_size, audit_round.state) == ({"months": 6}, 3, "planning")

    drawn = lead_client.post(
        _url("round-sample", audit_round), {"version": "1", "size": "3", "months": "6", "seed": "42"}
    )
    assert drawn.status_code == 302
    audit_round = _fresh(audit_round)
    first = _sampled(audit_round)
    assert (len(first), audit_round.seed, audit_round.state) == (3, 42, RoundState.SAMPLING)
    again = lead_client.post(
        _url("round-sample", audit_round),
        {"version": str(audit_round.version), "size": "3", "months": "6", "seed": "42"},
    )
    assert again.status_code == 302
    assert _sampled(_fresh(audit_round)) == first

    by_hand = make_child("Bernadette")
    added = lead_client.post(_url("round-add-case", audit_round), {"local_child_id": by_hand.local_child_id})
    assert added.status_code == 302
    case = RoundCase.objects.get(round=audit_round, child=by_hand)
    assert (case.chosen_by, case.stratum) == (ChosenBy.BY_HAND, "Chosen by hand")
    assert AccessEvent.objects.filter(
        user=lead,
        action=AccessEvent.Action.VIEW,
        object_type="child",
        object_id=str(by_hand.pk),
        purpose="Chose a case for an audit sample",
    ).exists()

    form_page = lead_client.get(_url("round-add-auditor", audit_round))
    assert form_page.status_code == 200
    label = f"{auditor.get_full_name()} ({auditor.memberships.get().agency.name})"
    assert escape(label) in form_page.content.decode()
    staffed = lead_client.post(
        _url("round-add-auditor", audit_round), {"user": str(auditor.pk), "is_independent": "on"}
    )
    assert staffed.status_code == 302
    assert RoundAuditor.objects.get(round=audit_round, user=auditor).is_independent

    audit_round = _fresh(audit_round)
    confirm = lead_client.get(_url("round-open", audit_round))
    assert confirm.status_code == 200
    assert "audit its own records" in confirm.content.decode()
    assert f'name="version" value="{audit_round.version}"' in confirm.content.decode()
    opened = lead_client.post(_url("round-open", audit_round), {"version": str(audit_round.version)})
    assert opened.status_code == 302
    audit_round = _fresh(audit_round)
    assert audit_round.state == RoundState.AUDITING
    assert AgencyReturn.objects.filter(round_case__round=audit_round).count() == 4

    detail = lead_client.get(_url("round-detail", audit_round))
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "Bernadette Example" in page and "Begin moderation" in page and "4 of 4 agency returns are still" in page
    assert AccessEvent.objects.filter(
        user=lead, action=AccessEvent.Action.LIST, object_type="audit_round", object_id=str(audit_round.pk)
    ).exists()

    refused = lead_client.post(_url("round-begin-moderation", audit_round), {"version": str(audit_round.version)})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    assert "4 agency returns are still to be submitted." in refused.content.decode()
    assert _fresh(audit_round).state == RoundState.AUDITING

    for agency_return in AgencyReturn.objects.filter(round_case__round=audit_round):
        casework_services.return_submit(
            actor=screener, agency_return=agency_return, expected_version=agency_return.version, grades=all_good(tool)
        )
    moved = lead_client.post(_url("round-begin-moderation", audit_round), {"version": str(audit_round.version)})
    assert moved.status_code == 302
    audit_round = _fresh(audit_round)
    assert audit_round.state == RoundState.MODERATION

    in_moderation = lead_client.get(_url("round-detail", audit_round)).content.decode()
    assert "Complete the round" in in_moderation and "4 cases still need agreed grades" in in_moderation
    assert reverse("audits:case-moderate", args=[case.pk]) in in_moderation
    assert reverse("audits:recommendation-create", args=[audit_round.pk]) in in_moderation

    not_done = lead_client.post(_url("round-complete", audit_round), {"version": str(audit_round.version)})
    assert not_done.status_code == 400
    assert "4 cases still need agreed grades." in not_done.content.decode()
    assert _fresh(audit_round).state == RoundState.MODERATION


def test_the_round_and_sample_forms_explain_what_is_wrong_and_store_nothing(
    lead_client: Client, tool: AuditTool, audit_round: AuditRound
) -> None:
    response = lead_client.post(
        _url("round-create"),
        {
            "title": "",
            "theme": "Domestic abuse",
            "tool": str(tool.pk),
            **date_fields("starts_on", timezone.localdate()),
            **date_fields("ends_on", timezone.localdate() - timedelta(days=1)),
            "months": "30",
            "sample_size": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter a title for the round",
        "The end date must be on or after the start date",
        "Enter a number of months from 1 to 24",
        "Enter a sample size from 1 to 200",
    ):
        assert message in page
    assert AuditRound.objects.count() == 1

    no_candidates = lead_client.post(_url("round-sample", audit_round), {"version": "1", "size": "5", "months": "6"})
    assert no_candidates.status_code == 400
    assert "No children meet the criteria of the sample." in no_candidates.content.decode()
    too_many = lead_client.post(_url("round-sample", audit_round), {"version": "1", "size": "201", "months": "6"})
    assert too_many.status_code == 400 and "Enter a sample size from 1 to 200" in too_many.content.decode()
    assert _fresh(audit_round).state == RoundState.PLANNING and not audit_round.cases.exists()


def test_a_blank_seed_draws_with_a_new_seed_that_is_stored_and_shown(
    lead_client: Client, audit_round: AuditRound, candidates: list[Child]
) -> None:
    response = lead_client.post(_url("round-sample", audit_round), {"version": "1", "size": "2", "months": "6"})
    audit_round = _fresh(audit_round)
    assert response.status_code == 302 and audit_round.seed is not None
    assert str(audit_round.seed) in lead_client.get(_url("round-detail", audit_round)).content.decode()


def test_an_unknown_or_merged_local_id_gives_the_form_error_and_adds_nothing(
    lead_client: Client, lead: User, audit_round: AuditRound, make_child: Callable[..., Child]
) -> None:
    response = lead_client.post(_url("round-add-case", audit_round), {"local_child_id": "NO-SUCH-ID"})
    assert response.status_code == 400
    assert "No child has that local ID" in response.content.decode()
    kept, duplicate = make_child(), make_child()
    Child.objects.filter(pk=duplicate.pk).update(merged_into=kept, merged_at=timezone.now())
    merged = lead_client.post(_url("round-add-case", audit_round), {"local_child_id": duplicate.local_child_id})
    assert merged.status_code == 400 and "No child has that local ID" in merged.content.decode()
    assert not audit_round.cases.exists()
    assert not AccessEvent.objects.filter(user=lead, object_type="child").exists()

    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=kept)
    twice = lead_client.post(_url("round-add-case", audit_round), {"local_child_id": kept.local_child_id})
    assert twice.status_code == 400 and "The child is already in the sample." in twice.content.decode()


def test_a_stale_version_is_refused_and_nothing_changes(
    lead_client: Client, lead: User, audit_round: AuditRound, candidates: list[Child]
) -> None:
    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=candidates[0])
    assert _fresh(audit_round).version == 2
    url = _url("round-open", audit_round)
    response = lead_client.post(url, {"version": "1"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Someone else changed this round" in response.content.decode()
    assert _fresh(audit_round).state == RoundState.SAMPLING and not AgencyReturn.objects.exists()

    stale_draw = lead_client.post(
        _url("round-sample", audit_round), {"version": "1", "size": "3", "months": "6", "seed": "5"}
    )
    assert stale_draw.status_code == 302
    assert _sampled(_fresh(audit_round)) == {str(candidates[0].pk)} and _fresh(audit_round).seed is None


# Everyone else


LEAD_PAGES = [
    "round-sample",
    "round-add-case",
    "round-add-auditor",
    "round-open",
    "round-begin-moderation",
    "round-complete",
]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.SOCIAL_WORKER, Role.EXECUTIVE])
def test_everyone_but_the_lead_gets_404_on_every_lead_page_and_nothing_changes(
    signed_in: Callable[..., Client],
    role: str,
    lead: User,
    audit_round: AuditRound,
    candidates: list[Child],
    tool: AuditTool,
) -> None:
    person = make_person(role)
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=person)
    client = signed_in(user=person)
    child = candidates[0]
    posts = {
        "round-sample": {"version": "1", "size": "3", "months": "6", "seed": "1"},
        "round-add-case": {"local_child_id": child.local_child_id},
        "round-add-auditor": {"user": str(person.pk)},
        "round-open": {"version": "1"},
        "round-begin-moderation": {"version": "1"},
        "round-complete": {"version": "1"},
    }
    for name in LEAD_PAGES:
        assert client.get(_url(name, audit_round)).status_code == 404, name
        assert client.post(_url(name, audit_round), posts[name]).status_code == 404, name
    create_form = {"title": "Mine", "theme": "Mine", "tool": str(tool.pk), "months": "6", "sample_size": "3"}
    assert client.get(_url("round-create")).status_code == 404
    assert client.post(_url("round-create"), create_form).status_code == 404
    audit_round = _fresh(audit_round)
    assert (audit_round.state, audit_round.version, audit_round.seed) == (RoundState.PLANNING, 1, None)
    assert not audit_round.cases.exists() and AuditRound.objects.count() == 1
    assert RoundAuditor.objects.filter(round=audit_round).count() == 1
    assert AccessEvent.objects.filter(user=person, action=AccessEvent.Action.REFUSED).count() == 14
    assert not AccessEvent.objects.filter(user=person, object_type="child").exists()


def test_a_viewer_sees_the_rounds_and_the_counts_but_no_child_names(
    signed_in: Callable[..., Client], lead: User, audit_round: AuditRound, make_child: Callable[..., Child]
) -> None:
    audit_round = _opened(lead, audit_round, [make_child("Zebedee")])
    viewer = make_person(Role.VIEWER)
    client = signed_in(user=viewer)
    listing = client.get(_url("round-list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert audit_round.title in page and "Zebedee" not in page and "Plan a round" not in page
    detail = client.get(_url("round-detail", audit_round))
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "Chosen by hand" in page and "Zebedee" not in page
    assert detail.context["cases"] == [] and detail.context["strata"] == [("Chosen by hand", 1)]
    assert "Open for auditing" not in page and "Begin moderation" not in page
    assert not AccessEvent.objects.filter(user=viewer, action=AccessEvent.Action.LIST).exists()


def test_an_agency_with_returns_to_do_sees_them_listed_without_the_childs_name(
    signed_in: Callable[..., Client],
    lead: User,
    screener: User,
    council: Agency,
    audit_round: AuditRound,
    make_child: Callable[..., Child],
) -> None:
    audit_round = _opened(lead, audit_round, [make_child("Philippa")])
    council_return = AgencyReturn.objects.get(round_case__round=audit_round, agency=council)
    client = signed_in(user=screener)
    page = client.get(_url("round-list")).content.decode()
    assert "Your agency's returns" in page
    assert reverse("audits:return-detail", args=[council_return.pk]) in page
    assert escape(council.name) in page and audit_round.title in page
    assert "Philippa" not in page

    detail = client.get(_url("round-detail", audit_round)).content.decode()
    assert "Philippa Example" in detail and "0 of 1" in detail
    assert AccessEvent.objects.filter(user=screener, action=AccessEvent.Action.LIST, object_type="audit_round").exists()

    casework_services.return_submit(
        actor=screener, agency_return=council_return, expected_version=1, grades=all_good(audit_round.tool)
    )
    assert (
        reverse("audits:return-detail", args=[council_return.pk]) not in client.get(_url("round-list")).content.decode()
    )
    assert AgencyReturn.objects.get(pk=council_return.pk).state == ReturnState.SUBMITTED


def test_a_round_of_another_agency_answers_404_and_the_refusal_is_logged(
    signed_in: Callable[..., Client], audit_round: AuditRound
) -> None:
    person = make_person(Role.SOCIAL_WORKER)
    client = signed_in(user=person)
    assert client.get(_url("round-detail", audit_round)).status_code == 404
    assert audit_round.title not in client.get(_url("round-list")).content.decode()
    assert AccessEvent.objects.filter(
        user=person, action=AccessEvent.Action.REFUSED, object_type="audit_round", object_id=str(audit_round.pk)
    ).exists()


def test_recommendations_show_their_owner_and_the_lead_may_make_one_an_action(
    signed_in: Callable[..., Client],
    lead_client: Client,
    lead: User,
    screener: User,
    council: Agency,
    tool: AuditTool,
    audit_round: AuditRound,
    make_child: Callable[..., Child],
) -> None:
    audit_round = _opened(lead, audit_round, [make_child()])
    for agency_return in AgencyReturn.objects.filter(round_case__round=audit_round):
        casework_services.return_submit(
            actor=screener, agency_return=agency_return, expected_version=1, grades=all_good(tool)
        )
    services.round_begin_moderation(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    recommendation = casework_services.recommendation_add(
        actor=lead, audit_round=audit_round, text="Record the child's own words", owner_agency=council
    )
    page = lead_client.get(_url("round-detail", audit_round)).content.decode()
    assert escape("Record the child's own words") in page and escape(council.name) in page
    assert reverse("audits:recommendation-action", args=[recommendation.pk]) in page
    viewer_page = signed_in(Role.VIEWER).get(_url("round-detail", audit_round)).content.decode()
    assert escape("Record the child's own words") in viewer_page
    assert reverse("audits:recommendation-action", args=[recommendation.pk]) not in viewer_page
