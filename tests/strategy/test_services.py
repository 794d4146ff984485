"""Strategy meetings' writes: convening, invitations, replies, the record, sign-off, sharing and the deadline sweep."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.children import services as children_services
from partnership.children.models import Child, ChronologyEvent, EventType
from partnership.core.clocks import LONDON, london_date
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.strategy import rules, services
from partnership.strategy.models import (
    Invitation,
    MeetingAction,
    MeetingChild,
    MeetingState,
    Response,
    StrategyMeeting,
)
from tests.factories import AgencyFactory, TeamFactory, make_person

pytestmark = pytest.mark.django_db


def start(worker: User, child: Child, *, hours_ago: float = 6, **overrides: Any) -> StrategyMeeting:
    values: dict[str, Any] = {
        "actor": worker,
        "children": [child],
        "threshold_at": timezone.now() - timedelta(hours=hours_ago),
        "threshold_reason": "Bruising to the face seen at school; the child says dad hit him.",
    }
    values.update(overrides)
    return services.meeting_start(**values)


def invitation_of(meeting: StrategyMeeting, agency: Agency) -> Invitation:
    return Invitation.objects.get(meeting=meeting, agency=agency)


def record(meeting: StrategyMeeting, actor: User, **overrides: Any) -> StrategyMeeting:
    """Save a complete record: held three hours after the threshold, police and health there, one action."""
    mchild = meeting.children.get()
    invited = list(meeting.invitations.select_related("agency"))
    present = [i.agency_id for i in invited if i.agency.kind in {AgencyKind.POLICE, AgencyKind.HEALTH}]
    values: dict[str, Any] = {
        "actor": actor,
        "meeting": meeting,
        "expected_version": meeting.version,
        "held_at": meeting.threshold_at + timedelta(hours=3),
        "mode": "meeting",
        "information_shared": "Police: two domestic abuse call-outs this year. Health: missed immunisations.",
        "risk_analysis": "Physical harm from a parent, escalating.",
        "attended": present,
        "decisions": {
            str(mchild.pk): {
                "s47": "yes",
                "investigation": "joint",
                "reason": "Non-accidental injury disclosed",
                "voice_summary": "Robin said he is scared when dad shouts.",
            }
        },
        "actions": [
            {
                "text": "Child protection medical",
                "owner_agency": invited[0].agency,
                "owner_name": "Dr Khan",
                "due_on": london_date(meeting.threshold_at) + timedelta(days=2),
            }
        ],
    }
    values.update(overrides)
    return services.meeting_record(**values)


def complete(meeting: StrategyMeeting, actor: User) -> StrategyMeeting:
    meeting.refresh_from_db()
    return services.meeting_complete(actor=actor, meeting=meeting, expected_version=meeting.version)


def outbox(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("to_address", flat=True))


# Convening


def test_meeting_start_invites_the_required_agencies_and_the_school_and_writes_to_each(
    worker: User, child: Child, council: Agency, police: Agency, health: Agency, school: Agency
) -> None:
    threshold = timezone.now() - timedelta(hours=2)
    meeting = start(worker, child, threshold_at=threshold)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CONVENING
    assert meeting.lead_agency == council
    assert meeting.chair == worker
    assert meeting.recorded_by == worker
    assert meeting.convene_due_at == threshold + timedelta(hours=24)
    assert list(meeting.children.values_list("child", flat=True)) == [child.pk]
    invitations = {
        i.agency.name: (i.is_required, i.why, i.sent_to, i.response)
        for i in meeting.invitations.select_related("agency")
    }
    assert invitations == {
        "County Durham Health": (True, "Required at every strategy meeting", "mash@health.example", "pending"),
        "Durham Children's Services": (True, "Required at every strategy meeting", "mash@durham.example", "pending"),
        "Durham Constabulary": (True, "Required at every strategy meeting", "mash@police.example", "pending"),
        "Hilltop Primary School": (
            False,
            "Working with the child: Pupil at Hilltop Primary",
            "dsl@hilltop.example",
            "pending",
        ),
    }
    assert outbox("strategy-invitation") == [
        "dsl@hilltop.example",
        "mash@durham.example",
        "mash@health.example",
        "mash@police.example",
    ]
    events = ChronologyEvent.objects.filter(child=child, event_type=EventType.STRATEGY_MEETING)
    assert [(e.source_type, e.source_id, e.occurred_at) for e in events] == [
        ("strategy_meeting", str(meeting.pk), threshold)
    ]


def test_an_agency_without_an_e_mail_is_invited_but_written_to_by_nobody(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    gp = AgencyFactory(kind=AgencyKind.OTHER, name="Riverside GP Practice", contact_email="")
    children_services.involvement_add(
        actor=worker, child=child, agency=gp, service="Registered GP", started_on=date(2020, 1, 6)
    )
    meeting = start(worker, child)
    assert invitation_of(meeting, gp).why == "Working with the child: Registered GP"
    assert meeting.invitations.count() == 5
    assert OutboxMessage.objects.filter(kind="strategy-invitation").count() == 4
    assert not OutboxMessage.objects.filter(to_address="").exists()


def test_one_meeting_for_siblings_has_one_record_per_child_and_an_event_on_each(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    sister = children_services.child_create(
        actor=worker, first_name="Sky", last_name="Example", date_of_birth=date(2019, 2, 3), local_child_id="C-2"
    )
    meeting = start(worker, child, children=[child, sister])
    assert meeting.children.count() == 2
    assert ChronologyEvent.objects.filter(event_type=EventType.STRATEGY_MEETING, source_id=str(meeting.pk)).count() == 2
    # Each agency is written to once, not once per child.
    assert OutboxMessage.objects.filter(kind="strategy-invitation").count() == 4


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"threshold_at": "future"}, "threshold_at"),
        ({"children": []}, "children"),
        ({"threshold_reason": "   "}, "threshold_reason"),
    ],
)
def test_meeting_start_refuses_bad_input_and_saves_nothing(
    worker: User, child: Child, police: Agency, health: Agency, overrides: dict[str, Any], field: str
) -> None:
    if overrides.get("threshold_at") == "future":
        overrides = {"threshold_at": timezone.now() + timedelta(hours=1)}
    events_before = ChronologyEvent.objects.count()
    with pytest.raises(BusinessRuleError) as refused:
        start(worker, child, **overrides)
    assert list(refused.value.errors) == [field]
    assert StrategyMeeting.objects.count() == 0
    assert Invitation.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert ChronologyEvent.objects.count() == events_before


def test_meeting_start_reports_every_problem_at_once(worker: User) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        services.meeting_start(
            actor=worker, children=[], threshold_at=timezone.now() + timedelta(days=1), threshold_reason=""
        )
    assert set(refused.value.errors) == {"children", "threshold_at", "threshold_reason"}


def test_meeting_start_in_london_time_still_gives_24_real_hours_across_the_clock_change(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    # A form gives the threshold as 12:00 on Saturday 25 October 2025 in Europe/London (11:00 UTC). The clocks go
    # back that night, so 24 real hours later is 11:00 GMT = 11:00 UTC on 26 October.
    meeting = start(worker, child, threshold_at=datetime(2025, 10, 25, 12, tzinfo=LONDON))
    meeting.refresh_from_db()
    assert meeting.convene_due_at == datetime(2025, 10, 26, 11, tzinfo=UTC)


def test_invitation_add_invites_once_and_not_after_sign_off(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    probation = AgencyFactory(
        kind=AgencyKind.PROBATION, name="Probation Service", contact_email="pdu@probation.example"
    )
    invitation = services.invitation_add(actor=worker, meeting=meeting, agency=probation, why="  ")
    assert (invitation.is_required, invitation.why) == (False, "Invited by the chair")
    assert outbox("strategy-invitation").count("pdu@probation.example") == 1
    with pytest.raises(BusinessRuleError) as twice:
        services.invitation_add(actor=worker, meeting=meeting, agency=probation, why="Father on licence")
    assert list(twice.value.errors) == ["agency"]
    record(meeting, worker)
    complete(meeting, worker)
    youth = AgencyFactory(kind=AgencyKind.YOUTH_JUSTICE, name="Youth Justice Service")
    with pytest.raises(BusinessRuleError):
        services.invitation_add(actor=worker, meeting=meeting, agency=youth, why="Older brother")
    assert not meeting.invitations.filter(agency=youth).exists()


# Replies and information


def test_an_agency_replies_and_sends_information_and_a_stale_reply_is_refused(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    officer = make_person(Role.SOCIAL_WORKER, agency=police)
    invitation = invitation_of(meeting, police)
    version = invitation.version
    with pytest.raises(BusinessRuleError) as nameless:
        services.invitation_respond(
            actor=officer, invitation=invitation, expected_version=version, response=Response.ATTENDING
        )
    assert list(nameless.value.errors) == ["attendee_name"]
    with pytest.raises(BusinessRuleError):
        services.invitation_respond(actor=officer, invitation=invitation, expected_version=version, response="maybe")
    services.invitation_respond(
        actor=officer,
        invitation=invitation,
        expected_version=version,
        response=Response.ATTENDING,
        attendee_name=" DS Jones ",
        attendee_role="Detective Sergeant",
    )
    other_tab = invitation_of(meeting, police)
    other_tab.version = version
    with pytest.raises(StaleVersion):
        services.invitation_respond(
            actor=officer, invitation=other_tab, expected_version=version, response=Response.CANNOT_ATTEND
        )
    stored = invitation_of(meeting, police)
    assert (stored.response, stored.attendee_name, stored.attendee_role) == (
        Response.ATTENDING,
        "DS Jones",
        "Detective Sergeant",
    )
    assert stored.responded_at is not None

    with pytest.raises(BusinessRuleError) as empty:
        services.invitation_inform(actor=officer, invitation=stored, expected_version=stored.version, information=" ")
    assert list(empty.value.errors) == ["information"]
    services.invitation_inform(
        actor=officer, invitation=stored, expected_version=stored.version, information="", nothing_known=True
    )
    stored.refresh_from_db()
    assert (stored.information, stored.nothing_known, stored.informed) == ("", True, True)


# The record


@pytest.mark.parametrize("mistake", ["held_before_threshold", "stranger_attending", "decision_without_reason"])
def test_meeting_record_refuses_wrong_facts_and_saves_nothing(
    worker: User, child: Child, police: Agency, health: Agency, mistake: str
) -> None:
    meeting = start(worker, child)
    version = meeting.version
    mchild = meeting.children.get()
    overrides: dict[str, Any] = {
        "held_before_threshold": {"held_at": meeting.threshold_at - timedelta(minutes=1)},
        "stranger_attending": {
            "attended": [police.pk, AgencyFactory(kind=AgencyKind.PROBATION, name="Probation Service").pk]
        },
        "decision_without_reason": {"decisions": {str(mchild.pk): {"s47": "no", "reason": "  "}}},
    }[mistake]
    field = {
        "held_before_threshold": "held_at",
        "stranger_attending": "attended",
        "decision_without_reason": "decisions",
    }
    with pytest.raises(BusinessRuleError) as refused:
        record(meeting, worker, **overrides)
    assert list(refused.value.errors) == [field[mistake]]

    stored = StrategyMeeting.objects.get(pk=meeting.pk)
    assert (stored.version, stored.state, stored.held_at, stored.mode, stored.information_shared) == (
        version,
        MeetingState.CONVENING,
        None,
        "",
        "",
    )
    assert not Invitation.objects.filter(meeting=meeting, attended__isnull=False).exists()
    assert MeetingChild.objects.get(pk=mchild.pk).s47 == ""
    assert MeetingChild.objects.get(pk=mchild.pk).reason == ""
    assert not MeetingAction.objects.exists()


def test_meeting_record_saves_the_record_attendance_decisions_and_actions(
    worker: User, child: Child, council: Agency, police: Agency, health: Agency, school: Agency
) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    stored = StrategyMeeting.objects.get(pk=meeting.pk)
    assert stored.state == MeetingState.HELD
    assert stored.held_at == meeting.threshold_at + timedelta(hours=3)
    assert dict(stored.invitations.values_list("agency__name", "attended")) == {
        "County Durham Health": True,
        "Durham Children's Services": False,
        "Durham Constabulary": True,
        "Hilltop Primary School": False,
    }
    decided = stored.children.get()
    assert (decided.s47, decided.investigation, decided.reason) == ("yes", "joint", "Non-accidental injury disclosed")
    assert decided.s47_started_on is None  # only set at sign-off
    assert list(stored.actions.values_list("text", "owner_name")) == [("Child protection medical", "Dr Khan")]

    # Saving again replaces the actions rather than adding to them.
    record(stored, worker, actions=[])
    assert not MeetingAction.objects.exists()


def test_an_action_due_the_london_day_before_the_meeting_is_refused_even_late_in_the_utc_evening(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    # Held at 23:30 UTC on 30 June 2025, which is 00:30 BST on 1 July in England: an action due on 30 June is
    # due the day before the meeting.
    meeting = start(worker, child, threshold_at=datetime(2025, 6, 30, 20, tzinfo=UTC))
    with pytest.raises(BusinessRuleError) as refused:
        record(
            meeting,
            worker,
            held_at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC),
            actions=[{"text": "Visit", "owner_agency": police, "owner_name": "PC Lee", "due_on": date(2025, 6, 30)}],
        )
    assert list(refused.value.errors) == ["actions"]


def test_two_browsers_saving_the_same_version_the_second_is_refused_and_the_first_words_stay(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    chair_tab = StrategyMeeting.objects.get(pk=meeting.pk)
    colleague_tab = StrategyMeeting.objects.get(pk=meeting.pk)
    colleague = make_person(Role.SOCIAL_WORKER, agency=meeting.lead_agency)
    version = chair_tab.version
    record(chair_tab, worker, expected_version=version, information_shared="The chair's words.")
    mchild = meeting.children.get()
    with pytest.raises(StaleVersion):
        record(
            colleague_tab,
            colleague,
            expected_version=version,
            information_shared="The colleague's words.",
            risk_analysis="Overwritten?",
            attended=[],
            decisions={str(mchild.pk): {"s47": "no", "reason": "Nothing to worry about"}},
            actions=[],
        )
    stored = StrategyMeeting.objects.get(pk=meeting.pk)
    assert stored.version == version + 1
    assert stored.information_shared == "The chair's words."
    assert stored.risk_analysis == "Physical harm from a parent, escalating."
    assert MeetingChild.objects.get(pk=mchild.pk).s47 == "yes"
    assert Invitation.objects.filter(meeting=meeting, attended=True).count() == 2
    assert MeetingAction.objects.filter(meeting=meeting).count() == 1


# Sign-off


def test_meeting_complete_refuses_while_sections_are_empty(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    with pytest.raises(BusinessRuleError) as refused:
        complete(meeting, worker)
    assert set(refused.value.errors) == {
        "held_at",
        "mode",
        "attendees",
        "information_shared",
        "risk_analysis",
        "decisions",
        "voice",
        "actions",
    }
    stored = StrategyMeeting.objects.get(pk=meeting.pk)
    assert (stored.state, stored.completed_at, stored.share_due_at) == (MeetingState.CONVENING, None, None)


def test_meeting_complete_refuses_a_record_missing_only_the_childs_voice(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    mchild = meeting.children.get()
    record(meeting, worker, decisions={str(mchild.pk): {"s47": "no", "reason": "Safe with grandmother"}})
    with pytest.raises(BusinessRuleError) as refused:
        complete(meeting, worker)
    assert refused.value.errors == {"voice": ["Record the voice of Robin Example, or why it could not be heard"]}


def test_meeting_complete_signs_off_starts_the_share_clock_and_the_section_47(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    done = complete(meeting, worker)

    stored = StrategyMeeting.objects.get(pk=meeting.pk)
    assert stored.state == MeetingState.COMPLETED
    assert stored.signed_off_by == worker
    assert stored.completed_at is not None
    assert stored.share_due_at == rules.share_due(stored.completed_at, working_days=1)
    assert done.version == stored.version
    assert MeetingChild.objects.get(meeting=meeting).s47_started_on == london_date(stored.held_at)  # type: ignore[arg-type]
    summaries = list(
        ChronologyEvent.objects.filter(child=child, event_type=EventType.STRATEGY_MEETING)
        .order_by("created_at")
        .values_list("summary", "occurred_at")
    )
    assert summaries[1] == (
        "Strategy meeting held: Section 47 enquiry started. Non-accidental injury disclosed",
        stored.held_at,
    )
    # The signed-off record can no longer be changed.
    with pytest.raises(BusinessRuleError):
        record(stored, worker)


# Sharing and acknowledging


def test_meeting_share_twice_writes_to_each_agency_once(
    worker: User, child: Child, police: Agency, health: Agency, school: Agency
) -> None:
    meeting = start(worker, child)
    with pytest.raises(BusinessRuleError):
        services.meeting_share(actor=worker, meeting=meeting)
    record(meeting, worker)
    complete(meeting, worker)

    assert services.meeting_share(actor=worker, meeting=meeting) == 4
    first = StrategyMeeting.objects.get(pk=meeting.pk)
    assert first.state == MeetingState.SHARED
    assert first.shared_at is not None
    assert services.meeting_share(actor=worker, meeting=first) == 0
    assert outbox("strategy-record") == [
        "dsl@hilltop.example",
        "mash@durham.example",
        "mash@health.example",
        "mash@police.example",
    ]
    assert StrategyMeeting.objects.get(pk=meeting.pk).shared_at == first.shared_at
    assert not Invitation.objects.filter(meeting=meeting, shared_at__isnull=True).exists()


def test_invitation_acknowledge_twice_keeps_the_first_time_and_person(
    worker: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    officer = make_person(Role.SOCIAL_WORKER, agency=police)
    with pytest.raises(BusinessRuleError):
        services.invitation_acknowledge(actor=officer, invitation=invitation_of(meeting, police))
    record(meeting, worker)
    complete(meeting, worker)
    services.meeting_share(actor=worker, meeting=meeting)

    services.invitation_acknowledge(actor=officer, invitation=invitation_of(meeting, police))
    first = invitation_of(meeting, police)
    assert first.acknowledged_at is not None
    another = make_person(Role.SOCIAL_WORKER, agency=police)
    services.invitation_acknowledge(actor=another, invitation=invitation_of(meeting, police))
    second = invitation_of(meeting, police)
    assert (second.acknowledged_at, second.acknowledged_by) == (first.acknowledged_at, officer)


def test_action_done_records_the_day(worker: User, child: Child, police: Agency, health: Agency) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    action = MeetingAction.objects.get(meeting=meeting)
    services.action_done(actor=worker, action=action, done_on=date(2025, 7, 1))
    assert MeetingAction.objects.get(pk=action.pk).done_on == date(2025, 7, 1)


# The deadline sweep


def kinds() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, address in OutboxMessage.objects.exclude(kind="strategy-invitation").values_list("kind", "to_address"):
        found.setdefault(kind, []).append(address)
    return {kind: sorted(addresses) for kind, addresses in found.items()}


def test_deadlines_sweep_reminds_chases_then_escalates_once(
    worker: User, manager: User, child: Child, council: Agency, police: Agency, health: Agency, school: Agency
) -> None:
    # Managers who must not be told: another team's manager, and a manager in another agency.
    make_person(Role.TEAM_MANAGER, agency=council, team=TeamFactory(agency=council, name="Locality South"))
    make_person(Role.TEAM_MANAGER, agency=police)
    meeting = start(worker, child, hours_ago=1)
    due = meeting.convene_due_at
    officer = make_person(Role.SOCIAL_WORKER, agency=police)
    police_invitation = invitation_of(meeting, police)
    services.invitation_respond(
        actor=officer,
        invitation=police_invitation,
        expected_version=police_invitation.version,
        response=Response.ATTENDING,
        attendee_name="DS Jones",
        attendee_role="Detective Sergeant",
    )
    nurse = make_person(Role.SOCIAL_WORKER, agency=health)
    health_invitation = invitation_of(meeting, health)
    services.invitation_inform(
        actor=nurse, invitation=health_invitation, expected_version=health_invitation.version, information="Known."
    )

    # Before the reminder window (4 hours before the deadline) nothing is sent.
    assert services.deadlines_sweep(now=due - timedelta(hours=4, minutes=1)) == 0
    assert kinds() == {}
    assert StrategyMeeting.objects.get(pk=meeting.pk).convene_reminded_at is None

    # Inside it: the chair is reminded and the agencies that have said nothing are chased.
    inside = due - timedelta(hours=3)
    assert services.deadlines_sweep(now=inside) == 3
    assert kinds() == {
        "strategy-convene-reminder": [worker.email],
        "strategy-chase": ["dsl@hilltop.example", "mash@durham.example"],
    }
    assert StrategyMeeting.objects.get(pk=meeting.pk).convene_reminded_at == inside
    assert set(Invitation.objects.filter(meeting=meeting, chased_at=inside).values_list("agency", flat=True)) == {
        council.pk,
        school.pk,
    }
    assert services.deadlines_sweep(now=inside + timedelta(minutes=30)) == 0

    # At the deadline, still convening: the chair's team manager and the lead agency's contact are told.
    breached = due + timedelta(minutes=1)
    assert services.deadlines_sweep(now=breached) == 2
    assert kinds()["strategy-convene-breach"] == sorted([manager.email, "mash@durham.example"])
    assert StrategyMeeting.objects.get(pk=meeting.pk).convene_escalated_at == breached
    assert services.deadlines_sweep(now=breached) == 0
    assert services.deadlines_sweep(now=breached + timedelta(days=1)) == 0
    assert OutboxMessage.objects.exclude(kind="strategy-invitation").count() == 5


def test_deadlines_sweep_leaves_a_meeting_held_in_time_alone(
    worker: User, manager: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    assert services.deadlines_sweep(now=meeting.convene_due_at + timedelta(hours=1)) == 0
    assert kinds() == {}


def test_deadlines_sweep_escalates_a_record_not_shared_by_its_deadline_once(
    worker: User, manager: User, child: Child, council: Agency, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    complete(meeting, worker)
    share_due_at = StrategyMeeting.objects.get(pk=meeting.pk).share_due_at
    assert share_due_at is not None

    assert services.deadlines_sweep(now=share_due_at - timedelta(minutes=1)) == 0
    late = share_due_at + timedelta(minutes=1)
    assert services.deadlines_sweep(now=late) == 2
    assert kinds() == {"strategy-share-breach": sorted([manager.email, "mash@durham.example"])}
    assert StrategyMeeting.objects.get(pk=meeting.pk).share_escalated_at == late
    assert services.deadlines_sweep(now=late + timedelta(hours=2)) == 0


def test_deadlines_sweep_does_not_escalate_a_shared_record(
    worker: User, manager: User, child: Child, police: Agency, health: Agency
) -> None:
    meeting = start(worker, child)
    record(meeting, worker)
    complete(meeting, worker)
    services.meeting_share(actor=worker, meeting=meeting)
    share_due_at = StrategyMeeting.objects.get(pk=meeting.pk).share_due_at
    assert share_due_at is not None
    assert services.deadlines_sweep(now=share_due_at + timedelta(days=2)) == 0
    assert "strategy-share-breach" not in kinds()


def test_the_voice_offered_for_a_meeting_is_what_the_child_had_said_by_then(worker: User, child: Child) -> None:
    from partnership.children import services as children

    for day, words in ((date(2025, 1, 10), "I like my teacher"), (date(2025, 3, 1), "Dad shouts at night")):
        children.voice_add(
            actor=worker, child=child, words=words, method="direct_work", gathered_on=day, gathered_by="Sam"
        )
    assert "Dad shouts" in services.latest_voice(child)
    before = services.latest_voice(child, on_or_before=date(2025, 2, 1))
    assert "I like my teacher" in before and "Dad shouts" not in before
    assert services.latest_voice(child, on_or_before=date(2024, 12, 1)) == ""


def test_the_voices_of_a_meetings_children_are_each_their_own_two_newest(worker: User, child: Child) -> None:
    from partnership.children import services as children

    sibling = children.child_create(
        actor=worker, first_name="Ash", last_name="Example", date_of_birth=date(2019, 2, 1), local_child_id="C-2"
    )
    said = {
        child: ((date(2025, 1, 10), "first"), (date(2025, 2, 10), "second"), (date(2025, 3, 10), "third")),
        sibling: ((date(2025, 1, 20), "only mine"),),
    }
    for speaker, entries in said.items():
        for day, words in entries:
            children.voice_add(
                actor=worker, child=speaker, words=words, method="direct_work", gathered_on=day, gathered_by="Sam"
            )
    quiet = children.child_create(
        actor=worker, first_name="Lee", last_name="Example", date_of_birth=date(2020, 2, 1), local_child_id="C-3"
    )
    voices = services.latest_voices([child, sibling, quiet], on_or_before=date(2025, 3, 1))
    assert "“second”" in voices[child.pk] and "“first”" in voices[child.pk]
    assert voices[child.pk].index("“second”") < voices[child.pk].index("“first”")
    assert "third" not in voices[child.pk] and "only mine" not in voices[child.pk]
    assert "“only mine”" in voices[sibling.pk] and "first" not in voices[sibling.pk]
    assert voices[quiet.pk] == ""
    newest = services.latest_voices([child, sibling])
    assert "“third”" in newest[child.pk] and "“first”" not in newest[child.pk]
