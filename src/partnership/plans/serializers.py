"""API representations of inspections, findings and actions, and the shapes of action changes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.plans.models import Action, Brag, DeliveryStatus, Finding, Inspection
from partnership.plans.rules import quarter_start


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "title",
            "area",
            "fieldwork_start",
            "fieldwork_end",
            "letter_date",
            "inspectorates",
            "deep_dive_theme",
            "plan_start",
            "notes",
            "version",
        ]


class FindingSerializer(serializers.ModelSerializer[Finding]):
    agencies = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "inspection", "reference", "kind", "text", "agencies", "source_reference", "actions", "version"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_agencies(self, finding: Finding) -> list[str]:
        return [agency.name for agency in finding.agencies.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, finding: Finding) -> list[str]:
        return [action.reference for action in finding.actions.all()]


class ActionSerializer(serializers.ModelSerializer[Action]):
    theme_title = serializers.CharField(source="theme.title", read_only=True)
    owner_name = serializers.CharField(read_only=True)
    findings = serializers.SerializerMethodField()
    timescale_revised = serializers.BooleanField(read_only=True)
    brag = serializers.SerializerMethodField()
    brag_reason = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "inspection",
            "reference",
            "title",
            "description",
            "theme",
            "theme_title",
            "findings",
            "owner_agency",
            "owner_group",
            "owner_name",
            "lead",
            "lead_name",
            "timescale_months",
            "original_due_date",
            "current_due_date",
            "timescale_revised",
            "expected_impact",
            "success_measures",
            "status",
            "progress_note",
            "progress_updated_at",
            "brag",
            "brag_reason",
            "brag_override",
            "brag_override_reason",
            "is_illustrative",
            "version",
        ]

    def _rating(self, action: Action) -> Any:
        from partnership.plans.selectors import rate

        today = timezone.localdate()
        return rate(action, today=today, period_start=quarter_start(today))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_findings(self, action: Action) -> list[str]:
        return [finding.reference for finding in action.findings.all()]

    @extend_schema_field(serializers.ChoiceField(choices=Brag.choices, allow_null=True))
    def get_brag(self, action: Action) -> str | None:
        return self._rating(action).colour

    def get_brag_reason(self, action: Action) -> str:
        return self._rating(action).reason


class ActionChangeSerializer(serializers.Serializer[Any]):
    """A PATCH to an action: either progress (status, note, rating by hand) or a revision with its reason."""

    status = serializers.ChoiceField(choices=DeliveryStatus.choices, required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True)
    brag_override = serializers.ChoiceField(choices=Brag.choices, required=False, allow_blank=True)
    brag_override_reason = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    current_due_date = serializers.DateField(required=False)
    lead_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    expected_impact = serializers.CharField(required=False)
    revision_reason = serializers.CharField(required=False, allow_blank=True)

    PROGRESS = ("status", "progress_note", "brag_override", "brag_override_reason")
    REVISION = ("title", "description", "current_due_date", "lead_name", "expected_impact")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        progress = any(name in attrs for name in self.PROGRESS)
        revision = any(name in attrs for name in self.REVISION)
        if progress and revision:
            raise serializers.ValidationError("Send progress and a revision as two separate requests.")
        if not progress and not revision:
            raise serializers.ValidationError("Nothing to change.")
        if revision and not attrs.get("revision_reason", "").strip():
            raise serializers.ValidationError({"revision_reason": "A revision needs a reason."})
        return attrs
