"""The strategy meetings register and the agency's invitations as downloadable tables, with the page's columns."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst

from partnership.core.spreadsheets import Cell, Table

MEETING_HEADINGS = ("Children", "Threshold met", "State", "Held", "Record shared")
INVITATION_HEADINGS = ("Threshold met", "Agency", "Your reply", "Information", "Record")


def _clock_words(clock: Any) -> str:
    return capfirst(str(clock.words)) if clock else "Not signed off"


def meeting_table(rows: list[tuple[Any, dict[str, Any]]]) -> Table:
    """Each meeting the reader may see, with its children's names, its state and the time left on its two clocks."""
    cells: list[list[Cell]] = [
        [
            ", ".join(f"{c.child.first_name} {c.child.last_name}" for c in meeting.children.all()),
            meeting.threshold_at,
            meeting.get_state_display(),
            _clock_words(clocks["convene"]),
            _clock_words(clocks["share"]),
        ]
        for meeting, clocks in rows
    ]
    return Table(title="Strategy meetings", header=MEETING_HEADINGS, rows=cells)


def _record(invitation: Any) -> str:
    if invitation.acknowledged_at:
        return "Acknowledged"
    return "To acknowledge" if invitation.shared_at else "Not shared yet"


def invitation_table(invitations: list[Any]) -> Table:
    """Each invitation to the reader's agencies, with the reply, whether information was sent and the record's state."""
    cells: list[list[Cell]] = [
        [
            invitation.meeting.threshold_at,
            invitation.agency.name,
            invitation.get_response_display(),
            "Sent" if invitation.informed else "Not sent",
            _record(invitation),
        ]
        for invitation in invitations
    ]
    return Table(title="Invitations", header=INVITATION_HEADINGS, rows=cells)
