"""Every write of strategy meetings: threshold, invitations and replies, information, the record, sign-off, sharing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnership.access.models import Agency, Membership, Role, User
from partnership.access.selectors import current_membership
from partnership.children import services as children_services
from partnership.children.models import Child, EventType, Involvement, Significance
from partnership.children.selectors import latest_voice_entries
from partnership.core.clocks import london_date
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.strategy import rules
from partnership.strategy.calendar_invites import invitation_calendar_enqueue, meeting_event
from partnership.strategy.models import (
    REQUIRED_KINDS,
    Invitation,
    MeetingAction,
    MeetingChild,
    MeetingState,
    Response,
    StrategyMeeting,
)


def _link(meeting: StrategyMeeting) -> str:
    return f"{settings.PARTNERSHIP_BASE_URL}/strategy-meetings/{meeting.pk}/"


def required_agencies() -> list[tuple[Agency, str]]:
    """The agencies every strategy meeting invites: by setting, else the first active agency of each required kind."""
    named = settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES
    if named:
        return [(a, "Required at every strategy meeting") for a in Agency.objects.filter(short_name__in=named)]
    found = []
    for kind in REQUIRED_KINDS:
        agency = Agency.objects.filter(kind=kind, is_active=True).order_by("name").first()
        if agency is not None:
            found.append((agency, "Required at every strategy meeting"))
    return found


def suggested_agencies(children: list[Child]) -> list[tuple[Agency, str]]:
    """The agencies working with the children now (school, health visitor, probation ...), with why."""
    today = timezone.localdate()
    found: dict[Any, tuple[Agency, str]] = {}
    for involvement in (
        Involvement.objects.filter(child__in=children, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .select_related("agency")
    ):
        found.setdefault(involvement.agency_id, (involvement.agency, f"Working with the child: {involvement.service}"))
    return list(found.values())


def _invite(
    meeting: StrategyMeeting, agency: Agency, *, why: str, required: bool, actor: User | None = None
) -> Invitation:
    invitation, created = Invitation.objects.get_or_create(
        meeting=meeting,
        agency=agency,
        defaults={"why": why[:200], "is_required": required, "sent_to": agency.contact_email},
    )
    if created and agency.contact_email:
        outbox_enqueue(
            kind="strategy-invitation",
            dedupe_key=f"strategy-invitation:{invitation.pk}",
            to_address=agency.contact_email,
            subject="Strategy meeting: your agency is invited",
            body=(
                f"{agency.name} is invited to a strategy meeting about {meeting.children.count()} child(ren). "
                f"It must be held by {timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}.\n\n"
                "Say whether you will attend, and send what your agency knows (or that nothing is known) "
                f"before the meeting: {_link(meeting)}\n"
            ),
        )
    if created and meeting.scheduled_for is not None and meeting.calendar_sequence is not None:
        # Invited after the time was booked: the agency gets the current calendar invitation too.
        event = meeting_event(meeting)
        invitation_calendar_enqueue(meeting=meeting, invitation=invitation, event=event, sender=actor)
    return invitation


@transaction.atomic
def meeting_start(
    *, actor: User, children: list[Child], threshold_at: datetime, threshold_reason: str, chair: User | None = None
) -> StrategyMeeting:
    """Record that the threshold is met for one or more children, start the convening clock and invite agencies."""
    errors: dict[str, list[str]] = {}
    if not children:
        errors["children"] = ["Choose the children the meeting is about"]
    if threshold_at > timezone.now() + timedelta(minutes=5):
        errors["threshold_at"] = ["The threshold cannot be met in the future"]
    if not threshold_reason.strip():
        errors["threshold_reason"] = ["Say what happened and why there is reasonable cause to suspect significant harm"]
    if errors:
        raise BusinessRuleError("There is a problem with the threshold.", errors=errors)
    membership = current_membership(actor)
    if membership is None:
        raise BusinessRuleError("Your account is not in an agency.")
    meeting = StrategyMeeting(
        threshold_at=threshold_at,
        threshold_reason=threshold_reason.strip(),
        recorded_by=actor,
        lead_agency=membership.agency,
        chair=chair or actor,
        convene_due_at=rules.convene_due(threshold_at, hours=settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS),
    )
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save()
    for child in children:
        MeetingChild.objects.create(meeting=meeting, child=child)
    for agency, why in required_agencies():
        _invite(meeting, agency, why=why, required=True)
    for agency, why in suggested_agencies(children):
        _invite(meeting, agency, why=why, required=False)
    for child in children:
        children_services.event_add(
            actor=actor,
            child=child,
            occurred_at=threshold_at,
            event_type=EventType.STRATEGY_MEETING,
            significance=Significance.SERIOUS,
            summary=f"Threshold for a strategy meeting met: {threshold_reason.strip()}",
            source_type="strategy_meeting",
            source_id=str(meeting.pk),
        )
    return meeting


@transaction.atomic
def invitation_add(*, actor: User, meeting: StrategyMeeting, agency: Agency, why: str) -> Invitation:
    """Invite one more agency, such as the referrer or a GP practice."""
    if meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED}:
        raise BusinessRuleError("The record is signed off; no more agencies can be invited.", field="agency")
    if meeting.invitations.filter(agency=agency).exists():
        raise BusinessRuleError(f"{agency} is already invited.", field="agency")
    return _invite(meeting, agency, why=why.strip() or "Invited by the chair", required=False, actor=actor)


@transaction.atomic
def invitation_respond(
    *,
    actor: User,
    invitation: Invitation,
    expected_version: int,
    response: str,
    attendee_name: str = "",
    attendee_role: str = "",
) -> Invitation:
    """An agency's reply: attending (who, and their role), sending information, or cannot attend."""
    if response not in {Response.ATTENDING, Response.SENDING_INFORMATION, Response.CANNOT_ATTEND}:
        raise BusinessRuleError("Choose your agency's reply.", field="response")
    if response == Response.ATTENDING and not (attendee_name.strip() and attendee_role.strip()):
        raise BusinessRuleError(
            "Give the name and job title of who will attend: they must be senior enough to decide.",
            field="attendee_name",
        )
    invitation.response = response
    invitation.attendee_name, invitation.attendee_role = attendee_name.strip(), attendee_role.strip()
    invitation.responded_at = timezone.now()
    invitation._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(
        invitation,
        expected_version=expected_version,
        fields=["response", "attendee_name", "attendee_role", "responded_at"],
    )


