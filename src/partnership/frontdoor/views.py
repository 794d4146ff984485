"""Pages of the front door: the queue, a contact with its enquiry and decision, partners' research, checks."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.access.models import AccessEvent, Agency
from partnership.children.models import Child
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.frontdoor import selectors, services, tables
from partnership.frontdoor.forms import (
    ConfirmForm,
    ContactForm,
    DecisionForm,
    EnquiryForm,
    LinkChildForm,
    ResearchForm,
)
from partnership.frontdoor.models import ContactState
from partnership.frontend.fields import PeriodForm
from partnership.frontend.listing import page_of
from partnership.frontend.tables import download_format, table_download

STALE = (
    "Someone else recorded a decision on this enquiry while you were writing yours. Nothing you entered has been "
    "saved: read their decision below."
)


def _front_door(request: HttpRequest, permission: str = "frontdoor.work_front_door") -> None:
    section_page(request, "front-door", permission)


def _add_errors(form: Any, error: BusinessRuleError, renames: dict[str, str] | None = None) -> None:
    for field, field_messages in error.errors.items():
        field = (renames or {}).get(field, field)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _partner_agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("name")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open contacts by deadline, with their priority, and the research each agency still owes."""
    _front_door(request)
    unresolved = request.GET.get("unresolved") == "1"
    now = timezone.now()
    if file_format := download_format(request):
        contacts = list(selectors.contact_queue(user=request.user, unresolved=unresolved))
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.EXPORT,
            object_type="contact",
            purpose="Downloaded the front door queue",
        )
        return table_download(tables.contact_table(contacts, now=now), file_format=file_format, name="front door queue")
    if file_format := download_format(request, which="research"):
        table = tables.outstanding_table(selectors.outstanding_by_agency(user=request.user))
        return table_download(table, file_format=file_format, name="research owed by agency")
    page = page_of(request, selectors.contact_queue(user=request.user, unresolved=unresolved))
    return render(
        request,
        "frontdoor/queue.html",
        {
            "contacts": list(page.object_list),
            "page": page,
            "now": now,
            "unresolved": unresolved,
            "outstanding": selectors.outstanding_by_agency(user=request.user),
        },
    )


def _children_by_local_ids(text: str) -> tuple[list[Child], list[str]]:
    """The children named by comma-separated local child IDs (any case), and the IDs that match nobody."""
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    if not wanted:
        return [], []
    query = Q()
    for local_id in wanted:
        query |= Q(local_child_id__iexact=local_id)
    found = {c.local_child_id.casefold(): c for c in Child.objects.filter(query, merged_into__isnull=True)}
    return list(found.values()), [w for w in wanted if w.casefold() not in found]


@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    """Record a contact; a child not yet identified is kept as an unresolved contact, never lost."""
    _front_door(request)
    now = timezone.localtime()
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial={"received_on": now.date(), "received_time": now.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        children, missing = _children_by_local_ids(data["local_child_ids"])
        if missing:
            form.add_error("local_child_ids", f"No child has the local child ID {', '.join(missing)}")
        else:
            received = datetime.combine(
                data["received_on"], data["received_time"], tzinfo=timezone.get_current_timezone()
            )
            try:
                contact = services.contact_record(
                    actor=signed_in_user(request),
                    received_at=received,
                    source=data["source"],
                    concern=data["concern"],
                    children=children,
                    child_details=data["child_details"],
                    referrer_name=data["referrer_name"],
                    referrer_organisation=data["referrer_organisation"],
                    referrer_email=data["referrer_email"],
                    referrer_phone=data["referrer_phone"],
                    domestic_abuse=data["domestic_abuse"],
                    incident_at=datetime.combine(
                        data["incident_on"], data["incident_time"] or time(12), tzinfo=timezone.get_current_timezone()
                    )
                    if data["incident_on"]
                    else None,
                    risk_level=data["risk_level"],
                    not_a_duplicate=data["not_a_duplicate"],
                )
            except BusinessRuleError as error:
                _add_errors(form, error, {"received_at": "received_on", "incident_at": "incident_on"})
            else:
                messages.success(request, "The contact is recorded.")
                return redirect("frontdoor:contact-detail", contact_id=contact.pk)
    return render(request, "frontdoor/contact_form.html", {"form": form}, status=400 if form.errors else 200)


def _contact_page(request: HttpRequest, contact: Any, **forms: Any) -> HttpResponse:
    enquiry = selectors.enquiry_of(contact=contact)
    agencies = _partner_agencies()
    context = {
        "contact": contact,
        "children": list(contact.children.all()),
        "enquiry": enquiry,
        "requests": list(enquiry.requests.all()) if enquiry else [],
        "link_form": forms.get("link_form") or LinkChildForm(),
        "enquiry_form": forms.get("enquiry_form") or EnquiryForm(agencies=agencies),
        "decision_form": forms.get("decision_form")
        or DecisionForm(agencies=agencies, initial={"version": enquiry.version if enquiry else 1}),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "feedback": list(contact.feedback.select_related("agency")),
        "can_confirm": request.user.has_perm("frontdoor.confirm_decision"),
        "now": timezone.now(),
    }
    failed = any(form.errors for form in forms.values())
    return render(request, "frontdoor/contact_detail.html", context, status=400 if failed else 200)


@login_required
def contact_detail(request: HttpRequest, contact_id: str) -> HttpResponse:
    """A contact: the concern, the children, the MASH enquiry with each agency's research, and the decision."""
    _front_door(request)
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, purpose="Read a contact")
    return _contact_page(request, contact)


