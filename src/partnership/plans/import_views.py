"""Uploading a plan file to import it, and downloading the current plan as xlsx, YAML or JSON."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.plans import exporting
from partnership.plans.forms_import import PlanFileForm
from partnership.plans.importing import ImportProblem, PlanImportError, plan_import_file
from partnership.plans.selectors import current_inspection_or_404


def _require(request: HttpRequest, permission: str) -> None:
    """Answer 404, as for a missing page, when the user's role does not allow the page, and log the refusal."""
    request.section = "plan"  # type: ignore[attr-defined]
    if not request.user.has_perm(permission):
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.REFUSED,
            object_type="page",
            object_id=request.resolver_match.view_name if request.resolver_match else "",
        )
        raise Http404()


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a plan file and import it whole, or show every problem in it by sheet, row and column."""
    _require(request, "plans.manage_plan")
    posted = request.method == "POST"
    form = PlanFileForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[ImportProblem] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = plan_import_file(stream=upload, filename=upload.name, actor=request.user)  # type: ignore[arg-type]
        except PlanImportError as error:
            problems = error.problems
        else:
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.CHANGE,
                object_type="inspection",
                object_id=result.inspection.pk,
                purpose="Plan imported from a file",
            )
            messages.success(request, " ".join(result.summary_lines()))
            return redirect("plans:overview")
    return render(request, "plans/import.html", {"form": form, "problems": problems})


@login_required
def plan_export(request: HttpRequest) -> HttpResponse:
    """Download the current plan as an Excel workbook (the default), YAML or JSON file."""
    _require(request, "plans.view_plan")
    inspection = current_inspection_or_404(user=request.user)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in exporting.FORMATS:
        raise Http404()
    stream = io.BytesIO()
    exporting.plan_export(inspection=inspection, file_format=file_format, stream=stream)
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_type="inspection",
        object_id=inspection.pk,
        purpose=f"Plan downloaded as {file_format}",
    )
    response = HttpResponse(stream.getvalue(), content_type=exporting.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{exporting.plan_file_name(inspection, file_format)}"'
    return response
