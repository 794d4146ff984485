"""The plan's actions, findings, coverage and reporting periods as downloadable tables, with their pages' columns."""

from __future__ import annotations

from typing import Any

from partnership.core.spreadsheets import Cell, Table
from partnership.plans.models import DeliveryStatus
from partnership.plans.templatetags.plan_tags import brag_label

ACTION_HEADINGS: tuple[str, ...] = ("Ref", "Action", "Owner and lead", "Owner", "Lead", "Due", "Original due date")
ACTION_HEADINGS += ("Timescale revised", "Status", "Rating", "Rating reason")
FINDING_HEADINGS = ("Ref", "Kind", "Finding", "Source reference", "Answered by")


def _status(status: str) -> str:
    return str(DeliveryStatus(status).label) if status in DeliveryStatus.values else status


def action_table(rated: Any, *, title: str = "Actions") -> Table:
    """Each action with its owner, lead, due dates, status and rating (with the reason, as the page gives it)."""
    cells: list[list[Cell]] = []
    for item in rated:
        action = item.action
        cells.append(
            [
                action.reference,
                action.title,
                f"{action.owner_name} {action.lead_name or ''}".strip(),
                action.owner_name,
                action.lead_name or "",
                action.current_due_date,
                action.original_due_date,
                "Yes" if action.timescale_revised else "No",
                _status(action.status),
                brag_label(item.rating.colour or ""),
                item.rating.reason,
            ]
        )
    return Table(title=title, header=ACTION_HEADINGS, rows=cells)


def finding_table(findings: Any) -> Table:
    """Each finding of the inspection, with the references of the actions answering it."""
    cells: list[list[Cell]] = [
        [
            finding.reference,
            finding.get_kind_display(),
            finding.text,
            finding.source_reference,
            ", ".join(action.reference for action in finding.actions.all())
            or ("–" if finding.kind == "strength" else "No action"),
        ]
        for finding in findings
    ]
    return Table(title="Findings", header=FINDING_HEADINGS, rows=cells)


PERIOD_HEADINGS = ("Quarter", "Updates due", "State", "Requested", "In", "Missing")
COVERAGE_HEADINGS = ("Finding", "Text", "Kind", "Actions")


def period_table(rows: list[tuple[Any, dict[str, int]]]) -> Table:
    """Each reporting period with its deadline, whether it is open, and its updates requested, in and missing."""
    cells: list[list[Cell]] = [
        [
            period.label,
            period.updates_due_on,
            "Open" if period.is_open else "Closed",
            counts.get("requested", 0),
            counts.get("in", 0),
            counts.get("missing", 0),
        ]
        for period, counts in rows
    ]
    return Table(title="Reporting periods", header=PERIOD_HEADINGS, rows=cells)


def coverage_table(coverage: Any) -> Table:
    """Each finding with its full text, its kind and the actions answering it ("None" where that is a problem)."""
    cells: list[list[Cell]] = [
        [
            item.finding.reference,
            item.finding.text,
            item.finding.get_kind_display(),
            ", ".join(action.reference for action in item.actions) or ("None" if item.flags else "–"),
        ]
        for item in coverage.findings
    ]
    return Table(title="Coverage of the findings", header=COVERAGE_HEADINGS, rows=cells)


def overview_table(summary: Any, *, brag_order: Any) -> Table:
    """The number of actions of each theme by rating, with those whose timescale was revised, and a row for them all."""
    header = ("Theme", *(brag_label(colour) for colour in brag_order), "Timescale revised", "Total")
    cells: list[list[Cell]] = [
        [
            f"{row.theme.number}. {row.theme.title}",
            *(row.counts.get(colour, 0) for colour in brag_order),
            row.revised,
            row.total,
        ]
        for row in summary.themes
    ]
    totals: list[Cell] = ["All themes", *(summary.totals.get(colour, 0) for colour in brag_order)]
    cells.append([*totals, summary.revised, summary.action_count])
    return Table(title="Actions by theme and rating", header=header, rows=cells)
