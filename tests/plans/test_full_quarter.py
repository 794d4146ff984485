"""One whole quarter through the services, from opening to the frozen report that no later edit changes."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.access.models import Role
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_deliver_pending
from partnership.plans import governance, reviews, services
from partnership.plans.models import Action, DecisionKind, DeliveryStatus, ProgressUpdate
from partnership.reporting.models import PublishedReport
from partnership.reporting.services import data_hash, report_publish
from tests.factories import make_person
from tests.plans.builders import build_plan
from tests.reporting.test_pdf import HEADINGS

pytestmark = pytest.mark.django_db

DUE = date(2019, 1, 15)


def test_a_quarter_from_opening_to_a_frozen_report(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    admin, executive, lead = make_person(Role.ADMIN), make_person(Role.EXECUTIVE), make_person(Role.ACTION_LEAD)
    inspection = build_plan(actions=3, lead=lead, plan_start=date(2018, 9, 1))

    period = governance.period_open(actor=admin, inspection=inspection, label="2018-Q4", updates_due_on=DUE)
    request = OutboxMessage.objects.get(kind="update-request", recipient=lead)
    assert request.body.count("\n- ") == 3

    first = ProgressUpdate.objects.get(period=period, action__reference="1.1")
    governance.evidence_add_file(
        actor=lead,
        update=first,
        description="Dip sample findings",
        upload=SimpleUploadedFile("dip-sample.pdf", b"%PDF-1.4 dip sample", "application/pdf"),
    )
    first.refresh_from_db()
    governance.update_save(
        actor=lead,
        update=first,
        expected_version=first.version,
        submit=True,
        narrative="Strategy meetings audited: the police attend all of them now.",
        proposed_status=DeliveryStatus.IN_PROGRESS,
        proposed_brag="amber",
        brag_reason="Health attendance still patchy",
        mitigation="Named GP lead from January",
        scrutiny_done="Dip sample of 12 strategy meetings",
    )

    assert governance.reminders_send(today=DUE - timedelta(days=2)) == 1
    reminder = OutboxMessage.objects.get(kind="update-reminder", recipient=lead)
    assert "1.1 " not in reminder.body and reminder.body.count("\n- ") == 2
    mail.outbox.clear()
    outbox_deliver_pending()
    assert [m.to for m in mail.outbox].count([lead.email]) == 2  # the request and the one reminder

    missing = governance.period_close(actor=admin, period=period)
    assert {u.action.reference for u in missing} == {"1.2", "1.3"}

    meeting = reviews.review_create(
        actor=executive, inspection=inspection, period=period, title="Executive", held_on=date(2019, 1, 22)
    )
    agenda = {item.action.reference: item for item in meeting.items.all()}
    reviews.review_decide(actor=executive, item=agenda["1.1"], decision=DecisionKind.ACCEPT, note="Seen")
    reviews.review_decide(
        actor=executive,
        item=agenda["1.2"],
        decision=DecisionKind.REVISE,
        note="Lead left; new lead in post",
        new_due_date=date(2019, 9, 30),
    )

    report = report_publish(actor=admin, period=period, kind="quarterly", as_at=date(2019, 1, 25))
    frozen = (report.data_sha256, report.html, bytes(report.pdf), bytes(report.xlsx), bytes(report.docx))
    assert report.data_sha256 == data_hash(dict(report.data))

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(report.pdf))
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout.split()
    )
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    for phrase in (
        "Overdue: was due 1 December 2018",
        "Named GP lead from January",
        "Dip sample of 12 strategy meetings",
        "1 March 2019 30 September 2019 Lead left; new lead in post",
        "Submitted 1 Missing 2",
    ):
        assert phrase in text, phrase

    later = Action.objects.get(reference="1.3")
    services.action_record_progress(
        actor=admin,
        action=later,
        expected_version=later.version,
        status=DeliveryStatus.DELIVERED,
        progress_note="Finished after the report",
    )
    services.action_revise(
        actor=admin,
        action=Action.objects.get(reference="1.1"),
        expected_version=Action.objects.get(reference="1.1").version,
        reason="Later change",
        expected_impact="Something else entirely",
    )
    report = PublishedReport.objects.get(pk=report.pk)
    assert (report.data_sha256, report.html, bytes(report.pdf), bytes(report.xlsx), bytes(report.docx)) == frozen
    assert "Finished after the report" not in report.html
    assert data_hash(dict(report.data)) == frozen[0]
