"""API representations of agencies, teams and the signed-in person."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.access.models import Agency, Membership, Team, User


class TeamSerializer(serializers.ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ["id", "name"]


class AgencySerializer(serializers.ModelSerializer[Agency]):
    teams = TeamSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "contact_email", "teams"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    agency = serializers.CharField(source="agency.name", read_only=True)
    agency_id = serializers.UUIDField(read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Membership
        fields = ["agency_id", "agency", "team", "role"]


class MeSerializer(serializers.ModelSerializer[User]):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "job_title", "memberships"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict[str, object]]:
        from partnership.access.selectors import active_memberships

        return MembershipSerializer(active_memberships(user), many=True).data  # type: ignore[return-value]
