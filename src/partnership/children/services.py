"""Every write to children's records: the child, household, involvement, break-glass, merge, events and voice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Agency, Membership, Role, User
from partnership.access.selectors import current_membership
from partnership.children import rules, selectors
from partnership.children.models import (
    BreakGlass,
    Child,
    ChronologyEvent,
    EventType,
    Household,
    HouseholdAdult,
    Involvement,
    Significance,
    VoiceEntry,
)
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "expected_date_of_birth",
    "gender",
    "ethnicity",
    "nhs_number",
    "upn",
    "local_child_id",
)


def _actor_agency(actor: User) -> Agency:
    membership = current_membership(actor)
    if membership is None:
        raise BusinessRuleError("Your account is not in an agency, so you cannot add to a child's record.")
    return membership.agency


def _check_child_fields(data: dict[str, Any], *, exclude: Any = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    clean = dict(data)
    for name in ("first_name", "last_name", "local_child_id"):
        clean[name] = str(clean.get(name) or "").strip()
        if not clean[name]:
            label = {"first_name": "first name", "last_name": "last name", "local_child_id": "local child ID"}[name]
            errors.setdefault(name, []).append(f"Enter the child's {label}")
    born, expected = clean.get("date_of_birth"), clean.get("expected_date_of_birth")
    if not born and not expected:
        errors.setdefault("date_of_birth", []).append(
            "Enter the date of birth, or the expected date of birth for an unborn child"
        )
    if born and born > today:
        errors.setdefault("date_of_birth", []).append("Date of birth must be today or in the past")
    if expected and not born and expected < today - timedelta(days=31):
        errors.setdefault("expected_date_of_birth", []).append(
            "The expected date of birth has passed: record the date of birth instead"
        )
    clean["nhs_number"] = rules.normalised_nhs_number(str(clean.get("nhs_number") or ""))
    if clean["nhs_number"] and not rules.nhs_number_is_valid(clean["nhs_number"]):
        errors.setdefault("nhs_number", []).append("Enter a real NHS number: 10 digits that pass the check")
    clean["upn"] = str(clean.get("upn") or "").strip().upper()
    if clean["upn"] and (len(clean["upn"]) != 13 or not clean["upn"][1:].isalnum()):
        errors.setdefault("upn", []).append("A unique pupil number is 13 characters, like A123456789012")
    taken = Child.objects.filter(local_child_id__iexact=clean["local_child_id"])
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if clean["local_child_id"] and taken.exists():
        errors.setdefault("local_child_id", []).append("Another child already has this local child ID")
    if errors:
        raise BusinessRuleError("There is a problem with the child's details.", errors=errors)
    return clean


@transaction.atomic
def child_create(
    *,
    actor: User,
    household: Household | None = None,
    not_a_duplicate: bool = False,
    service: str = "",
    **data: Any,
) -> Child:
    """Open a child's record; refuse a likely duplicate unless the person confirms it is a different child.

    The actor's agency becomes involved with the child, so the person who opened the record can read it.
    """
    clean = _check_child_fields(data)
    duplicates = selectors.possible_duplicates(
        first_name=clean["first_name"],
        last_name=clean["last_name"],
        date_of_birth=clean.get("date_of_birth") or clean.get("expected_date_of_birth"),
        nhs_number=clean["nhs_number"],
    )
    if duplicates.exists() and not not_a_duplicate:
        raise BusinessRuleError(
            "A child with the same name and date of birth, or the same NHS number, is already recorded. "
            "Check it is not the same child before you go on.",
            field="not_a_duplicate",
        )
    agency = _actor_agency(actor)
    child = Child(**{k: clean.get(k) for k in CHILD_FIELDS if k in clean}, household=household, created_by=actor)
    child._history_user = actor  # type: ignore[attr-defined]
    child.save()
    Involvement.objects.create(
        child=child,
        agency=agency,
        practitioner=actor,
        service=service or f"Opened the record ({agency.short_name or agency.name})",
        started_on=timezone.localdate(),
    )
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, expected_version: int, **data: Any) -> Child:
    """Change a child's details, refusing a save based on an older version."""
    merged = {name: getattr(child, name) for name in CHILD_FIELDS} | data
    clean = _check_child_fields(merged, exclude=child.pk)
    for name in CHILD_FIELDS:
        setattr(child, name, clean.get(name) if name in clean else merged[name])
    child._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(child, expected_version=expected_version, fields=list(CHILD_FIELDS))


