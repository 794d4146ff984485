"""The checks every row of an Annex A list (1, 3, 4 or 5) passes before anything is written: required columns,
dates, codes, the order of dates, duplicates and the working-day rules. The columns of each list are set out
beside the row models (models/annex_a.py).

Nothing here touches the database. Errors refuse the whole file; warnings are reported and do not.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings

from partnership.core.clocks import is_working_day, working_days_from
from partnership.core.errors import BusinessRuleError
from partnership.measures.models import AnnexAGender, ReferralSource
from partnership.measures.models.annex_a import LIST_SPECS, NOT_KEPT, OPTIONAL, VALUE, Column, ListSpec

MAX_ROWS = 200_000  # rows per list; a six-month Annex A of a large county has tens of thousands
MAX_PROBLEMS = 1_000  # problems listed before the rest are only counted
RE_REFERRAL_DAYS = 365
# fmt: off
ETHNICITIES = frozenset((  # the CIN census codes
    "WBRI", "WIRI", "WIRT", "WROM", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
))
# fmt: on
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def assessment_working_days() -> int:
    """The working days an assessment has from its start to its authorisation (45 in Working Together)."""
    return settings.PARTNERSHIP_ASSESSMENT_WORKING_DAYS


@dataclass(frozen=True)
class AnnexAProblem:
    """One thing wrong with (or worth noting in) an Annex A file, where it is: sheet, line and column."""

    sheet: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        place = [part for part in (self.sheet, f"line {self.line}" if self.line else "", self.column) if part]
        return f"{', '.join(place)}: {self.message}" if place else self.message


class AnnexAImportError(BusinessRuleError):
    """The file was refused whole and nothing was written; it carries every problem and warning found."""

    def __init__(self, problems: list[AnnexAProblem], warnings: list[AnnexAProblem] | None = None) -> None:
        count = len(problems)
        message = f"The file was not imported; nothing was written. {count} problem{'s' if count != 1 else ''}."
        super().__init__(message, errors={"file": [str(problem) for problem in problems]})
        self.problems = problems
        self.warnings = warnings or []


@dataclass(frozen=True)
class FormulaCell:
    """A workbook cell holding a formula, which the import never evaluates and always refuses."""

    text: str


@dataclass
class CheckedList:
    """The rows of one list that passed every check, as the fields of its row model."""

    spec: ListSpec
    sheet: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def dates(self) -> list[date]:
        """Every date of the rows but birth dates: contacts, referrals, starts, authorisations and conferences."""
        return [
            day for row in self.rows for name, day in row.items() if isinstance(day, date) and name != "date_of_birth"
        ]


class Findings:
    """The problems and warnings found so far; beyond MAX_PROBLEMS of either they are only counted."""

    def __init__(self) -> None:
        self.problems: list[AnnexAProblem] = []
        self.warnings: list[AnnexAProblem] = []
        self.unlisted = 0
        self.unlisted_warnings = 0

    def problem(self, sheet: str, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(AnnexAProblem(sheet, line, column, message))
        else:
            self.unlisted += 1

    def warn(self, sheet: str, line: int, column: str, message: str) -> None:
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(AnnexAProblem(sheet, line, column, message))
        else:
            self.unlisted_warnings += 1

    def all_problems(self) -> list[AnnexAProblem]:
        more = [AnnexAProblem("", 0, "", f"… and {self.unlisted:,} more problems not listed.")] if self.unlisted else []
        return self.problems + more

    def all_warnings(self) -> list[AnnexAProblem]:
        count = self.unlisted_warnings
        return self.warnings + (
            [AnnexAProblem("", 0, "", f"… and {count:,} more warnings not listed.")] if count else []
        )


def list_number_of(title: str) -> int | None:
    """The Annex A list a sheet holds, from its name ("List 1", "List_3", "List 5 - S47"), or None."""
    found = re.match(r"\s*list\s*[_-]?\s*(\d{1,2})(?!\d)", title, re.IGNORECASE)
    return int(found.group(1)) if found else None


def heading_key(heading: str) -> str:
    """A heading reduced to lower-case words, so "Referral NFA?" and "referral  nfa" are the same column."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", heading.casefold()).split())


def unquote(text: str) -> str:
    """The text a cell stands for, without the one leading quote an export adds before formula-like text."""
    return text[1:] if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS) else text


