"""API endpoints of the plan: inspections, findings and actions; action edits need If-Match."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.access.guards import signed_in_user
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.problems import problem_response
from partnership.plans import selectors, services
from partnership.plans.models import Action, Brag, DeliveryStatus, Finding, Inspection
from partnership.plans.serializers import (
    ActionChangeSerializer,
    ActionSerializer,
    FindingSerializer,
    InspectionSerializer,
)

ACTION_FILTERS = [
    OpenApiParameter("inspection", OpenApiTypes.UUID, description="Only this inspection's plan"),
    OpenApiParameter("theme", OpenApiTypes.UUID),
    OpenApiParameter("owner", OpenApiTypes.UUID, description="An agency or delivery group"),
    OpenApiParameter("lead", OpenApiTypes.UUID),
    OpenApiParameter("status", OpenApiTypes.STR),
    OpenApiParameter("brag", OpenApiTypes.STR, enum=["red", "amber", "green", "blue"]),
    OpenApiParameter("due_before", OpenApiTypes.DATE),
]


def check_filters(params: Any) -> None:
    """Refuse filters that are not identifiers, statuses or ratings, with a message per filter."""
    problems: dict[str, str] = {}
    for name in ("inspection", "theme", "owner", "lead"):
        if params.get(name):
            try:
                uuid.UUID(params[name])
            except ValueError:
                problems[name] = "Not a valid identifier."
    if params.get("status") and params["status"] not in DeliveryStatus.values:
        problems["status"] = f"Use one of: {', '.join(DeliveryStatus.values)}."
    if params.get("brag") and params["brag"] not in Brag.values:
        problems["brag"] = f"Use one of: {', '.join(Brag.values)}."
    if problems:
        raise ValidationError(problems)


def parse_if_match(header: str | None) -> int | None:
    """The version named by an If-Match header such as '"3"' or 'W/"3"', or None."""
    if not header:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else None


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Inspections and the plans that answer them."""

    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.inspection_list(user=self.request.user)

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.inspection_get(user=self.request.user, inspection_id=self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("inspection", OpenApiTypes.UUID), OpenApiParameter("kind", OpenApiTypes.STR)]
    )
)
class FindingViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Findings of an inspection, with the actions answering each."""

    serializer_class = FindingSerializer
    queryset = Finding.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        inspection = self._inspection()
        return selectors.finding_list(
            user=self.request.user, inspection=inspection, kind=self.request.query_params.get("kind", "")
        )

    def _inspection(self) -> Any:
        inspection_id = self.request.query_params.get("inspection")
        if inspection_id:
            return selectors.inspection_get(user=self.request.user, inspection_id=inspection_id)
        inspection = selectors.current_inspection(user=self.request.user)
        if inspection is None:
            raise NotFound()
        return inspection

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.finding_get(user=self.request.user, finding_id=self.kwargs["pk"])


@extend_schema_view(list=extend_schema(parameters=ACTION_FILTERS))
class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Actions of the plan with their BRAG rating; PATCH records progress or a revision and needs If-Match."""

    serializer_class = ActionSerializer
    queryset = Action.objects.none()  # for the schema only; reads go through the selectors

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        check_filters(params)
        inspection = (
            selectors.inspection_get(user=self.request.user, inspection_id=params["inspection"])
            if params.get("inspection")
            else selectors.current_inspection(user=self.request.user)
        )
        if inspection is None:
            return []
        due_before = parse_date(params["due_before"]) if params.get("due_before") else None
        if params.get("due_before") and due_before is None:
            raise ValidationError({"due_before": "Use a date such as 2019-03-31."})
        filters = selectors.ActionFilters(
            theme=params.get("theme", ""),
            owner=params.get("owner", ""),
            lead=params.get("lead", ""),
            status=params.get("status", ""),
            brag=params.get("brag", ""),
            due_before=due_before,
        )
        rated = selectors.action_list(user=self.request.user, inspection=inspection, filters=filters)
        actions = [item.action for item in rated]
        prefetch_related_objects(actions, "findings")
        return actions

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.action_get(user=self.request.user, action_id=self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        action = self.get_object()
        response = Response(self.get_serializer(action).data)
        response["ETag"] = f'"{action.version}"'
        return response

    @extend_schema(
        request=ActionChangeSerializer,
        responses={
            200: ActionSerializer,
            412: OpenApiResponse(description="The action changed since its version was read"),
            422: OpenApiResponse(description="The action cannot change that way"),
            428: OpenApiResponse(description="If-Match is missing"),
        },
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description='The action\'s version from its ETag, e.g. "3"',
            )
        ],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        action = self.get_object()
        expected = parse_if_match(request.headers.get("If-Match"))
        if expected is None:
            return problem_response(
                status_code=status.HTTP_428_PRECONDITION_REQUIRED,
                title="If-Match required",
                detail="Send the action's version in an If-Match header, as its ETag gives it.",
            )
        change = ActionChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        data = change.validated_data
        user = request.user
        try:
            if "revision_reason" in data and any(name in data for name in ActionChangeSerializer.REVISION):
                if not user.has_perm("plans.revise_action"):
                    raise NotFound()
                proposed = {name: data[name] for name in ActionChangeSerializer.REVISION if name in data}
                services.action_revise(
                    actor=signed_in_user(request),
                    action=action,
                    expected_version=expected,  # type: ignore[arg-type]
                    reason=data["revision_reason"],
                    **proposed,
                )
            else:
                if not user.has_perm("plans.update_progress", action):
                    raise NotFound()
                services.action_record_progress(
                    actor=signed_in_user(request),
                    action=action,
                    expected_version=expected,  # type: ignore[arg-type]
                    status=data.get("status", action.status),
                    progress_note=data.get("progress_note", action.progress_note),
                    brag_override=data.get("brag_override", action.brag_override),
                    brag_override_reason=data.get("brag_override_reason", action.brag_override_reason),
                    may_confirm_impact=user.has_perm("plans.confirm_impact"),
                )
        except StaleVersion:
            return problem_response(
                status_code=status.HTTP_412_PRECONDITION_FAILED,
                title="Stale version",
                detail="Someone else changed this action. Fetch it again and reapply your change.",
            )
        except BusinessRuleError as error:
            return problem_response(status_code=422, title="Not allowed", detail=error.message, errors=error.errors)
        action = self.get_object()
        response = Response(ActionSerializer(action).data)
        response["ETag"] = f'"{action.version}"'
        return response
