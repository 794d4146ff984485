"""Pure rules of the plan: due dates from timescale bands, the BRAG rating and its reason, coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from partnership.core.clocks import add_months
from partnership.plans.models import Brag, DeliveryStatus, FindingKind

__all__ = ["add_months"]  # re-exported: the plan's callers take month arithmetic from here

TIMESCALE_BANDS = (3, 6, 9, 12)
# An action due within this many days with no progress in the current period is at risk (amber).
AT_RISK_DAYS = 30
# A priority action must be answered by at least one action due within this many months of the plan's start.
PRIORITY_ACTION_MONTHS = 3

FINISHED_STATUSES = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED})


def due_date_for_band(*, plan_start: date, months: int) -> date:
    """The original due date of an action in a timescale band of the plan."""
    if months not in TIMESCALE_BANDS:
        raise ValueError(f"A timescale band is 3, 6, 9 or 12 months, not {months}.")
    return add_months(plan_start, months)


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter containing the day."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class Rating:
    """A BRAG colour (or none for a superseded action) with the reason shown beside it."""

    colour: str | None
    reason: str
    overridden: bool = False


def brag_rating(
    *,
    status: str,
    current_due_date: date,
    today: date,
    progress_updated_on: date | None,
    period_start: date,
    override: str = "",
    override_reason: str = "",
) -> Rating:
    """Rate an action: blue with impact evidenced, red overdue, amber due soon without progress, else green."""
    due = current_due_date.strftime("%-d %B %Y")
    if status == DeliveryStatus.SUPERSEDED:
        return Rating(None, "Superseded by another action")
    if status == DeliveryStatus.IMPACT_EVIDENCED:
        return Rating(Brag.BLUE, "Complete: impact evidenced")
    if override:
        return Rating(override, override_reason or "Rating set by hand", overridden=True)
    if status == DeliveryStatus.DELIVERED:
        return Rating(Brag.GREEN, "Delivered; impact not yet evidenced")
    if current_due_date < today:
        return Rating(Brag.RED, f"Overdue: was due {due} and is not delivered")
    no_progress = progress_updated_on is None or progress_updated_on < period_start
    if current_due_date <= today + timedelta(days=AT_RISK_DAYS) and no_progress:
        return Rating(Brag.AMBER, f"Due {due} with no progress recorded this quarter")
    return Rating(Brag.GREEN, "On track")


def as_date(moment: datetime | date | None) -> date | None:
    """The date part of an instant, or None."""
    if moment is None:
        return None
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class CoverageFlag:
    """A problem with the traceability between findings and actions."""

    kind: str
    message: str


def finding_coverage_flags(*, kind: str, action_due_dates: list[date], plan_start: date) -> list[CoverageFlag]:
    """Flags for one finding: no action answers it, or a priority action has no action due within 3 months."""
    flags: list[CoverageFlag] = []
    if kind == FindingKind.STRENGTH:
        return flags
    if not action_due_dates:
        flags.append(CoverageFlag("uncovered", "No action answers this finding"))
    elif kind == FindingKind.PRIORITY_ACTION:
        deadline = add_months(plan_start, PRIORITY_ACTION_MONTHS)
        if min(action_due_dates) > deadline:
            flags.append(
                CoverageFlag("priority_late", "No action answering this priority action is due within 3 months")
            )
    return flags
