"""The measures of impact in the API: every signed-in reader lists the indicators and reads one by its key, with
its values by month, quarter or year and by breakdown; small numbers are suppressed as on screen."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.measures import selectors
from partnership.measures.models import Indicator, PeriodKind
from partnership.measures.serializers import IndicatorSerializer

DEFAULT_KIND = PeriodKind.QUARTER
PERIOD_KIND = OpenApiParameter(
    "period_kind", str, enum=PeriodKind.values, description="The values by month, quarter (the default) or year."
)
BREAKDOWN = OpenApiParameter(
    "breakdown", str, description="The values of one breakdown the indicator offers (e.g. agency); none for the whole."
)
KEY_PATTERN = r"[-a-zA-Z0-9_]+"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="The indicator's key.", pattern=f"^{KEY_PATTERN}$"
)


@extend_schema_view(
    list=extend_schema(parameters=[PERIOD_KIND, BREAKDOWN]),
    retrieve=extend_schema(parameters=[KEY, PERIOD_KIND, BREAKDOWN]),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The partnership's indicators, the priority action's first, with the rating of each one's latest value."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # for the schema only; reads go through the selectors
    lookup_field = "key"
    lookup_value_regex = KEY_PATTERN

    def _period_kind(self) -> str:
        kind = self.request.query_params.get("period_kind", DEFAULT_KIND)
        if kind not in PeriodKind.values:
            raise ValidationError({"period_kind": [f"Choose one of {', '.join(PeriodKind.values)}."]})
        return kind

    def _breakdown(self) -> str:
        return self.request.query_params.get("breakdown", "")

    def get_queryset(self) -> QuerySet[Indicator]:
        kind = self._period_kind()
        return selectors.with_current_values(
            selectors.visible_indicators(user=self.request.user), period_kind=kind, breakdown=self._breakdown()
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "small_numbers": self.request.user.has_perm("measures.view_small_numbers"),
        }

    def _refuse_unknown_breakdown(self, offered: set[str]) -> None:
        breakdown = self._breakdown()
        if breakdown and breakdown not in offered:
            choices = ", ".join(sorted(offered)) or "none"
            raise ValidationError({"breakdown": [f"Not a breakdown offered here. Choose one of: {choices}."]})

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if self._breakdown():
            offered = selectors.visible_indicators(user=request.user).values_list("breakdowns", flat=True)
            self._refuse_unknown_breakdown({name for names in offered for name in names})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        self._refuse_unknown_breakdown(set(indicator.breakdowns))
        return Response(self.get_serializer(indicator).data)
