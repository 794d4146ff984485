"""Every write of the quarterly cycle: periods, update requests, updates and evidence, reminders and escalation."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import User
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.plans import services
from partnership.plans.cycle_rules import evidence_file_problem, quarter_bounds, reminder_kind, update_problems
from partnership.plans.models import (
    Action,
    DeliveryStatus,
    EvidenceItem,
    Inspection,
    ProgressUpdate,
    ReportingPeriod,
    UpdateState,
)

OPEN_STATUSES = (DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS, DeliveryStatus.DELIVERED)


def _site_link(path: str) -> str:
    return f"{settings.PARTNERSHIP_BASE_URL.rstrip('/')}{path}"


@transaction.atomic
def period_open(
    *, actor: User, inspection: Inspection, label: str, updates_due_on: date, now: Any = None
) -> ReportingPeriod:
    """Open a quarter: ask the lead of every open action for an update, in one message per lead."""
    try:
        starts_on, ends_on = quarter_bounds(label)
    except ValueError as error:
        raise BusinessRuleError(str(error), field="label") from error
    if ReportingPeriod.objects.filter(inspection=inspection, label=label).exists():
        raise BusinessRuleError(f"The period {label} already exists.", field="label")
    if ReportingPeriod.objects.filter(inspection=inspection, opened_at__isnull=False, closed_at__isnull=True).exists():
        raise BusinessRuleError("Close the open period before opening another.", field="label")
    if updates_due_on < starts_on:
        raise BusinessRuleError("The deadline for updates must fall after the quarter starts.", field="updates_due_on")
    now = now or timezone.now()
    period = ReportingPeriod.objects.create(
        inspection=inspection,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        updates_due_on=updates_due_on,
        opened_at=now,
        opened_by=actor,
    )
    actions = list(Action.objects.filter(inspection=inspection, status__in=OPEN_STATUSES).select_related("lead"))
    ProgressUpdate.objects.bulk_create(
        [ProgressUpdate(period=period, action=action, requested_from=action.lead) for action in actions]
    )
    by_lead: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        if action.lead is not None and action.lead.email:
            by_lead[action.lead].append(action)
    for lead, led in by_lead.items():
        lines = "\n".join(f"- {a.reference} {a.title}" for a in sorted(led, key=lambda a: a.reference))
        outbox_enqueue(
            kind="update-request",
            dedupe_key=f"update-request:{period.pk}:{lead.pk}",
            to_address=lead.email,
            recipient=lead,
            sender=actor,
            subject=f"Improvement plan: your {label} updates are due by {updates_due_on:%-d %B %Y}",
            body=(
                f"Please record progress and evidence on the actions you lead by {updates_due_on:%-d %B %Y}:\n"
                f"{lines}\n\nRecord them at {_site_link(reverse('plans:my-actions'))}"
            ),
        )
    return period


@transaction.atomic
def period_close(*, actor: User, period: ReportingPeriod, now: Any = None) -> list[ProgressUpdate]:
    """Close a quarter; every update still missing is escalated to the chair of the owning group (or the agency)."""
    if not period.is_open:
        raise BusinessRuleError("This period is not open.")
    now = now or timezone.now()
    period.closed_at, period.closed_by = now, actor
    period.save(update_fields=["closed_at", "closed_by", "updated_at"])
    missing = list(
        ProgressUpdate.objects.filter(
            period=period, state__in=[UpdateState.REQUESTED, UpdateState.DRAFT, UpdateState.RETURNED]
        ).select_related("action__owner_group__chair", "action__owner_agency", "requested_from")
    )
    for update in missing:
        update.escalated_at = now
        update.save(update_fields=["escalated_at", "updated_at"])
        action = update.action
        chair = action.owner_group.chair if action.owner_group else None
        address = chair.email if chair else (action.owner_agency.contact_email if action.owner_agency else "")
        if not address:
            continue
        outbox_enqueue(
            kind="update-escalation",
            dedupe_key=f"update-escalation:{update.pk}",
            to_address=address,
            recipient=chair,
            sender=actor,
            subject=f"Improvement plan: no {period.label} update on action {action.reference}",
            body=(
                f"The {period.label} update on action {action.reference} ({action.title}) was not received by "
                f"{period.updates_due_on:%-d %B %Y}. The executive will see it as missing.\n"
                f"{_site_link(reverse('plans:action-detail', kwargs={'action_id': action.pk}))}"
            ),
        )
    return missing


def _check_editable(update: ProgressUpdate) -> None:
    if not update.period.is_open and update.state != UpdateState.RETURNED:
        raise BusinessRuleError("This period is closed; the update can no longer be changed.")
    if update.state in {UpdateState.SUBMITTED, UpdateState.ACCEPTED}:
        raise BusinessRuleError("This update has been submitted. Ask the executive to return it to change it.")


@transaction.atomic
def update_save(
    *,
    actor: User,
    update: ProgressUpdate,
    expected_version: int,
    narrative: str,
    proposed_status: str = "",
    proposed_brag: str = "",
    brag_reason: str = "",
    mitigation: str = "",
    scrutiny_done: str = "",
    proposed_due_date: date | None = None,
    proposed_revision_reason: str = "",
    submit: bool = False,
) -> ProgressUpdate:
    """Save a lead's update as a draft, or submit it; a submitted update records progress on the action."""
    _check_editable(update)
    problems = update_problems(
        narrative=narrative,
        proposed_brag=proposed_brag,
        brag_reason=brag_reason,
        proposed_due_date=proposed_due_date,
        revision_reason=proposed_revision_reason,
        proposed_status=proposed_status,
        submitting=submit,
    )
    if problems:
        raise BusinessRuleError(next(iter(problems.values()))[0], errors=problems)
    update.narrative, update.proposed_status, update.proposed_brag = narrative.strip(), proposed_status, proposed_brag
    update.brag_reason, update.mitigation, update.scrutiny_done = brag_reason.strip(), mitigation.strip(), scrutiny_done
    update.proposed_due_date, update.proposed_revision_reason = proposed_due_date, proposed_revision_reason.strip()
    fields = [
        "narrative",
        "proposed_status",
        "proposed_brag",
        "brag_reason",
        "mitigation",
        "scrutiny_done",
        "proposed_due_date",
        "proposed_revision_reason",
        "state",
    ]
    if submit:
        update.state, update.submitted_at, update.submitted_by = UpdateState.SUBMITTED, timezone.now(), actor
        fields += ["submitted_at", "submitted_by"]
    else:
        update.state = UpdateState.DRAFT
    update._change_reason = "Submitted" if submit else "Draft saved"  # type: ignore[attr-defined]
    update._history_user = actor  # type: ignore[attr-defined]
    save_if_current(update, expected_version=expected_version, fields=fields)
    if submit:
        action = Action.objects.get(pk=update.action_id)
        services.action_record_progress(
            actor=actor,
            action=action,
            expected_version=action.version,
            status=proposed_status or action.status,
            progress_note=update.narrative,
        )
    return update


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def evidence_add_file(*, actor: User, update: ProgressUpdate, upload: UploadedFile, description: str) -> EvidenceItem:
    """Attach a file as evidence, refusing types and sizes outside the limits; its SHA-256 is kept."""
    _check_editable(update)
    if not description.strip():
        raise BusinessRuleError("Describe what the evidence shows.", field="description")
    problem = evidence_file_problem(
        name=upload.name or "", size=upload.size or 0, max_bytes=settings.PARTNERSHIP_EVIDENCE_MAX_BYTES
    )
    if problem:
        raise BusinessRuleError(problem, field="file")
    item = EvidenceItem(
        update=update,
        kind=EvidenceItem.Kind.FILE,
        description=description.strip(),
        original_name=upload.name or "",
        size=upload.size or 0,
        content_type=(upload.content_type or "")[:100],
        sha256=_sha256(upload),
        added_by=actor,
    )
    item.file.save(f"{item.id}{_suffix(upload.name or '')}", upload, save=False)
    item.save()
    return item


