"""The demo case file audits: two completed rounds a year apart on the same theme showing practice improving, their
recommendations in the plan, a round being audited now, and samples that can be drawn again from their seeds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.audits import demo as audits_demo
from partnership.audits import sampling, selectors
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    ModeratedGrade,
    Recommendation,
    ReturnState,
    RoundState,
    SectionGrade,
    SectionKind,
)
from partnership.core.clocks import london_date
from partnership.demo import DEMO_LOADERS
from partnership.encompass import demo as encompass_demo
from partnership.measures import demo as measures_demo
from partnership.measures.models import IndicatorValue
from partnership.plans.models import Action

pytestmark = pytest.mark.django_db

LOAD_SECONDS: dict[str, float] = {}
GOOD_OR_BETTER = {"Outstanding", "Good"}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The whole demo, loaded once for the module with the audits timed, and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        for loader in DEMO_LOADERS:
            started = time.perf_counter()
            loader()
            if loader is audits_demo.load:
                LOAD_SECONDS["audits"] = time.perf_counter() - started
        yield
        transaction.set_rollback(True)


def _completed() -> list[AuditRound]:
    return list(AuditRound.objects.filter(state=RoundState.COMPLETE).order_by("completed_at"))


def _good_share(audit_round: AuditRound, kind: str | None = None) -> float:
    grades = ModeratedGrade.objects.filter(moderation__round_case__round=audit_round)
    if kind is not None:
        grades = grades.filter(section__kind=kind)
    agreed = list(grades.values_list("grade", flat=True))
    assert agreed
    return sum(grade in GOOD_OR_BETTER for grade in agreed) / len(agreed)


def test_the_audits_load_after_the_practice_apps_before_the_measures_and_quickly() -> None:
    position = DEMO_LOADERS.index(audits_demo.load)
    assert DEMO_LOADERS.index(encompass_demo.load) < position < DEMO_LOADERS.index(measures_demo.load)
    assert LOAD_SECONDS["audits"] < 5


def test_two_rounds_on_the_same_theme_were_completed_about_a_year_apart() -> None:
    now = timezone.now()
    first, second = _completed()
    assert first.theme == second.theme == "Domestic abuse"
    assert first.title.startswith(audits_demo.FRONT_DOOR) and second.title.startswith(audits_demo.FRONT_DOOR)
    assert first.title != second.title  # each names its month
    assert first.completed_at is not None and second.completed_at is not None
    assert timedelta(days=370) <= now - first.completed_at <= timedelta(days=420)
    assert timedelta(days=20) <= now - second.completed_at <= timedelta(days=45)
    for audit_round in (first, second):
        cases = list(audit_round.cases.all())
        by_hand = audit_round.cases.filter(chosen_by="by_hand").count()
        assert 10 <= len(cases) <= 14 and len(cases) == audit_round.sample_size + by_hand
        assert all(hasattr(case, "moderation") for case in cases)
        returns = AgencyReturn.objects.filter(round_case__round=audit_round)
        assert returns.count() >= len(cases)
        assert not returns.exclude(state=ReturnState.SUBMITTED).exists()
        # Each return was submitted inside the round's window, by the agency's own person or the assigned auditor.
        for agency_return in returns.select_related("submitted_by", "assigned_to"):
            assert agency_return.submitted_at is not None
            assert audit_round.starts_on <= london_date(agency_return.submitted_at) <= audit_round.ends_on
            assert agency_return.submitted_by is not None
            if agency_return.assigned_to is not None:
                assert agency_return.submitted_by == agency_return.assigned_to
        auditors = list(audit_round.auditors.select_related("user"))
        assert [(a.user.username, a.is_independent) for a in auditors] == [("auditor", True)]
        assert SectionGrade.objects.filter(agency_return__round_case__round=audit_round).exclude(rationale="").exists()


def test_the_second_round_grades_practice_better_than_the_first() -> None:
    first, second = _completed()
    assert _good_share(second) > _good_share(first) + 0.3
    assert _good_share(second, SectionKind.VOICE_OF_THE_CHILD) > _good_share(first, SectionKind.VOICE_OF_THE_CHILD)
    assert _good_share(second, SectionKind.OVERALL) > _good_share(first, SectionKind.OVERALL)
    # The first round looks like the inspection: mostly requires improvement, weakest on the child's voice and
    # on joint working; the second is mostly good.
    grades = ModeratedGrade.objects.filter(moderation__round_case__round=first)
    counts = {grade: grades.filter(grade=grade).count() for grade in first.tool.grade_scale}
    assert max(counts, key=lambda grade: counts[grade]) == "Requires improvement"
    assert counts["Inadequate"] > 0 and counts["Good"] > 0
    weakest = min(_good_share(first, kind) for kind in (SectionKind.VOICE_OF_THE_CHILD, SectionKind.JOINT_WORKING))
    assert weakest <= _good_share(first)
    later = ModeratedGrade.objects.filter(moderation__round_case__round=second)
    assert later.filter(grade="Good").count() > later.count() / 2
    assert later.filter(grade="Outstanding").exists() and later.filter(grade="Requires improvement").exists()


def test_moderation_gives_reasons_and_learning_and_sometimes_moves_an_agencys_grade() -> None:
    moved = 0
    for audit_round in _completed():
        for case in audit_round.cases.select_related("moderation"):
            moderation = case.moderation
            assert moderation.learning
            assert audit_round.completed_at is not None
            assert audit_round.ends_on <= london_date(moderation.moderated_at) <= london_date(audit_round.completed_at)
            agreed = {row.section_id: row for row in moderation.grades.all()}
            assert len(agreed) == 7 and all(row.reason for row in agreed.values())
            given = SectionGrade.objects.filter(agency_return__round_case=case)
            moved += sum(row.grade != agreed[row.section_id].grade for row in given)
    assert moved >= 5


def test_recommendations_became_plan_actions_linked_both_ways() -> None:
    first, second = _completed()
    for audit_round, count, actions in ((first, (3, 4), 2), (second, (2, 2), 1)):
        recommendations = list(Recommendation.objects.filter(round=audit_round).select_related("plan_action"))
        assert count[0] <= len(recommendations) <= count[1]
        linked = [r for r in recommendations if r.plan_action is not None]
        assert len(linked) == actions
        for recommendation in linked:
            action = recommendation.plan_action
            assert action is not None and action.owner_agency_id == recommendation.owner_agency_id
            assert list(action.audit_recommendations.all()) == [recommendation]
            assert action.theme.inspection_id == action.inspection_id
    references = set(Action.objects.filter(audit_recommendations__isnull=False).values_list("reference", flat=True))
    assert references == {"AUD1", "AUD2", "AUD3"}
    assert Action.objects.filter(reference__in=references).count() == 3  # no clash with the plan's own


def test_the_third_round_is_being_audited_with_returns_still_owed() -> None:
    today = timezone.localdate()
    current = AuditRound.objects.get(state=RoundState.AUDITING)
    assert current.title == audits_demo.THIRD.title
    assert (current.starts_on, current.ends_on) == (today - timedelta(days=7), today + timedelta(days=21))
    assert 6 <= current.cases.count() <= 10
    auditor = User.objects.get(username="auditor")
    assert current.auditors.filter(user=auditor, is_independent=True).exists()
    assert selectors.auditable_child_ids(auditor, today) == set(current.cases.values_list("child_id", flat=True))

    returns = AgencyReturn.objects.filter(round_case__round=current)
    assert returns.filter(state=ReturnState.SUBMITTED).exists()
    for username in ("socialworker", "police"):
        owed = selectors.returns_for(user=User.objects.get(username=username))
        assert owed.exists() and all(r.round_case.round_id == current.pk for r in owed), username
    assigned = selectors.returns_for(user=auditor).filter(assigned_to=auditor)
    assert assigned.exists()
    assert returns.filter(assigned_to=auditor, state=ReturnState.SUBMITTED).exists()


def test_the_first_rounds_sample_is_drawn_again_from_its_stored_seed() -> None:
    first = _completed()[0]
    drawn_at = audits_demo.london_at(timezone.localdate() + timedelta(days=audits_demo.FIRST.drawn), 10)
    candidates = selectors.sample_candidates(first.sample_criteria, now=drawn_at)
    sample = {case.child_id for case in first.cases.all()}
    assert first.seed == audits_demo.FIRST.seed
    again = sampling.draw_sample(candidates, first.sample_size, first.seed)
    assert {child_id for child_id, _stratum in again} == sample
    other = sampling.draw_sample(candidates, first.sample_size, first.seed + 1)
    assert {child_id for child_id, _stratum in other} != sample


def test_the_audit_indicators_cover_both_completed_rounds() -> None:
    values = IndicatorValue.objects.filter(
        indicator__key="audits-voice-good-or-better", period_kind="month", breakdown="", is_current=True
    )
    shares = []
    for audit_round in _completed():
        moderated = audit_round.cases.values_list("moderation__moderated_at", flat=True)
        months = {london_date(instant).replace(day=1) for instant in moderated}
        rows = list(values.filter(period_start__in=months))
        assert len(rows) == len(months)
        assert sum(row.denominator or 0 for row in rows) == audit_round.cases.count()
        shares.append(sum(row.numerator or 0 for row in rows) / audit_round.cases.count())
    assert shares[1] > shares[0]
