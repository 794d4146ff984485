"""API endpoints of strategy meetings, read through the selectors; every read is logged."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.strategy import selectors
from partnership.strategy.models import Invitation, MeetingAction, StrategyMeeting
from partnership.strategy.serializers import StrategyMeetingSerializer


class StrategyMeetingViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Strategy meetings the user's agency leads or is invited to; others get 404."""

    serializer_class = StrategyMeetingSerializer
    queryset = StrategyMeeting.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.meeting_list(user=self.request.user).prefetch_related(
            Prefetch("actions", queryset=MeetingAction.objects.select_related("owner_agency"))
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.LIST,
            object_type="strategy_meeting",
            purpose="Listed strategy meetings (API)",
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = selectors.meeting_get(user=request.user, meeting_id=kwargs["pk"], purpose="Read a meeting (API)")
        prefetch_related_objects(
            [meeting],
            "children",
            Prefetch("invitations", queryset=Invitation.objects.select_related("agency")),
            Prefetch("actions", queryset=MeetingAction.objects.select_related("owner_agency")),
        )
        return Response(StrategyMeetingSerializer(meeting).data)
