"""The page of messages that could not be delivered, for team managers and administrators, and trying one again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.delivery_selectors import (
    may_see_undelivered,
    undelivered_message_get,
    undelivered_message_list,
)
from partnership.access.delivery_services import outbox_message_retry
from partnership.core.errors import BusinessRuleError
from partnership.core.spreadsheets import Cell, Table
from partnership.frontend.tables import download_format, table_download

PAGE_SIZE = 50

# What each kind of message is about, in words, for the page (a kind not listed is shown from its name).
KIND_WORDS: dict[str, str] = {
    "account-disabled": "Account disabled",
    "audit-return-assigned": "Case file audit return assigned",
    "break-glass": "Emergency access to a record",
    "encompass-chase": "Operation Encompass chase",
    "encompass-escalation": "Operation Encompass escalation",
    "encompass-exception": "Operation Encompass exception",
    "encompass-notification": "Operation Encompass notification to a school",
    "encompass-resend": "Operation Encompass notification sent again",
    "indicator-owner": "Measure owner assigned",
    "jtai": "Joint targeted area inspection",
    "mash-outcome": "MASH outcome for the referrer",
    "mash-research": "MASH research request",
    "mash-research-chase": "MASH research chase",
    "quarter": "Quarterly update",
    "strategy-chase": "Strategy meeting chase",
    "strategy-convene-breach": "Strategy meeting not held in time",
    "strategy-convene-reminder": "Strategy meeting reminder",
    "strategy-invitation": "Strategy meeting invitation",
    "strategy-record": "Strategy meeting record",
    "strategy-share-breach": "Strategy meeting record not shared in time",
    "update-escalation": "Overdue progress update escalated",
    "update-reminder": "Progress update reminder",
    "update-request": "Progress update request",
    "update-returned": "Progress update returned",
}


def kind_in_words(kind: str) -> str:
    """What a kind of message is about, in words."""
    return KIND_WORDS.get(kind) or kind.replace("-", " ").capitalize()


UNDELIVERED_HEADINGS = ("When", "What", "Caused by", "To", "Why", "Status")


def undelivered_table(undelivered: Any) -> Table:
    """Each undelivered message as on the page (never its body): when it failed, what it was about, to whom and why."""
    cells: list[list[Cell]] = [
        [
            timezone.localtime(message.failed_at).replace(tzinfo=None) if message.failed_at else None,
            kind_in_words(message.kind),
            (message.sender.get_full_name() or message.sender.username) if message.sender else "",
            message.to_address,
            message.last_error or "No reason was given.",
            " ".join(filter(None, ["Not delivered", message.delivery_status])),
        ]
        for message in undelivered
    ]
    return Table(title="Messages that could not be delivered", header=UNDELIVERED_HEADINGS, rows=cells)


@login_required
def undelivered_list(request: HttpRequest) -> HttpResponse:
    """Messages caused by people in the viewer's teams that could not be delivered: when, what, to whom and why."""
    request.section = "undelivered"  # type: ignore[attr-defined]
    if not may_see_undelivered(request.user):
        raise Http404
    if file_format := download_format(request):
        table = undelivered_table(undelivered_message_list(user=request.user))
        return table_download(table, file_format=file_format, name="undelivered messages")
    page = Paginator(undelivered_message_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"message": message, "what": kind_in_words(message.kind)} for message in page]
    return render(request, "access/undelivered_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def undelivered_retry(request: HttpRequest, message_id: str) -> HttpResponse:
    """Try an undelivered message again from the start (once its address has been put right)."""
    message = undelivered_message_get(user=request.user, message_id=message_id)
    try:
        message = outbox_message_retry(actor=request.user, message=message)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The message to {message.to_address} will be sent again within a few minutes.")
    return redirect("access:undelivered-list")
