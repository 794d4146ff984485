"""Exporting Annex A Lists 1, 3, 4 and 5 from Partnership's records: which records make a row, London days at the
edges of the range, the number of earlier referrals, same-day repeats left out, formula-like text neutralised, and
the `partnership export-annex-a` command."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from partnership.access.models import Agency, Role, User
from partnership.children.models import Child
from partnership.cli import main
from partnership.core.clocks import LONDON, add_months
from partnership.frontdoor.models import Contact, MashEnquiry
from partnership.measures.annex_a_exporting import annex_a_export
from partnership.measures.annex_a_importing import annex_a_import
from partnership.measures.models import List1Contact, List3Referral, List5Enquiry
from partnership.measures.models.annex_a import LIST_SPECS
from partnership.strategy.models import MeetingChild, MeetingState, StrategyMeeting
from tests.children.builders import build_child
from tests.factories import make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.strategy.builders import build_meeting

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2026, 1, 1), date(2026, 3, 31)


def at(text: str) -> datetime:
    """A London wall-clock time, written YYYY-MM-DD HH:MM."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def contact_at(
    children: list[Child], *, by: User, received: str, source: str = "6", decided: str = "", outcome: str = ""
) -> Contact:
    """A contact about the children received at a London time, decided with the outcome if `decided` is given."""
    contact = build_contact(child=children[0], by=by)
    contact.children.add(*children[1:])
    Contact.objects.filter(pk=contact.pk).update(received_at=at(received), source=source)
    if decided:
        enquiry = build_enquiry(contact=contact, by=by, agencies=[])
        MashEnquiry.objects.filter(pk=enquiry.pk).update(decided_at=at(decided), outcome=outcome)
    return contact


def meeting_at(
    children: dict[Child, str], *, agency: Agency, by: User, held: str | None, state: str = MeetingState.SHARED
) -> StrategyMeeting:
    """A strategy meeting held at a London time about the children, each with its Section 47 decision."""
    first, *others = children
    meeting = build_meeting(child=first, agency=agency, by=by, invited=[])
    StrategyMeeting.objects.filter(pk=meeting.pk).update(held_at=at(held) if held else None, state=state)
    MeetingChild.objects.filter(meeting=meeting).update(s47=children[first])
    for child in others:
        MeetingChild.objects.create(meeting=meeting, child=child, s47=children[child])
    return meeting


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook as rows of values, the headings first; dates as dates."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    found = {}
    for title in book.sheetnames:
        rows = [[value.date() if isinstance(value, datetime) else value for value in row] for row in book[title].values]
        found[title] = [row + [None] * (len(rows[0]) - len(row)) for row in rows]  # blank cells at the end are not kept
    return found


@pytest.fixture
def practice(council: Agency) -> dict[str, Any]:
    """Three children (one unborn, one with a formula-like ID) and a quarter of contacts, decisions and meetings."""
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    a = build_child(agency=council, local_child_id="K-A", gender="2", ethnicity="WBRI", date_of_birth=date(2015, 5, 1))
    b = build_child(agency=council, local_child_id="=HYPERLINK(1)", gender="1", ethnicity="BAFR")
    u = build_child(
        agency=council, local_child_id="K-U", first_name="Unborn", date_of_birth=None,
        expected_date_of_birth=date(2026, 6, 1),
    )  # fmt: skip
    # Before the range: a referral of A last June (counted as an earlier referral) and a contact on New Year's Eve.
    contact_at([a], by=worker, received="2025-06-01 09:00", decided="2025-06-01 12:00", outcome="assessment")
    contact_at([a], by=worker, received="2025-12-31 23:30", decided="2026-01-02 10:00", outcome="nfa")
    # In the range.
    contact_at([a, b], by=worker, received="2026-01-10 10:00", decided="2026-01-10 15:00", outcome="assessment")
    contact_at([b], by=worker, received="2026-01-10 16:00", source="2A", decided="2026-01-10 17:00", outcome="strategy")
    contact_at([u], by=worker, received="2026-02-02 09:00", source="3B", decided="2026-02-03 09:00", outcome="advice")
    contact_at(
        [a], by=worker, received="2026-02-10 09:00", source="1A", decided="2026-02-10 11:00", outcome="assessment"
    )
    # Received on the last evening of the range, decided after it: a contact, not a referral, of the range.
    contact_at([a], by=worker, received="2026-03-31 23:30", decided="2026-04-01 00:30", outcome="strategy")
    meeting_at({a: "yes", b: "no"}, agency=council, by=worker, held="2026-01-12 10:00")
    meeting_at({a: "yes"}, agency=council, by=worker, held="2026-01-20 10:00", state=MeetingState.CANCELLED)
    meeting_at({u: "yes"}, agency=council, by=worker, held="2026-03-31 00:30")  # 30 March 23:30 UTC
    meeting_at({b: "yes"}, agency=council, by=worker, held=None, state=MeetingState.CONVENING)
    return {"a": a, "b": b, "u": u}