@transaction.atomic
def household_create(*, actor: User, reference: str, children: list[Child]) -> Household:
    """Group children (siblings, unborn children) into one household."""
    reference = reference.strip()
    if not reference:
        raise BusinessRuleError("Enter the household reference.", field="reference")
    if Household.objects.filter(reference__iexact=reference).exists():
        raise BusinessRuleError("A household with this reference already exists.", field="reference")
    household = Household(reference=reference)
    household._history_user = actor  # type: ignore[attr-defined]
    household.save()
    Child.objects.filter(pk__in=[c.pk for c in children]).update(household=household)
    return household


@transaction.atomic
def child_join_household(*, actor: User, child: Child, household: Household) -> Child:
    """Put a child into a household, so its siblings and adults are linked to them."""
    child.household = household
    child._history_user = actor  # type: ignore[attr-defined]
    child.save(update_fields=["household", "updated_at"])
    return child


@transaction.atomic
def adult_add(
    *,
    actor: User,
    household: Household,
    first_name: str,
    last_name: str,
    role: str,
    date_of_birth: date | None = None,
    lives_in_household: bool = True,
) -> HouseholdAdult:
    """Record an adult of the household and their role to the children."""
    if not first_name.strip() or not last_name.strip():
        raise BusinessRuleError("Enter the adult's first and last name.", field="first_name")
    adult = HouseholdAdult(
        household=household,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        date_of_birth=date_of_birth,
        lives_in_household=lives_in_household,
    )
    adult._history_user = actor  # type: ignore[attr-defined]
    adult.save()
    return adult


@transaction.atomic
def involvement_add(
    *,
    actor: User,
    child: Child,
    agency: Agency,
    service: str,
    started_on: date,
    practitioner: User | None = None,
) -> Involvement:
    """Record that an agency is working with a child; from then its staff may read the record."""
    if started_on > timezone.localdate():
        raise BusinessRuleError("The start date must be today or in the past.", field="started_on")
    if not service.strip():
        raise BusinessRuleError("Say what the agency does for the child.", field="service")
    involvement = Involvement(
        child=child, agency=agency, service=service.strip(), started_on=started_on, practitioner=practitioner
    )
    involvement._history_user = actor  # type: ignore[attr-defined]
    involvement.save()
    return involvement


@transaction.atomic
def involvement_end(*, actor: User, involvement: Involvement, ended_on: date) -> Involvement:
    """Close an agency's involvement; its staff lose access to the record after that day."""
    if ended_on < involvement.started_on:
        raise BusinessRuleError("The end date must be on or after the start date.", field="ended_on")
    involvement.ended_on = ended_on
    involvement._history_user = actor  # type: ignore[attr-defined]
    involvement.save(update_fields=["ended_on", "updated_at"])
    return involvement


def _agency_administrators(agency: Agency | None) -> list[User]:
    if agency is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(agency=agency, role=Role.ADMIN, is_active=True).select_related("user")
        if m.user.is_active and m.user.email
    ]


@transaction.atomic
def break_glass_open(*, actor: User, child: Child, reason: str, now: datetime | None = None) -> BreakGlass:
    """Give emergency, time-limited access to a child's record; the reason is logged and sent to the administrator."""
    reason = reason.strip()
    if len(reason) < 20:
        raise BusinessRuleError(
            "Give the reason you need this record now, in at least 20 characters: it is sent to your "
            "agency's administrator.",
            field="reason",
        )
    now = now or timezone.now()
    membership = current_membership(actor)
    agency = membership.agency if membership else None
    grant = BreakGlass.objects.create(
        child=child,
        user=actor,
        agency=agency,
        reason=reason,
        expires_at=now + timedelta(hours=settings.PARTNERSHIP_BREAK_GLASS_HOURS),
    )
    access_event_record(
        user=actor,
        action=AccessEvent.Action.CHANGE,
        object_type="break_glass",
        object_id=child.pk,
        purpose=f"Break-glass access: {reason}",
    )
    link = f"{settings.PARTNERSHIP_BASE_URL}/access-log/?action=change&object_type=break_glass"
    recipients: list[tuple[User | None, str]] = [(u, u.email) for u in _agency_administrators(agency)]
    if not recipients and agency is not None and agency.contact_email:
        recipients = [(None, agency.contact_email)]
    for recipient, address in recipients:
        outbox_enqueue(
            kind="break-glass",
            dedupe_key=f"break-glass:{grant.pk}:{address}",
            to_address=address,
            recipient=recipient,
            sender=actor,
            subject="Break-glass access to a child's record",
            body=(
                f"{actor} used break-glass access to a child's record at {timezone.localtime(now):%H:%M on %-d %B %Y}, "
                f"until {timezone.localtime(grant.expires_at):%H:%M}.\n\nReason given: {reason}\n\n"
                f"Review it in the access log: {link}\n"
            ),
        )
    return grant


