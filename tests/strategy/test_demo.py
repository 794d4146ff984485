"""The demo strategy meetings: every state appears, some deadlines are missed, and the figures look like practice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from partnership.access import demo as access_demo
from partnership.access.models import User
from partnership.children import demo as children_demo
from partnership.children.models import ChronologyEvent
from partnership.core.clocks import london_date
from partnership.strategy import demo as strategy_demo
from partnership.strategy.measures import strategy_measures
from partnership.strategy.models import Invitation, MeetingState, StrategyMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings() -> list[StrategyMeeting]:
    access_demo.load()
    children_demo.load()
    strategy_demo.load()
    return list(StrategyMeeting.objects.all())


def test_there_are_meetings_in_every_state_and_some_deadlines_are_missed(meetings: list[StrategyMeeting]) -> None:
    states = Counter(meeting.state for meeting in meetings)
    assert states[MeetingState.CONVENING] == 3
    assert states[MeetingState.HELD] == 2
    assert states[MeetingState.COMPLETED] == 1
    assert states[MeetingState.SHARED] >= 10
    assert StrategyMeeting.objects.filter(state=MeetingState.CONVENING, convene_due_at__lt=timezone.now()).count() == 1
    # Some meetings are held late, some records shared late, and some agencies have not acknowledged the record.
    assert StrategyMeeting.objects.filter(held_at__gt=F("convene_due_at")).exists()
    assert StrategyMeeting.objects.filter(shared_at__gt=F("share_due_at")).exists()
    assert StrategyMeeting.objects.filter(shared_at__lte=F("share_due_at")).exists()
    assert Invitation.objects.filter(shared_at__isnull=False, acknowledged_at__isnull=True).exists()


def test_the_timestamps_are_moved_back_and_the_figures_look_like_practice(meetings: list[StrategyMeeting]) -> None:
    now = timezone.now()
    for meeting in meetings:
        moments = [meeting.threshold_at, meeting.held_at, meeting.completed_at, meeting.shared_at, meeting.created_at]
        assert all(moment <= now for moment in moments if moment is not None), meeting
        assert meeting.threshold_at >= now - timedelta(days=43)
        events = ChronologyEvent.objects.filter(source_type="strategy_meeting", source_id=str(meeting.pk))
        assert events.filter(occurred_at=meeting.threshold_at).count() == meeting.children.count()
        assert all(event.created_at <= now - timedelta(minutes=1) for event in events)
    assert not Invitation.objects.filter(responded_at__gt=now - timedelta(minutes=1)).exists()

    today = london_date(now)
    figures = strategy_measures(user=User.objects.get(username="admin"), start=today - timedelta(days=42), end=today)
    assert figures.meetings == len(meetings)
    assert figures.pct_within_target is not None
    assert 50 < figures.pct_within_target < 100
    assert figures.breaches_open == 1
    assert figures.actions_overdue >= 1
