"""Pages of audit results: the trend of good-or-better practice across completed rounds, one round's grade
distributions by section and by agency, and the round report as PDF and Excel files. Figures only, never a child."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from partnership.access.guards import section_page
from partnership.audits import report, selectors, tables
from partnership.audits import results as audit_results
from partnership.audits.models import SectionKind
from partnership.frontend.tables import download_format, table_download
from partnership.measures import chart

PERMISSION = "audits.view_rounds"
CHART_TITLE = "Cases graded good or better overall at moderation, by round"


def _chart(trend: list[audit_results.TrendRow]) -> dict[str, str] | None:
    points = []
    for row in trend:
        overall = row.overall
        value = overall.figures.good_percent if overall and overall.figures else None
        points.append(
            chart.ChartPoint(
                f"{row.audit_round.starts_on:%b %Y}",
                None if value is None else Decimal(str(value)),
                audit_results.percent_text(value),
            )
        )
    if not points:
        return None
    return {
        # Our own chart: matplotlib escapes every text it writes into the SVG.
        "svg": mark_safe(chart.indicator_chart_svg(title=CHART_TITLE, unit_label=chart.PERCENT, points=points)),  # noqa: S308
        "description": chart.indicator_chart_description(
            name="the share of cases graded good or better overall", points=points
        ),
    }


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Every completed round the user may open, oldest first: good-or-better shares by section, and the chart."""
    section_page(request, "audits", PERMISSION)
    trend = audit_results.trend(user=request.user)
    if file_format := download_format(request):
        table = tables.results_table(trend, list(SectionKind))
        return table_download(table, file_format=file_format, name="audit results")
    return render(
        request,
        "audits/results.html",
        {"trend": trend, "kinds": list(SectionKind), "chart": _chart(trend), "fewest": audit_results.FEWEST_SHOWN},
    )


@login_required
def round_results(request: HttpRequest, round_id: str) -> HttpResponse:
    """One round's agreed grades by section and the agencies' own grades, with links to the round report."""
    section_page(request, "audits", PERMISSION)
    audit_round = selectors.round_get(user=request.user, round_id=round_id)
    figures = audit_results.round_results(user=request.user, audit_round=audit_round)
    return render(request, "audits/results_round.html", {"audit_round": audit_round, "figures": figures})


def _report_file(request: HttpRequest, round_id: str, extension: str) -> HttpResponse:
    section_page(request, "audits", PERMISSION)
    audit_round = selectors.round_get(user=request.user, round_id=round_id)
    built = report.round_report(user=request.user, audit_round=audit_round)
    if extension == "pdf":
        response = HttpResponse(report.render_pdf(built), content_type="application/pdf")
    else:
        response = HttpResponse(
            report.render_xlsx(built),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(audit_round, extension)}"'
    return response


@login_required
def round_report_pdf(request: HttpRequest, round_id: str) -> HttpResponse:
    """The round report as a PDF for the executive and Cabinet, with no child-identifying data."""
    return _report_file(request, round_id, "pdf")


@login_required
def round_report_xlsx(request: HttpRequest, round_id: str) -> HttpResponse:
    """The round report as an Excel workbook, its text never run as a formula."""
    return _report_file(request, round_id, "xlsx")
