"""The Encompass dashboard's three tables, the inbox and the settings list as downloads, with their pages' columns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.core.spreadsheets import Cell, Table
from partnership.encompass import selectors
from partnership.frontend.tables import download_format, shown_percent, table_download

EXCEPTION_HEADINGS = ("Child", "Incident", "Incident occurred", "What went wrong", "Opened")
OVERDUE_HEADINGS = ("Setting", "Child", "Incident", "Deadline", "Chased or escalated", "Chased or escalated at")
INCIDENT_HEADINGS = ("Police reference", "When", "Risk level", "Children", "Recorded")
SETTING_HEADINGS = ("Name", "Active", "URN", "Type", "Phase", "Key adult", "Deputy", "Own term dates")


def _name(person: Any) -> str:
    return (person.get_full_name() or person.username) if person else "None"


def exception_table(exceptions: Any) -> Table:
    """Each open exception: the child, the incident and what went wrong."""
    cells: list[list[Cell]] = []
    for exception in exceptions:
        child, incident = exception.incident_child.child, exception.incident_child.incident
        reason = exception.get_reason_display() + (f": {exception.detail}" if exception.detail else "")
        name = f"{child.first_name} {child.last_name}"
        cells.append([name, incident.police_reference, incident.occurred_at, reason, exception.created_at])
    return Table(title="Open exceptions", header=EXCEPTION_HEADINGS, rows=cells)


def overdue_table(notifications: Any) -> Table:
    """Each notification past its deadline and not acknowledged, with whether it was chased or escalated."""
    cells: list[list[Cell]] = []
    for notification in notifications:
        child, incident = notification.incident_child.child, notification.incident_child.incident
        chased = "Escalated" if notification.escalated_at else "Chased" if notification.chased_at else "Not yet"
        when = notification.escalated_at or notification.chased_at
        name = f"{child.first_name} {child.last_name}"
        cells.append(
            [notification.setting.name, name, incident.police_reference, notification.deadline_at, chased, when]
        )
    return Table(title="Overdue notifications", header=OVERDUE_HEADINGS, rows=cells)


def incident_table(incidents: Any) -> Table:
    """Each incident found, newest first, with its risk level and how many children it names."""
    cells: list[list[Cell]] = [
        [
            incident.police_reference,
            incident.occurred_at,
            incident.get_risk_level_display(),
            incident.children_count,
            "Imported" if incident.imported else f"By {_name(incident.recorded_by)}",
        ]
        for incident in incidents
    ]
    return Table(title="Incidents", header=INCIDENT_HEADINGS, rows=cells)


def dashboard_download(request: HttpRequest, *, search: str) -> HttpResponse | None:
    """One of the dashboard's tables as a file when the request asks for it (all its rows, logged as an export)."""
    tables = {
        "": ("encompass incidents", lambda: incident_table(selectors.incident_list(user=request.user, search=search))),
        "exceptions": ("encompass exceptions", lambda: exception_table(selectors.open_exceptions(user=request.user))),
        "overdue": ("encompass overdue", lambda: overdue_table(selectors.overdue_notifications(user=request.user))),
    }
    for which, (name, build) in tables.items():
        if file_format := download_format(request, which=which):
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.EXPORT,
                object_type="encompass",
                purpose=f"Downloaded {name}",
            )
            return table_download(build(), file_format=file_format, name=name)
    return None


def setting_table(settings: Any) -> Table:
    """Each school or setting found, with its key adult and deputy and whether it keeps its own term dates."""
    cells: list[list[Cell]] = [
        [
            setting.name,
            "Yes" if setting.is_active else "No",
            setting.urn,
            setting.get_setting_type_display(),
            setting.get_phase_display(),
            _name(setting.key_adult),
            _name(setting.deputy),
            "Yes" if setting.own_terms else "No",
        ]
        for setting in settings
    ]
    return Table(title="Schools and settings", header=SETTING_HEADINGS, rows=cells)


INBOX_HEADINGS = ("Child", "School", "Date of birth", "Expected date of birth", "Incident", "Deadline", "Status")


def inbox_table(notifications: Any) -> Table:
    """Each notification to the key adult's schools, not yet acknowledged first: the child, incident and deadline."""
    cells: list[list[Cell]] = []
    for notification in notifications:
        child, incident = notification.incident_child.child, notification.incident_child.incident
        cells.append(
            [
                f"{child.first_name} {child.last_name}",
                notification.setting.name,
                child.date_of_birth,
                None if child.date_of_birth else child.expected_date_of_birth,
                incident.occurred_at,
                notification.deadline_at,
                "Acknowledged" if notification.acknowledged_at else "Not acknowledged",
            ]
        )
    return Table(title="Encompass notifications", header=INBOX_HEADINGS, rows=cells)


MEASURE_HEADINGS = ("Measure", "Value")
RISK_HEADINGS = ("Risk level", "Notifications", "Sent before the deadline", "Acknowledged before the deadline")
WEEK_HEADINGS = ("Week starting", "Notifications", "Acknowledged before the deadline")


def measure_tables(figures: Any) -> dict[str, Table]:
    """The Encompass measures page's four tables by their `table=` names, each value written as the page shows it."""
    notifications: list[list[Cell]] = [
        ["Incidents with a notification", figures.incidents],
        ["Notifications", figures.notifications],
        ["Sent before the deadline", shown_percent(figures.pct_sent_on_time, missing="None sent")],
        ["Acknowledged before the deadline", shown_percent(figures.pct_acknowledged_on_time, missing="None sent")],
    ]
    risks: list[list[Cell]] = [
        [
            row.label,
            row.notifications,
            shown_percent(row.pct_sent_on_time, missing="–"),
            shown_percent(row.pct_acknowledged_on_time, missing="–"),
        ]
        for row in figures.by_risk
    ]
    hours = figures.median_hours_to_resolve
    exceptions: list[list[Cell]] = [
        ["Opened for incidents in the period", figures.exceptions_opened],
        ["Open now", figures.exceptions_open],
        ["Median time to resolve", "None resolved" if hours is None else f"{hours} hours"],
    ]
    weeks: list[list[Cell]] = [
        [week.week_start, week.notifications, week.acknowledged_on_time] for week in figures.weeks
    ]
    return {
        "": Table(title="Encompass notifications measures", header=MEASURE_HEADINGS, rows=notifications),
        "risk": Table(title="Encompass measures by risk level", header=RISK_HEADINGS, rows=risks),
        "exceptions": Table(title="Encompass exceptions measures", header=MEASURE_HEADINGS, rows=exceptions),
        "weeks": Table(title="Encompass measures by week", header=WEEK_HEADINGS, rows=weeks),
    }


def calendar_tables(terms: Any, closures: Any) -> dict[str, Table]:
    """The council's term dates and the days every school is closed from today, by their `table=` names."""
    term_rows: list[list[Cell]] = [[term.name, term.first_day, term.last_day] for term in terms]
    closure_rows: list[list[Cell]] = [
        [
            closure.day,
            closure.get_kind_display() + (f": {closure.reason}" if closure.reason else ""),
            _name(closure.recorded_by) if closure.recorded_by else "–",
        ]
        for closure in closures
    ]
    return {
        "": Table(title="Council term dates", header=("Term", "First day", "Last day"), rows=term_rows),
        "closures": Table(title="Council closed days", header=("Day", "Why", "Recorded by"), rows=closure_rows),
    }
