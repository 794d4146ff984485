"""Plan import and export: a lossless round trip in xlsx, YAML and JSON, and bad files refused whole."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from django.apps import apps

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.access.services import agency_create
from partnership.cli import main
from partnership.plans import services
from partnership.plans.exporting import WRITERS, plan_to_data
from partnership.plans.importing import ImportProblem, PlanImportError, plan_import, plan_import_file, read_xlsx
from partnership.plans.models import (
    Action,
    ActionRevision,
    DeliveryGroup,
    DeliveryStatus,
    Finding,
    Inspection,
    ScrutinyActivity,
    Theme,
)
from tests.factories import make_person

pytestmark = pytest.mark.django_db

FORMATS = ["xlsx", "yaml", "json"]


def build_rich_plan() -> tuple[Inspection, User]:
    """A plan with every kind of value: revised due dates, group owners, many-to-many links, formula-like text."""
    admin = make_person(Role.ADMIN)
    lead = make_person(Role.ACTION_LEAD, username="lead.officer")
    police = agency_create(name="Durham Constabulary", kind=AgencyKind.POLICE)
    health = agency_create(name="County Durham and Darlington NHS Foundation Trust", kind=AgencyKind.HEALTH)
    council = agency_create(name="Durham County Council Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    inspection = services.inspection_create(
        title="JTAI: the multi-agency response to children living with domestic abuse",
        area="County Durham",
        plan_start=date(2018, 9, 3),
        fieldwork_start=date(2018, 7, 9),
        fieldwork_end=date(2018, 7, 13),
        letter_date=date(2018, 8, 29),
        inspectorates=["Ofsted", "CQC", "HMICFRS", "HMI Probation"],
        deep_dive_theme="Children living with domestic abuse",
        notes="=SUM(A1)\nA second line of notes.",
    )
    strategy = services.theme_create(inspection=inspection, number=1, title="Strategy Meetings", description="-5 days")
    front_door = services.theme_create(inspection=inspection, number=2, title="Front Door & MASH")
    services.theme_create(inspection=inspection, number=3, title="Voice of the Child", description="@everyone")
    mash_board = services.delivery_group_create(name="MASH Board")
    delivery = services.delivery_group_create(name="Multi-agency safeguarding delivery group")
    p1 = services.finding_create(
        inspection=inspection,
        reference="P1",
        kind="priority_action",
        text="Strategy meetings are not timely.",
        agencies=[police, council],
        source_reference="Letter, paragraph 4",
    )
    a1 = services.finding_create(
        inspection=inspection, reference="A1", kind="area_for_improvement", text="=SUM(A1)", agencies=[health]
    )
    a2 = services.finding_create(
        inspection=inspection, reference="A2", kind="area_for_improvement", text="+44 numbers are not recorded."
    )
    services.finding_create(
        inspection=inspection, reference="S1", kind="strength", text="Leaders are committed.\r\nPasted\x0bfrom Word."
    )
    first = services.action_create(
        inspection=inspection,
        theme=strategy,
        reference="1.1",
        title="Hold strategy meetings within target",
        timescale_months=3,
        expected_impact="Children are protected sooner.",
        owner_agency=council,
        lead=lead,
        success_measures="-5 days on average",
        findings=[p1, a1],
        scrutiny=[("Audit of 20 strategy meetings", "QA officer", "Quarterly"), ('=HYPERLINK("x")', "", "")],
    )
    second = services.action_create(
        inspection=inspection,
        theme=front_door,
        reference="2.1",
        title="Review MASH capacity",
        timescale_months=6,
        expected_impact="Decisions within one working day.",
        owner_group=mash_board,
        lead_name="MASH manager",
        description="\tIndented description",
        findings=[a1, a2],
    )
    services.action_create(
        inspection=inspection,
        theme=front_door,
        reference="2.2",
        title="Joint decisions",
        timescale_months=12,
        expected_impact="Decisions are joint.",
        owner_group=delivery,
        findings=[p1],
        scrutiny=[("Dip sample", "MASH board", "March 2019")],
        is_illustrative=True,
    )
    services.action_create(
        inspection=inspection,
        theme=strategy,
        reference="1.2",
        title="Police attend strategy meetings",
        timescale_months=9,
        expected_impact="Police share information.",
        owner_agency=police,
        lead_name="DCI Smith",
    )
    services.action_revise(
        actor=admin,
        action=second,
        expected_version=second.version,
        reason="MASH review delayed",
        current_due_date=date(2019, 6, 30),
        lead_name="Head of MASH",
    )
    first.refresh_from_db()
    services.action_record_progress(
        actor=admin,
        action=first,
        expected_version=first.version,
        status=DeliveryStatus.IN_PROGRESS,
        progress_note="-3 meetings late this quarter",
        brag_override="amber",
        brag_override_reason="Staffing gaps",
    )
    return inspection, admin


def flush_plans() -> None:
    """Delete every plan record and the agencies the plan made, leaving people and their own agencies."""
    ScrutinyActivity.objects.all().delete()
    ActionRevision.objects.all().delete()
    Action.objects.all().delete()
    Finding.objects.all().delete()
    Theme.objects.all().delete()
    Inspection.objects.all().delete()
    DeliveryGroup.objects.all().delete()
    Agency.objects.filter(memberships__isnull=True).delete()


def export_bytes(data: dict[str, Any], file_format: str) -> bytes:
    stream = io.BytesIO()
    WRITERS[file_format](data, stream)
    return stream.getvalue()


def workbook_values(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def table_counts() -> dict[str, int]:
    """Row counts of every table an import writes, including history and many-to-many tables."""
    models = [Inspection, Theme, Finding, Action, ScrutinyActivity, DeliveryGroup, Agency]
    counts = {model.__name__: model.objects.count() for model in models}
    for model in (Inspection, Theme, Finding, Action, DeliveryGroup, Agency):
        counts[f"history of {model.__name__}"] = model.history.count()  # type: ignore[attr-defined]
    counts["finding agencies"] = Finding.agencies.through.objects.count()
    counts["action findings"] = Action.findings.through.objects.count()
    for name in ("HistoricalFinding_agencies", "HistoricalAction_findings"):
        counts[name] = apps.get_model("plans", name).objects.count()
    return counts


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_then_import_into_an_empty_installation_then_export_gives_the_same_plan(file_format: str) -> None:
    inspection, admin = build_rich_plan()
    before = plan_to_data(inspection)
    exported = export_bytes(before, file_format)
    flush_plans()
    assert not Agency.objects.filter(name="Durham Constabulary").exists()

    result = plan_import_file(stream=io.BytesIO(exported), filename=f"plan.{file_format}", actor=admin)

    after = plan_to_data(result.inspection)
    assert after == before
    again = export_bytes(after, file_format)
    if file_format == "xlsx":
        assert workbook_values(again) == workbook_values(exported)
    else:
        assert again == exported
    assert (result.themes, result.findings, result.actions, result.links, result.scrutiny) == (3, 4, 4, 5, 3)
    assert sorted(result.agencies_created) == [
        "County Durham and Darlington NHS Foundation Trust",
        "Durham Constabulary",
        "Durham County Council Children's Services",
    ]
    assert sorted(result.groups_created) == ["MASH Board", "Multi-agency safeguarding delivery group"]
    assert Agency.objects.get(name="Durham Constabulary").kind == AgencyKind.POLICE
    revised = Action.objects.get(reference="2.1")
    assert (revised.original_due_date, revised.current_due_date) == (date(2019, 3, 3), date(2019, 6, 30))
    assert Action.objects.get(reference="1.1").lead == User.objects.get(username="lead.officer")
    assert Finding.objects.get(reference="A1").text == "=SUM(A1)"
    assert Finding.objects.get(reference="S1").text == "Leaders are committed.\nPasted\nfrom Word."


def test_the_import_writes_history_for_every_record_and_link() -> None:
    inspection, admin = build_rich_plan()
    exported = export_bytes(plan_to_data(inspection), "xlsx")
    flush_plans()
    result = plan_import_file(stream=io.BytesIO(exported), filename="plan.xlsx", actor=admin)
    action = Action.objects.get(inspection=result.inspection, reference="1.1")
    record = action.history.get()  # type: ignore[attr-defined]
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        admin,
        "Imported from a plan file",
    )
    assert sorted(link.finding.reference for link in record.findings.all()) == ["A1", "P1"]
    finding_record = Finding.objects.get(reference="P1").history.get()  # type: ignore[attr-defined]
    assert finding_record.agencies.count() == 2
    assert result.inspection.history.get().history_user == admin  # type: ignore[attr-defined]


def test_formula_like_text_is_quoted_in_the_workbook_and_never_a_formula() -> None:
    inspection, _admin = build_rich_plan()
    content = export_bytes(plan_to_data(inspection), "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts = {cell.value: cell.data_type for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}
    assert texts["'=SUM(A1)"] == "s"
    assert "'-5 days" in texts
    assert "'+44 numbers are not recorded." in texts
    assert "'\tIndented description" in texts
    assert "'@everyone" in texts
    assert not [value for value, kind in texts.items() if kind == "f"]
    assert read_xlsx(io.BytesIO(content))["Findings"][1]["Text"] == "=SUM(A1)"


def test_a_text_that_already_starts_with_a_quote_survives_the_round_trip() -> None:
    data = good_data()
    data["Findings"][0]["Text"] = "'=not a formula"
    data["Findings"][1]["Text"] = "'plain quoted"
    content = export_bytes(data, "xlsx")
    findings = read_xlsx(io.BytesIO(content))["Findings"]
    assert [findings[0]["Text"], findings[1]["Text"]] == ["'=not a formula", "'plain quoted"]


def test_the_workbook_has_the_documented_sheets_and_header_rows() -> None:
    inspection, _admin = build_rich_plan()
    workbook = openpyxl.load_workbook(io.BytesIO(export_bytes(plan_to_data(inspection), "xlsx")))
    assert workbook.sheetnames == ["Plan", "Themes", "Findings", "Actions", "Links", "Scrutiny"]
    headers = {sheet.title: [cell.value for cell in sheet[1]] for sheet in workbook.worksheets}
    assert headers == {
        "Plan": ["Field", "Value"],
        "Themes": ["Number", "Title", "Description"],
        "Findings": ["Reference", "Kind", "Text", "Agencies", "Source reference"],
        "Actions": [
            "Reference", "Theme", "Title", "Description", "Owner", "Owner type", "Owner agency type", "Lead",
            "Lead username", "Timescale months", "Original due date", "Current due date", "Expected impact",
            "Success measures", "Status", "BRAG override", "BRAG override reason", "Progress note", "Illustrative",
        ],
        "Links": ["Finding reference", "Action reference"],
        "Scrutiny": ["Action reference", "Activity", "Who", "When"],
    }  # fmt: skip
    plan = workbook["Plan"]
    assert [row[0].value for row in plan.iter_rows(min_row=2)] == [
        "Title", "Kind", "Area", "Fieldwork start", "Fieldwork end", "Letter date", "Inspectorates",
        "Deep dive theme", "Plan start", "Notes",
    ]  # fmt: skip
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 10
    actions = workbook["Actions"]
    assert actions["K2"].is_date and actions["K2"].number_format == "dd/mm/yyyy"
    assert actions["F2"].value == "agency" and actions["O2"].value == "In progress"
    assert workbook["Plan"]["B3"].value == "Joint targeted area inspection (JTAI)"
    assert workbook["Plan"]["B8"].value == "Ofsted; CQC; HMICFRS; HMI Probation"


# Bad files ------------------------------------------------------------------------------------------


def good_data() -> dict[str, Any]:
    """A small valid plan file as the canonical data, written by hand as an officer might."""
    return {
        "Plan": {
            "Title": "Test inspection", "Kind": "jtai", "Area": "County Durham", "Fieldwork start": "09/07/2018",
            "Fieldwork end": "2018-07-13", "Letter date": "", "Inspectorates": "Ofsted; CQC",
            "Deep dive theme": "", "Plan start": date(2018, 9, 3), "Notes": "",
        },
        "Themes": [
            {"Number": 1, "Title": "Strategy Meetings", "Description": ""},
            {"Number": 2, "Title": "Front Door", "Description": ""},
        ],
        "Findings": [
            {"Reference": "P1", "Kind": "Priority action", "Text": "Late meetings", "Agencies": "Police",
             "Source reference": ""},
            {"Reference": "A1", "Kind": "area_for_improvement", "Text": "MASH", "Agencies": "",
             "Source reference": ""},
        ],
        "Actions": [
            action_row("1.1", "Strategy Meetings", "Police", "agency"),
            action_row("2.1", "Front Door", "MASH Board", "group"),
            action_row("2.2", "front door", "Police", "Agency"),
        ],
        "Links": [
            {"Finding reference": "P1", "Action reference": "1.1"},
            {"Finding reference": "A1", "Action reference": "2.1"},
        ],
        "Scrutiny": [{"Action reference": "1.1", "Activity": "Audit", "Who": "QA", "When": "Quarterly"}],
    }  # fmt: skip


def action_row(reference: str, theme: str, owner: str, owner_type: str) -> dict[str, Any]:
    return {
        "Reference": reference, "Theme": theme, "Title": f"Action {reference}", "Description": "", "Owner": owner,
        "Owner type": owner_type, "Owner agency type": "police" if owner_type.lower() == "agency" else "",
        "Lead": "", "Lead username": "nobody-with-this-name", "Timescale months": 3, "Original due date": "",
        "Current due date": "", "Expected impact": "Better practice", "Success measures": "", "Status": "",
        "BRAG override": "", "BRAG override reason": "", "Progress note": "", "Illustrative": "no",
    }  # fmt: skip


def _set(sheet: str, index: int, column: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[sheet][index][column] = value

    return change


def _drop_sheet(sheet: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(sheet)


def _drop_column(sheet: str, column: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for row in data[sheet]:
            row.pop(column)

    return change


def _append(sheet: str, row: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[sheet].append(row)


BAD_FILES: list[tuple[str, Callable[[dict[str, Any]], None], ImportProblem]] = [
    ("missing sheet", _drop_sheet("Links"), ImportProblem("Links", 0, "", "the sheet is missing")),
    ("missing column", _drop_column("Actions", "Theme"), ImportProblem("Actions", 1, "Theme", "the column is missing")),
    ("empty required cell", _set("Actions", 1, "Title", ""),
     ImportProblem("Actions", 3, "Title", "this cell must not be empty")),
    ("empty plan start", lambda data: data["Plan"].update({"Plan start": ""}),
     ImportProblem("Plan", 10, "Plan start", "this cell must not be empty")),
    ("unknown theme", _set("Actions", 2, "Theme", "Leadership"),
     ImportProblem("Actions", 4, "Theme", "unknown theme 'Leadership'")),
    ("unknown finding kind", _set("Findings", 1, "Kind", "Weakness"),
     ImportProblem("Findings", 3, "Kind",
                   "unknown kind 'Weakness'; use Strength, Priority action or Area for improvement")),
    ("unknown status", _set("Actions", 0, "Status", "Done"),
     ImportProblem("Actions", 2, "Status", "unknown status 'Done'; use Not started, In progress, Delivered, "
                   "Impact evidenced or Superseded")),
    ("unknown owner type", _set("Actions", 0, "Owner type", "person"),
     ImportProblem("Actions", 2, "Owner type", "unknown owner type 'person'; use agency or group")),
    ("unknown BRAG rating", _set("Actions", 0, "BRAG override", "Purple"),
     ImportProblem("Actions", 2, "BRAG override", "unknown BRAG rating 'Purple'; use Red, Amber, Green or Blue")),
    ("unknown agency type", _set("Actions", 0, "Owner agency type", "Charity"),
     ImportProblem("Actions", 2, "Owner agency type", "unknown agency type 'Charity'; use Children's social care, "
                   "Police, Health, Education, Probation, Youth justice, Domestic abuse service or Other")),
    ("duplicate finding reference",
     _append("Findings", {"Reference": "p1", "Kind": "Strength", "Text": "Again", "Agencies": "",
                          "Source reference": ""}),
     ImportProblem("Findings", 4, "Reference", "duplicate reference 'p1' (also in row 2)")),
    ("duplicate action reference", _set("Actions", 2, "Reference", "2.1"),
     ImportProblem("Actions", 4, "Reference", "duplicate reference '2.1' (also in row 3)")),
    ("duplicate theme number", _set("Themes", 1, "Number", 1),
     ImportProblem("Themes", 3, "Number", "duplicate theme number 1 (also in row 2)")),
    ("duplicate theme title", _append("Themes", {"Number": 3, "Title": "STRATEGY MEETINGS", "Description": ""}),
     ImportProblem("Themes", 4, "Title", "duplicate theme title 'STRATEGY MEETINGS' (also in row 2)")),
    ("bad date", _set("Actions", 1, "Original due date", "31/02/2019"),
     ImportProblem("Actions", 3, "Original due date", "bad date '31/02/2019'; write it as dd/mm/yyyy or yyyy-mm-dd")),
    ("bad plan date", lambda data: data["Plan"].update({"Letter date": "next week"}),
     ImportProblem("Plan", 7, "Letter date", "bad date 'next week'; write it as dd/mm/yyyy or yyyy-mm-dd")),
    ("timescale not a band", _set("Actions", 0, "Timescale months", 5),
     ImportProblem("Actions", 2, "Timescale months", "timescale must be 3, 6, 9 or 12 months, not 5")),
    ("current due date without original", _set("Actions", 0, "Current due date", "01/03/2019"),
     ImportProblem("Actions", 2, "Current due date", "a current due date needs an original due date")),
    ("neither owner", _set("Actions", 1, "Owner", ""),
     ImportProblem("Actions", 3, "Owner", "the action needs one owner: an agency or a delivery group")),
    ("both owners", _set("Actions", 1, "Owner type", "agency and group"),
     ImportProblem("Actions", 3, "Owner type", "an action has one owner: choose agency or group, not both")),
    ("two owners named", _set("Actions", 1, "Owner", "MASH Board; Police"),
     ImportProblem("Actions", 3, "Owner", "an action has one owner, not several ('MASH Board; Police')")),
    ("dangling link to a finding", _append("Links", {"Finding reference": "A9", "Action reference": "1.1"}),
     ImportProblem("Links", 4, "Finding reference", "no finding 'A9' in the Findings sheet")),
    ("dangling link to an action", _set("Links", 1, "Action reference", "9.9"),
     ImportProblem("Links", 3, "Action reference", "no action '9.9' in the Actions sheet")),
    ("duplicate link", _append("Links", {"Finding reference": "p1", "Action reference": "1.1"}),
     ImportProblem("Links", 4, "Action reference", "the link from 'p1' to '1.1' is given twice (also in row 2)")),
    ("scrutiny for an unknown action", _set("Scrutiny", 0, "Action reference", "7.7"),
     ImportProblem("Scrutiny", 2, "Action reference", "no action '7.7' in the Actions sheet")),
    ("BRAG override without a reason", _set("Actions", 0, "BRAG override", "Red"),
     ImportProblem("Actions", 2, "BRAG override reason", "give the reason for setting the rating by hand")),
    ("unknown column", _set("Themes", 0, "Colour", "blue"), ImportProblem("Themes", 1, "Colour", "unknown column")),
    ("fieldwork ends before it starts", lambda data: data["Plan"].update({"Fieldwork end": "2018-07-01"}),
     ImportProblem("Plan", 6, "Fieldwork end", "the end of fieldwork is before its start")),
    ("reference too long", _set("Actions", 2, "Reference", "R" * 21),
     ImportProblem("Actions", 4, "Reference", "longer than 20 characters")),
]  # fmt: skip


def write_file(data: dict[str, Any], file_format: str) -> io.BytesIO:
    """Write the data as an officer's file would hold it: only the sheets, fields and columns it has."""
    if file_format == "json":
        return io.BytesIO(json.dumps(data, default=date.isoformat).encode())
    if file_format == "yaml":
        return io.BytesIO(yaml.safe_dump(data, sort_keys=False).encode())
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, value in data.items():
        sheet = workbook.create_sheet(name)
        if isinstance(value, dict):
            sheet.append(["Field", "Value"])
            for field, cell in value.items():
                sheet.append([field, None if cell == "" else cell])
            continue
        columns = list(dict.fromkeys(column for row in value for column in row))
        sheet.append(columns)
        for row in value:
            sheet.append([None if row.get(column, "") == "" else row[column] for column in columns])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def test_the_good_file_imports_in_every_format() -> None:
    for number, file_format in enumerate(FORMATS):
        data = good_data()
        data["Plan"]["Title"] = f"Test inspection {number}"
        result = plan_import_file(stream=write_file(data, file_format), filename=f"plan.{file_format}")
        assert (result.themes, result.findings, result.actions, result.links, result.scrutiny) == (2, 2, 3, 2, 1)
    assert Agency.objects.filter(name="Police").count() == 1
    assert Agency.objects.get(name="Police").kind == AgencyKind.POLICE
    assert DeliveryGroup.objects.filter(name="MASH Board").count() == 1
    action = Action.objects.filter(reference="2.2").first()
    assert action is not None and action.lead is None and action.original_due_date == date(2018, 12, 3)


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize(("case", "change", "problem"), BAD_FILES, ids=[case for case, _c, _p in BAD_FILES])
def test_a_bad_file_is_refused_whole_with_the_problem_in_place(
    case: str, change: Callable[[dict[str, Any]], None], problem: ImportProblem, file_format: str
) -> None:
    data = good_data()
    change(data)
    before = table_counts()
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=write_file(data, file_format), filename=f"plan.{file_format}")
    assert error.value.problems == [problem]
    assert table_counts() == before


