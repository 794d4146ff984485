"""Strategy meetings in the API: the clocks, the invitations and what each agency did, decisions and actions."""

from __future__ import annotations

from rest_framework import serializers

from partnership.strategy.models import Invitation, MeetingAction, MeetingChild, StrategyMeeting


class InvitationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "agency",
            "is_required",
            "response",
            "attendee_role",
            "information_at",
            "nothing_known",
            "attended",
            "shared_at",
            "acknowledged_at",
        ]


class MeetingChildSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = MeetingChild
        fields = ["child", "s47", "investigation", "police_investigation", "medical", "legal", "s47_started_on"]


class MeetingActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    owner_agency = serializers.CharField(source="owner_agency.name", read_only=True)

    class Meta:
        model = MeetingAction
        fields = ["id", "text", "owner_agency", "owner_name", "due_on", "done_on"]


class StrategyMeetingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    children = MeetingChildSerializer(many=True, read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)
    lead_agency = serializers.CharField(source="lead_agency.name", read_only=True)

    class Meta:
        model = StrategyMeeting
        fields = [
            "id",
            "state",
            "threshold_at",
            "convene_due_at",
            "scheduled_for",
            "duration_minutes",
            "location",
            "dial_in_link",
            "held_at",
            "mode",
            "completed_at",
            "share_due_at",
            "shared_at",
            "lead_agency",
            "version",
            "children",
            "invitations",
            "actions",
        ]