@transaction.atomic
def invitation_inform(
    *, actor: User, invitation: Invitation, expected_version: int, information: str, nothing_known: bool = False
) -> Invitation:
    """What the agency knows about the children and family, or that it knows nothing, for the chair."""
    if not information.strip() and not nothing_known:
        raise BusinessRuleError("Write what your agency knows, or say that nothing is known.", field="information")
    invitation.information = information.strip()
    invitation.nothing_known = nothing_known and not information.strip()
    invitation.information_at = timezone.now()
    invitation._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(
        invitation, expected_version=expected_version, fields=["information", "nothing_known", "information_at"]
    )


def _check_open(meeting: StrategyMeeting) -> None:
    if meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED, MeetingState.CANCELLED}:
        raise BusinessRuleError("The record is signed off and can no longer be changed.")


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    meeting: StrategyMeeting,
    expected_version: int,
    held_at: datetime | None,
    mode: str,
    information_shared: str,
    risk_analysis: str,
    attended: list[Any],
    decisions: dict[Any, dict[str, Any]],
    actions: list[dict[str, Any]],
) -> StrategyMeeting:
    """Save the meeting's record as it is written; it can be saved unfinished, but never with wrong facts."""
    _check_open(meeting)
    errors: dict[str, list[str]] = {}
    if held_at is not None and held_at < meeting.threshold_at:
        errors["held_at"] = ["The meeting cannot be before the threshold was met"]
    if held_at is not None and held_at > timezone.now() + timedelta(minutes=5):
        errors["held_at"] = ["The meeting cannot be in the future: record it once held"]
    invitations = {str(i.agency_id): i for i in meeting.invitations.all()}
    strangers = [str(a) for a in attended if str(a) not in invitations]
    if strangers:
        errors["attended"] = ["Only invited agencies can be recorded as attending: invite the agency first"]
    for child in meeting.children.select_related("child"):
        decision = decisions.get(str(child.pk), {})
        if decision.get("s47") and not str(decision.get("reason") or "").strip():
            errors.setdefault("decisions", []).append(f"Give the reason for the decisions about {child.child}")
    for number, action in enumerate(actions, start=1):
        if not action.get("text"):
            continue
        if not action.get("owner_agency") or not action.get("owner_name") or not action.get("due_on"):
            errors.setdefault("actions", []).append(f"Action {number} needs an owner agency, a person and a due date")
        elif held_at is not None and action["due_on"] < london_date(held_at):
            errors.setdefault("actions", []).append(f"Action {number} is due before the meeting")
    if errors:
        raise BusinessRuleError("There is a problem with the meeting's record.", errors=errors)
    if meeting.version != expected_version:
        raise StaleVersion()
    meeting.held_at, meeting.mode = held_at, mode
    meeting.information_shared, meeting.risk_analysis = information_shared.strip(), risk_analysis.strip()
    if held_at is not None and meeting.state == MeetingState.CONVENING:
        meeting.state = MeetingState.HELD
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        meeting,
        expected_version=expected_version,
        fields=["held_at", "mode", "information_shared", "risk_analysis", "state"],
    )
    for invitation in invitations.values():
        was_there = str(invitation.agency_id) in {str(a) for a in attended}
        if invitation.attended != was_there:
            invitation.attended = was_there
            invitation._history_user = actor  # type: ignore[attr-defined]
            invitation.save(update_fields=["attended", "updated_at"])
    for child in meeting.children.select_related("child"):
        if str(child.pk) not in decisions:
            continue
        decision = decisions[str(child.pk)]
        for name in ("s47", "investigation", "police_investigation", "medical", "legal", "immediate_safety", "reason"):
            if name in decision:
                setattr(child, name, decision[name])
        if "voice_summary" in decision:
            child.voice_summary = decision["voice_summary"]
        child._history_user = actor  # type: ignore[attr-defined]
        child.save()
    meeting.actions.all().delete()
    for action in actions:
        if action.get("text"):
            MeetingAction.objects.create(
                meeting=meeting,
                text=action["text"].strip(),
                owner_agency=action["owner_agency"],
                owner_name=action["owner_name"].strip(),
                due_on=action["due_on"],
            )
    return meeting


