"""Figures on strategy meetings: how fast they are convened, who comes or sends information, and sharing the record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from partnership.core.clocks import LONDON, london_date
from partnership.strategy import rules
from partnership.strategy.models import Invitation, MeetingAction, MeetingChild, MeetingState, StrategyMeeting
from partnership.strategy.selectors import meetings_for_figures


@dataclass(frozen=True)
class AgencyMeasures:
    """One agency's part in the meetings that were held: invitations, attendance and information sent."""

    agency_id: Any
    name: str
    invited: int
    attended: int
    informed: int
    attendance_rate: float | None
    information_rate: float | None


@dataclass(frozen=True)
class StrategyMeasures:
    """The figures for strategy meetings whose threshold was met on the London days start to end."""

    start: date
    end: date
    meetings: int
    held: int
    hours_to_meeting_median: float | None
    hours_to_meeting_p90: float | None
    pct_within_target: float | None
    agencies: tuple[AgencyMeasures, ...]
    pct_shared_within_target: float | None
    pct_acknowledged: float | None
    pct_child_voice: float | None
    actions_overdue: int
    breaches_open: int


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def meetings_in_period(*, user: Any, start: date, end: date, agency_id: Any = None) -> QuerySet[StrategyMeeting]:
    """The meetings the user may see whose threshold was met on the London days start to end, not cancelled."""
    meetings = meetings_for_figures(user=user).filter(
        threshold_at__gte=_london_midnight(start),
        threshold_at__lt=_london_midnight(end + timedelta(days=1)),
    )
    if agency_id is not None:
        meetings = meetings.filter(pk__in=Invitation.objects.filter(agency_id=agency_id).values("meeting_id"))
    return meetings.exclude(state=MeetingState.CANCELLED)


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def strategy_measures(
    *, user: Any, start: date, end: date, agency_id: Any = None, now: datetime | None = None
) -> StrategyMeasures:
    """The strategy meeting figures for the period, over the meetings the user may see (and the agency was invited to).

    Counted this way, with a fixed number of queries whatever the number of meetings:
    - hours to meeting, and within target (held_at no later than convene_due_at), over meetings held;
    - agency rows over the invitations to meetings held; informed means information sent or attended;
    - shared within target over signed-off meetings whose record is shared or due by now; a meeting is
      on time when its shared_at is no later than its share_due_at;
    - acknowledged over invitations the record was shared with;
    - child's voice over the children of signed-off meetings;
    - actions overdue: not done and due before today in England; breaches open: still being convened
      after the convening deadline.
    """
    now = now or timezone.now()
    today = london_date(now)
    scope = meetings_in_period(user=user, start=start, end=end, agency_id=agency_id)
    rows = list(
        scope.values(
            "pk", "state", "threshold_at", "convene_due_at", "held_at", "completed_at", "share_due_at", "shared_at"
        )
    )
    ids = scope.values("pk")

    hours: list[float] = []
    held_ids: set[Any] = set()
    within = decided = shared_on_time = breaches = 0
    for row in rows:
        held_at, shared_at, share_due_at = row["held_at"], row["shared_at"], row["share_due_at"]
        if held_at is not None:
            held_ids.add(row["pk"])
            hours.append((held_at - row["threshold_at"]).total_seconds() / 3600)
            within += held_at <= row["convene_due_at"]
        if row["completed_at"] is not None and (shared_at is not None or (share_due_at and share_due_at <= now)):
            decided += 1
            shared_on_time += bool(shared_at and share_due_at and shared_at <= share_due_at)
        breaches += row["state"] == MeetingState.CONVENING and row["convene_due_at"] < now

    per_agency: dict[Any, dict[str, Any]] = {}
    shared_invitations = acknowledged = 0
    for invitation in Invitation.objects.filter(meeting_id__in=ids).values(
        "meeting_id", "agency_id", "agency__name", "attended", "information_at", "shared_at", "acknowledged_at"
    ):
        if invitation["shared_at"] is not None:
            shared_invitations += 1
            acknowledged += invitation["acknowledged_at"] is not None
        if invitation["meeting_id"] not in held_ids:
            continue
        counts = per_agency.setdefault(
            invitation["agency_id"],
            {"name": invitation["agency__name"], "invited": 0, "attended": 0, "informed": 0},
        )
        counts["invited"] += 1
        counts["attended"] += invitation["attended"] is True
        counts["informed"] += invitation["attended"] is True or invitation["information_at"] is not None

    voices = list(
        MeetingChild.objects.filter(meeting_id__in=ids, meeting__completed_at__isnull=False).values_list(
            "voice_summary", flat=True
        )
    )
    overdue = MeetingAction.objects.filter(meeting_id__in=ids, done_on__isnull=True, due_on__lt=today).count()

    return StrategyMeasures(
        start=start,
        end=end,
        meetings=len(rows),
        held=len(held_ids),
        hours_to_meeting_median=_one_decimal(rules.median(hours)),
        hours_to_meeting_p90=_one_decimal(rules.percentile(hours, 0.9)),
        pct_within_target=rules.rate(within, len(held_ids)),
        agencies=tuple(
            AgencyMeasures(
                agency_id=agency,
                name=counts["name"],
                invited=counts["invited"],
                attended=counts["attended"],
                informed=counts["informed"],
                attendance_rate=rules.rate(counts["attended"], counts["invited"]),
                information_rate=rules.rate(counts["informed"], counts["invited"]),
            )
            for agency, counts in sorted(per_agency.items(), key=lambda item: item[1]["name"])
        ),
        pct_shared_within_target=rules.rate(shared_on_time, decided),
        pct_acknowledged=rules.rate(acknowledged, shared_invitations),
        pct_child_voice=rules.rate(sum(1 for voice in voices if voice.strip()), len(voices)),
        actions_overdue=overdue,
        breaches_open=breaches,
    )
