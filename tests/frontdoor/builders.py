"""Builds front door records for tests directly, without the services' clocks and messages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import Child
from partnership.frontdoor.models import Contact, MashEnquiry, ResearchRequest


def build_contact(*, child: Child | None, by: User, concern: str = "Bruise seen at school") -> Contact:
    """A contact received an hour ago about the child (or about a child not yet identified)."""
    received = timezone.now() - timedelta(hours=1)
    contact = Contact.objects.create(
        received_at=received,
        source="2A",
        concern=concern,
        child_details="" if child else "A girl of about 8 at Hilltop Primary",
        decision_due_at=received + timedelta(days=1),
        recorded_by=by,
    )
    if child is not None:
        contact.children.add(child)
    return contact


def build_enquiry(*, contact: Contact, by: User, agencies: list[Agency]) -> MashEnquiry:
    """An amber MASH enquiry on the contact asking the agencies to research."""
    enquiry = MashEnquiry.objects.create(contact=contact, priority="amber", priority_reason="Injury", screener=by)
    for agency in agencies:
        ResearchRequest.objects.create(enquiry=enquiry, agency=agency, due_at=timezone.now() + timedelta(hours=8))
    return enquiry


def build_override(*, child: Child, by: User) -> Contact:
    """A contact decided at level 2 when the evidence suggested 3, waiting for a manager's confirmation."""
    contact = build_contact(child=child, by=by, concern="Second contact")
    enquiry = build_enquiry(contact=contact, by=by, agencies=[])
    MashEnquiry.objects.filter(pk=enquiry.pk).update(
        decided_at=timezone.now(), outcome="advice", need_level=2, suggested_level=3, needs_confirmation=True
    )
    return contact
