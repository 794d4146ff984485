"""API endpoints of the children's records, read through the need-to-know selectors; every view is logged."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent
from partnership.children import selectors
from partnership.children.models import Child
from partnership.children.serializers import ChildDetailSerializer, ChildSerializer


@extend_schema_view(
    list=extend_schema(description="The children whose records the user may read, with cumulative-risk flags."),
    retrieve=extend_schema(description="One child with the chronology, the child's voice and flags."),
)
class ChildViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Children's records: need-to-know by agency involvement; others get 404."""

    serializer_class = ChildSerializer
    queryset = Child.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.child_list(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        children = list(page if page is not None else self.get_queryset())
        access_event_record(
            user=request.user, action=AccessEvent.Action.LIST, object_type="child", purpose="Listed children (API)"
        )
        data = ChildSerializer(children, many=True, context={"flags": selectors.flags_for_children(children)}).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=ChildDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = selectors.child_get(user=request.user, child_id=kwargs["pk"], purpose="Read the child's record (API)")
        context = {
            "flags": selectors.flags_for_children([child]),
            "events": list(selectors.chronology(child=child)),
            "voices": list(selectors.voice_entries(child=child)),
        }
        return Response(ChildDetailSerializer(child, context=context).data)
