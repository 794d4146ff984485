"""The front door's queue, research owed, decisions to check and measures, as downloadable tables as the pages show."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst

from partnership.core.spreadsheets import Cell, Table
from partnership.frontend.tables import shown_count, shown_percent

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


OVERRIDE_HEADINGS = ("Contact", "Decided", "Level (suggested)", "Manager")
UNTOLD_HEADINGS = ("Contact", "Who should be told")


def override_table(decisions: Any) -> Table:
    """Each decision below the level of need the evidence suggested, with whether a manager has confirmed it."""
    cells: list[list[Cell]] = [
        [
            decision.contact.received_at,
            f"{decision.get_outcome_display()}, {decision.decided_by}",
            f"{decision.need_level} ({decision.suggested_level})",
            f"Confirmed by {decision.confirmed_by}" if decision.confirmed_at else "Waiting",
        ]
        for decision in decisions
    ]
    return Table(title="Decisions to check", header=OVERRIDE_HEADINGS, rows=cells)


def untold_table(feedback: Any) -> Table:
    """Each outcome nobody has been told yet, with who should be told."""
    cells: list[list[Cell]] = [
        [
            item.contact.received_at,
            f"The referrer ({item.contact.referrer_name or 'no contact details'})"
            if item.to_referrer
            else item.agency.name,
        ]
        for item in feedback
    ]
    return Table(title="Outcomes nobody has been told", header=UNTOLD_HEADINGS, rows=cells)


MEASURE_HEADINGS = ("Measure", "Value")
RESEARCH_ON_TIME_HEADINGS = ("Agency", "Priority", "Asked", "Returned", "On time")
WEEK_HEADINGS = ("Week starting", "Contacts", "Decided within a working day")


def measure_tables(figures: Any) -> dict[str, Table]:
    """The front door measures page's three tables by their `table=` names, each value written as the page shows it."""
    volume: list[list[Cell]] = [
        ["Contacts (per 10,000 children)", shown_count(figures.contacts, figures.contacts_per_10k)],
        ["Referrals (per 10,000 children)", shown_count(figures.referrals, figures.referrals_per_10k)],
        ["Decisions within one working day", shown_percent(figures.pct_decided_within_target, missing="None decided")],
        ["Joint decisions", shown_percent(figures.pct_joint, missing="None decided")],
        ["Outcomes told to the referrer and agencies", shown_percent(figures.pct_feedback_given, missing="None due")],
        ["Re-referrals within 12 months", figures.re_referrals],
        [
            "Decisions below the suggested level (not yet confirmed)",
            f"{figures.threshold_overrides} ({figures.overrides_unconfirmed})",
        ],
        ["Contacts whose child is not identified", figures.unresolved_contacts],
    ]
    research: list[list[Cell]] = [
        [row.name, capfirst(row.priority), row.requested, row.returned, shown_percent(row.pct_on_time, missing="–")]
        for row in figures.research
    ]
    weeks: list[list[Cell]] = [[week.week_start, week.contacts, week.decided_within_target] for week in figures.weeks]
    return {
        "": Table(title="Front door measures", header=MEASURE_HEADINGS, rows=volume),
        "research": Table(title="Front door research on time", header=RESEARCH_ON_TIME_HEADINGS, rows=research),
        "weeks": Table(title="Front door contacts by week", header=WEEK_HEADINGS, rows=weeks),
    }