@login_required
@require_POST
def contact_link_child(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Link an identified child to the contact."""
    _front_door(request)
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, purpose="Linked a child to a contact")
    form = LinkChildForm(request.POST)
    if form.is_valid():
        child = Child.objects.filter(
            local_child_id__iexact=form.cleaned_data["local_child_id"].strip(), merged_into__isnull=True
        ).first()
        if child is None:
            form.add_error("local_child_id", "No child has this local child ID: open a record for them first")
        else:
            services.contact_add_child(actor=signed_in_user(request), contact=contact, child=child)
            messages.success(request, f"{child} is linked to the contact.")
            return redirect("frontdoor:contact-detail", contact_id=contact.pk)
    return _contact_page(request, contact, link_form=form)


@login_required
@require_POST
def enquiry_open(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Open a MASH enquiry with a priority and ask partner agencies to research."""
    _front_door(request)
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, purpose="Opened a MASH enquiry")
    form = EnquiryForm(request.POST, agencies=_partner_agencies())
    if form.is_valid():
        try:
            services.enquiry_open(actor=signed_in_user(request), contact=contact, **form.cleaned_data)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The MASH enquiry is open and the agencies are asked to research.")
            return redirect("frontdoor:contact-detail", contact_id=contact.pk)
    return _contact_page(request, contact, enquiry_form=form)


