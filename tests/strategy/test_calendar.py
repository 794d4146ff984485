"""Strategy meeting invitations in calendars: booked, moved and cancelled under one UID, right across clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_deliver_pending
from partnership.strategy import scheduling, services
from partnership.strategy.models import StrategyMeeting
from tests.mail_parts import calendar_parts

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month: the UK clocks change at 01:00 UTC on it in March and October."""
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def next_change(month: int) -> date:
    """The next clock change in the month that is at least three days away."""
    today = timezone.localdate()
    year = today.year
    while last_sunday(year, month) - timedelta(days=2) <= today:
        year += 1
    return last_sunday(year, month)


def at_ten(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=LONDON)


def files(meeting: StrategyMeeting, agency_email: str) -> list[tuple[OutboxMessage, Calendar]]:
    """The calendar messages one agency was sent about the meeting, oldest first, with their parsed files."""
    rows = OutboxMessage.objects.filter(kind="strategy-calendar", to_address=agency_email).order_by("created_at")
    return [(row, Calendar.from_ical(row.attachment)) for row in rows]


@pytest.fixture
def meeting(worker, child, council, police, health, school) -> StrategyMeeting:
    return services.meeting_start(
        actor=worker,
        children=[child],
        threshold_at=timezone.now() - timedelta(hours=1),
        threshold_reason="Bruising seen at school",
    )


def schedule(meeting: StrategyMeeting, actor, starts_at: datetime, **changes) -> StrategyMeeting:
    values = {
        "duration_minutes": 90,
        "location": "Room 2, Annand House",
        "dial_in_link": "https://teams.example/l/meetup-join/abc",
        "mode": "meeting",
    } | changes
    return scheduling.meeting_schedule(
        actor=actor, meeting=meeting, expected_version=meeting.version, starts_at=starts_at, **values
    )


def test_booked_moved_over_the_october_change_and_cancelled_under_one_uid(meeting, worker, police) -> None:
    sunday = next_change(10)
    schedule(meeting, worker, at_ten(sunday - timedelta(days=2)))  # Friday, British Summer Time
    schedule(meeting, worker, at_ten(sunday + timedelta(days=1)))  # Monday, Greenwich Mean Time
    scheduling.meeting_unschedule(
        actor=worker, meeting=meeting, expected_version=meeting.version, reason="The police officer is ill"
    )

    sent = files(meeting, police.contact_email)
    assert len(sent) == 3
    events = [calendar.walk("VEVENT")[0] for _, calendar in sent]
    assert [str(c["METHOD"]) for _, c in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert {str(e["UID"]) for e in events} == {f"strategy-{meeting.pk}@example.org"}
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    friday, monday = sunday - timedelta(days=2), sunday + timedelta(days=1)
    assert events[0].decoded("DTSTART") == datetime.combine(friday, time(9, 0), tzinfo=UTC)
    assert events[1].decoded("DTSTART") == datetime.combine(monday, time(10, 0), tzinfo=UTC)
    assert events[2].decoded("DTSTART") == events[1].decoded("DTSTART")  # the cancellation names the event it removes
    assert [e.decoded("DTSTART").astimezone(LONDON).time() for e in events] == [time(10, 0)] * 3  # 10:00 local
    assert events[0].decoded("DTEND") - events[0].decoded("DTSTART") == timedelta(minutes=90)
    for row, _ in sent:
        assert row.sender == worker and row.attachment_name == "invite.ics"
        assert f"/strategy-meetings/{meeting.pk}/" in row.body  # Notify cannot carry the file: the page link can
        for name in ("Robin", "Example"):
            assert name not in row.attachment and name not in row.body and name not in row.subject
    assert "https://teams.example/l/meetup-join/abc" in str(events[0]["DESCRIPTION"])
    assert str(events[0]["LOCATION"]) == "Room 2, Annand House"
    assert sent[2][1].walk("VEVENT")[0]["DESCRIPTION"].count("The police officer is ill") == 1
    meeting.refresh_from_db()
    assert meeting.scheduled_for is None and meeting.calendar_sequence == 2


def test_a_meeting_moved_over_the_march_change_keeps_ten_oclock_local(meeting, worker, police) -> None:
    sunday = next_change(3)
    schedule(meeting, worker, at_ten(sunday - timedelta(days=2)))  # Friday, Greenwich Mean Time
    schedule(meeting, worker, at_ten(sunday + timedelta(days=1)))  # Monday, British Summer Time
    starts = [c.walk("VEVENT")[0].decoded("DTSTART") for _, c in files(meeting, police.contact_email)]
    assert [s.strftime("%H:%MZ") for s in starts] == ["10:00Z", "09:00Z"]


def test_every_invited_agency_gets_each_version_once_and_the_worker_sends_the_file(
    meeting, worker, council, police, health, school, probation
) -> None:
    invited = {i.agency.contact_email for i in meeting.invitations.select_related("agency")}
    assert invited == {council.contact_email, police.contact_email, health.contact_email, school.contact_email}
    schedule(meeting, worker, timezone.now() + timedelta(days=1))
    assert OutboxMessage.objects.filter(kind="strategy-calendar").count() == 4
    scheduling._send_to_all(actor=worker, meeting=meeting)  # the same version again: nothing new is queued
    assert OutboxMessage.objects.filter(kind="strategy-calendar").count() == 4

    services.invitation_add(actor=worker, meeting=meeting, agency=probation, why="Father on licence")
    [(late, calendar)] = files(meeting, probation.contact_email)
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 0 and late.kind == "strategy-calendar"
    attendees = [str(a) for a in calendar.walk("VEVENT")[0]["ATTENDEE"]]
    assert f"mailto:{probation.contact_email}" in attendees and len(attendees) == 5

    mail.outbox.clear()
    assert outbox_deliver_pending() == OutboxMessage.objects.count()
    calendars = [m for m in mail.outbox if m.subject.startswith("Strategy meeting SM-")]
    assert len(calendars) == 5
    for message in calendars:
        [part] = calendar_parts(message)
        assert (part.filename, part.method, part.charset) == ("invite.ics", "REQUEST", "utf-8")
        assert part.content_type_header.lower().count("charset") == 1
        parsed = Calendar.from_ical(part.content)
        assert str(parsed.walk("VEVENT")[0]["UID"]) == f"strategy-{meeting.pk}@example.org"


def test_a_meeting_that_was_held_or_has_no_time_cannot_be_booked_or_cancelled(meeting, worker) -> None:
    from partnership.core.errors import BusinessRuleError

    with pytest.raises(BusinessRuleError):
        scheduling.meeting_unschedule(actor=worker, meeting=meeting, expected_version=meeting.version, reason="x")
    StrategyMeeting.objects.filter(pk=meeting.pk).update(state="held")
    meeting.refresh_from_db()
    with pytest.raises(BusinessRuleError):
        schedule(meeting, worker, timezone.now() + timedelta(days=1))
    assert not OutboxMessage.objects.filter(kind="strategy-calendar").exists()


def test_the_api_shows_the_meetings_time_place_and_dial_in_link(meeting, worker, signed_in) -> None:
    starts = at_ten(timezone.localdate() + timedelta(days=2))
    schedule(meeting, worker, starts)
    row = signed_in(user=worker).get(reverse("api:strategy-meeting-detail", kwargs={"pk": meeting.pk})).json()
    assert row["scheduled_for"] and datetime.fromisoformat(row["scheduled_for"]) == starts
    assert (row["duration_minutes"], row["location"]) == (90, "Room 2, Annand House")
    assert row["dial_in_link"] == "https://teams.example/l/meetup-join/abc"
