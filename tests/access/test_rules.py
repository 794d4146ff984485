"""Pure rules of sessions and redirects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from partnership.access.rules import safe_next_path, session_expiry_reason

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night the clocks go forward
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)


@pytest.mark.parametrize(
    ("signed_in_minutes_ago", "seen_minutes_ago", "expected"),
    [
        (10, 1, None),
        (60, 29, None),
        (60, 30, "idle"),
        (12 * 60, 0, "absolute"),
        (12 * 60 - 1, 0, None),
        (13 * 60, 45, "absolute"),
    ],
)
def test_session_expiry(signed_in_minutes_ago: int, seen_minutes_ago: int, expected: str | None) -> None:
    reason = session_expiry_reason(
        now=NOW,
        signed_in_at=NOW - timedelta(minutes=signed_in_minutes_ago),
        last_seen_at=NOW - timedelta(minutes=seen_minutes_ago),
        idle=IDLE,
        absolute=ABSOLUTE,
    )
    assert reason == expected


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/plan/", "/plan/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("", "/"),
        (None, "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_only_local_paths_are_followed_after_sign_in(candidate: str | None, expected: str) -> None:
    assert safe_next_path(candidate, default="/") == expected
