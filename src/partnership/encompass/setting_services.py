"""Operation Encompass settings and their calendars: schools and other settings with their key adults, term
dates and closures, and the notification deadlines a calendar change moves. Enrolments are written with the
incidents, in `services`, because recording an incident can enrol a child."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction

from partnership.access.models import Agency, AgencyKind, Membership, Role, User
from partnership.core.errors import BusinessRuleError
from partnership.core.versioning import save_if_current
from partnership.encompass import calendar_rules, selectors
from partnership.encompass.models import (
    Closure,
    ClosureKind,
    EncompassException,
    ExceptionReason,
    Notification,
    Phase,
    Setting,
    SettingType,
    Term,
)
from partnership.encompass.services import URN, exception_resolve, open_exception, refresh_status


def _check_key_adult(setting: Setting, person: User | None, label: str) -> list[str]:
    if person is None:
        return []
    holds = Membership.objects.filter(user=person, agency=setting.agency, role=Role.KEY_ADULT, is_active=True).exists()
    return [] if holds else [f"The {label} must be a key adult of {setting.agency.name} in the directory"]


@transaction.atomic
def setting_create(
    *,
    actor: User,
    name: str,
    urn: str,
    setting_type: str,
    phase: str,
    contact_email: str = "",
    opens_at: time | None = None,
    own_terms: bool = False,
) -> Setting:
    """Add a school or setting, with the agency its staff sign in under."""
    name, urn = name.strip(), urn.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter the setting's name"]
    if not URN.fullmatch(urn):
        errors["urn"] = ["Enter the unique reference number: 6 digits, as in Get Information about Schools"]
    elif Setting.objects.filter(urn=urn).exists():
        errors["urn"] = ["Another setting already has this URN"]
    if name and Agency.objects.filter(name__iexact=name).exists():
        errors["name"] = ["An agency with this name already exists: add the URN or the place to the name"]
    if setting_type not in SettingType.values:
        errors["setting_type"] = ["Choose the type of setting"]
    if phase not in Phase.values:
        errors["phase"] = ["Choose the phase"]
    if errors:
        raise BusinessRuleError("There is a problem with the setting.", errors=errors)
    agency = Agency(name=name, kind=AgencyKind.EDUCATION, contact_email=contact_email.strip())
    agency._history_user = actor  # type: ignore[attr-defined]
    agency.save()
    setting = Setting(
        name=name,
        urn=urn,
        setting_type=setting_type,
        phase=phase,
        agency=agency,
        opens_at=opens_at,
        own_terms=own_terms,
    )
    setting._history_user = actor  # type: ignore[attr-defined]
    setting.save()
    return setting


@transaction.atomic
def setting_update(
    *,
    actor: User,
    setting: Setting,
    expected_version: int,
    key_adult: User | None,
    deputy: User | None,
    opens_at: time | None,
    own_terms: bool,
    is_active: bool = True,
) -> Setting:
    """Name the key adult and deputy and set the calendar; notifications held for want of a key adult go out."""
    errors = {
        "key_adult": _check_key_adult(setting, key_adult, "key adult"),
        "deputy": _check_key_adult(setting, deputy, "deputy"),
    }
    if key_adult is not None and deputy is not None and key_adult.pk == deputy.pk:
        errors["deputy"].append("The deputy must be someone other than the key adult")
    if any(errors.values()):
        raise BusinessRuleError(
            "There is a problem with the key adults.", errors={field: found for field, found in errors.items() if found}
        )
    calendar_changed = setting.opens_at != opens_at or setting.own_terms != own_terms
    setting.key_adult, setting.deputy = key_adult, deputy
    setting.opens_at, setting.own_terms, setting.is_active = opens_at, own_terms, is_active
    setting._history_user = actor  # type: ignore[attr-defined]
    save_if_current(
        setting,
        expected_version=expected_version,
        fields=["key_adult", "deputy", "opens_at", "own_terms", "is_active"],
    )
    if calendar_changed:
        deadlines_refresh(settings=[setting])
    if key_adult is not None or deputy is not None:
        held = EncompassException.objects.filter(
            setting=setting, reason=ExceptionReason.NO_KEY_ADULT, resolved_at__isnull=True
        ).select_related("incident_child__incident", "incident_child__child")
        for exception in held:
            exception_resolve(
                actor=actor,
                exception=exception,
                setting=setting,
                resolution=f"Sent when {key_adult or deputy} was named for {setting.name}.",
            )
    return setting


@transaction.atomic
def terms_import(*, actor: User, setting: Setting | None, text: str) -> list[Term]:
    """Replace a calendar's term dates with those of a CSV (term_name,first_day,last_day); all or nothing."""
    named, problems = calendar_rules.parse_named_terms(text)
    if problems:
        raise BusinessRuleError(
            "The term dates were not loaded: correct the file and load it again.", errors={"file": problems}
        )
    Term.objects.filter(setting=setting).delete()
    terms = Term.objects.bulk_create(
        [Term(setting=setting, name=name, first_day=first, last_day=last) for name, first, last in named]
    )
    deadlines_refresh(settings=_affected(setting))
    return terms


