"""`partnership generate` writes each council's improvement plan with its quarterly cycle, and its audit rounds."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from partnership.access.models import Role, User
from partnership.audits import grade_counts
from partnership.audits.models import AgencyReturn, AuditRound, AuditTool, Moderation, RoundCase, SectionKind
from partnership.audits.results import good_or_better_grades, round_results, trend
from partnership.core.clocks import add_months
from partnership.frontdoor.models import Contact
from partnership.generation import run
from partnership.generation.audits import grade_weights
from partnership.generation.run import generate
from partnership.generation.scales import SCALES, Scale
from partnership.generation.timing import london_instant
from partnership.generation.writer import Progress
from partnership.plans.cycle_selectors import action_updates, period_list, update_counts
from partnership.plans.governance import OPEN_STATUSES
from partnership.plans.models import Action, ActionRevision, Inspection, ProgressUpdate, ReviewDecision, UpdateState
from partnership.plans.selectors import current_inspection_or_404, plan_coverage, plan_overview

UNTIL = date(2026, 3, 31)
NOW = london_instant(UNTIL, 17, 0)


def _generate(seed: int, scale: str = "demo") -> None:
    generate(scale=scale, seed=seed, until=UNTIL, progress=Progress(quiet=True))


def _person(role: str) -> User:
    user = User.objects.filter(memberships__role=role).order_by("username").first()
    assert user is not None
    return user


@pytest.mark.django_db
def test_the_plan_reads_through_the_plan_selectors_with_its_themes_findings_and_actions() -> None:
    _generate(seed=3)
    manager = _person(Role.TEAM_MANAGER)
    inspection = current_inspection_or_404(user=manager)
    assert inspection.plan_start == date(2025, 4, 1)
    overview = plan_overview(user=manager, inspection=inspection, today=UNTIL)
    assert [summary.theme.number for summary in overview.themes] == [1, 2, 3, 4, 5]
    assert [summary.total for summary in overview.themes] == [6, 6, 6, 6, 6]
    assert overview.action_count == 30
    assert overview.finding_counts == Counter({"strength": 2, "priority_action": 3, "area_for_improvement": 3})
    assert overview.totals["blue"] >= 8  # most actions due in the first half year have evidenced their impact
    coverage = plan_coverage(user=manager, inspection=inspection)
    assert coverage.flagged == [] and coverage.actions_without_findings == []
    actions = list(Action.objects.select_related("owner_agency", "lead"))
    assert all(action.owner_agency is not None and action.lead is not None and action.lead_name for action in actions)
    revised = [action for action in actions if action.timescale_revised]
    assert revised and overview.revised == len(revised)
    for action in revised:
        (revision,) = ActionRevision.objects.filter(action=action)
        old, new = action.original_due_date.isoformat(), action.current_due_date.isoformat()
        assert revision.changes == {"current_due_date": [old, new]}
        assert ReviewDecision.objects.get(action=action, decision="revise").revision == revision


@pytest.mark.django_db
def test_every_action_has_one_update_for_each_quarter_it_was_open_dated_in_order() -> None:
    _generate(seed=4)
    manager = _person(Role.TEAM_MANAGER)
    inspection = Inspection.objects.get()
    periods = list(period_list(user=manager, inspection=inspection).order_by("starts_on"))
    assert [period.label for period in periods] == ["2025-Q2", "2025-Q3", "2025-Q4"]
    labels = [period.label for period in periods]
    finished = 0
    for action in Action.objects.all():
        updates = list(reversed(action_updates(user=manager, action=action)))
        seen = [update.period.label for update in updates]
        if action.status in OPEN_STATUSES:
            assert seen == labels, action.reference
        else:  # asked every quarter until the review that confirmed its impact
            finished += 1
            assert seen == labels[: len(seen)], action.reference
            confirmed = ReviewDecision.objects.get(action=action, decision="confirm_impact")
            assert confirmed.meeting.period_id == updates[-1].period_id
        opened = [update.created_at for update in updates]
        assert opened == [update.period.opened_at for update in updates] and opened == sorted(set(opened))
        submitted = [update.submitted_at for update in updates if update.submitted_at is not None]
        assert submitted == sorted(set(submitted)) and all(moment <= NOW for moment in submitted)
        for update in updates:
            assert update.updated_at >= update.created_at
            period = update.period
            if update.submitted_at is not None:
                assert period.opened_at is not None and period.opened_at < update.submitted_at
                assert update.submitted_at <= (period.closed_at or NOW)
    assert finished >= 8
    counts = update_counts(periods=periods)
    assert counts[periods[0].pk]["requested"] == 30
    assert all(0 < counts[p.pk]["missing"] < counts[p.pk]["in"] for p in periods if p.closed_at is not None)
    unescalated = ProgressUpdate.objects.filter(period__closed_at__isnull=False, escalated_at__isnull=True)
    assert not unescalated.filter(state=UpdateState.REQUESTED).exists()


@pytest.mark.django_db
def test_audit_rounds_sample_children_with_a_recent_contact_and_their_results_compute() -> None:
    _generate(seed=5)
    assert AuditTool.objects.count() == 1
    rounds = list(AuditRound.objects.order_by("starts_on"))
    assert [(r.starts_on, r.state) for r in rounds] == [
        (date(2025, 9, 17), "complete"),
        (date(2026, 3, 18), "auditing"),
    ]
    done, auditing = rounds
    assert done.completed_at is not None and done.completed_at <= NOW and auditing.completed_at is None
    for audit_round in rounds:
        assert audit_round.seed and audit_round.sample_size == 12 and audit_round.sample_criteria == {"months": 6}
        cases = list(RoundCase.objects.filter(round=audit_round))
        assert len(cases) == 12
        since = london_instant(add_months(audit_round.starts_on, -6), 0, 0)
        for case in cases:
            recent = Contact.objects.filter(children=case.child_id, domestic_abuse=True, received_at__gte=since)
            assert recent.filter(received_at__lt=london_instant(audit_round.starts_on, 0, 0)).exists()
            assert 1 <= AgencyReturn.objects.filter(round_case=case).count() <= 3
    assert not AgencyReturn.objects.filter(round_case__round=done).exclude(state="submitted").exists()
    assert Moderation.objects.filter(round_case__round=done).count() == 12
    waiting = Counter(AgencyReturn.objects.filter(round_case__round=auditing).values_list("state", flat=True))
    assert waiting["submitted"] > 0 and waiting["requested"] > 0
    assert not Moderation.objects.filter(round_case__round=auditing).exists()

    viewer = _person(Role.VIEWER)
    results = round_results(user=viewer, audit_round=done)
    assert results.shown and results.moderated_cases == grade_counts.moderated_case_count(audit_round=done) == 12
    assert [section.figures.grades for section in results.sections] == [12] * 7
    agreed = grade_counts.moderated_grade_counts(audit_round=done)
    good = sum(row["count"] for row in agreed if row["grade"] in good_or_better_grades(results.scale))
    assert sum(row["count"] for row in agreed) == 84 and 10 <= 100 * good / 84 <= 75
    returned = AgencyReturn.objects.filter(round_case__round=done)
    assert sum(agency.cases for agency in results.agencies) == returned.count()
    assert all(agency.figures.grades == 7 * agency.cases for agency in results.agencies)
    (row,) = trend(user=viewer)
    assert row.audit_round == done and row.overall is not None and row.overall.figures is not None


def test_practice_is_graded_a_little_better_each_round_and_weakest_on_the_childs_voice() -> None:
    def good(weights: list[float]) -> float:
        return (weights[0] + weights[1]) / sum(weights)

    kind = SectionKind.ASSESSMENT
    assert good(grade_weights(0.0, kind)) < good(grade_weights(0.5, kind)) < good(grade_weights(1.0, kind))
    assert good(grade_weights(0.5, SectionKind.VOICE_OF_THE_CHILD)) < good(grade_weights(0.5, kind))


def _plan_and_rounds(seed: int) -> tuple[list[Any], list[Any]]:
    """Generate inside a savepoint that is rolled back; return the plan's and the audits' identities."""
    with transaction.atomic():
        _generate(seed)
        plan: list[Any] = list(Action.objects.order_by("reference").values_list("id", "status", "current_due_date"))
        plan += list(ProgressUpdate.objects.order_by("id").values_list("id", "state", "submitted_at"))
        rounds: list[Any] = list(AuditRound.objects.order_by("starts_on").values_list("id", "seed", "state"))
        rounds += sorted(RoundCase.objects.values_list("round_id", "child_id"))
        transaction.set_rollback(True)
    return plan, rounds


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_plan_and_rounds_and_another_seed_differs() -> None:
    plan, rounds = _plan_and_rounds(seed=6)
    assert len(plan) > 30 and len(rounds) == 2 + 24
    assert (plan, rounds) == _plan_and_rounds(seed=6)
    other_plan, other_rounds = _plan_and_rounds(seed=9)
    assert other_plan != plan and other_rounds != rounds


class _Idle:
    """A builder that writes nothing, to compare a run without plans and audits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def run(self, *args: Any) -> None:
        """Write nothing."""


def _practice() -> tuple[list[Any], int]:
    with transaction.atomic():
        _generate(seed=11, scale="pair")
        rows: list[Any] = list(Contact.objects.order_by("id").values_list("id", "received_at", "source", "state"))
        plans = Inspection.objects.count()
        transaction.set_rollback(True)
    return rows, plans


@pytest.mark.django_db
def test_plans_and_audits_leave_every_councils_practice_rows_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCALES, "pair", Scale("pair", councils=2, years=1, contacts_per_year=400, schools=3))
    with_them, plans = _practice()
    assert plans == 2 and len(with_them) > 500
    monkeypatch.setattr(run, "PlanBuilder", _Idle)
    monkeypatch.setattr(run, "AuditBuilder", _Idle)
    without, none = _practice()
    assert none == 0
    assert without == with_them  # the second council's contacts do not depend on the first council's plan
    assert NOW - timedelta(days=365) < max(row[1] for row in with_them) <= NOW
