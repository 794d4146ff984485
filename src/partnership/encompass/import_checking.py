"""Reading a police CSV export of incidents: one row per child, rows grouped by police reference, every problem
reported with its line before anything is recorded."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from partnership.children.models import RiskLevel
from partnership.children.rules import nhs_number_is_valid, normalised_nhs_number
from partnership.encompass.rules import ChildEntry

COLUMNS = (
    "police_reference",
    "occurred_at",
    "place",
    "risk_level",
    "officer",
    "circumstances",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "child_local_id",
    "child_nhs_number",
    "child_present",
    "child_words",
)
REQUIRED = ("police_reference", "occurred_at", "place", "risk_level", "officer", "child_present")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
MAX_ROWS = 20000
# The longest text each column may hold (the fields it is stored in); longer is refused, never cut.
MAX_LENGTHS = {
    "police_reference": 40,
    "place": 200,
    "officer": 200,
    "child_first_name": 100,
    "child_last_name": 100,
    "child_local_id": 40,
}
CONTROL_CHARACTERS = frozenset(chr(code) for code in (*range(0, 9), 11, 12, *range(14, 32), 127))


@dataclass
class ParsedIncident:
    """One incident of the file, from its first line, with each child's line."""

    line: int
    police_reference: str
    occurred_at: datetime
    place: str
    risk_level: str
    officer_name: str
    circumstances: str
    children: list[tuple[int, ChildEntry]] = field(default_factory=list)


def _instant(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("T", " "))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed)
    return parsed


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _row(line: int, row: dict[str, str], now: datetime) -> tuple[ParsedIncident | None, ChildEntry | None, list[str]]:
    """One row read into its incident and child, or the row's problems."""
    problems = [f"line {line}: {name} is empty" for name in REQUIRED if not row.get(name)]
    problems += [
        f"line {line}: {name} is longer than {limit} characters"
        for name, limit in MAX_LENGTHS.items()
        if len(row.get(name, "")) > limit
    ]
    problems += [
        f"line {line}: {name} contains a control character, which cannot be stored"
        for name, value in row.items()
        if not CONTROL_CHARACTERS.isdisjoint(value)
    ]
    nhs = normalised_nhs_number(row.get("child_nhs_number", ""))
    if nhs and not nhs_number_is_valid(nhs):
        problems.append(f"line {line}: child_nhs_number is not a real NHS number: 10 digits that pass the check")
    occurred = _instant(row.get("occurred_at", "")) if row.get("occurred_at") else None
    if row.get("occurred_at") and occurred is None:
        problems.append(f"line {line}: occurred_at is not a date and time written YYYY-MM-DD HH:MM")
    if occurred is not None and occurred > now + timedelta(minutes=5):
        problems.append(f"line {line}: the incident is in the future ({row['occurred_at']})")
    risk = row.get("risk_level", "").casefold()
    if risk and risk not in RiskLevel.values:
        problems.append(f"line {line}: risk_level must be standard, medium or high, not {row['risk_level']}")
    present = row.get("child_present", "").casefold()
    if present and present not in YES | NO:
        problems.append(f"line {line}: child_present must be yes or no")
    born = _day(row["child_date_of_birth"]) if row.get("child_date_of_birth") else None
    if row.get("child_date_of_birth") and born is None:
        problems.append(f"line {line}: child_date_of_birth is not a date written YYYY-MM-DD")
    if born is not None and born > timezone.localdate():
        problems.append(f"line {line}: child_date_of_birth is in the future")
    if not row.get("child_local_id"):
        if not row.get("child_first_name") or not row.get("child_last_name"):
            problems.append(f"line {line}: give the child's first and last name, or their local child ID")
        if not row.get("child_date_of_birth"):
            problems.append(f"line {line}: the child has no date of birth: give it, or their local child ID")
    if problems or occurred is None:
        return None, None, problems
    incident = ParsedIncident(
        line=line,
        police_reference=row["police_reference"],
        occurred_at=occurred,
        place=row["place"],
        risk_level=risk,
        officer_name=row["officer"],
        circumstances=row.get("circumstances", ""),
    )
    child = ChildEntry(
        first_name=row.get("child_first_name", ""),
        last_name=row.get("child_last_name", ""),
        date_of_birth=born,
        present=present in YES,
        child_words=row.get("child_words", ""),
        local_child_id=row.get("child_local_id", ""),
        nhs_number=nhs,
    )
    return incident, child, []


def read_incidents(text: str, *, now: datetime) -> tuple[list[ParsedIncident], list[str]]:
    """The incidents of a police export, grouped by reference, and every problem found, by line."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        headers = [(name or "").strip().casefold() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        return [], [f"line 1: the file could not be read as CSV ({error})"]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        return [], [f"line 1: the heading row lacks {', '.join(missing)} (expected {','.join(COLUMNS)})"]
    reader.fieldnames = headers
    incidents: dict[str, ParsedIncident] = {}
    problems: list[str] = []
    rows = 0
    try:
        for number, raw in enumerate(reader):
            if number >= MAX_ROWS:
                problems.append(f"line {reader.line_num}: the file has more than {MAX_ROWS} rows: split it")
                break
            row = {key: value.strip() if isinstance(value, str) else "" for key, value in raw.items() if key}
            if any(row.values()):
                rows += 1
                _add_row(incidents, problems, reader.line_num, row, now)
    except csv.Error as error:
        return [], [f"line {reader.line_num}: the file could not be read as CSV ({error})"]
    if not rows and not problems:
        problems.append("line 2: the file has no incidents, only the heading row")
    return list(incidents.values()), problems


def _add_row(
    incidents: dict[str, ParsedIncident], problems: list[str], line: int, row: dict[str, str], now: datetime
) -> None:
    """Check one row and add its child to its incident (grouped by police reference), or record its problems."""
    parsed, child, row_problems = _row(line, row, now)
    problems.extend(row_problems)
    if parsed is None or child is None:
        return
    first = incidents.setdefault(parsed.police_reference.casefold(), parsed)
    if first is not parsed and (first.occurred_at, first.risk_level, first.place) != (
        parsed.occurred_at,
        parsed.risk_level,
        parsed.place,
    ):
        problems.append(
            f"line {line}: {parsed.police_reference} has another time, place or risk level than line {first.line}"
        )
        return
    first.children.append((line, child))
