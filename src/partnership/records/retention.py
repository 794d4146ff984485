"""Every write of the retention review: changing a period, keeping a record for longer, and deleting one whole,
with its dependent records and their history, leaving a decision that holds no personal data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from partnership.access.models import User
from partnership.audits.models import AgencyReturn, ModeratedGrade, Moderation, RoundCase, SectionGrade
from partnership.children.models import (
    Child,
    ChronologyEvent,
    Commitment,
    Household,
    HouseholdAdult,
    Involvement,
    RiskAssessment,
    VoiceEntry,
    WrittenAgreement,
)
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage
from partnership.core.versioning import save_if_current
from partnership.encompass.models import EncompassException, Enrolment, Incident, IncidentChild, Notification
from partnership.frontdoor.models import Contact, MashEnquiry, ResearchRequest
from partnership.records import retention_rules as rules
from partnership.records.models import DecisionAction, RecordType, RetentionDecision, RetentionPeriod
from partnership.records.retention_selectors import is_past_retention_now
from partnership.strategy.models import Invitation, MeetingAction, MeetingChild, StrategyMeeting

ContactChild = Contact.children.through


def _history(model: Any) -> Any:
    """The manager of a model's history rows (which hold the same personal data as the record)."""
    return model.history.model.objects


def _contact_child_history() -> Any:
    return apps.get_model("frontdoor", "HistoricalContact_children").objects


def _delete(rows: QuerySet[Any], counts: Counter[str]) -> None:
    """Delete the rows and whatever cascades from them, counting the rows deleted per table."""
    _total, per_table = rows.delete()
    for label, number in per_table.items():
        if number:
            counts[label] += number


def _ids(*querysets: QuerySet[Any]) -> set[Any]:
    found: set[Any] = set()
    for queryset in querysets:
        found.update(queryset)
    return found


@transaction.atomic
def retention_period_change(
    *, actor: User, period: RetentionPeriod, expected_version: int, years: int, clock: str, reason: str
) -> RetentionPeriod:
    """Change how long a type of record is kept; a change based on a stale version is refused."""
    errors = rules.period_errors(record_type=period.record_type, years=years, clock=clock, reason=reason)
    if errors:
        raise BusinessRuleError("There is a problem with the retention period.", errors=errors)
    period.years, period.clock, period.reason = years, clock, reason.strip()
    period._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(period, expected_version=expected_version, fields=["years", "clock", "reason"])


def _decision_checked(
    *, record_type: str, record_id: Any, action: str, keep_years: int | None, reason: str, today: date
) -> RetentionPeriod:
    errors = rules.decision_errors(action=action, keep_years=keep_years, reason=reason)
    if errors:
        raise BusinessRuleError("There is a problem with the decision.", errors=errors)
    period = RetentionPeriod.objects.get(record_type=record_type)
    if not is_past_retention_now(record_type=record_type, record_id=record_id, today=today):
        raise BusinessRuleError(
            "This record is not due for a retention decision: it is not past its retention period, "
            "or it has been kept for longer."
        )
    return period


@transaction.atomic
def retention_keep(
    *, actor: User, record_type: str, record_id: Any, keep_years: int, reason: str, today: date | None = None
) -> RetentionDecision:
    """Keep a record past retention for more years, with the reason; it leaves the review until then."""
    today = today or timezone.localdate()
    period = _decision_checked(
        record_type=record_type,
        record_id=record_id,
        action=DecisionAction.KEEP,
        keep_years=keep_years,
        reason=reason,
        today=today,
    )
    return RetentionDecision.objects.create(
        record_type=record_type,
        record_id=record_id,
        action=DecisionAction.KEEP,
        period_years=period.years,
        period_clock=period.clock,
        keep_years=keep_years,
        keep_until=rules.keep_until(today, keep_years),
        decided_by=actor,
        reason=reason.strip(),
    )


@transaction.atomic
def retention_delete(
    *, actor: User, record_type: str, record_id: Any, reason: str, today: date | None = None
) -> RetentionDecision:
    """Delete a record past retention, everything that depends on it and all their history, in one transaction,
    and record the decision with the rows deleted per table and no personal data."""
    today = today or timezone.localdate()
    period = _decision_checked(
        record_type=record_type,
        record_id=record_id,
        action=DecisionAction.DELETE,
        keep_years=None,
        reason=reason,
        today=today,
    )
    counts: Counter[str] = Counter()
    if record_type == RecordType.CHILD:
        _purge_child(Child.objects.select_for_update().get(pk=record_id), counts)
    elif record_type == RecordType.NFA_CONTACT:
        child_ids = list(ContactChild.objects.filter(contact_id=record_id).values_list("child_id", flat=True))
        _purge_contacts({record_id}, counts)
        for child in Child.objects.filter(pk__in=child_ids):
            _purge_child(child, counts)
    else:
        _delete(OutboxMessage.objects.filter(pk=record_id), counts)
    return RetentionDecision.objects.create(
        record_type=record_type,
        record_id=record_id,
        action=DecisionAction.DELETE,
        period_years=period.years,
        period_clock=period.clock,
        decided_by=actor,
        reason=reason.strip(),
        deleted_rows=dict(sorted(counts.items())),
    )


def _purge_meetings(meeting_ids: Iterable[Any], counts: Counter[str]) -> None:
    """Delete whole strategy meetings, their invitations, actions and children's parts, and all their history."""
    ids = set(meeting_ids)
    if not ids:
        return
    _delete(StrategyMeeting.objects.filter(pk__in=ids), counts)
    for model in (Invitation, MeetingAction, MeetingChild):
        _delete(_history(model).filter(meeting_id__in=ids), counts)
    _delete(_history(StrategyMeeting).filter(id__in=ids), counts)
    MashEnquiry.objects.filter(strategy_meeting_id__in=ids).update(strategy_meeting_id=None)