def test_every_problem_is_listed_not_only_the_first() -> None:
    cases = {
        "unknown theme",
        "unknown finding kind",
        "unknown status",
        "unknown owner type",
        "bad plan date",
        "dangling link to an action",
        "scrutiny for an unknown action",
        "duplicate theme number",
    }
    data = good_data()
    for case, change, _problem in BAD_FILES:
        if case in cases:
            change(data)
    with pytest.raises(PlanImportError) as error:
        plan_import(data=read_xlsx(write_file(data, "xlsx")))
    expected = [problem for case, _change, problem in BAD_FILES if case in cases]
    assert sorted(error.value.problems, key=str) == sorted(expected, key=str)
    sheets = [problem.sheet for problem in error.value.problems]
    assert sheets == ["Plan", "Themes", "Findings", "Actions", "Actions", "Actions", "Links", "Scrutiny"]


def test_a_formula_in_the_workbook_is_refused_and_never_evaluated() -> None:
    workbook = openpyxl.load_workbook(write_file(good_data(), "xlsx"))
    workbook["Actions"]["C3"] = "=1+1"
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=stream, filename="plan.xlsx")
    assert error.value.problems == [
        ImportProblem("Actions", 3, "Title", "formulas are not accepted; type the value itself")
    ]


def test_a_minimal_hand_made_workbook_imports() -> None:
    workbook = openpyxl.Workbook()
    plan = workbook.active
    plan.title = "plan"
    for row in [("Field", "Value"), ("title", "Hand-made plan"), ("Area", "Durham"), ("Plan start", date(2019, 1, 7))]:
        plan.append(row)
    workbook.create_sheet("Themes").append(["Number", "Title"])
    workbook["Themes"].append([1.0, "Voice of the Child"])
    workbook.create_sheet("Findings").append(["Reference", "Kind", "Text"])
    workbook["Findings"].append(["A1", "AREA FOR IMPROVEMENT", "Children are not heard"])
    actions = workbook.create_sheet("Actions")
    actions.append(["Reference", "Theme", "Title", "Owner", "Owner type", "Timescale months", "Expected impact"])
    actions.append([1.1, 1, "Listen", "Youth Justice Service", "Agency", 6.0, "Children are heard"])
    workbook.create_sheet("Links").append(["Finding reference", "Action reference"])
    workbook["Links"].append(["A1", 1.1])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    result = plan_import_file(stream=stream, filename="PLAN.XLSX")
    action = Action.objects.get(inspection=result.inspection)
    assert (action.reference, action.theme.title, action.timescale_months) == ("1.1", "Voice of the Child", 6)
    assert (action.original_due_date, action.current_due_date) == (date(2019, 7, 7), date(2019, 7, 7))
    assert action.owner_agency is not None and action.owner_agency.kind == AgencyKind.OTHER
    assert [finding.reference for finding in action.findings.all()] == ["A1"]
    assert result.inspection.kind == "jtai" and result.scrutiny == 0


