"""Audit rounds in the API: everyone reads the rounds they may open; the audit lead changes a round and moves it on
with If-Match. A round's own page names the children of the cases the reader may see, so reading it is logged."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, signed_in_user
from partnership.access.models import AccessEvent
from partnership.audits import results, selectors, services
from partnership.audits.models import AuditRound
from partnership.audits.serializers import (
    AuditRoundChangeSerializer,
    AuditRoundDetailSerializer,
    AuditRoundSerializer,
    DrawSampleSerializer,
)
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.problems import problem_response
from partnership.plans.api import parse_if_match

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The round\'s version from its ETag, e.g. "3"',
)
PRECONDITIONS = {
    404: OpenApiResponse(description="No such round, or not the audit lead"),
    412: OpenApiResponse(description="The round changed since its version was read"),
    422: OpenApiResponse(description="The round cannot change that way"),
    428: OpenApiResponse(description="If-Match is missing"),
}


def _write(**fields: Any) -> Any:
    return extend_schema(parameters=[IF_MATCH], responses={200: AuditRoundDetailSerializer, **PRECONDITIONS}, **fields)


@extend_schema_view(
    list=extend_schema(description="The rounds the user may open, latest first, with their sample's strata."),
    retrieve=extend_schema(
        description="A round with its agreed grades per section and the cases the user may see; the read is logged."
    ),
)
class AuditRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Audit rounds: read what the user may open; the audit lead patches and moves a round with If-Match."""

    serializer_class = AuditRoundSerializer
    queryset = AuditRound.objects.none()  # for the schema only; reads go through the selectors
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.visible_rounds(user=self.request.user)

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return AuditRoundSerializer if self.action == "list" else AuditRoundDetailSerializer

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.round_get(user=self.request.user, round_id=self.kwargs["pk"])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rounds = list(page if page is not None else self.get_queryset())
        strata = selectors.rounds_strata(rounds=rounds)
        data = AuditRoundSerializer(rounds, many=True, context={"request": request, "strata": strata}).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _detail(self, request: Request, audit_round: AuditRound) -> Response:
        cases = list(selectors.round_cases_in_full(user=request.user, audit_round=audit_round))
        if cases:
            access_event_record(
                user=request.user,
                action=AccessEvent.Action.VIEW,
                object_type="audit_round",
                object_id=audit_round.pk,
                purpose="Read an audit round and its cases (API)",
            )
        context = {
            "request": request,
            "strata": {audit_round.pk: selectors.round_strata(audit_round=audit_round)},
            "figures": results.round_results(user=request.user, audit_round=audit_round),
            "cases": cases,
        }
        response = Response(AuditRoundDetailSerializer(audit_round, context=context).data)
        response["ETag"] = f'"{audit_round.version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(request, self.get_object())

    def _change(self, request: Request, pk: Any, change: Any) -> Response:
        """Find the round, check the user leads audits and sent If-Match, then check the request's fields and make the
        change (a refused caller learns nothing from the fields' errors), and answer the round as it now is."""
        audit_round = selectors.round_get(user=request.user, round_id=pk)
        require_permission(request, "audits.manage_rounds", audit_round, object_type="audit_round")  # type: ignore[arg-type]
        expected = parse_if_match(request.headers.get("If-Match"))
        if expected is None:
            return problem_response(
                status_code=status.HTTP_428_PRECONDITION_REQUIRED,
                title="If-Match required",
                detail="Send the round's version in an If-Match header, as its ETag gives it.",
            )
        try:
            change(audit_round, expected)
        except StaleVersion:
            return problem_response(
                status_code=status.HTTP_412_PRECONDITION_FAILED,
                title="Stale version",
                detail="Someone else changed this round. Fetch it again and reapply your change.",
            )
        except BusinessRuleError as error:
            return problem_response(status_code=422, title="Not allowed", detail=error.message, errors=error.errors)
        return self._detail(request, selectors.round_get(user=request.user, round_id=pk))

    @_write(request=AuditRoundChangeSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def update(audit_round: AuditRound, expected: int) -> None:
            form = AuditRoundChangeSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            services.round_update(
                actor=signed_in_user(request), audit_round=audit_round, expected_version=expected, **form.validated_data
            )

        return self._change(request, kwargs["pk"], update)

    @_write(request=DrawSampleSerializer, description="Draw the random sample; the same seed draws the same sample.")
    @action(detail=True, methods=["post"], url_path="draw-sample")
    def draw_sample(self, request: Request, pk: str | None = None) -> Response:
        """Draw (or redraw) the round's stratified random sample."""

        def draw(audit_round: AuditRound, expected: int) -> None:
            form = DrawSampleSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            criteria = dict(audit_round.sample_criteria)
            if "months" in data:
                criteria["months"] = data["months"]
            services.round_draw_sample(
                actor=signed_in_user(request),
                audit_round=audit_round,
                expected_version=expected,
                size=data["size"],
                seed=data.get("seed"),
                criteria=criteria,
            )

        return self._change(request, pk, draw)

    @_write(request=None, description="Open the round for auditing and ask the involved agencies for returns.")
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> Response:
        """Open the round for auditing."""
        return self._change(
            request,
            pk,
            lambda r, expected: services.round_open(
                actor=signed_in_user(request), audit_round=r, expected_version=expected
            ),
        )

    @_write(request=None, description="Move the round to moderation once every return is in.")
    @action(detail=True, methods=["post"], url_path="begin-moderation")
    def begin_moderation(self, request: Request, pk: str | None = None) -> Response:
        """Move the round to multi-agency moderation."""
        return self._change(
            request,
            pk,
            lambda r, expected: services.round_begin_moderation(
                actor=signed_in_user(request), audit_round=r, expected_version=expected
            ),
        )

    @_write(request=None, description="Complete the round once every case has agreed grades.")
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Complete the round; its auditors' access ends."""
        return self._change(
            request,
            pk,
            lambda r, expected: services.round_complete(
                actor=signed_in_user(request), audit_round=r, expected_version=expected
            ),
        )
