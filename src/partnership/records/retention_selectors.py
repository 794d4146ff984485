"""Every read of the retention review: the periods, the records past them, and the decisions taken; for the
partnership administrator only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from partnership.access.models import Role
from partnership.access.selectors import has_role
from partnership.audits.models import RoundCase
from partnership.children.models import (
    Child,
    ChronologyEvent,
    Involvement,
    RiskAssessment,
    VoiceEntry,
    WrittenAgreement,
)
from partnership.core.models import OutboxMessage
from partnership.encompass.models import IncidentChild
from partnership.frontdoor.models import Contact, Outcome
from partnership.records import retention_rules as rules
from partnership.records.models import Clock, DecisionAction, RecordType, RetentionDecision, RetentionPeriod
from partnership.strategy.models import MeetingChild


def is_retention_admin(user: Any) -> bool:
    """Whether the user may see and decide the retention review: the partnership administrator."""
    return user is not None and user.is_authenticated and has_role(user, Role.ADMIN)


def _require_admin(user: Any) -> None:
    if not is_retention_admin(user):
        raise Http404()


def retention_period_list(*, user: Any) -> QuerySet[RetentionPeriod]:
    """The retention period of every type of record, for the administrator."""
    if not is_retention_admin(user):
        return RetentionPeriod.objects.none()
    return RetentionPeriod.objects.all()


def retention_period_get(*, user: Any, record_type: str) -> RetentionPeriod:
    """One type's retention period; 404 for anyone but the administrator and for an unknown type."""
    _require_admin(user)
    period = RetentionPeriod.objects.filter(record_type=record_type).first()
    if period is None:
        raise Http404()
    return period


def _day_after_start(day: date) -> datetime:
    """The first instant of the day after `day` on the partnership's calendar, to compare stored instants by date."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _kept_ids(record_type: str, today: date) -> QuerySet[Any, Any]:
    return RetentionDecision.objects.filter(
        record_type=record_type, action=DecisionAction.KEEP, keep_until__gt=today
    ).values("record_id")


def children_known_elsewhere() -> QuerySet[Child]:
    """Children who appear in more than one contact or in any other part of the partnership's records."""
    child = OuterRef("pk")
    other_records = [
        MeetingChild.objects.filter(child=child),
        IncidentChild.objects.filter(child=child),
        RoundCase.objects.filter(child=child),
        Involvement.objects.filter(child=child),
        VoiceEntry.objects.filter(child=child),
        RiskAssessment.objects.filter(child=child),
        WrittenAgreement.objects.filter(child=child),
        ChronologyEvent.objects.filter(child=child).exclude(source_type="contact"),
        Child.objects.filter(merged_into=child),
    ]
    query = Q(contact_count__gt=1) | Q(merged_into__isnull=False)
    for records in other_records:
        query |= Q(Exists(records))
    return Child.objects.annotate(contact_count=Count("contacts")).filter(query)


def _past_queryset(period: RetentionPeriod, today: date) -> QuerySet[Any]:
    """The records of the period's type that are past it on `today` and not kept for longer, longest past first."""
    cutoff = rules.latest_start_past(today, period.years)
    before = _day_after_start(cutoff)
    kept = _kept_ids(period.record_type, today)
    if period.record_type == RecordType.CHILD:
        children = Child.objects.filter(merged_into__isnull=True).annotate(
            started=Coalesce("date_of_birth", "expected_date_of_birth", output_field=DateField())
        )
        if period.clock == Clock.BIRTH:
            children = children.filter(started__lte=cutoff).order_by("started", "pk")
        else:
            children = children.filter(created_at__lt=before).annotate(opened=F("created_at")).order_by("created_at")
        return children.exclude(pk__in=kept)
    if period.record_type == RecordType.NFA_CONTACT:
        known = children_known_elsewhere().values("pk")
        contacts = Contact.objects.filter(enquiry__outcome=Outcome.NO_FURTHER_ACTION, enquiry__decided_at__isnull=False)
        contacts = contacts.exclude(
            Exists(Contact.children.through.objects.filter(contact=OuterRef("pk"), child__in=known))
        )
        if period.clock == Clock.DECIDED:
            contacts = contacts.filter(enquiry__decided_at__lt=before).order_by("enquiry__decided_at", "pk")
        else:
            contacts = contacts.filter(received_at__lt=before).order_by("received_at", "pk")
        return contacts.select_related("enquiry").exclude(pk__in=kept)
    if period.record_type == RecordType.SENT_EMAIL:
        return OutboxMessage.objects.filter(sent_at__lt=before).order_by("sent_at", "pk").exclude(pk__in=kept)
    return Child.objects.none()


