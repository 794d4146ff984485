"""The calendar file: it parses, names its method, keeps its UID, and writes every time in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from partnership.core.ical import (
    Attendee,
    MeetingEvent,
    calendar_attachment,
    calendar_text,
    content_type,
    event_uid,
    time_problems,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _sender(settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "Durham Partnership <partnership@durham.example>"


def event(**changes) -> MeetingEvent:
    starts = datetime(2027, 10, 29, 10, 0, tzinfo=LONDON)
    values = {
        "uid": event_uid("strategy", "1234"),
        "sequence": 0,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "summary": "Strategy meeting SM-1234",
        "description": "Dial-in: https://teams.example/join?a=1;b=2,c\nSee https://partnership.example/m/",
        "url": "https://partnership.example/m/",
        "location": "Room 2, Annand House",
        "attendees": (
            Attendee(email="mash@police.example", name="Durham Constabulary"),
            Attendee(email="dsl@hilltop.example", name="Hilltop Primary", required=False),
        ),
    } | changes
    return MeetingEvent(**values)


def test_a_request_parses_with_every_property_a_calendar_needs() -> None:
    text = calendar_text(event(), now=datetime(2027, 10, 1, 12, 0, tzinfo=UTC))
    assert "\r\n" in text and not text.replace("\r\n", "").count("\n")  # CRLF line ends only
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["PRODID"]).startswith("-//Partnership//")
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "strategy-1234@durham.example"
    assert vevent["SEQUENCE"] == 0 and str(vevent["STATUS"]) == "CONFIRMED"
    assert "DTSTART:20271029T090000Z" in text  # 10:00 British Summer Time is 09:00 UTC
    assert "DTEND:20271029T100000Z" in text and "DTSTAMP:20271001T120000Z" in text
    assert "TZID" not in text and "VTIMEZONE" not in text
    assert vevent.decoded("DTSTART") == datetime(2027, 10, 29, 9, 0, tzinfo=UTC)
    assert str(vevent["DESCRIPTION"]) == event().description  # commas, semicolons and new lines survive
    assert str(vevent["LOCATION"]) == "Room 2, Annand House"
    assert str(vevent["ORGANIZER"]) == "mailto:partnership@durham.example"
    assert vevent["ORGANIZER"].params["CN"] == "Durham Partnership"
    police, school = vevent["ATTENDEE"]
    assert str(police) == "mailto:mash@police.example" and police.params["ROLE"] == "REQ-PARTICIPANT"
    assert police.params["RSVP"] == "TRUE" and school.params["ROLE"] == "OPT-PARTICIPANT"


def test_a_cancellation_has_the_same_uid_and_says_cancel_everywhere() -> None:
    cancelled = event(sequence=2, cancelled=True)
    attachment = calendar_attachment(cancelled)
    assert attachment.name == "invite.ics"
    assert attachment.content_type == content_type(cancelled) == "text/calendar; method=CANCEL; charset=UTF-8"
    calendar = Calendar.from_ical(attachment.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == event().uid and vevent["SEQUENCE"] == 2
    assert content_type(event()) == "text/calendar; method=REQUEST; charset=UTF-8"


def test_times_in_the_past_short_or_long_meetings_and_links_that_are_not_https_are_refused() -> None:
    now = datetime(2027, 10, 1, 12, 0, tzinfo=UTC)
    ok = {"starts_at": now + timedelta(days=1), "duration_minutes": 60, "dial_in_link": "https://teams.example/j"}
    assert time_problems(**ok, now=now) == {}
    cases = [
        ({"starts_at": now - timedelta(minutes=1)}, "starts_at"),
        ({"starts_at": None}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 9 * 60}, "duration_minutes"),
        ({"dial_in_link": "http://teams.example/j"}, "dial_in_link"),
        ({"dial_in_link": "javascript:alert(1)"}, "dial_in_link"),
        ({"dial_in_link": "https://"}, "dial_in_link"),
    ]
    for change, field in cases:
        assert set(time_problems(**(ok | change), now=now)) == {field}, change
