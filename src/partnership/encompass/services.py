"""The writes of Operation Encompass about incidents: enrolments, recording incidents and routing each child to a
setting, notifications, exceptions, acknowledgement, resending and chasing, and the import of the police export.
Settings and their calendars are written in `setting_services`."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, User
from partnership.children import services as children_services
from partnership.children.models import Child, EventType, RiskLevel, Significance
from partnership.children.selectors import possible_duplicates
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.encompass import calendar_rules, import_checking, selectors
from partnership.encompass.models import (
    ChildStatus,
    EducationKind,
    EncompassException,
    Enrolment,
    ExceptionReason,
    Incident,
    IncidentChild,
    Notification,
    Setting,
)
from partnership.encompass.rules import ChildEntry, age_on, is_school_age

URN = re.compile(r"\d{6}")


def _link(path: str) -> str:
    return f"{django_settings.PARTNERSHIP_BASE_URL}{path}"


def _local(instant: datetime | None) -> str:
    return "no school day found" if instant is None else f"{timezone.localtime(instant):%H:%M on %A %-d %B %Y}"


def council_address() -> str:
    """Where exceptions and escalations go at the council."""
    if django_settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL:
        return str(django_settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL)
    council = (
        Agency.objects.filter(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, is_active=True)
        .exclude(contact_email="")
        .order_by("name")
        .first()
    )
    return council.contact_email if council else ""


# Enrolments


@transaction.atomic
def enrolment_add(
    *,
    actor: User,
    child: Child,
    kind: str,
    started_on: date,
    setting: Setting | None = None,
    other_setting: str = "",
) -> Enrolment:
    """Record where a child is educated now, ending their other current enrolments (at another setting, or of
    another kind); recording the current one again changes nothing."""
    errors: dict[str, list[str]] = {}
    if kind not in EducationKind.values:
        errors["kind"] = ["Choose where the child is educated"]
    if kind == EducationKind.ATTENDS and setting is None:
        errors["setting"] = ["Choose the setting the child attends"]
    if kind == EducationKind.OUT_OF_AREA and not other_setting.strip():
        errors["other_setting"] = ["Enter the name and area of the setting"]
    if errors:
        raise BusinessRuleError("There is a problem with the child's education.", errors=errors)
    current = Enrolment.objects.filter(child=child, ended_on__isnull=True)
    for previous in current:
        if previous.setting_id != (setting.pk if setting else None) or previous.kind != kind:
            previous.ended_on = max(previous.started_on, started_on - timedelta(days=1))
            previous._history_user = actor  # type: ignore[attr-defined]
            previous.save(update_fields=["ended_on", "updated_at"])
        else:
            return previous
    enrolment = Enrolment(
        child=child,
        kind=kind,
        setting=setting if kind == EducationKind.ATTENDS else None,
        other_setting=other_setting.strip(),
        started_on=started_on,
    )
    enrolment._history_user = actor  # type: ignore[attr-defined]
    enrolment.save()
    return enrolment


# Incidents


def _find_or_create_child(*, actor: User, entry: ChildEntry, field: str) -> Child:
    """The child's existing record (by local ID, or the one record with their name and date of birth or NHS
    number); a new record when none matches; an error when the entry is ambiguous or lacks a date of birth."""
    if entry.local_child_id.strip():
        child = Child.objects.filter(
            local_child_id__iexact=entry.local_child_id.strip(), merged_into__isnull=True
        ).first()
        if child is None:
            raise BusinessRuleError(
                "A child could not be found.",
                errors={field: [f"No child has the local child ID {entry.local_child_id}"]},
            )
        return child
    if not entry.first_name.strip() or not entry.last_name.strip():
        raise BusinessRuleError("A child is incomplete.", errors={field: ["Enter the child's first and last name"]})
    if entry.date_of_birth is None:
        raise BusinessRuleError(
            "A child has no date of birth.",
            errors={
                field: [
                    f"Enter {entry.first_name}'s date of birth: the school needs it to know the child. "
                    "If it is not known, give their local child ID instead"
                ]
            },
        )
    matches = list(
        possible_duplicates(
            first_name=entry.first_name,
            last_name=entry.last_name,
            date_of_birth=entry.date_of_birth,
            nhs_number=entry.nhs_number,
        )[:3]
    )
    if len(matches) > 1:
        raise BusinessRuleError(
            "A child matches more than one record.",
            errors={
                field: [f"More than one record matches {entry.first_name} {entry.last_name}: give the local child ID"]
            },
        )
    if matches:
        return matches[0]
    try:
        return children_services.child_create(
            actor=actor,
            first_name=entry.first_name,
            last_name=entry.last_name,
            date_of_birth=entry.date_of_birth,
            nhs_number=entry.nhs_number,
            local_child_id=f"ENC-{uuid.uuid4().hex[:8].upper()}",
            service="Police: Operation Encompass",
        )
    except BusinessRuleError as error:
        # The children's record names its own fields; the incident form shows them against this child.
        messages = [message for field_messages in error.errors.values() for message in field_messages]
        raise BusinessRuleError(error.message, errors={field: messages}) from error


def _check_incident(
    *, police_reference: str, occurred_at: datetime, place: str, risk_level: str, officer_name: str, now: datetime
) -> None:
    errors: dict[str, list[str]] = {}
    if not police_reference.strip():
        errors["police_reference"] = ["Enter the police reference"]
    elif Incident.objects.filter(police_reference__iexact=police_reference.strip()).exists():
        errors["police_reference"] = [
            "An incident with this police reference is already recorded: open it to add a child"
        ]
    if occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = ["The incident cannot be in the future: check the date and time"]
    if not place.strip():
        errors["place"] = ["Enter where the incident happened"]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = ["Choose the risk level"]
    if not officer_name.strip():
        errors["officer_name"] = ["Enter the name of the officer who attended"]
    if errors:
        raise BusinessRuleError("There is a problem with the incident.", errors=errors)


@transaction.atomic
def incident_record(
    *,
    actor: User,
    police_reference: str,
    occurred_at: datetime,
    place: str,
    risk_level: str,
    officer_name: str,
    children: list[ChildEntry],
    circumstances: str = "",
    imported: bool = False,
    now: datetime | None = None,
) -> Incident:
    """Record an incident and tell each child's setting before its next school day; a child who cannot be
    routed is kept as an exception to resolve."""
    now = now or timezone.now()
    _check_incident(
        police_reference=police_reference,
        occurred_at=occurred_at,
        place=place,
        risk_level=risk_level,
        officer_name=officer_name,
        now=now,
    )
    if not children:
        raise BusinessRuleError("Name at least one child.", errors={"child_1": ["Enter at least one child"]})
    incident = Incident(
        police_reference=police_reference.strip(),
        occurred_at=occurred_at,
        place=place.strip(),
        risk_level=risk_level,
        circumstances=circumstances.strip(),
        officer_name=officer_name.strip(),
        recorded_by=actor,
        imported=imported,
    )
    incident._history_user = actor  # type: ignore[attr-defined]
    incident.save()
    for number, entry in enumerate(children, start=1):
        incident_add_child(actor=actor, incident=incident, entry=entry, field=f"child_{number}", now=now)
    return incident


@transaction.atomic
def incident_add_child(
    *, actor: User, incident: Incident, entry: ChildEntry, field: str = "child", now: datetime | None = None
) -> IncidentChild:
    """Add a child to an incident and route their notification; adding the same child again changes nothing."""
    now = now or timezone.now()
    child = _find_or_create_child(actor=actor, entry=entry, field=field)
    existing = IncidentChild.objects.filter(incident=incident, child=child).first()
    if existing is not None:
        return existing
    incident_child = IncidentChild(
        incident=incident, child=child, present=entry.present, child_words=entry.child_words.strip()
    )
    incident_child._history_user = actor  # type: ignore[attr-defined]
    incident_child.save()
    children_services.event_add(
        actor=actor,
        child=child,
        occurred_at=incident.occurred_at,
        event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
        significance=Significance.SERIOUS if incident.risk_level == RiskLevel.HIGH else Significance.SIGNIFICANT,
        summary=(
            f"Domestic abuse incident attended by police ({incident.get_risk_level_display().lower()} risk, "
            f"{incident.police_reference}); the child was {'present' if entry.present else 'not present'}."
        ),
        source_type="encompass_incident",
        source_id=str(incident.pk),
    )
    _route(actor=actor, incident_child=incident_child, now=now)
    return incident_child


def _route(*, actor: User, incident_child: IncidentChild, now: datetime) -> None:
    """Send the child's notification to each setting they attend; open an exception where that cannot be done."""
    child, incident = incident_child.child, incident_child.incident
    day = timezone.localtime(incident.occurred_at).date()
    targets: list[Setting] = []
    for enrolment in selectors.current_enrolments(child=child, on=day):
        if enrolment.kind == EducationKind.ATTENDS and enrolment.setting is not None:
            targets.append(enrolment.setting)
        elif enrolment.kind == EducationKind.HOME_EDUCATED:
            team = selectors.home_education_team()
            if team is None:
                open_exception(
                    incident_child,
                    ExceptionReason.NO_SETTING,
                    "Home educated, and no council home education team is set up to tell",
                )
            else:
                targets.append(team)
        else:
            open_exception(incident_child, ExceptionReason.OUT_OF_AREA, enrolment.other_setting[:300])
    if not targets and not incident_child.exceptions.exists():
        if child.date_of_birth is None:  # unborn, and no setting recorded (one that is recorded is told, above)
            _set_status(incident_child, ChildStatus.NOT_REQUIRED, "An unborn child has no setting to tell")
            return
        age = age_on(child.date_of_birth, day)
        if is_school_age(
            age,
            youngest=django_settings.PARTNERSHIP_ENCOMPASS_MIN_AGE,
            oldest=django_settings.PARTNERSHIP_ENCOMPASS_MAX_AGE,
        ):
            open_exception(incident_child, ExceptionReason.NO_SETTING, f"Aged {age}, with no setting recorded")
        else:
            _set_status(
                incident_child,
                ChildStatus.NOT_REQUIRED,
                f"Aged {age}: not of school age, and no setting is recorded",
            )
            return
    for setting in dict.fromkeys(targets):
        _issue(actor=actor, incident_child=incident_child, setting=setting, now=now)
    refresh_status(incident_child)