def latest_voices(children: list[Child], *, on_or_before: date | None = None) -> dict[Any, str]:
    """Each child's two most recent voice entries (up to a day, when given) as one paragraph for the meeting, or "";
    child id → paragraph, read in one query for the whole meeting."""
    newest = latest_voice_entries(child_ids=[child.pk for child in children], on_or_before=on_or_before)
    return {
        child_id: " ".join(
            f"“{e.words}” ({e.get_method_display().lower()}, {e.gathered_on:%-d %B %Y})" for e in entries
        )
        for child_id, entries in newest.items()
    }


def latest_voice(child: Child, *, on_or_before: date | None = None) -> str:
    """One child's most recent voice entries as one paragraph for the meeting, or ""."""
    return latest_voices([child], on_or_before=on_or_before)[child.pk]


@transaction.atomic
def meeting_complete(*, actor: User, meeting: StrategyMeeting, expected_version: int) -> StrategyMeeting:
    """Sign off the record; refused while a required section is empty. Starts the clock to share it."""
    _check_open(meeting)
    children = list(meeting.children.select_related("child"))
    problems = rules.completion_problems(
        held_at=meeting.held_at,
        threshold_at=meeting.threshold_at,
        mode=meeting.mode,
        information_shared=meeting.information_shared,
        risk_analysis=meeting.risk_analysis,
        children=[
            {
                "name": str(c.child),
                "s47": c.s47,
                "investigation": c.investigation,
                "reason": c.reason,
                "voice": c.voice_summary,
            }
            for c in children
        ],
        attendees=meeting.invitations.filter(attended=True).count(),
        actions=meeting.actions.count(),
    )
    if problems:
        raise BusinessRuleError("The record cannot be signed off yet.", errors=problems)
    now = timezone.now()
    meeting.state, meeting.completed_at, meeting.signed_off_by = MeetingState.COMPLETED, now, actor
    meeting.share_due_at = rules.share_due(now, working_days=settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS)
    meeting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        meeting, expected_version=expected_version, fields=["state", "completed_at", "signed_off_by", "share_due_at"]
    )
    held = meeting.held_at or now
    for child in children:
        if child.s47 == "yes":
            child.s47_started_on = timezone.localtime(held).date()
            child.save(update_fields=["s47_started_on", "updated_at"])
        outcome = "Section 47 enquiry started" if child.s47 == "yes" else "No Section 47 enquiry"
        children_services.event_add(
            actor=actor,
            child=child.child,
            occurred_at=held,
            event_type=EventType.STRATEGY_MEETING,
            significance=Significance.SERIOUS if child.s47 == "yes" else Significance.SIGNIFICANT,
            summary=f"Strategy meeting held: {outcome}. {child.reason}".strip(),
            source_type="strategy_meeting",
            source_id=str(meeting.pk),
        )
    return meeting


