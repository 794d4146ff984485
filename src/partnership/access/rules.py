"""Pure rules about roles and sessions; no database."""

from __future__ import annotations

from datetime import datetime, timedelta

from partnership.access.models import Role

# Roles whose holders work across the whole partnership rather than inside one agency.
PARTNERSHIP_WIDE_ROLES = frozenset({Role.ADMIN, Role.EXECUTIVE, Role.VIEWER, Role.AUDITOR})

# Roles that may see people and teams of other agencies in the directory.
DIRECTORY_WIDE_ROLES = frozenset({Role.ADMIN})


def session_expiry_reason(
    *, now: datetime, signed_in_at: datetime | None, last_seen_at: datetime | None, idle: timedelta, absolute: timedelta
) -> str | None:
    """Say why a session has ended ("idle" or "absolute"), or None if it is still valid."""
    if signed_in_at is not None and now - signed_in_at >= absolute:
        return "absolute"
    if last_seen_at is not None and now - last_seen_at >= idle:
        return "idle"
    return None


def safe_next_path(candidate: str | None, *, default: str) -> str:
    """Accept only a local absolute path as the place to go after signing in."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return default
    return candidate
