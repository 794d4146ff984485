"""The round report for the executive and Cabinet: what the round audited, how the moderation graded practice by
section and by agency, the learning, the recommendations and the comparison with the previous round on the theme.

No child is named or counted one by one: figures, strata counts and the professionals' learning texts only. The
same tables are rendered as a PDF (WeasyPrint) and an Excel workbook (openpyxl, text never run as a formula).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from partnership.audits import grade_counts, results, selectors
from partnership.audits.models import AuditRound
from partnership.reporting.renderers import DATE_FORMAT, HEADER_FILL, spreadsheet_text
from partnership.reporting.sections import day


class Points(float):
    """A change in percentage points, written with its sign: +20, -5.5, 0."""

    def __str__(self) -> str:
        return f"{self:+g}" if self else "0"


ReportCell = str | int | float | date


@dataclass(frozen=True)
class ReportTable:
    """A table of the report: its caption, column headings, rows, and what it says when it has none."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[ReportCell]]
    empty: str = "None."

    def text_rows(self) -> list[list[str]]:
        """The rows as the PDF writes them."""
        return [[_text(value) for value in row] for row in self.rows]


@dataclass(frozen=True)
class RoundReport:
    """Everything the report says about one round."""

    title: str
    facts: list[tuple[str, str]]
    notes: list[str]
    tables: list[ReportTable]
    learning: list[str] = field(default_factory=list)


def _text(value: ReportCell) -> str:
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Points):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _percent(value: float | None) -> ReportCell:
    return "–" if value is None else value


def _sections_table(figures: results.RoundResults) -> ReportTable:
    columns = ["Section", *figures.scale, "Cases moderated", "Good or better (%)", "Average score"]
    rows: list[list[ReportCell]] = []
    for section in figures.sections:
        name = f"{section.number}. {section.title}"
        if figures.shown:
            counts: list[ReportCell] = [item.count for item in section.figures.distribution]
            rows.append(
                [
                    name,
                    *counts,
                    section.figures.grades,
                    _percent(section.figures.good_percent),
                    _percent(section.figures.average),
                ]
            )
        else:
            rows.append([name, *([results.FEWER_THAN_5] * (len(columns) - 1))])
    return ReportTable(
        "sections", "Grades agreed at moderation, by section", columns, rows, "The tool has no sections."
    )


def _agencies_table(figures: results.RoundResults) -> ReportTable:
    columns = ["Agency", "Cases returned", *figures.scale, "Good or better (%)", "Changed at moderation (%)"]
    rows: list[list[ReportCell]] = []
    for agency in figures.agencies:
        if figures.shown:
            counts: list[ReportCell] = [item.count for item in agency.figures.distribution]
            rows.append(
                [
                    agency.name,
                    agency.cases,
                    *counts,
                    _percent(agency.figures.good_percent),
                    _percent(agency.shift_percent),
                ]
            )
        else:
            rows.append([agency.name, *([results.FEWER_THAN_5] * (len(columns) - 1))])
    return ReportTable(
        "agencies", "Agencies' own grades in their returns, all sections", columns, rows, "No returns were submitted."
    )


def _recommendations_table(audit_round: AuditRound) -> ReportTable:
    rows: list[list[ReportCell]] = [
        [
            item.text,
            item.owner_agency.name,
            item.plan_action.reference if item.plan_action is not None else "Not yet an action in the plan",
        ]
        for item in selectors.recommendations(audit_round=audit_round)
    ]
    return ReportTable(
        "recommendations",
        "Recommendations",
        ["Recommendation", "Owner", "Plan action"],
        rows,
        "The round made no recommendations.",
    )


def _comparison_table(*, user: Any, audit_round: AuditRound) -> tuple[ReportTable, str]:
    previous = grade_counts.previous_completed_round(user=user, audit_round=audit_round)
    caption = "Good or better (%) by kind of section, compared with the previous round on the theme"
    columns = ["Kind of section", "Previous round (%)", "This round (%)", "Change (points)"]
    if previous is None:
        return ReportTable("comparison", caption, columns, [], "There is no earlier completed round on the theme."), ""
    before, now = results.kind_figures(rounds=[previous, audit_round], user=user)
    rows: list[list[ReportCell]] = []
    for then_kind, now_kind in zip(before.kinds, now.kinds, strict=True):
        if then_kind.figures is None and now_kind.figures is None:
            continue
        rows.append(
            [
                now_kind.label,
                _percent(then_kind.figures.good_percent if then_kind.figures else None),
                _percent(now_kind.figures.good_percent if now_kind.figures else None),
                "–" if now_kind.change is None else Points(now_kind.change),
            ]
        )
    note = (
        f"The previous completed round on the theme is '{previous.title}', which started on {day(previous.starts_on)}."
    )
    if not (before.shown and now.shown):
        note += " Shares of a round with fewer than 5 moderated cases are not shown."
    return ReportTable("comparison", caption, columns, rows, "Neither round has moderated grades to compare."), note


