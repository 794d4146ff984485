"""The pair of links under a list or dashboard table that download it as CSV or as a workbook."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from partnership.frontend.tables import CSV, DOWNLOAD, WHICH, XLSX

register = template.Library()
PAGE_PARAMETERS = ("page",)


def _link(request: Any, file_format: str, which: str) -> str:
    query: QueryDict = request.GET.copy()
    for name in (*PAGE_PARAMETERS, DOWNLOAD, WHICH):
        query.pop(name, None)
    query[DOWNLOAD] = file_format
    if which:
        query[WHICH] = which
    return f"{request.path}?{query.urlencode()}"


@register.inclusion_tag("frontend/table_downloads.html", takes_context=True)
def table_downloads(context: Any, label: str, which: str = "") -> dict[str, Any]:
    """Links to the table as CSV and as xlsx, keeping the page's filters and search; `label` names the table for
    screen readers where a page has several, `which` picks it out in the address."""
    request = context["request"]
    return {"label": label, "csv_url": _link(request, CSV, which), "xlsx_url": _link(request, XLSX, which)}