def _set_status(incident_child: IncidentChild, status: str, reason: str = "") -> None:
    incident_child.status, incident_child.status_reason = status, reason
    incident_child.save(update_fields=["status", "status_reason", "updated_at"])


def refresh_status(incident_child: IncidentChild) -> None:
    if incident_child.exceptions.filter(resolved_at__isnull=True).exists():
        _set_status(incident_child, ChildStatus.EXCEPTION)
    elif incident_child.notifications.exists():
        _set_status(incident_child, ChildStatus.NOTIFIED)
    elif incident_child.status != ChildStatus.NOT_REQUIRED:
        _set_status(incident_child, ChildStatus.NOT_REQUIRED, "Resolved without a notification")


def open_exception(
    incident_child: IncidentChild, reason: str, detail: str = "", setting: Setting | None = None
) -> EncompassException:
    """Keep a child who cannot be routed as an open exception, and alert the council once."""
    exception, created = EncompassException.objects.get_or_create(
        incident_child=incident_child,
        reason=reason,
        setting=setting,
        resolved_at__isnull=True,
        defaults={"detail": detail},
    )
    if created and (address := council_address()):
        outbox_enqueue(
            kind="encompass-exception",
            dedupe_key=f"encompass-exception:{exception.pk}",
            to_address=address,
            subject="Operation Encompass: a child's setting needs resolving",
            body=(
                f"A notification could not be sent: {exception.get_reason_display().lower()}"
                f"{f' ({setting.name})' if setting else ''}. Resolve it before the next school day: "
                f"{_link(f'/encompass/exceptions/{exception.pk}/')}\n"
            ),
        )
    return exception


