"""Publishes the demo's reports: the executive's quarterly report and the Cabinet summary of each closed quarter."""

from __future__ import annotations

from partnership.access.models import User
from partnership.plans.models import ReportingPeriod
from partnership.reporting.models import ReportKind
from partnership.reporting.services import report_publish


def load() -> None:
    """Publish both reports for every closed quarter, oldest first, so each compares with the one before."""
    admin = User.objects.get(username="admin")
    for period in ReportingPeriod.objects.filter(closed_at__isnull=False).order_by("starts_on"):
        for kind in (ReportKind.QUARTERLY, ReportKind.CABINET):
            report_publish(
                actor=admin, period=period, kind=kind, as_at=period.closed_at.date() if period.closed_at else None
            )
