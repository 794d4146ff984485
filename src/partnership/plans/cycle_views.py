"""The quarterly cycle's pages: periods, a lead's update with evidence, and evidence downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, signed_in_user
from partnership.access.models import AccessEvent
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.frontend.tables import download_format, table_download
from partnership.plans import cycle_selectors, governance, selectors, tables
from partnership.plans.cycle_forms import EvidenceFileForm, EvidenceLinkForm, PeriodOpenForm, UpdateForm
from partnership.plans.cycle_rules import quarter_label
from partnership.plans.pages import form_page, plan_page


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    """The plan's quarters: which is open, and how many updates each has in and missing."""
    plan_page(request)
    inspection = selectors.current_inspection_or_404(user=request.user)
    periods = list(cycle_selectors.period_list(user=request.user, inspection=inspection))
    counts = cycle_selectors.update_counts(periods=periods)
    rows = [(p, counts.get(p.pk, {})) for p in periods]
    if file_format := download_format(request):
        return table_download(tables.period_table(rows), file_format=file_format)
    return render(
        request,
        "plans/period_list.html",
        {
            "inspection": inspection,
            "rows": rows,
            "can_manage": request.user.has_perm("plans.manage_cycle"),
        },
    )


@login_required
def period_open(request: HttpRequest) -> HttpResponse:
    """Open a quarter and ask every open action's lead for an update."""
    plan_page(request, "plans.manage_cycle")
    inspection = selectors.current_inspection_or_404(user=request.user)
    today = timezone.localdate()
    form = PeriodOpenForm(request.POST or None, initial={"label": quarter_label(today)})

    def save(data: dict[str, Any]) -> Any:
        return governance.period_open(
            actor=signed_in_user(request),
            inspection=inspection,
            label=data["label"].strip(),
            updates_due_on=data["updates_due_on"],
        )

    return form_page(
        request,
        form,
        title="Open a reporting period",
        button="Open period and ask for updates",
        save=save,
        done=lambda p: (
            reverse("plans:period-detail", kwargs={"period_id": p.pk}),
            f"{p.label} is open; {p.updates.count()} updates have been requested.",
        ),
    )


@login_required
def period_detail(request: HttpRequest, period_id: str) -> HttpResponse:
    """A quarter's updates: submitted, missing, returned and escalated."""
    plan_page(request)
    period = cycle_selectors.period_get(user=request.user, period_id=period_id)
    updates = list(cycle_selectors.period_updates(user=request.user, period=period))
    return render(
        request,
        "plans/period_detail.html",
        {
            "period": period,
            "updates": updates,
            "missing": sum(1 for u in updates if u.is_missing),
            "can_manage": request.user.has_perm("plans.manage_cycle"),
        },
    )


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: str) -> HttpResponse:
    """Close a quarter; updates still missing are escalated to the owner's group chair."""
    plan_page(request, "plans.manage_cycle")
    period = cycle_selectors.period_get(user=request.user, period_id=period_id)
    try:
        missing = governance.period_close(actor=signed_in_user(request), period=period)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{period.label} is closed. {len(missing)} missing update"
            f"{'s were' if len(missing) != 1 else ' was'} escalated.",
        )
    return redirect("plans:period-detail", period_id=period.pk)


def _update_page(request: HttpRequest, update: Any, **forms: Any) -> HttpResponse:
    return render(
        request,
        "plans/update_edit.html",
        {
            "update": update,
            "action": update.action,
            "form": forms.get("form") or UpdateForm(initial=_update_initial(update)),
            "file_form": forms.get("file_form") or EvidenceFileForm(),
            "link_form": forms.get("link_form") or EvidenceLinkForm(),
            "editable": update.period.is_open or update.state == "returned",
        },
        status=400 if any(f is not None and f.errors for f in forms.values()) else 200,
    )


def _update_initial(update: Any) -> dict[str, Any]:
    return {
        "version": update.version,
        "narrative": update.narrative,
        "proposed_status": update.proposed_status or update.action.status,
        "proposed_brag": update.proposed_brag,
        "brag_reason": update.brag_reason,
        "mitigation": update.mitigation,
        "scrutiny_done": update.scrutiny_done,
        "proposed_due_date": update.proposed_due_date,
        "proposed_revision_reason": update.proposed_revision_reason,
    }


@login_required
def update_edit(request: HttpRequest, update_id: str) -> HttpResponse:
    """The lead's quarterly update on an action: save as a draft, add evidence, then submit."""
    plan_page(request)
    update = cycle_selectors.update_get(user=request.user, update_id=update_id)
    if request.method != "POST":
        return _update_page(request, update)
    require_permission(request, "plans.edit_update", update, object_type="progress_update")
    form = UpdateForm(request.POST, initial=_update_initial(update))
    if form.is_valid():
        data = form.cleaned_data
        submit = "submit" in request.POST
        try:
            governance.update_save(
                actor=signed_in_user(request),
                update=update,
                expected_version=data.pop("version"),
                submit=submit,
                **data,
            )
        except BusinessRuleError as error:
            for field, field_messages in error.errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        except StaleVersion:
            messages.error(
                request,
                "Someone else changed this update while you were editing it. Nothing you entered "
                "has been saved; check their changes and make yours again.",
            )
            return redirect("plans:update-edit", update_id=update.pk)
        else:
            messages.success(request, "Your update has been submitted." if submit else "Your draft has been saved.")
            if submit:
                return redirect("plans:my-actions")
            return redirect("plans:update-edit", update_id=update.pk)
    return _update_page(request, update, form=form)


@login_required
@require_POST
def evidence_add(request: HttpRequest, update_id: str) -> HttpResponse:
    """Attach a file or a link to an update as evidence."""
    plan_page(request)
    update = cycle_selectors.update_get(user=request.user, update_id=update_id)
    require_permission(request, "plans.edit_update", update, object_type="progress_update")
    actor = signed_in_user(request)
    is_file = request.POST.get("kind") == "file"
    form = EvidenceFileForm(request.POST, request.FILES) if is_file else EvidenceLinkForm(request.POST)
    if form.is_valid():
        try:
            if is_file:
                governance.evidence_add_file(
                    actor=actor,
                    update=update,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            else:
                governance.evidence_add_link(
                    actor=actor,
                    update=update,
                    url=form.cleaned_data["url"],
                    description=form.cleaned_data["description"],
                )
        except BusinessRuleError as error:
            for field, field_messages in error.errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "The evidence has been added.")
            return redirect("plans:update-edit", update_id=update.pk)
    return _update_page(request, update, **({"file_form": form} if is_file else {"link_form": form}))


@login_required
def evidence_download(request: HttpRequest, evidence_id: str) -> HttpResponseBase:
    """Download an evidence file (or follow a link); the download is logged."""
    plan_page(request)
    item = cycle_selectors.evidence_get(user=request.user, evidence_id=evidence_id)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_type="evidence",
        object_id=item.pk,
        purpose="Downloaded evidence",
    )
    if item.kind == "link":
        return redirect(item.url)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name or "evidence")
    response["X-Content-Type-Options"] = "nosniff"
    return response
