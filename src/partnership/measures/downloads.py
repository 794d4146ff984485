"""The measures as files: the dashboard's table and every cell of one indicator, from figures already shown for
one reader, written as CSV or as an Excel workbook.

The rows arrive with small numbers already suppressed (the cell says "fewer than 5", never the number). Every text
cell that a spreadsheet could run as a formula is written with a leading quote, by the same rule as the plan files
(partnership.core.spreadsheets.quote_for_sheet). File names carry the indicator's key and the period kind only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from partnership.core.spreadsheets import CSV_TYPE as CSV_TYPE
from partnership.core.spreadsheets import XLSX_TYPE as XLSX_TYPE
from partnership.core.spreadsheets import Cell, csv_bytes
from partnership.core.spreadsheets import Table as Table
from partnership.core.spreadsheets import xlsx_bytes as xlsx_bytes
from partnership.frontend.tables import file_response
from partnership.measures.display import BRAG_WORDS
from partnership.measures.rules import SUPPRESSED, Period

WHOLE = "Whole partnership"


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    """The table as a UTF-8 CSV download (with a byte order mark, so Excel reads the £ and dashes right)."""
    return file_response(csv_bytes(table), filename=filename, content_type=CSV_TYPE)


def xlsx_response(table: Table, *, filename: str) -> HttpResponse:
    """The table as an Excel workbook download."""
    return file_response(xlsx_bytes(table), filename=filename, content_type=XLSX_TYPE)


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
