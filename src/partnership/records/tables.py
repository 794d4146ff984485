"""The retention periods, review and decisions as downloadable tables, with the same columns as their pages."""

from __future__ import annotations

from typing import Any

from partnership.core.spreadsheets import Cell, Table

PAST_HEADINGS = ("Record", "Details", "Period ended", "Days past")
DECISION_HEADINGS: tuple[str, ...] = ("When", "Type of record and key", "Decision", "Period applied", "Decided by")
DECISION_HEADINGS += ("Reason", "Rows deleted")


def past_retention_table(rows: list[Any], *, title: str) -> Table:
    """Each record of one type past its retention period, longest past first."""
    cells: list[list[Cell]] = [[row.label, row.detail, row.ends_on, row.days_past] for row in rows]
    return Table(title=title, header=PAST_HEADINGS, rows=cells)


def _decision(decision: Any) -> str:
    return f"Kept until {decision.keep_until:%-d %B %Y}" if decision.action == "keep" else "Deleted"


def decision_table(decisions: Any) -> Table:
    """Each retention decision, newest first, naming the record only by its key."""
    cells: list[list[Cell]] = [
        [
            decision.decided_at,
            f"{decision.get_record_type_display()} {decision.record_id}",
            _decision(decision),
            f"{decision.period_years} year{'s' if decision.period_years != 1 else ''} from "
            f"{decision.get_period_clock_display().lower()}",
            str(decision.decided_by),
            decision.reason,
            "; ".join(f"{table}: {number}" for table, number in (decision.deleted_rows or {}).items()),
        ]
        for decision in decisions
    ]
    return Table(title="Retention decisions", header=DECISION_HEADINGS, rows=cells)


PERIOD_HEADINGS = ("Type of record", "Kept for", "Counted from", "Why")


def period_table(periods: Any) -> Table:
    """Each type of record with how long it is kept, from when, and why."""
    cells: list[list[Cell]] = [
        [
            period.get_record_type_display(),
            f"{period.years} year{'s' if period.years != 1 else ''}",
            period.get_clock_display(),
            period.reason,
        ]
        for period in periods
    ]
    return Table(title="Retention periods", header=PERIOD_HEADINGS, rows=cells)
