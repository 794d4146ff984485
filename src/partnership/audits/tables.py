"""The case file audits' lists (rounds, returns, tools) as downloadable tables, with their pages' columns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.audits import selectors
from partnership.core.spreadsheets import Cell, Table
from partnership.frontend.tables import download_format, table_download

ROUND_HEADINGS = ("Round", "Theme", "State", "Auditors' window", "Window opens", "Window closes", "Cases")
RETURN_HEADINGS = ("Round", "Agency", "Case", "Assigned to", "Status", "Submitted")
OPEN_RETURN_HEADINGS = ("Round", "Agency", "Status")
TOOL_HEADINGS = ("Tool", "Version", "Grades, best first", "Status")


def _person(person: Any) -> str:
    return (person.get_full_name() or person.username) if person else "Not assigned"


def round_table(rounds: Any) -> Table:
    """Each round the reader may open, with its theme, state, window and number of cases."""
    cells: list[list[Cell]] = [
        [
            audit_round.title,
            audit_round.theme,
            audit_round.get_state_display(),
            f"{audit_round.starts_on:%-d %b %Y} to {audit_round.ends_on:%-d %b %Y}",
            audit_round.starts_on,
            audit_round.ends_on,
            audit_round.case_count,
        ]
        for audit_round in rounds
    ]
    return Table(title="Audit rounds", header=ROUND_HEADINGS, rows=cells)


def open_return_table(returns: Any) -> Table:
    """Each return the reader's agency still has to submit."""
    cells: list[list[Cell]] = [[r.round_case.round.title, r.agency.name, "To submit"] for r in returns]
    return Table(title="Returns to submit", header=OPEN_RETURN_HEADINGS, rows=cells)


def return_table(returns: Any) -> Table:
    """Each return asked of the reader's agencies or assigned to them, with the case's child and when submitted."""
    cells: list[list[Cell]] = [
        [
            r.round_case.round.title,
            r.agency.name,
            f"Case {r.round_case.child.first_name} {r.round_case.child.last_name}",
            _person(r.assigned_to),
            "Submitted" if r.state == "submitted" else "To submit",
            r.submitted_at,
        ]
        for r in returns
    ]
    return Table(title="Audit returns", header=RETURN_HEADINGS, rows=cells)


def tool_table(tools: Any) -> Table:
    """Each version of each audit tool, with its grades and whether it is the current one."""
    cells: list[list[Cell]] = [
        [
            tool.name,
            tool.version_number,
            ", ".join(tool.grade_scale),
            "Current" if tool.is_current else "Earlier version",
        ]
        for tool in tools
    ]
    return Table(title="Audit tools", header=TOOL_HEADINGS, rows=cells)


def round_list_download(request: HttpRequest) -> HttpResponse | None:
    """The rounds, or the returns still to submit, as a file when the request asks for one; else None."""
    if file_format := download_format(request):
        table = round_table(selectors.rounds_with_case_counts(user=request.user))
        return table_download(table, file_format=file_format, name="audit rounds")
    if file_format := download_format(request, which="returns"):
        table = open_return_table(selectors.returns_for(user=request.user))
        return table_download(table, file_format=file_format, name="audit returns to submit")
    return None


def return_list_download(request: HttpRequest, returns: Any) -> HttpResponse | None:
    """The returns page's rows as a file when the request asks for one (they name children: logged as an export)."""
    if not (file_format := download_format(request)):
        return None
    access_event_record(
        user=request.user, action=AccessEvent.Action.EXPORT, object_type="audit_return", purpose="Downloaded returns"
    )
    return table_download(return_table(returns), file_format=file_format, name="audit returns")


def tool_list_download(request: HttpRequest) -> HttpResponse | None:
    """The audit tools as a file when the request asks for one; else None."""
    if not (file_format := download_format(request)):
        return None
    tools = selectors.tool_list(user=request.user, current_only=False)
    return table_download(tool_table(tools), file_format=file_format, name="audit tools")


SHOWN_NOT = "Fewer than 5 cases"


def results_table(trend: Any, kinds: Any) -> Table:
    """Good-or-better shares by kind of section for each completed round, with a round of too few moderated cases
    written as the page shows it ("Fewer than 5"), never its real figures."""
    header = ["Round", "Started", "Cases moderated", *(str(kind.label) for kind in kinds)]
    cells: list[list[Cell]] = []
    for row in trend:
        start: list[Cell] = [row.audit_round.title, row.audit_round.starts_on]
        if row.shown:
            shares = [item.figures.good_text if item.figures else "" for item in row.kinds]
            cells.append([*start, row.moderated_cases, *shares])
        else:
            cells.append([*start, "Fewer than 5", *[SHOWN_NOT for _kind in kinds]])
    return Table(title="Audit results", header=header, rows=cells)