# ---------------------------------------------------------------- reading one value

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_LETTER = re.compile(r"[a-z]{1,2}\)\s*", re.IGNORECASE)  # the "a) " Annex A puts before a listed value
_SOURCE = re.compile(r"(10|[1-9][a-f]?)(?![0-9a-z])", re.IGNORECASE)
_GENDERS = {
    **{code: code for code in AnnexAGender.values},
    **dict.fromkeys(("m", "male", "boy"), AnnexAGender.MALE.value),
    **dict.fromkeys(("f", "female", "girl"), AnnexAGender.FEMALE.value),
    **dict.fromkeys(
        ("u", "unknown", "not known", "not stated", "not recorded", "not stated/recorded", "not stated or recorded"),
        AnnexAGender.NOT_KNOWN.value,
    ),
    **dict.fromkeys(("neither", "not specified", "indeterminate", "other"), AnnexAGender.NEITHER.value),
}
_SOURCE_LABELS = {str(label).casefold(): code for code, label in ReferralSource.choices}
_SOURCE_CODES = frozenset(ReferralSource.values)  # read once: the enum's list is rebuilt on every access
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _listed(text: str) -> str:
    return _LETTER.sub("", text, count=1).strip() if _LETTER.match(text) else text


def read_date(value: Any) -> date | None:
    """A date from a cell: a date cell, or text written dd/mm/yyyy or yyyy-mm-dd (a time after it is ignored);
    None when blank. ValueError says what is wrong."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        raise ValueError(f"is the number {value}, not a date: write it as a date such as 31/01/2026")
    text = str(value).strip()
    if not text:
        return None
    if found := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
    elif found := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
        if year < 1000:
            raise ValueError(f"has a two-digit year ({text}): write the year in full, such as 31/01/2026")
    else:
        raise ValueError(f"is not a date written dd/mm/yyyy or yyyy-mm-dd: {text!r}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"is not a day of the calendar: {text!r}") from None


def read_value(kind: str, value: Any) -> Any:
    """One cell read as its column's kind; None when blank. ValueError says what is wrong."""
    if kind == "date":
        return read_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unquote(str(value).strip())
    if not text:
        return None
    if _CONTROL.search(text):
        raise ValueError("contains a control character (such as a null), which cannot be stored")
    if kind == "text":
        if len(text) > 64:
            raise ValueError("is longer than 64 characters")
        return text
    listed = _listed(text)
    if kind == "gender":
        code = _GENDERS.get(listed.split("(")[0].strip().casefold())
        if code is None:
            raise ValueError(
                f"must be male, female, not stated or neither (or the CIN code 1, 2, 0 or 9), not {text!r}"
            )
        return code
    if kind == "ethnicity":
        code = listed[:4].upper()
        if code not in ETHNICITIES or (len(listed) > 4 and listed[4].isalnum()):
            raise ValueError(f"must be a CIN census ethnicity code such as WBRI or NOBT, not {text!r}")
        return code
    if kind == "source":
        found = _SOURCE.match(listed)
        code = found.group(1).upper() if found else _SOURCE_LABELS.get(listed.casefold(), "")
        if code not in _SOURCE_CODES:
            raise ValueError(f"must be a CIN referral source code from 1A to 10, such as 2A or 6, not {text!r}")
        return code
    if kind == "yes_no":
        answer = listed.casefold()
        if answer not in _YES | _NO:
            raise ValueError(f"must be yes or no, not {text!r}")
        return answer in _YES
    if kind == "count":
        if not text.isdigit():
            raise ValueError(f"must be a whole number of 0 or more, not {text!r}")
        return int(text)
    raise ValueError(f"has an unknown kind {kind}")  # pragma: no cover - the specs name only the kinds above


# ---------------------------------------------------------------- working days


# ---------------------------------------------------------------- checking a table


def _columns(spec: ListSpec, headings: list[str], findings: Findings, sheet: str) -> dict[int, Column] | None:
    """Which position holds which column; None (with a problem) when a required heading is missing."""
    known = {heading_key(name): column for column in spec.columns for name in (column.heading, *column.aliases)}
    positions: dict[int, Column] = {}
    unread = []
    for position, heading in enumerate(headings):
        column = known.get(heading_key(heading))
        if column is not None and column not in positions.values():
            positions[position] = column
        elif heading.strip() and heading_key(heading) not in NOT_KEPT:
            unread.append(heading.strip())
    missing = [
        column.heading for column in spec.columns if column.needs != OPTIONAL and column not in positions.values()
    ]
    if missing:
        listed = "; ".join(missing)
        findings.problem(sheet, 1, "", f"the heading row lacks the column{'s' if len(missing) > 1 else ''} {listed}")
        return None
    if unread:
        findings.warn(sheet, 1, "", f"these columns are not read: {'; '.join(unread)}")
    return positions


def _row(
    spec: ListSpec, sheet: str, line: int, cells: list[Any], positions: dict[int, Column], today: date, f: Findings
) -> dict[str, Any] | None:
    """One row read and checked on its own; None when it has a problem (each one recorded)."""
    row: dict[str, Any] = {"line": line}
    wrong = False
    for position, column in positions.items():
        value = cells[position] if position < len(cells) else None
        if isinstance(value, FormulaCell):
            f.problem(
                sheet, line, column.heading, f"holds the formula {value.text}: Annex A needs values, not formulas"
            )
            wrong = True
            continue
        try:
            row[column.field] = read_value(column.kind, "" if value is None else value)
        except ValueError as error:
            f.problem(sheet, line, column.heading, str(error))
            wrong = True
            continue
        if row[column.field] is None and column.needs == VALUE:
            f.problem(sheet, line, column.heading, "is empty")
            wrong = True
    return None if _date_problems(spec, sheet, line, row, today, f) or wrong else _derive(spec, sheet, line, row, f)


