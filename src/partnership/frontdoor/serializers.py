"""The front door in the API: contacts with their children and clocks, and MASH enquiries with research."""

from __future__ import annotations

from rest_framework import serializers

from partnership.frontdoor.models import Contact, MashEnquiry, ResearchRequest


class ContactSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    children: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(  # type: ignore[type-arg]
        many=True, read_only=True
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "received_at",
            "source",
            "referrer_organisation",
            "concern",
            "children",
            "domestic_abuse",
            "risk_level",
            "state",
            "decision_due_at",
            "possible_duplicate_of",
            "version",
        ]


class ResearchRequestSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = ResearchRequest
        fields = ["id", "agency", "due_at", "returned_at", "nothing_known", "after_decision", "chased_at"]


class MashEnquirySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    requests = ResearchRequestSerializer(many=True, read_only=True)

    class Meta:
        model = MashEnquiry
        fields = [
            "id",
            "contact",
            "priority",
            "outcome",
            "need_level",
            "decided_at",
            "is_joint",
            "suggested_level",
            "needs_confirmation",
            "confirmed_at",
            "strategy_meeting_id",
            "version",
            "requests",
        ]
