"""Writing Ofsted Annex A Lists 1, 3, 4 and 5 from Partnership's own records, one sheet each, in the columns the
import reads, so a file written here can be imported again.

- List 1: one row per child per contact received in the range (London days).
- List 3: one row per child per contact whose MASH enquiry was decided in the range with an outcome that makes it
  a referral (child and family assessment or strategy discussion); the referral date is the London day of the
  decision, and the number of referrals counts the child's other referrals decided in the 365 days before.
- List 4: one row per child referred for a child and family assessment, started on the referral date. Partnership
  does not hold assessments, so the authorisation date is left blank.
- List 5: one row per child for whom a strategy meeting held in the range decided to start a Section 47 enquiry,
  started on the London day of the meeting. Partnership does not hold conferences, so the ICPC date is blank.

A child is known only by the council's local child ID. Two rows of Lists 3, 4 or 5 for the same child on the same
day would be refused as duplicates by the import, so only the first is written and the others are counted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from partnership.core.clocks import LONDON, london_date
from partnership.core.progress import SILENT, Progress
from partnership.frontdoor.measures import REFERRAL_OUTCOMES
from partnership.frontdoor.models import Outcome
from partnership.frontdoor.selectors import contact_children_for_annex_a
from partnership.measures.annex_a_checking import FORMULA_STARTS, QUOTE, RE_REFERRAL_DAYS
from partnership.measures.models import LISTS, AnnexAGender, ReferralSource
from partnership.measures.models.annex_a import LIST_SPECS
from partnership.strategy.selectors import s47_children_for_annex_a

GENDER_WORDS = {
    AnnexAGender.MALE: "a) Male",
    AnnexAGender.FEMALE: "b) Female",
    AnnexAGender.NOT_KNOWN: "c) Not stated/recorded",
    AnnexAGender.NEITHER: "d) Neither",
}
SOURCE_WORDS = {code: f"{code}: {label}" for code, label in ReferralSource.choices}
CHILD_FIELDS = ("child__local_child_id", "child__gender", "child__ethnicity", "child__date_of_birth")
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class AnnexAExport:
    """What an export wrote: the London days it covers, the rows of each list, and the same-day repeats left out."""

    first: date
    last: date
    rows: dict[int, int]
    repeats_left_out: dict[int, int]

    def summary_lines(self) -> list[str]:
        """The result in a few lines for the command line."""
        lists = ", ".join(f"List {number}: {count:,}" for number, count in self.rows.items())
        lines = [f"Annex A from {self.first:%d/%m/%Y} to {self.last:%d/%m/%Y}. Rows: {lists}."]
        repeats = {number: count for number, count in self.repeats_left_out.items() if count}
        if repeats:
            left_out = ", ".join(f"List {number}: {count:,}" for number, count in repeats.items())
            lines.append(f"Left out as a second row for the same child on the same day: {left_out}.")
        return lines


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def safe_text(text: str) -> str:
    """Text as written into a cell: with one leading quote when a spreadsheet could run it as a formula."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def _child(row: dict[str, Any]) -> list[Any]:
    return [
        row["child__local_child_id"],
        GENDER_WORDS.get(row["child__gender"], GENDER_WORDS[AnnexAGender.NOT_KNOWN]),
        row["child__ethnicity"] or "",
        row["child__date_of_birth"],
    ]


def _first_each_day(rows: list[tuple[str, date, list[Any]]]) -> tuple[list[list[Any]], int]:
    """The rows, keeping only the first of any that share a child and a day; and how many were left out."""
    seen: set[tuple[str, date]] = set()
    kept: list[list[Any]] = []
    for child_ref, day, cells in rows:
        if (child_ref, day) not in seen:
            seen.add((child_ref, day))
            kept.append(cells)
    return kept, len(rows) - len(kept)


def _list_1(first: date, last: date) -> list[list[Any]]:
    links = contact_children_for_annex_a().filter(
        contact__received_at__gte=_midnight(first), contact__received_at__lt=_midnight(last + timedelta(days=1))
    )
    rows = links.order_by("contact__received_at", "child__local_child_id").values(
        *CHILD_FIELDS, "contact__received_at", "contact__source"
    )
    return [
        [*_child(row), london_date(row["contact__received_at"]), SOURCE_WORDS.get(row["contact__source"], "")]
        for row in rows.iterator(chunk_size=5_000)
    ]


