"""Importing an Ofsted Annex A file: a workbook with a sheet for each list ("List 1", "List 3", ...) or a CSV file
of one list. Everything is checked first; then every list in the file is written, in one transaction, or nothing
is. A list imported replaces the current rows of that list; earlier imports are kept, no longer current."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import IO, Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from openpyxl import load_workbook

from partnership.access.models import User
from partnership.core.bulk import insert_rows
from partnership.core.clocks import london_date
from partnership.core.progress import SILENT, Progress
from partnership.measures.annex_a_checking import (
    AnnexAImportError,
    AnnexAProblem,
    CheckedList,
    Findings,
    FormulaCell,
    assessment_working_days,
    check_table,
    list_number_of,
)
from partnership.measures.models import (
    LISTS,
    AnnexAImport,
    List1Contact,
    List3Referral,
    List4Assessment,
    List5Enquiry,
)
from partnership.measures.models.annex_a import LIST_SPECS

ROW_MODELS: dict[int, type[Model]] = {1: List1Contact, 3: List3Referral, 4: List4Assessment, 5: List5Enquiry}
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # a workbook unpacking to more is refused unopened (a "zip bomb")
MAX_COLUMNS = 200
LIST_WORDS = ", ".join(str(number) for number in LISTS[:-1]) + f" and {LISTS[-1]}"
Table = tuple[int, str, list[str], Iterator[tuple[int, list[Any]]]]


@dataclass(frozen=True)
class AnnexAImportResult:
    """What an import wrote: the import record, the rows of each list, the lists it made current in place of an
    earlier import's, the assessments authorised late, and the warnings."""

    annex_import: AnnexAImport
    rows: dict[int, int]
    replaced: list[int]
    late_assessments: int
    warnings: list[AnnexAProblem]

    def summary_lines(self) -> list[str]:
        """The result in a few lines for the command line and a success message."""
        record = self.annex_import
        lists = ", ".join(
            f"List {number} ({LIST_SPECS[number].title}): {rows:,} row{'s' if rows != 1 else ''}"
            for number, rows in self.rows.items()
        )
        lines = [f"Imported {record.file_name}. {lists}."]
        if record.first_date and record.last_date:
            lines.append(f"The rows run from {record.first_date:%d/%m/%Y} to {record.last_date:%d/%m/%Y}.")
        if self.replaced:
            lines.append(
                f"They replace the rows imported before for List {' and List '.join(map(str, self.replaced))}."
            )
        if 4 in self.rows:
            lines.append(
                f"Assessments authorised more than {assessment_working_days()} working days after they started: "
                f"{self.late_assessments:,}."
            )
        count = len(self.warnings)
        lines.append(f"{count} warning{'s' if count != 1 else ''}{':' if count else '.'}")
        lines += [f"  {warning}" for warning in self.warnings]
        return lines


# ---------------------------------------------------------------- reading the file


def _cell(cell: Any) -> Any:
    if cell.value is None:
        return None
    if cell.data_type == "f":
        return FormulaCell(str(getattr(cell.value, "text", cell.value)))
    return cell.value


def _sheet_rows(sheet: Any, width: int, findings: Findings) -> Iterator[tuple[int, list[Any]]]:
    try:
        for line, cells in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
            values = [_cell(cell) for cell in cells]
            if any(value not in (None, "") for value in values):
                yield line, values
    except Exception:  # noqa: BLE001 - a damaged sheet can fail anywhere inside openpyxl
        findings.problem(sheet.title, 0, "", "the sheet could not be read to the end: the workbook may be damaged")