def test_the_export_writes_each_list_from_the_records_that_make_its_rows(practice: dict[str, Any]) -> None:
    stream = io.BytesIO()
    exported = annex_a_export(stream=stream, first=FIRST, last=LAST)
    found = sheets(stream.getvalue())
    assert list(found) == ["List 1", "List 3", "List 4", "List 5"]
    for number in (1, 3, 4, 5):
        assert found[f"List {number}"][0] == [column.heading for column in LIST_SPECS[number].columns]
    b = "'=HYPERLINK(1)"  # neutralised: a spreadsheet shows it as text and never runs it
    female, male = ("K-A", "b) Female", "WBRI", date(2015, 5, 1)), (b, "a) Male", "BAFR", date(2015, 5, 1))
    unborn = ("K-U", "c) Not stated/recorded", "NOBT", None)
    assert [tuple(row) for row in found["List 1"][1:]] == [
        (*male, date(2026, 1, 10), "6: Police"),  # "=" sorts before "K"
        (*female, date(2026, 1, 10), "6: Police"),
        (*male, date(2026, 1, 10), "2A: Schools"),
        (*unborn, date(2026, 2, 2), "3B: Health services: health visitor"),
        (*female, date(2026, 2, 10), "1A: Individual: family member, relative or carer"),
        (*female, date(2026, 3, 31), "6: Police"),
    ]
    assert [tuple(row) for row in found["List 3"][1:]] == [
        (*male, date(2026, 1, 10), "6: Police", "b) No", 0),
        (*female, date(2026, 1, 10), "6: Police", "b) No", 1),
        (*female, date(2026, 2, 10), "1A: Individual: family member, relative or carer", "b) No", 2),
    ]
    assert [tuple(row) for row in found["List 4"][1:]] == [
        (*male, date(2026, 1, 10), None),
        (*female, date(2026, 1, 10), None),
        (*female, date(2026, 2, 10), None),
    ]
    assert [tuple(row) for row in found["List 5"][1:]] == [
        (*female, date(2026, 1, 12), None, None, None),
        (*unborn, date(2026, 3, 31), None, None, None),
    ]
    assert exported.rows == {1: 6, 3: 3, 4: 3, 5: 2}
    assert exported.repeats_left_out == {1: 0, 3: 1, 4: 0, 5: 0}  # B's second referral on 10 January
    assert exported.summary_lines() == [
        "Annex A from 01/01/2026 to 31/03/2026. Rows: List 1: 6, List 3: 3, List 4: 3, List 5: 2.",
        "Left out as a second row for the same child on the same day: List 3: 1.",
    ]


def test_the_export_is_read_back_by_the_import(practice: dict[str, Any]) -> None:
    stream = io.BytesIO()
    annex_a_export(stream=stream, first=FIRST, last=LAST)
    stream.seek(0)
    result = annex_a_import(actor=None, stream=stream, filename="annex-a.xlsx")
    assert result.rows == {1: 6, 3: 3, 4: 3, 5: 2}
    assert result.warnings == []
    assert set(List1Contact.objects.values_list("child_ref", flat=True)) == {"K-A", "=HYPERLINK(1)", "K-U"}
    assert list(List3Referral.objects.order_by("line").values_list("referrals_last_12_months", "is_re_referral")) == [
        (0, False),
        (1, False),  # A's June referral is before the range, so not in the file
        (2, True),
    ]
    assert List5Enquiry.objects.get(child_ref="K-U").s47_start_date == date(2026, 3, 31)


def test_an_empty_range_writes_the_headings_only(council: Agency) -> None:
    stream = io.BytesIO()
    exported = annex_a_export(stream=stream, first=FIRST, last=LAST)
    assert exported.rows == {1: 0, 3: 0, 4: 0, 5: 0}
    assert [len(rows) for rows in sheets(stream.getvalue()).values()] == [1, 1, 1, 1]


def test_the_command_writes_the_last_six_months_by_default(
    practice: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annex-a.xlsx"
    assert main(["export-annex-a", "-o", str(path), "--from", "2026-01-01", "--to", "2026-03-31"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        "Annex A from 01/01/2026 to 31/03/2026. Rows: List 1: 6, List 3: 3, List 4: 3, List 5: 2.",
        "Left out as a second row for the same child on the same day: List 3: 1.",
        f"Written to {path}.",
    ]
    assert out[-1].startswith(f"Wrote 14 rows in 4 lists to {path} (")
    assert len(sheets(path.read_bytes())["List 1"]) == 7
    today = timezone.localdate()
    assert main(["export-annex-a", "-o", str(path)]) == 0
    first = add_months(today, -6) + timedelta(days=1)
    assert capsys.readouterr().out.startswith(f"Annex A from {first:%d/%m/%Y} to {today:%d/%m/%Y}.")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "--from must be a date written YYYY-MM-DD"),
        (["--from", "2026-04-01", "--to", "2026-03-31"], "must not be after --to"),
        (["-o", "annex-a.csv"], "must end in .xlsx"),
    ],
)
def test_the_command_refuses_bad_options_with_exit_status_2(
    arguments: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = ["-o", str(tmp_path / "annex-a.xlsx")] if "-o" not in arguments else []
    assert main(["export-annex-a", *output, *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "annex-a.xlsx").exists()
