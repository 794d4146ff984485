"""The plan's actions and findings as downloadable tables, with the same columns as their pages."""

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
