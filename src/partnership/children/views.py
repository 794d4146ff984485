"""Pages of the children's records: the list, finding a child, the record, chronology, voice, household, merge."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.access.models import AccessEvent, Agency
from partnership.children import selectors, services, tables
from partnership.children.forms import (
    AdultForm,
    BreakGlassForm,
    ChildCreateForm,
    ChildForm,
    ChronologyFilterForm,
    EventForm,
    FindForm,
    HouseholdForm,
    InvolvementForm,
    MergeForm,
    VoiceForm,
)
from partnership.children.models import Child, Household
from partnership.core.errors import BusinessRuleError
from partnership.frontend.pages import form_page
from partnership.frontend.tables import download_format, table_download

PAGE_SIZE = 50


def _children_page(request: HttpRequest, permission: str = "children.find_child") -> None:
    section_page(request, "children", permission)


def _record(request: HttpRequest, child_id: Any, purpose: str, permission: str = "children.view_child") -> Child:
    """The child's record if the user may see it (404 otherwise), with the view logged for its purpose."""
    _children_page(request)
    child = selectors.child_get(user=request.user, child_id=child_id, purpose=purpose)
    require_permission(request, permission, child, object_type="child")
    return child


def _back(child: Child) -> dict[str, Any]:
    return {"back_url": reverse("children:child-detail", kwargs={"child_id": child.pk}), "caption": str(child)}


def _add_errors(form: Any, error: BusinessRuleError) -> None:
    for field, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """The children whose records the user may read, with their cumulative-risk flags."""
    _children_page(request)
    flagged_only = request.GET.get("flagged") == "1"
    children: Any = selectors.child_list(user=request.user)
    if flagged_only:  # filtered before paging, so that every page (and the file) holds only flagged children
        everyone = list(children)
        every_flag = selectors.flags_for_children(everyone)
        children = [child for child in everyone if every_flag[child.pk]]
    if file_format := download_format(request):
        return _child_list_download(request, list(children), file_format=file_format)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    flags = selectors.flags_for_children(rows)
    access_event_record(
        user=request.user, action=AccessEvent.Action.LIST, object_type="child", purpose="Listed children"
    )
    return render(
        request,
        "children/child_list.html",
        {
            "page": page,
            "rows": [(child, flags[child.pk]) for child in rows],
            "flagged_only": flagged_only,
            "can_create": request.user.has_perm("children.create_child"),
        },
    )


def _child_list_download(request: HttpRequest, children: list[Child], *, file_format: str) -> Any:
    flags = selectors.flags_for_children(children)
    rows = [(child, flags[child.pk]) for child in children]
    access_event_record(
        user=request.user, action=AccessEvent.Action.EXPORT, object_type="child", purpose="Downloaded the children list"
    )
    return table_download(tables.child_table(rows), file_format=file_format, name="children")