MERGED_RELATIONS = ("events", "voice_entries", "involvements", "risk_assessments", "agreements", "break_glass")


@transaction.atomic
def child_merge(*, actor: User, keep: Child, duplicate: Child, reason: str) -> Child:
    """Merge a duplicate record into the one kept: its events, voice, involvements and history move; nothing is lost."""
    if keep.pk == duplicate.pk:
        raise BusinessRuleError("Choose two different records to merge.", field="duplicate")
    if not reason.strip():
        raise BusinessRuleError("Say why these records are the same child.", field="reason")
    reason = reason.strip()
    # Read both rows again under a lock: a copy read before someone else's merge or edit must not win.
    locked = {c.pk: c for c in Child.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
    current_keep, current_duplicate = locked[keep.pk], locked[duplicate.pk]
    if current_duplicate.merged_into_id or current_keep.merged_into_id:
        raise BusinessRuleError("One of these records has already been merged.", field="duplicate")
    if current_keep.version != keep.version:
        raise StaleVersion()
    keep, duplicate = current_keep, current_duplicate
    for relation in MERGED_RELATIONS:
        for row in getattr(duplicate, relation).all():
            row.child = keep
            row._history_user = actor
            row._change_reason = f"Moved from a merged duplicate record: {reason}"
            row.save(update_fields=["child", "updated_at"])
    for name in ("nhs_number", "upn", "date_of_birth", "expected_date_of_birth"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    if not keep.household_id and duplicate.household_id:
        keep.household_id = duplicate.household_id
    names = f"{duplicate.first_name} {duplicate.last_name}, {duplicate.local_child_id}"
    merged_names = (keep.other_names, duplicate.other_names, f"merged record {names}")
    keep.other_names = "; ".join(n for n in merged_names if n)[:200]
    keep._history_user = actor  # type: ignore[attr-defined]
    keep._change_reason = f"Merged a duplicate record: {reason}"  # type: ignore[attr-defined]
    keep.version += 1
    keep.save()
    duplicate.merged_into = keep
    duplicate.merged_at = timezone.now()
    duplicate._history_user = actor  # type: ignore[attr-defined]
    duplicate._change_reason = f"Merged into {keep.local_child_id}: {reason}"  # type: ignore[attr-defined]
    duplicate.version += 1
    duplicate.save()
    access_event_record(
        user=actor,
        action=AccessEvent.Action.CHANGE,
        object_type="child",
        object_id=keep.pk,
        purpose="Merged a duplicate",
    )
    return keep


@transaction.atomic
def event_add(
    *,
    actor: User,
    child: Child,
    occurred_at: datetime,
    event_type: str,
    summary: str,
    significance: str = Significance.SIGNIFICANT,
    source_agency: Agency | None = None,
    source_type: str = "",
    source_id: str = "",
) -> ChronologyEvent:
    """Add a significant event to a child's chronology, from the actor's agency unless another is named."""
    errors: dict[str, list[str]] = {}
    if event_type not in EventType.values:
        errors["event_type"] = ["Choose the kind of event"]
    if significance not in Significance.values:
        errors["significance"] = ["Choose how significant the event is"]
    if not summary.strip():
        errors["summary"] = ["Say what happened and what it means for the child"]
    if occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = ["The event must have happened already"]
    if errors:
        raise BusinessRuleError("There is a problem with the event.", errors=errors)
    event = ChronologyEvent(
        child=child,
        occurred_at=occurred_at,
        event_type=event_type,
        significance=significance,
        summary=summary.strip(),
        source_agency=source_agency or _actor_agency(actor),
        recorded_by=actor,
        source_type=source_type,
        source_id=source_id,
    )
    event._history_user = actor  # type: ignore[attr-defined]
    event.save()
    return event


@transaction.atomic
def voice_add(*, actor: User, child: Child, words: str, method: str, gathered_on: date, gathered_by: str) -> VoiceEntry:
    """Record the child's own words, wishes or experience and how they were gathered."""
    errors: dict[str, list[str]] = {}
    if not words.strip():
        errors["words"] = ["Write the child's words, or what was observed"]
    if not gathered_by.strip():
        errors["gathered_by"] = ["Say who gathered the child's voice"]
    if gathered_on > timezone.localdate():
        errors["gathered_on"] = ["The date must be today or in the past"]
    if errors:
        raise BusinessRuleError("There is a problem with the child's voice entry.", errors=errors)
    entry = VoiceEntry(
        child=child,
        words=words.strip(),
        method=method,
        gathered_on=gathered_on,
        gathered_by=gathered_by.strip(),
        agency=_actor_agency(actor),
        recorded_by=actor,
    )
    entry._history_user = actor  # type: ignore[attr-defined]
    entry.save()
    return entry
