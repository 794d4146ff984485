"""Builds a quarterly report's data from the plan, read through the plan's selectors only."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from partnership.plans import cycle_selectors, selectors
from partnership.plans.models import Action, DeliveryStatus, ReportingPeriod, UpdateState
from partnership.plans.rules import Rating
from partnership.reporting.snapshot_shape import ActionLine, ReportData, ThemeRow

COLOURS = ("red", "amber", "green", "blue", "none")


def _row(theme: str, counts: Counter[str], revised: int) -> ThemeRow:
    return ThemeRow(
        theme=theme,
        red=counts["red"],
        amber=counts["amber"],
        green=counts["green"],
        blue=counts["blue"],
        none=counts["none"],
        total=sum(counts[c] for c in COLOURS),
        revised=revised,
    )


def _line(action: Action, rating: Rating, *, personal: bool, **extra: Any) -> ActionLine:
    line = ActionLine(
        reference=action.reference,
        title=action.title,
        theme=f"{action.theme.number}. {action.theme.title}",
        owner=action.owner_name,
        brag=rating.colour,
        brag_reason=rating.reason,
        status=DeliveryStatus(action.status).label,
        due=action.current_due_date.isoformat(),
        original_due=action.original_due_date.isoformat(),
    )
    if personal:
        line["lead"] = action.lead_name
    line.update(extra)  # type: ignore[typeddict-item]
    return line


def build_report_data(
    *,
    user: Any,
    period: ReportingPeriod,
    kind: str = "quarterly",
    as_at: date | None = None,
    previous: dict[str, Any] | None = None,
) -> ReportData:
    """Everything a quarterly report shows, as plain data; the Cabinet summary leaves out every personal name."""
    personal = kind != "cabinet"
    as_at = as_at or timezone.localdate()
    inspection = period.inspection
    rated = selectors.action_list(user=user, inspection=inspection, today=as_at)
    actions = [item.action for item in rated]
    updates = {u.action_id: u for u in cycle_selectors.period_updates(user=user, period=period)}
    evidence = cycle_selectors.evidence_for_actions(actions=actions)
    revisions = cycle_selectors.revisions_for_actions(actions=actions)

    by_theme: dict[str, Counter[str]] = {}
    revised_by_theme: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for theme in selectors.theme_list(user=user, inspection=inspection):
        by_theme[f"{theme.number}. {theme.title}"] = Counter()
    exceptions, revised, completed, scrutiny, measures, decisions, moved = [], [], [], [], [], [], []
    previous_brag = {line["reference"]: line.get("brag") for line in (previous or {}).get("all_ratings", [])}
    all_ratings = []
    for item in rated:
        action, rating = item.action, item.rating
        key = rating.colour or "none"
        theme_name = f"{action.theme.number}. {action.theme.title}"
        by_theme.setdefault(theme_name, Counter())[key] += 1
        totals[key] += 1
        revised_by_theme[theme_name] += action.timescale_revised
        update = updates.get(action.pk)
        all_ratings.append({"reference": action.reference, "brag": rating.colour})
        if action.reference in previous_brag and previous_brag[action.reference] != rating.colour:
            moved.append(
                _line(
                    action, rating, personal=personal, question=f"was {previous_brag[action.reference] or 'not rated'}"
                )
            )
        if rating.colour in {"red", "amber"}:
            exceptions.append(
                _line(
                    action,
                    rating,
                    personal=personal,
                    mitigation=update.mitigation if update else "",
                    narrative=update.narrative if update and personal else "",
                )
            )
        if action.timescale_revised:
            latest = next(iter(revisions[action.pk]), None)
            revised.append(_line(action, rating, personal=personal, reason=latest.reason if latest else ""))
        if action.status in {DeliveryStatus.DELIVERED, DeliveryStatus.IMPACT_EVIDENCED}:
            completed.append(
                _line(
                    action,
                    rating,
                    personal=personal,
                    evidence=[
                        {
                            "name": e.description,
                            "kind": e.kind,
                            "sha256": e.sha256,
                            "url": e.url if e.kind == "link" else "",
                        }
                        for e in evidence[action.pk]
                    ],
                )
            )
        if update is not None and update.scrutiny_done.strip():
            scrutiny.append(_line(action, rating, personal=personal, scrutiny=[update.scrutiny_done.strip()]))
        if action.success_measures.strip():
            measures.append(
                _line(
                    action,
                    rating,
                    personal=personal,
                    measures=[
                        {
                            "name": action.success_measures.strip(),
                            "unit": "",
                            "baseline": None,
                            "target": None,
                            "values": [],
                        }
                    ],
                )
            )
        if personal and update is not None:
            if update.state == UpdateState.SUBMITTED and update.proposed_status == DeliveryStatus.DELIVERED:
                decisions.append(_line(action, rating, personal=personal, question="Confirm delivered?"))
            if update.proposed_due_date is not None:
                decisions.append(
                    _line(
                        action,
                        rating,
                        personal=personal,
                        question=f"Agree a new due date of {update.proposed_due_date:%-d %B %Y}? "
                        f"{update.proposed_revision_reason}",
                    )
                )
            if update.escalated_at is not None or (update.is_missing and not period.is_open):
                decisions.append(_line(action, rating, personal=personal, question="No update was received."))

    state_counts = Counter(u.state for u in updates.values())
    title_prefix = "Cabinet summary: " if kind == "cabinet" else ""
    data = ReportData(
        kind=kind,
        title=f"{title_prefix}Improvement plan progress, {period.label}",
        partnership=settings.PARTNERSHIP_AREA,
        inspection=inspection.title,
        period={
            "label": period.label,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        previous_period=(previous or {}).get("period", {}).get("label"),
        as_at=as_at.isoformat(),
        totals=_row("All themes", totals, sum(revised_by_theme.values())),
        brag_by_theme=[_row(name, counts, revised_by_theme[name]) for name, counts in by_theme.items()],
        previous_totals=(previous or {}).get("totals"),
        updates={
            "requested": len(updates),
            "submitted": state_counts[UpdateState.SUBMITTED] + state_counts[UpdateState.ACCEPTED],
            "missing": sum(1 for u in updates.values() if u.is_missing),
        },
        moved=moved,
        exceptions=exceptions,
        revised_timescales=revised,
        completed=completed,
        scrutiny_done=scrutiny,
        success_measures=measures,
        decisions_needed=decisions if personal else [],
        all_ratings=all_ratings,
    )
    return data
