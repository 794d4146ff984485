"""Every read of agencies, teams, people, tokens and the access log, filtered to what the user may see."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Agency, ApiToken, Membership, Role, Team, User
from partnership.access.rules import DIRECTORY_WIDE_ROLES, PARTNERSHIP_WIDE_ROLES

M = TypeVar("M", bound=Model)

_CACHE_ATTRIBUTE = "_partnership_memberships"


def active_memberships(user: Any) -> list[Membership]:
    """The user's active memberships, loaded once per request and cached on the user object."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
            .select_related("agency", "team")
            .order_by("created_at")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def two_factor_passed(user: Any) -> bool:
    """Whether the user signed in with a second factor in this session."""
    is_verified = getattr(user, "is_verified", None)
    return bool(user is not None and user.is_authenticated and callable(is_verified) and is_verified())


def users_with_email(email: str) -> QuerySet[User]:
    """Every account, active or not, whose e-mail address is this one ignoring case: for matching a single sign-on."""
    return User.objects.filter(email__iexact=email.strip()) if email.strip() else User.objects.none()


def current_membership(user: Any) -> Membership | None:
    """The membership the user acts in: their first active one."""
    memberships = active_memberships(user)
    return memberships[0] if memberships else None


def roles_of(user: Any) -> set[str]:
    """Every role the user holds in any agency."""
    return {membership.role for membership in active_memberships(user)}


def agency_ids_of(user: Any) -> set[Any]:
    """The agencies the user belongs to."""
    return {membership.agency_id for membership in active_memberships(user)}


def agency_ids_where(user: Any, role: str) -> set[Any]:
    """The agencies in which the user holds the role (not their other agencies)."""
    return {membership.agency_id for membership in active_memberships(user) if membership.role == role}


def has_role(user: Any, *roles: str) -> bool:
    """Whether the user holds any of the given roles."""
    return bool(roles_of(user) & set(roles))


def is_partnership_wide(user: Any) -> bool:
    """Whether the user's role spans the whole partnership rather than one agency."""
    return bool(roles_of(user) & PARTNERSHIP_WIDE_ROLES)


def visible_or_404(user: Any, *, visible: QuerySet[M], everything: QuerySet[M], pk: Any, object_type: str) -> M:
    """Return the record if the user may see it; otherwise log a refusal when it exists and answer 404 as if missing."""
    try:
        return visible.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        pass
    try:
        exists = everything.filter(pk=pk).exists()
    except (ValueError, TypeError, ValidationError):
        exists = False
    if exists:
        access_event_record(user=user, action=AccessEvent.Action.REFUSED, object_type=object_type, object_id=pk)
    raise Http404()


def viewed_or_404(
    user: Any, *, visible: QuerySet[M], everything: QuerySet[M], pk: Any, object_type: str, purpose: str
) -> M:
    """As `visible_or_404`, and record in the access log that the user viewed the record, for what purpose."""
    record = visible_or_404(user, visible=visible, everything=everything, pk=pk, object_type=object_type)
    access_event_record(
        user=user, action=AccessEvent.Action.VIEW, object_type=object_type, object_id=record.pk, purpose=purpose
    )
    return record


def agency_list(*, user: Any) -> QuerySet[Agency]:
    """The partnership's agencies: a directory every signed-in user may read."""
    return Agency.objects.filter(is_active=True).prefetch_related("teams").order_by("name")


def agency_get(*, user: Any, agency_id: Any) -> Agency:
    """One agency of the directory."""
    return visible_or_404(
        user, visible=agency_list(user=user), everything=Agency.objects.all(), pk=agency_id, object_type="agency"
    )


def team_list(*, user: Any) -> QuerySet[Team]:
    """Teams the user may open: those of their own agencies, or every team for an administrator."""
    teams = Team.objects.select_related("agency")
    if roles_of(user) & DIRECTORY_WIDE_ROLES:
        return teams
    return teams.filter(agency_id__in=agency_ids_of(user))


def team_get(*, user: Any, team_id: Any) -> Team:
    """One team the user may open, with its members; 404 otherwise."""
    return visible_or_404(
        user, visible=team_list(user=user), everything=Team.objects.all(), pk=team_id, object_type="team"
    )


def person_list(*, user: Any) -> QuerySet[User]:
    """People the user may see: colleagues in their own agencies, or everyone for an administrator."""
    people = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.filter(is_active=True).select_related("agency", "team"))
    )
    if roles_of(user) & DIRECTORY_WIDE_ROLES:
        return people.order_by("last_name", "first_name", "username")
    return people.filter(memberships__agency_id__in=agency_ids_of(user), memberships__is_active=True).distinct()


def person_get(*, user: Any, person_id: Any) -> User:
    """One person the user may see; 404 otherwise."""
    return visible_or_404(
        user, visible=person_list(user=user), everything=User.objects.all(), pk=person_id, object_type="user"
    )


def team_members(*, team: Team) -> QuerySet[Membership]:
    """The active memberships of a team the caller has already been allowed to open."""
    return Membership.objects.filter(team=team, is_active=True).select_related("user").order_by("user__last_name")


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user: Any, token_id: Any) -> ApiToken:
    """One of the user's own API tokens; another person's answers 404."""
    return visible_or_404(
        user, visible=api_token_list(user=user), everything=ApiToken.objects.all(), pk=token_id, object_type="api_token"
    )


def access_event_list(*, user: Any, action: str = "", object_type: str = "") -> QuerySet[AccessEvent]:
    """The access log for an administrator, optionally filtered; nobody else may read it."""
    if not has_role(user, Role.ADMIN):
        raise Http404()
    events = AccessEvent.objects.select_related("user", "agency")
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    return events
