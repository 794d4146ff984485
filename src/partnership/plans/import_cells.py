"""Read the cells and sheets of plan data into values, collecting a problem for each one that is wrong."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from partnership.plans.fileformat import NO, OPTIONAL_SHEETS, SHEET_ORDER, SHEETS, YES
from partnership.plans.import_reading import FormulaCell, ImportProblem

YES_NO = {YES: True, "y": True, "true": True, "1": True, NO: False, "n": False, "false": False, "0": False, "": False}


def key(value: str) -> str:
    """The form of a name or reference used to match it: trimmed and case-folded."""
    return value.strip().casefold()


class CellChecker:
    """Reads cells and sheets of plan data, collecting every problem with its sheet, row and column."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(sheet, row, column, message))

    # Cells

    def text(
        self,
        sheet: str,
        row: int,
        column: str,
        value: Any,
        *,
        required: bool = False,
        max_length: int = 0,
        strip: bool = False,
    ) -> str:
        if isinstance(value, FormulaCell):
            self.add(sheet, row, column, "formulas are not accepted; type the value itself")
            return ""
        if value is None:
            text = ""
        elif isinstance(value, str):
            text = value
        elif isinstance(value, bool):
            text = YES if value else NO
        elif isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            text = str(int(value)) if value.is_integer() else str(value)
        elif isinstance(value, date | time):
            text = value.isoformat()
        else:
            self.add(sheet, row, column, "expected text")
            return ""
        if strip:
            text = text.strip()
        if required and not text.strip():
            self.add(sheet, row, column, "this cell must not be empty")
        elif max_length and len(text) > max_length:
            self.add(sheet, row, column, f"longer than {max_length} characters")
        elif "\x00" in text:
            self.add(sheet, row, column, "contains a null character, which cannot be stored")
        return text

    def choice(
        self,
        sheet: str,
        row: int,
        column: str,
        value: Any,
        *,
        lookup: dict[str, str],
        words: str,
        what: str,
        required: bool = False,
        default: str = "",
    ) -> str:
        text = self.text(sheet, row, column, value, required=required, strip=True)
        if not text:
            return default
        chosen = lookup.get(text.casefold())
        if chosen is None:
            self.add(sheet, row, column, f"unknown {what} {text!r}; use {words}")
            return default
        return chosen

    def day(self, sheet: str, row: int, column: str, value: Any, *, required: bool = False) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(sheet, row, column, value, required=required, strip=True)
        if not text:
            return None
        for parse in (date.fromisoformat, lambda item: datetime.strptime(item, "%d/%m/%Y").date()):
            try:
                return parse(text)
            except ValueError:
                continue
        self.add(sheet, row, column, f"bad date {text!r}; write it as dd/mm/yyyy or yyyy-mm-dd")
        return None

    def whole_number(self, sheet: str, row: int, column: str, value: Any, *, required: bool = False) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = self.text(sheet, row, column, value, required=required, strip=True)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            self.add(sheet, row, column, f"{text!r} is not a whole number")
            return None

    def names(self, sheet: str, row: int, column: str, value: Any, *, max_length: int) -> list[str]:
        if isinstance(value, list):
            parts = [self.text(sheet, row, column, item, strip=True) for item in value]
        else:
            parts = self.text(sheet, row, column, value).split(";")
        names: list[str] = []
        for part in (item.strip() for item in parts):
            if len(part) > max_length:
                self.add(sheet, row, column, f"{part[:40]!r}… is longer than {max_length} characters")
            elif part and key(part) not in {key(name) for name in names}:
                names.append(part)
        return names

    # Sheets

    def sheets(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.add("", 0, "", "The file does not hold a mapping of sheets such as Plan, Themes and Actions.")
            return {}
        given = {key(str(name)): value for name, value in data.items()}
        found: dict[str, Any] = {}
        for sheet in SHEET_ORDER:
            if key(sheet) in given:
                found[sheet] = given[key(sheet)]
            elif sheet not in OPTIONAL_SHEETS:
                self.add(sheet, 0, "", "the sheet is missing")
        return found

    def rows(self, sheet: str, value: Any) -> tuple[list[tuple[int, dict[str, Any]]], set[str]]:
        """The sheet's non-empty rows keyed by column name, each with its row number, and the missing columns."""
        if value in (None, ""):
            return [], set()
        if not isinstance(value, list):
            self.add(sheet, 0, "", "expected a list of rows")
            return [], set()
        columns = {key(column.name): column.name for column in SHEETS[sheet]}
        seen: set[str] = set()
        unknown: dict[str, None] = {}
        rows: list[tuple[int, dict[str, Any]]] = []
        for index, item in enumerate(value):
            number = index + 2
            if item is None or item == {}:
                continue
            if not isinstance(item, dict):
                self.add(sheet, number, "", "expected a row of named columns")
                continue
            row: dict[str, Any] = {}
            for name, cell in item.items():
                column_name = columns.get(key(str(name)))
                if column_name is None:
                    if str(name).strip():
                        unknown[str(name)] = None
                    continue
                seen.add(column_name)
                row[column_name] = cell
            if all(cell is None or cell == "" for cell in row.values()):
                continue
            rows.append((number, row))
        for name in unknown:
            self.add(sheet, 1, name, "unknown column")
        missing = {column.name for column in SHEETS[sheet] if column.required and column.name not in seen}
        if rows:
            for column in SHEETS[sheet]:
                if column.name in missing:
                    self.add(sheet, 1, column.name, "the column is missing")
        return rows, missing
