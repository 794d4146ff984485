"""Every write of the front door: contacts, MASH enquiries, research returns, joint decisions and feedback."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.access.selectors import current_membership
from partnership.children import services as children_services
from partnership.children.models import Child, EventType, Significance
from partnership.children.selectors import flags_for_children
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.frontdoor import rules
from partnership.frontdoor.models import (
    Contact,
    ContactSource,
    ContactState,
    Feedback,
    MashEnquiry,
    NeedLevel,
    Outcome,
    Priority,
    ResearchRequest,
)
from partnership.strategy import services as strategy_services


def _link(path: str) -> str:
    return f"{settings.PARTNERSHIP_BASE_URL}{path}"


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def likely_duplicate(*, source: str, referrer_name: str, concern: str, received_at: datetime) -> Contact | None:
    """A contact already recorded from the same source and referrer with the same concern within a day."""
    nearby = Contact.objects.filter(
        source=source,
        referrer_name__iexact=referrer_name.strip(),
        received_at__gte=received_at - timedelta(days=1),
        received_at__lte=received_at + timedelta(days=1),
    )
    wanted = _normalised(concern)
    return next((c for c in nearby if _normalised(c.concern) == wanted), None)


@transaction.atomic
def contact_record(
    *,
    actor: User,
    received_at: datetime,
    source: str,
    concern: str,
    children: list[Child] | None = None,
    child_details: str = "",
    referrer_name: str = "",
    referrer_organisation: str = "",
    referrer_email: str = "",
    referrer_phone: str = "",
    referrer_agency: Agency | None = None,
    domestic_abuse: bool = False,
    incident_at: datetime | None = None,
    risk_level: str = "",
    not_a_duplicate: bool = False,
) -> Contact:
    """Record a contact; one with no child identified yet is kept as unresolved, and a repeat is caught."""
    children = children or []
    errors: dict[str, list[str]] = {}
    if source not in ContactSource.values:
        errors["source"] = ["Choose where the contact came from"]
    if not concern.strip():
        errors["concern"] = ["Describe the concern"]
    if received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = ["The contact cannot be received in the future"]
    if not children and not child_details.strip():
        errors["child_details"] = ["Choose the child, or write what is known of them so they can be found later"]
    if incident_at is not None and incident_at > received_at + timedelta(minutes=5):
        errors["incident_at"] = ["The incident cannot be after the contact was received"]
    if risk_level and not domestic_abuse:
        errors["risk_level"] = ["A risk level is for a domestic abuse incident: tick domestic abuse or leave it empty"]
    if errors:
        raise BusinessRuleError("There is a problem with the contact.", errors=errors)
    duplicate = likely_duplicate(source=source, referrer_name=referrer_name, concern=concern, received_at=received_at)
    if duplicate is not None and not not_a_duplicate:
        raise BusinessRuleError(
            "This looks like a contact already recorded: same source, referrer and concern within a day. "
            "Open that contact, or confirm this is a new one.",
            field="not_a_duplicate",
        )
    contact = Contact(
        received_at=received_at,
        source=source,
        concern=concern.strip(),
        child_details=child_details.strip(),
        referrer_name=referrer_name.strip(),
        referrer_organisation=referrer_organisation.strip(),
        referrer_email=referrer_email.strip(),
        referrer_phone=referrer_phone.strip(),
        referrer_agency=referrer_agency,
        domestic_abuse=domestic_abuse,
        incident_at=incident_at,
        risk_level=risk_level,
        decision_due_at=rules.decision_due(
            received_at, working_days=settings.PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS
        ),
        possible_duplicate_of=duplicate,
        recorded_by=actor,
    )
    contact._history_user = actor  # type: ignore[attr-defined]
    contact.save()
    for child in children:
        contact_add_child(actor=actor, contact=contact, child=child)
    return contact


@transaction.atomic
def contact_add_child(*, actor: User, contact: Contact, child: Child) -> Contact:
    """Link a child (found or newly recorded) to the contact, and put the contact in the child's chronology."""
    if contact.children.filter(pk=child.pk).exists():
        return contact
    contact.children.add(child)
    children_services.event_add(
        actor=actor,
        child=child,
        occurred_at=contact.received_at,
        event_type=EventType.CONTACT,
        significance=Significance.SIGNIFICANT,
        summary=f"Contact to the front door ({contact.get_source_display()}): {contact.concern}",
        source_type="contact",
        source_id=str(contact.pk),
    )
    return contact