@login_required
def child_find(request: HttpRequest) -> HttpResponse:
    """Find a child by exact identifiers; a record the user may not read shows only who is involved."""
    _children_page(request)
    form = FindForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.child_find(user=request.user, **form.cleaned_data)
    return render(
        request,
        "children/child_find.html",
        {"form": form, "results": results, "glass_form": BreakGlassForm()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def break_glass(request: HttpRequest, child_id: str) -> HttpResponse:
    """Open time-limited emergency access to a record the user's agency is not involved with."""
    _children_page(request, "children.break_glass")
    child = Child.objects.filter(pk=child_id, merged_into__isnull=True).first()
    if child is None:
        raise Http404()
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            grant = services.break_glass_open(
                actor=signed_in_user(request), child=child, reason=form.cleaned_data["reason"]
            )
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"You have access to this record until {timezone.localtime(grant.expires_at):%H:%M}. "
                "Your agency's administrator has been told.",
            )
            return redirect("children:child-detail", child_id=child.pk)
    return render(request, "children/break_glass.html", {"child": child, "glass_form": form}, status=400)


@login_required
def child_create(request: HttpRequest) -> HttpResponse:
    """Open a child's record, warning of likely duplicates before anything is saved."""
    _children_page(request, "children.create_child")
    form = ChildCreateForm(request.POST if request.method == "POST" else None)
    duplicates: list[Child] = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            child = services.child_create(actor=signed_in_user(request), **data)
        except BusinessRuleError as error:
            _add_errors(form, error)
            if "not_a_duplicate" in error.errors:
                duplicates = list(
                    selectors.possible_duplicates(
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        date_of_birth=data.get("date_of_birth") or data.get("expected_date_of_birth"),
                        nhs_number=data.get("nhs_number", ""),
                    )[:10]
                )
        else:
            messages.success(request, f"The record for {child} is open.")
            return redirect("children:child-detail", child_id=child.pk)
    return render(
        request,
        "children/child_form.html",
        {"form": form, "title": "Open a child's record", "button": "Open the record", "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


@login_required
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    """Change a child's details; a save based on an older version is refused."""
    child = _record(request, child_id, "Edited the child's details", "children.edit_child")
    initial = {name: getattr(child, name) for name in services.CHILD_FIELDS} | {"version": child.version}
    form = ChildForm(request.POST if request.method == "POST" else None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version") or 0
        return services.child_update(actor=signed_in_user(request), child=child, expected_version=version, **data)

    return form_page(
        request,
        form,
        title="Change the child's details",
        button="Save",
        save=save,
        noun="child's record",
        done=lambda c: (reverse("children:child-detail", kwargs={"child_id": c.pk}), "The details are saved."),
        context=_back(child),
    )


@login_required
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    """A child's record: flags, household, agencies involved, the child's voice, recent events and assessments."""
    _children_page(request)
    kept = selectors.merged_into_visible(user=request.user, child_id=child_id)
    if kept is not None:
        messages.info(request, "That record was a duplicate and has been merged into this one.")
        return redirect("children:child-detail", child_id=kept.pk)
    child = _record(request, child_id, "Viewed the child's record")
    events = list(selectors.chronology(child=child))
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "flags": selectors.flags_for_children([child])[child.pk],
            "flag_events": {e.pk: e for e in events},
            "recent_events": events[-5:][::-1],
            "event_count": len(events),
            "voices": list(selectors.voice_entries(child=child)[:3]),
            "involvements": list(selectors.involvements(child=child)),
            "household": selectors.household_members(child=child),
            "unborn": selectors.unborn_timeline(child=child),
            "assessments": list(selectors.risk_assessments(child=child)[:5]),
            "agreements": list(selectors.agreements(child=child)[:5]),
            "break_glass": selectors.active_break_glass(user=request.user, child=child),
            "can_add": request.user.has_perm("children.add_to_record", child),
            "can_edit": request.user.has_perm("children.edit_child", child),
            "can_merge": request.user.has_perm("children.merge_children"),
            "can_convene": request.user.has_perm("strategy.start_meeting"),
        },
    )


def _chronology_rows(request: HttpRequest, child: Child) -> tuple[ChronologyFilterForm, list[Any]]:
    agencies = Agency.objects.filter(chronology_events__child=child).distinct()
    form = ChronologyFilterForm(request.GET or None, agencies=agencies)
    agency_id, event_type = None, ""
    if form.is_valid():
        agency_id = form.cleaned_data["agency"].pk if form.cleaned_data["agency"] else None
        event_type = form.cleaned_data["event_type"]
    return form, list(selectors.chronology(child=child, agency_id=agency_id, event_type=event_type))


@login_required
def chronology(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's multi-agency chronology, filtered by agency and type of event; printable."""
    child = _record(request, child_id, "Read the child's chronology")
    form, events = _chronology_rows(request, child)
    flags = selectors.flags_for_children([child])[child.pk]
    flagged = {event_id for flag in flags for event_id in flag.event_ids}
    return render(
        request,
        "children/chronology.html",
        {
            "child": child,
            "form": form,
            "events": events,
            "flagged": flagged,
            "can_add": request.user.has_perm("children.add_to_record", child),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def chronology_export(request: HttpRequest, child_id: str) -> HttpResponse:
    """The chronology as a CSV file, with the same filters; the export is logged."""
    child = _record(request, child_id, "Exported the child's chronology")
    _form, events = _chronology_rows(request, child)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Date", "Time", "Event", "Significance", "Agency", "Summary", "Recorded by"])
    for event in events:
        local = timezone.localtime(event.occurred_at)
        row = [
            f"{local:%Y-%m-%d}",
            f"{local:%H:%M}",
            event.get_event_type_display(),
            event.get_significance_display(),
            event.source_agency.name,
            event.summary,
            str(event.recorded_by or ""),
        ]
        # Text a spreadsheet would run as a formula is written behind a quote, in every column.
        writer.writerow(["'" + cell if cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell for cell in row])
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.EXPORT,
        object_type="child",
        object_id=child.pk,
        purpose="Exported the chronology",
    )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chronology-{child.pk}.csv"'
    return response


@login_required
def event_create(request: HttpRequest, child_id: str) -> HttpResponse:
    """Add a significant event to the child's chronology."""
    child = _record(request, child_id, "Added to the child's chronology", "children.add_to_record")
    form = EventForm(request.POST if request.method == "POST" else None, initial={"occurred_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> Any:
        day, clock = data["occurred_on"], data["occurred_time"]
        if clock is None:  # no time given: midday, or now for an event earlier today
            now = timezone.localtime()
            clock = time(12, 0) if day != now.date() or now.hour >= 12 else now.time().replace(microsecond=0)
        # zoneinfo settles the hour that happens twice or not at all when the clocks change, instead of raising
        moment = datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())
        return services.event_add(
            actor=signed_in_user(request),
            child=child,
            occurred_at=moment,
            event_type=data["event_type"],
            significance=data["significance"],
            summary=data["summary"],
        )

    return form_page(
        request,
        form,
        title="Add an event to the chronology",
        button="Add the event",
        save=save,
        done=lambda _e: (reverse("children:chronology", kwargs={"child_id": child.pk}), "The event is added."),
        context=_back(child),
    )


@login_required
def voice_list(request: HttpRequest, child_id: str) -> HttpResponse:
    """Everything the child has said or shown, newest first."""
    child = _record(request, child_id, "Read the child's voice")
    return render(
        request,
        "children/voice_list.html",
        {
            "child": child,
            "voices": list(selectors.voice_entries(child=child)),
            "can_add": request.user.has_perm("children.add_to_record", child),
        },
    )


@login_required
def voice_create(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record the child's words, wishes or experience."""
    child = _record(request, child_id, "Recorded the child's voice", "children.add_to_record")
    form = VoiceForm(request.POST if request.method == "POST" else None, initial={"gathered_on": timezone.localdate()})
    return form_page(
        request,
        form,
        title="Record the child's voice",
        button="Save",
        save=lambda data: services.voice_add(actor=signed_in_user(request), child=child, **data),
        done=lambda _v: (
            reverse("children:voice-list", kwargs={"child_id": child.pk}),
            "The child's voice is recorded.",
        ),
        context=_back(child),
    )


@login_required
def involvement_create(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record another agency working with the child; its staff can then read the record."""
    child = _record(request, child_id, "Added an agency's involvement", "children.add_to_record")
    form = InvolvementForm(
        request.POST if request.method == "POST" else None,
        agencies=Agency.objects.filter(is_active=True),
        initial={"started_on": timezone.localdate()},
    )
    return form_page(
        request,
        form,
        title="Add an agency working with the child",
        button="Add",
        save=lambda data: services.involvement_add(actor=signed_in_user(request), child=child, **data),
        done=lambda i: (reverse("children:child-detail", kwargs={"child_id": child.pk}), f"{i.agency} is added."),
        context=_back(child),
    )


@login_required
def household_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    """Link the child to a household and record the adults in it with their role to the children."""
    child = _record(request, child_id, "Changed the child's household", "children.add_to_record")
    actor = signed_in_user(request)
    which = request.POST.get("form") if request.method == "POST" else None
    household_form = HouseholdForm(request.POST if which == "household" else None)
    adult_form = AdultForm(request.POST if which == "adult" else None)
    if which == "household" and household_form.is_valid():
        reference = household_form.cleaned_data["reference"].strip()
        try:
            household = Household.objects.filter(reference__iexact=reference).first()
            if household is None:
                services.household_create(actor=actor, reference=reference, children=[child])
            else:
                services.child_join_household(actor=actor, child=child, household=household)
        except BusinessRuleError as error:
            _add_errors(household_form, error)
        else:
            messages.success(request, "The household is saved.")
            return redirect("children:household-edit", child_id=child.pk)
    if which == "adult" and adult_form.is_valid():
        if child.household is None:
            adult_form.add_error(None, "Link the child to a household first")
        else:
            try:
                services.adult_add(actor=actor, household=child.household, **adult_form.cleaned_data)
            except BusinessRuleError as error:
                _add_errors(adult_form, error)
            else:
                messages.success(request, "The adult is added to the household.")
                return redirect("children:household-edit", child_id=child.pk)
    errors = household_form.errors or adult_form.errors
    return render(
        request,
        "children/household.html",
        {
            "child": child,
            "household": selectors.household_members(child=child),
            "household_form": household_form,
            "adult_form": adult_form,
        },
        status=400 if errors else 200,
    )


@login_required
def child_merge(request: HttpRequest, child_id: str) -> HttpResponse:
    """Merge a duplicate record into this one; the duplicate is kept, marked as merged, with its history."""
    child = _record(request, child_id, "Merged a duplicate record", "children.view_child")
    require_permission(request, "children.merge_children", object_type="child")
    form = MergeForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> Any:
        duplicate = (
            selectors.visible_children(user=request.user)
            .filter(local_child_id__iexact=data["duplicate_local_id"].strip())
            .first()
        )
        if duplicate is None:
            raise BusinessRuleError("No record you can see has this local child ID.", field="duplicate_local_id")
        return services.child_merge(
            actor=signed_in_user(request), keep=child, duplicate=duplicate, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        title="Merge a duplicate record into this one",
        button="Merge the records",
        save=save,
        done=lambda c: (reverse("children:child-detail", kwargs={"child_id": c.pk}), "The records are merged."),
        context=_back(child),
    )