def _suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


@transaction.atomic
def evidence_add_link(*, actor: User, update: ProgressUpdate, url: str, description: str) -> EvidenceItem:
    """Attach a link (for example to a report on the council's intranet) as evidence."""
    _check_editable(update)
    if not description.strip():
        raise BusinessRuleError("Describe what the evidence shows.", field="description")
    if not url.lower().startswith(("https://", "http://")):
        raise BusinessRuleError("Enter a web address starting with https://", field="url")
    return EvidenceItem.objects.create(
        update=update, kind=EvidenceItem.Kind.LINK, description=description.strip(), url=url, added_by=actor
    )


@transaction.atomic
def update_return(*, actor: User, update: ProgressUpdate, question: str) -> ProgressUpdate:
    """Return a submitted update to its lead with the executive's question."""
    if not question.strip():
        raise BusinessRuleError("Enter the question for the lead.", field="note")
    update.state, update.returned_question = UpdateState.RETURNED, question.strip()
    update._change_reason = "Returned with a question"  # type: ignore[attr-defined]
    update._history_user = actor  # type: ignore[attr-defined]
    update.save(update_fields=["state", "returned_question", "updated_at"])
    lead = update.requested_from or update.action.lead
    if lead is not None and lead.email:
        outbox_enqueue(
            kind="update-returned",
            dedupe_key=f"update-returned:{update.pk}:{update.history.count()}",  # type: ignore[attr-defined]
            to_address=lead.email,
            recipient=lead,
            sender=actor,
            subject=f"Improvement plan: a question on action {update.action.reference}",
            body=(
                f"The executive returned your {update.period.label} update with this question:\n\n"
                f"{update.returned_question}\n\nAnswer it at "
                f"{_site_link(reverse('plans:update-edit', kwargs={'update_id': update.pk}))}"
            ),
        )
    return update