@transaction.atomic
def meeting_share(*, actor: User, meeting: StrategyMeeting) -> int:
    """Send the signed-off record to every invited agency; sharing again sends nothing twice. Returns how many sent."""
    if meeting.state not in {MeetingState.COMPLETED, MeetingState.SHARED}:
        raise BusinessRuleError("Sign off the record before sharing it.")
    now = timezone.now()
    sent = 0
    for invitation in meeting.invitations.select_related("agency"):
        if invitation.shared_at is not None:
            continue
        invitation.shared_at = now
        invitation.save(update_fields=["shared_at", "updated_at"])
        sent += 1
        if invitation.agency.contact_email:
            outbox_enqueue(
                kind="strategy-record",
                dedupe_key=f"strategy-record:{invitation.pk}",
                to_address=invitation.agency.contact_email,
                subject="Strategy meeting record to acknowledge",
                body=f"The record of a strategy meeting your agency was invited to is ready. Read and acknowledge "
                f"it: {_link(meeting)}\n",
            )
    if meeting.shared_at is None:
        meeting.shared_at, meeting.state = now, MeetingState.SHARED
        meeting._history_user = actor  # type: ignore[attr-defined]
        meeting.version += 1
        meeting.save(update_fields=["shared_at", "state", "version", "updated_at"])
    return sent


@transaction.atomic
def invitation_acknowledge(*, actor: User, invitation: Invitation) -> Invitation:
    """The agency confirms it received the record; acknowledging again changes nothing."""
    if invitation.shared_at is None:
        raise BusinessRuleError("The record has not been shared with your agency yet.")
    if invitation.acknowledged_at is None:
        invitation.acknowledged_at, invitation.acknowledged_by = timezone.now(), actor
        invitation._history_user = actor  # type: ignore[attr-defined]
        invitation.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    return invitation


@transaction.atomic
def action_done(*, actor: User, action: MeetingAction, done_on: date) -> MeetingAction:
    """Mark an action agreed at the meeting as done."""
    action.done_on = done_on
    action._history_user = actor  # type: ignore[attr-defined]
    action.save(update_fields=["done_on", "updated_at"])
    return action


