"""Loads the demo's quarterly cycle: three reported quarters with updates, evidence and reviews, and one open.

The quarter just ended is open for updates, with some in and some missing; the three before it are
closed, with their updates, evidence, escalations and the executive's review decisions.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.access.models import User
from partnership.plans import governance, reviews
from partnership.plans.cycle_rules import quarter_label
from partnership.plans.demo_content import ACTIONS
from partnership.plans.models import (
    DecisionKind,
    DeliveryStatus,
    Inspection,
    ProgressUpdate,
    ReportingPeriod,
    ReviewMeeting,
    UpdateState,
)
from partnership.plans.rules import add_months, quarter_start

NARRATIVES: dict[str, str] = {
    DeliveryStatus.NOT_STARTED: "Planning meeting held; the work starts next quarter once the lead is in post.",
    DeliveryStatus.IN_PROGRESS: (
        "Work is under way: the agreed milestones for the quarter were met and partners attended."
    ),
    DeliveryStatus.DELIVERED: "Delivered. Monitoring over the quarter shows the change is in place in every team.",
    DeliveryStatus.IMPACT_EVIDENCED: "Delivered, and the quarter's audit shows the intended change in practice.",
}
BLUE = {reference for reference, *_rest, state in ACTIONS if state == "blue"}
# Actions whose lead does not send an update in a given quarter (by quarter number 0..3, 3 being the open one).
STATE_STATUS = {"blue": DeliveryStatus.DELIVERED, "delivered": DeliveryStatus.DELIVERED}
MISSING = {0: {"4.2"}, 1: {"2.7", "4.2"}, 2: {"3.1"}, 3: {"1.4", "2.3", "2.7", "3.1", "4.2", "3.5", "5.2"}}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _submit(update: ProgressUpdate, *, actor: User, status: str, number: int) -> None:
    action = update.action
    governance.update_save(
        actor=actor,
        update=update,
        expected_version=update.version,
        submit=True,
        narrative=NARRATIVES.get(status, NARRATIVES[DeliveryStatus.IN_PROGRESS]),
        proposed_status=status if status in governance.OPEN_STATUSES else DeliveryStatus.DELIVERED,
        proposed_brag="amber" if action.reference in {"3.3", "2.4"} else "green",
        brag_reason="Progress is slower than planned." if action.reference in {"3.3", "2.4"} else "",
        mitigation="Extra capacity agreed by the delivery group." if action.reference in {"3.3", "2.4"} else "",
        scrutiny_done=(
            f"Dip sample of 10 cases by the audit sub-group in quarter {number + 1}."
            if action.reference.startswith(("1.", "2."))
            else ""
        ),
    )


def _evidence(update: ProgressUpdate, *, actor: User) -> None:
    text = (
        f"Audit summary for action {update.action.reference}, {update.period.label}\n"
        "Cases sampled: 20. Met the standard: 17. Findings reported to the executive.\n"
    ).encode()
    governance.evidence_add_file(
        actor=actor,
        update=update,
        description=f"Audit summary, {update.period.label}",
        upload=SimpleUploadedFile(f"audit-{update.action.reference}-{update.period.label}.txt", text, "text/plain"),
    )
    governance.evidence_add_link(
        actor=actor,
        update=update,
        url="https://intranet.example.org/lscb/minutes",
        description="Minutes of the delivery group that reviewed it",
    )


def load() -> None:
    """Create four quarters of the cycle on the demo plan, the last one open with missing updates."""
    inspection = Inspection.objects.get()
    admin = User.objects.get(username="admin")
    executive = User.objects.get(username="executive")
    today = timezone.localdate()
    current = quarter_start(today)
    final_status = {
        reference: STATE_STATUS.get(state, DeliveryStatus.IN_PROGRESS) for reference, *_rest, state in ACTIONS
    }
    for number in range(4):
        starts = add_months(current, 3 * (number - 4))
        opened = add_months(starts, 3)
        due = opened + timedelta(days=20)
        period = governance.period_open(
            actor=admin, inspection=inspection, label=quarter_label(starts), updates_due_on=due, now=_aware(opened, 9)
        )
        for update in ProgressUpdate.objects.filter(period=period).select_related("action", "period"):
            reference = update.action.reference
            if reference in MISSING[number]:
                continue
            status = DeliveryStatus.IN_PROGRESS if number < 2 else final_status[reference]
            if reference in BLUE and number == 2:
                _evidence(update, actor=admin)
            _submit(update, actor=update.action.lead or admin, status=status, number=number)
            submitted = min(due - timedelta(days=3), today)
            ProgressUpdate.objects.filter(pk=update.pk).update(submitted_at=_aware(submitted))
        if number < 3:
            governance.period_close(actor=admin, period=period, now=_aware(due + timedelta(days=5)))
            _review(inspection=inspection, period=period, executive=executive, held_on=due + timedelta(days=8))


def _review(*, inspection: Inspection, period: ReportingPeriod, executive: User, held_on: date) -> None:
    meeting = reviews.review_create(
        actor=executive,
        inspection=inspection,
        period=period,
        title=f"LSCB executive review of {period.label}",
        held_on=held_on,
    )
    for item in meeting.items.select_related("action", "update"):
        update = item.update
        if update is not None and update.state == UpdateState.SUBMITTED and item.action.reference == "2.7":
            reviews.review_decide(
                actor=executive,
                item=item,
                decision=DecisionKind.CHALLENGE,
                note="What is stopping the threshold training, and when will it run?",
            )
        elif update is not None and update.state == UpdateState.SUBMITTED:
            reviews.review_decide(
                actor=executive, item=item, decision=DecisionKind.ACCEPT, note="Accepted; keep the executive informed."
            )
    meeting.minutes = (
        f"The executive reviewed {meeting.items.count()} exceptions for {period.label}. "
        "Leads of missing updates are to report to the next meeting."
    )
    meeting.save(update_fields=["minutes"])
    # Held before the demo starts, so booked as it would have been: a time, a place and a dial-in link.
    ReviewMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=_aware(held_on, 14),
        duration_minutes=120,
        location="Committee Room 1, County Hall, Durham",
        dial_in_link=f"https://teams.example.org/l/meetup-join/lscb-{period.label.lower()}",
        calendar_sequence=0,
    )
