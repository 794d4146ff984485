"""Pages for a subject access request: find the child, see what is held and who looked, download it all."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from partnership.access.guards import section_page
from partnership.access.models import Role
from partnership.records import subject_access
from partnership.records.subject_access_forms import SubjectFindForm

PERMISSION = "access.view_access_log"
LOG_PAGE_SIZE = 50


def _page(request: HttpRequest) -> None:
    section_page(request, "subject-access", PERMISSION)


@login_required
@require_http_methods(["GET", "POST"])
def subject_find(request: HttpRequest) -> HttpResponse:
    """Find the child by local ID, or name and date of birth, sent by POST so no personal data is in the address."""
    _page(request)
    form = SubjectFindForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = subject_access.subject_access_find(user=request.user, **form.cleaned_data)
    return render(
        request,
        "records/subject_access_find.html",
        {"form": form, "results": results},
        status=400 if form.errors else 200,
    )


@login_required
def subject_detail(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """What is held about the child, by kind, and the access log of their record; the view is logged."""
    _page(request)
    child = subject_access.subject_access_child(user=request.user, child_id=child_id)
    counts = subject_access.subject_access_view(user=request.user, child=child)
    page = Paginator(subject_access.access_log(child), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    roles = dict(Role.choices)
    rows = [(event, roles.get(event.role, event.role)) for event in page]
    return render(
        request, "records/subject_access_detail.html", {"child": child, "counts": counts, "page": page, "rows": rows}
    )


@login_required
def subject_download(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """A zip of everything held about the child and their access log; the export is logged."""
    _page(request)
    child = subject_access.subject_access_child(user=request.user, child_id=child_id)
    content = subject_access.subject_access_export(user=request.user, child=child)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip"'
    response["Cache-Control"] = "no-store"
    return response
