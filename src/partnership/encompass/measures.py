"""Figures on Operation Encompass: how many notifications, and how many went out and were acknowledged before
the next school day, by risk level, with the exceptions still open and how long they took to resolve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from partnership.children.models import RiskLevel
from partnership.core.clocks import LONDON
from partnership.encompass.models import EncompassException, Notification


@dataclass(frozen=True)
class RiskRow:
    """The notifications after incidents of one risk level."""

    risk_level: str
    label: str
    notifications: int
    sent_on_time: int
    acknowledged_on_time: int
    acknowledged: int
    due: int
    pct_sent_on_time: float | None
    pct_acknowledged_on_time: float | None


@dataclass(frozen=True)
class WeekRow:
    """The notifications of incidents in one week (Monday to Sunday in England)."""

    week_start: date
    notifications: int
    acknowledged_on_time: int


@dataclass(frozen=True)
class EncompassMeasures:
    """The Encompass figures for incidents on the London days start to end."""

    start: date
    end: date
    incidents: int
    notifications: int
    pct_sent_on_time: float | None
    pct_acknowledged_on_time: float | None
    by_risk: tuple[RiskRow, ...]
    exceptions_opened: int
    exceptions_open: int
    median_hours_to_resolve: float | None
    weeks: tuple[WeekRow, ...]


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def notifications_for_figures(*, user: Any) -> QuerySet[Notification]:
    """Every notification, for the roles that may see the figures (never a child's name); none for others."""
    if user is None or not user.is_authenticated or not user.has_perm("encompass.view_measures"):
        return Notification.objects.none()
    return Notification.objects.all()


def encompass_measures(*, user: Any, start: date, end: date, now: datetime | None = None) -> EncompassMeasures:
    """The figures for incidents that happened from start to end (London days, both included).

    The share acknowledged on time is of the notifications already due: one whose deadline is still ahead
    and that nobody has acknowledged yet is neither late nor on time, so it is left out until it is.
    """
    now = now or timezone.now()
    window = Q(incident_child__incident__occurred_at__gte=_midnight(start)) & Q(
        incident_child__incident__occurred_at__lt=_midnight(end + timedelta(days=1))
    )
    notifications = notifications_for_figures(user=user).filter(window)
    on_time_sent = Q(deadline_at__isnull=False, issued_at__lte=F("deadline_at"))
    on_time_ack = Q(deadline_at__isnull=False, acknowledged_at__lte=F("deadline_at"))
    due = Q(deadline_at__lte=now) | Q(acknowledged_at__isnull=False)
    rows = {
        row["incident_child__incident__risk_level"]: row
        for row in notifications.values("incident_child__incident__risk_level").annotate(
            total=Count("id"),
            sent=Count("id", filter=on_time_sent),
            ack=Count("id", filter=on_time_ack),
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
            due=Count("id", filter=due),
        )
    }
    by_risk = tuple(
        RiskRow(
            risk_level=level.value,
            label=level.label,
            notifications=(row := rows.get(level.value, {})).get("total", 0),
            sent_on_time=row.get("sent", 0),
            acknowledged_on_time=row.get("ack", 0),
            acknowledged=row.get("acknowledged", 0),
            due=row.get("due", 0),
            pct_sent_on_time=_rate(row.get("sent", 0), row.get("total", 0)),
            pct_acknowledged_on_time=_rate(row.get("ack", 0), row.get("due", 0)),
        )
        for level in RiskLevel
    )
    total = sum(r.notifications for r in by_risk)
    allowed = user is not None and user.is_authenticated and user.has_perm("encompass.view_measures")
    exceptions = EncompassException.objects.all() if allowed else EncompassException.objects.none()
    opened = exceptions.filter(
        incident_child__incident__occurred_at__gte=_midnight(start),
        incident_child__incident__occurred_at__lt=_midnight(end + timedelta(days=1)),
    )
    resolve_hours = [
        (resolved - created).total_seconds() / 3600
        for created, resolved in opened.filter(resolved_at__isnull=False).values_list("created_at", "resolved_at")
        if resolved is not None
    ]
    weeks = tuple(
        WeekRow(
            week_start=timezone.localtime(row["week"]).date() if isinstance(row["week"], datetime) else row["week"],
            notifications=row["total"],
            acknowledged_on_time=row["ack"],
        )
        for row in notifications.annotate(week=TruncWeek("incident_child__incident__occurred_at", tzinfo=LONDON))
        .values("week")
        .annotate(total=Count("id"), ack=Count("id", filter=on_time_ack))
        .order_by("week")
    )
    return EncompassMeasures(
        start=start,
        end=end,
        incidents=notifications.values("incident_child__incident").distinct().count(),
        notifications=total,
        pct_sent_on_time=_rate(sum(r.sent_on_time for r in by_risk), total),
        pct_acknowledged_on_time=_rate(sum(r.acknowledged_on_time for r in by_risk), sum(r.due for r in by_risk)),
        by_risk=by_risk,
        exceptions_opened=opened.count(),
        exceptions_open=exceptions.filter(resolved_at__isnull=True).count(),
        median_hours_to_resolve=round(median(resolve_hours), 1) if resolve_hours else None,
        weeks=weeks,
    )
