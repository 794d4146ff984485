"""The round report: a PDF and an Excel workbook with the round's facts, section and agency figures, learning,
recommendations and the comparison with the previous round on the theme; no child named, no formula run."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partnership.access.models import Agency, Role, User
from partnership.audits import casework_services, report, services
from partnership.audits.models import AuditRound, AuditTool, RoundCase
from partnership.children.models import Child
from partnership.plans import services as plans_services
from tests.audits.test_results import SPREAD, run_round
from tests.conftest import sign_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.org","Click")'


def pdf_text(content: bytes) -> str:
    """The words of a PDF as poppler's pdftotext reads them, spaces normalised."""
    found = subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(found.stdout.decode("utf-8").split())


@pytest.fixture
def make_round(
    lead: User, screener: User, tool: AuditTool, make_child: Callable[..., Child]
) -> Callable[..., AuditRound]:
    def make(**kwargs: object) -> AuditRound:
        return run_round(lead=lead, screener=screener, tool=tool, make_child=make_child, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def reported(lead: User, police: Agency, make_round: Callable[..., AuditRound]) -> AuditRound:
    """A spring round compared with an earlier winter round on the same theme, with learning and recommendations."""
    make_round(
        agreed=["Good", "Good", "Inadequate", "Inadequate", "Inadequate"], title="Winter", starts_on=date(2025, 10, 1)
    )
    audit_round = make_round(
        agreed=SPREAD,
        returned=["Good"] * 5,
        police=police,
        learning="Speak to the child alone at every visit.",
        complete=False,
    )
    casework_services.recommendation_add(actor=lead, audit_round=audit_round, text=FORMULA, owner_agency=police)
    words = casework_services.recommendation_add(
        actor=lead, audit_round=audit_round, text="Record the child's own words", owner_agency=police
    )
    inspection = plans_services.inspection_create(title="JTAI", area="Durham", plan_start=date(2026, 1, 1))
    theme = plans_services.theme_create(inspection=inspection, number=1, title="Voice of the child")
    casework_services.recommendation_to_action(
        actor=lead,
        recommendation=words,
        expected_version=words.version,
        theme=theme,
        reference="A9",
        timescale_months=6,
        expected_impact="Children's words shape their plans.",
    )
    audit_round.refresh_from_db()
    services.round_complete(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    audit_round.refresh_from_db()
    return audit_round


def test_the_pdf_holds_the_rounds_figures_learning_and_recommendations_but_no_child(
    lead: User, police: Agency, reported: AuditRound
) -> None:
    built = report.round_report(user=lead, audit_round=reported)
    content = report.render_pdf(built)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Case file audit: Domestic abuse, spring" in text
    assert "Children living with domestic abuse, version 1" in text
    assert "5 January 2026 to 4 February 2026" in text
    assert "Grades agreed at moderation, by section" in text
    assert "1. " in text and "60" in text and "2.6" in text  # a section: 60% good or better, average 2.6
    assert police.name in text and "Speak to the child alone at every visit." in text
    assert "Record the child's own words Durham Constabulary A9" in text
    assert "Not yet an action in the plan" in text
    assert "Winter" in text and "+20" in text  # 40% good or better in winter, 60% in spring
    assert text.count("Speak to the child alone at every visit.") == 1  # the same learning once
    assert "5, of whom 0 independent" not in text and "0, of whom 0 independent" in text
    for case in RoundCase.objects.filter(round=reported).select_related("child"):
        assert case.child.first_name not in text and case.child.local_child_id not in text


def test_the_workbook_holds_the_figures_and_never_runs_a_formula(lead: User, reported: AuditRound) -> None:
    built = report.round_report(user=lead, audit_round=reported)
    workbook = load_workbook(io.BytesIO(report.render_xlsx(built)))
    assert workbook.sheetnames == [
        "Summary",
        "Sample",
        "Sections",
        "Agencies",
        "Recommendations",
        "Comparison",
        "Learning",
    ]
    sections = workbook["Sections"]
    headings = [cell.value for cell in sections[2]]
    assert headings[:5] == ["Section", "Outstanding", "Good", "Requires improvement", "Inadequate"]
    first = [cell.value for cell in sections[3]]
    assert first[1:] == [1, 2, 1, 1, 5, 60.0, 2.6]
    recommendations = [row[0].value for row in workbook["Recommendations"].iter_rows(min_row=3)]
    assert "'" + FORMULA in recommendations and FORMULA not in recommendations
    assert [cell.value for cell in workbook["Recommendations"][4]] == [
        "Record the child's own words",
        "Durham Constabulary",
        "A9",
    ]
    assert workbook["Learning"]["A3"].value == "Speak to the child alone at every visit."
    comparison = [cell.value for cell in workbook["Comparison"][3]]
    assert comparison == ["Recognition of risk", 40.0, 60.0, 20.0]
    assert workbook["Sample"]["A3"].value == "Chosen by hand" and workbook["Sample"]["B3"].value == 5


def test_the_report_hides_a_small_rounds_figures_from_readers_outside_it(
    make_round: Callable[..., AuditRound],
) -> None:
    small = make_round(agreed=["Good", "Inadequate"], title="Small")
    built = report.round_report(user=make_person(Role.EXECUTIVE), audit_round=small)
    sections = next(table for table in built.tables if table.key == "sections")
    assert all(row[1:] == ["fewer than 5 cases"] * (len(row) - 1) for row in sections.rows)
    assert ("Cases moderated", "Fewer than 5") in built.facts


def test_the_report_files_download_with_names_without_personal_data(client: Client, reported: AuditRound) -> None:
    sign_in(client, make_person(Role.EXECUTIVE))
    pdf = client.get(reverse("audits:round-report-pdf", kwargs={"round_id": reported.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="audit-round-2026-01-05.pdf"'
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("audits:round-report-xlsx", kwargs={"round_id": reported.pk}))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="audit-round-2026-01-05.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content))["Sections"]["G3"].value == 60.0
