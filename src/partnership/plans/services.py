"""Every write to the plan: inspections, findings, themes, actions, revisions and progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.versioning import save_if_current
from partnership.plans.models import (
    Action,
    ActionRevision,
    Brag,
    DeliveryGroup,
    DeliveryStatus,
    Finding,
    Inspection,
    ScrutinyActivity,
    Theme,
)
from partnership.plans.rules import due_date_for_band

# Changing any of these is a revision: it needs a reason and is listed in the action's revisions.
REVISION_FIELDS = (
    "current_due_date",
    "lead",
    "lead_name",
    "owner_agency",
    "owner_group",
    "title",
    "description",
    "expected_impact",
)
PROGRESS_STATUSES = (DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS, DeliveryStatus.DELIVERED)
# Set only by the executive, and changed again only by the executive.
FINISHED_BY_EXECUTIVE = (DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED)


def _with_reason(instance: Any, reason: str, actor: User | None = None) -> None:
    """Say who made the next save and why, for the record's history."""
    instance._change_reason = reason[:100]
    if actor is not None:
        instance._history_user = actor


@transaction.atomic
def inspection_create(
    *,
    title: str,
    area: str,
    plan_start: date,
    kind: str = "jtai",
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
    letter_date: date | None = None,
    inspectorates: list[str] | None = None,
    deep_dive_theme: str = "",
    notes: str = "",
) -> Inspection:
    """Record an inspection whose letter the plan will answer."""
    if fieldwork_start and fieldwork_end and fieldwork_end < fieldwork_start:
        raise BusinessRuleError("The end of fieldwork must be on or after its start.", field="fieldwork_end")
    return Inspection.objects.create(
        title=title,
        area=area,
        plan_start=plan_start,
        kind=kind,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        letter_date=letter_date,
        inspectorates=inspectorates or [],
        deep_dive_theme=deep_dive_theme,
        notes=notes,
    )


@transaction.atomic
def theme_create(*, inspection: Inspection, number: int, title: str, description: str = "") -> Theme:
    """Add a theme to the plan."""
    if Theme.objects.filter(inspection=inspection, number=number).exists():
        raise BusinessRuleError(f"There is already a theme {number}.", field="number")
    if Theme.objects.filter(inspection=inspection, title=title).exists():
        raise BusinessRuleError("There is already a theme with that title.", field="title")
    return Theme.objects.create(inspection=inspection, number=number, title=title, description=description)


@transaction.atomic
def delivery_group_create(*, name: str, description: str = "", chair: User | None = None) -> DeliveryGroup:
    """Add a partnership delivery group that can own actions."""
    return DeliveryGroup.objects.create(name=name, description=description, chair=chair)


@transaction.atomic
def finding_create(
    *,
    inspection: Inspection,
    reference: str,
    kind: str,
    text: str,
    agencies: list[Agency] | None = None,
    source_reference: str = "",
    position: int | None = None,
) -> Finding:
    """Add a finding from the inspection letter."""
    if Finding.objects.filter(inspection=inspection, reference=reference).exists():
        raise BusinessRuleError(f"There is already a finding {reference}.", field="reference")
    if position is None:
        position = Finding.objects.filter(inspection=inspection).count() + 1
    finding = Finding.objects.create(
        inspection=inspection,
        reference=reference,
        kind=kind,
        text=text,
        source_reference=source_reference,
        position=position,
    )
    if agencies:
        finding.agencies.set(agencies)
    return finding


@transaction.atomic
def finding_update(
    *, finding: Finding, expected_version: int, kind: str, text: str, agencies: list[Agency], source_reference: str
) -> Finding:
    """Correct a finding's wording, kind, agencies or source; refused if someone else changed it meanwhile."""
    finding.kind, finding.text, finding.source_reference = kind, text, source_reference
    save_if_current(finding, expected_version=expected_version, fields=["kind", "text", "source_reference"])
    finding.agencies.set(agencies)
    return finding


def _check_owner(owner_agency: Agency | None, owner_group: DeliveryGroup | None) -> None:
    if (owner_agency is None) == (owner_group is None):
        raise BusinessRuleError("Choose one owner: an agency or a partnership delivery group.", field="owner")


