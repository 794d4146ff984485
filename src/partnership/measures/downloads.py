"""The measures as files: the dashboard's table and every cell of one indicator, from figures already shown for
one reader, written as CSV or as an Excel workbook.

The rows arrive with small numbers already suppressed (the cell says "fewer than 5", never the number). Every text
cell that a spreadsheet could run as a formula is written with a leading quote, by the same rule as the plan files
(partnership.plans.fileformat.quote_for_sheet). File names carry the indicator's key and the period kind only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from partnership.measures.display import BRAG_WORDS
from partnership.measures.rules import SUPPRESSED, Period
from partnership.plans.fileformat import quote_for_sheet

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LENGTH = 31  # Excel's limit on a sheet's name

Cell = str | int | Decimal | date | None
WHOLE = "Whole partnership"


@dataclass(frozen=True)
class Table:
    """What a file holds: a sheet name, the column headers and the rows, each cell text, a number or a date."""

    title: str
    header: list[str]
    rows: list[list[Cell]]


def safe_text(cell: Cell) -> Cell:
    """A text cell as written to a file: quoted when a spreadsheet could run it; numbers and dates as they are."""
    return quote_for_sheet(cell) if isinstance(cell, str) else cell


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(safe_text(cell))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    """The table as a UTF-8 CSV download (with a byte order mark, so Excel reads the £ and dashes right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(cell) for cell in table.header])
    writer.writerows([_csv_text(cell) for cell in row] for row in table.rows)
    return _attachment(HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type=CSV_TYPE), filename)


def xlsx_bytes(table: Table) -> bytes:
    """The table as an Excel workbook of one sheet: a bold header row, then the rows; numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet  # noqa: S101
    sheet.title = table.title[:SHEET_TITLE_LENGTH]
    sheet.append([safe_text(cell) for cell in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([safe_text(cell) for cell in row])
    for column, heading in enumerate(table.header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(12, len(heading) + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: Table, *, filename: str) -> HttpResponse:
    """The table as an Excel workbook download."""
    return _attachment(HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE), filename)


def breakdown_label(breakdown: str) -> str:
    """The words for a breakdown: "Agency" for agency, "Risk level" for risk_level; the whole partnership for none."""
    return breakdown.replace("_", " ").capitalize() if breakdown else WHOLE


def _value(seen: Any) -> Cell:
    """A value as written to a file: the number, or "fewer than 5" when it is suppressed for the reader."""
    return SUPPRESSED if seen.suppressed else seen.value


def dashboard_table(sections: Iterable[Any]) -> Table:
    """The dashboard's rows (each section's indicators, as shown to the reader) as one table."""
    header = ["Section", "Indicator", "Key", "Unit", "Latest period", "Latest value", "Previous period"]
    header += ["Previous value", "Baseline", "Baseline measured", "Target", "BRAG", "BRAG reason", "Against baseline"]
    rows: list[list[Cell]] = []
    for section in sections:
        for row in section.rows:
            indicator = row.indicator
            rows.append(
                [
                    section.title,
                    indicator.name,
                    indicator.key,
                    indicator.get_unit_display(),
                    row.latest.label if row.latest else "",
                    _value(row.latest_shown),
                    row.previous.label if row.previous else "",
                    _value(row.previous_shown),
                    indicator.baseline,
                    indicator.baseline_label,
                    indicator.target,
                    BRAG_WORDS[row.latest_shown.colour],
                    row.latest_shown.reason,
                    row.trend,
                ]
            )
    return Table(title="Measures", header=header, rows=rows)


def indicator_table(indicator: Any, cells: Iterable[tuple[str, Any, Any]]) -> Table:
    """One indicator's cells, each (breakdown, stored value, value as shown to the reader), as one table."""
    header = ["Indicator", "Period", "Period start", "Period end", "Breakdown", "Group", "Unit", "Value"]
    header += ["Numerator", "Denominator", "BRAG", "BRAG reason", "As of"]
    rows: list[list[Cell]] = [
        [
            indicator.name,
            Period(cell.period_kind, cell.period_start, cell.period_end).label,
            cell.period_start,
            cell.period_end,
            breakdown_label(breakdown),
            cell.breakdown_label if breakdown else WHOLE,
            indicator.get_unit_display(),
            _value(seen),
            seen.numerator,
            seen.denominator,
            BRAG_WORDS[seen.colour],
            seen.reason,
            cell.as_of,
        ]
        for breakdown, cell, seen in cells
    ]
    return Table(title=indicator.key, header=header, rows=rows)
