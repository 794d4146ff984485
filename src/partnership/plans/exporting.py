"""Export a plan: its canonical data (one dict) and the writers that turn it into xlsx, YAML or JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import IO, Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partnership.access.models import AgencyKind
from partnership.core.progress import SILENT, Progress
from partnership.plans.fileformat import (
    ACTIONS,
    DATE_COLUMNS,
    FINDINGS,
    LINKS,
    LIST_SEPARATOR,
    NO,
    OWNER_AGENCY,
    OWNER_GROUP,
    PLAN,
    PLAN_FIELDS,
    PLAN_HEADER,
    SCRUTINY,
    SHEETS,
    THEMES,
    YES,
    quote_for_sheet,
)
from partnership.plans.models import (
    Action,
    Brag,
    DeliveryStatus,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    ScrutinyActivity,
    Theme,
)

FORMATS = ("xlsx", "yaml", "json")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml",
    "json": "application/json",
}
DATE_FORMAT = "dd/mm/yyyy"


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


def _date(value: date | None) -> date | str:
    return value if value is not None else ""


def inspection_latest() -> Inspection | None:
    """The inspection with the latest plan start, whose plan is exported unless another is named."""
    return Inspection.objects.order_by("-plan_start", "-created_at").first()


def plan_file_name(inspection: Inspection, file_format: str) -> str:
    """A file name for the exported plan, such as improvement-plan-2018-07.xlsx (the month of the inspection)."""
    when = inspection.fieldwork_start or inspection.letter_date or inspection.plan_start
    return f"improvement-plan-{when:%Y-%m}.{file_format}"


def plan_to_data(inspection: Inspection) -> dict[str, Any]:
    """The whole plan of an inspection as one dict keyed by sheet and column, in a fixed order."""
    plan = {
        "Title": inspection.title,
        "Kind": _label(InspectionKind, inspection.kind),
        "Area": inspection.area,
        "Fieldwork start": _date(inspection.fieldwork_start),
        "Fieldwork end": _date(inspection.fieldwork_end),
        "Letter date": _date(inspection.letter_date),
        "Inspectorates": LIST_SEPARATOR.join(inspection.inspectorates or []),
        "Deep dive theme": inspection.deep_dive_theme,
        "Plan start": inspection.plan_start,
        "Notes": inspection.notes,
    }
    themes = [
        {"Number": theme.number, "Title": theme.title, "Description": theme.description}
        for theme in Theme.objects.filter(inspection=inspection).order_by("number")
    ]
    findings = list(Finding.objects.filter(inspection=inspection).order_by("position", "reference"))
    finding_order = {finding.pk: index for index, finding in enumerate(findings)}
    agencies_of: dict[Any, list[str]] = defaultdict(list)
    for finding_id, name in (
        Finding.agencies.through.objects.filter(finding__inspection=inspection)
        .order_by("agency__name")
        .values_list("finding_id", "agency__name")
    ):
        agencies_of[finding_id].append(name)
    actions = list(
        Action.objects.filter(inspection=inspection)
        .select_related("theme", "owner_agency", "owner_group", "lead")
        .order_by("theme__number", "reference")
    )
    findings_of: dict[Any, list[Any]] = defaultdict(list)
    for action_id, finding_id in Action.findings.through.objects.filter(action__inspection=inspection).values_list(
        "action_id", "finding_id"
    ):
        findings_of[action_id].append(finding_id)
    scrutiny_of: dict[Any, list[ScrutinyActivity]] = defaultdict(list)
    for activity in ScrutinyActivity.objects.filter(action__inspection=inspection).order_by("position", "created_at"):
        scrutiny_of[activity.action_id].append(activity)
    references = {finding.pk: finding.reference for finding in findings}
    return _sheet_safe(
        {
            PLAN: plan,
            THEMES: themes,
            FINDINGS: [
                {
                    "Reference": finding.reference,
                    "Kind": _label(FindingKind, finding.kind),
                    "Text": finding.text,
                    "Agencies": LIST_SEPARATOR.join(agencies_of[finding.pk]),
                    "Source reference": finding.source_reference,
                }
                for finding in findings
            ],
            ACTIONS: [_action_row(action) for action in actions],
            LINKS: [
                {"Finding reference": references[finding_id], "Action reference": action.reference}
                for action in actions
                for finding_id in sorted(findings_of[action.pk], key=finding_order.__getitem__)
            ],
            SCRUTINY: [
                {"Action reference": action.reference, "Activity": item.activity, "Who": item.who, "When": item.when}
                for action in actions
                for item in scrutiny_of[action.pk]
            ],
        }
    )


def _sheet_safe(data: dict[str, Any]) -> dict[str, Any]:
    """The data as a workbook can hold it, in every format: line feeds for line endings, no control characters."""

    def clean(value: Any) -> Any:
        return _sheet_text(value) if isinstance(value, str) else value

    return {
        sheet: {name: clean(value) for name, value in rows.items()}
        if isinstance(rows, dict)
        else [{name: clean(value) for name, value in row.items()} for row in rows]
        for sheet, rows in data.items()
    }


def _action_row(action: Action) -> dict[str, Any]:
    if action.owner_agency is not None:
        owner, owner_type, agency_type = action.owner_agency.name, OWNER_AGENCY, action.owner_agency.kind
    elif action.owner_group is not None:
        owner, owner_type, agency_type = action.owner_group.name, OWNER_GROUP, ""
    else:
        owner, owner_type, agency_type = "", "", ""
    return {
        "Reference": action.reference,
        "Theme": action.theme.title,
        "Title": action.title,
        "Description": action.description,
        "Owner": owner,
        "Owner type": owner_type,
        "Owner agency type": _label(AgencyKind, agency_type),
        "Lead": action.lead_name,
        "Lead username": action.lead.username if action.lead is not None else "",
        "Timescale months": action.timescale_months,
        "Original due date": action.original_due_date,
        "Current due date": action.current_due_date,
        "Expected impact": action.expected_impact,
        "Success measures": action.success_measures,
        "Status": _label(DeliveryStatus, action.status),
        "BRAG override": _label(Brag, action.brag_override),
        "BRAG override reason": action.brag_override_reason,
        "Progress note": action.progress_note,
        "Illustrative": YES if action.is_illustrative else NO,
    }


def _header(sheet: Worksheet, names: list[str], widths: list[int]) -> None:
    sheet.append(names)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _sheet_text(value: str) -> str:
    """The text as a workbook can hold it: line feeds for every line ending, and no other control characters."""
    # A workbook turns a carriage return into a line feed; Word's line and page breaks become line feeds too.
    for ending in ("\r\n", "\r", "\v", "\f"):
        value = value.replace(ending, "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        text = _sheet_text(value)
        return quote_for_sheet(text) if text else None
    return value


def _append(sheet: Worksheet, row: int, values: list[Any], date_columns: list[int]) -> None:
    sheet.append([_cell(value) for value in values])
    for index in date_columns:
        if isinstance(values[index], date):
            sheet.cell(row=row, column=index + 1).number_format = DATE_FORMAT


def write_xlsx(data: dict[str, Any], stream: IO[bytes]) -> None:
    """Write the plan as a workbook with the sheets Plan, Themes, Findings, Actions, Links and Scrutiny."""
    # A normal (not write-only) workbook, so that each sheet records its dimensions and reads back quickly.
    workbook = Workbook()
    plan_sheet = workbook.active
    plan_sheet.title = PLAN
    _header(plan_sheet, list(PLAN_HEADER), [20, 80])
    for row, name in enumerate(PLAN_FIELDS, start=2):
        _append(plan_sheet, row, [name, data[PLAN].get(name, "")], [1])
    for sheet_name, columns in SHEETS.items():
        sheet = workbook.create_sheet(sheet_name)
        _header(sheet, [column.name for column in columns], [column.width for column in columns])
        dates = [index for index, column in enumerate(columns) if column.name in DATE_COLUMNS]
        for row, values in enumerate(data.get(sheet_name, []), start=2):
            _append(sheet, row, [values.get(column.name, "") for column in columns], dates)
    workbook.save(stream)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    def value(item: Any) -> Any:
        return item.isoformat() if isinstance(item, date) else item

    return {
        PLAN: {name: value(item) for name, item in data[PLAN].items()},
        **{
            sheet: [{name: value(item) for name, item in row.items()} for row in data.get(sheet, [])]
            for sheet in SHEETS
        },
    }


def write_yaml(data: dict[str, Any], stream: IO[bytes]) -> None:
    """Write the plan as YAML: a mapping per sheet, with ISO dates."""
    text = yaml.safe_dump(_jsonable(data), sort_keys=False, allow_unicode=True, width=100)
    stream.write(text.encode("utf-8"))


def write_json(data: dict[str, Any], stream: IO[bytes]) -> None:
    """Write the plan as JSON: an object per sheet, with ISO dates."""
    text = json.dumps(_jsonable(data), indent=2, ensure_ascii=False)
    stream.write((text + "\n").encode("utf-8"))


WRITERS = {"xlsx": write_xlsx, "yaml": write_yaml, "json": write_json}


def plan_export(
    *, inspection: Inspection, file_format: str, stream: IO[bytes], progress: Progress | None = None
) -> dict[str, int]:
    """Write an inspection's plan to the stream in one of the formats xlsx, yaml or json; return the rows per sheet."""
    if file_format not in WRITERS:
        raise ValueError(f"The format is one of {', '.join(FORMATS)}, not {file_format!r}.")
    progress = progress or SILENT
    progress.stage("Reading the plan")
    data = plan_to_data(inspection)
    rows = {sheet: len(data.get(sheet, [])) for sheet in SHEETS}
    progress.stage(f"Writing {file_format}", total=sum(rows.values()))
    WRITERS[file_format](data, stream)
    progress.advance(sum(rows.values()))
    progress.close()
    return rows
