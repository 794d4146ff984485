"""Strategy meeting pages: convening from the child's record, each agency's part, the record, sign-off and sharing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Agency, Role
from partnership.strategy.models import Invitation, MeetingState, StrategyMeeting
from tests.factories import make_person
from tests.formdata import date_fields

pytestmark = pytest.mark.django_db


def convene(client, child, *, hours_ago: int = 3):
    when = timezone.localtime() - timedelta(hours=hours_ago)
    return client.post(
        reverse("strategy:meeting-start"),
        {
            "child": child.pk,
            "children": [child.pk],
            "threshold_time": when.strftime("%H:%M"),
            "threshold_reason": "Bruising seen at school; the child says dad hit him.",
            **date_fields("threshold_on", when.date()),
        },
    )


def record_data(meeting: StrategyMeeting, agencies: list[Agency], **changes):
    held = timezone.localtime(meeting.threshold_at) + timedelta(hours=2)
    child = meeting.children.get()
    data = {
        "version": meeting.version,
        "held_time": held.strftime("%H:%M"),
        "mode": "meeting",
        "attended": [str(a.pk) for a in agencies],
        "information_shared": "Police: two call-outs this year.",
        "risk_analysis": "Escalating physical harm.",
        f"child_{child.pk}_s47": "yes",
        f"child_{child.pk}_investigation": "joint",
        f"child_{child.pk}_reason": "Injury with a disclosure.",
        f"child_{child.pk}_voice_summary": "Said he is scared when dad shouts.",
        "action_1_text": "Visit the child at home with the police",
        "action_1_agency": str(agencies[0].pk),
        "action_1_person": "Sam Social",
        **date_fields("action_1_due", held.date() + timedelta(days=2)),
        **date_fields("held_on", held.date()),
    }
    data.update(changes)
    return data


def test_a_meeting_from_threshold_to_an_acknowledged_record_with_four_agencies(
    signed_in, worker, child, police, health, school
) -> None:
    social = signed_in(user=worker)
    page = social.get(reverse("strategy:meeting-start"), {"child": child.pk})
    assert page.status_code == 200 and "Robin Example" in page.content.decode()
    assert convene(social, child).status_code == 302
    meeting = StrategyMeeting.objects.get()
    assert set(meeting.invitations.values_list("agency__short_name", flat=True)) == {
        "CSC",
        "Police",
        "Health",
        "Hilltop",
    }

    officer = signed_in(user=make_person(Role.FRONT_DOOR, agency=police))
    police_invite = meeting.invitations.get(agency=police)
    url = reverse("strategy:invitation", kwargs={"meeting_id": meeting.pk, "invitation_id": police_invite.pk})
    no_name = officer.post(url, {"form": "reply", "version": 1, "response": "attending"})
    assert no_name.status_code == 400 and "senior enough to decide" in no_name.content.decode()
    officer.post(
        url,
        {"form": "reply", "version": 1, "response": "attending", "attendee_name": "DS Kerr", "attendee_role": "DS"},
    )
    officer.post(url, {"form": "information", "version": 2, "information": "Two call-outs this year."})
    nurse = signed_in(user=make_person(Role.FRONT_DOOR, agency=health))
    health_invite = meeting.invitations.get(agency=health)
    nurse.post(
        reverse("strategy:invitation", kwargs={"meeting_id": meeting.pk, "invitation_id": health_invite.pk}),
        {"form": "information", "version": 1, "nothing_known": "on"},
    )
    teacher = signed_in(user=make_person(Role.KEY_ADULT, agency=school))
    school_invite = meeting.invitations.get(agency=school)
    teacher.post(
        reverse("strategy:invitation", kwargs={"meeting_id": meeting.pk, "invitation_id": school_invite.pk}),
        {"form": "reply", "version": 1, "response": "cannot_attend"},
    )
    assert teacher.get(reverse("strategy:meeting-record", kwargs={"meeting_id": meeting.pk})).status_code == 404

    record_url = reverse("strategy:meeting-record", kwargs={"meeting_id": meeting.pk})
    form = social.get(record_url).content.decode()
    # the agencies' information is gathered into the record
    assert "Durham Constabulary: Two call-outs this year." in form
    council = meeting.lead_agency
    assert social.post(record_url, record_data(meeting, [council, police])).status_code == 302
    meeting.refresh_from_db()
    detail = reverse("strategy:meeting-detail", kwargs={"meeting_id": meeting.pk})
    social.post(reverse("strategy:meeting-complete", kwargs={"meeting_id": meeting.pk}), {"version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.COMPLETED
    social.post(reverse("strategy:meeting-share", kwargs={"meeting_id": meeting.pk}))
    again = social.post(reverse("strategy:meeting-share", kwargs={"meeting_id": meeting.pk}), follow=True)
    assert "The record was already shared." in again.content.decode()
    assert Invitation.objects.filter(meeting=meeting, shared_at__isnull=False).count() == 4

    officer.post(
        reverse("strategy:invitation-acknowledge", kwargs={"meeting_id": meeting.pk, "invitation_id": police_invite.pk})
    )
    police_invite.refresh_from_db()
    assert police_invite.acknowledged_at is not None
    page = social.get(detail).content.decode()
    assert "Acknowledged" in page and "Nothing known" in page and "By " in page  # the conference clock shows
    assert AccessEvent.objects.filter(object_type="strategy_meeting", object_id=str(meeting.pk)).exists()


def test_wrong_facts_in_the_record_are_refused_and_nothing_is_saved(signed_in, worker, child, police) -> None:
    social = signed_in(user=worker)
    convene(social, child)
    meeting = StrategyMeeting.objects.get()
    url = reverse("strategy:meeting-record", kwargs={"meeting_id": meeting.pk})
    before = timezone.localtime(meeting.threshold_at) - timedelta(hours=1)
    early = social.post(
        url,
        record_data(meeting, [police], held_time=before.strftime("%H:%M"), **date_fields("held_on", before.date())),
    )
    assert early.status_code == 400 and "cannot be before the threshold" in early.content.decode()
    stranger = make_person(Role.SOCIAL_WORKER).memberships.get().agency
    uninvited = social.post(url, record_data(meeting, [police, stranger]))
    assert uninvited.status_code == 400
    child_row = meeting.children.get()
    no_reason = social.post(url, record_data(meeting, [police], **{f"child_{child_row.pk}_reason": ""}))
    assert no_reason.status_code == 400 and "Give the reason" in no_reason.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_at is None and meeting.version == 1


def test_two_browsers_saving_the_same_version_keep_the_first_and_tell_the_second(
    signed_in, worker, manager, child, police
) -> None:
    first, second = signed_in(user=worker), signed_in(user=manager)
    convene(first, child)
    meeting = StrategyMeeting.objects.get()
    url = reverse("strategy:meeting-record", kwargs={"meeting_id": meeting.pk})
    first.post(url, record_data(meeting, [police], risk_analysis="First analysis"))
    stale = second.post(url, record_data(meeting, [police], risk_analysis="Second analysis"), follow=True)
    assert "Someone else saved this record" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.risk_analysis == "First analysis"


def test_signing_off_an_unfinished_record_says_what_is_missing(signed_in, worker, child) -> None:
    social = signed_in(user=worker)
    convene(social, child)
    meeting = StrategyMeeting.objects.get()
    response = social.post(
        reverse("strategy:meeting-complete", kwargs={"meeting_id": meeting.pk}), {"version": 1}, follow=True
    )
    page = response.content.decode()
    assert "cannot be signed off yet" in page and "Write the risk analysis" in page
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CONVENING


def test_the_measures_page_shows_figures_for_a_period(signed_in, worker, child) -> None:
    social = signed_in(user=worker)
    convene(social, child, hours_ago=30)
    executive = signed_in(Role.EXECUTIVE)
    page = executive.get(reverse("strategy:measures"))
    assert page.status_code == 200
    assert "Meetings past their deadline and not yet held" in page.content.decode()
    bad = executive.get(
        reverse("strategy:measures"),
        {**date_fields("start", timezone.localdate()), **date_fields("end", timezone.localdate() - timedelta(days=9))},
    )
    assert bad.status_code == 400


def test_the_api_lists_meetings_of_the_users_agency(signed_in, worker, child) -> None:
    social = signed_in(user=worker)
    convene(social, child)
    rows = social.get(reverse("api:strategy-meeting-list")).json()["results"]
    assert len(rows) == 1 and rows[0]["state"] == "convening"
    outsider = signed_in(Role.SOCIAL_WORKER)
    assert outsider.get(reverse("api:strategy-meeting-list")).json()["results"] == []
    assert outsider.get(reverse("api:strategy-meeting-detail", kwargs={"pk": rows[0]["id"]})).status_code == 404
