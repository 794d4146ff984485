"""Audit results: agreed grade distributions by section, agencies' own grades and the moderation shift, the trend
across completed rounds, small numbers hidden from readers outside the round, and the results pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.access.models import Agency, Role, User
from partnership.audits import casework_services, results, services
from partnership.audits.models import AgencyReturn, AuditRound, AuditTool, RoundState, SectionKind
from partnership.children import services as children_services
from partnership.children.models import Child, Involvement
from tests.audits.conftest import all_good
from tests.conftest import sign_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db

SPREAD = ["Outstanding", "Good", "Good", "Requires improvement", "Inadequate"]


def run_round(
    *,
    lead: User,
    screener: User,
    tool: AuditTool,
    make_child: Callable[..., Child],
    agreed: list[str],
    returned: list[str] | None = None,
    title: str = "Domestic abuse, spring",
    theme: str = "Domestic abuse",
    starts_on: date = date(2026, 1, 5),
    complete: bool = True,
    learning: str = "",
    police: Agency | None = None,
) -> AuditRound:
    """A round whose cases the council returned with the `returned` grades (every section the same) and the
    moderation agreed with the `agreed` grades; police are involved in the first case when given."""
    audit_round = services.round_create(
        actor=lead, title=title, theme=theme, tool=tool, starts_on=starts_on, ends_on=starts_on + timedelta(days=30)
    )
    children = [make_child() for _ in agreed]
    # The council has worked with the children since before the round (their records were opened today).
    Involvement.objects.filter(child__in=children).update(started_on=starts_on - timedelta(days=90))
    if police is not None:
        children_services.involvement_add(
            actor=screener, child=children[0], agency=police, service="Domestic abuse unit", started_on=starts_on
        )
    cases = [services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=c) for c in children]
    audit_round.refresh_from_db()
    services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    for case, grade in zip(cases, returned or agreed, strict=True):
        for agency_return in AgencyReturn.objects.filter(round_case=case):
            if agency_return.agency_id != screener.memberships.get().agency_id:
                agency_return.assigned_to = screener
                agency_return.save(update_fields=["assigned_to"])
            casework_services.return_submit(
                actor=screener,
                agency_return=agency_return,
                expected_version=agency_return.version,
                grades=all_good(tool, grade),
            )
    audit_round.refresh_from_db()
    services.round_begin_moderation(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    for case, grade in zip(cases, agreed, strict=True):
        casework_services.moderation_record(
            actor=lead, round_case=case, grades=all_good(tool, grade), learning=learning
        )
    if complete:
        audit_round.refresh_from_db()
        services.round_complete(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    audit_round.refresh_from_db()
    return audit_round


@pytest.fixture
def make_round(
    lead: User, screener: User, tool: AuditTool, make_child: Callable[..., Child]
) -> Callable[..., AuditRound]:
    def make(**kwargs: object) -> AuditRound:
        return run_round(lead=lead, screener=screener, tool=tool, make_child=make_child, **kwargs)  # type: ignore[arg-type]

    return make


def test_the_good_or_better_grades_are_the_top_two_of_the_scale() -> None:
    assert results.good_or_better_grades(["Outstanding", "Good", "Requires improvement", "Inadequate"]) == [
        "Outstanding",
        "Good",
    ]
    assert results.good_or_better_grades(["A", "B", "C"]) == ["A", "B"]
    assert results.may_show(moderated_cases=4, insider=False) is False
    assert results.may_show(moderated_cases=5, insider=False) is True
    assert results.may_show(moderated_cases=1, insider=True) is True


def test_a_round_gives_each_sections_agreed_grades_and_each_agencys_shift(
    lead: User, police: Agency, council: Agency, make_round: Callable[..., AuditRound]
) -> None:
    audit_round = make_round(agreed=SPREAD, returned=["Good"] * 5, police=police)
    figures = results.round_results(user=lead, audit_round=audit_round)
    assert figures.moderated_cases == 5 and figures.shown
    assert len(figures.sections) == len(SectionKind)
    first = figures.sections[0]
    assert [(item.grade, item.count, item.percent) for item in first.figures.distribution] == [
        ("Outstanding", 1, 20.0),
        ("Good", 2, 40.0),
        ("Requires improvement", 1, 20.0),
        ("Inadequate", 1, 20.0),
    ]
    assert (first.figures.grades, first.figures.good_percent, first.figures.average) == (5, 60.0, 2.6)
    by_name = {agency.name: agency for agency in figures.agencies}
    assert set(by_name) == {council.name, police.name}
    sections = len(SectionKind)
    council_figures = by_name[council.name]
    # The council graded every section of every case Good; moderation changed it in 3 of the 5 cases.
    assert council_figures.cases == 5 and council_figures.figures.grades == 5 * sections
    assert (council_figures.compared, council_figures.changed, council_figures.shift_percent) == (
        5 * sections,
        3 * sections,
        60.0,
    )
    assert council_figures.figures.good_percent == 100.0
    # The police returned only the first case, which moderation agreed Outstanding: every one of its grades changed.
    police_figures = by_name[police.name]
    assert (police_figures.cases, police_figures.changed, police_figures.shift_percent) == (1, sections, 100.0)


def test_the_query_count_does_not_grow_with_the_number_of_cases(
    lead: User, make_round: Callable[..., AuditRound]
) -> None:
    small = make_round(agreed=["Good"] * 2, title="Small")
    large = make_round(agreed=SPREAD + ["Good"] * 3, title="Large", starts_on=date(2026, 4, 1))
    results.round_results(user=lead, audit_round=small)  # the lead's roles are read once and kept
    counts = []
    for audit_round in (small, large):
        audit_round = AuditRound.objects.select_related("tool").get(pk=audit_round.pk)
        with CaptureQueriesContext(connection) as queries:
            results.round_results(user=lead, audit_round=audit_round)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as one_round_more:
        results.trend(user=lead)
    make_round(agreed=["Good"] * 6, title="Third", starts_on=date(2026, 7, 1))
    with CaptureQueriesContext(connection) as queries:
        results.trend(user=lead)
    assert len(queries) == len(one_round_more)


def test_the_trend_orders_completed_rounds_by_start_and_gives_the_change_in_points(
    lead: User, make_round: Callable[..., AuditRound]
) -> None:
    later = make_round(agreed=["Good"] * 4 + ["Inadequate"], title="Summer", starts_on=date(2026, 6, 1))
    earlier = make_round(agreed=SPREAD, title="Spring", starts_on=date(2026, 1, 5))
    make_round(agreed=["Good"] * 5, title="Still moderating", starts_on=date(2026, 9, 1), complete=False)
    trend = results.trend(user=lead)
    assert [row.audit_round for row in trend] == [earlier, later]
    first, second = (row.kind(SectionKind.VOICE_OF_THE_CHILD) for row in trend)
    assert first is not None and second is not None
    assert first.figures is not None and second.figures is not None
    assert (first.figures.good_percent, first.change) == (60.0, None)
    assert (second.figures.good_percent, second.change, second.change_text) == (80.0, 20.0, "+20 points")
    assert second.figures.average == round((3 * 4 + 1) / 5, 2)
    assert trend[1].overall is not None and trend[1].overall.figures is not None


def test_small_numbers_are_hidden_only_from_readers_outside_the_round(
    lead: User, screener: User, make_round: Callable[..., AuditRound]
) -> None:
    audit_round = make_round(agreed=["Good", "Good", "Inadequate"])
    viewer = make_person(Role.VIEWER)
    executive = make_person(Role.EXECUTIVE)
    for reader in (viewer, executive):
        figures = results.round_results(user=reader, audit_round=audit_round)
        assert figures.shown is False
        (row,) = results.trend(user=reader)
        assert row.shown is False and all(item.figures is None for item in row.kinds)
    # The lead, and the staff of an agency asked for returns, see the figures of their round.
    for reader in (lead, screener):
        assert results.round_results(user=reader, audit_round=audit_round).shown is True
    # From 5 moderated cases everyone who may open the round sees its shares.
    bigger = make_round(agreed=SPREAD, title="Bigger", starts_on=date(2026, 3, 1))
    assert results.round_results(user=viewer, audit_round=bigger).shown is True


def test_the_results_page_shows_the_table_beside_the_chart_and_hides_small_numbers(
    client, lead: User, make_round: Callable[..., AuditRound]
) -> None:
    make_round(agreed=SPREAD, title="Spring round", starts_on=date(2026, 1, 5))
    make_round(agreed=["Good", "Inadequate"], title="Tiny round", starts_on=date(2026, 6, 1))
    sign_in(client, make_person(Role.VIEWER))
    response = client.get(reverse("audits:results"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'id="chart-description"' in page
    assert "Spring round" in page and "Tiny round" in page
    assert "60%" in page  # the spring round's share good or better, section by section
    assert "Fewer than 5 cases" in page  # the tiny round's, hidden from a viewer


def test_the_results_page_answers_404_without_the_permission_and_lists_nothing_not_visible(
    client, make_round: Callable[..., AuditRound]
) -> None:
    make_round(agreed=SPREAD, title="Spring round")
    outsider = make_person(Role.SOCIAL_WORKER)
    sign_in(client, outsider)
    response = client.get(reverse("audits:results"))
    assert response.status_code == 200
    assert "Spring round" not in response.content.decode()
    client.logout()
    assert client.get(reverse("audits:results")).status_code == 302


def test_a_rounds_results_page_shows_the_distributions_and_links_the_report(
    client, lead: User, police: Agency, make_round: Callable[..., AuditRound]
) -> None:
    audit_round = make_round(agreed=SPREAD, returned=["Good"] * 5, police=police)
    sign_in(client, lead)
    response = client.get(reverse("audits:round-results", kwargs={"round_id": audit_round.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Grades agreed at moderation, by section" in page
    assert police.name in page and "60%" in page
    assert reverse("audits:round-report-pdf", kwargs={"round_id": audit_round.pk}) in page
    assert reverse("audits:round-report-xlsx", kwargs={"round_id": audit_round.pk}) in page
    assert audit_round.state == RoundState.COMPLETE


def test_a_round_the_user_may_not_open_answers_404(client, make_round: Callable[..., AuditRound]) -> None:
    audit_round = make_round(agreed=SPREAD)
    sign_in(client, make_person(Role.SOCIAL_WORKER))
    for name in ("audits:round-results", "audits:round-report-pdf", "audits:round-report-xlsx"):
        assert client.get(reverse(name, kwargs={"round_id": audit_round.pk})).status_code == 404