@transaction.atomic
def enquiry_open(
    *, actor: User, contact: Contact, priority: str, reason: str, agencies: list[Agency], now: datetime | None = None
) -> MashEnquiry:
    """Open a MASH enquiry with a RAG priority and ask each partner agency to research its records by a deadline."""
    errors: dict[str, list[str]] = {}
    if priority not in Priority.values:
        errors["priority"] = ["Choose the priority"]
    if not reason.strip():
        errors["reason"] = ["Say why the enquiry has this priority"]
    if not contact.children.exists():
        errors.setdefault("__all__", []).append("Identify the child before opening a MASH enquiry")
    if MashEnquiry.objects.filter(contact=contact).exists():
        errors.setdefault("__all__", []).append("A MASH enquiry is already open for this contact")
    if errors:
        raise BusinessRuleError("The enquiry cannot be opened.", errors=errors)
    now = now or timezone.now()
    enquiry = MashEnquiry(contact=contact, priority=priority, priority_reason=reason.strip(), screener=actor)
    enquiry._history_user = actor  # type: ignore[attr-defined]
    enquiry.save()
    deadlines = rules.parse_deadlines(settings.PARTNERSHIP_MASH_RESEARCH_DEADLINES)
    due = rules.research_due(now, priority, deadlines=deadlines)
    for agency in agencies:
        research_request_add(actor=actor, enquiry=enquiry, agency=agency, due_at=due)
    contact.state = ContactState.ENQUIRY
    contact.save(update_fields=["state", "updated_at"])
    return enquiry


def research_request_add(*, actor: User, enquiry: MashEnquiry, agency: Agency, due_at: datetime) -> ResearchRequest:
    """Ask one more agency to research; its single point of contact is told through the outbox."""
    request, created = ResearchRequest.objects.get_or_create(
        enquiry=enquiry, agency=agency, defaults={"due_at": due_at}
    )
    if created and agency.contact_email:
        outbox_enqueue(
            kind="mash-research",
            dedupe_key=f"mash-research:{request.pk}",
            to_address=agency.contact_email,
            sender=actor,
            subject=f"MASH research request ({enquiry.get_priority_display()})",
            body=(
                f"The MASH asks {agency.name} to research its records about a contact and return what it knows, "
                f"or that nothing is known, by {timezone.localtime(due_at):%H:%M on %-d %B %Y}: "
                f"{_link('/front-door/research/')}\n"
            ),
        )
    return request


@transaction.atomic
def research_return(
    *, actor: User, request: ResearchRequest, information: str, nothing_known: bool = False
) -> ResearchRequest:
    """Record what an agency found, or that it knows nothing; a return after the decision is kept and flagged."""
    if not information.strip() and not nothing_known:
        raise BusinessRuleError("Write what your agency's records show, or say nothing is known.", field="information")
    now = timezone.now()
    # Claim the request in one conditional update, so of two researchers returning at once exactly one wins.
    claimed = ResearchRequest.objects.filter(pk=request.pk, returned_at__isnull=True).update(
        returned_at=now, returned_by=actor
    )
    if not claimed:
        raise BusinessRuleError("Your agency's research has already been returned.", field="information")
    request.information = information.strip()
    request.nothing_known = nothing_known and not information.strip()
    request.returned_at, request.returned_by = now, actor
    request.after_decision = MashEnquiry.objects.filter(pk=request.enquiry_id, decided_at__isnull=False).exists()
    request._history_user = actor  # type: ignore[attr-defined]
    request.save(
        update_fields=["information", "nothing_known", "returned_at", "returned_by", "after_decision", "updated_at"]
    )
    return request


def _suggested(contact: Contact) -> int | None:
    children = list(contact.children.all())
    codes = [flag.code for flags in flags_for_children(children).values() for flag in flags]
    return rules.suggested_level(risk_level=contact.risk_level, flag_codes=codes)


@transaction.atomic
def enquiry_decide(
    *,
    actor: User,
    enquiry: MashEnquiry,
    expected_version: int,
    outcome: str,
    need_level: int,
    reasons: str,
    agencies: list[Agency],
) -> MashEnquiry:
    """Record the decision with the agencies that made it; a strategy discussion opens a strategy meeting.

    A decision below the level the risk and the children's flags suggest waits for a manager's confirmation.
    The referrer and every agency that contributed are told the outcome.
    """
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["Choose the outcome"]
    if need_level not in NeedLevel.values:
        errors["need_level"] = ["Choose the level of need"]
    if not reasons.strip():
        errors["reasons"] = ["Give the reasons for the decision"]
    if enquiry.decided_at is not None:
        errors["__all__"] = ["This enquiry has already been decided"]
    if errors:
        raise BusinessRuleError("The decision cannot be recorded.", errors=errors)
    membership = current_membership(actor)
    taking_part = {a.pk: a for a in agencies}
    if membership is not None:
        taking_part.setdefault(membership.agency_id, membership.agency)
    contact = enquiry.contact
    suggested = _suggested(contact)
    now = timezone.now()
    enquiry.outcome, enquiry.need_level, enquiry.reasons = outcome, need_level, reasons.strip()
    enquiry.decided_at, enquiry.decided_by = now, actor
    enquiry.is_joint = rules.is_joint(taking_part)
    enquiry.suggested_level = suggested
    enquiry.needs_confirmation = rules.needs_confirmation(level=need_level, suggested=suggested)
    enquiry._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        enquiry,
        expected_version=expected_version,
        fields=[
            "outcome",
            "need_level",
            "reasons",
            "decided_at",
            "decided_by",
            "is_joint",
            "suggested_level",
            "needs_confirmation",
        ],
    )
    enquiry.decision_agencies.set(list(taking_part.values()))
    if outcome == Outcome.STRATEGY:
        returns = [
            f"{r.agency.name}: {'nothing known' if r.nothing_known else r.information}"
            for r in enquiry.requests.select_related("agency").filter(returned_at__isnull=False)
        ]
        meeting = strategy_services.meeting_start(
            actor=actor,
            children=list(contact.children.all()),
            threshold_at=now,
            threshold_reason=f"MASH decision: {reasons.strip()}\n\nContact: {contact.concern}"
            + ("\n\nResearch: " + "; ".join(returns) if returns else ""),
        )
        enquiry.strategy_meeting_id = meeting.pk
        enquiry.save(update_fields=["strategy_meeting_id"])
    contact.state = ContactState.DECIDED
    contact.save(update_fields=["state", "updated_at"])
    _tell_outcome(enquiry, sender=actor)
    return enquiry


