"""Builds strategy meetings for tests without the services' invitations and messages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import Child
from partnership.strategy.models import Invitation, MeetingChild, StrategyMeeting


def build_meeting(*, child: Child, agency: Agency, by: User, invited: list[Agency]) -> StrategyMeeting:
    """A meeting being convened, led by the agency, about the child, inviting the agencies given."""
    threshold = timezone.now() - timedelta(hours=2)
    meeting = StrategyMeeting.objects.create(
        threshold_at=threshold,
        threshold_reason="Injury seen at school",
        recorded_by=by,
        lead_agency=agency,
        chair=by,
        convene_due_at=threshold + timedelta(hours=24),
    )
    MeetingChild.objects.create(meeting=meeting, child=child)
    for invited_agency in invited:
        Invitation.objects.create(meeting=meeting, agency=invited_agency, why="Required", is_required=True)
    return meeting
