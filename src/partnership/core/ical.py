"""Calendar invitations as iCalendar (RFC 5545) files: one meeting, one event, the same UID for its whole life.

Times are written in UTC (``DTSTART:20271029T090000Z``), never as local times with a TZID. A UTC instant needs no
VTIMEZONE block, so there is nothing for a calendar to misread across a clock change: the instant is the one the
meeting was stored at (``Europe/London`` 10:00 in October is 09:00Z, in November 10:00Z) and Outlook, Google and
Apple calendars show it in each reader's own zone. A TZID would need a VTIMEZONE with the right rules in every
file, which is where Outlook goes wrong; a single meeting never recurs, so UTC loses nothing.

A moved meeting is sent again as METHOD:REQUEST with the same UID and a higher SEQUENCE; a cancelled one as
METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE. Calendars then update or remove the event they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from partnership.core.outbox import Attachment

PRODID = "-//Partnership//Calendar invitations//EN"
FILE_NAME = "invite.ics"
LONGEST_MEETING_MINUTES = 8 * 60


def time_problems(
    *, starts_at: datetime | None, duration_minutes: int | None, dial_in_link: str, now: datetime
) -> dict[str, list[str]]:
    """What is wrong with a meeting's time and dial-in link, by field; empty when invitations can be sent."""
    problems: dict[str, list[str]] = {}
    if starts_at is None:
        problems["starts_at"] = ["Enter the date and time of the meeting"]
    elif starts_at <= now:
        problems["starts_at"] = [
            "The meeting must be in the future: no invitation can be sent for a time that has passed"
        ]
    if duration_minutes is None or not 5 <= duration_minutes <= LONGEST_MEETING_MINUTES:
        problems["duration_minutes"] = [f"Enter how long the meeting lasts: 5 to {LONGEST_MEETING_MINUTES} minutes"]
    if dial_in_link:
        parts = urlsplit(dial_in_link)
        if parts.scheme != "https" or not parts.hostname:
            problems["dial_in_link"] = ["The dial-in link must be a secure web address starting with https://"]
    return problems


def ends_at(starts_at: datetime, duration_minutes: int) -> datetime:
    """When a meeting ends: a duration counted in UTC, so a meeting over a clock change keeps its length."""
    return starts_at.astimezone(UTC) + timedelta(minutes=duration_minutes)


@dataclass(frozen=True)
class Attendee:
    """Someone invited: an e-mail address, an optional name, and whether they are needed or optional."""

    email: str
    name: str = ""
    required: bool = True


@dataclass(frozen=True)
class MeetingEvent:
    """Everything a calendar needs to know about one meeting, at one version of it."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    url: str
    location: str = ""
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)
    cancelled: bool = False

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"


def mail_domain() -> str:
    """The domain of the address the service sends from, which makes UIDs unique to this service."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "partnership.invalid"


def event_uid(kind: str, meeting_id: Any) -> str:
    """The UID of a meeting's event: the same for every version of the meeting, e.g. 'strategy-<uuid>@domain'."""
    return f"{kind}-{meeting_id}@{mail_domain()}"


def content_type(event: MeetingEvent) -> str:
    """The MIME type of the file, naming its method as Outlook expects."""
    return f"text/calendar; method={event.method}; charset=UTF-8"


def _address(email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for name, value in params.items():
        if value:
            address.params[name] = value
    return address


def calendar_text(event: MeetingEvent, *, now: datetime | None = None) -> str:
    """The iCalendar file of one meeting version: a VCALENDAR with one VEVENT, lines ending CRLF."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", event.method)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    if event.location:
        vevent.add("location", vText(event.location))
    vevent.add("url", event.url)
    name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    vevent.add("organizer", _address(sender, CN=name or "Partnership"))
    for attendee in event.attendees:
        vevent.add(
            "attendee",
            _address(
                attendee.email,
                CN=attendee.name,
                CUTYPE="INDIVIDUAL",
                ROLE="REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="FALSE" if event.cancelled else "TRUE",
            ),
        )
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    calendar.add_component(vevent)
    return calendar.to_ical().decode("utf-8")


def calendar_attachment(event: MeetingEvent, *, now: datetime | None = None) -> Attachment:
    """The meeting version as an e-mail attachment named invite.ics."""
    return Attachment(name=FILE_NAME, content_type=content_type(event), content=calendar_text(event, now=now))
