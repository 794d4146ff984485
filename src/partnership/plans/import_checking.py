"""Check a plan file's data row by row, collecting every problem by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnership.access.models import AgencyKind
from partnership.plans.fileformat import (
    ACTIONS,
    AGENCY_KINDS,
    BRAG_RATINGS,
    FINDING_KINDS,
    FINDINGS,
    INSPECTION_KINDS,
    LINKS,
    OWNER_AGENCY,
    OWNER_GROUP,
    PLAN,
    PLAN_DATES,
    PLAN_FIELDS,
    PLAN_REQUIRED,
    SCRUTINY,
    SHEET_ORDER,
    STATUSES,
    THEMES,
    TIMESCALE_MONTHS,
    choice_words,
)
from partnership.plans.import_cells import YES_NO, CellChecker, key
from partnership.plans.import_reading import ImportProblem
from partnership.plans.models import Brag, DeliveryStatus, FindingKind, Inspection, InspectionKind

OWNER_TYPES = {OWNER_AGENCY: OWNER_AGENCY, OWNER_GROUP: OWNER_GROUP, "delivery group": OWNER_GROUP}


@dataclass
class CheckedPlan:
    """The plan's fields after checking, with the row of its title."""

    title: str = ""
    title_row: int = 0
    kind: str = InspectionKind.JTAI
    area: str = ""
    dates: dict[str, date | None] = field(default_factory=dict)
    inspectorates: list[str] = field(default_factory=list)
    deep_dive_theme: str = ""
    notes: str = ""


@dataclass
class CheckedTheme:
    number: int
    title: str
    description: str


@dataclass
class CheckedFinding:
    reference: str
    kind: str
    text: str
    agencies: list[str]
    source_reference: str


@dataclass
class CheckedAction:
    row: int
    reference: str
    theme: str  # the theme's title, lower-cased
    title: str
    description: str
    owner: str
    owner_type: str
    agency_kind: str
    lead_name: str
    lead_username: str
    months: int
    original_due_date: date | None
    current_due_date: date | None
    expected_impact: str
    success_measures: str
    status: str
    brag_override: str
    brag_override_reason: str
    progress_note: str
    is_illustrative: bool


@dataclass
class CheckedScrutiny:
    action: str  # the action's reference, lower-cased
    activity: str
    who: str
    when: str


@dataclass
class CheckedFile:
    """Everything a file holds, checked and parsed, ready to be written."""

    plan: CheckedPlan
    themes: list[CheckedTheme]
    findings: list[CheckedFinding]
    actions: list[CheckedAction]
    links: list[tuple[str, str]]  # (finding reference, action reference), lower-cased
    scrutiny: list[CheckedScrutiny]
    agency_kinds: dict[str, str]  # lower-cased agency name to the kind the file gives it