def test_blank_rows_in_a_sheet_keep_the_row_numbers_the_officer_sees() -> None:
    workbook = openpyxl.load_workbook(write_file(good_data(), "xlsx"))
    actions = workbook["Actions"]
    actions.insert_rows(3)
    actions["B5"] = "Nowhere"
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=stream, filename="plan.xlsx")
    assert error.value.problems == [ImportProblem("Actions", 5, "Theme", "unknown theme 'Nowhere'")]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("plan.xlsx", b"not a zip file", "The file could not be read as an Excel workbook (.xlsx)"),
        ("plan.yaml", b"Plan: [unclosed", "The file could not be read as YAML"),
        ("plan.json", b'{"Plan": ', "The file could not be read as JSON"),
        ("plan.json", b"[1, 2]", "The file could not be read as JSON"),
        ("plan.csv", b"a,b", "The file must be an Excel workbook (.xlsx), YAML (.yaml or .yml) or JSON (.json) file."),
    ],
)
def test_an_unreadable_file_is_one_problem_at_row_0(filename: str, content: bytes, message: str) -> None:
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=io.BytesIO(content), filename=filename)
    assert len(error.value.problems) == 1
    problem = error.value.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("", 0, "")
    assert problem.message.startswith(message)


def test_a_null_character_is_refused_and_a_deeply_nested_file_is_unreadable() -> None:
    data = good_data()
    data["Findings"][0]["Text"] = "Late\x00meetings"
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=write_file(data, "json"), filename="plan.json")
    assert error.value.problems == [
        ImportProblem("Findings", 2, "Text", "contains a null character, which cannot be stored")
    ]
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=io.BytesIO(b"[" * 100_000 + b"]" * 100_000), filename="plan.json")
    assert error.value.problems[0].message.startswith("The file could not be read as JSON")


