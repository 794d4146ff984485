"""Builds plans for tests through the plan's own services."""

from __future__ import annotations

from datetime import date

from partnership.access.models import Agency, User
from partnership.plans import services
from partnership.plans.models import Action, Inspection
from tests.factories import AgencyFactory


def build_plan(
    *, actions: int = 3, plan_start: date = date(2018, 9, 1), lead: User | None = None, owner: Agency | None = None
) -> Inspection:
    """An inspection with two themes, a priority action, two areas for improvement, a strength and some actions."""
    owner = owner or AgencyFactory()
    inspection = services.inspection_create(
        title=f"Inspection {plan_start}", area="County Durham", plan_start=plan_start
    )
    themes = [services.theme_create(inspection=inspection, number=n, title=f"Theme {n}") for n in (1, 2)]
    p1 = services.finding_create(
        inspection=inspection, reference="P1", kind="priority_action", text="Strategy meetings"
    )
    a1 = services.finding_create(inspection=inspection, reference="A1", kind="area_for_improvement", text="MASH")
    services.finding_create(inspection=inspection, reference="A2", kind="area_for_improvement", text="Uncovered")
    services.finding_create(inspection=inspection, reference="S1", kind="strength", text="Strong intent")
    for number in range(1, actions + 1):
        services.action_create(
            inspection=inspection,
            theme=themes[number % 2],
            reference=f"1.{number}",
            title=f"Action {number}",
            timescale_months=(3, 6, 9, 12)[(number - 1) % 4],
            expected_impact="Better practice",
            owner_agency=owner,
            lead=lead,
            findings=[p1] if number == 1 else [a1],
        )
    return inspection


def first_action(inspection: Inspection) -> Action:
    """The action with reference 1.1."""
    return Action.objects.get(inspection=inspection, reference="1.1")


def build_cycle(*, inspection: Inspection, admin: User, action: Action, other_action: Action) -> dict[str, object]:
    """A closed quarter with a report of each kind; an open quarter with updates, evidence and a review."""
    from partnership.plans import governance, reviews
    from partnership.reporting.services import report_publish

    closed = governance.period_open(
        actor=admin, inspection=inspection, label="2018-Q3", updates_due_on=date(2018, 10, 20)
    )
    governance.period_close(actor=admin, period=closed)
    quarterly = report_publish(actor=admin, period=closed, kind="quarterly")
    cabinet = report_publish(actor=admin, period=closed, kind="cabinet")
    period = governance.period_open(
        actor=admin, inspection=inspection, label="2018-Q4", updates_due_on=date(2019, 1, 20)
    )
    update = period.updates.get(action=action)
    other_update = period.updates.get(action=other_action)
    evidence = governance.evidence_add_link(actor=admin, update=update, url="https://example.org/e", description="E")
    other_evidence = governance.evidence_add_link(
        actor=admin, update=other_update, url="https://example.org/o", description="O"
    )
    review = reviews.review_create(
        actor=admin, inspection=inspection, period=closed, title="Review", held_on=date(2018, 10, 30)
    )
    return {
        "period": period,
        "update": update,
        "other_update": other_update,
        "evidence": evidence,
        "other_evidence": other_evidence,
        "review": review,
        "review_item": review.items.first(),
        "quarterly_report": quarterly,
        "cabinet_report": cabinet,
    }