@transaction.atomic
def update_accept(*, actor: User, update: ProgressUpdate) -> ProgressUpdate:
    """Accept a submitted update."""
    update.state = UpdateState.ACCEPTED
    update._change_reason = "Accepted by the executive"  # type: ignore[attr-defined]
    update._history_user = actor  # type: ignore[attr-defined]
    update.save(update_fields=["state", "updated_at"])
    return update


def reminders_send(*, today: date | None = None) -> int:
    """Send one combined reminder per person for all their missing updates on each reminder day; idempotent."""
    today = today or timezone.localdate()
    before = tuple(settings.PARTNERSHIP_REMINDER_DAYS_BEFORE)
    after = tuple(settings.PARTNERSHIP_REMINDER_DAYS_AFTER)
    sent = 0
    open_periods = ReportingPeriod.objects.filter(opened_at__isnull=False, closed_at__isnull=True)
    for period in open_periods:
        kind = reminder_kind(today=today, deadline=period.updates_due_on, days_before=before, days_after=after)
        if not kind:
            continue
        missing = ProgressUpdate.objects.filter(
            period=period,
            state__in=[UpdateState.REQUESTED, UpdateState.DRAFT, UpdateState.RETURNED],
            requested_from__isnull=False,
        ).select_related("action", "requested_from")
        by_person: dict[User, list[ProgressUpdate]] = defaultdict(list)
        for update in missing:
            if update.requested_from is not None and update.requested_from.email:
                by_person[update.requested_from].append(update)
        for person, updates in by_person.items():
            with transaction.atomic():
                _message, created = outbox_enqueue(
                    kind="update-reminder",
                    dedupe_key=f"update-reminder:{period.pk}:{person.pk}:{today.isoformat()}",
                    to_address=person.email,
                    recipient=person,
                    subject=(
                        f"Improvement plan: {len(updates)} update{'s' if len(updates) != 1 else ''} "
                        f"{'due' if kind == 'before' else 'overdue'} ({period.label})"
                    ),
                    body=_reminder_body(period, updates, kind),
                )
            sent += int(created)
    return sent


def _reminder_body(period: ReportingPeriod, updates: list[ProgressUpdate], kind: str) -> str:
    when = f"{period.updates_due_on:%-d %B %Y}"
    opening = f"These updates are due by {when}:" if kind == "before" else f"These updates were due on {when}:"
    lines = "\n".join(
        f"- {u.action.reference} {u.action.title} ({u.get_state_display().lower()})"
        for u in sorted(updates, key=lambda u: u.action.reference)
    )
    return f"{opening}\n{lines}\n\nRecord them at {_site_link(reverse('plans:my-actions'))}"
