"""Executive review meetings in calendars: the executive and the agenda's leads invited, moved, cancelled, one UID."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partnership.access.models import Role
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_deliver_pending
from partnership.plans import reviews
from partnership.plans.models import Action, ReviewMeeting
from tests.factories import make_person
from tests.formdata import date_fields
from tests.mail_parts import calendar_parts
from tests.plans.builders import build_plan
from tests.strategy.test_calendar import next_change
from tests.trust import tally

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def plan():
    admin, lead, other_lead = make_person(Role.ADMIN), make_person(Role.ACTION_LEAD), make_person(Role.ACTION_LEAD)
    executives = [make_person(Role.EXECUTIVE), make_person(Role.EXECUTIVE)]
    inspection = build_plan(actions=3, lead=lead, plan_start=date(2018, 9, 1))
    Action.objects.filter(reference="1.3").update(lead=other_lead)
    return {"admin": admin, "lead": lead, "other_lead": other_lead, "inspection": inspection, "executives": executives}


def sent_to(address: str) -> list[Calendar]:
    rows = OutboxMessage.objects.filter(kind="review-calendar", to_address=address).order_by("created_at")
    return [Calendar.from_ical(row.attachment) for row in rows]


def test_created_moved_over_the_clock_change_and_cancelled_under_one_uid(plan) -> None:
    sunday = next_change(10)
    chair = plan["executives"][0]
    meeting = reviews.review_create(
        actor=chair,
        inspection=plan["inspection"],
        title="LSCB executive review",
        starts_at=datetime.combine(sunday - timedelta(days=2), time(10, 0), tzinfo=LONDON),
        duration_minutes=120,
        location="Council Chamber, County Hall",
        dial_in_link="https://teams.example/join/exec",
    )
    assert meeting.held_on == sunday - timedelta(days=2) and meeting.items.count() == 3
    invited = set(OutboxMessage.objects.filter(kind="review-calendar").values_list("to_address", flat=True))
    assert invited == {p.email for p in (*plan["executives"], plan["lead"], plan["other_lead"])}
    assert plan["admin"].email not in invited
    monday = sunday + timedelta(days=1)
    reviews.review_schedule(
        actor=chair,
        meeting=meeting,
        expected_version=meeting.version,
        starts_at=datetime.combine(monday, time(10, 0), tzinfo=LONDON),
        duration_minutes=120,
        location="Council Chamber, County Hall",
        dial_in_link="https://teams.example/join/exec",
    )
    assert meeting.held_on == monday  # kept in step for the pages and reports that read the date
    reviews.review_cancel(actor=chair, meeting=meeting, expected_version=meeting.version, reason="Not quorate")

    for person in (*plan["executives"], plan["lead"]):
        calendars = sent_to(person.email)
        events = [c.walk("VEVENT")[0] for c in calendars]
        assert [str(c["METHOD"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
        assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
        assert {str(e["UID"]) for e in events} == {f"review-{meeting.pk}@example.org"}
        assert events[0].decoded("DTSTART") == datetime.combine(sunday - timedelta(days=2), time(9, 0), tzinfo=UTC)
        assert events[1].decoded("DTSTART") == datetime.combine(monday, time(10, 0), tzinfo=UTC)
        assert str(events[2]["STATUS"]) == "CANCELLED"
    lead_event = sent_to(plan["lead"].email)[0].walk("VEVENT")[0]
    roles = {str(a): a.params["ROLE"] for a in lead_event["ATTENDEE"]}
    assert roles[f"mailto:{plan['lead'].email}"] == "OPT-PARTICIPANT"
    assert roles[f"mailto:{chair.email}"] == "REQ-PARTICIPANT"

    mail.outbox.clear()
    outbox_deliver_pending()
    cancellations = [m for m in mail.outbox if m.subject.startswith("Cancelled: LSCB executive review")]
    assert len(cancellations) == 4
    [part] = calendar_parts(cancellations[0])
    assert (part.filename, part.method, part.charset) == ("invite.ics", "CANCEL", "utf-8")
    assert part.content_type_header.lower().count("charset") == 1
    assert str(Calendar.from_ical(part.content)["METHOD"]) == "CANCEL"
    assert "/plan/reviews/" in cancellations[0].body


def test_a_review_without_a_time_sends_nothing_and_a_past_time_or_plain_http_link_is_refused(plan) -> None:
    chair = plan["executives"][0]
    dated = reviews.review_create(
        actor=chair, inspection=plan["inspection"], title="Review held last year", held_on=date(2019, 1, 22)
    )
    assert dated.starts_at is None and dated.calendar_sequence is None
    for change in (
        {"starts_at": timezone.now() - timedelta(hours=1)},
        {"starts_at": timezone.now() + timedelta(days=1), "dial_in_link": "http://teams.example/join"},
    ):
        with pytest.raises(BusinessRuleError):
            reviews.review_create(actor=chair, inspection=plan["inspection"], title="Review", **change)
    reviews.review_cancel(actor=chair, meeting=dated, expected_version=dated.version, reason="Duplicate")
    assert not OutboxMessage.objects.filter(kind="review-calendar").exists()
    assert ReviewMeeting.objects.count() == 1


def test_the_executive_sets_the_time_on_the_pages_and_anyone_who_reads_the_review_can_download_it(
    signed_in, plan
) -> None:
    executive = signed_in(user=plan["executives"][0])
    starts = (timezone.localtime() + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)
    base = {"title": "Executive review", "period": "", "duration_minutes": "90", "location": "County Hall"}
    bad = [
        (
            {**date_fields("held_on", starts.date() - timedelta(days=7)), "starts_time": "14:00"},
            "must be in the future",
        ),
        (
            {**date_fields("held_on", starts.date()), "starts_time": "14:00", "dial_in_link": "http://x.example/j"},
            "https",
        ),
        ({**date_fields("held_on", starts.date()), "starts_time": "25:00"}, "Enter a time like 14:00"),
    ]
    for extra, message in bad:
        page = executive.post(reverse("plans:review-create"), {**base, **extra})
        content = page.content.decode()
        assert page.status_code == 400 and "govuk-error-summary" in content and message in content, message
    past_page = executive.post(reverse("plans:review-create"), {**base, **bad[0][0]}).content.decode()
    assert 'href="#id_held_on_0"' in past_page  # the start's complaint is on the date typed
    tally("hostile_values", len(bad))
    assert not ReviewMeeting.objects.exists()
    created = executive.post(
        reverse("plans:review-create"),
        {
            **base,
            **date_fields("held_on", starts.date()),
            "starts_time": "14:00",
            "dial_in_link": "https://t.example/j",
        },
    )
    assert created.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert meeting.starts_at == starts and meeting.calendar_sequence == 0
    detail = executive.get(created.url).content.decode()
    assert "County Hall" in detail and "https://t.example/j" in detail and "Add to your calendar" in detail

    time_url = reverse("plans:review-time", kwargs={"review_id": meeting.pk})
    later = starts + timedelta(days=1)
    move = {"form": "time", "version": meeting.version, "starts_time": "14:00", "duration_minutes": "60"}
    past = executive.post(time_url, {**move, **date_fields("held_on", starts.date() - timedelta(days=7))})
    assert past.status_code == 400 and 'href="#id_held_on_0"' in past.content.decode()  # on the date typed
    stale = executive.post(time_url, {**move, "version": meeting.version - 1, **date_fields("held_on", later.date())})
    assert stale.status_code == 302 and ReviewMeeting.objects.get().calendar_sequence == 0
    assert executive.post(time_url, {**move, **date_fields("held_on", later.date())}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later and meeting.held_on == later.date() and meeting.calendar_sequence == 1

    lead = signed_in(user=plan["lead"])
    download = lead.get(reverse("plans:review-calendar", kwargs={"review_id": meeting.pk}))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/calendar; method=REQUEST")
    [vevent] = Calendar.from_ical(download.content).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1 and vevent.decoded("DTSTART") == later
    assert lead.get(time_url).status_code == 404  # a lead reads the review but does not run it

    no_reason = executive.post(time_url, {"form": "cancel", "version": meeting.version, "reason": ""})
    assert no_reason.status_code == 400 and "govuk-error-summary" in no_reason.content.decode()
    cancelled = executive.post(time_url, {"form": "cancel", "version": meeting.version, "reason": "Not quorate"})
    assert cancelled.status_code == 302
    gone = lead.get(reverse("plans:review-calendar", kwargs={"review_id": meeting.pk}))
    assert str(Calendar.from_ical(gone.content)["METHOD"]) == "CANCEL"
    assert OutboxMessage.objects.filter(kind="review-calendar").count() == 4 * 3
