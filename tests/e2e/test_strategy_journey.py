"""The inspection's priority action in the browser: a strategy meeting from threshold to acknowledged record.

Four agencies take part: children's social care convenes and chairs, the police attend and send information,
health sends information, and the school cannot attend but says what it knows. Every page is checked with axe.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoServer, DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]

FIND_PUPIL = (
    "from partnership.children.models import Child; "
    "c = Child.objects.filter(involvements__agency__short_name='Wearside Primary', involvements__ended_on=None)"
    ".filter(involvements__agency__short_name='DCC CYPS', involvements__ended_on=None, merged_into=None)"
    ".order_by('local_child_id').first(); print(c.pk)"
)


def as_person(page: Page, sign_in: DemoSignIn, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def open_invitation(page: Page, meeting_url: str) -> None:
    page.goto("/strategy-meetings/")
    page.locator(f"a[href^='{meeting_url}invitations/']").first.click()


def test_a_meeting_walks_from_threshold_to_an_acknowledged_record_with_four_agencies(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    child_id = demo_server.command("manage", "shell", "-c", FIND_PUPIL).split()[-1]
    problems: list[str] = []

    as_person(page, sign_in, "socialworker")
    page.goto(f"/children/{child_id}/")
    page.get_by_role("button", name="Convene a strategy meeting").click()
    problems += axe(page)
    page.get_by_label("Why is there reasonable cause to suspect significant harm?").fill(
        "Police attended a domestic abuse incident overnight; the child has a bruise and says dad pushed her."
    )
    page.get_by_role("button", name="Convene the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategy meeting about")
    meeting_url = page.url.split("?")[0].removeprefix(demo_server.base_url)
    problems += axe(page)

    page.get_by_role("button", name="Set the time").click()
    page.get_by_role("button", name="Set the time and send invitations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    problems += axe(page)
    page.locator(".govuk-error-summary a").first.press("Enter")  # the summary takes a keyboard user to the field
    expect(page.locator("[name=starts_on_0]")).to_be_focused()
    soon = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=ZoneInfo("Europe/London")) + timedelta(hours=2)
    page.fill("[name=starts_on_0]", str(soon.day))
    page.fill("[name=starts_on_1]", str(soon.month))
    page.fill("[name=starts_on_2]", str(soon.year))
    page.fill("[name=starts_time]", soon.strftime("%H:%M"))
    page.get_by_label("Dial-in link (optional)").fill("https://teams.example.org/l/meetup-join/strategy")
    page.get_by_role("button", name="Set the time and send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("agencies are sent the calendar invitation")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to your calendar").click()
    assert download.value.suggested_filename == "invite.ics"
    problems += axe(page)

    as_person(page, sign_in, "police")
    open_invitation(page, meeting_url)
    problems += axe(page)
    page.get_by_label("Attending", exact=True).check()
    page.get_by_label("Who will attend").fill("DS Amy Kerr")
    page.get_by_label("Their job title").fill("Detective sergeant, safeguarding unit")
    page.get_by_role("button", name="Save the reply").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reply is saved")
    page.get_by_label("What your agency knows about the children and family").fill(
        "Three call-outs to the address in a year; father arrested last night."
    )
    page.get_by_role("button", name="Send the information").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your information is sent")

    as_person(page, sign_in, "health")
    open_invitation(page, meeting_url)
    page.get_by_label("What your agency knows about the children and family").fill(
        "Health visitor saw the family last month; no concerns noted then."
    )
    page.get_by_role("button", name="Send the information").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your information is sent")

    as_person(page, sign_in, "keyadult")
    open_invitation(page, meeting_url)
    page.get_by_label("Cannot attend", exact=True).check()
    page.get_by_role("button", name="Save the reply").click()
    page.get_by_label("What your agency knows about the children and family").fill(
        "Attendance 91%; she told her teacher she does not like going home."
    )
    page.get_by_role("button", name="Send the information").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your information is sent")

    as_person(page, sign_in, "socialworker")
    page.goto(meeting_url)
    page.get_by_role("button", name="Write the record").click()
    problems += axe(page)
    london = ZoneInfo("Europe/London")
    held = page.evaluate("Date.now()") / 1000
    when = datetime.fromtimestamp(held, tz=london)  # the threshold was recorded this minute too
    page.fill("[name=held_on_0]", str(when.day))
    page.fill("[name=held_on_1]", str(when.month))
    page.fill("[name=held_on_2]", str(when.year))
    page.fill("[name=held_time]", when.strftime("%H:%M"))
    page.get_by_label("Meeting (in person or video)").check()
    for agency in ("Durham County Council Children's Services", "Durham Constabulary"):
        page.get_by_label(agency, exact=True).check()
    page.get_by_label("Risk analysis").fill("Escalating violence; the child is frightened at home.")
    page.get_by_label("Yes: start a Section 47 enquiry").check()
    page.get_by_label("Joint with the police").check()
    page.locator("textarea[name$='_reason']").fill("Injury with a disclosure, and a pattern of incidents.")
    voice = page.locator("textarea[name$='_voice_summary']")
    if not voice.input_value().strip():
        voice.fill("Said she hides in her room when dad shouts.")
    page.fill("[name=action_1_text]", "Joint visit to the child at school tomorrow")
    page.select_option("[name=action_1_agency]", label="Durham County Council Children's Services")
    page.fill("[name=action_1_person]", "Sam Socialworker")
    due = when + timedelta(days=1)
    page.fill("[name=action_1_due_0]", str(due.day))
    page.fill("[name=action_1_due_1]", str(due.month))
    page.fill("[name=action_1_due_2]", str(due.year))
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The record is saved")
    page.get_by_role("button", name="Sign off the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The record is signed off")
    attended = page.get_by_role("table", name="Agencies invited and what each did")
    expect(attended.get_by_role("row", name="Durham Constabulary")).to_contain_text("Yes")
    expect(attended.get_by_role("row", name="Durham County Council Children's Services")).to_contain_text("Yes")
    page.get_by_role("button", name="Share the record with every agency").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The record is shared with")
    problems += axe(page)

    as_person(page, sign_in, "police")
    open_invitation(page, meeting_url)
    page.get_by_role("button", name="Acknowledge receipt of the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("acknowledged")
    problems += axe(page)
    assert not problems, "\n".join(problems)
