"""The quarterly cycle's screens: opening and closing a quarter, a lead's update with evidence, reviews, reports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.access.models import AccessEvent, Role
from partnership.plans import governance, reviews, services
from partnership.plans.models import (
    Action,
    DeliveryStatus,
    ProgressUpdate,
    ReportingPeriod,
    ReviewMeeting,
    UpdateState,
)
from partnership.reporting.models import PublishedReport
from tests.factories import make_person
from tests.formdata import date_fields
from tests.plans.builders import build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin, lead, other_lead = make_person(Role.ADMIN), make_person(Role.ACTION_LEAD), make_person(Role.ACTION_LEAD)
    inspection = build_plan(actions=3, lead=lead, plan_start=date(2018, 9, 1))
    Action.objects.filter(reference="1.3").update(lead=other_lead)
    return {"admin": admin, "lead": lead, "other_lead": other_lead, "inspection": inspection}


def open_period(plan) -> ReportingPeriod:
    return governance.period_open(
        actor=plan["admin"], inspection=plan["inspection"], label="2018-Q4", updates_due_on=date(2019, 1, 15)
    )


def test_an_admin_opens_a_quarter_and_a_bad_label_is_explained(signed_in, plan) -> None:
    client = signed_in(user=plan["admin"])
    page = client.post(
        reverse("plans:period-open"), {"label": "2018-Q9", **date_fields("updates_due_on", date(2019, 1, 15))}
    )
    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert not ReportingPeriod.objects.exists()
    done = client.post(
        reverse("plans:period-open"), {"label": "2018-Q4", **date_fields("updates_due_on", date(2019, 1, 15))}
    )
    assert done.status_code == 302
    period = ReportingPeriod.objects.get()
    assert period.updates.count() == 3
    detail = client.get(reverse("plans:period-detail", kwargs={"period_id": period.pk}))
    assert detail.status_code == 200 and "1.3" in detail.content.decode()


def test_a_lead_cannot_open_a_quarter(signed_in, plan) -> None:
    client = signed_in(user=plan["lead"])
    assert client.get(reverse("plans:period-open")).status_code == 404


def test_a_lead_saves_a_draft_adds_evidence_and_submits(signed_in, plan) -> None:
    period = open_period(plan)
    update = ProgressUpdate.objects.get(period=period, action__reference="1.1")
    client = signed_in(user=plan["lead"])
    url = reverse("plans:update-edit", kwargs={"update_id": update.pk})
    assert client.get(url).status_code == 200

    draft = client.post(url, {"version": 1, "narrative": "Half way", "draft": "1"})
    assert draft.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.narrative) == (UpdateState.DRAFT, "Half way")

    evidence_url = reverse("plans:evidence-add", kwargs={"update_id": update.pk})
    content = b"%PDF-1.4 strategy meeting audit"
    added = client.post(
        evidence_url,
        {"kind": "file", "description": "Audit", "file": SimpleUploadedFile("audit.pdf", content, "application/pdf")},
    )
    assert added.status_code == 302
    refused = client.post(
        evidence_url, {"kind": "file", "description": "Tool", "file": SimpleUploadedFile("tool.exe", b"MZ")}
    )
    assert refused.status_code == 400 and "must be a PDF" in refused.content.decode()
    bad_link = client.post(evidence_url, {"kind": "link", "description": "Page", "url": "not a web address"})
    assert "Enter a real web address" in bad_link.content.decode()
    item = update.evidence.get()
    assert item.sha256 == hashlib.sha256(content).hexdigest()

    red_without_reason = client.post(
        url, {"version": update.version, "narrative": "Late", "proposed_brag": "red", "submit": "1"}
    )
    assert red_without_reason.status_code == 400
    assert "govuk-error-summary" in red_without_reason.content.decode()
    update.refresh_from_db()
    assert update.state == UpdateState.DRAFT

    submitted = client.post(
        url,
        {
            "version": update.version,
            "narrative": "Audit shows police attend every strategy meeting",
            "proposed_status": DeliveryStatus.IN_PROGRESS,
            "proposed_brag": "green",
            "submit": "1",
        },
    )
    assert submitted.status_code == 302 and submitted["Location"] == reverse("plans:my-actions")
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    assert Action.objects.get(pk=update.action_id).progress_note.startswith("Audit shows police")

    download = client.get(reverse("plans:evidence-download", kwargs={"evidence_id": item.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert AccessEvent.objects.filter(user=plan["lead"], object_type="evidence", object_id=str(item.pk)).exists()


def test_a_stale_update_form_keeps_the_other_persons_words(signed_in, plan) -> None:
    period = open_period(plan)
    update = ProgressUpdate.objects.get(period=period, action__reference="1.1")
    governance.update_save(actor=plan["admin"], update=update, expected_version=1, narrative="Admin's words")
    client = signed_in(user=plan["lead"])
    url = reverse("plans:update-edit", kwargs={"update_id": update.pk})
    stale = client.post(url, {"version": 1, "narrative": "Lead's words", "draft": "1"}, follow=True)
    assert "Someone else changed this update" in stale.content.decode()
    update.refresh_from_db()
    assert update.narrative == "Admin's words"


def test_another_lead_sees_neither_the_update_nor_its_evidence(signed_in, plan) -> None:
    period = open_period(plan)
    update = ProgressUpdate.objects.get(period=period, action__reference="1.1")
    item = governance.evidence_add_link(actor=plan["lead"], update=update, url="https://example.org/a", description="A")
    client = signed_in(user=plan["other_lead"])
    assert client.get(reverse("plans:update-edit", kwargs={"update_id": update.pk})).status_code == 404
    assert client.get(reverse("plans:evidence-download", kwargs={"evidence_id": item.pk})).status_code == 404
    own = ProgressUpdate.objects.get(period=period, action__reference="1.3")
    assert client.get(reverse("plans:update-edit", kwargs={"update_id": own.pk})).status_code == 200


def test_closing_a_quarter_from_its_page_escalates_the_missing_updates(signed_in, plan) -> None:
    period = open_period(plan)
    client = signed_in(user=plan["admin"])
    assert client.post(reverse("plans:period-close", kwargs={"period_id": period.pk})).status_code == 302
    period.refresh_from_db()
    assert not period.is_open
    assert ProgressUpdate.objects.filter(period=period, escalated_at__isnull=False).count() == 3
    page = client.get(reverse("plans:period-detail", kwargs={"period_id": period.pk})).content.decode()
    assert "Escalated" in page


def test_the_executive_builds_an_agenda_and_records_decisions(signed_in, plan) -> None:
    period = open_period(plan)
    governance.period_close(actor=plan["admin"], period=period)
    executive = signed_in(Role.EXECUTIVE)
    created = executive.post(
        reverse("plans:review-create"),
        {"title": "Executive review", "period": period.pk, **date_fields("held_on", date(2019, 1, 22))},
    )
    assert created.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert meeting.items.count() == 3  # every update is missing
    item = meeting.items.get(action__reference="1.2")
    decide = reverse("plans:review-decide", kwargs={"review_id": meeting.pk, "item_id": item.pk})
    no_reason = executive.post(decide, {"decision": "revise", **date_fields("new_due_date", date(2019, 12, 31))})
    assert no_reason.status_code == 400 and "govuk-error-summary" in no_reason.content.decode()
    assert Action.objects.get(reference="1.2").current_due_date != date(2019, 12, 31)
    revised = executive.post(
        decide, {"decision": "revise", "note": "Recruitment", **date_fields("new_due_date", date(2019, 12, 31))}
    )
    assert revised.status_code == 302
    assert Action.objects.get(reference="1.2").current_due_date == date(2019, 12, 31)
    minutes = executive.post(
        reverse("plans:review-minutes", kwargs={"review_id": meeting.pk}), {"version": 1, "minutes": "Quorate."}
    )
    assert minutes.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Quorate."
    page = executive.get(reverse("plans:review-detail", kwargs={"review_id": meeting.pk})).content.decode()
    assert "Quorate." in page and "Recruitment" in page

    lead = signed_in(user=plan["lead"])
    assert lead.get(reverse("plans:review-detail", kwargs={"review_id": meeting.pk})).status_code == 200
    assert lead.post(decide, {"decision": "accept"}).status_code == 404


def test_publishing_from_the_page_freezes_the_report_and_every_format_downloads(signed_in, plan) -> None:
    period = open_period(plan)
    admin = signed_in(user=plan["admin"])
    assert (
        admin.post(reverse("reporting:report-publish"), {"period": period.pk, "kind": "quarterly"}).status_code == 400
    )
    governance.period_close(actor=plan["admin"], period=period)
    published = admin.post(reverse("reporting:report-publish"), {"period": period.pk, "kind": "quarterly"})
    assert published.status_code == 302
    report = PublishedReport.objects.get()
    again = admin.post(reverse("reporting:report-publish"), {"period": period.pk, "kind": "quarterly"})
    assert "already published" in again.content.decode()

    viewer = signed_in(Role.VIEWER)
    assert "2018-Q4" not in viewer.get(reverse("reporting:report-list")).content.decode()
    quarterly_pdf = reverse("reporting:report-download", kwargs={"report_id": report.pk, "fmt": "pdf"})
    assert viewer.get(quarterly_pdf).status_code == 404  # the executive's report, not the Cabinet summary
    viewer = signed_in(Role.EXECUTIVE)
    assert "2018-Q4" in viewer.get(reverse("reporting:report-list")).content.decode()
    starts = {"pdf": b"%PDF", "xlsx": b"PK", "docx": b"PK", "html": b"<!DOCTYPE html>"}
    for fmt, start in starts.items():
        response = viewer.get(reverse("reporting:report-download", kwargs={"report_id": report.pk, "fmt": fmt}))
        assert response.status_code == 200, fmt
        assert response.content.lstrip().upper().startswith(start.upper()), fmt
    data = json.loads(
        viewer.get(reverse("reporting:report-download", kwargs={"report_id": report.pk, "fmt": "json"})).content
    )
    assert data["sha256"] == report.data_sha256
    assert (
        viewer.get(reverse("reporting:report-download", kwargs={"report_id": report.pk, "fmt": "exe"})).status_code
        == 404
    )

    services.action_record_progress(
        actor=plan["admin"],
        action=Action.objects.get(reference="1.1"),
        expected_version=Action.objects.get(reference="1.1").version,
        status=DeliveryStatus.DELIVERED,
        progress_note="Done long after the report",
    )
    later = viewer.get(reverse("reporting:report-download", kwargs={"report_id": report.pk, "fmt": "html"}))
    assert later.content.decode() == report.html
    assert "Done long after the report" not in later.content.decode()


def test_the_audit_pack_holds_every_action_and_an_evidence_index_that_matches_the_files(signed_in, plan) -> None:
    period = open_period(plan)
    update = ProgressUpdate.objects.get(period=period, action__reference="1.1")
    content = b"Minutes of the MASH review"
    governance.evidence_add_file(
        actor=plan["lead"], update=update, description="Minutes", upload=SimpleUploadedFile("minutes.txt", content)
    )
    governance.evidence_add_link(actor=plan["lead"], update=update, url="https://example.org/m", description="Web")
    reviews.review_create(
        actor=plan["admin"], inspection=plan["inspection"], period=period, title="R", held_on=date(2019, 1, 2)
    )
    auditor = signed_in(Role.AUDITOR)
    response = auditor.get(reverse("plans:audit-pack"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"README.txt", "actions.csv", "actions.json", "evidence_index.csv"} <= names
    rows = list(csv.reader(io.StringIO(archive.read("actions.csv").decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["1.1", "1.2", "1.3"]
    index = list(csv.DictReader(io.StringIO(archive.read("evidence_index.csv").decode("utf-8-sig"))))
    assert len(index) == 2
    stored = next(row for row in index if row["Kind"] == "file")
    files = [name for name in names if name.startswith("evidence/")]
    assert len(files) == 1
    assert (
        hashlib.sha256(archive.read(files[0])).hexdigest() == stored["SHA-256"] == hashlib.sha256(content).hexdigest()
    )
    history = json.loads(archive.read("actions.json"))
    first = next(action for action in history["actions"] if action["reference"] == "1.1")
    assert [u["quarter"] for u in first["updates"]] == ["2018-Q4"]
    assert first["history"], "the change history of the action is in the pack"
    assert AccessEvent.objects.filter(
        purpose="Downloaded the audit pack", object_id=str(plan["inspection"].pk)
    ).exists()
    assert signed_in(user=plan["lead"]).get(reverse("plans:audit-pack")).status_code == 404
