"""Tables as files: a title, column headings and rows of cells, written as CSV or as an Excel workbook, with every
text cell that a spreadsheet could run as a formula written behind one leading quote (CSV/formula injection).

Every download in the product goes through here: the plan workbook and the audit pack quote by `quote_for_sheet`, and
list and dashboard tables are described as a `Table` and written by `csv_bytes` or `xlsx_bytes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

# A text cell that starts with one of these would be read by a spreadsheet as a formula, so it is written with one
# leading quote, which the plan importer takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LENGTH = 31  # Excel's limit on a sheet's name
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
WIDEST, NARROWEST = 60, 10
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"

Cell = str | int | float | Decimal | date | datetime | None


def _looks_like_formula(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def quote_for_sheet(text: str) -> str:
    """The text as written into a workbook cell: with a leading quote when a spreadsheet could run it."""
    return QUOTE + text if _looks_like_formula(text) else text


def unquote_from_sheet(text: str) -> str:
    """The text a workbook cell stands for: without the one leading quote that `quote_for_sheet` added."""
    if text.startswith(QUOTE) and _looks_like_formula(text[1:]):
        return text[1:]
    return text


@dataclass(frozen=True)
class Table:
    """What a download holds: a title (the sheet's name), the column headings and the rows of cells."""

    title: str
    header: Sequence[str]
    rows: list[list[Cell]] = field(default_factory=list)


def safe_cell(cell: Cell) -> Cell:
    """A cell as written to a file: text quoted when a spreadsheet could run it, instants in UK local time without
    their zone (a workbook cannot hold one); numbers and dates as they are."""
    if isinstance(cell, str):
        return quote_for_sheet(cell)
    if isinstance(cell, datetime):
        return timezone.localtime(cell).replace(tzinfo=None) if timezone.is_aware(cell) else cell
    return cell


def _csv_text(cell: Cell) -> str:
    cell = safe_cell(cell)
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV with a byte order mark, so that Excel reads the £ signs and dashes right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(cell) for cell in table.header])
    writer.writerows([_csv_text(cell) for cell in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(cells: list[Cell]) -> int:
    longest = max((len(_csv_text(cell)) for cell in cells), default=0)
    return min(WIDEST, max(NARROWEST, longest + 2))


def xlsx_bytes(table: Table) -> bytes:
    """The table as a workbook of one sheet: a bold, frozen heading row, columns as wide as their contents (within
    reason), numbers as numbers and dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet  # noqa: S101
    sheet.title = table.title.translate(SHEET_FORBIDDEN)[:SHEET_TITLE_LENGTH] or "Table"
    sheet.append([safe_cell(cell) for cell in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([safe_cell(cell) for cell in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = TIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for index, heading in enumerate(table.header):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        values = [heading, *(row[index] for row in table.rows if index < len(row))]
        sheet.column_dimensions[letter].width = _width(values)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
