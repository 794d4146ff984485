"""Every read of strategy meetings: the lead agency sees its meetings, invited agencies see theirs."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from partnership.access.selectors import agency_ids_of, is_partnership_wide, viewed_or_404
from partnership.strategy.models import (
    Invitation,
    MeetingAction,
    MeetingChild,
    MeetingState,
    S47Decision,
    StrategyMeeting,
)


def visible_meetings(*, user: Any) -> QuerySet[StrategyMeeting]:
    """Meetings led by the user's agency or to which it is invited (practice roles only)."""
    if user is None or not user.is_authenticated or not user.has_perm("strategy.view_meetings"):
        return StrategyMeeting.objects.none()
    agencies = agency_ids_of(user)
    invited = Invitation.objects.filter(agency_id__in=agencies).values("meeting_id")
    # A subquery rather than a join: no duplicate rows to remove, so the newest meetings are read by index.
    return StrategyMeeting.objects.filter(Q(lead_agency_id__in=agencies) | Q(pk__in=invited))


def meetings_for_figures(*, user: Any) -> QuerySet[StrategyMeeting]:
    """The meetings whose figures the user may see: all of them for the partnership's oversight roles (figures
    only, never a child's name), else the meetings the user's agency led or was invited to."""
    if user is not None and user.is_authenticated and is_partnership_wide(user):
        return StrategyMeeting.objects.all()
    return visible_meetings(user=user)


def meeting_list(*, user: Any, state: str = "") -> QuerySet[StrategyMeeting]:
    """The meetings the user may see, soonest deadline first, with children and invitations loaded."""
    meetings = visible_meetings(user=user).select_related("chair", "lead_agency")
    if state:
        meetings = meetings.filter(state=state)
    return meetings.prefetch_related(
        Prefetch("children", queryset=MeetingChild.objects.select_related("child")),
        Prefetch("invitations", queryset=Invitation.objects.select_related("agency")),
    ).order_by("-threshold_at")


def meeting_register(*, user: Any, state: str = "") -> QuerySet[StrategyMeeting]:
    """The meetings the user may see, for the list page: newest threshold first, with only their children's names
    read beside them (the page shows nothing else of the children and none of the invitations)."""
    meetings = visible_meetings(user=user)
    if state:
        meetings = meetings.filter(state=state)
    names = MeetingChild.objects.select_related("child").only("meeting", "child__first_name", "child__last_name")
    return meetings.prefetch_related(Prefetch("children", queryset=names)).order_by("-threshold_at", "pk")


def meeting_get(*, user: Any, meeting_id: Any, purpose: str) -> StrategyMeeting:
    """One meeting the user may see; the view is logged (it names children)."""
    meeting = viewed_or_404(
        user,
        visible=visible_meetings(user=user).select_related("chair", "lead_agency", "recorded_by", "signed_off_by"),
        everything=StrategyMeeting.objects.all(),
        pk=meeting_id,
        object_type="strategy_meeting",
        purpose=purpose,
    )
    return meeting


def meeting_children(*, meeting: StrategyMeeting) -> QuerySet[MeetingChild]:
    """The children of a meeting with their decisions."""
    return meeting.children.select_related("child", "child__household")


def meeting_invitations(*, meeting: StrategyMeeting) -> QuerySet[Invitation]:
    """Every agency invited, required first."""
    return meeting.invitations.select_related("agency", "acknowledged_by")


def meeting_actions(*, meeting: StrategyMeeting) -> QuerySet[MeetingAction]:
    """The actions agreed, by due date."""
    return meeting.actions.select_related("owner_agency")


def invitation_get(*, user: Any, meeting: StrategyMeeting, agency_id: Any = None) -> Invitation | None:
    """The invitation of the user's own agency to the meeting, if it was invited."""
    agencies = agency_ids_of(user)
    invitations = meeting.invitations.select_related("agency").filter(agency_id__in=agencies)
    return invitations.filter(agency_id=agency_id).first() if agency_id else invitations.first()


def invitations_for(*, user: Any) -> QuerySet[Invitation]:
    """Invitations to the user's agencies that still need something: a reply, information or an acknowledgement."""
    if not user.has_perm("strategy.view_meetings"):
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(agency_id__in=agency_ids_of(user))
        .select_related("meeting", "agency")
        .order_by("-meeting__threshold_at")
    )


# System-level reads for the partnership's indicators: aggregate figures only, never shown row by row.


def meetings_for_indicators() -> QuerySet[StrategyMeeting]:
    """Every strategy meeting that was not cancelled, for computing the partnership's indicators (no user filter)."""
    return StrategyMeeting.objects.exclude(state=MeetingState.CANCELLED)


def meeting_children_for_indicators() -> QuerySet[MeetingChild]:
    """Every child's part in a strategy meeting that was not cancelled, for computing the partnership's indicators."""
    return MeetingChild.objects.exclude(meeting__state=MeetingState.CANCELLED)


def invitations_for_indicators() -> QuerySet[Invitation]:
    """Every invitation to a strategy meeting that was not cancelled, for computing the partnership's indicators."""
    return Invitation.objects.exclude(meeting__state=MeetingState.CANCELLED)


# System-level reads for the Annex A export on the command line: a child is known only by the council's ID.


def s47_children_for_annex_a() -> QuerySet[MeetingChild]:
    """Every child for whom a strategy meeting that was held, and not cancelled, decided to start a Section 47
    enquiry, for the Annex A export of List 5 (no user filter: a system task run on the command line)."""
    return MeetingChild.objects.exclude(meeting__state=MeetingState.CANCELLED).filter(
        meeting__held_at__isnull=False, s47=S47Decision.YES
    )
