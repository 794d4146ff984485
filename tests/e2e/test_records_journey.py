"""Records management in the browser: the administrator answers a subject access request and works the retention
review, from the home page, with the keyboard-reachable controls and every page checked with axe."""

from __future__ import annotations

import zipfile
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
    "c = Child.objects.filter(merged_into=None).exclude(local_child_id='').order_by('local_child_id').first(); "
    "print(c.local_child_id)"
)


def test_the_administrator_answers_a_subject_access_request(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    local_id = demo_server.command("manage", "shell", "-c", FIND_CHILD).split()[-1]
    problems: list[str] = []
    sign_in(page, "admin")
    page.get_by_role("link", name="Subject access requests").first.click()
    problems += axe(page)

    page.get_by_role("button", name="Search").click()  # nothing entered: the error summary says what is needed
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a local child ID")
    problems += axe(page)

    page.get_by_label("Local child ID").fill(local_id)
    page.get_by_role("button", name="Search").click()
    assert local_id not in page.url, "the search must never put the child's details in the address"
    page.get_by_role("link", name="See what is held about").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    problems += axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download everything held (zip)").click()
    path = download_info.value.path()
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["access-log.csv", "records.json"]
        assert "Subject access request" in archive.read("access-log.csv").decode()
    assert problems == [], "\n".join(problems)


def test_the_administrator_keeps_a_record_past_retention_and_changes_a_period(
    page: Page, sign_in: DemoSignIn, axe: Axe
) -> None:
    problems: list[str] = []
    sign_in(page, "admin")
    page.get_by_role("link", name="Retention review").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems += axe(page)

    page.get_by_role("link", name="Decide").first.click()
    problems += axe(page)
    page.get_by_role("button", name="Continue").click()  # no choice made: told what to do
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to keep the record")
    problems += axe(page)
    page.get_by_label("Keep it for more years").check()
    page.get_by_label("If you keep it: how many more years").fill("2")
    page.get_by_label("Reason for the decision").fill("The family court case is still open.")
    page.get_by_role("button", name="Continue").click()

    page.goto("/records/retention/decisions/")
    expect(page.get_by_role("table")).to_contain_text("The family court case is still open.")
    problems += axe(page)

    page.goto("/records/retention/periods/")
    problems += axe(page)
    page.get_by_role("link", name="Change").first.click()
    problems += axe(page)
    page.get_by_label("Years to keep the record").fill("")
    page.get_by_role("button", name="Save the period").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += axe(page)
    assert problems == [], "\n".join(problems)
