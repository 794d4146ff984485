"""Demo records past their retention periods, so the retention review has something to decide on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import AdultRole, Child, ChronologyEvent, EventType, Household, HouseholdAdult
from partnership.core.models import OutboxMessage
from partnership.frontdoor.models import Contact, ContactSource, ContactState, MashEnquiry, Outcome, Priority
from partnership.records.retention_rules import anniversary


def _instant(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _old_child(*, first: str, last: str, born: date, number: int, agency: Agency, by: User) -> Child:
    household = Household.objects.create(reference=f"DEMO-RET-H{number}")
    HouseholdAdult.objects.create(
        household=household, first_name="Morgan", last_name=last, role=AdultRole.PARENT, is_parent=True
    )
    child = Child.objects.create(
        first_name=first,
        last_name=last,
        date_of_birth=born,
        local_child_id=f"DEMO-RET-{number}",
        household=household,
        created_by=by,
    )
    ChronologyEvent.objects.create(
        child=child,
        occurred_at=_instant(anniversary(born, 9), 10),
        event_type=EventType.ASSESSMENT,
        summary="Child and family assessment completed; no further concerns.",
        source_agency=agency,
        recorded_by=by,
    )
    return child


def load() -> None:
    """Two children past their 25th birthday, a contact that ended in no further action seven years ago about a
    child never identified, and a notification e-mail sent three years ago."""
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    screener = User.objects.get(username="frontdoor")
    council = Agency.objects.get(short_name="DCC CYPS")
    _old_child(first="Robin", last="Aldersey", born=date(today.year - 27, 2, 11), number=1, agency=council, by=screener)
    _old_child(first="Kit", last="Brancepeth", born=date(today.year - 26, 9, 3), number=2, agency=council, by=screener)
    received = _instant(today - timedelta(days=7 * 365 + 30), 9)
    contact = Contact.objects.create(
        received_at=received,
        source=ContactSource.ANONYMOUS,
        concern="A neighbour heard shouting late at night; no child was seen.",
        child_details="A girl of about six, name not known, at a flat on the high street.",
        state=ContactState.DECIDED,
        decision_due_at=received + timedelta(days=1),
        recorded_by=screener,
    )
    MashEnquiry.objects.create(
        contact=contact,
        priority=Priority.GREEN,
        priority_reason="No child identified and no injury reported.",
        screener=screener,
        outcome=Outcome.NO_FURTHER_ACTION,
        reasons="No child could be identified at the address; no agency knew of one.",
        decided_at=received + timedelta(hours=20),
        decided_by=screener,
    )
    sent = _instant(today - timedelta(days=3 * 365), 11)
    message = OutboxMessage.objects.create(
        kind="demo-reminder",
        dedupe_key="demo-retention-sent-email",
        recipient=admin,
        to_address="admin@example.org",
        subject="Reminder: quarterly update due",
        body="Your quarterly update on the improvement plan is due this week.",
        sent_at=sent,
        attempts=1,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=sent)