def _purge_contacts(contact_ids: Iterable[Any], counts: Counter[str]) -> None:
    """Delete whole contacts, their MASH enquiries, research and feedback, and all their history."""
    ids = set(contact_ids)
    if not ids:
        return
    enquiry_ids = _ids(
        MashEnquiry.objects.filter(contact_id__in=ids).values_list("id", flat=True),
        _history(MashEnquiry).filter(contact_id__in=ids).values_list("id", flat=True),
    )
    _delete(Contact.objects.filter(pk__in=ids), counts)
    _delete(_history(ResearchRequest).filter(enquiry_id__in=enquiry_ids), counts)
    _delete(_history(MashEnquiry).filter(contact_id__in=ids), counts)
    _delete(_contact_child_history().filter(contact_id__in=ids), counts)
    _delete(_history(Contact).filter(id__in=ids), counts)


def _purge_encompass(child: Child, counts: Counter[str]) -> None:
    """Delete the child's part of Encompass incidents with its notifications, and an incident left with no child."""
    incident_child_ids = _ids(
        IncidentChild.objects.filter(child=child).values_list("id", flat=True),
        _history(IncidentChild).filter(child_id=child.pk).values_list("id", flat=True),
    )
    incident_ids = set(IncidentChild.objects.filter(child=child).values_list("incident_id", flat=True))
    _delete(IncidentChild.objects.filter(child=child), counts)
    for model in (Notification, EncompassException):
        _delete(_history(model).filter(incident_child_id__in=incident_child_ids), counts)
    _delete(_history(IncidentChild).filter(child_id=child.pk), counts)
    lonely = set(
        Incident.objects.filter(pk__in=incident_ids)
        .exclude(Exists(IncidentChild.objects.filter(incident=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    if lonely:
        _delete(Incident.objects.filter(pk__in=lonely), counts)
        _delete(_history(IncidentChild).filter(incident_id__in=lonely), counts)
        _delete(_history(Incident).filter(id__in=lonely), counts)


def _purge_audit_cases(child: Child, counts: Counter[str]) -> None:
    """Delete the child's cases in audit samples with the agencies' grades and the moderation of them."""
    case_ids = _ids(
        RoundCase.objects.filter(child=child).values_list("id", flat=True),
        _history(RoundCase).filter(child_id=child.pk).values_list("id", flat=True),
    )
    if not case_ids:
        return
    return_ids = _ids(
        AgencyReturn.objects.filter(round_case_id__in=case_ids).values_list("id", flat=True),
        _history(AgencyReturn).filter(round_case_id__in=case_ids).values_list("id", flat=True),
    )
    moderation_ids = _ids(
        Moderation.objects.filter(round_case_id__in=case_ids).values_list("id", flat=True),
        _history(Moderation).filter(round_case_id__in=case_ids).values_list("id", flat=True),
    )
    _delete(RoundCase.objects.filter(pk__in=case_ids), counts)
    _delete(_history(SectionGrade).filter(agency_return_id__in=return_ids), counts)
    _delete(_history(AgencyReturn).filter(round_case_id__in=case_ids), counts)
    _delete(_history(ModeratedGrade).filter(moderation_id__in=moderation_ids), counts)
    _delete(_history(Moderation).filter(round_case_id__in=case_ids), counts)
    _delete(_history(RoundCase).filter(id__in=case_ids), counts)


def _purge_child(child: Child, counts: Counter[str]) -> None:
    """Delete a child's whole record: duplicates merged into it, its parts of meetings, incidents, audits and
    contacts (whole ones when no other child shares them), the record itself, a household left empty, and the
    history of every one of them."""
    for duplicate in Child.objects.filter(merged_into=child):
        _purge_child(duplicate, counts)
    meeting_ids = set(MeetingChild.objects.filter(child=child).values_list("meeting_id", flat=True))
    shared_meetings = set(
        MeetingChild.objects.filter(meeting_id__in=meeting_ids)
        .exclude(child=child)
        .values_list("meeting_id", flat=True)
    )
    _delete(MeetingChild.objects.filter(child=child), counts)
    _purge_meetings(meeting_ids - shared_meetings, counts)
    _delete(_history(MeetingChild).filter(child_id=child.pk), counts)

    _purge_encompass(child, counts)
    _purge_audit_cases(child, counts)

    contact_ids = set(ContactChild.objects.filter(child=child).values_list("contact_id", flat=True))
    shared_contacts = set(
        ContactChild.objects.filter(contact_id__in=contact_ids)
        .exclude(child=child)
        .values_list("contact_id", flat=True)
    )
    _delete(ContactChild.objects.filter(child=child), counts)
    _purge_contacts(contact_ids - shared_contacts, counts)
    _delete(_contact_child_history().filter(child_id=child.pk), counts)

    agreement_ids = _ids(
        WrittenAgreement.objects.filter(child=child).values_list("id", flat=True),
        _history(WrittenAgreement).filter(child_id=child.pk).values_list("id", flat=True),
    )
    household_id = child.household_id
    _delete(Child.objects.filter(pk=child.pk), counts)
    for model in (Involvement, ChronologyEvent, VoiceEntry, RiskAssessment, WrittenAgreement, Enrolment):
        _delete(_history(model).filter(child_id=child.pk), counts)
    _delete(_history(Commitment).filter(agreement_id__in=agreement_ids), counts)
    _delete(_history(Child).filter(id=child.pk), counts)
    if household_id is not None and not Child.objects.filter(household_id=household_id).exists():
        _delete(Household.objects.filter(pk=household_id), counts)
        _delete(_history(HouseholdAdult).filter(household_id=household_id), counts)
        _delete(_history(Household).filter(id=household_id), counts)
