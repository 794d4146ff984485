"""Every read of Operation Encompass: officers see every incident; a key adult sees their own school's only."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.conf import settings as django_settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.access.models import Role, User
from partnership.access.selectors import agency_ids_where, viewed_or_404, visible_or_404
from partnership.children.models import Child
from partnership.encompass import calendar_rules
from partnership.encompass.models import (
    Closure,
    EncompassException,
    Enrolment,
    Incident,
    IncidentChild,
    Notification,
    Setting,
    SettingType,
    Term,
)


def default_opens_at() -> time:
    """The start of the school day on the council's calendar."""
    return time.fromisoformat(django_settings.PARTNERSHIP_ENCOMPASS_DAY_STARTS)


def council_calendar() -> calendar_rules.SchoolCalendar:
    """The council's default calendar: its terms, the closures of every school, and the start of the day."""
    terms = tuple(Term.objects.filter(setting__isnull=True).values_list("first_day", "last_day"))
    closed = frozenset(Closure.objects.filter(setting__isnull=True).values_list("day", flat=True))
    return calendar_rules.SchoolCalendar(terms=terms, closed_days=closed, opens_at=default_opens_at())


def calendars_for(
    settings: list[Setting], *, default: calendar_rules.SchoolCalendar | None = None
) -> dict[Any, calendar_rules.SchoolCalendar]:
    """Each setting's calendar: the council default with the setting's own terms, closures and start time."""
    default = default or council_calendar()
    ids = [s.pk for s in settings]
    own_terms: dict[Any, list[tuple[date, date]]] = {}
    for setting_id, first, last in Term.objects.filter(setting_id__in=ids).values_list(
        "setting_id", "first_day", "last_day"
    ):
        own_terms.setdefault(setting_id, []).append((first, last))
    closures: dict[Any, set[date]] = {}
    for setting_id, day in Closure.objects.filter(setting_id__in=ids).values_list("setting_id", "day"):
        closures.setdefault(setting_id, set()).add(day)
    calendars = {}
    for setting in settings:
        closed = frozenset(closures.get(setting.pk, ()))
        opens_at = setting.opens_at or default.opens_at
        if setting.setting_type == SettingType.HOME_EDUCATION:
            calendars[setting.pk] = calendar_rules.working_calendar(closed_days=closed, opens_at=opens_at)
            continue
        terms = tuple(sorted(own_terms.get(setting.pk, []))) if setting.own_terms else None
        calendars[setting.pk] = calendar_rules.with_overrides(
            default, terms=terms, closed_days=closed, opens_at=setting.opens_at
        )
    return calendars


def calendar_for(setting: Setting) -> calendar_rules.SchoolCalendar:
    """One setting's calendar."""
    return calendars_for([setting])[setting.pk]


