"""The strategy meetings register, the agency's invitations and the measures as downloadable tables, as shown."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst

from partnership.core.spreadsheets import Cell, Table
from partnership.frontend.tables import shown_percent

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


MEASURE_HEADINGS = ("Measure", "Value")
AGENCY_HEADINGS = ("Agency", "Invited", "Attended", "Attendance", "Information given")


def measure_tables(figures: Any, *, hours: int) -> dict[str, Table]:
    """The strategy measures page's two tables by their `table=` names, each value written as the page shows it."""

    def hours_or_none(value: Any) -> Cell:
        return "No meetings" if value is None else value

    convening: list[list[Cell]] = [
        ["Meetings (held)", f"{figures.meetings} ({figures.held})"],
        ["Hours from threshold to meeting: median", hours_or_none(figures.hours_to_meeting_median)],
        ["Hours from threshold to meeting: 90th percentile", hours_or_none(figures.hours_to_meeting_p90)],
        [f"Held within {hours} hours", shown_percent(figures.pct_within_target, missing="No meetings")],
        ["Records shared within one working day", shown_percent(figures.pct_shared_within_target, missing="None due")],
        ["Shared records acknowledged", shown_percent(figures.pct_acknowledged, missing="None shared")],
        ["Children whose voice was recorded", shown_percent(figures.pct_child_voice, missing="No records")],
        ["Actions overdue", figures.actions_overdue],
        ["Meetings past their deadline and not yet held", figures.breaches_open],
    ]
    agencies: list[list[Cell]] = [
        [
            row.name,
            row.invited,
            row.attended,
            shown_percent(row.attendance_rate, missing="–"),
            shown_percent(row.information_rate, missing="–"),
        ]
        for row in figures.agencies
    ]
    return {
        "": Table(title="Strategy meeting measures", header=MEASURE_HEADINGS, rows=convening),
        "agencies": Table(title="Strategy meeting attendance by agency", header=AGENCY_HEADINGS, rows=agencies),
    }
