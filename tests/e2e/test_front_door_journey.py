"""The front door in the browser: a contact researched by three agencies to a joint decision that opens a strategy
meeting. Every page on the way is checked with axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoServer, DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]

FIND_CHILD = (
    "from partnership.children.models import Child; "
    "c = Child.objects.filter(merged_into=None, date_of_birth__isnull=False).order_by('local_child_id').last(); "
    "print(c.local_child_id)"
)


def as_person(page: Page, sign_in: DemoSignIn, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def return_research(page: Page, contact_path: str, words: str) -> None:
    page.goto("/front-door/research/")
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    page.locator("tbody a").last.click()  # the newest request waits last: the deadline is furthest away
    page.get_by_label("What your agency's records show").fill(words)
    page.get_by_role("button", name="Return to the MASH").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("returned to the MASH")


def test_a_contact_is_researched_by_three_agencies_and_decided_jointly_into_a_strategy_meeting(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    local_id = demo_server.command("manage", "shell", "-c", FIND_CHILD).split()[-1]
    problems: list[str] = []

    as_person(page, sign_in, "frontdoor")
    page.goto("/front-door/")
    problems += axe(page)
    page.get_by_role("button", name="Record a contact").click()
    page.get_by_label("Where the contact came from").select_option("2A")
    page.get_by_label("Referrer's name").fill("Ms Jo Hartley")
    page.get_by_label("Organisation").fill("Wearside Primary School")
    page.get_by_label("Referrer's e-mail (optional)").fill("dsl.wearside@example.org")
    page.get_by_label("Local child IDs of the children (optional)").fill(local_id)
    page.get_by_label("The concern").fill("Came to school with a cut lip; said mum and her boyfriend were fighting.")
    page.get_by_label("A domestic abuse incident is part of this contact").check()
    page.get_by_label("Risk level of the incident (if assessed)").select_option("high")
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contact of")
    contact_path = page.url.removeprefix(demo_server.base_url)
    problems += axe(page)

    page.get_by_label("Red").check()
    page.get_by_label("Why this priority").fill("Injury and disclosure; high-risk incident.")
    for agency in (
        "Durham Constabulary",
        "County Durham and Darlington NHS Foundation Trust",
        "National Probation Service (North East)",
    ):
        page.get_by_label(agency, exact=True).check()
    page.get_by_role("button", name="Open the enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The MASH enquiry is open")
    research = page.get_by_role("table", name="Research by agency")
    for agency in ("Durham Constabulary", "County Durham and Darlington", "National Probation Service"):
        expect(research).to_contain_text(agency)
    problems += axe(page)

    for username, words in (
        ("police", "Two domestic abuse call-outs in six months; the boyfriend has a caution for assault."),
        ("health", "Missed two health visitor appointments for the baby brother."),
        ("probation", "The boyfriend is on licence; his probation officer is not aware he lives there."),
    ):
        as_person(page, sign_in, username)
        return_research(page, contact_path, words)
    problems += axe(page)

    as_person(page, sign_in, "frontdoor")
    page.goto(contact_path)
    expect(page.locator("table")).to_contain_text("the boyfriend has a caution")
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Level 4: child protection").check()
    page.get_by_label("Reasons").fill(
        "Injury with disclosure and a high-risk incident: reasonable cause to suspect harm."
    )
    for agency in ("Durham Constabulary", "County Durham and Darlington NHS Foundation Trust"):
        page.get_by_label(agency, exact=True).last.check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategy meeting about")
    expect(page.locator("body")).to_contain_text("MASH decision")
    problems += axe(page)
    assert not problems, "\n".join(problems)
