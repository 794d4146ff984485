"""Long lists shown a page at a time, with GOV.UK pagination: the queues and registers that grow with the years."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

LIST_PAGE_SIZE = 50
DASHBOARD_PAGE_SIZE = 25


def page_of(request: HttpRequest, items: Any, *, size: int = LIST_PAGE_SIZE, param: str = "page") -> Page[Any]:
    """The page of a list asked for by `?page=` (or another parameter, where a screen has several lists): the first
    for a missing or wrong number, the last past the end. Its `paginator.count` is the whole list's length, counted
    in the database. The template "frontend/pagination.html" shows the links, given `page`, `param` and `label`."""
    return Paginator(items, size).get_page(request.GET.get(param))
