"""The quarterly cycle driven through its services: requests, updates with evidence, reminders, escalation, review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.access.models import Role
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_deliver_pending
from partnership.plans import governance, reviews, services
from partnership.plans.cycle_rules import quarter_bounds, reminder_kind
from partnership.plans.models import Action, DecisionKind, DeliveryStatus, ProgressUpdate, UpdateState
from tests.factories import make_person
from tests.plans.builders import build_plan

pytestmark = pytest.mark.django_db

DUE = date(2019, 1, 15)


@pytest.fixture
def cycle():
    admin, executive = make_person(Role.ADMIN), make_person(Role.EXECUTIVE)
    lead, other_lead = make_person(Role.ACTION_LEAD), make_person(Role.ACTION_LEAD)
    inspection = build_plan(actions=4, lead=lead, plan_start=date(2018, 9, 1))
    Action.objects.filter(reference="1.4").update(lead=other_lead)
    period = governance.period_open(actor=admin, inspection=inspection, label="2018-Q4", updates_due_on=DUE)
    return {
        "admin": admin,
        "executive": executive,
        "lead": lead,
        "other_lead": other_lead,
        "inspection": inspection,
        "period": period,
    }


def update_of(period, reference: str) -> ProgressUpdate:
    return ProgressUpdate.objects.get(period=period, action__reference=reference)


def test_quarters_and_reminder_days() -> None:
    assert quarter_bounds("2019-Q1") == (date(2019, 1, 1), date(2019, 3, 31))
    assert quarter_bounds("2020-Q1")[1] == date(2020, 3, 31)
    with pytest.raises(ValueError):
        quarter_bounds("2019-Q5")
    kinds = [
        reminder_kind(today=DUE + timedelta(days=d), deadline=DUE, days_before=(7, 2), days_after=(1, 7))
        for d in (-8, -7, -2, -1, 0, 1, 7, 8)
    ]
    assert kinds == ["", "before", "before", "", "", "after", "after", ""]


def test_opening_a_period_requests_one_update_per_open_action_and_one_message_per_lead(cycle) -> None:
    assert ProgressUpdate.objects.filter(period=cycle["period"]).count() == 4
    requests = OutboxMessage.objects.filter(kind="update-request")
    assert requests.count() == 2
    to_lead = requests.get(recipient=cycle["lead"])
    assert to_lead.body.count("\n- ") == 3
    with pytest.raises(BusinessRuleError, match="Close the open period"):
        governance.period_open(
            actor=cycle["admin"], inspection=cycle["inspection"], label="2019-Q1", updates_due_on=date(2019, 4, 15)
        )


def test_red_or_amber_needs_a_reason_and_a_submitted_update_records_progress(cycle) -> None:
    update = update_of(cycle["period"], "1.1")
    with pytest.raises(BusinessRuleError) as error:
        governance.update_save(
            actor=cycle["lead"], update=update, expected_version=1, narrative="Slow", proposed_brag="red", submit=True
        )
    assert "brag_reason" in error.value.errors
    governance.update_save(
        actor=cycle["lead"],
        update=update,
        expected_version=1,
        narrative="Audit done",
        proposed_brag="amber",
        brag_reason="Staff vacancy",
        mitigation="Agency cover",
        proposed_status=DeliveryStatus.DELIVERED,
        submit=True,
    )
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    action = Action.objects.get(pk=update.action_id)
    assert (action.status, action.progress_note) == (DeliveryStatus.DELIVERED, "Audit done")
    with pytest.raises(BusinessRuleError, match="submitted"):
        governance.update_save(actor=cycle["lead"], update=update, expected_version=update.version, narrative="x")


def test_a_stale_update_is_refused(cycle) -> None:
    update = update_of(cycle["period"], "1.1")
    stale = ProgressUpdate.objects.get(pk=update.pk)
    governance.update_save(actor=cycle["lead"], update=update, expected_version=1, narrative="First draft")
    with pytest.raises(StaleVersion):
        governance.update_save(actor=cycle["lead"], update=stale, expected_version=1, narrative="Second draft")
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "First draft"


def test_evidence_is_kept_with_its_checksum_and_bad_files_are_refused(cycle, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    update = update_of(cycle["period"], "1.1")
    content = b"Audit of 20 strategy meetings: 18 within 24 hours."
    item = governance.evidence_add_file(
        actor=cycle["lead"],
        update=update,
        description="Audit",
        upload=SimpleUploadedFile("audit.pdf", content, "application/pdf"),
    )
    import hashlib

    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert item.size == len(content)
    with item.file.open("rb") as handle:
        assert handle.read() == content
    for name, body, message in [("virus.exe", b"MZ", "must be a PDF"), ("empty.pdf", b"", "empty")]:
        with pytest.raises(BusinessRuleError, match=message):
            governance.evidence_add_file(
                actor=cycle["lead"], update=update, description="x", upload=SimpleUploadedFile(name, body)
            )
    settings.PARTNERSHIP_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(BusinessRuleError, match="smaller than"):
        governance.evidence_add_file(
            actor=cycle["lead"], update=update, description="x", upload=SimpleUploadedFile("big.pdf", b"x" * 11)
        )
    with pytest.raises(BusinessRuleError, match="https"):
        governance.evidence_add_link(actor=cycle["lead"], update=update, url="javascript:alert(1)", description="x")


def test_one_combined_reminder_per_person_on_reminder_days_only_and_delivered_once(cycle) -> None:
    governance.update_save(
        actor=cycle["lead"], update=update_of(cycle["period"], "1.1"), expected_version=1, narrative="Done", submit=True
    )
    assert governance.reminders_send(today=DUE - timedelta(days=3)) == 0
    assert governance.reminders_send(today=DUE - timedelta(days=2)) == 2
    assert governance.reminders_send(today=DUE - timedelta(days=2)) == 0  # the sweeper may run every minute
    reminder = OutboxMessage.objects.get(kind="update-reminder", recipient=cycle["lead"])
    assert reminder.body.count("\n- ") == 2  # 1.2 and 1.3; 1.1 is in
    assert "1.1 " not in reminder.body
    mail.outbox.clear()
    outbox_deliver_pending()
    outbox_deliver_pending()
    assert sorted(m.subject for m in mail.outbox if "due" in m.subject).count(reminder.subject) == 1
    assert governance.reminders_send(today=DUE + timedelta(days=1)) == 2
    assert "overdue" in OutboxMessage.objects.filter(kind="update-reminder").latest("created_at").subject


def test_delivery_is_exactly_once_when_the_worker_dies_mid_run(cycle, monkeypatch) -> None:
    governance.reminders_send(today=DUE - timedelta(days=2))
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    assert pending >= 3
    from partnership.core import outbox

    real_send = outbox.send_mail
    calls = {"n": 0}

    def dies_on_the_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_send(*args, **kwargs)

    mail.outbox.clear()
    monkeypatch.setattr(outbox, "send_mail", dies_on_the_second)
    with pytest.raises(SystemExit):
        outbox_deliver_pending()
    monkeypatch.setattr(outbox, "send_mail", real_send)
    outbox_deliver_pending()
    outbox_deliver_pending()
    assert len(mail.outbox) == pending
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == pending
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_closing_escalates_missing_updates_to_the_owners_contact(cycle) -> None:
    owner = Action.objects.get(reference="1.1").owner_agency
    owner.contact_email = "spoc@example.org"
    owner.save()
    missing = governance.period_close(actor=cycle["admin"], period=cycle["period"])
    assert len(missing) == 4
    assert OutboxMessage.objects.filter(kind="update-escalation", to_address="spoc@example.org").count() == 4
    assert all(u.escalated_at for u in ProgressUpdate.objects.filter(period=cycle["period"]))


def test_the_review_agenda_and_each_decision(cycle, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    period, lead, executive = cycle["period"], cycle["lead"], cycle["executive"]
    governance.update_save(
        actor=lead,
        update=update_of(period, "1.1"),
        expected_version=1,
        narrative="Delivered",
        proposed_status=DeliveryStatus.DELIVERED,
        submit=True,
    )
    with_revision = update_of(period, "1.2")
    governance.update_save(
        actor=lead,
        update=with_revision,
        expected_version=1,
        narrative="Delayed",
        proposed_due_date=date(2019, 6, 30),
        proposed_revision_reason="Recruitment",
        submit=True,
    )
    governance.period_close(actor=cycle["admin"], period=period)
    meeting = reviews.review_create(
        actor=executive,
        inspection=cycle["inspection"],
        period=period,
        title="Executive review",
        held_on=date(2019, 1, 22),
    )
    agenda = {item.action.reference: item for item in meeting.items.select_related("action", "update")}
    assert "Claimed delivered" in agenda["1.1"].reasons
    assert "Revision proposed" in agenda["1.2"].reasons
    assert "Update missing" in agenda["1.3"].reasons

    with pytest.raises(BusinessRuleError, match="without evidence"):
        reviews.review_decide(actor=executive, item=agenda["1.1"], decision=DecisionKind.CONFIRM_IMPACT)
    reviews.review_decide(actor=executive, item=agenda["1.1"], decision=DecisionKind.CONFIRM_DELIVERED, note="Seen")
    assert Action.objects.get(reference="1.1").status == DeliveryStatus.DELIVERED
    with pytest.raises(BusinessRuleError, match="already been recorded"):
        reviews.review_decide(actor=executive, item=agenda["1.1"], decision=DecisionKind.ACCEPT)

    decided = reviews.review_decide(
        actor=executive,
        item=agenda["1.2"],
        decision=DecisionKind.REVISE,
        note="Agreed: recruitment",
        new_due_date=date(2019, 6, 30),
    )
    revised = Action.objects.get(reference="1.2")
    assert revised.current_due_date == date(2019, 6, 30)
    assert decided.revision.reason == "Agreed: recruitment"

    challenged = update_of(period, "1.2")
    item = agenda["1.2"]
    item.decision = ""
    assert challenged.state == UpdateState.SUBMITTED
    with pytest.raises(BusinessRuleError, match="question"):
        reviews.review_decide(actor=executive, item=item, decision=DecisionKind.CHALLENGE, note=" ")
    reviews.review_decide(actor=executive, item=item, decision=DecisionKind.CHALLENGE, note="What changed?")
    challenged.refresh_from_db()
    assert (challenged.state, challenged.returned_question) == (UpdateState.RETURNED, "What changed?")
    assert OutboxMessage.objects.filter(kind="update-returned", recipient=lead).exists()

    governance.evidence_add_link(actor=lead, update=challenged, url="https://example.org/audit", description="Audit")
    reviews.review_decide(actor=executive, item=agenda["1.4"], decision=DecisionKind.ACCEPT)
    item4 = meeting.items.get(action__reference="1.2")
    item4.decision = ""
    reviews.review_decide(actor=executive, item=item4, decision=DecisionKind.CONFIRM_IMPACT, note="Audit shows it")
    assert Action.objects.get(reference="1.2").status == DeliveryStatus.IMPACT_EVIDENCED


def test_a_lead_cannot_be_asked_about_superseded_or_evidenced_actions(cycle) -> None:
    services.action_record_progress(
        actor=cycle["executive"],
        action=Action.objects.get(reference="1.3"),
        expected_version=1,
        status=DeliveryStatus.IMPACT_EVIDENCED,
        progress_note="Done",
        may_confirm_impact=True,
    )
    governance.period_close(actor=cycle["admin"], period=cycle["period"])
    next_period = governance.period_open(
        actor=cycle["admin"], inspection=cycle["inspection"], label="2019-Q1", updates_due_on=date(2019, 4, 15)
    )
    assert ProgressUpdate.objects.filter(period=next_period).count() == 3
