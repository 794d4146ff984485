"""Every read of published reports, filtered to the kinds the user's role may read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnership.access.selectors import visible_or_404
from partnership.plans.models import Inspection
from partnership.plans.selectors import inspection_list
from partnership.reporting.models import PublishedReport, ReportKind


def readable_kinds(user: Any) -> list[str]:
    """The executive's quarterly report is for the partnership's governance roles; the Cabinet summary for all."""
    kinds = [ReportKind.CABINET.value]
    if user.has_perm("plans.read_quarterly_report"):
        kinds.append(ReportKind.QUARTERLY.value)
    return kinds


def report_list(*, user: Any, inspection: Inspection) -> QuerySet[PublishedReport]:
    """Published reports of the plan that the user may read, newest first, without their stored files."""
    return (
        PublishedReport.objects.filter(
            period__inspection=inspection,
            period__inspection__in=inspection_list(user=user),
            kind__in=readable_kinds(user),
        )
        .select_related("period", "published_by")
        .defer("html", "pdf", "xlsx", "docx", "data")
        .order_by("-period__starts_on", "kind")
    )


def report_get(*, user: Any, report_id: Any) -> PublishedReport:
    """One published report the user may read."""
    visible = PublishedReport.objects.filter(
        period__inspection__in=inspection_list(user=user), kind__in=readable_kinds(user)
    ).select_related("period")
    return visible_or_404(
        user, visible=visible, everything=PublishedReport.objects.all(), pk=report_id, object_type="published_report"
    )


def latest_report(*, user: Any, kind: str, label: str | None = None) -> PublishedReport | None:
    """The latest published report of a kind, or the one for the quarter named."""
    reports = PublishedReport.objects.filter(kind=kind, period__inspection__in=inspection_list(user=user))
    if label:
        reports = reports.filter(period__label=label)
    return reports.order_by("-period__starts_on").first()