def _date_problems(spec: ListSpec, sheet: str, line: int, row: dict[str, Any], today: date, f: Findings) -> bool:
    """The rules on a row's dates, checked on those that could be read: none in the future, the child born before
    the event, and each list's order (as the CIN validator has it). True when one is broken."""
    before = len(f.problems) + f.unlisted
    headings = {column.field: column.heading for column in spec.columns}
    for name, day in row.items():
        if isinstance(day, date) and day > today:
            f.problem(sheet, line, headings[name], f"is in the future ({day:%d/%m/%Y})")
    born, happened = row.get("date_of_birth"), row.get(spec.key_date)
    if born and happened and happened < born <= today:
        f.problem(sheet, line, "Date of Birth", f"is after the {headings[spec.key_date]} ({happened:%d/%m/%Y})")
    started, done = row.get("start_date"), row.get("authorised_date")
    if started and done and done < started:
        f.problem(sheet, line, headings["authorised_date"], "is before the assessment started")
    started, held = row.get("s47_start_date"), row.get("icpc_date")
    if started and held and held < started:
        message = "is before the Section 47 enquiry started: the conference must be on or after the start"
        f.problem(sheet, line, headings["icpc_date"], message)
    if held and row.get("icpc_not_required"):
        f.problem(sheet, line, headings["icpc_date"], "is given although the conference is recorded as not required")
    return len(f.problems) + f.unlisted > before


def _derive(spec: ListSpec, sheet: str, line: int, row: dict[str, Any], f: Findings) -> dict[str, Any]:
    """The working-day figures a row carries (never an error: a late assessment or conference is a fact to count)."""
    if spec.number == 4:
        done = row.get("authorised_date")
        row["working_days"] = working_days_from(row["start_date"], done) if done else None
        row["is_late"] = row["working_days"] > assessment_working_days() if done else None
    if spec.number == 5:
        held = row.get("icpc_date")
        row["icpc_working_days"] = working_days_from(row["s47_start_date"], held) if held else None
        if held and not is_working_day(held):
            f.warn(sheet, line, "Date of Initial Child Protection Conference", "is a weekend day or bank holiday")
    return row


def _mark_re_referrals(rows: list[dict[str, Any]]) -> None:
    """Mark each referral whose child has another referral in the list in the 365 days before it."""
    days_of: dict[str, list[date]] = defaultdict(list)
    for row in rows:
        days_of[row["child_ref"]].append(row["referral_date"])
    for days in days_of.values():
        days.sort()
    for row in rows:
        days, day = days_of[row["child_ref"]], row["referral_date"]
        earliest = bisect_left(days, day - timedelta(days=RE_REFERRAL_DAYS))
        row["is_re_referral"] = days[earliest] < day


def check_table(
    number: int,
    sheet: str,
    headings: list[str],
    rows: Iterable[tuple[int, list[Any]]],
    *,
    today: date,
    findings: Findings,
) -> CheckedList | None:
    """Check one list's table (its headings and its rows with their line numbers) and return the rows that pass;
    None when the headings are wrong. Every problem and warning is added to `findings`."""
    spec = LIST_SPECS[number]
    positions = _columns(spec, headings, findings, sheet)
    if positions is None:
        return None
    checked = CheckedList(spec, sheet)
    first_line: dict[tuple[Any, ...], int] = {}
    read = 0
    for line, cells in _limited(rows, sheet, findings):
        read += 1
        row = _row(spec, sheet, line, cells, positions, today, findings)
        if row is None:
            continue
        key = tuple(str(row.get(name)).casefold() for name in spec.duplicate_key)
        earlier = first_line.setdefault(key, line)
        if earlier != line:
            message = f"repeats line {earlier}: the same child, {', '.join(spec.duplicate_key[1:]).replace('_', ' ')}"
            if spec.duplicates_refused:
                findings.problem(sheet, line, "", message)
                continue
            findings.warn(sheet, line, "", f"{message}; both are kept")
        checked.rows.append(row)
    if not read:
        findings.problem(sheet, 0, "", "the list has no rows: an import replaces the current list, so it needs rows")
    if number == 3:
        _mark_re_referrals(checked.rows)
    return checked


def _limited(rows: Iterable[tuple[int, list[Any]]], sheet: str, findings: Findings) -> Iterator[tuple[int, list[Any]]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            findings.problem(sheet, 0, "", f"the list has more than {MAX_ROWS:,} rows: split the file")
            return
        yield row
