"""A case file audit round in the browser, from its plan to its report: the audit lead plans a round, draws a sample
of one case with a seed and draws it again to the same child, names the independent auditor, opens the round and
assigns the agencies' returns to the auditor; the auditor reads the child's record from the return, grades every
section (the first by keyboard alone), is told which rationale is missing and submits, and is refused the record of
a child outside the sample; the lead agrees the grades beside the agencies' own, makes a recommendation an action in
the plan, completes the round and reads its results and its PDF report. Every page on the way is checked with axe."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_accessibility import tab_to

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoServer, DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]

AUDITOR = "Aude Auditor"
SEED = "12345"
SECTIONS = 7  # the sections of the demo's audit tool

# A case of a completed demo round whose child is in no round still running (so in no sample the auditor may open).
FIND_CASE_OUTSIDE_THE_SAMPLE = """
import json
from partnership.audits.models import RoundCase, RoundState
running = RoundCase.objects.exclude(round__state=RoundState.COMPLETE).values("child_id")
case = (
    RoundCase.objects.filter(round__state=RoundState.COMPLETE)
    .exclude(child_id__in=running)
    .select_related("child")
    .order_by("child__local_child_id")
    .first()
)
print(json.dumps({"id": str(case.pk), "name": f"{case.child.first_name} {case.child.last_name}"}))
"""


def shell_json(demo_server: DemoServer, code: str) -> Any:
    """Run Python in the demo's `manage shell` and read the JSON it printed last (the shell may print notes first)."""
    return json.loads(demo_server.command("manage", "shell", "-c", code).strip().splitlines()[-1])


def skip_to_main_content(page: Page) -> None:
    """As a keyboard user starts on a page: Tab to the skip link and follow it with Enter."""
    page.keyboard.press("Tab")
    expect(page.locator("a.govuk-skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/")


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner")


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, group: str, day: datetime) -> None:
    when = page.get_by_role("group", name=group)
    when.get_by_label("Day").fill(str(day.day))
    when.get_by_label("Month").fill(str(day.month))
    when.get_by_label("Year").fill(str(day.year))


def sampled_case(page: Page) -> tuple[str, str]:
    """The one case in the round page's sample table: the child's name and the stratum it was drawn from."""
    table = page.get_by_role("table", name="1 case you can open")
    row = table.locator("tbody tr")
    expect(row).to_have_count(1)
    return row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text()


def grade_section(page: Page, number: int, grade: str, why: str, reason: str = "Rationale") -> None:
    """Choose a section's grade and write why, with the mouse."""
    page.get_by_role("group", name=f"Grade for section {number}").get_by_label(grade, exact=True).check()
    page.get_by_label(f"{reason} for section {number}", exact=True).fill(why)


