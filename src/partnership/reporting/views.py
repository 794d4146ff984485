"""Published reports: the list, publishing a quarter's report, and downloading a frozen report."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from partnership.access.accesslog import access_event_record
from partnership.access.guards import section_page, signed_in_user
from partnership.access.models import AccessEvent
from partnership.frontend.pages import form_page
from partnership.plans import cycle_selectors, selectors
from partnership.reporting import selectors as report_selectors
from partnership.reporting.forms import PublishForm
from partnership.reporting.services import report_publish

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
}


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Every published report the user may read, with downloads."""
    section_page(request, "plan", "plans.view_plan")
    inspection = selectors.current_inspection_or_404(user=request.user)
    return render(
        request,
        "reporting/report_list.html",
        {
            "reports": report_selectors.report_list(user=request.user, inspection=inspection),
            "can_publish": request.user.has_perm("plans.manage_cycle"),
            "formats": list(FORMATS),
        },
    )


@login_required
def report_publish_page(request: HttpRequest) -> HttpResponse:
    """Publish a closed quarter's report; it is frozen from then on."""
    section_page(request, "plan", "plans.manage_cycle")
    inspection = selectors.current_inspection_or_404(user=request.user)
    periods = cycle_selectors.period_list(user=request.user, inspection=inspection).filter(closed_at__isnull=False)
    form = PublishForm(request.POST or None, periods=periods, initial={"kind": "quarterly"})
    return form_page(
        request,
        form,
        title="Publish a quarterly report",
        button="Publish",
        context={"back_url": reverse("reporting:report-list")},
        save=lambda data: report_publish(actor=signed_in_user(request), period=data["period"], kind=data["kind"]),
        done=lambda report: (
            reverse("reporting:report-list"),
            f"The {report.get_kind_display().lower()} for {report.period.label} is published.",
        ),
    )


@login_required
def report_download(request: HttpRequest, report_id: str, fmt: str) -> HttpResponse:
    """Download a published report exactly as it was frozen."""
    section_page(request, "plan", "plans.view_plan")
    if fmt not in FORMATS:
        raise Http404()
    report = report_selectors.report_get(user=request.user, report_id=report_id)
    content_type, suffix = FORMATS[fmt]
    if fmt == "json":
        body: bytes | str = json.dumps(
            {"sha256": report.data_sha256, "data": report.data}, indent=2, ensure_ascii=False
        )
    elif fmt == "html":
        body = report.html
    else:
        body = bytes(getattr(report, fmt))
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_type="published_report",
        object_id=report.pk,
        purpose=f"Downloaded as {fmt}",
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.kind}-report-{report.period.label}.{suffix}"'
    return response