def _recipients(setting: Setting) -> list[User]:
    return [person for person in (setting.key_adult, setting.deputy) if person is not None and person.email]


def _issue(*, actor: User, incident_child: IncidentChild, setting: Setting, now: datetime) -> Notification | None:
    """Create the one notification of this child's incident to this setting and e-mail its key adults; a setting
    with no key adult holds it as an exception. Issuing twice returns the first notification."""
    existing = Notification.objects.filter(incident_child=incident_child, setting=setting).first()
    if existing is not None:
        return existing
    if setting.key_adult_id is None and setting.deputy_id is None:
        open_exception(incident_child, ExceptionReason.NO_KEY_ADULT, f"{setting.name} has no key adult", setting)
        return None
    deadline = calendar_rules.next_open_day_start(selectors.calendar_for(setting), incident_child.incident.occurred_at)
    try:
        with transaction.atomic():
            notification = Notification(
                incident_child=incident_child, setting=setting, deadline_at=deadline, issued_at=now, issued_by=actor
            )
            notification._history_user = actor  # type: ignore[attr-defined]
            notification.save()
    except IntegrityError:  # issued meanwhile by someone else: that one stands
        return Notification.objects.get(incident_child=incident_child, setting=setting)
    if deadline is None:
        open_exception(
            incident_child,
            ExceptionReason.NO_SCHOOL_DAY,
            f"{setting.name}'s calendar has no school day ahead: load its term dates",
            setting,
        )
    _tell_key_adults(
        notification, kind="encompass-notification", subject="Operation Encompass notification", sender=actor
    )
    children_services.event_add(
        actor=actor,
        child=incident_child.child,
        occurred_at=now,
        event_type=EventType.ENCOMPASS_NOTIFICATION,
        significance=Significance.ROUTINE,
        summary=f"{setting.name} told of incident {incident_child.incident.police_reference} (Operation Encompass).",
        source_type="encompass_notification",
        source_id=str(notification.pk),
    )
    return notification