def _xlsx_tables(stream: IO[bytes], only: int | None, findings: Findings) -> Iterator[Table]:
    """The list tables of a workbook, one per sheet named for a list Partnership reads."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        findings.problem("", 0, "", "The file could not be read as an Excel workbook (.xlsx).")
        return
    if unpacked > MAX_UNPACKED_BYTES:
        findings.problem("", 0, "", f"The workbook unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB.")
        return
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - a damaged file can fail anywhere inside openpyxl
        findings.problem("", 0, "", "The file could not be read as an Excel workbook (.xlsx).")
        return
    try:
        seen: dict[int, str] = {}
        for title in workbook.sheetnames:
            number = list_number_of(title)
            if number not in LIST_SPECS or (only is not None and number != only):
                findings.warn(title, 0, "", f"the sheet is not read: Partnership imports Lists {LIST_WORDS}")
                continue
            if number in seen:
                findings.problem(title, 0, "", f"a second sheet for List {number} (the first is {seen[number]!r})")
                continue
            seen[number] = title
            sheet = workbook[title]
            sheet.reset_dimensions()
            heading_cells = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS), ())
            headings = [str(value).strip() if (value := _cell(cell)) is not None else "" for cell in heading_cells]
            while headings and not headings[-1]:
                headings.pop()
            yield number, title, headings, _sheet_rows(sheet, len(headings), findings)
    except Exception:  # noqa: BLE001 - a damaged sheet can fail anywhere inside openpyxl
        findings.problem("", 0, "", "The workbook could not be read to the end: it may be damaged.")
    finally:
        workbook.close()


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[Any]]]:
    line = reader.line_num + 1
    for record in reader:
        values: list[Any] = [FormulaCell(value) if value.startswith("=") else value for value in record]
        if any(value.strip() for value in record):
            yield line, values
        line = reader.line_num + 1


def _csv_table(stream: IO[bytes], number: int | None, filename: str, findings: Findings) -> Iterator[Table]:
    """The one list table of a CSV file; its list is given, or named in the file name (annex-a-list-3.csv)."""
    if number is None:
        named = re.search(r"list[\s_-]*(\d{1,2})(?!\d)", PurePath(filename).stem, re.IGNORECASE)
        number = int(named.group(1)) if named else None
    if number not in LIST_SPECS:
        findings.problem("", 0, "", f"Say which list the CSV file holds: {LIST_WORDS.replace('and', 'or')}.")
        return
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    reader = csv.reader(io.StringIO(text, newline=""))
    headings = [name.strip() for name in next(reader, [])]
    yield number, f"List {number}", headings, _csv_rows(reader)


def _counted(rows: Iterator[tuple[int, list[Any]]], progress: Progress) -> Iterator[tuple[int, list[Any]]]:
    for row in rows:
        progress.advance(1)
        yield row


def annex_a_check_file(
    *, stream: IO[bytes], filename: str, list_number: int | None = None, today: date, progress: Progress | None = None
) -> tuple[dict[int, CheckedList], Findings]:
    """Read and check every list of an Annex A workbook or CSV file; nothing is written."""
    progress = progress or SILENT
    findings = Findings()
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        tables = _xlsx_tables(stream, list_number, findings)
    elif suffix == ".csv":
        tables = _csv_table(stream, list_number, filename, findings)
    else:
        findings.problem("", 0, "", "The file must be an Excel workbook (.xlsx) or a CSV file (.csv).")
        return {}, findings
    checked: dict[int, CheckedList] = {}
    try:
        for number, sheet, headings, rows in tables:
            progress.stage(f"Reading and checking {sheet}")
            found = check_table(number, sheet, headings, _counted(rows, progress), today=today, findings=findings)
            if found is not None:
                checked[number] = found
    except csv.Error as error:
        findings.problem("", 0, "", f"The CSV file could not be read: {error}.")
    progress.close()
    if not checked and not findings.problems:
        findings.problem("", 0, "", f"The file has no sheet for Lists {LIST_WORDS} (name them 'List 1', 'List 3' ...).")
    return dict(sorted(checked.items())), findings


# ---------------------------------------------------------------- writing


def annex_a_import(
    *,
    actor: User | None,
    stream: IO[bytes],
    filename: str,
    list_number: int | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> AnnexAImportResult:
    """Check an Annex A file whole, then write every list in it or, on any problem, nothing (AnnexAImportError
    carries every problem with its sheet, line and column)."""
    now = now or timezone.now()
    checked, findings = annex_a_check_file(
        stream=stream, filename=filename, list_number=list_number, today=london_date(now), progress=progress
    )
    if findings.problems:
        raise AnnexAImportError(findings.all_problems(), findings.all_warnings())
    return _write(
        actor=actor,
        filename=PurePath(filename).name,
        checked=checked,
        warnings=findings.all_warnings(),
        now=now,
        progress=progress or SILENT,
    )


@transaction.atomic
def _write(
    *,
    actor: User | None,
    filename: str,
    checked: dict[int, CheckedList],
    warnings: list[AnnexAProblem],
    now: datetime,
    progress: Progress,
) -> AnnexAImportResult:
    """Write the checked lists and make them the current ones, in one transaction."""
    replaced: set[int] = set()
    for earlier in AnnexAImport.objects.select_for_update().filter(is_current=True):
        numbers = [number for number in checked if earlier.holds_current(number)]
        if not numbers:
            continue
        replaced.update(numbers)
        for number in numbers:
            setattr(earlier, f"list_{number}_current", False)
        earlier.is_current = any(earlier.holds_current(number) for number in LISTS)
        earlier._history_user = actor  # type: ignore[attr-defined]
        earlier.save(update_fields=[*(f"list_{number}_current" for number in numbers), "is_current", "updated_at"])
    days = [day for found in checked.values() for day in found.dates]
    record = AnnexAImport(
        file_name=filename[:255],
        imported_at=now,
        imported_by=actor,
        first_date=min(days, default=None),
        last_date=max(days, default=None),
        is_current=True,
        warnings=[str(warning) for warning in warnings],
        **{f"list_{number}_rows": len(found.rows) for number, found in checked.items()},
        **{f"list_{number}_current": True for number in checked},
    )
    record._history_user = actor  # type: ignore[attr-defined]
    record.save()
    for number, found in checked.items():
        progress.stage(f"Writing List {number}", total=len(found.rows))
        insert_rows(ROW_MODELS[number], found.rows, fixed={"annex_import_id": record.pk}, now=now)
        progress.advance(len(found.rows))
    progress.close()
    late = sum(1 for row in checked[4].rows if row.get("is_late")) if 4 in checked else 0
    return AnnexAImportResult(
        annex_import=record,
        rows={number: len(found.rows) for number, found in checked.items()},
        replaced=sorted(replaced),
        late_assessments=late,
        warnings=warnings,
    )
