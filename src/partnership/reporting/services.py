"""Publishing a report: build its data, render it in every format and freeze it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.core.errors import BusinessRuleError
from partnership.plans.models import ReportingPeriod
from partnership.reporting import renderers
from partnership.reporting.models import PublishedReport, ReportKind
from partnership.reporting.snapshot import build_report_data


def data_hash(data: dict[str, Any]) -> str:
    """The SHA-256 of the data in a canonical JSON form."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def previous_report(*, period: ReportingPeriod, kind: str) -> PublishedReport | None:
    """The latest report of the same kind published for an earlier period of the same plan."""
    return (
        PublishedReport.objects.filter(
            period__inspection=period.inspection, kind=kind, period__starts_on__lt=period.starts_on
        )
        .order_by("-period__starts_on")
        .first()
    )


@transaction.atomic
def report_publish(
    *, actor: User, period: ReportingPeriod, kind: str = ReportKind.QUARTERLY, as_at: date | None = None
) -> PublishedReport:
    """Publish the period's report of the given kind as a frozen snapshot with HTML, PDF, XLSX and DOCX.

    Ratings are worked out as at the given date (today by default).
    """
    if kind not in ReportKind.values:
        raise BusinessRuleError("Choose the kind of report.", field="kind")
    if PublishedReport.objects.filter(period=period, kind=kind).exists():
        raise BusinessRuleError(f"The {ReportKind(kind).label.lower()} for {period.label} is already published.")
    if period.is_open:
        raise BusinessRuleError("Close the period before publishing its report, so late updates are escalated.")
    previous = previous_report(period=period, kind=kind)
    data = build_report_data(
        user=actor, period=period, kind=kind, as_at=as_at, previous=previous.data if previous else None
    )
    return PublishedReport.objects.create(
        period=period,
        kind=kind,
        published_at=timezone.now(),
        published_by=actor,
        data=data,
        data_sha256=data_hash(dict(data)),
        html=renderers.render_html(data),
        pdf=renderers.render_pdf(data),
        xlsx=renderers.render_xlsx(data),
        docx=renderers.render_docx(data),
    )