def _tell_key_adults(
    notification: Notification, *, kind: str, subject: str, attempt: str = "", sender: User | None = None
) -> int:
    """E-mail the setting's key adult and deputy a link to the notification; the e-mail names no child."""
    setting = notification.setting
    queued = 0
    for person in _recipients(setting):
        queued += outbox_enqueue(
            kind=kind,
            dedupe_key=f"{kind}:{notification.pk}:{person.pk}{attempt}",
            to_address=person.email,
            recipient=person,
            sender=sender,
            subject=f"{subject} for {setting.name}",
            body=(
                f"Police have told {setting.name} of a domestic abuse incident involving one of your pupils. "
                f"Read it and acknowledge it before {_local(notification.deadline_at)}: "
                f"{_link(f'/encompass/notifications/{notification.pk}/')}\n"
            ),
        )[1]
    return queued


# Exceptions, acknowledgement, resending and chasing


@transaction.atomic
def exception_resolve(
    *,
    actor: User,
    exception: EncompassException,
    setting: Setting | None = None,
    record_enrolment: bool = False,
    resolution: str = "",
    now: datetime | None = None,
) -> EncompassException:
    """Close an exception by telling a setting, or by saying how it was otherwise dealt with."""
    now = now or timezone.now()
    exception = EncompassException.objects.select_for_update().get(pk=exception.pk)
    if exception.resolved_at is not None:
        raise BusinessRuleError("This exception is already resolved.")
    if setting is None and not resolution.strip():
        raise BusinessRuleError(
            "Say how it was resolved.",
            errors={"resolution": ["Choose the setting to tell, or say how the child's school was otherwise told"]},
        )
    incident_child = exception.incident_child
    notification = None
    if setting is not None:
        if not setting.is_active:
            raise BusinessRuleError(
                "The setting is closed.",
                errors={"setting": [f"{setting.name} is no longer open: choose the child's current setting"]},
            )
        if setting.key_adult_id is None and setting.deputy_id is None:
            raise BusinessRuleError(
                "The setting has no key adult.",
                errors={"setting": [f"{setting.name} has no key adult yet: ask the partnership to name one"]},
            )
        if record_enrolment:
            enrolment_add(
                actor=actor,
                child=incident_child.child,
                kind=EducationKind.HOME_EDUCATED if setting.is_home_education else EducationKind.ATTENDS,
                setting=None if setting.is_home_education else setting,
                started_on=timezone.localtime(incident_child.incident.occurred_at).date(),
            )
        notification = _issue(actor=actor, incident_child=incident_child, setting=setting, now=now)
    exception.resolved_at, exception.resolved_by = now, actor
    exception.resolution = resolution.strip() or f"Sent to {setting.name if setting else ''}."
    exception.notification = notification
    exception.version += 1
    exception._history_user = actor  # type: ignore[attr-defined]
    exception.save()
    refresh_status(incident_child)
    return exception


