"""The measures in the API: an indicator's definition, baseline and target, the rating of its latest value, and its
values for one period kind and breakdown, with small numbers suppressed for readers without child-level access."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.measures.display import shown
from partnership.measures.models import Indicator, IndicatorValue
from partnership.measures.rules import Period


class IndicatorValueSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One period's value for the whole partnership or one breakdown cell, as the reader may see it."""

    period_kind = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    period_label = serializers.CharField()
    breakdown = serializers.CharField(help_text="Empty for the whole partnership, else e.g. agency.")
    breakdown_key = serializers.CharField()
    breakdown_label = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField(help_text="True when the cell counts fewer than 5 and is not shown to you.")
    text = serializers.CharField(help_text='The value as shown on screen, e.g. "85%" or "fewer than 5".')
    brag = serializers.CharField(help_text="red, amber, green, or empty when there is no value or no target.")
    brag_reason = serializers.CharField()
    as_of = serializers.DateField(help_text="The day the value was computed, imported or entered.")


def value_data(indicator: Indicator, row: IndicatorValue, *, small_numbers: bool) -> dict[str, Any]:
    """One stored value as the reader may see it."""
    seen = shown(indicator=indicator, row=row, small_numbers=small_numbers)
    return {
        "period_kind": row.period_kind,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "period_label": Period(row.period_kind, row.period_start, row.period_end).label,
        "breakdown": row.breakdown,
        "breakdown_key": row.breakdown_key,
        "breakdown_label": row.breakdown_label,
        "value": seen.value,
        "numerator": seen.numerator,
        "denominator": seen.denominator,
        "suppressed": seen.suppressed,
        "text": seen.text,
        "brag": seen.colour,
        "brag_reason": seen.reason,
        "as_of": row.as_of,
    }


class IndicatorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An indicator with its latest whole-partnership value and its values for the period kind and breakdown asked.

    Expects `overall` and `cells` (current values, oldest first) prefetched on the indicator, and `small_numbers`
    in the context.
    """

    owner_name = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()
    values = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "key",
            "name",
            "description",
            "numerator",
            "denominator",
            "unit",
            "polarity",
            "source",
            "area",
            "breakdowns",
            "is_priority",
            "owner_name",
            "baseline",
            "baseline_label",
            "target",
            "amber_within",
            "latest",
            "values",
        ]
        read_only_fields = fields

    def _small_numbers(self) -> bool:
        return bool(self.context.get("small_numbers", False))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner_name(self, indicator: Indicator) -> str | None:
        """Who enters the values of an indicator entered by hand."""
        owner = indicator.owner
        return None if owner is None else owner.get_full_name() or owner.username

    @extend_schema_field(IndicatorValueSerializer(allow_null=True))
    def get_latest(self, indicator: Indicator) -> dict[str, Any] | None:
        """The whole partnership's value of the latest period that has one, rated against the target."""
        overall = indicator.overall  # type: ignore[attr-defined]
        if not overall:
            return None
        return IndicatorValueSerializer(value_data(indicator, overall[-1], small_numbers=self._small_numbers())).data

    @extend_schema_field(IndicatorValueSerializer(many=True))
    def get_values(self, indicator: Indicator) -> list[dict[str, Any]]:
        """Every period's current value for the breakdown asked (the whole partnership unless one is given)."""
        rows = [value_data(indicator, row, small_numbers=self._small_numbers()) for row in indicator.cells]  # type: ignore[attr-defined]
        return IndicatorValueSerializer(rows, many=True).data  # type: ignore[return-value]