def _tell_outcome(enquiry: MashEnquiry, *, sender: User) -> None:
    contact = enquiry.contact
    outcome = enquiry.get_outcome_display()
    recipients: list[tuple[Agency | None, str, bool]] = []
    untold: list[tuple[Agency | None, bool]] = []
    if contact.referrer_email:
        recipients.append((contact.referrer_agency, contact.referrer_email, True))
    elif contact.source != "9":  # an anonymous referrer cannot be told
        untold.append((contact.referrer_agency, True))
    for request in enquiry.requests.select_related("agency").filter(returned_at__isnull=False):
        if request.agency.contact_email:
            recipients.append((request.agency, request.agency.contact_email, False))
        else:
            untold.append((request.agency, False))
    for agency, to_referrer in untold:
        Feedback.objects.create(contact=contact, agency=agency, to_referrer=to_referrer, address="", told_at=None)
    now = timezone.now()
    for agency, address, to_referrer in recipients:
        feedback = Feedback.objects.create(
            contact=contact, agency=agency, to_referrer=to_referrer, address=address, told_at=now
        )
        outbox_enqueue(
            kind="mash-outcome",
            dedupe_key=f"mash-outcome:{feedback.pk}",
            to_address=address,
            sender=sender,
            subject="The outcome of a contact to the front door",
            body=(
                f"Thank you for your {'contact' if to_referrer else 'research'}. The decision was: {outcome}. "
                "The family's social worker or lead practitioner will be in touch where your agency has a part "
                "to play. Reply to this message if you disagree, so a manager can review it.\n"
            ),
        )


@transaction.atomic
def feedback_record(*, actor: User, feedback: Feedback) -> Feedback:
    """Record that the referrer was told the outcome another way (by phone, say)."""
    if feedback.told_at is None:
        feedback.told_at = timezone.now()
        feedback.save(update_fields=["told_at", "updated_at"])
    return feedback


@transaction.atomic
def decision_confirm(*, actor: User, enquiry: MashEnquiry, reason: str) -> MashEnquiry:
    """A manager confirms a decision below the suggested level of need, with the reason; it stays listed for audit."""
    if not enquiry.needs_confirmation:
        raise BusinessRuleError("This decision does not need a manager's confirmation.")
    if enquiry.confirmed_at is not None:
        raise BusinessRuleError("This decision has already been confirmed.")
    if not reason.strip():
        raise BusinessRuleError("Give the reason the lower level is right.", field="reason")
    now = timezone.now()
    if not MashEnquiry.objects.filter(pk=enquiry.pk, confirmed_at__isnull=True).update(confirmed_at=now):
        raise BusinessRuleError("This decision has already been confirmed.")
    enquiry.confirmed_by, enquiry.confirmed_at, enquiry.confirmation_reason = actor, now, reason.strip()
    enquiry._history_user = actor  # type: ignore[attr-defined]
    enquiry.save(update_fields=["confirmed_by", "confirmed_at", "confirmation_reason", "updated_at"])
    return enquiry


def research_chase_sweep(*, now: datetime | None = None) -> int:
    """Chase every research request past its deadline once, through the outbox; idempotent."""
    now = now or timezone.now()
    queued = 0
    late = ResearchRequest.objects.filter(
        returned_at__isnull=True, due_at__lte=now, chased_at__isnull=True, enquiry__decided_at__isnull=True
    ).select_related("agency", "enquiry")
    for request in late:
        with transaction.atomic():
            request.chased_at = now
            request.save(update_fields=["chased_at"])
            if request.agency.contact_email:
                queued += outbox_enqueue(
                    kind="mash-research-chase",
                    dedupe_key=f"mash-research-chase:{request.pk}",
                    to_address=request.agency.contact_email,
                    subject=f"Overdue MASH research ({request.enquiry.get_priority_display()})",
                    body=(
                        f"Research from {request.agency.name} was due by "
                        f"{timezone.localtime(request.due_at):%H:%M on %-d %B %Y} and has not been returned: "
                        f"{_link('/front-door/research/')}\n"
                    ),
                )[1]
    return queued