def round_report(*, user: Any, audit_round: AuditRound) -> RoundReport:
    """The report of a round the user may already see, with the figures as they may see them."""
    figures = results.round_results(user=user, audit_round=audit_round)
    auditors, independent = grade_counts.auditor_counts(audit_round=audit_round)
    strata = selectors.round_strata(audit_round=audit_round)
    tool = audit_round.tool
    facts = [
        ("Theme", audit_round.theme),
        ("Tool", f"{tool.name}, version {tool.version_number}"),
        ("State", audit_round.get_state_display()),
        ("Window", f"{day(audit_round.starts_on)} to {day(audit_round.ends_on)}"),
        ("Sample size", str(sum(count for _, count in strata))),
        ("Cases moderated", str(figures.moderated_cases) if figures.shown else "Fewer than 5"),
        ("Auditors", f"{auditors}, of whom {independent} independent of the partnership"),
    ]
    notes = [f"Good or better means {' or '.join(results.good_or_better_grades(figures.scale))}."]
    if not figures.shown:
        notes.append("Fewer than 5 cases were moderated, so the round's figures are not shown.")
    comparison, comparison_note = _comparison_table(user=user, audit_round=audit_round)
    if comparison_note:
        notes.append(comparison_note)
    strata_table = ReportTable(
        "strata",
        "Sampled cases by stratum (the outcome of the latest front door decision)",
        ["Stratum", "Cases"],
        [[name or "No stratum", count] for name, count in strata],
        "No cases were sampled.",
    )
    return RoundReport(
        title=f"Case file audit: {audit_round.title}",
        facts=facts,
        notes=notes,
        tables=[
            strata_table,
            _sections_table(figures),
            _agencies_table(figures),
            _recommendations_table(audit_round),
            comparison,
        ],
        learning=list(dict.fromkeys(grade_counts.learning_texts(audit_round=audit_round))),
    )


def file_name(audit_round: AuditRound, extension: str) -> str:
    """The report's file name, with the day the round started and no personal data."""
    return f"audit-round-{audit_round.starts_on.isoformat()}.{extension}"


def render_html(report: RoundReport) -> str:
    """The report as a standalone, printable HTML document."""
    return render_to_string("audits/report.html", {"report": report})


def render_pdf(report: RoundReport) -> bytes:
    """The report as a tagged A4 PDF; the renderer fetches nothing, so report text can never make it read a file
    or a web address."""
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango is slow and only PDFs need it

    nothing_fetched = URLFetcher(allowed_protocols=frozenset({"data"}))
    return bytes(HTML(string=render_html(report), url_fetcher=nothing_fetched).write_pdf(pdf_tags=True))


def _cell(sheet: Any, row: int, column: int, value: ReportCell, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = spreadsheet_text(value)
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, Points):
            cell.value = float(value)
            cell.number_format = "+0.0;-0.0;0"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)


def _sheet(sheet: Any, table: ReportTable) -> None:
    _cell(sheet, 1, 1, table.caption, bold=True)
    for column, heading in enumerate(table.columns, start=1):
        _cell(sheet, 2, column, heading, bold=True)
        sheet.cell(row=2, column=column).fill = PatternFill("solid", fgColor=HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = 60 if column == 1 else 18
    for number, values in enumerate(table.rows, start=3):
        for column, value in enumerate(values, start=1):
            _cell(sheet, number, column, value)
    if not table.rows:
        _cell(sheet, 3, 1, table.empty)
    sheet.freeze_panes = "A3"


SHEET_TITLES = {
    "strata": "Sample",
    "sections": "Sections",
    "agencies": "Agencies",
    "recommendations": "Recommendations",
    "comparison": "Comparison",
}


def render_xlsx(report: RoundReport) -> bytes:
    """The report as an Excel workbook: a summary sheet, a sheet per table, and the learning."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook always has one sheet  # noqa: S101
    summary.title = "Summary"
    _cell(summary, 1, 1, report.title, bold=True)
    for number, (name, value) in enumerate(report.facts, start=2):
        _cell(summary, number, 1, name, bold=True)
        _cell(summary, number, 2, value)
    for number, note in enumerate(report.notes, start=len(report.facts) + 3):
        _cell(summary, number, 1, note)
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 24, 70
    for table in report.tables:
        _sheet(workbook.create_sheet(SHEET_TITLES[table.key]), table)
    learning = ReportTable(
        "learning", "Learning from moderation", ["Learning"], [[text] for text in report.learning], "None recorded."
    )
    _sheet(workbook.create_sheet("Learning"), learning)
    workbook.properties.title = report.title
    workbook.properties.creator = "Partnership"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