def _referrals(first: date, last: date) -> list[dict[str, Any]]:
    """The referral rows of the range, oldest first, each with the child's other referrals in the year before."""
    referred = contact_children_for_annex_a().filter(
        contact__enquiry__outcome__in=REFERRAL_OUTCOMES, contact__enquiry__decided_at__isnull=False
    )
    start, end = _midnight(first), _midnight(last + timedelta(days=1))
    rows = list(
        referred.filter(contact__enquiry__decided_at__gte=start, contact__enquiry__decided_at__lt=end)
        .order_by("contact__enquiry__decided_at", "child__local_child_id")
        .values(
            *CHILD_FIELDS, "child_id", "contact__enquiry__decided_at", "contact__enquiry__outcome", "contact__source"
        )
    )
    decided_of: dict[Any, list[datetime]] = defaultdict(list)
    for child_id, decided_at in referred.filter(
        child_id__in={row["child_id"] for row in rows},
        contact__enquiry__decided_at__gte=start - timedelta(days=RE_REFERRAL_DAYS),
        contact__enquiry__decided_at__lt=end,
    ).values_list("child_id", "contact__enquiry__decided_at"):
        decided_of[child_id].append(decided_at)
    for instants in decided_of.values():
        instants.sort()
    for row in rows:
        instants, decided = decided_of[row["child_id"]], row["contact__enquiry__decided_at"]
        since = bisect_left(instants, decided - timedelta(days=RE_REFERRAL_DAYS))
        row["earlier"] = bisect_left(instants, decided) - since
        row["day"] = london_date(decided)
    return rows


def _list_3(referrals: list[dict[str, Any]]) -> tuple[list[list[Any]], int]:
    cells = [
        (
            row["child__local_child_id"],
            row["day"],
            [*_child(row), row["day"], SOURCE_WORDS.get(row["contact__source"], ""), "b) No", row["earlier"]],
        )
        for row in referrals
    ]
    return _first_each_day(cells)


def _list_4(referrals: list[dict[str, Any]]) -> tuple[list[list[Any]], int]:
    cells = [
        (row["child__local_child_id"], row["day"], [*_child(row), row["day"], None])
        for row in referrals
        if row["contact__enquiry__outcome"] == Outcome.ASSESSMENT
    ]
    return _first_each_day(cells)


def _list_5(first: date, last: date) -> tuple[list[list[Any]], int]:
    rows = (
        s47_children_for_annex_a()
        .filter(meeting__held_at__gte=_midnight(first), meeting__held_at__lt=_midnight(last + timedelta(days=1)))
        .order_by("meeting__held_at", "child__local_child_id")
        .values(*CHILD_FIELDS, "meeting__held_at")
    )
    cells = []
    for row in rows:
        day = london_date(row["meeting__held_at"])
        cells.append((row["child__local_child_id"], day, [*_child(row), day, None, None, None]))
    return _first_each_day(cells)


def _sheet(workbook: Workbook, number: int, rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(f"List {number}")
    bold = Font(bold=True)
    headings = []
    for column in LIST_SPECS[number].columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = bold
        headings.append(cell)
    sheet.append(headings)
    for values in rows:
        sheet.append([_value(sheet, value) for value in values])


def _value(sheet: Any, value: Any) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return safe_text(value) if isinstance(value, str) else value


def annex_a_export(*, stream: IO[bytes], first: date, last: date, progress: Progress | None = None) -> AnnexAExport:
    """Write Lists 1, 3, 4 and 5 for the London days first to last from Partnership's records as a workbook."""
    progress = progress or SILENT
    progress.stage("Finding the rows of Lists 1, 3, 4 and 5")
    referrals = _referrals(first, last)
    lists: dict[int, tuple[list[list[Any]], int]] = {
        1: (_list_1(first, last), 0),
        3: _list_3(referrals),
        4: _list_4(referrals),
        5: _list_5(first, last),
    }
    workbook = Workbook(write_only=True)
    for number in LISTS:
        progress.stage(f"Writing List {number}", total=len(lists[number][0]))
        _sheet(workbook, number, lists[number][0])
        progress.advance(len(lists[number][0]))
    progress.stage("Saving the workbook")
    workbook.save(stream)
    progress.close()
    return AnnexAExport(
        first=first,
        last=last,
        rows={number: len(rows) for number, (rows, _) in lists.items()},
        repeats_left_out={number: repeats for number, (_, repeats) in lists.items()},
    )
