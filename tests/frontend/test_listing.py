"""Long lists a page at a time: the page asked for, and links that keep the other lists' pages and the filters."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from partnership.frontend.listing import page_of


def test_a_page_is_read_from_its_own_parameter_and_a_wrong_number_gives_a_real_page() -> None:
    request = RequestFactory().get("/", {"page": "3", "overdue": "2"})
    assert page_of(request, list(range(120))).number == 3
    assert list(page_of(request, list(range(120)), size=25, param="overdue").object_list) == list(range(25, 50))
    assert page_of(RequestFactory().get("/", {"page": "x"}), list(range(120))).number == 1
    assert page_of(RequestFactory().get("/", {"page": "9"}), list(range(120))).number == 3
    assert page_of(request, list(range(120))).paginator.count == 120


def test_the_links_change_only_their_own_list_and_keep_the_filters() -> None:
    request = RequestFactory().get("/", {"q": "DUR 1", "page": "2", "overdue": "2"})
    page = page_of(request, list(range(80)), size=25, param="overdue")
    html = render_to_string(
        "frontend/pagination.html", {"page": page, "param": "overdue", "label": "Overdue notifications"}, request
    )
    assert 'href="?q=DUR%201&amp;page=2&amp;overdue=1"' in html
    assert 'href="?q=DUR%201&amp;page=2&amp;overdue=3"' in html
    assert 'aria-label="Overdue notifications"' in html and "Page 2 of 4" in html
    assert 'Next<span class="govuk-visually-hidden"> page of overdue notifications' in html
    single = page_of(RequestFactory().get("/"), list(range(10)))
    assert render_to_string("frontend/pagination.html", {"page": single}, request).strip() == ""
