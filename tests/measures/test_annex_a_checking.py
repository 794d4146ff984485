"""The Annex A checks, without a database: how dates, codes and answers are read, working days counted against an
independent list of bank holidays, and every rule a row can break, each shown with one bad row among good ones so
that the line, column and reason are the right ones and the good rows still pass."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.core.clocks import add_working_days, working_days_from
from partnership.measures import annex_a_checking as checking
from partnership.measures.annex_a_checking import (
    CheckedList,
    Findings,
    FormulaCell,
    check_table,
    heading_key,
    list_number_of,
    read_date,
    read_value,
)
from partnership.measures.models.annex_a import LIST_SPECS
from tests.bank_holidays import BANK_HOLIDAYS

TODAY = date(2026, 3, 31)
S47 = "Strategy discussion initiating Section 47 Enquiry Start Date"
ICPC = "Date of Initial Child Protection Conference"
NOT_REQUIRED = "Was an Initial Child Protection Conference deemed unnecessary?"
PLAN = "Did the Initial Child Protection Conference Result in a Child Protection Plan"
AUTHORISED = "Continuous Assessment Date of Authorisation"
STARTED = "Continuous Assessment Start Date"
CHILD = {"Gender": "b) Female", "Ethnicity": "WBRI", "Date of Birth": "01/05/2015"}
GOOD: dict[int, dict[str, Any]] = {
    1: {**CHILD, "Date of Contact": "05/01/2026", "Contact Source": "6: Police"},
    3: {
        **CHILD,
        "Date of Referral": "05/01/2026",
        "Referral Source": "2A",
        "Referral NFA?": "b) No",
        "Number of Referrals in Last 12 Months": "0",
    },
    4: {**CHILD, STARTED: "05/01/2026", AUTHORISED: "20/02/2026"},
    5: {**CHILD, S47: "05/01/2026", NOT_REQUIRED: "b) No", ICPC: "23/01/2026", PLAN: "a) Yes"},
}


def table(
    number: int, rows: list[dict[str, Any]], *, headings: list[str] | None = None
) -> tuple[CheckedList | None, Findings]:
    """Check a list's rows (heading: value), the first on line 2, under the list's own headings unless given."""
    names = headings or [column.heading for column in LIST_SPECS[number].columns]
    body = [(line, [row.get(name, "") for name in names]) for line, row in enumerate(rows, start=2)]
    findings = Findings()
    checked = check_table(number, f"List {number}", names, iter(body), today=TODAY, findings=findings)
    return checked, findings


def good_rows(number: int, bad: dict[str, Any], *, count: int = 4, bad_at: int = 2) -> list[dict[str, Any]]:
    """Good rows for children C1, C2 ... with the changes of `bad` made to the row at index `bad_at` (line 4)."""
    rows = [{**GOOD[number], "Child Unique ID": f"C{index + 1}"} for index in range(count)]
    rows[bad_at] = {**rows[bad_at], **bad}
    return rows


def working(day: date) -> bool:
    """A working day by the GOV.UK list, which runs to Easter 2027."""
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def working_days_by_hand(start: date, end: date) -> int:
    """Working days after the first working day on or after the start, up to the end, by the GOV.UK list."""
    while not working(start):
        start += timedelta(days=1)
    return sum(1 for offset in range(1, (end - start).days + 1) if working(start + timedelta(days=offset)))


# ---------------------------------------------------------------- reading values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/2026", date(2026, 1, 5)),
        ("5/1/2026", date(2026, 1, 5)),
        ("05-01-2026", date(2026, 1, 5)),
        ("05.01.2026", date(2026, 1, 5)),
        ("2026-01-05", date(2026, 1, 5)),
        ("2026-01-05T00:00:00", date(2026, 1, 5)),
        ("05/01/2026 14:30", date(2026, 1, 5)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        (datetime(2026, 1, 5, 0, 0), date(2026, 1, 5)),
        (date(2026, 1, 5), date(2026, 1, 5)),
        ("", None),
    ],
)
def test_dates_are_read_day_first_or_iso(text: Any, expected: date | None) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2026", "not a day of the calendar"),
        ("05/01/26", "two-digit year"),
        ("January 5th", "not a date written dd/mm/yyyy or yyyy-mm-dd"),
        ("2026/01/05", "not a date written"),
        (45000, "is the number 45000, not a date"),
    ],
)
def test_dates_that_cannot_be_read_say_why(text: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        read_date(text)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("gender", "a) Male", "1"),
        ("gender", "b) Female", "2"),
        ("gender", "c) Not stated/recorded (or unknown)", "0"),
        ("gender", "d) Neither", "9"),
        ("gender", "F", "2"),
        ("gender", 2, "2"),
        ("source", "6: Police", "6"),
        ("source", "q) 6: Police", "6"),
        ("source", "2a", "2A"),
        ("source", "3E A&E", "3E"),
        ("source", "10", "10"),
        ("source", "Schools", "2A"),
        ("source", "anonymous", "9"),
        ("ethnicity", "a) WBRI", "WBRI"),
        ("ethnicity", "BAFR: African", "BAFR"),
        ("ethnicity", "nobt", "NOBT"),
        ("yes_no", "a) Yes", True),
        ("yes_no", "N", False),
        ("yes_no", "", None),
        ("count", "3", 3),
        ("count", 2.0, 2),
        ("text", 1234567.0, "1234567"),
        ("text", "'=LIKE-A-FORMULA", "=LIKE-A-FORMULA"),
        ("text", "'quoted", "'quoted"),
    ],
)
def test_codes_are_read_as_annex_a_and_the_cin_census_write_them(kind: str, text: Any, expected: Any) -> None:
    assert read_value(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("gender", "x"),
        ("source", "11"),
        ("source", "1"),
        ("source", "1G"),
        ("source", "Police Scotland"),
        ("ethnicity", "WBRIX"),
        ("ethnicity", "ZZZZ"),
        ("yes_no", "maybe"),
        ("count", "-1"),
        ("count", "two"),
        ("text", "x" * 65),
    ],
)
def test_unknown_codes_are_refused(kind: str, text: Any) -> None:
    with pytest.raises(ValueError, match=r"must be|longer than"):
        read_value(kind, text)


def test_sheets_and_headings_are_matched_loosely() -> None:
    assert [
        list_number_of(name) for name in ("List 1", "list_3", "LIST-4 Assessments", "List5", "List 12", "Data")
    ] == [
        1,
        3,
        4,
        5,
        12,
        None,
    ]
    assert heading_key("Referral NFA?") == heading_key("  referral   nfa ") == "referral nfa"


# ---------------------------------------------------------------- working days


def test_working_days_skip_weekends_and_christmas_bank_holidays() -> None:
    # From Monday 22 December 2025: 25, 26 December and 1 January are bank holidays.
    assert working_days_from(date(2025, 12, 22), date(2026, 1, 15)) == 15
    assert working_days_from(date(2025, 12, 22), date(2026, 1, 16)) == 16
    assert working_days_from(date(2025, 12, 22), date(2025, 12, 22)) == 0
    assert working_days_from(date(2025, 12, 22), date(2025, 12, 1)) == 0
    # A start on a Saturday counts from the Monday, as the strategy meeting's ICPC deadline does.
    assert working_days_from(date(2026, 1, 3), date(2026, 1, 5)) == 0
    assert working_days_from(date(2026, 1, 3), date(2026, 1, 6)) == 1


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_working_days_agree_with_the_deadline_rule_and_the_published_bank_holidays(start: date, days: int) -> None:
    due = add_working_days(start, days)
    after = due + timedelta(days=1)
    assert working_days_from(start, due) == days
    assert working_days_from(start, after) == days + working(after)
    end = start + timedelta(days=days)
    assert working_days_from(start, end) == working_days_by_hand(start, end)


# ---------------------------------------------------------------- whole tables


@pytest.mark.parametrize("number", [1, 3, 4, 5])
def test_good_rows_pass_with_their_lines(number: int) -> None:
    checked, findings = table(number, good_rows(number, {}))
    assert findings.problems == [] and findings.warnings == []
    assert checked is not None
    assert [row["line"] for row in checked.rows] == [2, 3, 4, 5]
    assert [row["child_ref"] for row in checked.rows] == ["C1", "C2", "C3", "C4"]
    assert checked.rows[0]["gender"] == "2"
    assert checked.rows[0]["date_of_birth"] == date(2015, 5, 1)


BAD_ROWS = [
    (1, {"Child Unique ID": ""}, "Child Unique ID", "is empty"),
    (1, {"Gender": "boy or girl"}, "Gender", "must be male, female"),
    (1, {"Ethnicity": "XXXX"}, "Ethnicity", "must be a CIN census ethnicity code"),
    (1, {"Date of Contact": ""}, "Date of Contact", "is empty"),
    (1, {"Date of Contact": "32/01/2026"}, "Date of Contact", "is not a day of the calendar"),
    (1, {"Date of Contact": "01/04/2026"}, "Date of Contact", "is in the future (01/04/2026)"),
    (1, {"Date of Birth": "06/01/2026"}, "Date of Birth", "is after the Date of Contact (05/01/2026)"),
    (1, {"Date of Birth": "01/01/2027"}, "Date of Birth", "is in the future"),
    (1, {"Contact Source": "12"}, "Contact Source", "must be a CIN referral source code"),
    (1, {"Contact Source": FormulaCell('="6"')}, "Contact Source", 'holds the formula ="6"'),
    (3, {"Date of Referral": "2026-13-01"}, "Date of Referral", "is not a day of the calendar"),
    (3, {"Referral Source": ""}, "Referral Source", "is empty"),
    (3, {"Referral NFA?": "perhaps"}, "Referral NFA?", "must be yes or no"),
    (3, {"Number of Referrals in Last 12 Months": "1.5"}, "Number of Referrals in Last 12 Months", "whole number"),
    (4, {STARTED: ""}, STARTED, "is empty"),
    (4, {AUTHORISED: "02/01/2026"}, AUTHORISED, "is before the assessment started"),
    (4, {AUTHORISED: "15/04/2026"}, AUTHORISED, "is in the future"),
    (5, {ICPC: "02/01/2026"}, ICPC, "the conference must be on or after the start"),
    (5, {NOT_REQUIRED: "a) Yes"}, ICPC, "recorded as not required"),
    (5, {S47: "05/01/26"}, S47, "two-digit year"),
    (5, {PLAN: "sometimes"}, PLAN, "must be yes or no"),
]


@pytest.mark.parametrize(("number", "bad", "column", "reason"), BAD_ROWS)
def test_each_rule_refuses_its_row_on_the_right_line(
    number: int, bad: dict[str, Any], column: str, reason: str
) -> None:
    checked, findings = table(number, good_rows(number, bad))
    assert len(findings.problems) == 1, findings.problems
    problem = findings.problems[0]
    assert (problem.sheet, problem.line, problem.column) == (f"List {number}", 4, column)
    assert reason in problem.message
    assert str(problem).startswith(f"List {number}, line 4, {column}: ")
    assert checked is not None
    assert [row["line"] for row in checked.rows] == [2, 3, 5]  # the good rows pass all the same


def test_a_row_with_several_faults_reports_each() -> None:
    _, findings = table(1, good_rows(1, {"Gender": "?", "Contact Source": "", "Date of Birth": "01/01/2030"}))
    assert {(p.line, p.column) for p in findings.problems} == {
        (4, "Gender"),
        (4, "Contact Source"),
        (4, "Date of Birth"),
    }


@pytest.mark.parametrize("number", [1, 3, 4, 5])
def test_a_missing_required_column_refuses_the_list_at_its_heading_row(number: int) -> None:
    spec = LIST_SPECS[number]
    headings = [column.heading for column in spec.columns if column.field != spec.key_date]
    checked, findings = table(number, good_rows(number, {}), headings=headings)
    assert checked is None
    [problem] = findings.problems
    assert problem.line == 1
    assert next(c.heading for c in spec.columns if c.field == spec.key_date) in problem.message


def test_optional_columns_may_be_left_out_and_other_headings_are_accepted() -> None:
    headings = ["child unique id", "GENDER", "Contact Date", "contact source", "Age of Child (Years)", "Team"]
    rows = [{"child unique id": "C1", "GENDER": "1", "Contact Date": "2026-01-05", "contact source": "8"}]
    checked, findings = table(1, rows, headings=headings)
    assert findings.problems == []
    assert [str(w) for w in findings.warnings] == ["List 1, line 1: these columns are not read: Team"]
    assert checked is not None
    assert checked.rows == [
        {"line": 2, "child_ref": "C1", "gender": "1", "contact_date": date(2026, 1, 5), "contact_source": "8"}
    ]


def test_duplicate_referrals_assessments_and_enquiries_are_refused_and_duplicate_contacts_warned_of() -> None:
    for number in (3, 4, 5):
        rows = good_rows(number, {"Child Unique ID": "c1"})  # the same child (IDs are matched whatever the case)
        checked, findings = table(number, rows)
        assert [(p.line, p.message) for p in findings.problems] == [(4, findings.problems[0].message)]
        assert findings.problems[0].message.startswith("repeats line 2: the same child")
        assert checked is not None and len(checked.rows) == 3
    checked, findings = table(1, good_rows(1, {"Child Unique ID": "C1"}))
    assert findings.problems == []
    assert [w.line for w in findings.warnings] == [4]
    assert checked is not None and len(checked.rows) == 4
    _, findings = table(1, good_rows(1, {"Child Unique ID": "C1", "Contact Source": "2A"}))
    assert findings.warnings == []  # another source is another contact


def test_a_late_assessment_is_counted_not_refused() -> None:
    # Started Monday 5 January 2026; 45 working days later is Monday 9 March 2026 (no bank holidays between).
    rows = [
        {**GOOD[4], "Child Unique ID": "ON-TIME", AUTHORISED: "09/03/2026"},
        {**GOOD[4], "Child Unique ID": "LATE", AUTHORISED: "10/03/2026"},
        {**GOOD[4], "Child Unique ID": "OPEN", AUTHORISED: ""},
    ]
    checked, findings = table(4, rows)
    assert findings.problems == [] and findings.warnings == []
    assert checked is not None
    assert [(r["working_days"], r["is_late"]) for r in checked.rows] == [(45, False), (46, True), (None, None)]


def test_the_late_mark_follows_the_configured_target(settings: Any) -> None:
    settings.PARTNERSHIP_ASSESSMENT_WORKING_DAYS = 50
    checked, _ = table(4, [{**GOOD[4], "Child Unique ID": "C1", AUTHORISED: "10/03/2026"}])
    assert checked is not None and checked.rows[0]["is_late"] is False


def test_a_conference_on_a_bank_holiday_is_a_warning_and_its_working_days_are_kept() -> None:
    rows = [
        {**GOOD[5], "Child Unique ID": "C1", S47: "22/12/2025", ICPC: "15/01/2026"},
        {**GOOD[5], "Child Unique ID": "C2", S47: "22/12/2025", ICPC: "26/12/2025"},
        {**GOOD[5], "Child Unique ID": "C3", S47: "22/12/2025", ICPC: "", NOT_REQUIRED: "a) Yes"},
    ]
    checked, findings = table(5, rows)
    assert findings.problems == []
    assert [(w.line, w.column) for w in findings.warnings] == [(3, ICPC)]
    assert checked is not None
    assert [r["icpc_working_days"] for r in checked.rows] == [15, 2, None]


def test_a_date_on_a_weekend_is_not_a_problem() -> None:
    checked, findings = table(1, [{**GOOD[1], "Child Unique ID": "C1", "Date of Contact": "03/01/2026"}])
    assert findings.problems == [] and findings.warnings == []
    assert checked is not None and len(checked.rows) == 1


def test_re_referrals_are_marked_within_365_days_of_another_referral_of_the_child() -> None:
    def referral(child: str, day: str) -> dict[str, Any]:
        return {**GOOD[3], "Child Unique ID": child, "Date of Referral": day}

    rows = [
        referral("A", "05/01/2025"),
        referral("A", "05/01/2026"),  # 365 days after: a re-referral
        referral("B", "04/01/2025"),
        referral("B", "05/01/2026"),  # 366 days after: not
        referral("C", "05/01/2026"),  # another child's earlier referral does not count
        referral("A", "01/06/2025"),  # in between
    ]
    checked, _ = table(3, rows)
    assert checked is not None
    assert [(r["child_ref"], r["referral_date"].isoformat(), r["is_re_referral"]) for r in checked.rows] == [
        ("A", "2025-01-05", False),
        ("A", "2026-01-05", True),
        ("B", "2025-01-04", False),
        ("B", "2026-01-05", False),
        ("C", "2026-01-05", False),
        ("A", "2025-06-01", True),
    ]


def test_a_list_longer_than_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "MAX_ROWS", 3)
    _, findings = table(1, good_rows(1, {"Child Unique ID": "C9"}))
    assert [str(p) for p in findings.problems] == ["List 1: the list has more than 3 rows: split the file"]


def test_problems_beyond_the_cap_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "MAX_PROBLEMS", 2)
    rows = [{**GOOD[1], "Child Unique ID": f"C{n}", "Gender": "?"} for n in range(5)]
    _, findings = table(1, rows)
    assert [p.line for p in findings.problems] == [2, 3]
    assert str(findings.all_problems()[-1]) == "… and 3 more problems not listed."
    rows = [{**GOOD[1], "Child Unique ID": "C1"} for _ in range(5)]  # the same contact five times: four warnings
    _, findings = table(1, rows)
    assert [str(w) for w in findings.all_warnings()][2:] == ["… and 2 more warnings not listed."]
