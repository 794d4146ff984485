"""Changing the plan: inspection, themes, findings, actions, revisions and progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from partnership.access.guards import require_permission, signed_in_user
from partnership.access.models import User
from partnership.plans import selectors, services
from partnership.plans.forms import (
    ActionCreateForm,
    ActionEditForm,
    ActionReviseForm,
    FindingEditForm,
    FindingForm,
    InspectionForm,
    ProgressForm,
    ThemeForm,
    owner_value,
    resolve_owner,
)
from partnership.plans.pages import form_page, plan_page


def _lead(value: str) -> User | None:
    return User.objects.filter(pk=value).first() if value else None


def _action_url(action: Any) -> str:
    return reverse("plans:action-detail", kwargs={"action_id": action.pk})


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    """Record the inspection a new plan answers."""
    plan_page(request, "plans.manage_plan")

    def save(data: dict[str, Any]) -> Any:
        inspectorates = [line.strip() for line in data.pop("inspectorates").splitlines() if line.strip()]
        return services.inspection_create(inspectorates=inspectorates, **data)

    return form_page(
        request,
        InspectionForm(request.POST or None, initial={"kind": "jtai"}),
        title="Record an inspection",
        button="Save inspection",
        save=save,
        done=lambda _: (
            reverse("plans:overview"),
            "The inspection has been recorded. Add its findings and themes next.",
        ),
    )


@login_required
def theme_create(request: HttpRequest) -> HttpResponse:
    """Add a theme to the current plan."""
    plan_page(request, "plans.manage_plan")
    inspection = selectors.current_inspection_or_404(user=request.user)
    next_number = selectors.theme_list(user=request.user, inspection=inspection).count() + 1
    return form_page(
        request,
        ThemeForm(request.POST or None, initial={"number": next_number}),
        title="Add a theme",
        button="Add theme",
        save=lambda data: services.theme_create(inspection=inspection, **data),
        done=lambda _: (reverse("plans:overview"), "The theme has been added."),
    )


@login_required
def finding_create(request: HttpRequest) -> HttpResponse:
    """Add a finding from the inspection letter."""
    plan_page(request, "plans.manage_plan")
    inspection = selectors.current_inspection_or_404(user=request.user)

    def save(data: dict[str, Any]) -> Any:
        return services.finding_create(inspection=inspection, **{**data, "agencies": list(data["agencies"])})

    return form_page(
        request,
        FindingForm(request.POST or None),
        title="Add a finding",
        button="Add finding",
        save=save,
        done=lambda finding: (
            reverse("plans:finding-detail", kwargs={"finding_id": finding.pk}),
            f"Finding {finding.reference} has been added.",
        ),
    )


@login_required
def finding_edit(request: HttpRequest, finding_id: str) -> HttpResponse:
    """Correct a finding's wording, kind, agencies or source."""
    plan_page(request)
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    plan_page(request, "plans.manage_plan")
    initial = {
        "version": finding.version,
        "kind": finding.kind,
        "text": finding.text,
        "agencies": [agency.pk for agency in finding.agencies.all()],
        "source_reference": finding.source_reference,
    }

    def save(data: dict[str, Any]) -> Any:
        return services.finding_update(
            finding=finding,
            expected_version=data["version"],
            kind=data["kind"],
            text=data["text"],
            agencies=list(data["agencies"]),
            source_reference=data["source_reference"],
        )

    return form_page(
        request,
        FindingEditForm(request.POST or None, initial=initial),
        title=f"Edit finding {finding.reference}",
        button="Save changes",
        save=save,
        noun="finding",
        done=lambda _: (
            reverse("plans:finding-detail", kwargs={"finding_id": finding.pk}),
            f"Finding {finding.reference} has been updated.",
        ),
    )


