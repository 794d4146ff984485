"""Operation Encompass in the browser: a police officer records last night's incident, the child's school is told, and
its key adult reads, acknowledges and records the support offered, seeing no other school's children. Every page on
the way is checked with axe."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import tab_to

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoServer, DemoSignIn

pytestmark = pytest.mark.e2e

Axe = Callable[[Page], list[str]]

SCHOOL = "Wearside Primary School"

# A child who attends Wearside Primary (whose key adult is the demo `keyadult`) and nowhere else today, and who is on
# no incident yet, so their name in the school's inbox can only be this journey's notification.
FIND_CHILD = """
import json
from django.db.models import Q
from django.utils import timezone
from partnership.encompass.models import Enrolment
today = timezone.localdate()
current = Enrolment.objects.filter(started_on__lte=today).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
enrolment = (
    current.filter(kind="attends", setting__key_adult__username="keyadult")
    .filter(child__merged_into=None, child__date_of_birth__isnull=False, child__encompass_incidents=None)
    .select_related("child")
    .order_by("child__local_child_id")
)
child = next(e.child for e in enrolment if current.filter(child=e.child).count() == 1)
print(json.dumps({"first_name": child.first_name, "last_name": child.last_name,
                  "date_of_birth": child.date_of_birth.isoformat(), "local_child_id": child.local_child_id}))
"""

# A notification to a setting the key adult does not work for, about a child with no notification to their school
# and whose name is not that of any child their school was told about.
FIND_OTHER_SCHOOLS_NOTIFICATION = """
import json
from partnership.access.models import Membership
from partnership.encompass.models import Notification
own = Membership.objects.filter(user__username="keyadult", is_active=True).values("agency")
ours = Notification.objects.filter(setting__agency__in=own).select_related("incident_child__child")
names = {(n.incident_child.child.first_name, n.incident_child.child.last_name) for n in ours}
others = (
    Notification.objects.exclude(setting__agency__in=own)
    .exclude(incident_child__child__encompass_incidents__notifications__in=ours)
    .select_related("incident_child__child", "setting")
    .order_by("issued_at")
)
other = next(n for n in others if (n.incident_child.child.first_name, n.incident_child.child.last_name) not in names)
child = other.incident_child.child
print(json.dumps({"id": str(other.pk), "name": f"{child.first_name} {child.last_name}", "setting": other.setting.name}))
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


def test_an_officer_records_an_incident_and_the_key_adult_acknowledges_it_and_records_support(
    page: Page, sign_in: DemoSignIn, axe: Axe, demo_server: DemoServer
) -> None:
    child = shell_json(demo_server, FIND_CHILD)
    other = shell_json(demo_server, FIND_OTHER_SCHOOLS_NOTIFICATION)
    name = f"{child['first_name']} {child['last_name']}"
    born = datetime.fromisoformat(child["date_of_birth"])
    reference = f"E2E/{secrets.token_hex(4).upper()}"
    occurred = datetime.now(ZoneInfo("Europe/London")) - timedelta(hours=1)  # within the last hour: always past
    words = "Mummy was crying and I hid under the bed with my teddy."
    circumstances = "Verbal argument between the adults; the child was upstairs. No injuries seen."
    support = "A quiet check-in with Mrs Hale at the start of the day, and a place in the nurture room at lunch."
    problems: list[str] = []

    # The police Encompass officer records the incident and the child, and the school is told at once.
    sign_in(page, "encompass")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Operation Encompass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Operation Encompass")
    problems += axe(page)
    page.get_by_role("button", name="Record an incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an incident")
    problems += axe(page)

    page.get_by_label("Police reference").fill(reference)
    when = page.get_by_role("group", name="Date of the incident")
    when.get_by_label("Day").fill(str(occurred.day))
    when.get_by_label("Month").fill(str(occurred.month))
    when.get_by_label("Year").fill(str(occurred.year))
    page.get_by_label("Time of the incident").fill(occurred.strftime("%H:%M"))
    page.get_by_label("Where it happened").fill("The family home")
    page.get_by_role("group", name="Risk level").get_by_label("Medium").check()
    page.get_by_label("Circumstances (optional)").fill(circumstances)
    page.get_by_label("Officer who attended").fill("PC Dana Whitfield 4471")
    first = page.get_by_role("group", name="Child 1", exact=True)
    first.get_by_label("First name").fill(child["first_name"])
    first.get_by_label("Last name").fill(child["last_name"])
    birthday = first.get_by_role("group", name="Date of birth")
    birthday.get_by_label("Day").fill(str(born.day))
    birthday.get_by_label("Month").fill(str(born.month))
    birthday.get_by_label("Year").fill(str(born.year))
    first.get_by_label("Local child ID (optional)").fill(child["local_child_id"])
    first.get_by_role("group", name="Was the child there at the time?").get_by_label("Yes").check()
    first.get_by_label("What the child said (optional)").fill(words)
    page.get_by_role("button", name="Record the incident and tell the schools").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Incident {reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Incident {reference} is recorded: 1 setting was told and 0 exceptions are open."
    )
    expect(page.get_by_role("heading", level=3, name=name)).to_be_visible()
    told = page.get_by_role("table", name=f"Notifications about {name}")
    expect(told.get_by_role("link", name=SCHOOL)).to_be_visible()
    expect(told).to_contain_text("Not yet")  # not acknowledged
    expect(page.locator("main")).to_contain_text(words)
    problems += axe(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sign-in/")

    # The school's key adult finds the child in the inbox and reads only what the school needs.
    sign_in(page, "keyadult")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Encompass notifications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Notifications for {SCHOOL}")
    inbox_text = page.locator("main").inner_text()
    assert other["name"] not in inbox_text, f"{other['name']} of {other['setting']} is in {SCHOOL}'s inbox"
    row = page.locator("tbody tr", has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Not acknowledged")
    problems += axe(page)
    row.get_by_role("link", name=name, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text(reference)
    expect(summary).to_contain_text(words)
    expect(summary).to_contain_text(circumstances)
    expect(summary).to_contain_text("Medium")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Not yet acknowledged")
    problems += axe(page)

    # With the keyboard alone: acknowledge, then record the support offered.
    skip_to_main_content(page)
    tab_to(page, page.get_by_role("button", name="Acknowledge"))
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The notification is acknowledged.")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    expect(page.locator("main .govuk-tag--green")).to_have_text("Acknowledged")
    problems += axe(page)

    # GOV.UK Frontend moves focus to the success banner, in the main content, so Tab goes on from there.
    expect(page.locator(".govuk-notification-banner--success")).to_be_focused()
    tab_to(page, page.get_by_label("Support offered to the child"))
    page.keyboard.type(support)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Record the support")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The support offered to the child is recorded.")
    expect(page.get_by_label("Support offered to the child")).to_have_value(support)
    expect(page.locator("main")).to_contain_text("Last recorded")
    expect(page.locator("main .govuk-tag--green")).to_have_text("Acknowledged")
    problems += axe(page)

    page.get_by_role("link", name="Back to notifications").click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name=name, exact=True))
    expect(row).to_contain_text("Acknowledged")
    expect(row).not_to_contain_text("Not acknowledged")
    problems += axe(page)

    # Another school's notification is not there for this key adult, even by its address.
    response = page.goto(f"/encompass/notifications/{other['id']}/")
    assert response is not None
    assert response.status == 404, f"{SCHOOL}'s key adult opened a notification to {other['setting']}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(other["name"])
    problems += axe(page)
    assert not problems, "\n".join(problems)
