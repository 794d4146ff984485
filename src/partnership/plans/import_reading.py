"""Read a plan file (xlsx, YAML or JSON) into the plan's data shape, and the problems an import reports."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import PurePath
from typing import IO, Any

import yaml
from openpyxl import load_workbook

from partnership.plans.fileformat import PLAN, unquote_from_sheet

# A sheet with more rows than this is refused before it is checked (a plan has a few hundred).
MAX_ROWS = 100_000
# A workbook whose parts unpack to more than this is refused unopened (5,000 actions unpack to about 5 MB).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with a plan file, where the officer will find it: sheet, row (header is 1) and column."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = [f"Sheet {self.sheet}"] if self.sheet else []
        place += [f"row {self.row}"] if self.row else []
        place += [f"column {self.column}"] if self.column else []
        return f"{', '.join(place)}: {self.message}" if place else self.message


class PlanImportError(Exception):
    """The file was refused whole; it carries every problem found in it."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"The file was not imported: {len(problems)} problem{'s' if len(problems) != 1 else ''}.")
        self.problems = problems


@dataclass(frozen=True)
class FormulaCell:
    """A workbook cell holding a formula, which the importer never evaluates and always refuses."""

    text: str


class PlanFields(dict[str, Any]):
    """The Plan sheet's fields in their order, remembering the spreadsheet row of each."""

    def __init__(self) -> None:
        super().__init__()
        self.row_numbers: dict[str, int] = {}


def _unreadable(kind: str, error: object = "") -> PlanImportError:
    detail = f" ({str(error).splitlines()[0][:200]})" if str(error).strip() else ""
    return PlanImportError([ImportProblem("", 0, "", f"The file could not be read as {kind}{detail}.")])


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return FormulaCell(str(getattr(value, "text", value)))
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, str):
        return unquote_from_sheet(value)
    return value


def _header_names(cells: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for cell in cells:
        value = cell.value
        name = "" if value is None else str(value).strip()
        if name and name in names:
            name = f"{name} [{names.count(name) + 1}]"
        names.append(name)
    while names and not names[-1]:
        names.pop()
    return names


def _limited(rows: Iterator[tuple[Any, ...]], sheet: str) -> Iterator[tuple[Any, ...]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS and any(cell.value is not None for cell in row):
            raise PlanImportError([ImportProblem(sheet, 0, "", f"The sheet has more than {MAX_ROWS:,} rows.")])
        yield row


def _read_table(sheet: Any, title: str) -> list[dict[str, Any]]:
    header = next(sheet.iter_rows(min_row=1, max_row=1), None)
    names = _header_names(header or ())
    if not names:
        return []
    rows: list[dict[str, Any]] = []
    blanks = 0
    for cells in _limited(sheet.iter_rows(min_row=2, max_col=len(names)), title):
        row = {name: _cell_value(cell) for name, cell in zip(names, cells, strict=False) if name}
        if all(value == "" for value in row.values()):
            blanks += 1
            continue
        rows.extend({} for _ in range(blanks))
        blanks = 0
        rows.append({name: row.get(name, "") for name in names if name})
    return rows


def _read_plan(sheet: Any, title: str) -> PlanFields:
    fields = PlanFields()
    for number, cells in enumerate(_limited(sheet.iter_rows(min_row=2, max_col=2), title), start=2):
        name_cell = cells[0] if cells else None
        name = "" if name_cell is None or name_cell.value is None else str(name_cell.value).strip()
        value = _cell_value(cells[1]) if len(cells) > 1 else ""
        if not name and value == "":
            continue
        if name in fields:
            name = f"{name} [{number}]"
        fields[name] = value
        fields.row_numbers[name] = number
    return fields


def _check_unpacked_size(stream: IO[bytes]) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES (a "zip bomb") before openpyxl opens it."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable("an Excel workbook (.xlsx)", error) from error
    if unpacked > MAX_UNPACKED_BYTES:
        message = f"The workbook is too large: it unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB."
        raise PlanImportError([ImportProblem("", 0, "", message)])
    stream.seek(0)


def read_xlsx(stream: IO[bytes]) -> dict[str, Any]:
    """Read a workbook into the plan's data shape, without evaluating any formula."""
    _check_unpacked_size(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # a damaged file can fail anywhere inside openpyxl
        raise _unreadable("an Excel workbook (.xlsx)", error) from error
    try:
        data: dict[str, Any] = {}
        for title in workbook.sheetnames:
            sheet = workbook[title]
            reader = _read_plan if title.strip().lower() == PLAN.lower() else _read_table
            data[title] = reader(sheet, title)
        return data
    except PlanImportError:
        raise
    except Exception as error:  # a damaged sheet can fail anywhere inside openpyxl
        raise _unreadable("an Excel workbook (.xlsx)", error) from error
    finally:
        workbook.close()


def _decoded(stream: IO[bytes], kind: str) -> str:
    raw = stream.read()
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(kind, "it is not UTF-8 text") from error


def _mapping(data: Any, kind: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _unreadable(kind, "it does not hold a mapping of sheets such as Plan, Themes and Actions")
    return data


def read_yaml(stream: IO[bytes]) -> dict[str, Any]:
    """Read a YAML plan file (safely: no tags, no code)."""
    text = _decoded(stream, "YAML")
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError) as error:
        raise _unreadable("YAML", error) from error
    return _mapping(data, "YAML")


def read_json(stream: IO[bytes]) -> dict[str, Any]:
    """Read a JSON plan file."""
    text = _decoded(stream, "JSON")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _unreadable("JSON", error) from error
    return _mapping(data, "JSON")


READERS = {".xlsx": read_xlsx, ".yaml": read_yaml, ".yml": read_yaml, ".json": read_json}


def read_plan_file(stream: IO[bytes], *, filename: str) -> dict[str, Any]:
    """Read a plan file, choosing the reader by the file name's suffix."""
    reader = READERS.get(PurePath(filename).suffix.lower())
    if reader is None:
        message = "The file must be an Excel workbook (.xlsx), YAML (.yaml or .yml) or JSON (.json) file."
        raise PlanImportError([ImportProblem("", 0, "", message)])
    return reader(stream)
