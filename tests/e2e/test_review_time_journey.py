"""The executive books a review meeting with a time, moves it and cancels it; every page is checked with axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]


def fill_date(page: Page, name: str, day: datetime) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"[name={name}_{part}]", str(value))


def test_the_executive_books_moves_and_cancels_a_review_meeting_in_the_calendar(
    page: Page, sign_in: DemoSignIn, axe: Axe
) -> None:
    problems: list[str] = []
    sign_in(page, "executive")
    page.goto("/plan/reviews/")
    page.get_by_role("button", name="Set up a review meeting").click()
    next_week = datetime.now(tz=ZoneInfo("Europe/London")) + timedelta(days=7)
    page.get_by_label("Meeting", exact=True).fill("Executive review of the calendar")
    fill_date(page, "held_on", next_week)
    page.get_by_label("Start time (optional)").fill("14:00")
    page.get_by_label("Dial-in link (optional)").fill("https://teams.example.org/l/meetup-join/review")
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.get_by_role("link", name="Add to your calendar")).to_be_visible()
    problems += axe(page)

    page.get_by_role("button", name="Move or cancel the meeting").click()
    problems += axe(page)
    fill_date(page, "held_on", next_week + timedelta(days=1))
    page.get_by_role("button", name="Move the meeting and send the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Everyone invited is sent the calendar")

    page.get_by_role("button", name="Move or cancel the meeting").click()
    page.get_by_role("button", name="Cancel the meeting and tell everyone invited").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the meeting is cancelled")
    problems += axe(page)
    page.get_by_label("Why is the meeting cancelled?").fill("The chair is at the inspection feedback that day.")
    page.get_by_role("button", name="Cancel the meeting and tell everyone invited").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The meeting is cancelled")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the cancellation for your calendar").click()
    assert "METHOD:CANCEL" in download.value.path().read_text()
    problems += axe(page)
    assert not problems, "\n".join(problems)