def current_enrolments(*, child: Child, on: date) -> list[Enrolment]:
    """Where the child was educated on a day: every enrolment that had started and not ended."""
    return list(
        Enrolment.objects.filter(child=child, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("setting", "setting__key_adult", "setting__deputy")
    )


def home_education_team() -> Setting | None:
    """The council's elective home education team, told instead of a school for a home-educated child."""
    return Setting.objects.filter(setting_type=SettingType.HOME_EDUCATION, is_active=True).order_by("name").first()


# Incidents, for police Encompass officers


def visible_incidents(*, user: Any) -> QuerySet[Incident]:
    """Every incident, for Encompass officers; nothing for anyone else."""
    if user is None or not user.is_authenticated or not user.has_perm("encompass.record_incident"):
        return Incident.objects.none()
    return Incident.objects.all()


def incident_list(*, user: Any, search: str = "") -> QuerySet[Incident]:
    """Incidents, newest first, found by police reference, each with how many children it names (counted for the
    incidents read only, so a page of them costs the same after years of incidents)."""
    incidents = visible_incidents(user=user).select_related("recorded_by")
    if search.strip():
        incidents = incidents.filter(police_reference__icontains=search.strip())
    named = IncidentChild.objects.filter(incident=OuterRef("pk")).order_by().values("incident").annotate(n=Count("pk"))
    return incidents.annotate(children_count=Coalesce(Subquery(named.values("n")), 0)).order_by("-occurred_at", "-pk")


def incident_get(*, user: Any, incident_id: Any, purpose: str) -> Incident:
    """One incident with its children; the view is logged, as it names children."""
    incident = viewed_or_404(
        user,
        visible=visible_incidents(user=user).select_related("recorded_by"),
        everything=Incident.objects.all(),
        pk=incident_id,
        object_type="encompass_incident",
        purpose=purpose,
    )
    return incident


def incident_children(*, incident: Incident) -> list[IncidentChild]:
    """The incident's children with their notifications and exceptions."""
    return list(
        incident.children.select_related("child").prefetch_related(
            Prefetch("notifications", queryset=Notification.objects.select_related("setting", "acknowledged_by")),
            Prefetch("exceptions", queryset=EncompassException.objects.select_related("setting", "resolved_by")),
        )
    )


def open_exceptions(*, user: Any) -> QuerySet[EncompassException]:
    """Children not yet routed to a setting, oldest first."""
    if not user.has_perm("encompass.record_incident"):
        return EncompassException.objects.none()
    return (
        EncompassException.objects.filter(resolved_at__isnull=True)
        .select_related("incident_child__incident", "incident_child__child", "setting")
        .order_by("created_at", "pk")
    )


def exception_get(*, user: Any, exception_id: Any) -> EncompassException:
    """One exception, for an officer; the view is logged."""
    visible = (
        EncompassException.objects.all()
        if user.has_perm("encompass.record_incident")
        else EncompassException.objects.none()
    )
    exception = viewed_or_404(
        user,
        visible=visible.select_related("incident_child__incident", "incident_child__child", "setting"),
        everything=EncompassException.objects.all(),
        pk=exception_id,
        object_type="encompass_exception",
        purpose="Resolve an Encompass exception",
    )
    return exception


# Notifications: officers see all; a key adult sees their own school's


def _schools_of(user: Any) -> set[Any]:
    """The agencies where the user is a key adult: another role elsewhere gives no sight of that school's children."""
    return agency_ids_where(user, Role.KEY_ADULT)


def visible_notifications(*, user: Any) -> QuerySet[Notification]:
    """Every notification for an officer; a key adult's own school's; nothing for anyone else."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    if user.has_perm("encompass.record_incident"):
        return Notification.objects.all()
    if user.has_perm("encompass.view_inbox"):
        return Notification.objects.filter(setting__agency_id__in=_schools_of(user))
    return Notification.objects.none()


def with_content(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Notifications with the minimal content a school reads: the child, the incident and the setting."""
    return notifications.select_related(
        "incident_child__child", "incident_child__incident", "setting", "acknowledged_by", "issued_by"
    )


def inbox(*, user: Any, open_only: bool = False) -> QuerySet[Notification]:
    """The key adult's notifications: not yet acknowledged first, soonest deadline first."""
    if not user.has_perm("encompass.view_inbox"):
        return Notification.objects.none()
    notifications = with_content(Notification.objects.filter(setting__agency_id__in=_schools_of(user)))
    if open_only:
        notifications = notifications.filter(acknowledged_at__isnull=True)
    return notifications.order_by(F("acknowledged_at").desc(nulls_first=True), "deadline_at", "-issued_at")


def notification_get(*, user: Any, notification_id: Any, purpose: str) -> Notification:
    """One notification; the view is logged, as it names a child."""
    notification = viewed_or_404(
        user,
        visible=with_content(visible_notifications(user=user)),
        everything=Notification.objects.all(),
        pk=notification_id,
        object_type="encompass_notification",
        purpose=purpose,
    )
    return notification


def overdue_notifications(*, user: Any) -> QuerySet[Notification]:
    """Notifications past their deadline and still not acknowledged, for officers."""
    if not user.has_perm("encompass.record_incident"):
        return Notification.objects.none()
    return with_content(
        Notification.objects.filter(acknowledged_at__isnull=True, deadline_at__lt=timezone.now())
    ).order_by("deadline_at", "pk")


# Settings and calendars


def setting_list(*, user: Any, search: str = "") -> QuerySet[Setting]:
    """Schools and settings, for officers and administrators."""
    if not user.has_perm("encompass.view_settings"):
        return Setting.objects.none()
    settings = Setting.objects.select_related("key_adult", "deputy", "agency")
    if search.strip():
        settings = settings.filter(Q(name__icontains=search.strip()) | Q(urn=search.strip()))
    return settings.order_by("name")


def setting_get(*, user: Any, setting_id: Any) -> Setting:
    """One setting: officers and administrators see any; a key adult their own."""
    if user.has_perm("encompass.view_settings"):
        visible = Setting.objects.all()
    elif user.has_perm("encompass.view_inbox"):
        visible = Setting.objects.filter(agency_id__in=_schools_of(user))
    else:
        visible = Setting.objects.none()
    return visible_or_404(
        user,
        visible=visible.select_related("key_adult", "deputy", "agency"),
        everything=Setting.objects.all(),
        pk=setting_id,
        object_type="encompass_setting",
    )


def settings_of(*, user: Any) -> list[Setting]:
    """The settings a key adult works for."""
    return list(Setting.objects.filter(agency_id__in=_schools_of(user)).order_by("name"))


def terms_of(*, setting: Setting | None) -> QuerySet[Term]:
    """The terms of a setting that keeps its own, or of the council's default calendar."""
    return Term.objects.filter(setting=setting).order_by("first_day")


def closures_of(*, setting: Setting | None, since: date | None = None) -> QuerySet[Closure]:
    """A setting's closed days (or the council's, for every school), from a day on."""
    closures = Closure.objects.filter(setting=setting).select_related("recorded_by")
    if since is not None:
        closures = closures.filter(day__gte=since)
    return closures.order_by("day")


def key_adult_candidates(*, setting: Setting) -> QuerySet[User]:
    """The people with the key adult role at the setting, who may be named its key adult or deputy."""
    return (
        User.objects.filter(
            memberships__agency_id=setting.agency_id, memberships__role=Role.KEY_ADULT, memberships__is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# System-level reads for the partnership's indicators: aggregate figures only, never shown row by row.


def notifications_for_indicators() -> QuerySet[Notification]:
    """Every notification to a setting, for computing the partnership's indicators (no user filter)."""
    return Notification.objects.all()


def exceptions_for_indicators() -> QuerySet[EncompassException]:
    """Every child the system could not route to a setting, for computing the partnership's indicators."""
    return EncompassException.objects.all()
