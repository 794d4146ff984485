"""The front door's queue and the research still owed, as downloadable tables with the page's columns."""

from __future__ import annotations

from typing import Any

from partnership.core.spreadsheets import Cell, Table

CONTACT_HEADINGS = ("Received", "Source", "Children", "Priority", "State", "Decision due", "Overdue")
OUTSTANDING_HEADINGS = ("Agency", "Outstanding", "Late")


def _children(contact: Any) -> str:
    return ", ".join(f"{child.first_name} {child.last_name}" for child in contact.children.all()) or "Not identified"


def _priority(contact: Any) -> str:
    enquiry = getattr(contact, "enquiry", None)  # a contact not yet screened has no enquiry
    return enquiry.get_priority_display() if enquiry else "Not screened"


def contact_table(contacts: list[Any], *, now: Any) -> Table:
    """Each open contact the reader may see: when and how it came, its children, priority, state and deadline."""
    cells: list[list[Cell]] = [
        [
            contact.received_at,
            contact.get_source_display(),
            _children(contact),
            _priority(contact),
            contact.get_state_display(),
            contact.decision_due_at,
            "Overdue" if contact.decision_due_at < now else "",
        ]
        for contact in contacts
    ]
    return Table(title="Open contacts", header=CONTACT_HEADINGS, rows=cells)


def outstanding_table(rows: list[dict[str, Any]]) -> Table:
    """Research still to return, per agency: how many requests and how many are late."""
    cells: list[list[Cell]] = [[row["agency__name"], row["open"], row["late"]] for row in rows]
    return Table(title="Research still owed", header=OUTSTANDING_HEADINGS, rows=cells)


RESEARCH_HEADINGS = ("Contact received", "Priority", "Agency", "Due", "Overdue")


def research_table(requests: Any, *, now: Any) -> Table:
    """Each research request asked of the reader's agency, soonest due first."""
    cells: list[list[Cell]] = [
        [
            r.enquiry.contact.received_at,
            r.enquiry.get_priority_display(),
            r.agency.name,
            r.due_at,
            "Overdue" if r.due_at < now else "",
        ]
        for r in requests
    ]
    return Table(title="MASH research", header=RESEARCH_HEADINGS, rows=cells)