def _affected(setting: Setting | None) -> list[Setting]:
    """The settings a change to a calendar moves: one setting, or every setting for the council's calendar, whose
    closed days close schools that keep their own terms too (selectors.calendars_for merges them into every
    school's calendar)."""
    if setting is not None:
        return [setting]
    return list(Setting.objects.all())


@transaction.atomic
def closure_add(
    *, actor: User, setting: Setting | None, day: date, kind: str, reason: str = "", now: datetime | None = None
) -> Closure:
    """Close a setting (or every school) on a day; deadlines of notifications not yet acknowledged move with it."""
    errors: dict[str, list[str]] = {}
    if kind not in ClosureKind.values:
        errors["kind"] = ["Choose why the setting is closed"]
    if Closure.objects.filter(setting=setting, day=day).exists():
        errors["day"] = ["This day is already recorded as closed"]
    if errors:
        raise BusinessRuleError("There is a problem with the closure.", errors=errors)
    closure = Closure(setting=setting, day=day, kind=kind, reason=reason.strip(), recorded_by=actor)
    closure._history_user = actor  # type: ignore[attr-defined]
    closure.save()
    deadlines_refresh(settings=_affected(setting), now=now)
    return closure


@transaction.atomic
def closure_remove(*, actor: User, closure: Closure) -> None:
    """Take back a closed day recorded in error."""
    setting = closure.setting
    closure._history_user = actor  # type: ignore[attr-defined]
    closure.delete()
    deadlines_refresh(settings=_affected(setting))


def deadlines_refresh(*, settings: list[Setting], now: datetime | None = None) -> int:
    """Work out again the deadline of each unacknowledged notification to these settings; return how many moved.
    A notification left with no school day ahead is kept as an exception to resolve, as when it was issued."""
    if not settings:
        return 0
    calendars = selectors.calendars_for(settings)
    open_notifications = Notification.objects.filter(setting__in=settings, acknowledged_at__isnull=True).select_related(
        "incident_child__incident", "setting"
    )
    moved = 0
    for notification in open_notifications:
        deadline = calendar_rules.next_open_day_start(
            calendars[notification.setting_id], notification.incident_child.incident.occurred_at
        )
        if deadline != notification.deadline_at:
            notification.deadline_at = deadline
            notification.version += 1
            notification.save(update_fields=["deadline_at", "version", "updated_at"])
            moved += 1
            if deadline is None:
                open_exception(
                    notification.incident_child,
                    ExceptionReason.NO_SCHOOL_DAY,
                    f"{notification.setting.name}'s calendar has no school day ahead: load its term dates",
                    notification.setting,
                )
                refresh_status(notification.incident_child)
    return moved
