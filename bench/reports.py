"""Quarterly report generation: the data of the latest published quarterly report's period gathered afresh and
written as a PDF (what publishing does), beside the same data written as HTML."""

from __future__ import annotations

import statistics
from functools import partial
from typing import Any

from bench.report_table import figure_row
from bench.timing import timed

RUNS = 3


def report_row(database: str) -> dict[str, Any] | None:
    """Seconds to gather a quarter's report data and render its PDF, beside rendering the same data as HTML; None
    when the bench database has no published quarterly report."""
    from partnership.access.models import Role, User
    from partnership.reporting.models import PublishedReport
    from partnership.reporting.renderers import render_html, render_pdf
    from partnership.reporting.snapshot import build_report_data

    published = PublishedReport.objects.filter(kind="quarterly").select_related("period").order_by("-published_at")
    report = published.first()
    reader = User.objects.filter(memberships__role=Role.ADMIN, is_active=True).first()
    if report is None or reader is None:
        return None
    render_pdf(report.data)  # loading Pango and the fonts once, as a running server would have
    pdf: list[float] = []
    html: list[float] = []
    size = 0
    for _run in range(RUNS):
        seconds, data = timed(partial(build_report_data, user=reader, period=report.period, kind="quarterly"))
        rendered, document = timed(partial(render_pdf, data))
        pdf.append(seconds + rendered)
        size = len(document)
        html.append(seconds + timed(partial(render_html, data))[0])
    return figure_row(
        section="report",
        name=f"quarterly report PDF, {report.period.label}",
        database=database,
        figure={"seconds": round(statistics.median(pdf), 3)},
        reference={"name": "same report as HTML", "seconds": round(statistics.median(html), 3)},
        compared="seconds",
        note=f"gather the data and render it; median of {RUNS}; the PDF is {size:,} bytes",
    )
