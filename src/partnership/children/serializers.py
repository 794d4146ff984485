"""The children's records in the API: the child, with its chronology, voice and cumulative-risk flags."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from partnership.children.models import Child, ChronologyEvent, VoiceEntry


class ChronologyEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source_agency = serializers.CharField(source="source_agency.name", read_only=True)

    class Meta:
        model = ChronologyEvent
        fields = ["id", "occurred_at", "event_type", "significance", "summary", "source_agency", "source_type"]


class VoiceEntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = VoiceEntry
        fields = ["id", "words", "method", "gathered_on", "gathered_by", "agency"]


class FlagSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    event_ids = serializers.ListField(child=serializers.UUIDField())


class ChildSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A child as listed: identifiers (CIN census names where they are the same) and flags."""

    flags = serializers.SerializerMethodField()
    is_unborn = serializers.BooleanField(read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "is_unborn",
            "gender",
            "ethnicity",
            "nhs_number",
            "upn",
            "local_child_id",
            "household",
            "version",
            "flags",
        ]

    def get_flags(self, child: Child) -> list[dict[str, Any]]:
        flags = self.context.get("flags", {}).get(child.pk, [])
        return FlagSerializer(flags, many=True).data  # type: ignore[return-value]


class ChildDetailSerializer(ChildSerializer):
    """A child with the whole chronology and every voice entry."""

    chronology = serializers.SerializerMethodField()
    voice = serializers.SerializerMethodField()

    class Meta(ChildSerializer.Meta):
        fields = [*ChildSerializer.Meta.fields, "chronology", "voice"]

    def get_chronology(self, child: Child) -> list[dict[str, Any]]:
        return ChronologyEventSerializer(self.context["events"], many=True).data  # type: ignore[return-value]

    def get_voice(self, child: Child) -> list[dict[str, Any]]:
        return VoiceEntrySerializer(self.context["voices"], many=True).data  # type: ignore[return-value]
