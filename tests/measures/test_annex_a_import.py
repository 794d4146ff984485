"""Importing Annex A: a workbook of four lists or a CSV file of one, written whole or not at all (one bad row
anywhere refuses everything, listed by sheet, line and column), formulas refused, a new import of a list replacing
the current one, the `partnership import-annex-a` command, and the indicators computed from the current rows."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from partnership.access.models import Role
from partnership.cli import main
from partnership.core.clocks import LONDON
from partnership.measures import annex_a_checking as checking
from partnership.measures import calculators_annex_a as calculators
from partnership.measures.annex_a_checking import AnnexAImportError
from partnership.measures.annex_a_importing import annex_a_import
from partnership.measures.definitions import Cell
from partnership.measures.models import (
    AnnexAImport,
    IndicatorValue,
    List1Contact,
    List3Referral,
    List4Assessment,
    List5Enquiry,
)
from partnership.measures.models.annex_a import LIST_SPECS
from partnership.measures.rules import period_containing
from tests.factories import make_person
from tests.measures.test_annex_a_checking import AUTHORISED, GOOD, ICPC, NOT_REQUIRED, S47, STARTED

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=LONDON)
MODELS = {1: List1Contact, 3: List3Referral, 4: List4Assessment, 5: List5Enquiry}


def sheet_rows(number: int, rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The heading row of the list and its rows (heading: value) in the list's column order."""
    headings = [column.heading for column in LIST_SPECS[number].columns]
    return [headings, *[[row.get(name, "") for name in headings] for row in rows]]


def good(number: int, *children: str, **changes: Any) -> list[dict[str, Any]]:
    return [{**GOOD[number], "Child Unique ID": child, **changes} for child in children]


def workbook(sheets: dict[str, list[list[Any]]]) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def four_lists(**bad: list[dict[str, Any]]) -> io.BytesIO:
    """A workbook of Lists 1, 3, 4 and 5 with three good rows each, or the rows given as list_1=... instead."""
    return workbook(
        {
            f"List {number}": sheet_rows(number, bad.get(f"list_{number}", good(number, "C1", "C2", "C3")))
            for number in (1, 3, 4, 5)
        }
    )


