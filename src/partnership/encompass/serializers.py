"""Operation Encompass in the API: a school's notification with the minimal content it needs about the child."""

from __future__ import annotations

from rest_framework import serializers

from partnership.encompass.models import Notification


class EncompassNotificationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    police_reference = serializers.CharField(source="incident_child.incident.police_reference", read_only=True)
    incident_occurred_at = serializers.DateTimeField(source="incident_child.incident.occurred_at", read_only=True)
    place = serializers.CharField(source="incident_child.incident.place", read_only=True)
    risk_level = serializers.CharField(source="incident_child.incident.risk_level", read_only=True)
    child = serializers.UUIDField(source="incident_child.child_id", read_only=True)
    child_name = serializers.SerializerMethodField()
    child_date_of_birth = serializers.DateField(source="incident_child.child.date_of_birth", read_only=True)
    present = serializers.BooleanField(source="incident_child.present", read_only=True)
    child_words = serializers.CharField(source="incident_child.child_words", read_only=True)
    setting_name = serializers.CharField(source="setting.name", read_only=True)
    setting_urn = serializers.CharField(source="setting.urn", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "police_reference",
            "incident_occurred_at",
            "place",
            "risk_level",
            "child",
            "child_name",
            "child_date_of_birth",
            "present",
            "child_words",
            "setting",
            "setting_name",
            "setting_urn",
            "deadline_at",
            "issued_at",
            "acknowledged_at",
            "support_offered",
            "resent_count",
            "version",
        ]
        read_only_fields = fields

    def get_child_name(self, notification: Notification) -> str:
        child = notification.incident_child.child
        return f"{child.first_name} {child.last_name}"
