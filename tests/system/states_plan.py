"""The plan's workflow as a state machine: progress, revisions, quarterly updates and the executive's review."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any, ClassVar

from django.utils import timezone
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from partnership.access.models import User
from partnership.core.errors import StaleVersion
from partnership.plans import governance, reviews, services
from partnership.plans.cycle_rules import quarter_label, update_problems
from partnership.plans.models import (
    Action,
    ActionRevision,
    Brag,
    DecisionKind,
    DeliveryStatus,
    ProgressUpdate,
    ReportingPeriod,
    UpdateState,
)
from partnership.plans.rules import due_date_for_band
from partnership.plans.selectors import rate
from tests.system.states_base import RollbackMachine

EXECUTIVE_ONLY = {DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED}
# How a quarterly update may move; every other change of its state is a broken workflow.
UPDATE_MOVES = {
    (UpdateState.REQUESTED, UpdateState.DRAFT),
    (UpdateState.REQUESTED, UpdateState.SUBMITTED),
    (UpdateState.DRAFT, UpdateState.DRAFT),
    (UpdateState.DRAFT, UpdateState.SUBMITTED),
    (UpdateState.SUBMITTED, UpdateState.RETURNED),
    (UpdateState.SUBMITTED, UpdateState.ACCEPTED),
    (UpdateState.ACCEPTED, UpdateState.RETURNED),
    (UpdateState.RETURNED, UpdateState.DRAFT),
    (UpdateState.RETURNED, UpdateState.SUBMITTED),
}
NOTES = st.sampled_from(["", "   ", "Audit of strategy meetings booked", "Training delivered to 40 staff"])
REASONS = st.sampled_from(["", "Partner capacity", "Waiting for the audit"])


class PlanWorkflow(RollbackMachine):
    """One action of a plan, its lead and the executive, through progress, revisions, quarters and reviews."""

    world: ClassVar[dict[str, Any]] = {}
    reached: ClassVar[set[str]] = set()  # the states some example reached, so a test can tell it went deep

    def __init__(self) -> None:
        super().__init__()
        self.lead: User = self.world["lead"]
        self.executive: User = self.world["executive"]
        self.plan_start = timezone.localdate() - timedelta(days=45)
        inspection = services.inspection_create(title="Inspection", area="County Durham", plan_start=self.plan_start)
        theme = services.theme_create(inspection=inspection, number=1, title="Front door")
        finding = services.finding_create(inspection=inspection, reference="P1", kind="priority_action", text="MASH")
        self.action = services.action_create(
            inspection=inspection,
            theme=theme,
            reference="1.1",
            title="Audit the front door",
            timescale_months=6,
            expected_impact="Decisions within a working day",
            owner_agency=self.world["agency"],
            lead=self.lead,
            findings=[finding],
        )
        self.inspection = inspection
        self.quarter = timezone.localdate().replace(day=1) - timedelta(days=400)
        self.period: ReportingPeriod | None = None
        self.revisions = 0
        fresh = self.fresh()
        self.seen = (fresh.version, fresh.history.count())
        self.update_states: dict[Any, str] = {}

    def fresh(self) -> Action:
        return Action.objects.get(pk=self.action.pk)

    def update(self) -> ProgressUpdate | None:
        if self.period is None:
            return None
        return ProgressUpdate.objects.filter(period=self.period, action=self.action).first()

    def snapshot(self) -> Any:
        action = Action.objects.filter(pk=self.action.pk).values().get()
        updates = list(ProgressUpdate.objects.filter(action=self.action).order_by("pk").values())
        return (
            action,
            updates,
            self.action.history.count(),
            ActionRevision.objects.filter(action=self.action).count(),
            ReportingPeriod.objects.filter(inspection=self.inspection).count(),
        )

    @rule(
        by_executive=st.booleans(),
        status=st.sampled_from(DeliveryStatus.values),
        note=NOTES,
        override=st.sampled_from(["", *Brag.values]),
        reason=REASONS,
    )
    def record_progress(self, by_executive: bool, status: str, note: str, override: str, reason: str) -> None:
        actor = self.executive if by_executive else self.lead
        action = self.fresh()
        may_confirm = actor.has_perm("plans.confirm_impact")
        allowed = set(services.PROGRESS_STATUSES) | (EXECUTIVE_ONLY if may_confirm else set())
        forbidden = (
            (status not in allowed and status != action.status)
            or (action.status in EXECUTIVE_ONLY and status != action.status and not may_confirm)
            or (override and not reason.strip())
            or (override == Brag.BLUE and status != DeliveryStatus.IMPACT_EVIDENCED)
            or not note.strip()
        )
        done, _ = self.attempt(
            lambda: services.action_record_progress(
                actor=actor,
                action=action,
                expected_version=action.version,
                status=status,
                progress_note=note,
                brag_override=override,
                brag_override_reason=reason,
                may_confirm_impact=may_confirm,
            ),
            refused=bool(forbidden),
        )
        if done:
            assert (self.fresh().status, self.fresh().progress_note) == (status, note.strip())

    @rule(days=st.integers(min_value=-60, max_value=120), reason=REASONS)
    def revise_due_date(self, days: int, reason: str) -> None:
        action = self.fresh()
        new_due = action.current_due_date + timedelta(days=days)
        done, _ = self.attempt(
            lambda: services.action_revise(
                actor=self.executive,
                action=action,
                expected_version=action.version,
                reason=reason,
                current_due_date=new_due,
            ),
            refused=not reason.strip() or days == 0,
        )
        if done:
            self.revisions += 1
            assert self.fresh().current_due_date == new_due

    @precondition(lambda self: self.seen[0] > 1)
    @rule(note=NOTES)
    def save_from_an_old_version(self, note: str) -> None:
        action = self.fresh()
        _done, refusal = self.attempt(
            lambda: services.action_record_progress(
                actor=self.lead,
                action=action,
                expected_version=action.version - 1,
                status=action.status,
                progress_note=note.strip() or "Late news",
            ),
            refused=True,
        )
        assert isinstance(refusal, StaleVersion)

    @rule()
    def open_next_quarter(self) -> None:
        self.quarter = (self.quarter.replace(day=1) + timedelta(days=95)).replace(day=1)
        label = quarter_label(self.quarter)
        still_open = self.period is not None and self.period.is_open
        done, period = self.attempt(
            lambda: governance.period_open(
                actor=self.executive,
                inspection=self.inspection,
                label=label,
                updates_due_on=self.quarter + timedelta(days=20),
            ),
            refused=still_open,
        )
        if done:
            self.period = period
            expected = self.fresh().status not in EXECUTIVE_ONLY
            assert (self.update() is not None) == expected, "an update is asked for every open action, and only those"

    @precondition(lambda self: self.period is not None)
    @rule()
    def close_quarter(self) -> None:
        period = ReportingPeriod.objects.get(pk=self.period.pk)  # type: ignore[union-attr]
        update = self.update()
        done, missing = self.attempt(
            lambda: governance.period_close(actor=self.executive, period=period), refused=not period.is_open
        )
        if done:
            self.period = ReportingPeriod.objects.get(pk=period.pk)
            waiting = update is not None and update.state not in {UpdateState.SUBMITTED, UpdateState.ACCEPTED}
            assert [u.pk for u in missing] == ([update.pk] if waiting else [])  # type: ignore[union-attr]

    @precondition(lambda self: self.period is not None)
    @rule(
        narrative=NOTES,
        status=st.sampled_from(["", DeliveryStatus.IN_PROGRESS, DeliveryStatus.DELIVERED, DeliveryStatus.SUPERSEDED]),
        brag=st.sampled_from(["", Brag.RED, Brag.GREEN, Brag.BLUE]),
        reason=REASONS,
        submit=st.booleans(),
    )
    def lead_writes_update(self, narrative: str, status: str, brag: str, reason: str, submit: bool) -> None:
        update = self.update()
        if update is None:
            return
        period = update.period
        closed = not period.is_open and update.state != UpdateState.RETURNED
        locked = update.state in {UpdateState.SUBMITTED, UpdateState.ACCEPTED}
        problems = update_problems(
            narrative=narrative,
            proposed_brag=brag,
            brag_reason=reason,
            proposed_due_date=None,
            revision_reason="",
            proposed_status=status,
            submitting=submit,
        )
        action_status = self.fresh().status
        finished_action = submit and not status and action_status in EXECUTIVE_ONLY
        done, _ = self.attempt(
            lambda: governance.update_save(
                actor=self.lead,
                update=update,
                expected_version=update.version,
                narrative=narrative,
                proposed_status=status,
                proposed_brag=brag,
                brag_reason=reason,
                submit=submit,
            ),
            refused=bool(closed or locked or problems) or (None if finished_action else False),
        )
        if done and submit:
            assert self.fresh().progress_note == narrative.strip()

    @precondition(lambda self: self.period is not None)
    @rule(url=st.sampled_from(["https://example.org/audit", "http://example.org/plain", "not a link"]))
    def add_evidence(self, url: str) -> None:
        update = self.update()
        if update is None:
            return
        self.attempt(
            lambda: governance.evidence_add_link(actor=self.lead, update=update, url=url, description="Audit report"),
            refused=None,
        )

    @precondition(lambda self: self.period is not None)
    @rule(
        decision=st.sampled_from(DecisionKind.values),
        note=NOTES,
        days=st.sampled_from([None, 30, -10]),
    )
    def executive_reviews(self, decision: str, note: str, days: int | None) -> None:
        meeting = reviews.review_create(
            actor=self.executive, inspection=self.inspection, title="Review", held_on=date.today(), period=self.period
        )
        item = meeting.items.filter(action=self.action).first()
        if item is None:
            return
        due = self.fresh().current_due_date + timedelta(days=days) if days is not None else None
        done, _ = self.attempt(
            lambda: reviews.review_decide(
                actor=self.executive, item=item, decision=decision, note=note, new_due_date=due
            ),
            refused=None,
        )
        if done and decision == DecisionKind.REVISE:
            self.revisions += 1

    @invariant()
    def each_save_adds_one_version_and_one_history_row(self) -> None:
        action = self.fresh()
        version, history = action.version, action.history.count()
        assert version - self.seen[0] in {0, 1}, "a step saved the action twice or went back a version"
        assert history - self.seen[1] == version - self.seen[0], "history rows and saves differ"
        self.seen = (version, history)

    @invariant()
    def due_dates_follow_the_band_and_the_revisions(self) -> None:
        action = self.fresh()
        assert action.original_due_date == due_date_for_band(plan_start=self.plan_start, months=6)
        revisions = list(ActionRevision.objects.filter(action=action).order_by("created_at"))
        assert len(revisions) == self.revisions
        moves = [r.changes["current_due_date"] for r in revisions if "current_due_date" in r.changes]
        for earlier, later in pairwise(moves):
            assert later[0] == earlier[1], "a revision's old due date is the one the last revision set"
        expected = moves[-1][1] if moves else action.original_due_date.isoformat()
        assert action.current_due_date.isoformat() == expected

    @invariant()
    def the_rating_agrees_with_the_status(self) -> None:
        action = self.fresh()
        assert bool(action.brag_override) == bool(action.brag_override_reason)
        assert action.brag_override != Brag.BLUE or action.status == DeliveryStatus.IMPACT_EVIDENCED
        colour = rate(action, today=timezone.localdate(), period_start=self.quarter).colour
        assert (colour == Brag.BLUE) == (action.status == DeliveryStatus.IMPACT_EVIDENCED)
        assert (colour is None) == (action.status == DeliveryStatus.SUPERSEDED)
        event(f"action {action.status}")
        self.reached.add(f"action {action.status}")

    @invariant()
    def only_the_executive_confirms_impact_or_supersedes(self) -> None:
        rows = list(self.action.history.order_by("history_date", "history_id"))
        for before, after in pairwise(rows):
            if after.status != before.status and EXECUTIVE_ONLY & {after.status, before.status}:
                assert after.history_user_id == self.executive.pk, (before.status, after.status)

    @invariant()
    def updates_move_only_along_the_workflow(self) -> None:
        for update in ProgressUpdate.objects.filter(action=self.action):
            previous = self.update_states.get(update.pk, UpdateState.REQUESTED)
            if update.state != previous:
                assert (previous, update.state) in UPDATE_MOVES, (previous, update.state)
            if update.state in {UpdateState.SUBMITTED, UpdateState.ACCEPTED}:
                assert update.submitted_at is not None and update.narrative.strip()
            self.update_states[update.pk] = update.state
