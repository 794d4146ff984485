"""The directory's lists and the access log as downloadable tables, with the same columns as their pages."""

from __future__ import annotations

from typing import Any

from partnership.core.spreadsheets import Cell, Table

AGENCY_HEADINGS = ("Agency", "Type", "Single point of contact", "Teams")
PERSON_HEADINGS = ("Name", "Roles", "Account")
EVENT_HEADINGS = ("When (UTC)", "Who", "Agency and role", "Action", "Record", "Purpose")


def agency_table(agencies: Any) -> Table:
    """Each agency in the partnership with its kind, its single point of contact and its teams."""
    cells: list[list[Cell]] = [
        [
            agency.name,
            agency.get_kind_display(),
            agency.contact_email,
            ", ".join(team.name for team in agency.teams.all()),
        ]
        for agency in agencies
    ]
    return Table(title="Agencies", header=AGENCY_HEADINGS, rows=cells)


def person_table(people: Any) -> Table:
    """Each person the reader may see, with their roles in each agency and whether their account is active."""
    cells: list[list[Cell]] = [
        [
            str(person),
            "; ".join(
                f"{m.get_role_display()}, {m.agency.short_name or m.agency.name}" for m in person.memberships.all()
            ),
            "Active" if person.is_active else "Disabled",
        ]
        for person in people
    ]
    return Table(title="People", header=PERSON_HEADINGS, rows=cells)


def access_event_table(events: Any) -> Table:
    """Each access event that matches the filters, newest first, its time in UTC as on the page."""
    cells: list[list[Cell]] = [
        [
            event.occurred_at.replace(tzinfo=None),
            str(event.user) if event.user else "Not signed in",
            " ".join(
                filter(None, [(event.agency.short_name or event.agency.name) if event.agency else "", event.role])
            ),
            event.get_action_display(),
            f"{event.object_type} {event.object_id}".strip(),
            event.purpose,
        ]
        for event in events
    ]
    return Table(title="Access log", header=EVENT_HEADINGS, rows=cells)