def _managers_of(user: User | None, agency: Agency) -> list[tuple[User | None, str]]:
    team_ids = list(Membership.objects.filter(user=user, is_active=True).values_list("team_id", flat=True))
    managers = Membership.objects.filter(
        role=Role.TEAM_MANAGER, is_active=True, agency=agency, team_id__in=[t for t in team_ids if t]
    ).select_related("user")
    found: list[tuple[User | None, str]] = [(m.user, m.user.email) for m in managers if m.user.email]
    if agency.contact_email:
        found.append((None, agency.contact_email))
    return found


def deadlines_sweep(*, now: datetime | None = None) -> int:
    """Remind before the convening deadline, chase silent agencies, escalate breaches; idempotent. Returns messages."""
    now = now or timezone.now()
    queued = 0
    remind_before = timedelta(hours=settings.PARTNERSHIP_STRATEGY_REMINDER_HOURS)
    convening = StrategyMeeting.objects.filter(state=MeetingState.CONVENING).select_related("chair", "lead_agency")
    for meeting in convening.filter(convene_due_at__lte=now + remind_before, convene_reminded_at__isnull=True):
        with transaction.atomic():
            meeting.convene_reminded_at = now
            meeting.save(update_fields=["convene_reminded_at"])
            if meeting.chair and meeting.chair.email:
                queued += outbox_enqueue(
                    kind="strategy-convene-reminder",
                    dedupe_key=f"strategy-convene-reminder:{meeting.pk}",
                    to_address=meeting.chair.email,
                    recipient=meeting.chair,
                    subject="Strategy meeting due soon",
                    body=f"The strategy meeting must be held by "
                    f"{timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}: {_link(meeting)}\n",
                )[1]
            for invitation in meeting.invitations.filter(
                response=Response.PENDING, information_at__isnull=True, chased_at__isnull=True
            ).select_related("agency"):
                invitation.chased_at = now
                invitation.save(update_fields=["chased_at"])
                if invitation.agency.contact_email:
                    queued += outbox_enqueue(
                        kind="strategy-chase",
                        dedupe_key=f"strategy-chase:{invitation.pk}",
                        to_address=invitation.agency.contact_email,
                        subject="Strategy meeting: we have not heard from your agency",
                        body="Your agency has not replied or sent its information for a strategy meeting due "
                        f"by {timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}: {_link(meeting)}\n",
                    )[1]
    for meeting in convening.filter(convene_due_at__lte=now, convene_escalated_at__isnull=True):
        with transaction.atomic():
            meeting.convene_escalated_at = now
            meeting.save(update_fields=["convene_escalated_at"])
            for recipient, address in _managers_of(meeting.chair, meeting.lead_agency):
                queued += outbox_enqueue(
                    kind="strategy-convene-breach",
                    dedupe_key=f"strategy-convene-breach:{meeting.pk}:{address}",
                    to_address=address,
                    recipient=recipient,
                    subject="Strategy meeting not held in time",
                    body="A strategy meeting was not held within the target after the threshold was met "
                    f"({timezone.localtime(meeting.threshold_at):%H:%M on %-d %B %Y}). {_link(meeting)}\n",
                )[1]
    late = StrategyMeeting.objects.filter(
        state=MeetingState.COMPLETED, share_due_at__lte=now, share_escalated_at__isnull=True
    ).select_related("chair", "lead_agency")
    for meeting in late:
        with transaction.atomic():
            meeting.share_escalated_at = now
            meeting.save(update_fields=["share_escalated_at"])
            for recipient, address in _managers_of(meeting.chair, meeting.lead_agency):
                queued += outbox_enqueue(
                    kind="strategy-share-breach",
                    dedupe_key=f"strategy-share-breach:{meeting.pk}:{address}",
                    to_address=address,
                    recipient=recipient,
                    subject="Strategy meeting record not shared in time",
                    body=f"The signed-off record was due to reach every invited agency by "
                    f"{timezone.localtime(meeting.share_due_at):%H:%M on %-d %B %Y}. {_link(meeting)}\n",
                )[1]
    return queued