def test_a_workbook_that_unpacks_too_large_is_refused_unopened() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<" + b"a" * (101 * 1024 * 1024))
    stream.seek(0)
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=stream, filename="bomb.xlsx")
    assert error.value.problems == [
        ImportProblem("", 0, "", "The workbook is too large: it unpacks to more than 100 MB.")
    ]


def test_importing_a_plan_whose_title_is_taken_is_refused_not_merged() -> None:
    plan_import_file(stream=write_file(good_data(), "yaml"), filename="plan.yaml")
    before = table_counts()
    with pytest.raises(PlanImportError) as error:
        plan_import_file(stream=write_file(good_data(), "xlsx"), filename="plan.xlsx")
    assert error.value.problems == [
        ImportProblem(
            "Plan", 2, "Title", "an inspection called 'Test inspection' is already in Partnership; a file is never "
            "merged into an existing plan"
        )
    ]  # fmt: skip
    assert table_counts() == before


def test_a_lead_username_links_the_account_and_an_unknown_one_keeps_only_the_name() -> None:
    person = make_person(Role.ACTION_LEAD, username="Jane.Lead")
    data = good_data()
    data["Actions"][0].update({"Lead": "", "Lead username": "jane.lead"})
    data["Actions"][1].update({"Lead": "Someone Else", "Lead username": "no.such.person"})
    plan_import(data=data)
    first, second = Action.objects.get(reference="1.1"), Action.objects.get(reference="2.1")
    assert (first.lead, first.lead_name) == (person, person.get_full_name())
    assert (second.lead, second.lead_name) == (None, "Someone Else")


