"""The retention review pages, for the partnership administrator: periods, records past them, decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.guards import signed_in_user
from partnership.access.models import AccessEvent
from partnership.core.errors import BusinessRuleError
from partnership.frontend.listing import page_of
from partnership.frontend.pages import form_page
from partnership.frontend.tables import download_format, table_download
from partnership.records import retention_selectors as selectors
from partnership.records import tables
from partnership.records.models import DecisionAction, RecordType
from partnership.records.retention import retention_delete, retention_keep, retention_period_change
from partnership.records.retention_forms import RetentionDecisionForm, RetentionPeriodForm

SECTION = "retention"
PURPOSE = "Retention review of records past their retention period"


def _admin_page(request: HttpRequest) -> None:
    """Mark the section and answer 404, logging the refusal, for anyone but the partnership administrator."""
    request.section = SECTION  # type: ignore[attr-defined]
    if selectors.is_retention_admin(request.user):
        return
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.REFUSED,
        object_type="page",
        object_id=request.resolver_match.view_name if request.resolver_match else "",
        purpose="records.retention",
    )
    raise Http404()


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    """How long the partnership keeps each type of record, and why."""
    _admin_page(request)
    periods = selectors.retention_period_list(user=request.user)
    if file_format := download_format(request):
        return table_download(tables.period_table(periods), file_format=file_format)
    return render(request, "records/retention_periods.html", {"periods": periods})


@login_required
def period_edit(request: HttpRequest, record_type: str) -> HttpResponse:
    """Change one type's retention period; a change made from a stale page is refused."""
    _admin_page(request)
    period = selectors.retention_period_get(user=request.user, record_type=record_type)
    initial = {"version": period.version, "years": period.years, "clock": period.clock, "reason": period.reason}
    form = RetentionPeriodForm(request.POST or None, initial=initial, record_type=period.record_type)
    return form_page(
        request,
        form,
        title=f"Retention period: {period.get_record_type_display().lower()}",
        button="Save the period",
        noun="retention period",
        save=lambda data: retention_period_change(
            actor=signed_in_user(request),
            period=period,
            expected_version=data["version"],
            years=data["years"],
            clock=data["clock"],
            reason=data["reason"],
        ),
        done=lambda saved: (reverse("records:retention-periods"), "The retention period has been saved."),
        context={"back_url": reverse("records:retention-periods")},
    )


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The records of one type past retention, longest past first, a page at a time; the listing is logged."""
    _admin_page(request)
    record_type = request.GET.get("type", RecordType.CHILD)
    if record_type not in RecordType.values:
        record_type = RecordType.CHILD
    today = timezone.localdate()
    period = selectors.retention_period_get(user=request.user, record_type=record_type)
    if file_format := download_format(request):
        past = selectors.past_retention_list(user=request.user, record_type=record_type, today=today)
        table = tables.past_retention_table(
            [selectors.past_record(r, period, today) for r in past], title="Past retention"
        )
        access_event_record(
            user=request.user, action=AccessEvent.Action.EXPORT, object_type=f"retention_{record_type}", purpose=PURPOSE
        )
        return table_download(table, file_format=file_format, name=f"past retention {record_type}")
    page = page_of(request, selectors.past_retention_list(user=request.user, record_type=record_type, today=today))
    rows = [selectors.past_record(record, period, today) for record in page.object_list]
    access_event_record(
        user=request.user, action=AccessEvent.Action.LIST, object_type=f"retention_{record_type}", purpose=PURPOSE
    )
    counts = {counted.record_type: number for counted, number in selectors.past_retention_counts(today=today)}
    tabs = [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in RecordType.choices]
    return render(
        request,
        "records/retention_review.html",
        {"page": page, "rows": rows, "period": period, "record_type": record_type, "tabs": tabs},
    )


def _decision_saved(request: HttpRequest, form: RetentionDecisionForm, record_type: str, record_id: Any) -> str:
    data = form.cleaned_data
    actor = signed_in_user(request)
    if data["action"] == DecisionAction.KEEP:
        decision = retention_keep(
            actor=actor,
            record_type=record_type,
            record_id=record_id,
            keep_years=data["keep_years"],
            reason=data["reason"],
        )
        return f"The record will be kept and comes back for review on {decision.keep_until:%-d %B %Y}."
    decision = retention_delete(actor=actor, record_type=record_type, record_id=record_id, reason=data["reason"])
    return f"The record has been deleted: {decision.rows_deleted} rows, with their history. The decision is recorded."


@login_required
def decide(request: HttpRequest, record_type: str, record_id: Any) -> HttpResponse:
    """Decide on one record past retention: keep it for more years, or delete it after a confirmation step."""
    _admin_page(request)
    record, row = selectors.past_record_get(user=request.user, record_type=record_type, record_id=record_id)
    today = timezone.localdate()
    due = selectors.is_past_retention_now(record_type=record_type, record_id=record.pk, today=today)
    form = RetentionDecisionForm(request.POST or None)
    if request.method == "POST" and due and form.is_valid():
        if form.cleaned_data["action"] == DecisionAction.DELETE and not form.cleaned_data["confirm"]:
            return render(request, "records/retention_confirm.html", {"row": row, "form": form})
        try:
            message = _decision_saved(request, form, record_type, record.pk)
        except BusinessRuleError as error:
            for field, field_messages in error.errors.items():
                for text in field_messages:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, message)
            return redirect(f"{reverse('records:retention-review')}?type={record_type}")
    access_event_record(
        user=request.user, action=AccessEvent.Action.VIEW, object_type=record_type, object_id=record.pk, purpose=PURPOSE
    )
    return render(
        request,
        "records/retention_decide.html",
        {"row": row, "form": form, "due": due},
        status=400 if form.errors else 200,
    )


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    """The audit trail: every retention decision, newest first, with no personal data."""
    _admin_page(request)
    decisions = selectors.retention_decision_list(user=request.user)
    if file_format := download_format(request):
        return table_download(tables.decision_table(decisions), file_format=file_format, name="retention decisions")
    page = page_of(request, decisions)
    return render(request, "records/retention_decisions.html", {"page": page})
