"""Every write about people, sign-in, two-factor devices and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Agency, ApiToken, Membership, Team, User, UserSession
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue

TOKEN_PREFIX = "pst_"  # noqa: S105 - a visible marker, not a secret
RECOVERY_CODE_COUNT = 10


def hash_api_token(raw: str) -> str:
    """The SHA-256 digest under which a token is stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def agency_create(*, name: str, kind: str, short_name: str = "", contact_email: str = "") -> Agency:
    """Add an agency to the partnership."""
    return Agency.objects.create(name=name, kind=kind, short_name=short_name, contact_email=contact_email)


@transaction.atomic
def team_create(*, agency: Agency, name: str) -> Team:
    """Add a team to an agency."""
    return Team.objects.create(agency=agency, name=name)


@transaction.atomic
def person_create(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    agency: Agency,
    role: str,
    team: Team | None = None,
    password: str | None = None,
    job_title: str = "",
) -> User:
    """Create a person's account with their first membership; they set up two-factor at first sign-in."""
    if User.objects.filter(username__iexact=username).exists():
        raise BusinessRuleError("That username is already taken.", field="username")
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, job_title=job_title)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, agency=agency, team=team, role=role)
    return user


@transaction.atomic
def person_disable(*, actor: Any, person: User, reason: str) -> User:
    """Disable an account, end every session it has, revoke its API tokens and tell the person."""
    if not reason.strip():
        raise BusinessRuleError("Enter why the account is being disabled.", field="reason")
    if person.pk == actor.pk:
        raise BusinessRuleError("You cannot disable your own account.", field="reason")
    person.is_active = False
    person._change_reason = reason  # type: ignore[attr-defined]
    person.save(update_fields=["is_active"])
    session_keys = list(UserSession.objects.filter(user=person).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    UserSession.objects.filter(user=person).delete()
    ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
    access_event_record(
        user=actor,
        action=AccessEvent.Action.CHANGE,
        object_type="user",
        object_id=person.pk,
        purpose="Account disabled",
    )
    if person.email:
        outbox_enqueue(
            kind="account-disabled",
            dedupe_key=f"account-disabled:{person.pk}:{timezone.now().isoformat()}",
            to_address=person.email,
            recipient=person,
            subject="Your Partnership account has been disabled",
            body="Your Partnership account has been disabled by an administrator. Contact them if this is unexpected.",
        )
    return person


@transaction.atomic
def person_enable(*, actor: Any, person: User, reason: str) -> User:
    """Enable a disabled account again."""
    if not reason.strip():
        raise BusinessRuleError("Enter why the account is being enabled.", field="reason")
    person.is_active = True
    person._change_reason = reason  # type: ignore[attr-defined]
    person.save(update_fields=["is_active"])
    access_event_record(
        user=actor, action=AccessEvent.Action.CHANGE, object_type="user", object_id=person.pk, purpose="Account enabled"
    )
    return person


def session_register(*, user: User, session_key: str) -> None:
    """Remember a new signed-in session of the person so it can be ended if their account is disabled."""
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str | None) -> None:
    """Forget a session that has ended."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Start two-factor enrolment: a new, unconfirmed authenticator for the person."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm an authenticator with a current code, and issue a fresh set of recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise BusinessRuleError("Start setting up two-factor authentication again.", field="code")
    if not device.verify_token(code.strip()):
        raise BusinessRuleError("The code is not right. Enter the 6-digit code your app shows now.", field="code")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user=user)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the person's recovery codes with ten new single-use ones and return them to show once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw value is returned once and only its hash is stored."""
    if not name.strip():
        raise BusinessRuleError("Enter a name for the token, such as the system that will use it.", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:10], key_hash=hash_api_token(raw), expires_at=expires_at
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token so it can no longer be used; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
