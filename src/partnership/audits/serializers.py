"""Audit rounds in the API: the round, its sample's strata, the agreed grades per section (hidden below 5 moderated
cases for readers outside the round) and, on a round's own page, the cases the reader may see."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.audits import results
from partnership.audits.models import AgencyReturn, AuditRound, ReturnState, RoundCase, RoundState


class StratumSerializer(serializers.Serializer):  # type: ignore[type-arg]
    stratum = serializers.CharField()
    cases = serializers.IntegerField()


class GradeCountSerializer(serializers.Serializer):  # type: ignore[type-arg]
    grade = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class SectionResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    number = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="True when fewer than 5 cases were moderated: no figures shown.")
    moderated_cases = serializers.IntegerField(allow_null=True)
    distribution = GradeCountSerializer(many=True, allow_null=True)
    good_or_better_percent = serializers.FloatField(allow_null=True)
    average_score = serializers.FloatField(allow_null=True)


class SectionGradeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    section = serializers.IntegerField(help_text="The number of the tool's section.")
    grade = serializers.CharField()


class ReturnSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state = serializers.CharField(read_only=True, help_text=f"One of: {', '.join(ReturnState.values)}.")
    grades = serializers.SerializerMethodField()

    class Meta:
        model = AgencyReturn
        fields = ["id", "agency", "agency_name", "state", "submitted_at", "grades"]
        read_only_fields = fields

    @extend_schema_field(SectionGradeSerializer(many=True))
    def get_grades(self, agency_return: AgencyReturn) -> list[dict[str, Any]]:
        return [{"section": g.section.number, "grade": g.grade} for g in agency_return.grades.all()]


class CaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    child_name = serializers.SerializerMethodField()
    returns = ReturnSerializer(many=True, read_only=True)
    moderated_grades = serializers.SerializerMethodField()

    class Meta:
        model = RoundCase
        fields = ["id", "child", "child_name", "stratum", "chosen_by", "returns", "moderated_grades"]
        read_only_fields = fields

    def get_child_name(self, case: RoundCase) -> str:
        return f"{case.child.first_name} {case.child.last_name}"

    @extend_schema_field(SectionGradeSerializer(many=True))
    def get_moderated_grades(self, case: RoundCase) -> list[dict[str, Any]]:
        moderation = getattr(case, "moderation", None)
        if moderation is None:
            return []
        return [{"section": g.section.number, "grade": g.grade} for g in moderation.grades.all()]


class AuditRoundSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A round as listed: its tool, state, window, sample and the strata of its sample."""

    tool_name = serializers.CharField(source="tool.name", read_only=True)
    tool_version = serializers.IntegerField(source="tool.version_number", read_only=True)
    state = serializers.CharField(read_only=True, help_text=f"One of: {', '.join(RoundState.values)}.")
    strata = serializers.SerializerMethodField()

    class Meta:
        model = AuditRound
        fields = [
            "id",
            "title",
            "theme",
            "tool",
            "tool_name",
            "tool_version",
            "state",
            "starts_on",
            "ends_on",
            "seed",
            "sample_criteria",
            "sample_size",
            "strata",
            "completed_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(StratumSerializer(many=True))
    def get_strata(self, audit_round: AuditRound) -> list[dict[str, Any]]:
        strata = self.context.get("strata", {}).get(audit_round.pk, [])
        return [{"stratum": name, "cases": count} for name, count in strata]


def section_rows(figures: results.RoundResults) -> list[dict[str, Any]]:
    """The agreed grades of each section as the API gives them; no figures when they are hidden from the reader."""
    return [
        {
            "number": section.number,
            "title": section.title,
            "kind": section.kind,
            "suppressed": not figures.shown,
            "moderated_cases": section.figures.grades if figures.shown else None,
            "distribution": [vars(item) for item in section.figures.distribution] if figures.shown else None,
            "good_or_better_percent": section.figures.good_percent if figures.shown else None,
            "average_score": section.figures.average if figures.shown else None,
        }
        for section in figures.sections
    ]


class AuditRoundDetailSerializer(AuditRoundSerializer):
    """A round on its own: also the agreed grades per section and the cases the reader may see."""

    moderated_cases = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()

    class Meta(AuditRoundSerializer.Meta):
        fields = [*AuditRoundSerializer.Meta.fields, "moderated_cases", "sections", "cases"]
        read_only_fields = fields

    def get_moderated_cases(self, audit_round: AuditRound) -> int | None:
        figures: results.RoundResults = self.context["figures"]
        return figures.moderated_cases if figures.shown else None

    @extend_schema_field(SectionResultSerializer(many=True))
    def get_sections(self, audit_round: AuditRound) -> list[dict[str, Any]]:
        return section_rows(self.context["figures"])

    @extend_schema_field(CaseSerializer(many=True))
    def get_cases(self, audit_round: AuditRound) -> list[dict[str, Any]]:
        return list(CaseSerializer(self.context["cases"], many=True).data)


class AuditRoundChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What the audit lead may change of a round: its title, theme and window."""

    title = serializers.CharField(required=False, max_length=200)
    theme = serializers.CharField(required=False, max_length=200)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class DrawSampleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """How to draw the round's random sample: its size, a seed to draw the same sample again, and the months looked
    back over."""

    size = serializers.IntegerField(min_value=1, max_value=1000)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**62)
    months = serializers.IntegerField(required=False, min_value=1, max_value=60)
