"""Import a plan from xlsx, YAML or JSON: read it, check every row, then write all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.apps import apps
from django.db import transaction
from django.db.models.functions import Lower
from simple_history.utils import bulk_create_with_history, get_history_model_for_model

from partnership.access.models import Agency, AgencyKind, User
from partnership.core.progress import SILENT, Progress
from partnership.plans.fileformat import OWNER_AGENCY, OWNER_GROUP
from partnership.plans.import_cells import key
from partnership.plans.import_checking import CheckedFile, plan_check
from partnership.plans.import_reading import (
    FormulaCell,
    ImportProblem,
    PlanImportError,
    read_json,
    read_plan_file,
    read_xlsx,
    read_yaml,
)
from partnership.plans.models import Action, DeliveryGroup, Finding, Inspection, ScrutinyActivity, Theme
from partnership.plans.rules import due_date_for_band

__all__ = [
    "FormulaCell",
    "ImportProblem",
    "ImportResult",
    "PlanImportError",
    "plan_check",
    "plan_import",
    "plan_import_file",
    "read_json",
    "read_plan_file",
    "read_xlsx",
    "read_yaml",
]

CHANGE_REASON = "Imported from a plan file"


@dataclass
class ImportResult:
    """What an import created."""

    inspection: Inspection
    themes: int
    findings: int
    actions: int
    links: int
    scrutiny: int
    agencies_created: list[str]
    groups_created: list[str]
    leads_linked: int

    def summary_lines(self) -> list[str]:
        """The result in a few lines for the command line and the success message."""
        return [
            f"Imported the plan for {self.inspection.title!r}.",
            f"Themes: {self.themes}, findings: {self.findings}, actions: {self.actions}, "
            f"links: {self.links}, scrutiny activities: {self.scrutiny}.",
            f"Agencies created: {len(self.agencies_created)}"
            + (f" ({', '.join(self.agencies_created)})" if self.agencies_created else "")
            + f", delivery groups created: {len(self.groups_created)}"
            + (f" ({', '.join(self.groups_created)})" if self.groups_created else "")
            + f", leads linked to accounts: {self.leads_linked}.",
        ]


def _historical_m2m(model: type[Any], name: str) -> Any:
    return apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{name}")


def _write(checked: CheckedFile, actor: User | None, progress: Progress) -> ImportResult:
    history = {"default_user": actor, "default_change_reason": CHANGE_REASON}
    plan = checked.plan
    records = 1 + len(checked.themes) + len(checked.findings) + len(checked.actions) + len(checked.scrutiny)
    progress.stage("Writing", total=records, unit="records")
    plan_start = plan.dates["Plan start"]
    if plan_start is None:
        raise ValueError("A checked plan has a plan start.")
    inspection = Inspection(
        kind=plan.kind,
        title=plan.title,
        area=plan.area,
        fieldwork_start=plan.dates["Fieldwork start"],
        fieldwork_end=plan.dates["Fieldwork end"],
        letter_date=plan.dates["Letter date"],
        inspectorates=plan.inspectorates,
        deep_dive_theme=plan.deep_dive_theme,
        plan_start=plan_start,
        notes=plan.notes,
    )
    bulk_create_with_history([inspection], Inspection, **history)
    progress.advance(1)

    # Agencies and delivery groups the file names, matched by name whatever the case, created when new.
    agencies = {key(agency.name): agency for agency in Agency.objects.all()}
    new_agencies: dict[str, Agency] = {}
    wanted = [name for finding in checked.findings for name in finding.agencies]
    wanted += [action.owner for action in checked.actions if action.owner_type == OWNER_AGENCY]
    for name in wanted:
        if key(name) not in agencies:
            kind = checked.agency_kinds.get(key(name), AgencyKind.OTHER)
            agencies[key(name)] = new_agencies[key(name)] = Agency(name=name, kind=kind)
    bulk_create_with_history(list(new_agencies.values()), Agency, **history)
    groups = {key(group.name): group for group in DeliveryGroup.objects.all()}
    new_groups: dict[str, DeliveryGroup] = {}
    for action in checked.actions:
        if action.owner_type == OWNER_GROUP and key(action.owner) not in groups:
            groups[key(action.owner)] = new_groups[key(action.owner)] = DeliveryGroup(name=action.owner)
    bulk_create_with_history(list(new_groups.values()), DeliveryGroup, **history)
    usernames = {action.lead_username.lower() for action in checked.actions if action.lead_username}
    users = {
        user.username.lower(): user
        for user in User.objects.annotate(username_key=Lower("username")).filter(username_key__in=usernames)
    }

    themes = [
        Theme(inspection=inspection, number=theme.number, title=theme.title, description=theme.description)
        for theme in checked.themes
    ]
    bulk_create_with_history(themes, Theme, **history)
    progress.advance(len(themes))
    theme_by_title = {key(theme.title): theme for theme in themes}

    findings = [
        Finding(
            inspection=inspection,
            reference=finding.reference,
            kind=finding.kind,
            text=finding.text,
            source_reference=finding.source_reference,
            position=position,
        )
        for position, finding in enumerate(checked.findings, start=1)
    ]
    bulk_create_with_history(findings, Finding, **history)
    progress.advance(len(findings))
    finding_by_reference = {key(finding.reference): finding for finding in findings}
    agency_links = [
        (finding.pk, agencies[key(name)].pk)
        for finding, checked_finding in zip(findings, checked.findings, strict=True)
        for name in checked_finding.agencies
    ]
    _link(Finding, "agencies", agency_links, inspection)

    actions: list[Action] = []
    for item in checked.actions:
        original = item.original_due_date or due_date_for_band(plan_start=inspection.plan_start, months=item.months)
        lead = users.get(item.lead_username.lower()) if item.lead_username else None
        actions.append(
            Action(
                inspection=inspection,
                theme=theme_by_title[item.theme],
                reference=item.reference,
                title=item.title,
                description=item.description,
                owner_agency=agencies[key(item.owner)] if item.owner_type == OWNER_AGENCY else None,
                owner_group=groups[key(item.owner)] if item.owner_type == OWNER_GROUP else None,
                lead=lead,
                lead_name=item.lead_name or (lead.get_full_name() if lead else ""),
                timescale_months=item.months,
                original_due_date=original,
                current_due_date=item.current_due_date or original,
                expected_impact=item.expected_impact,
                success_measures=item.success_measures,
                status=item.status,
                progress_note=item.progress_note,
                brag_override=item.brag_override,
                brag_override_reason=item.brag_override_reason,
                is_illustrative=item.is_illustrative,
            )
        )
    bulk_create_with_history(actions, Action, **history)
    progress.advance(len(actions))
    action_by_reference = {key(action.reference): action for action in actions}
    finding_links = [
        (action_by_reference[action].pk, finding_by_reference[finding].pk) for finding, action in checked.links
    ]
    _link(Action, "findings", finding_links, inspection)

    positions: dict[str, int] = {}
    scrutiny = []
    for activity in checked.scrutiny:
        positions[activity.action] = positions.get(activity.action, 0) + 1
        scrutiny.append(
            ScrutinyActivity(
                action=action_by_reference[activity.action],
                activity=activity.activity,
                who=activity.who,
                when=activity.when,
                position=positions[activity.action],
            )
        )
    ScrutinyActivity.objects.bulk_create(scrutiny)
    progress.advance(len(scrutiny))
    progress.close()

    return ImportResult(
        inspection=inspection,
        themes=len(themes),
        findings=len(findings),
        actions=len(actions),
        links=len(finding_links),
        scrutiny=len(scrutiny),
        agencies_created=[agency.name for agency in new_agencies.values()],
        groups_created=[group.name for group in new_groups.values()],
        leads_linked=sum(1 for action in actions if action.lead_id),
    )


def _link(model: type[Finding] | type[Action], name: str, pairs: list[tuple[Any, Any]], inspection: Inspection) -> None:
    """Write many-to-many rows in bulk, with the rows of the history that records them on each new record."""
    if not pairs:
        return
    relation = getattr(model, name)
    through = relation.through
    source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    through.objects.bulk_create([through(**{f"{source}_id": one, f"{target}_id": other}) for one, other in pairs])
    history_ids = dict(
        get_history_model_for_model(model).objects.filter(inspection_id=inspection.pk).values_list("id", "history_id")
    )
    historical = _historical_m2m(model, name)
    rows = through.objects.filter(**{f"{source}__inspection": inspection}).values_list(
        "id", f"{source}_id", f"{target}_id"
    )
    historical.objects.bulk_create(
        [
            historical(**{"id": row_id, f"{source}_id": one, f"{target}_id": other, "history_id": history_ids[one]})
            for row_id, one, other in rows
        ]
    )


def _row_count(data: Any) -> int:
    """How many rows a plan file's data holds: one for the plan, and each row of every other sheet."""
    sheets = data.values() if isinstance(data, dict) else []
    return 1 + sum(len(rows) for rows in sheets if isinstance(rows, list))


def plan_import(*, data: Any, actor: User | None = None, progress: Progress | None = None) -> ImportResult:
    """Check every row of a plan file's data and, when nothing is wrong, create the whole plan in one transaction."""
    progress = progress or SILENT
    with transaction.atomic():
        rows = _row_count(data)
        progress.stage("Checking rows", total=rows)
        checked, problems = plan_check(data=data)
        progress.advance(rows)
        progress.close()
        if problems:
            raise PlanImportError(problems)
        return _write(checked, actor, progress)


def plan_import_file(
    *, stream: IO[bytes], filename: str, actor: User | None = None, progress: Progress | None = None
) -> ImportResult:
    """Read a plan file (xlsx, YAML or JSON, by its suffix) and import it whole, or refuse it with every problem."""
    (progress or SILENT).stage(f"Reading {filename}")
    return plan_import(data=read_plan_file(stream, filename=filename), actor=actor, progress=progress)