def csv_file(number: int, rows: list[dict[str, Any]]) -> io.BytesIO:
    lines = [",".join(f'"{value}"' for value in row) for row in sheet_rows(number, rows)]
    return io.BytesIO(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def nothing_written() -> bool:
    return not AnnexAImport.objects.exists() and not any(model.objects.exists() for model in MODELS.values())


def refused(stream: io.BytesIO, filename: str = "annex-a.xlsx", **options: Any) -> AnnexAImportError:
    with pytest.raises(AnnexAImportError) as refusal:
        annex_a_import(actor=None, stream=stream, filename=filename, now=NOW, **options)
    return refusal.value


# ---------------------------------------------------------------- importing


def test_a_workbook_of_four_lists_is_imported_whole() -> None:
    admin = make_person(Role.ADMIN)
    result = annex_a_import(actor=admin, stream=four_lists(), filename="exports/annex-a.xlsx", now=NOW)
    record = result.annex_import
    assert result.rows == {1: 3, 3: 3, 4: 3, 5: 3}
    assert {number: model.objects.filter(annex_import=record).count() for number, model in MODELS.items()} == {
        1: 3,
        3: 3,
        4: 3,
        5: 3,
    }
    assert (record.file_name, record.imported_at, record.imported_by) == ("annex-a.xlsx", NOW, admin)
    assert (record.list_1_rows, record.list_3_rows, record.list_4_rows, record.list_5_rows) == (3, 3, 3, 3)
    assert record.is_current and all(record.holds_current(number) for number in (1, 3, 4, 5))
    assert (record.first_date, record.last_date) == (date(2026, 1, 5), date(2026, 2, 20))
    assert record.history.get().history_user == admin  # type: ignore[attr-defined]
    contact = List1Contact.objects.get(child_ref="C2")
    assert (contact.line, contact.gender, contact.ethnicity, contact.date_of_birth) == (
        3,
        "2",
        "WBRI",
        date(2015, 5, 1),
    )
    assert (contact.contact_date, contact.contact_source) == (date(2026, 1, 5), "6")
    enquiry = List5Enquiry.objects.get(child_ref="C1")
    assert (enquiry.icpc_date, enquiry.icpc_working_days, enquiry.icpc_not_required, enquiry.icpc_led_to_plan) == (
        date(2026, 1, 23),
        14,
        False,
        True,
    )
    assessment = List4Assessment.objects.get(child_ref="C3")
    assert (assessment.working_days, assessment.is_late) == (34, False)
    assert result.summary_lines()[0] == (
        "Imported annex-a.xlsx. List 1 (Contacts): 3 rows, List 3 (Referrals): 3 rows, List 4 (Assessments): 3 rows, "
        "List 5 (Section 47 enquiries and ICPCs): 3 rows."
    )


def test_a_csv_file_holds_the_list_its_option_or_name_says() -> None:
    result = annex_a_import(actor=None, stream=csv_file(3, good(3, "A", "B")), filename="refs.csv", list_number=3)
    assert result.rows == {3: 2}
    assert list(List3Referral.objects.order_by("line").values_list("line", "child_ref")) == [(2, "A"), (3, "B")]
    result = annex_a_import(actor=None, stream=csv_file(1, good(1, "A")), filename="Annex A List_1.csv")
    assert result.rows == {1: 1}
    problem = refused(csv_file(1, good(1, "A")), "contacts.csv")
    assert "Say which list the CSV file holds" in str(problem.problems[0])


def test_a_csv_written_by_excel_on_windows_is_read() -> None:
    text = "Child Unique ID,Gender,Date of Contact,Contact Source\r\nZoë-1,b) Female,05/01/2026,6\r\n"
    annex_a_import(actor=None, stream=io.BytesIO(text.encode("cp1252")), filename="list 1.csv", now=NOW)
    assert List1Contact.objects.get().child_ref == "Zoë-1"


@pytest.mark.parametrize(
    ("sheets", "where"),
    [
        ({"list_1": [*good(1, "C1"), *good(1, "C2", Gender="x")]}, "List 1, line 3, Gender"),
        ({"list_3": [*good(3, "C1"), *good(3, "C1")]}, "List 3, line 3"),
        (
            {"list_4": [*good(4, "C1", "C2"), *good(4, "C3", **{AUTHORISED: "01/01/2026"})]},
            f"List 4, line 4, {AUTHORISED}",
        ),
        ({"list_5": [*good(5, "C1"), *good(5, "C2", **{ICPC: "04/01/2026"})]}, f"List 5, line 3, {ICPC}"),
        ({"list_5": good(5, "C1", **{ICPC: "06/01/2026", NOT_REQUIRED: "yes"})}, f"List 5, line 2, {ICPC}"),
        ({"list_1": good(1, "C1", **{"Date of Contact": "01/04/2026"})}, "List 1, line 2, Date of Contact"),
    ],
)
def test_one_bad_row_anywhere_refuses_the_whole_file(sheets: dict[str, Any], where: str) -> None:
    refusal = refused(four_lists(**sheets))
    assert [str(problem).split(":")[0] for problem in refusal.problems] == [where]
    assert refusal.errors["file"] == [str(problem) for problem in refusal.problems]
    assert nothing_written()


def test_a_formula_cell_is_refused_and_never_evaluated() -> None:
    rows = sheet_rows(4, good(4, "C1", "C2"))
    rows[2][5] = "=TODAY()"  # openpyxl writes text starting with = as a formula
    refusal = refused(workbook({"List 4": rows}))
    assert [str(p) for p in refusal.problems] == [
        f"List 4, line 3, {AUTHORISED}: holds the formula =TODAY(): Annex A needs values, not formulas"
    ]
    assert nothing_written()


def test_formula_like_text_written_with_a_leading_quote_is_read_as_text() -> None:
    annex_a_import(actor=None, stream=workbook({"List 1": sheet_rows(1, good(1, "'=1+2"))}), filename="a.xlsx")
    assert List1Contact.objects.get().child_ref == "=1+2"


def test_a_failure_while_writing_leaves_nothing_written(monkeypatch: pytest.MonkeyPatch) -> None:
    first = annex_a_import(actor=None, stream=four_lists(), filename="first.xlsx", now=NOW).annex_import

    from partnership.measures import annex_a_importing

    writes = annex_a_importing.insert_rows

    def broken(model: Any, rows: Any, **kwargs: Any) -> int:
        if model is List5Enquiry:
            raise RuntimeError("disk full")
        return writes(model, rows, **kwargs)

    monkeypatch.setattr(annex_a_importing, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        annex_a_import(actor=None, stream=four_lists(), filename="second.xlsx", now=NOW)
    assert list(AnnexAImport.objects.all()) == [first]
    first.refresh_from_db()
    assert first.is_current and all(first.holds_current(number) for number in (1, 3, 4, 5))
    assert List1Contact.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"not a zip at all", "annex-a.xlsx", "could not be read as an Excel workbook"),
        (b"", "annex-a.ods", "must be an Excel workbook (.xlsx) or a CSV file"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(content: bytes, filename: str, message: str) -> None:
    refusal = refused(io.BytesIO(content), filename)
    assert message in str(refusal.problems[0])
    assert nothing_written()


def test_sheets_that_are_not_read_are_warned_of_and_a_list_twice_is_refused() -> None:
    stream = workbook({"List 1": sheet_rows(1, good(1, "C1")), "List 2": [["Child Unique ID"], ["C1"]], "Notes": []})
    result = annex_a_import(actor=None, stream=stream, filename="a.xlsx", now=NOW)
    assert [str(w) for w in result.warnings] == [
        "List 2: the sheet is not read: Partnership imports Lists 1, 3, 4 and 5",
        "Notes: the sheet is not read: Partnership imports Lists 1, 3, 4 and 5",
    ]
    assert result.annex_import.warnings == [str(w) for w in result.warnings]
    twice = workbook({"List 1": sheet_rows(1, good(1, "C1")), "list_1 (copy)": sheet_rows(1, good(1, "C2"))})
    refusal = refused(twice)
    assert [str(p) for p in refusal.problems] == ["list_1 (copy): a second sheet for List 1 (the first is 'List 1')"]
    refusal = refused(workbook({"Contacts": sheet_rows(1, good(1, "C1"))}))
    assert "has no sheet for Lists 1, 3, 4 and 5" in str(refusal.problems[0])


def test_a_list_over_the_row_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "MAX_ROWS", 3)
    refusal = refused(four_lists(list_3=good(3, "A", "B", "C", "D")))
    assert [str(p) for p in refusal.problems] == ["List 3: the list has more than 3 rows: split the file"]
    assert nothing_written()


def test_a_new_import_of_a_list_replaces_only_that_list() -> None:
    first = annex_a_import(actor=None, stream=four_lists(), filename="first.xlsx", now=NOW).annex_import
    second = annex_a_import(
        actor=None, stream=csv_file(1, good(1, "N1", "N2", "N3", "N4")), filename="list-1.csv", now=NOW
    )
    first.refresh_from_db()
    assert second.replaced == [1]
    assert (first.list_1_current, first.list_3_current, first.list_4_current, first.list_5_current) == (
        False,
        True,
        True,
        True,
    )
    assert first.is_current
    assert List1Contact.objects.count() == 7  # the earlier rows are kept
    january = period_containing("month", date(2026, 1, 1))
    assert calculators.contacts(january, NOW) == [Cell("", "", "All contacts", 4, None)]
    rest = workbook({f"List {n}": sheet_rows(n, good(n, "R1")) for n in (3, 4, 5)})
    annex_a_import(actor=None, stream=rest, filename="rest.xlsx", now=NOW)
    first.refresh_from_db()
    assert not first.is_current
    assert AnnexAImport.objects.filter(is_current=True).count() == 2
    assert calculators.referrals(january, NOW) == [Cell("", "", "All referrals", 1, None)]
    assert first.history.count() == 3  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the indicators


def referral(child: str, day: str) -> dict[str, Any]:
    return {**GOOD[3], "Child Unique ID": child, "Date of Referral": day}


def test_counts_follow_the_period_days_inclusive() -> None:
    contacts = [
        *good(1, "A", **{"Date of Contact": "31/12/2025"}),
        *good(1, "B", **{"Date of Contact": "01/01/2026"}),
        *good(1, "C", **{"Date of Contact": "31/01/2026"}),
        *good(1, "D", **{"Date of Contact": "01/02/2026"}),
    ]
    enquiries = [*good(5, "A", **{S47: "02/01/2026", ICPC: ""}), *good(5, "B", **{S47: "30/01/2026", ICPC: ""})]
    stream = four_lists(list_1=contacts, list_5=enquiries, list_3=[referral("A", "15/01/2026")])
    annex_a_import(actor=None, stream=stream, filename="a.xlsx", now=NOW)
    january = period_containing("month", date(2026, 1, 1))
    quarter = period_containing("quarter", date(2026, 1, 1))
    assert calculators.contacts(january, NOW) == [Cell("", "", "All contacts", 2, None)]
    assert calculators.contacts(quarter, NOW) == [Cell("", "", "All contacts", 3, None)]
    assert calculators.s47_enquiries(january, NOW) == [Cell("", "", "All children", 2, None)]
    assert calculators.referrals(january, NOW) == [Cell("", "", "All referrals", 1, None)]


def test_no_figure_without_a_current_list_or_for_a_period_its_dates_do_not_reach() -> None:
    quarter = period_containing("quarter", date(2026, 1, 1))
    everything = [definition.calculator for definition in calculators.DEFINITIONS]
    assert all(calculator is not None and calculator(quarter, NOW) == [] for calculator in everything)
    annex_a_import(actor=None, stream=four_lists(), filename="a.xlsx", now=NOW)
    assert all(calculator is not None and len(calculator(quarter, NOW)) == 1 for calculator in everything)
    before = period_containing("quarter", date(2025, 12, 31))
    after = period_containing("quarter", date(2026, 4, 1))
    assert all(
        calculator is not None and calculator(before, NOW) == calculator(after, NOW) == [] for calculator in everything
    )
    february = period_containing("month", date(2026, 2, 1))  # the contacts stop in January; an assessment ends then
    assert calculators.contacts(february, NOW) == []
    assert calculators.assessments_on_time(february, NOW) == [Cell("", "", "All authorised assessments", 3, 3)]


def test_re_referrals_are_the_share_with_another_referral_in_the_year_before() -> None:
    rows = [
        referral("A", "10/01/2025"),
        referral("A", "10/01/2026"),  # 365 days: a re-referral
        referral("B", "09/01/2025"),
        referral("B", "10/01/2026"),  # 366 days: not
        referral("C", "20/01/2026"),
        referral("C", "27/01/2026"),  # a week after: a re-referral
    ]
    annex_a_import(actor=None, stream=four_lists(list_3=rows), filename="a.xlsx", now=NOW)
    january = period_containing("month", date(2026, 1, 1))
    assert calculators.re_referrals(january, NOW) == [Cell("", "", "All referrals", 2, 4)]


def test_conferences_within_15_working_days_are_counted_in_the_month_they_were_held(settings: Any) -> None:
    # From Monday 22 December 2025, the 15th working day is Thursday 15 January 2026 (three bank holidays between).
    rows = [
        *good(5, "ON-TIME", **{S47: "22/12/2025", ICPC: "15/01/2026"}),
        *good(5, "LATE", **{S47: "22/12/2025", ICPC: "16/01/2026"}),
        *good(5, "NONE", **{S47: "22/12/2025", ICPC: "", NOT_REQUIRED: "yes"}),
        *good(5, "DECEMBER", **{S47: "01/12/2025", ICPC: "19/12/2025"}),
    ]
    annex_a_import(actor=None, stream=four_lists(list_5=rows), filename="a.xlsx", now=NOW)
    january = period_containing("month", date(2026, 1, 1))
    assert calculators.icpc_on_time(january, NOW) == [Cell("", "", "All initial conferences", 1, 2)]
    settings.PARTNERSHIP_ICPC_WORKING_DAYS = 16
    assert calculators.icpc_on_time(january, NOW) == [Cell("", "", "All initial conferences", 2, 2)]


def test_assessments_within_45_working_days_are_counted_in_the_month_they_were_authorised() -> None:
    rows = [
        *good(4, "ON-TIME", **{STARTED: "05/01/2026", AUTHORISED: "09/03/2026"}),
        *good(4, "LATE", **{STARTED: "05/01/2026", AUTHORISED: "10/03/2026"}),
        *good(4, "OPEN", **{STARTED: "05/01/2026", AUTHORISED: ""}),
        *good(4, "FEBRUARY", **{STARTED: "05/01/2026", AUTHORISED: "27/02/2026"}),
    ]
    result = annex_a_import(actor=None, stream=four_lists(list_4=rows), filename="a.xlsx", now=NOW)
    assert result.late_assessments == 1
    march = period_containing("month", date(2026, 3, 1))
    assert calculators.assessments_on_time(march, NOW) == [Cell("", "", "All authorised assessments", 1, 2)]


def test_each_calculator_runs_the_same_few_queries_whatever_the_number_of_rows() -> None:
    quarter = period_containing("quarter", date(2026, 1, 1))
    annex_a_import(actor=None, stream=four_lists(), filename="small.xlsx", now=NOW)
    small = {d.key: queries(d.calculator, quarter) for d in calculators.DEFINITIONS if d.calculator is not None}
    many = [f"M{number}" for number in range(60)]
    big = workbook({f"List {n}": sheet_rows(n, good(n, *many)) for n in (1, 3, 4, 5)})
    annex_a_import(actor=None, stream=big, filename="big.xlsx", now=NOW)
    assert calculators.contacts(quarter, NOW)[0].numerator == 60
    large = {d.key: queries(d.calculator, quarter) for d in calculators.DEFINITIONS if d.calculator is not None}
    assert small == large
    assert max(large.values()) <= 2


def queries(calculator: Any, period: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        calculator(period, NOW)
    return len(captured)


# ---------------------------------------------------------------- the command


def test_the_command_imports_prints_a_summary_and_computes_the_indicators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annex-a.xlsx"
    path.write_bytes(four_lists().getvalue())
    assert main(["import-annex-a", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported annex-a.xlsx. List 1 (Contacts): 3 rows" in out
    assert "The rows run from 05/01/2026 to 20/02/2026." in out
    assert "0 warnings." in out
    values = IndicatorValue.objects.filter(indicator__key="annex-a-contacts", period_kind="month", is_current=True)
    assert [(v.period_start, v.numerator, v.source) for v in values] == [(date(2026, 1, 1), 3, "imported")]


def test_the_command_lists_every_problem_and_exits_1_having_written_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list-5.csv"
    rows = [*good(5, "C1", **{ICPC: "04/01/2026"}), *good(5, "C2", **{S47: "someday"})]
    path.write_bytes(csv_file(5, rows).getvalue())
    assert main(["import-annex-a", str(path), "--list", "5", "--quiet"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "The file was not imported; nothing was written. 2 problems."
    assert err[1].startswith(f"List 5, line 2, {ICPC}: is before the Section 47 enquiry started")
    assert err[2].startswith(f"List 5, line 3, {S47}: is not a date")
    assert nothing_written()
    assert main(["import-annex-a", str(tmp_path / "missing.xlsx")]) == 2
