"""The meeting's time page and its calendar file: bad input refused with the error summary, downloads access-checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partnership.access.models import Role
from partnership.core.models import OutboxMessage
from partnership.strategy import services
from partnership.strategy.models import StrategyMeeting
from tests.factories import make_person
from tests.formdata import date_fields
from tests.trust import tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(worker, child, council, police, health, school) -> StrategyMeeting:
    return services.meeting_start(
        actor=worker,
        children=[child],
        threshold_at=timezone.now() - timedelta(hours=1),
        threshold_reason="Bruising seen at school",
    )


def form(meeting: StrategyMeeting, starts, **changes) -> dict[str, object]:
    local = timezone.localtime(starts)
    return {
        "form": "schedule",
        "version": meeting.version,
        "starts_time": local.strftime("%H:%M"),
        "duration_minutes": "60",
        "mode": "meeting",
        "location": "Room 2, Annand House",
        "dial_in_link": "https://teams.example/join/1",
        **date_fields("starts_on", local.date()),
    } | changes


def test_the_chair_sets_and_moves_the_time_and_everyone_invited_can_add_it_to_their_calendar(
    signed_in, worker, meeting, police
) -> None:
    chair = signed_in(user=worker)
    url = reverse("strategy:meeting-schedule", kwargs={"meeting_id": meeting.pk})
    page = chair.get(url)
    assert page.status_code == 200 and "Set the meeting" in page.content.decode()
    starts = (timezone.localtime() + timedelta(hours=5)).replace(second=0, microsecond=0)
    done = chair.post(url, form(meeting, starts))
    assert done.status_code == 302
    detail = chair.get(done.url).content.decode()
    assert "4 agencies are sent the calendar invitation" in detail
    assert "Room 2, Annand House" in detail and "https://teams.example/join/1" in detail
    assert "Add to your calendar" in detail and starts.strftime("%H:%M") in detail

    officer = signed_in(user=make_person(Role.FRONT_DOOR, agency=police))
    download = officer.get(reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    assert download["Content-Disposition"] == 'attachment; filename="invite.ics"'
    [vevent] = Calendar.from_ical(download.content).walk("VEVENT")
    assert vevent["SEQUENCE"] == 0 and vevent.decoded("DTSTART") == starts
    assert "Robin" not in download.content.decode()

    meeting.refresh_from_db()
    later = starts + timedelta(days=2)  # after the 24-hour deadline: allowed, with a warning
    moved = chair.post(url, form(meeting, later), follow=True)
    assert "after the deadline to hold the meeting" in moved.content.decode()
    again = officer.get(reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk}))
    [vevent] = Calendar.from_ical(again.content).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1 and vevent.decoded("DTSTART") == later

    meeting.refresh_from_db()
    cancelled = chair.post(url, {"form": "unschedule", "version": meeting.version, "reason": "Chair unwell"})
    assert cancelled.status_code == 302
    gone = officer.get(reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk}))
    assert gone["Content-Type"] == "text/calendar; method=CANCEL; charset=UTF-8"
    calendar = Calendar.from_ical(gone.content)
    assert str(calendar["METHOD"]) == "CANCEL" and calendar.walk("VEVENT")[0]["SEQUENCE"] == 2
    assert OutboxMessage.objects.filter(kind="strategy-calendar").count() == 4 * 3


def test_a_past_time_a_link_that_is_not_https_and_a_stale_version_are_refused_and_nothing_is_sent(
    signed_in, worker, meeting
) -> None:
    chair = signed_in(user=worker)
    url = reverse("strategy:meeting-schedule", kwargs={"meeting_id": meeting.pk})
    soon = timezone.localtime() + timedelta(hours=3)
    bad = [
        (form(meeting, timezone.localtime() - timedelta(hours=1)), "The meeting must be in the future"),
        (form(meeting, soon, dial_in_link="http://teams.example/join/1"), "secure web address starting with https"),
        (form(meeting, soon, dial_in_link="not a link"), "Enter a real web address"),
        (form(meeting, soon, duration_minutes="0"), "at least 5 minutes"),
        (form(meeting, soon, location="", dial_in_link=""), "Give the place of the meeting or its dial-in link"),
    ]
    for data, message in bad:
        page = chair.post(url, data)
        content = page.content.decode()
        assert page.status_code == 400 and "govuk-error-summary" in content and message in content, message
    past = chair.post(url, bad[0][0]).content.decode()
    assert 'href="#id_starts_on_0"' in past  # the service's starts_at complaint links to the date the user typed
    tally("hostile_values", len(bad))
    stale = chair.post(url, form(meeting, soon, version=meeting.version - 1), follow=True)
    assert "Someone else changed this meeting" in stale.content.decode()
    no_reason = chair.post(url, {"form": "unschedule", "version": meeting.version, "reason": ""})
    assert no_reason.status_code == 400 and "govuk-error-summary" in no_reason.content.decode()
    meeting.refresh_from_db()
    assert meeting.scheduled_for is None and meeting.calendar_sequence is None
    assert not OutboxMessage.objects.filter(kind="strategy-calendar").exists()


def test_another_agencys_user_gets_404_for_the_file_and_an_invited_agency_cannot_set_the_time(
    signed_in, worker, meeting, police
) -> None:
    chair = signed_in(user=worker)
    url = reverse("strategy:meeting-schedule", kwargs={"meeting_id": meeting.pk})
    assert chair.post(url, form(meeting, timezone.localtime() + timedelta(hours=4))).status_code == 302
    download = reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk})
    stranger = signed_in(user=make_person(Role.SOCIAL_WORKER))  # another council's social worker, not invited
    assert stranger.get(download).status_code == 404
    officer = signed_in(user=make_person(Role.FRONT_DOOR, agency=police))
    meeting.refresh_from_db()
    refused = officer.post(url, form(meeting, timezone.localtime() + timedelta(hours=6)))
    assert refused.status_code == 404
    assert stranger.post(url, form(meeting, timezone.localtime() + timedelta(hours=6))).status_code == 404
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 0
    tally("role_object_cases", 3)


def test_the_file_of_a_meeting_with_no_time_sends_the_reader_back_to_the_meeting(signed_in, worker, meeting) -> None:
    chair = signed_in(user=worker)
    page = chair.get(reverse("strategy:meeting-calendar", kwargs={"meeting_id": meeting.pk}), follow=True)
    assert "The meeting has no time yet" in page.content.decode()
