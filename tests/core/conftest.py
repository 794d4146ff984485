"""Fixtures for the delivery tests: the fake GOV.UK Notify wired into the settings, and a clock that can move on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.notify_server import API_KEY, FakeNotify, NotifyServer


class Clock:
    """Django's idea of now, moved on by a test (the JWTs the client signs keep the real time)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    real_now = timezone.now

    def now() -> datetime:
        return real_now() + moved.offset

    monkeypatch.setattr(timezone, "now", now)
    return moved


@pytest.fixture
def notify(settings: pytest.FixtureRequest) -> Iterator[FakeNotify]:
    """Messages go to a fake Notify on a local port, with a default ((subject)) / ((body)) template."""
    with NotifyServer() as fake:
        fake.default_template = fake.template()
        settings.PARTNERSHIP_EMAIL_DELIVERY = "notify"  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_API_KEY = API_KEY  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_BASE_URL = fake.url  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_TEMPLATE_ID = fake.default_template  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_TEMPLATES = ""  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_REPLY_TO_ID = ""  # type: ignore[attr-defined]
        settings.PARTNERSHIP_NOTIFY_TIMEOUT_SECONDS = 5  # type: ignore[attr-defined]
        settings.PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS = 60  # type: ignore[attr-defined]
        settings.PARTNERSHIP_OUTBOX_RETRY_CAP_SECONDS = 3600  # type: ignore[attr-defined]
        yield fake