@dataclass(frozen=True)
class PastRecord:
    """One record past retention as the review shows it: what it is, how long past, and the period applied."""

    record_type: str
    record_id: Any
    label: str
    detail: str
    started_on: date
    ends_on: date
    days_past: int
    period: RetentionPeriod


def _local_date(instant: datetime) -> date:
    return timezone.localtime(instant).date()


def past_record(record: Any, period: RetentionPeriod, today: date) -> PastRecord:
    """Describe one record of the period's type for the review: the least an administrator needs to decide."""
    label, detail = "", ""
    if period.record_type == RecordType.CHILD:
        started = record.date_of_birth or record.expected_date_of_birth
        if period.clock == Clock.OPENED:
            started = _local_date(record.created_at)
        born = record.date_of_birth or record.expected_date_of_birth
        label = f"{record.first_name} {record.last_name}"
        detail = (
            f"{'Expected' if record.date_of_birth is None else 'Born'} {born:%-d %B %Y}; ID {record.local_child_id}"
        )
    elif period.record_type == RecordType.NFA_CONTACT:
        decided = getattr(getattr(record, "enquiry", None), "decided_at", None) or record.received_at
        started = _local_date(decided if period.clock == Clock.DECIDED else record.received_at)
        label = f"Contact received {_local_date(record.received_at):%-d %B %Y}"
        detail = f"No further action, decided {_local_date(decided):%-d %B %Y}"
    else:
        started = _local_date(record.sent_at)
        label = f"E-mail: {record.kind}"
        detail = f"Sent {started:%-d %B %Y}"
    return PastRecord(
        record_type=period.record_type,
        record_id=record.pk,
        label=label,
        detail=detail,
        started_on=started,
        ends_on=rules.retention_ends(started, period.years),
        days_past=rules.days_past(started, period.years, today),
        period=period,
    )


def past_retention_list(*, user: Any, record_type: str, today: date | None = None) -> QuerySet[Any]:
    """The records of one type past retention, longest past first; empty for anyone but the administrator."""
    period = RetentionPeriod.objects.filter(record_type=record_type).first()
    if not is_retention_admin(user) or period is None:
        return Child.objects.none()
    return _past_queryset(period, today or timezone.localdate())


def past_retention_counts(*, today: date | None = None) -> list[tuple[RetentionPeriod, int]]:
    """How many records of each type are past retention: counts only, no personal data, for the monthly job."""
    today = today or timezone.localdate()
    return [(period, _past_queryset(period, today).count()) for period in RetentionPeriod.objects.all()]


def past_record_get(
    *, user: Any, record_type: str, record_id: Any, today: date | None = None
) -> tuple[Any, PastRecord]:
    """One record of a type in the review, whether or not it is past retention yet; 404 for anyone but the
    administrator and for a record that is not there."""
    period = retention_period_get(user=user, record_type=record_type)
    model: Any = {RecordType.CHILD: Child, RecordType.NFA_CONTACT: Contact, RecordType.SENT_EMAIL: OutboxMessage}[
        RecordType(record_type)
    ]
    queryset = model.objects.filter(pk=record_id)
    if model is Contact:
        queryset = queryset.select_related("enquiry")
    record = queryset.first()
    if record is None:
        raise Http404()
    return record, past_record(record, period, today or timezone.localdate())


def is_past_retention_now(*, record_type: str, record_id: Any, today: date) -> bool:
    """Whether the record is in the review on `today`: past its period and not kept for longer."""
    period = RetentionPeriod.objects.get(record_type=record_type)
    return _past_queryset(period, today).filter(pk=record_id).exists()


def retention_decision_list(*, user: Any) -> QuerySet[RetentionDecision]:
    """Every retention decision, newest first, for the administrator."""
    if not is_retention_admin(user):
        return RetentionDecision.objects.none()
    return RetentionDecision.objects.select_related("decided_by")
