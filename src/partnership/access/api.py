"""API endpoints for the signed-in person and the agency directory."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnership.access import selectors
from partnership.access.models import Agency
from partnership.access.serializers import AgencySerializer, MeSerializer


class MeView(APIView):
    """The person the request is authenticated as, with their roles."""

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)  # type: ignore[arg-type]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The partnership's agencies and their teams."""

    serializer_class = AgencySerializer
    queryset = Agency.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.agency_list(user=self.request.user)

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.agency_get(user=self.request.user, agency_id=self.kwargs["pk"])
