"""Every read of the front door: the MASH sees contacts and enquiries; partners see the research asked of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnership.access.selectors import agency_ids_of, viewed_or_404
from partnership.children.models import Child
from partnership.frontdoor.models import Contact, ContactState, Feedback, MashEnquiry, ResearchRequest


def visible_contacts(*, user: Any) -> QuerySet[Contact]:
    """Every contact, for front door staff and managers; nothing for anyone else."""
    if user is None or not user.is_authenticated or not user.has_perm("frontdoor.work_front_door"):
        return Contact.objects.none()
    return Contact.objects.all()


def contact_queue(*, user: Any, state: str = "", unresolved: bool = False) -> QuerySet[Contact]:
    """Open contacts by priority and deadline: red first, then the soonest decision due."""
    contacts = (
        visible_contacts(user=user)
        .select_related("enquiry")
        .prefetch_related(Prefetch("children", queryset=Child.objects.only("id", "first_name", "last_name")))
    )
    open_states = [choice for choice in ContactState.values if choice != ContactState.DECIDED]
    contacts = contacts.filter(state=state) if state else contacts.filter(state__in=open_states)
    if unresolved:
        contacts = contacts.filter(children__isnull=True)
    return contacts.order_by("decision_due_at", "received_at")


def contact_get(*, user: Any, contact_id: Any, purpose: str) -> Contact:
    """One contact; the view is logged, as the contact names children."""
    contact = viewed_or_404(
        user,
        visible=visible_contacts(user=user).select_related("recorded_by", "referrer_agency", "possible_duplicate_of"),
        everything=Contact.objects.all(),
        pk=contact_id,
        object_type="contact",
        purpose=purpose,
    )
    return contact


def enquiry_of(*, contact: Contact) -> MashEnquiry | None:
    """The contact's MASH enquiry with its research requests, if one was opened."""
    return (
        MashEnquiry.objects.filter(contact=contact)
        .select_related("screener", "decided_by", "confirmed_by")
        .prefetch_related(
            Prefetch("requests", queryset=ResearchRequest.objects.select_related("agency", "returned_by"))
        )
        .first()
    )


def research_for(*, user: Any, open_only: bool = True) -> QuerySet[ResearchRequest]:
    """The research asked of the user's agencies, soonest due first."""
    if not user.has_perm("frontdoor.view_research"):
        return ResearchRequest.objects.none()
    requests = ResearchRequest.objects.filter(agency_id__in=agency_ids_of(user)).select_related(
        "agency", "enquiry", "enquiry__contact"
    )
    if open_only:
        requests = requests.filter(returned_at__isnull=True)
    return requests.order_by("due_at")


def research_get(*, user: Any, request_id: Any) -> ResearchRequest:
    """One research request to the user's agency (or any, for front door staff); the view is logged."""
    if not user.has_perm("frontdoor.view_research"):
        visible = ResearchRequest.objects.none()
    elif user.has_perm("frontdoor.work_front_door"):
        visible = ResearchRequest.objects.all()
    else:
        visible = ResearchRequest.objects.filter(agency_id__in=agency_ids_of(user))
    request = viewed_or_404(
        user,
        visible=visible.select_related("agency", "enquiry", "enquiry__contact"),
        everything=ResearchRequest.objects.all(),
        pk=request_id,
        object_type="research_request",
        purpose="Research for the MASH",
    )
    return request


def outstanding_by_agency(*, user: Any) -> list[dict[str, Any]]:
    """Research still to return, per agency: how many, and how many are late."""
    if not user.has_perm("frontdoor.work_front_door"):
        return []
    now = timezone.now()
    rows = (
        ResearchRequest.objects.filter(returned_at__isnull=True, enquiry__decided_at__isnull=True)
        .values("agency__name")
        .annotate(open=Count("id"), late=Count("id", filter=Q(due_at__lt=now)))
        .order_by("agency__name")
    )
    return list(rows)


def untold_outcomes(*, user: Any) -> QuerySet[Feedback]:
    """Outcomes nobody has been told yet."""
    if not user.has_perm("frontdoor.work_front_door"):
        return Feedback.objects.none()
    return Feedback.objects.filter(told_at__isnull=True).select_related("contact", "agency")


def decisions_for_audit(*, user: Any) -> QuerySet[MashEnquiry]:
    """Decisions below the level the evidence suggested, confirmed or waiting for a manager."""
    if not user.has_perm("frontdoor.work_front_door"):
        return MashEnquiry.objects.none()
    return (
        MashEnquiry.objects.filter(needs_confirmation=True)
        .select_related("contact", "decided_by", "confirmed_by")
        .order_by("confirmed_at", "-decided_at")
    )


# System-level reads for the partnership's indicators: aggregate figures only, never shown row by row.


def contacts_for_indicators() -> QuerySet[Contact]:
    """Every contact, for computing the partnership's indicators (no user filter)."""
    return Contact.objects.all()


def contact_children_for_indicators() -> QuerySet[Any]:
    """Every link between a contact and a child it is about (one row per child per contact), for the indicators."""
    return Contact.children.through.objects.all()


def research_for_indicators() -> QuerySet[ResearchRequest]:
    """Every research request to a partner agency, for computing the partnership's indicators."""
    return ResearchRequest.objects.all()


def feedback_for_indicators() -> QuerySet[Feedback]:
    """Every outcome to be told to a referrer or partner agency, for computing the partnership's indicators."""
    return Feedback.objects.all()


# System-level reads for the Annex A export on the command line: a child is known only by the council's ID.


def contact_children_for_annex_a() -> QuerySet[Any]:
    """Every link between a contact and a child it is about (one row per child per contact), for the Annex A
    export of Lists 1, 3 and 4 (no user filter: a system task run on the command line)."""
    return Contact.children.through.objects.all()


# System-level reads for drawing a case file audit sample: child IDs and outcomes only.


def contact_children_for_audits(*, since: Any, until: Any) -> QuerySet[Any]:
    """Links between children and the contacts received between the two moments, with the contact's time, domestic
    abuse marker and MASH outcome, for drawing an audit sample (no user filter)."""
    return Contact.children.through.objects.filter(
        contact__received_at__gte=since, contact__received_at__lte=until, child__merged_into__isnull=True
    ).values("child_id", "contact__received_at", "contact__domestic_abuse", "contact__enquiry__outcome")