def test_existing_agencies_and_groups_are_reused_whatever_the_case() -> None:
    police = agency_create(name="POLICE", kind=AgencyKind.POLICE)
    group = services.delivery_group_create(name="mash board")
    result = plan_import(data=good_data())
    assert result.agencies_created == [] and result.groups_created == []
    assert set(Action.objects.values_list("owner_agency", flat=True)) == {police.pk, None}
    assert Action.objects.get(reference="2.1").owner_group == group


# The command line -----------------------------------------------------------------------------------


def test_import_plan_command_lists_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = good_data()
    data["Actions"][2]["Theme"] = "Leadership"
    data["Actions"][0]["Timescale months"] = 4
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(data, "xlsx"))
    before = table_counts()

    assert main(["import-plan", "--quiet", str(path)]) == 1

    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == [
        "The file was not imported; nothing was written. 2 problems:",
        "Sheet Actions, row 2, column Timescale months: timescale must be 3, 6, 9 or 12 months, not 4",
        "Sheet Actions, row 4, column Theme: unknown theme 'Leadership'",
    ]
    assert err[-1].startswith("Nothing was written: 2 problems in plan.xlsx, in ")
    assert table_counts() == before


def test_import_plan_command_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(export_bytes(good_data(), "json"))
    assert main(["import-plan", "--quiet", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        "Imported the plan for 'Test inspection'.",
        "Themes: 2, findings: 2, actions: 3, links: 2, scrutiny activities: 1.",
        "Agencies created: 1 (Police), delivery groups created: 1 (MASH Board), leads linked to accounts: 0.",
    ]
    assert out[-1].startswith("Imported 3 actions in 2 themes (2 findings) from plan.json in ")
    assert main(["import-plan", str(tmp_path / "missing.xlsx")]) == 2


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_plan_command_writes_the_latest_inspection(
    file_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inspection, _admin = build_rich_plan()
    output = tmp_path / f"out.{file_format}"
    assert main(["export-plan", "--format", file_format, "-o", str(output)]) == 0
    assert "Exported the plan for" in capsys.readouterr().out
    expected = export_bytes(plan_to_data(inspection), file_format)
    if file_format == "xlsx":
        assert workbook_values(output.read_bytes()) == workbook_values(expected)
    else:
        assert output.read_bytes() == expected
    assert main(["export-plan", "-o", str(output), "--inspection", str(inspection.pk)]) == 0
    assert main(["export-plan", "-o", str(output), "--inspection", "not-an-id"]) == 2


# Size --------------------------------------------------------------------------------------------------


def large_plan_data(actions: int = 5000) -> dict[str, Any]:
    """A plan with 5 themes, 500 findings and the given number of actions, each linked and scrutinised."""
    data = good_data()
    data["Plan"]["Title"] = "A very large plan"
    data["Themes"] = [{"Number": n, "Title": f"Theme {n}", "Description": ""} for n in range(1, 6)]
    data["Findings"] = [
        {"Reference": f"F{n}", "Kind": "Area for improvement", "Text": f"Finding {n}", "Agencies": "Police; Health",
         "Source reference": ""}
        for n in range(1, 501)
    ]  # fmt: skip
    data["Actions"] = []
    data["Links"] = []
    data["Scrutiny"] = []
    for n in range(1, actions + 1):
        row = action_row(f"{n % 5 + 1}.{n}", f"Theme {n % 5 + 1}", f"Agency {n % 20}", "agency")
        row.update({"Original due date": date(2019, 3, 3), "Current due date": date(2019, 6, 3), "Lead": "A lead"})
        data["Actions"].append(row)
        data["Links"].append({"Finding reference": f"F{n % 500 + 1}", "Action reference": row["Reference"]})
        data["Scrutiny"].append({"Action reference": row["Reference"], "Activity": "Audit", "Who": "", "When": ""})
    return data


def test_a_file_of_5000_actions_imports() -> None:
    stream = write_file(large_plan_data(5000), "xlsx")
    result = plan_import_file(stream=stream, filename="large.xlsx")
    assert (result.themes, result.findings, result.actions, result.links, result.scrutiny) == (5, 500, 5000, 5000, 5000)
    assert Action.objects.filter(inspection=result.inspection).count() == 5000
    assert Action.findings.through.objects.filter(action__inspection=result.inspection).count() == 5000
    assert apps.get_model("plans", "HistoricalAction_findings").objects.count() == 5000
    assert len(result.agencies_created) == 22
