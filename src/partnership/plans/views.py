"""Reading the plan: overview, actions, findings, coverage and the lead's own actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnership.frontend.tables import download_format, table_download
from partnership.plans import cycle_selectors, selectors, tables
from partnership.plans.forms import ActionFilterForm
from partnership.plans.models import FindingKind
from partnership.plans.pages import plan_page
from partnership.plans.rules import quarter_start
from partnership.plans.selectors import BRAG_ORDER, ActionFilters


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The plan at a glance: BRAG counts by theme, timescales revised, and traceability problems."""
    plan_page(request)
    inspection = selectors.current_inspection(user=request.user)
    if inspection is None:
        return render(request, "plans/no_plan.html", {"can_manage": request.user.has_perm("plans.manage_plan")})
    summary = selectors.plan_overview(user=request.user, inspection=inspection)
    if file_format := download_format(request):
        table = tables.overview_table(summary, brag_order=BRAG_ORDER)
        return table_download(table, file_format=file_format, name="plan actions by theme")
    coverage = selectors.plan_coverage(user=request.user, inspection=inspection)
    return render(
        request,
        "plans/overview.html",
        {
            "inspection": inspection,
            "summary": summary,
            "brag_order": BRAG_ORDER,
            "flagged": coverage.flagged,
            "orphans": coverage.actions_without_findings,
            "can_manage": request.user.has_perm("plans.manage_plan"),
            "today": timezone.localdate(),
        },
    )


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Every action of the plan, filterable by theme, owner, lead, status, rating and due date."""
    plan_page(request)
    inspection = selectors.current_inspection_or_404(user=request.user)
    form = ActionFilterForm(request.GET or None, inspection=inspection)
    filters = ActionFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = ActionFilters(
            theme=str(data["theme"].pk) if data["theme"] else "",
            owner=data["owner"],
            lead=data["lead"],
            status=data["status"],
            brag=data["brag"],
            due_before=data["due_before"],
            search=data["q"],
        )
    rated = selectors.action_list(user=request.user, inspection=inspection, filters=filters)
    if file_format := download_format(request):
        return table_download(tables.action_table(rated), file_format=file_format, name="plan actions")
    return render(
        request,
        "plans/action_list.html",
        {
            "inspection": inspection,
            "form": form,
            "rated": rated,
            "filtered": bool(request.GET),
            "can_manage": request.user.has_perm("plans.manage_plan"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the signed-in person leads, with what is due next."""
    plan_page(request)
    request.section = "my-actions"  # type: ignore[attr-defined]
    rated = sorted(selectors.my_actions(user=request.user), key=lambda item: item.action.current_due_date)
    if file_format := download_format(request):
        return table_download(
            tables.action_table(rated, title="Actions you lead"), file_format=file_format, name="my actions"
        )
    requests = cycle_selectors.my_update_requests(user=request.user)
    return render(request, "plans/my_actions.html", {"rated": rated, "requests": requests})


@login_required
def action_detail(request: HttpRequest, action_id: str) -> HttpResponse:
    """One action: what, who, when, the findings it answers, its rating with the reason, revisions and history."""
    plan_page(request)
    action = selectors.action_get(user=request.user, action_id=action_id)
    today = timezone.localdate()
    rating = selectors.rate(action, today=today, period_start=quarter_start(today))
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "rating": rating,
            "history": action.history.select_related("history_user").all()[:30],  # type: ignore[attr-defined]
            "can_manage": request.user.has_perm("plans.manage_plan"),
            "can_revise": request.user.has_perm("plans.revise_action"),
            "can_update": request.user.has_perm("plans.update_progress", action),
            "updates": cycle_selectors.action_updates(user=request.user, action=action),
            "can_see_evidence": request.user.has_perm("plans.audit_pack") or action.lead_id == request.user.pk,
        },
    )


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """The inspection's findings by kind, each with the actions answering it."""
    plan_page(request)
    inspection = selectors.current_inspection_or_404(user=request.user)
    kind = request.GET.get("kind", "")
    if kind not in FindingKind.values:
        kind = ""
    findings = selectors.finding_list(user=request.user, inspection=inspection, kind=kind)
    if file_format := download_format(request):
        return table_download(tables.finding_table(findings), file_format=file_format, name="findings")
    return render(
        request,
        "plans/finding_list.html",
        {
            "inspection": inspection,
            "findings": findings,
            "kinds": FindingKind.choices,
            "kind": kind,
            "can_manage": request.user.has_perm("plans.manage_plan"),
        },
    )


@login_required
def finding_detail(request: HttpRequest, finding_id: str) -> HttpResponse:
    """One finding and the actions answering it."""
    plan_page(request)
    finding = selectors.finding_get(user=request.user, finding_id=finding_id)
    return render(
        request,
        "plans/finding_detail.html",
        {"finding": finding, "can_manage": request.user.has_perm("plans.manage_plan")},
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Traceability: every finding with its actions, uncovered findings and actions that answer no finding."""
    plan_page(request)
    inspection = selectors.current_inspection_or_404(user=request.user)
    coverage = selectors.plan_coverage(user=request.user, inspection=inspection)
    if file_format := download_format(request):
        return table_download(tables.coverage_table(coverage), file_format=file_format)
    return render(request, "plans/coverage.html", {"inspection": inspection, "coverage": coverage})