class _Checker(CellChecker):
    """Walks the plan data once, sheet by sheet, collecting every problem and the parsed values."""

    def plan(self, value: Any) -> CheckedPlan:
        plan = CheckedPlan()
        if not isinstance(value, dict):
            if value is not None:
                self.add(PLAN, 0, "", "expected the fields Title, Kind, Area, Plan start and the others")
            return plan
        known = {key(name): name for name in PLAN_FIELDS}
        row_numbers = getattr(value, "row_numbers", {})
        cells: dict[str, tuple[int, Any]] = {}
        for position, (name, cell) in enumerate(value.items()):
            number = row_numbers.get(name, position + 2)
            field_name = known.get(key(str(name)))
            if field_name is None:
                self.add(PLAN, number, str(name) or "Field", "unknown field" if str(name) else "the field has no name")
            else:
                cells[field_name] = (number, cell)
        for name in PLAN_FIELDS:
            if name in PLAN_REQUIRED and name not in cells:
                self.add(PLAN, 0, name, "the field is missing")

        def get(name: str) -> tuple[int, Any]:
            return cells.get(name, (0, ""))

        plan.title_row = get("Title")[0]
        plan.title = self._plan_text("Title", get("Title"), 300)
        plan.area = self._plan_text("Area", get("Area"), 200)
        plan.deep_dive_theme = self._plan_text("Deep dive theme", get("Deep dive theme"), 300)
        row, cell = get("Notes")
        plan.notes = self.text(PLAN, row, "Notes", cell)
        row, cell = get("Kind")
        plan.kind = self.choice(
            PLAN,
            row,
            "Kind",
            cell,
            lookup=INSPECTION_KINDS,
            words=choice_words(InspectionKind),
            what="kind",
            default=InspectionKind.JTAI,
        )
        row, cell = get("Inspectorates")
        plan.inspectorates = self.names(PLAN, row, "Inspectorates", cell, max_length=200)
        for name in sorted(PLAN_DATES, key=PLAN_FIELDS.index):
            row, cell = get(name)
            plan.dates[name] = self.day(PLAN, row, name, cell, required=name in PLAN_REQUIRED and name in cells)
        start, end = plan.dates["Fieldwork start"], plan.dates["Fieldwork end"]
        if start and end and end < start:
            self.add(PLAN, get("Fieldwork end")[0], "Fieldwork end", "the end of fieldwork is before its start")
        return plan

    def _plan_text(self, name: str, row_cell: tuple[int, Any], max_length: int) -> str:
        row, cell = row_cell
        required = name in PLAN_REQUIRED and row > 0
        return self.text(PLAN, row, name, cell, required=required, max_length=max_length, strip=True)

    def themes(self, value: Any) -> list[CheckedTheme]:
        rows, missing = self.rows(THEMES, value)
        themes: list[CheckedTheme] = []
        numbers: dict[int, int] = {}
        titles: dict[str, int] = {}
        for row, cells in rows:
            number = self.whole_number(THEMES, row, "Number", cells.get("Number"), required="Number" not in missing)
            if number is not None and number < 1:
                self.add(THEMES, row, "Number", "a theme number is 1 or more")
            elif number is not None and number in numbers:
                self.add(THEMES, row, "Number", f"duplicate theme number {number} (also in row {numbers[number]})")
            elif number is not None:
                numbers[number] = row
            title = self.text(
                THEMES, row, "Title", cells.get("Title"), required="Title" not in missing, max_length=200, strip=True
            )
            if title and key(title) in titles:
                self.add(THEMES, row, "Title", f"duplicate theme title {title!r} (also in row {titles[key(title)]})")
            elif title:
                titles[key(title)] = row
            description = self.text(THEMES, row, "Description", cells.get("Description"))
            themes.append(CheckedTheme(number or 0, title, description))
        return themes

    def findings(self, value: Any) -> list[CheckedFinding]:
        rows, missing = self.rows(FINDINGS, value)
        findings: list[CheckedFinding] = []
        references: dict[str, int] = {}
        for row, cells in rows:
            reference = self._reference(FINDINGS, row, cells, missing, references)
            kind = self.choice(
                FINDINGS,
                row,
                "Kind",
                cells.get("Kind"),
                lookup=FINDING_KINDS,
                words=choice_words(FindingKind),
                what="kind",
                required="Kind" not in missing,
            )
            text = self.text(FINDINGS, row, "Text", cells.get("Text"), required="Text" not in missing)
            agencies = self.names(FINDINGS, row, "Agencies", cells.get("Agencies"), max_length=200)
            source = self.text(FINDINGS, row, "Source reference", cells.get("Source reference"), max_length=100)
            findings.append(CheckedFinding(reference, kind, text, agencies, source))
        return findings

    def _reference(self, sheet: str, row: int, cells: dict[str, Any], missing: set[str], seen: dict[str, int]) -> str:
        reference = self.text(
            sheet,
            row,
            "Reference",
            cells.get("Reference"),
            required="Reference" not in missing,
            max_length=20,
            strip=True,
        )
        if reference and key(reference) in seen:
            self.add(sheet, row, "Reference", f"duplicate reference {reference!r} (also in row {seen[key(reference)]})")
        elif reference:
            seen[key(reference)] = row
        return reference

    def actions(self, value: Any, themes: list[CheckedTheme]) -> tuple[list[CheckedAction], dict[str, str]]:
        rows, missing = self.rows(ACTIONS, value)
        theme_titles = {key(theme.title): key(theme.title) for theme in themes if theme.title}
        theme_numbers = {str(theme.number): key(theme.title) for theme in themes if theme.title and theme.number}
        actions: list[CheckedAction] = []
        references: dict[str, int] = {}
        agency_kinds: dict[str, tuple[str, int]] = {}

        def cell(name: str) -> Any:
            return cells.get(name, "")

        for row, cells in rows:
            reference = self._reference(ACTIONS, row, cells, missing, references)
            theme_text = self.text(ACTIONS, row, "Theme", cell("Theme"), required="Theme" not in missing, strip=True)
            theme = theme_titles.get(key(theme_text)) or theme_numbers.get(theme_text, "")
            if theme_text and not theme:
                self.add(ACTIONS, row, "Theme", f"unknown theme {theme_text!r}")
            title = self.text(
                ACTIONS, row, "Title", cell("Title"), required="Title" not in missing, max_length=300, strip=True
            )
            owner, owner_type = self._owner(row, cells, missing)
            agency_kind = self.choice(
                ACTIONS,
                row,
                "Owner agency type",
                cell("Owner agency type"),
                lookup=AGENCY_KINDS,
                words=choice_words(AgencyKind),
                what="agency type",
            )
            if owner and owner_type == OWNER_AGENCY and agency_kind:
                earlier = agency_kinds.setdefault(key(owner), (agency_kind, row))
                if earlier[0] != agency_kind:
                    self.add(
                        ACTIONS, row, "Owner agency type", f"agency {owner!r} is given another type in row {earlier[1]}"
                    )
            lead_name = self.text(ACTIONS, row, "Lead", cell("Lead"), max_length=200, strip=True)
            lead_username = self.text(ACTIONS, row, "Lead username", cell("Lead username"), max_length=150, strip=True)
            months = self.whole_number(
                ACTIONS, row, "Timescale months", cell("Timescale months"), required="Timescale months" not in missing
            )
            if months is not None and months not in TIMESCALE_MONTHS:
                self.add(ACTIONS, row, "Timescale months", f"timescale must be 3, 6, 9 or 12 months, not {months}")
                months = None
            original = self.day(ACTIONS, row, "Original due date", cell("Original due date"))
            current = self.day(ACTIONS, row, "Current due date", cell("Current due date"))
            if current is not None and self._is_blank(cell("Original due date")):
                self.add(ACTIONS, row, "Current due date", "a current due date needs an original due date")
            expected_impact = self.text(
                ACTIONS, row, "Expected impact", cell("Expected impact"), required="Expected impact" not in missing
            )
            success_measures = self.text(ACTIONS, row, "Success measures", cell("Success measures"))
            status = self.choice(
                ACTIONS,
                row,
                "Status",
                cell("Status"),
                lookup=STATUSES,
                words=choice_words(DeliveryStatus),
                what="status",
                default=DeliveryStatus.NOT_STARTED,
            )
            brag = self.choice(
                ACTIONS,
                row,
                "BRAG override",
                cell("BRAG override"),
                lookup=BRAG_RATINGS,
                words="Red, Amber, Green or Blue",
                what="BRAG rating",
            )
            brag_reason = self.text(ACTIONS, row, "BRAG override reason", cell("BRAG override reason"))
            if brag and not brag_reason.strip():
                self.add(ACTIONS, row, "BRAG override reason", "give the reason for setting the rating by hand")
            if brag == Brag.BLUE and status != DeliveryStatus.IMPACT_EVIDENCED:
                self.add(ACTIONS, row, "BRAG override", "blue means impact evidenced; it cannot be set by hand")
            progress_note = self.text(ACTIONS, row, "Progress note", cell("Progress note"))
            illustrative_text = self.text(ACTIONS, row, "Illustrative", cell("Illustrative"), strip=True)
            illustrative = YES_NO.get(illustrative_text.casefold())
            if illustrative is None:
                self.add(ACTIONS, row, "Illustrative", f"{illustrative_text!r} is not yes or no")
            actions.append(
                CheckedAction(
                    row=row,
                    reference=reference,
                    theme=theme,
                    title=title,
                    description=self.text(ACTIONS, row, "Description", cell("Description")),
                    owner=owner,
                    owner_type=owner_type,
                    agency_kind=agency_kind,
                    lead_name=lead_name,
                    lead_username=lead_username,
                    months=months or 0,
                    original_due_date=original,
                    current_due_date=current,
                    expected_impact=expected_impact,
                    success_measures=success_measures,
                    status=status,
                    brag_override=brag,
                    brag_override_reason=brag_reason,
                    progress_note=progress_note,
                    is_illustrative=bool(illustrative),
                )
            )
        return actions, {name: kind for name, (kind, _row) in agency_kinds.items()}

    @staticmethod
    def _is_blank(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def _owner(self, row: int, cells: dict[str, Any], missing: set[str]) -> tuple[str, str]:
        owner = self.text(ACTIONS, row, "Owner", cells.get("Owner"), max_length=200, strip=True)
        owner_type_text = self.text(ACTIONS, row, "Owner type", cells.get("Owner type"), strip=True)
        words = owner_type_text.casefold()
        if "Owner" not in missing and not owner:
            self.add(ACTIONS, row, "Owner", "the action needs one owner: an agency or a delivery group")
        elif ";" in owner:
            self.add(ACTIONS, row, "Owner", f"an action has one owner, not several ({owner!r})")
        if OWNER_AGENCY in words and OWNER_GROUP in words:
            self.add(ACTIONS, row, "Owner type", "an action has one owner: choose agency or group, not both")
            return owner, ""
        if not words:
            if "Owner type" not in missing:
                self.add(ACTIONS, row, "Owner type", "this cell must not be empty; use agency or group")
            return owner, ""
        owner_type = OWNER_TYPES.get(words, "")
        if not owner_type:
            self.add(ACTIONS, row, "Owner type", f"unknown owner type {owner_type_text!r}; use agency or group")
        return owner, owner_type

    def links(self, value: Any, findings: list[CheckedFinding], actions: list[CheckedAction]) -> list[tuple[str, str]]:
        rows, missing = self.rows(LINKS, value)
        finding_keys = {key(finding.reference) for finding in findings if finding.reference}
        action_keys = {key(action.reference) for action in actions if action.reference}
        links: list[tuple[str, str]] = []
        seen: dict[tuple[str, str], int] = {}
        for row, cells in rows:
            finding = self.text(
                LINKS,
                row,
                "Finding reference",
                cells.get("Finding reference"),
                required="Finding reference" not in missing,
                strip=True,
            )
            action = self.text(
                LINKS,
                row,
                "Action reference",
                cells.get("Action reference"),
                required="Action reference" not in missing,
                strip=True,
            )
            if finding and key(finding) not in finding_keys:
                self.add(LINKS, row, "Finding reference", f"no finding {finding!r} in the Findings sheet")
            if action and key(action) not in action_keys:
                self.add(LINKS, row, "Action reference", f"no action {action!r} in the Actions sheet")
            pair = (key(finding), key(action))
            if finding and action and pair in seen:
                self.add(
                    LINKS,
                    row,
                    "Action reference",
                    f"the link from {finding!r} to {action!r} is given twice (also in row {seen[pair]})",
                )
            elif finding and action:
                seen[pair] = row
                links.append(pair)
        return links

    def scrutiny(self, value: Any, actions: list[CheckedAction]) -> list[CheckedScrutiny]:
        rows, missing = self.rows(SCRUTINY, value)
        action_keys = {key(action.reference) for action in actions if action.reference}
        items: list[CheckedScrutiny] = []
        for row, cells in rows:
            action = self.text(
                SCRUTINY,
                row,
                "Action reference",
                cells.get("Action reference"),
                required="Action reference" not in missing,
                strip=True,
            )
            if action and key(action) not in action_keys:
                self.add(SCRUTINY, row, "Action reference", f"no action {action!r} in the Actions sheet")
            activity = self.text(SCRUTINY, row, "Activity", cells.get("Activity"), required="Activity" not in missing)
            who = self.text(SCRUTINY, row, "Who", cells.get("Who"), max_length=200)
            when = self.text(SCRUTINY, row, "When", cells.get("When"), max_length=100)
            items.append(CheckedScrutiny(key(action), activity, who, when))
        return items

    def check(self, data: Any) -> CheckedFile:
        sheets = self.sheets(data)
        plan = self.plan(sheets.get(PLAN))
        themes = self.themes(sheets.get(THEMES))
        findings = self.findings(sheets.get(FINDINGS))
        actions, agency_kinds = self.actions(sheets.get(ACTIONS), themes)
        links = self.links(sheets.get(LINKS), findings, actions)
        scrutiny = self.scrutiny(sheets.get(SCRUTINY), actions)
        if plan.title and Inspection.objects.filter(title__iexact=plan.title).exists():
            self.add(
                PLAN,
                plan.title_row,
                "Title",
                f"an inspection called {plan.title!r} is already in Partnership; a file is never merged into "
                "an existing plan",
            )
        return CheckedFile(plan, themes, findings, actions, links, scrutiny, agency_kinds)


def _in_order(problems: list[ImportProblem]) -> list[ImportProblem]:
    sheet_index = {name: index for index, name in enumerate(SHEET_ORDER)}
    return sorted(problems, key=lambda problem: (sheet_index.get(problem.sheet, -1), problem.row))


def plan_check(*, data: Any) -> tuple[CheckedFile, list[ImportProblem]]:
    """Check a plan file's data, returning what it holds and every problem in it, by sheet and row."""
    checker = _Checker()
    checked = checker.check(data)
    return checked, _in_order(checker.problems)