@transaction.atomic
def action_create(
    *,
    inspection: Inspection,
    theme: Theme,
    reference: str,
    title: str,
    timescale_months: int,
    expected_impact: str,
    owner_agency: Agency | None = None,
    owner_group: DeliveryGroup | None = None,
    lead: User | None = None,
    lead_name: str = "",
    description: str = "",
    success_measures: str = "",
    findings: list[Finding] | None = None,
    scrutiny: list[tuple[str, str, str]] | None = None,
    is_illustrative: bool = False,
) -> Action:
    """Add an action to the plan; its original and current due dates come from its timescale band."""
    _check_owner(owner_agency, owner_group)
    if theme.inspection_id != inspection.pk:
        raise BusinessRuleError("The theme belongs to another plan.", field="theme")
    if Action.objects.filter(inspection=inspection, reference=reference).exists():
        raise BusinessRuleError(f"There is already an action {reference}.", field="reference")
    if not expected_impact.strip():
        raise BusinessRuleError("Say what impact the action should have on practice.", field="expected_impact")
    try:
        due = due_date_for_band(plan_start=inspection.plan_start, months=timescale_months)
    except ValueError as error:
        raise BusinessRuleError(str(error), field="timescale_months") from error
    action = Action.objects.create(
        inspection=inspection,
        theme=theme,
        reference=reference,
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner_group=owner_group,
        lead=lead,
        lead_name=lead_name or (lead.get_full_name() if lead else ""),
        timescale_months=timescale_months,
        original_due_date=due,
        current_due_date=due,
        expected_impact=expected_impact,
        success_measures=success_measures,
        is_illustrative=is_illustrative,
    )
    if findings:
        if any(finding.inspection_id != inspection.pk for finding in findings):
            raise BusinessRuleError("A finding belongs to another inspection.", field="findings")
        action.findings.set(findings)
    for position, (activity, who, when) in enumerate(scrutiny or [], start=1):
        ScrutinyActivity.objects.create(action=action, activity=activity, who=who, when=when, position=position)
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    theme: Theme,
    findings: list[Finding],
    success_measures: str,
    reason: str = "",
) -> Action:
    """Change an action's theme, the findings it answers or its success measures (not a revision)."""
    if theme.inspection_id != action.inspection_id:
        raise BusinessRuleError("The theme belongs to another plan.", field="theme")
    action.theme, action.success_measures = theme, success_measures
    _with_reason(action, reason or "Details updated", actor)
    save_if_current(action, expected_version=expected_version, fields=["theme", "success_measures"])
    action.findings.set(findings)
    return action


def _display(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic
def action_revise(*, actor: User, action: Action, expected_version: int, reason: str, **changes: Any) -> ActionRevision:
    """Revise an action's due date, lead, owner, wording or expected impact, keeping the reason and the old values."""
    unknown = set(changes) - set(REVISION_FIELDS)
    if unknown:
        raise BusinessRuleError(f"These cannot be revised: {', '.join(sorted(unknown))}.")
    if not reason.strip():
        raise BusinessRuleError("Enter the reason for the revision.", field="reason")
    if action.version != expected_version:
        raise StaleVersion()
    changed = {name: value for name, value in changes.items() if getattr(action, name) != value}
    if not changed:
        raise BusinessRuleError("Nothing was changed.")
    owner_agency = changed.get("owner_agency", action.owner_agency)
    owner_group = changed.get("owner_group", action.owner_group)
    if "owner_agency" in changed or "owner_group" in changed:
        _check_owner(owner_agency, owner_group)
    if "title" in changed and not str(changed["title"]).strip():
        raise BusinessRuleError("The action needs a title.", field="title")
    if "expected_impact" in changed and not str(changed["expected_impact"]).strip():
        raise BusinessRuleError("Say what impact the action should have on practice.", field="expected_impact")
    record = {name: [_display(getattr(action, name)), _display(value)] for name, value in changed.items()}
    for name, value in changed.items():
        setattr(action, name, value)
    _with_reason(action, reason, actor)
    save_if_current(action, expected_version=expected_version, fields=list(changed))
    return ActionRevision.objects.create(action=action, revised_by=actor, reason=reason.strip(), changes=record)


@transaction.atomic
def action_record_progress(
    *,
    actor: User,
    action: Action,
    expected_version: int,
    status: str,
    progress_note: str,
    brag_override: str = "",
    brag_override_reason: str = "",
    may_confirm_impact: bool = False,
) -> Action:
    """Record the lead's progress: delivery status, a note, and optionally a BRAG rating set by hand with its reason."""
    allowed = set(PROGRESS_STATUSES)
    if may_confirm_impact:
        allowed |= {DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED}
    if status not in allowed and status != action.status:
        raise BusinessRuleError("Only the executive can confirm impact or supersede an action.", field="status")
    if action.status in FINISHED_BY_EXECUTIVE and status != action.status and not may_confirm_impact:
        raise BusinessRuleError(
            "Only the executive can reopen an action whose impact is evidenced or that is superseded.", field="status"
        )
    if brag_override and brag_override not in Brag.values:
        raise BusinessRuleError("Choose a BRAG rating.", field="brag_override")
    if brag_override and not brag_override_reason.strip():
        raise BusinessRuleError("Give the reason for setting the rating by hand.", field="brag_override_reason")
    if brag_override == Brag.BLUE and status != DeliveryStatus.IMPACT_EVIDENCED:
        raise BusinessRuleError("Blue means impact evidenced; it cannot be set by hand.", field="brag_override")
    if not progress_note.strip():
        raise BusinessRuleError("Describe the progress made.", field="progress_note")
    action.status = status
    action.progress_note = progress_note.strip()
    action.progress_updated_at = timezone.now()
    action.brag_override = brag_override
    action.brag_override_reason = brag_override_reason.strip() if brag_override else ""
    _with_reason(action, "Progress recorded", actor)
    save_if_current(
        action,
        expected_version=expected_version,
        fields=["status", "progress_note", "progress_updated_at", "brag_override", "brag_override_reason"],
    )
    return action


@transaction.atomic
def scrutiny_add(*, action: Action, activity: str, who: str = "", when: str = "") -> ScrutinyActivity:
    """Add a piece of monitoring, scrutiny or audit to an action's programme."""
    if not activity.strip():
        raise BusinessRuleError("Describe the scrutiny or audit activity.", field="activity")
    position = action.scrutiny.count() + 1
    return ScrutinyActivity.objects.create(
        action=action, activity=activity.strip(), who=who, when=when, position=position
    )
