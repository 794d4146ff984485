"""Agencies, teams, people, their roles, API tokens and the append-only access log."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.core.models import BaseModel


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    DOMESTIC_ABUSE_SERVICE = "domestic_abuse_service", "Domestic abuse service"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    ADMIN = "admin", "Partnership administrator"
    EXECUTIVE = "executive", "Executive member"
    ACTION_LEAD = "action_lead", "Action lead"
    FRONT_DOOR = "front_door", "Front door practitioner"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    ENCOMPASS_OFFICER = "encompass_officer", "Police Encompass officer"
    KEY_ADULT = "key_adult", "School key adult"
    AUDITOR = "auditor", "Auditor"
    VIEWER = "viewer", "Viewer"


class Agency(BaseModel):
    """An organisation in the partnership: the council, the police force, a trust, a school."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    contact_email = models.EmailField(blank=True, help_text="The agency's single point of contact.")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    """A team inside an agency, such as the MASH or a locality social work team."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_unique_name_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class User(AbstractUser):
    """A person who signs in to Partnership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job_title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(BaseModel):
    """A person's role in one agency (and optionally one team); it decides what they may see and do."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.agency}"


class ApiToken(BaseModel):
    """A personal token for an integration: only its SHA-256 hash is kept, and it can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, shown so a person can tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UserSession(models.Model):
    """A signed-in session of a person, so that disabling an account can end every one of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user_id}"


class AccessEvent(models.Model):
    """One entry in the append-only access log: who looked at or was refused what, when and why."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        EXPORT = "export", "Exported"
        REFUSED = "refused", "Refused"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        CHANGE = "change", "Changed"

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    purpose = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accessevent_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("Access events are append-only and cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Access events are append-only and cannot be deleted.")
