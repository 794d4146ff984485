"""A social worker's day with children's records, in the browser: flags, chronology, voice, risk, break-glass."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoServer, DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]


def test_a_social_worker_reads_a_flagged_record_and_its_chronology_and_starts_a_risk_assessment(
    page: Page, sign_in: DemoSignIn, axe: Axe
) -> None:
    sign_in(page, "socialworker")
    page.get_by_role("link", name="Children", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children")
    problems = axe(page)
    page.get_by_label("Only children with a risk flag").check()
    page.get_by_role("button", name="Apply").click()
    flagged = page.locator("tbody .govuk-tag--red")
    expect(flagged.first).to_be_visible()
    page.locator("tbody tr", has=page.locator(".govuk-tag--red")).first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Cumulative risk")).to_be_visible()
    problems += axe(page)

    page.get_by_role("link", name="The full chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chronology")
    problems += axe(page)
    page.get_by_label("Type of event").select_option("domestic_abuse_incident")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    for text in rows.all_inner_texts():
        assert "Domestic abuse incident" in text
    page.get_by_role("link", name="Back to the record").click()

    page.get_by_role("link", name="Complete a risk assessment").click()
    problems += axe(page)
    page.get_by_role("button").last.click()  # submitting empty shows every unanswered question
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += axe(page)
    assert not problems, "\n".join(problems)


def test_someone_from_an_uninvolved_agency_finds_a_child_and_uses_break_glass(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    local_id = demo_server.command(
        "manage",
        "shell",
        "-c",
        "from partnership.children.models import Child; "
        "print(Child.objects.get(first_name='Kai', last_name='Morrowby').local_child_id)",
    ).split()[-1]  # the shell may print notes of its own first
    sign_in(page, "socialworker")
    page.goto("/children/find/")
    page.get_by_label("Local child ID").fill(local_id)
    page.get_by_role("button", name="Search").click()
    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text("Kai M.")
    expect(card).not_to_contain_text("Morrowby")
    problems = axe(page)
    card.get_by_label("Why do you need this record now?").fill(
        "Kai has arrived at the office with his mother after an incident last night; checking the safety plan."
    )
    card.get_by_role("button", name="Use emergency access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kai Morrowby")
    expect(page.get_by_role("region", name="Emergency access")).to_contain_text("emergency access until")
    problems += axe(page)
    assert not problems, "\n".join(problems)
