"""Operation Encompass in the API: officers read every notification, a key adult their own school's and may
acknowledge it; every read is logged, as a notification names a child."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.accesslog import access_event_record
from partnership.access.guards import signed_in_user
from partnership.access.models import AccessEvent
from partnership.encompass import selectors, services
from partnership.encompass.models import Notification
from partnership.encompass.serializers import EncompassNotificationSerializer

OPEN_ONLY = OpenApiParameter("open", bool, description="Only notifications not yet acknowledged (open=1).")


@extend_schema_view(list=extend_schema(parameters=[OPEN_ONLY]))
class EncompassNotificationViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Encompass notifications: every one for an officer, a key adult's own school's; others get an empty list."""

    serializer_class = EncompassNotificationSerializer
    queryset = Notification.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        notifications = selectors.with_content(selectors.visible_notifications(user=self.request.user))
        if self.request.query_params.get("open") in {"1", "true", "yes"}:
            notifications = notifications.filter(acknowledged_at__isnull=True)
        return notifications.order_by("-issued_at", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.LIST,
            object_type="encompass_notification",
            purpose="Listed Encompass notifications (API)",
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notification = selectors.notification_get(
            user=request.user, notification_id=kwargs["pk"], purpose="Read an Encompass notification (API)"
        )
        return Response(EncompassNotificationSerializer(notification).data)

    @extend_schema(request=None, responses=EncompassNotificationSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """The key adult confirms the school has the notification; acknowledging again keeps the first time."""
        notification = selectors.notification_get(
            user=request.user, notification_id=pk, purpose="Acknowledged an Encompass notification (API)"
        )
        if not request.user.has_perm("encompass.acknowledge", notification):
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.REFUSED,
                object_type="encompass_notification",
                object_id=notification.pk,
                purpose="encompass.acknowledge",
            )
            raise Http404()
        services.notification_acknowledge(actor=signed_in_user(request), notification=notification)
        notification = selectors.with_content(selectors.visible_notifications(user=request.user)).get(
            pk=notification.pk
        )
        return Response(EncompassNotificationSerializer(notification).data)