@transaction.atomic
def notification_acknowledge(*, actor: User, notification: Notification, now: datetime | None = None) -> Notification:
    """The key adult confirms the school has the notification; acknowledging again keeps the first time."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.acknowledged_at is not None:
        return notification
    notification.acknowledged_at, notification.acknowledged_by = now or timezone.now(), actor
    notification.version += 1
    notification._history_user = actor  # type: ignore[attr-defined]
    notification.save(update_fields=["acknowledged_at", "acknowledged_by", "version", "updated_at"])
    return notification


@transaction.atomic
def notification_record_support(
    *, actor: User, notification: Notification, expected_version: int, support_offered: str
) -> Notification:
    """Record the support the school offered the child; refused when someone else changed it meanwhile."""
    if not support_offered.strip():
        raise BusinessRuleError(
            "Say what support was offered.", errors={"support_offered": ["Describe the support offered to the child"]}
        )
    now = timezone.now()
    notification.support_offered = support_offered.strip()
    notification.support_recorded_at = now
    fields = ["support_offered", "support_recorded_at"]
    if notification.acknowledged_at is None:  # recording support shows the school has it
        notification.acknowledged_at, notification.acknowledged_by = now, actor
        fields += ["acknowledged_at", "acknowledged_by"]
    notification._history_user = actor  # type: ignore[attr-defined]
    return save_if_current(notification, expected_version=expected_version, fields=fields)


@transaction.atomic
def notification_resend(*, actor: User, notification: Notification) -> Notification:
    """E-mail the key adults again about the same notification; the school never gets a second notification."""
    notification = Notification.objects.select_for_update().select_related("setting").get(pk=notification.pk)
    if notification.acknowledged_at is not None:
        raise BusinessRuleError("The school has already acknowledged this notification, so it is not sent again.")
    if not _recipients(notification.setting):
        raise BusinessRuleError(f"{notification.setting.name} has no key adult with an e-mail address to send to.")
    notification.resent_count += 1
    notification.version += 1
    notification._history_user = actor  # type: ignore[attr-defined]
    notification.save(update_fields=["resent_count", "version", "updated_at"])
    _tell_key_adults(
        notification,
        kind="encompass-resend",
        subject="Operation Encompass notification (sent again)",
        attempt=f":{notification.resent_count}",
        sender=actor,
    )
    return notification


def notification_chase_sweep(*, now: datetime | None = None) -> int:
    """Chase each unacknowledged notification once after its deadline, then escalate it once; idempotent."""
    now = now or timezone.now()
    queued = 0
    chase_before = now - timedelta(hours=django_settings.PARTNERSHIP_ENCOMPASS_CHASE_HOURS)
    late = Notification.objects.filter(
        acknowledged_at__isnull=True, chased_at__isnull=True, deadline_at__lte=chase_before
    ).select_related("setting", "setting__key_adult", "setting__deputy")
    for notification in late:
        with transaction.atomic():
            if Notification.objects.filter(pk=notification.pk, chased_at__isnull=True).update(chased_at=now):
                queued += _tell_key_adults(
                    notification, kind="encompass-chase", subject="Not yet acknowledged: Operation Encompass"
                )
    escalate_before = now - timedelta(hours=django_settings.PARTNERSHIP_ENCOMPASS_ESCALATE_HOURS)
    overdue = Notification.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True, deadline_at__lte=escalate_before
    ).select_related("setting", "issued_by")
    for notification in overdue:
        with transaction.atomic():
            if not Notification.objects.filter(pk=notification.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            body = (
                f"{notification.setting.name} has not acknowledged an Operation Encompass notification due by "
                f"{_local(notification.deadline_at)}. Please make sure the school has it: "
                f"{_link(f'/encompass/notifications/{notification.pk}/')}\n"
            )
            for address, who in ((council_address(), "council"), (notification.issued_by.email, "police")):
                if address:
                    queued += outbox_enqueue(
                        kind="encompass-escalation",
                        dedupe_key=f"encompass-escalation:{notification.pk}:{who}",
                        to_address=address,
                        subject=f"Escalation: {notification.setting.name} has not acknowledged a notification",
                        body=body,
                    )[1]
    return queued


# Import of incidents from the police export


@dataclass(frozen=True)
class ImportResult:
    """What an import did: incidents recorded, references already recorded and skipped, notifications sent."""

    created: int
    skipped: int
    notifications: int


def incidents_import(*, actor: User, text: str, now: datetime | None = None) -> ImportResult:
    """Record every incident in a police CSV export, or none: each row's problems are reported by line."""
    now = now or timezone.now()
    incidents, problems = import_checking.read_incidents(text, now=now)
    if problems:  # refused before any row is tried: a bad row among thousands costs no writes to undo
        raise BusinessRuleError(
            "Nothing was imported: correct these rows and import the file again.",
            errors={"file": sorted_problems(problems)},
        )
    known = {  # references are recorded once whatever their case, so a file seen before is skipped in any case
        ref.casefold()
        for ref in Incident.objects.annotate(folded=Lower("police_reference"))
        .filter(folded__in=[i.police_reference.casefold() for i in incidents])
        .values_list("police_reference", flat=True)
    }
    created = notifications = 0
    try:
        with transaction.atomic():
            for parsed in incidents:
                if parsed.police_reference.casefold() in known:
                    continue
                try:
                    incident = incident_record(
                        actor=actor,
                        police_reference=parsed.police_reference,
                        occurred_at=parsed.occurred_at,
                        place=parsed.place,
                        risk_level=parsed.risk_level,
                        officer_name=parsed.officer_name,
                        circumstances=parsed.circumstances,
                        children=[entry for _, entry in parsed.children],
                        imported=True,
                        now=now,
                    )
                except BusinessRuleError as error:
                    problems.extend(_row_problems(parsed, error))
                    continue
                created += 1
                notifications += Notification.objects.filter(incident_child__incident=incident).count()
            if problems:
                raise _Rollback()
    except _Rollback:
        raise BusinessRuleError(
            "Nothing was imported: correct these rows and import the file again.",
            errors={"file": sorted_problems(problems)},
        ) from None
    return ImportResult(created=created, skipped=len(incidents) - created, notifications=notifications)


class _Rollback(Exception):
    """Undoes a partly done import."""


def _row_problems(parsed: Any, error: BusinessRuleError) -> list[str]:
    """The lines of a parsed incident that a service refused, with its messages."""
    lines = {f"child_{number}": line for number, (line, _) in enumerate(parsed.children, start=1)}
    found: list[str] = []
    for field, messages in (error.errors or {"": [str(error)]}).items():
        line = lines.get(field, parsed.line)
        found.extend(f"line {line}: {message}" for message in messages)
    return found


def sorted_problems(problems: list[str]) -> list[str]:
    """Problems in line order."""
    return sorted(problems, key=lambda p: int(p.split(":")[0].removeprefix("line ")) if p.startswith("line ") else 0)