@login_required
def action_create(request: HttpRequest) -> HttpResponse:
    """Add an action to the current plan."""
    plan_page(request, "plans.manage_plan")
    inspection = selectors.current_inspection_or_404(user=request.user)

    def save(data: dict[str, Any]) -> Any:
        owner_agency, owner_group = resolve_owner(data["owner"])
        activity = data["scrutiny_activity"].strip()
        return services.action_create(
            inspection=inspection,
            theme=data["theme"],
            reference=data["reference"],
            title=data["title"],
            description=data["description"],
            findings=list(data["findings"]),
            owner_agency=owner_agency,
            owner_group=owner_group,
            lead=_lead(data["lead"]),
            lead_name=data["lead_name"],
            timescale_months=data["timescale_months"],
            expected_impact=data["expected_impact"],
            success_measures=data["success_measures"],
            scrutiny=[(activity, data["scrutiny_who"], data["scrutiny_when"])] if activity else [],
        )

    return form_page(
        request,
        ActionCreateForm(request.POST or None, inspection=inspection),
        title="Add an action",
        button="Add action",
        save=save,
        done=lambda action: (_action_url(action), f"Action {action.reference} has been added."),
    )


@login_required
def action_edit(request: HttpRequest, action_id: str) -> HttpResponse:
    """Change an action's theme, findings or success measures."""
    plan_page(request)
    action = selectors.action_get(user=request.user, action_id=action_id)
    plan_page(request, "plans.manage_plan")
    initial = {
        "version": action.version,
        "theme": action.theme_id,
        "findings": [f.pk for f in action.findings.all()],
        "success_measures": action.success_measures,
    }

    def save(data: dict[str, Any]) -> Any:
        return services.action_update(
            actor=signed_in_user(request),
            action=action,
            expected_version=data["version"],
            theme=data["theme"],
            findings=list(data["findings"]),
            success_measures=data["success_measures"],
        )

    return form_page(
        request,
        ActionEditForm(request.POST or None, initial=initial, inspection=action.inspection),
        title=f"Edit action {action.reference}",
        button="Save changes",
        save=save,
        context={"action": action},
        done=lambda _: (_action_url(action), "The action has been updated."),
    )


@login_required
def action_revise(request: HttpRequest, action_id: str) -> HttpResponse:
    """Revise an action's due date, owner, lead, wording or expected impact, with a reason."""
    plan_page(request)
    action = selectors.action_get(user=request.user, action_id=action_id)
    plan_page(request, "plans.revise_action")
    initial = {
        "version": action.version,
        "title": action.title,
        "description": action.description,
        "current_due_date": action.current_due_date,
        "owner": owner_value(action.owner_agency_id, action.owner_group_id),
        "lead": str(action.lead_id or ""),
        "lead_name": action.lead_name,
        "expected_impact": action.expected_impact,
    }

    def save(data: dict[str, Any]) -> Any:
        owner_agency, owner_group = resolve_owner(data["owner"])
        return services.action_revise(
            actor=signed_in_user(request),
            action=action,
            expected_version=data["version"],
            reason=data["reason"],
            title=data["title"],
            description=data["description"],
            current_due_date=data["current_due_date"],
            owner_agency=owner_agency,
            owner_group=owner_group,
            lead=_lead(data["lead"]),
            lead_name=data["lead_name"],
            expected_impact=data["expected_impact"],
        )

    return form_page(
        request,
        ActionReviseForm(request.POST or None, initial=initial),
        title=f"Revise action {action.reference}",
        button="Record revision",
        save=save,
        context={"action": action},
        done=lambda _: (_action_url(action), "The revision has been recorded."),
    )


@login_required
def action_progress(request: HttpRequest, action_id: str) -> HttpResponse:
    """The lead records progress: delivery status, what happened, and a rating set by hand if needed."""
    plan_page(request)
    action = selectors.action_get(user=request.user, action_id=action_id)
    require_permission(request, "plans.update_progress", action, object_type="action")
    may_confirm = request.user.has_perm("plans.confirm_impact")
    initial = {
        "version": action.version,
        "status": action.status,
        "progress_note": action.progress_note,
        "brag_override": action.brag_override,
        "brag_override_reason": action.brag_override_reason,
    }

    def save(data: dict[str, Any]) -> Any:
        return services.action_record_progress(
            actor=signed_in_user(request),
            action=action,
            expected_version=data["version"],
            status=data["status"],
            progress_note=data["progress_note"],
            brag_override=data["brag_override"],
            brag_override_reason=data["brag_override_reason"],
            may_confirm_impact=may_confirm,
        )

    return form_page(
        request,
        ProgressForm(request.POST or None, initial=initial, may_confirm_impact=may_confirm),
        title=f"Record progress on action {action.reference}",
        button="Save progress",
        save=save,
        context={"action": action},
        done=lambda _: (_action_url(action), "Progress has been recorded."),
    )
