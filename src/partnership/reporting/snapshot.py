"""Builds a quarterly report's data from the plan, read through the plan's selectors, with the figures of the
indicators that measure its actions as they stand on the report's date."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from partnership.measures import selectors as measures_selectors
from partnership.measures.display import shown
from partnership.measures.models import IndicatorValue
from partnership.measures.rules import Period
from partnership.plans import cycle_selectors, selectors
from partnership.plans.models import Action, DeliveryStatus, ReportingPeriod, UpdateState
from partnership.plans.rules import Rating
from partnership.reporting.snapshot_shape import ActionLine, ReportData, ThemeRow

COLOURS = ("red", "amber", "green", "blue", "none")
REPORT_QUARTERS = 8  # the quarters of an indicator a report shows, up to and including the report's own


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


def _plain(value: Decimal | None) -> int | float | None:
    """A stored amount as a JSON number: whole numbers without decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _linked_measures(*, actions: list[Action], period: ReportingPeriod, as_at: date) -> dict[Any, list[dict[str, Any]]]:
    """For each action, the indicators linked to it with their quarterly figures up to the report's quarter as they
    stood on `as_at` (the latest row dated on or before it), rated against the target.

    The report goes to the executive and to Cabinet, so small numbers are suppressed. Two queries, whatever the
    number of actions: the snapshot keeps these figures, so a published report never changes when values are
    computed or entered again later.
    """
    links = measures_selectors.links_of_actions(actions=actions)
    if not links:
        return {}
    rows = measures_selectors.quarterly_values_until(
        indicator_ids={link.indicator_id for link in links}, last_start=period.ends_on, as_of=as_at
    )
    latest: dict[tuple[Any, date], IndicatorValue] = {}
    for row in rows:
        latest.setdefault((row.indicator_id, row.period_start), row)
    quarters: defaultdict[Any, list[IndicatorValue]] = defaultdict(list)
    for (indicator_id, _start), row in sorted(latest.items(), key=lambda item: item[0][1]):
        quarters[indicator_id].append(row)
    measures: defaultdict[Any, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        indicator = link.indicator
        figures = quarters[indicator.pk][-REPORT_QUARTERS:]
        seen = [shown(indicator=indicator, row=row, small_numbers=False) for row in figures]
        last = seen[-1] if seen else shown(indicator=indicator, row=None, small_numbers=False)
        measures[link.action_id].append(
            {
                "name": indicator.name,
                "indicator": indicator.key,
                "unit": indicator.get_unit_display(),
                "baseline": _plain(indicator.baseline),
                "baseline_label": indicator.baseline_label,
                "target": _plain(indicator.target),
                "brag": last.colour,
                "brag_reason": last.reason,
                "values": [
                    {
                        "period": Period(row.period_kind, row.period_start, row.period_end).label,
                        "value": _plain(figure.value),
                        "suppressed": figure.suppressed,
                        "as_of": row.as_of.isoformat(),
                    }
                    for row, figure in zip(figures, seen, strict=True)
                ],
            }
        )
    return measures


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
    linked = _linked_measures(actions=actions, period=period, as_at=as_at)

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
        action_measures = list(linked.get(action.pk, []))  # the indicators linked to it, after what the plan states
        if action.success_measures.strip():
            stated = {"name": action.success_measures.strip(), "unit": "", "baseline": None, "target": None}
            action_measures.insert(0, {**stated, "values": []})
        if action_measures:
            measures.append(_line(action, rating, personal=personal, measures=action_measures))
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