def test_a_lead_runs_a_case_file_audit_round_from_its_sample_to_its_report(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    title = f"Domestic abuse: a journey round {secrets.token_hex(3).upper()}"
    today = datetime.now(ZoneInfo("Europe/London"))
    problems: list[str] = []

    # The audit lead plans the round: a first try with nothing filled in shows what is missing.
    sign_in(page, "admin")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case file audits").click()
    expect(heading(page)).to_have_text("Case file audits")
    problems += axe(page)
    page.get_by_role("button", name="Plan a round").click()
    expect(heading(page)).to_have_text("Plan a round")
    problems += axe(page)
    page.get_by_role("button", name="Plan the round").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title for the round")
    problems += axe(page)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Theme", exact=True).fill("Domestic abuse")
    page.get_by_role("group", name="Audit tool").get_by_role("radio").first.check()
    fill_date(page, "Start date", today)
    fill_date(page, "End date", today + timedelta(days=30))
    page.get_by_label("Months to look back").fill("6")
    page.get_by_label("Planned sample size").fill("1")
    page.get_by_role("button", name="Plan the round").click()
    expect(heading(page)).to_have_text(title)
    expect(banner(page)).to_contain_text("The round is planned. Draw its sample next.")
    round_path = urlsplit(page.url).path
    problems += axe(page)

    # The sample of one case, drawn with a seed, then drawn again with the same seed: the same child.
    page.get_by_role("button", name="Draw the sample").click()
    expect(heading(page)).to_have_text("Draw the sample")
    expect(page.get_by_label("Sample size")).to_have_value("1")
    problems += axe(page)
    page.get_by_label("Seed (optional)").fill(SEED)
    page.get_by_role("button", name="Draw the sample").click()
    expect(banner(page)).to_contain_text(f"1 case was drawn at random with seed {SEED}.")
    child, stratum = sampled_case(page)
    assert child.strip() and stratum.strip()
    strata = page.get_by_role("table", name="Cases sampled in each stratum")
    expect(strata.locator("tbody tr", has=page.get_by_role("cell", name=stratum, exact=True))).to_contain_text("1")
    problems += axe(page)
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_label("Seed (optional)").fill(SEED)
    page.get_by_role("button", name="Draw the sample").click()
    expect(banner(page)).to_contain_text(f"1 case was drawn at random with seed {SEED}.")
    assert sampled_case(page) == (child, stratum), "the same seed drew a different child"

    # The independent auditor, then the round opens and each agency involved with the child is asked for a return.
    page.get_by_role("button", name="Add an auditor").click()
    expect(heading(page)).to_have_text("Add an auditor")
    problems += axe(page)
    page.get_by_label("Person").select_option(label=f"{AUDITOR} (Durham Local Safeguarding Children Board)")
    page.get_by_label("From outside the partnership (independent)").check()
    page.get_by_role("button", name="Add the auditor").click()
    expect(banner(page)).to_contain_text(f"{AUDITOR} is an auditor of the round.")
    expect(page.locator("main li", has_text=AUDITOR)).to_contain_text("Independent")
    page.get_by_role("button", name="Open for auditing").click()
    expect(heading(page)).to_have_text("Open the round for auditing")
    expect(page.locator("main")).to_contain_text("The sample has 1 case")
    problems += axe(page)
    page.get_by_role("button", name="Open for auditing").click()
    expect(banner(page)).to_contain_text("The round is open for auditing")
    problems += axe(page)

    # The lead assigns every return of the case to the auditor, from the case page.
    page.get_by_role("table", name="1 case you can open").get_by_role("link", name=child, exact=True).click()
    expect(heading(page)).to_have_text(child)
    case_path = urlsplit(page.url).path
    problems += axe(page)
    return_links = page.get_by_role("link", name=re.compile(r"^Return of "))
    agencies = [name.removeprefix("Return of ") for name in return_links.all_inner_texts()]
    assert agencies, "the open round asked no agency for a return"
    for number, agency in enumerate(agencies):
        page.get_by_role("link", name=f"Return of {agency}", exact=True).click()
        expect(heading(page)).to_have_text(f"Return of {agency}")
        page.get_by_role("link", name="Assign the return").click()
        expect(heading(page)).to_have_text("Assign the return")
        if number == 0:
            problems += axe(page)
        page.get_by_label("Who should complete the return").select_option(label=AUDITOR)
        page.get_by_role("button", name="Assign the return").click()
        expect(banner(page)).to_contain_text(f"The return is assigned to {AUDITOR}, who is sent an e-mail.")
        if number == 0:
            problems += axe(page)
        page.goto(case_path)
    sign_out(page)

    # The auditor finds the returns, reads the child's record from the first, grades it and submits it.
    sign_in(page, "auditor")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case file audits").click()
    ours = page.get_by_role("link", name=re.compile(f" for {re.escape(title)}$"))
    expect(ours).to_have_count(len(agencies))
    problems += axe(page)
    for number, agency in enumerate(agencies):
        page.get_by_role("link", name=re.compile(f" of {re.escape(agency)} for {re.escape(title)}$")).click()
        expect(heading(page)).to_have_text(f"Return of {agency}")
        if number == 0:
            problems += axe(page)
            grade_first_return_by_keyboard(page, agency, child, problems, axe)
        else:
            for section in range(1, SECTIONS + 1):
                grade_section(page, section, "Good", f"Section {section}: the {agency} record shows good work.")
            page.get_by_role("button", name="Submit the return").click()
        expect(banner(page)).to_contain_text(f"The return of {agency} is submitted.")
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case file audits").click()
    expect(ours).to_have_count(0)

    # A child outside the auditor's sample: their record answers 404, exactly like a page that does not exist.
    other = shell_json(demo_server, FIND_CASE_OUTSIDE_THE_SAMPLE)
    response = page.goto(f"/audits/cases/{other['id']}/record/")
    assert response is not None
    assert response.status == 404, "the auditor opened the record of a child outside their sample"
    expect(heading(page)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(other["name"])
    problems += axe(page)
    sign_out(page)

    # The lead moves the round to moderation and agrees each section's grade beside the agencies' own.
    sign_in(page, "admin")
    page.goto(round_path)
    page.get_by_role("button", name="Begin moderation").click()
    expect(heading(page)).to_have_text("Begin moderation")
    problems += axe(page)
    page.get_by_role("button", name="Begin moderation").click()
    expect(banner(page)).to_contain_text("The round is in moderation.")
    page.get_by_role("table", name="1 case you can open").get_by_role("link", name=child, exact=True).click()
    grades = page.get_by_role("table", name="Grades by section")
    expect(grades.locator("tbody tr").first).to_contain_text("Outstanding")  # the first return's keyboard grade
    problems += axe(page)
    page.get_by_role("link", name="Agree grades", exact=True).click()
    expect(heading(page)).to_have_text("Agree grades")
    first_section = page.locator(".govuk-summary-list").first
    expect(first_section).to_contain_text(agencies[0])
    expect(first_section).to_contain_text("Outstanding")
    problems += axe(page)
    for section in range(1, SECTIONS + 1):
        why = f"Agreed at the session: section {section} was good across the agencies."
        grade_section(page, section, "Good", why, reason="Reason for the agreed grade")
    learning = "The school heard about the incident the next morning and the child's words shaped the plan."
    page.get_by_label("What the partnership learned").fill(learning)
    page.get_by_role("button", name="Record the agreed grades").click()
    expect(banner(page)).to_contain_text("The agreed grades are recorded.")
    expect(heading(page)).to_have_text(child)
    expect(grades.locator("tbody tr td:last-child")).to_have_text(["Good"] * SECTIONS)
    expect(page.locator("main")).to_contain_text(learning)
    problems += axe(page)

    # A recommendation from the case, made an action of the plan, linked from the round.
    recommendation = f"Police share each incident's log with the child's school by the next morning ({title})."
    page.get_by_role("link", name="Add a recommendation", exact=True).click()
    expect(heading(page)).to_have_text("Add a recommendation")
    problems += axe(page)
    page.get_by_label("What should change").fill(recommendation)
    page.get_by_label("Agency that owns it").select_option(label="Durham Constabulary")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(banner(page)).to_contain_text("The recommendation is recorded.")
    recommendations = page.get_by_role("table", name="Recommendations of the round")
    row = recommendations.locator("tbody tr", has_text=recommendation)
    expect(row).to_contain_text("Durham Constabulary")
    row.get_by_role("link", name=re.compile(r"^Make this an action")).click()
    expect(heading(page)).to_have_text("Make this an action in the plan")
    problems += axe(page)
    page.get_by_label("Theme of the plan").select_option(label="5. Voice of the Child")
    page.get_by_label("Reference").fill("AUD9")
    page.get_by_role("group", name="Timescale").get_by_label("6 months").check()
    page.get_by_label("Expected impact").fill("The next round grades the child's voice good or better.")
    page.get_by_role("button", name="Make it an action").click()
    expect(banner(page)).to_contain_text("The recommendation is now action AUD9 in the plan")
    expect(heading(page)).to_have_text(recommendation)
    expect(page.locator(".govuk-caption-l")).to_contain_text("Action AUD9, theme 5")
    action_path = urlsplit(page.url).path
    assert action_path.startswith("/plan/actions/"), action_path
    page.goto(round_path)
    linked = page.get_by_role("table", name="Recommendations of the round").get_by_role("link", name="Action AUD9")
    expect(linked).to_have_attribute("href", action_path)

    # The round is completed; its results show the agreed grades by section and its report is a PDF.
    page.get_by_role("button", name="Complete the round").click()
    expect(heading(page)).to_have_text("Complete the round")
    expect(page.locator("main")).to_contain_text("Every case has agreed grades.")
    problems += axe(page)
    page.get_by_role("button", name="Complete the round").click()
    expect(banner(page)).to_contain_text("The round is complete.")
    expect(page.locator("main .govuk-summary-list")).to_contain_text("Complete")
    page.get_by_role("link", name="Results of the round").click()
    expect(heading(page)).to_have_text(title)
    by_section = page.get_by_role("table", name="Grades agreed at moderation, by section")
    expect(by_section.locator("tbody tr")).to_have_count(SECTIONS)
    good = [grade.strip() for grade in by_section.locator("thead th").all_inner_texts()].index("Good")
    expect(by_section.locator("tbody tr").first.locator("th, td").nth(good)).to_have_text("1 (100%)")
    problems += axe(page)
    report = page.request.get(f"{round_path}report.pdf")
    assert report.status == 200
    assert report.headers["content-type"] == "application/pdf"
    assert report.body().startswith(b"%PDF")
    assert not problems, "\n".join(problems)


def grade_first_return_by_keyboard(page: Page, agency: str, child: str, problems: list[str], axe: Axe) -> None:
    """From the return: read the child's record and come back, grade section 1 by keyboard alone and the rest with
    the mouse, leave the last rationale out, then put it right from the error summary and submit with Enter."""
    page.get_by_role("link", name="Open the child's record").click()
    expect(heading(page)).to_have_text(child)
    expect(page.get_by_role("table", name=re.compile(r"^Chronology, newest first: \d+ events?$"))).to_be_visible()
    problems += axe(page)
    page.go_back()
    expect(heading(page)).to_have_text(f"Return of {agency}")

    skip_to_main_content(page)
    first_grade = page.get_by_role("group", name="Grade for section 1").get_by_label("Outstanding", exact=True)
    tab_to(page, first_grade)
    page.keyboard.press("Space")
    expect(first_grade).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Rationale for section 1", exact=True)).to_be_focused()
    page.keyboard.type("The risk was recognised on the day and shared with the school.")
    for section in range(2, SECTIONS + 1):
        why = "" if section == SECTIONS else f"Section {section}: the {agency} record shows good work."
        grade_section(page, section, "Good", why)
    page.get_by_role("button", name="Submit the return").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Give the rationale for the grade of section {SECTIONS}")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(first_grade).to_be_checked()  # what was chosen is kept
    problems += axe(page)
    summary.get_by_role("link").click()
    last = page.get_by_label(f"Rationale for section {SECTIONS}", exact=True)
    expect(last).to_be_focused()
    page.keyboard.type("Overall a timely, joined-up response with the child at its centre.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit the return")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="Grades submitted")).to_be_visible()
    problems += axe(page)