@login_required
@require_POST
def enquiry_decide(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Record the joint decision; a strategy discussion opens a strategy meeting."""
    _front_door(request)
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, purpose="Recorded a MASH decision")
    enquiry = selectors.enquiry_of(contact=contact)
    form = DecisionForm(request.POST, agencies=_partner_agencies())
    if enquiry is None:
        form.add_error(None, "Open a MASH enquiry before recording the decision")
    elif form.is_valid():
        data = form.cleaned_data
        try:
            services.enquiry_decide(
                actor=signed_in_user(request),
                enquiry=enquiry,
                expected_version=data["version"],
                outcome=data["outcome"],
                need_level=data["need_level"],
                reasons=data["reasons"],
                agencies=list(data["agencies"]),
            )
        except StaleVersion:
            messages.error(request, STALE)
            return redirect("frontdoor:contact-detail", contact_id=contact.pk)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            enquiry.refresh_from_db()
            if enquiry.strategy_meeting_id:
                messages.success(request, "The decision is recorded and a strategy meeting is being convened.")
                return redirect("strategy:meeting-detail", meeting_id=enquiry.strategy_meeting_id)
            messages.success(request, "The decision is recorded and the referrer and agencies are told.")
            return redirect("frontdoor:contact-detail", contact_id=contact.pk)
    return _contact_page(request, contact, decision_form=form)


@login_required
@require_POST
def decision_confirm(request: HttpRequest, contact_id: str) -> HttpResponse:
    """A manager confirms a decision below the level of need the evidence suggested."""
    _front_door(request, "frontdoor.confirm_decision")
    contact = selectors.contact_get(user=request.user, contact_id=contact_id, purpose="Confirmed a MASH decision")
    enquiry = selectors.enquiry_of(contact=contact)
    form = ConfirmForm(request.POST)
    if enquiry is not None and form.is_valid():
        try:
            services.decision_confirm(
                actor=signed_in_user(request), enquiry=enquiry, reason=form.cleaned_data["reason"]
            )
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The decision is confirmed. It stays on the list for audit.")
            return redirect("frontdoor:contact-detail", contact_id=contact.pk)
    return _contact_page(request, contact, confirm_form=form)


@login_required
def research_list(request: HttpRequest) -> HttpResponse:
    """The research the MASH has asked of the user's agency, soonest due first."""
    _front_door(request, "frontdoor.view_research")
    if file_format := download_format(request):
        table = tables.research_table(selectors.research_for(user=request.user), now=timezone.now())
        return table_download(table, file_format=file_format, name="mash research")
    return render(
        request,
        "frontdoor/research_list.html",
        {"requests": list(selectors.research_for(user=request.user)[:200]), "now": timezone.now()},
    )


@login_required
def research_return(request: HttpRequest, request_id: str) -> HttpResponse:
    """Return what the agency's records show, or that nothing is known."""
    _front_door(request, "frontdoor.view_research")
    research = selectors.research_get(user=request.user, request_id=request_id)
    require_permission(request, "frontdoor.return_research", research, object_type="research_request")
    form = ResearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.research_return(actor=signed_in_user(request), request=research, **form.cleaned_data)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your agency's research is returned to the MASH.")
            return redirect("frontdoor:research-list")
    contact = research.enquiry.contact
    return render(
        request,
        "frontdoor/research_return.html",
        {"form": form, "research": research, "contact": contact, "children": list(contact.children.all())},
        status=400 if form.errors else 200,
    )


@login_required
def checks(request: HttpRequest) -> HttpResponse:
    """What managers check: decisions below the suggested level, and outcomes nobody has been told."""
    _front_door(request)
    overrides = selectors.decisions_for_audit(user=request.user)
    untold = selectors.untold_outcomes(user=request.user)
    for which, name, build in (
        ("", "decisions to check", lambda: tables.override_table(overrides)),
        ("untold", "outcomes not told", lambda: tables.untold_table(untold)),
    ):
        if file_format := download_format(request, which=which):  # every row, not only the first 200
            access_event_record(
                user=request.user, action=AccessEvent.Action.EXPORT, object_type="contact", purpose=f"Downloaded {name}"
            )
            return table_download(build(), file_format=file_format, name=name)
    return render(
        request,
        "frontdoor/checks.html",
        {
            "overrides": list(overrides[:200]),
            "untold": list(untold[:200]),
            "states": ContactState,
        },
    )


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    """Volume and timeliness at the front door for a period: the figures that show whether the MASH keeps up."""
    from partnership.frontdoor.measures import frontdoor_measures  # written alongside; imported when first used

    section_page(request, "front-door-measures", "frontdoor.view_measures")
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = form.period(today=today)
    figures = frontdoor_measures(user=request.user, start=start, end=end)
    for which, table in tables.measure_tables(figures).items():
        if file_format := download_format(request, which=which):
            return table_download(table, file_format=file_format)
    return render(
        request,
        "frontdoor/measures.html",
        {"form": form, "figures": figures},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def feedback_told(request: HttpRequest, feedback_id: str) -> HttpResponse:
    """Record that someone was told the outcome another way, such as by phone."""
    _front_door(request)
    feedback = selectors.untold_outcomes(user=request.user).filter(pk=feedback_id).first()
    if feedback is None:
        raise Http404()
    services.feedback_record(actor=signed_in_user(request), feedback=feedback)
    messages.success(request, "Recorded that they were told the outcome.")
    return redirect("frontdoor:checks")
