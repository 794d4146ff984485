"""Strategy meeting figures over a hand-built year: clock changes, Easter, agencies that came or sent nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.access.models import Agency, AgencyKind, Role, Team, User
from partnership.children import services as children_services
from partnership.children.models import Child
from partnership.core.clocks import london_date
from partnership.strategy import rules, services
from partnership.strategy.measures import AgencyMeasures, StrategyMeasures, strategy_measures
from partnership.strategy.models import Invitation, MeetingAction, MeetingChild, MeetingState, StrategyMeeting
from tests.factories import AgencyFactory, TeamFactory, make_person

pytestmark = pytest.mark.django_db

START, END = date(2025, 3, 1), date(2025, 10, 31)
NOW = datetime(2025, 11, 1, 12, tzinfo=UTC)  # Saturday 1 November 2025, 12:00 GMT: "today" is 1 November.


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS = 24
    settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = 1
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []


class Partnership:
    """The agencies and people of the data set."""

    def __init__(self) -> None:
        self.council = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Durham Children's Services")
        self.police = AgencyFactory(
            kind=AgencyKind.POLICE, name="Durham Constabulary", contact_email="p@police.example"
        )
        self.health = AgencyFactory(kind=AgencyKind.HEALTH, name="County Durham Health")
        self.school = AgencyFactory(kind=AgencyKind.EDUCATION, name="Hilltop Primary School")
        self.probation = AgencyFactory(kind=AgencyKind.PROBATION, name="Probation Service")
        self.youth = AgencyFactory(kind=AgencyKind.YOUTH_JUSTICE, name="Youth Justice Service")
        self.team: Team = TeamFactory(agency=self.council, name="Locality North")
        self.worker: User = make_person(Role.SOCIAL_WORKER, agency=self.council, team=self.team)
        self.officer: User = make_person(Role.ENCOMPASS_OFFICER, agency=self.police)
        self.outsider: User = make_person(Role.SOCIAL_WORKER, agency=self.youth)
        self.viewer: User = make_person(Role.VIEWER, agency=self.council)
        self.count = 0

    def child(self, first_name: str, *, at_school: bool = False) -> Child:
        self.count += 1
        child = children_services.child_create(
            actor=self.worker,
            first_name=first_name,
            last_name="Example",
            date_of_birth=date(2016, 1, self.count),
            local_child_id=f"C-{self.count}",
        )
        if at_school:
            children_services.involvement_add(
                actor=self.worker, child=child, agency=self.school, service="Pupil", started_on=date(2024, 9, 2)
            )
        return child

    def meeting(
        self,
        children: list[Child],
        *,
        threshold: datetime,
        held: datetime | None = None,
        attended: Iterable[Agency] = (),
        informed: Iterable[Agency] = (),
        also_invite: Iterable[Agency] = (),
        completed: datetime | None = None,
        shared: datetime | None = None,
        acknowledged: Iterable[Agency] = (),
        actions: Iterable[tuple[date, date | None]] = (),
        no_voice: Iterable[Child] = (),
        blank_voice_after: dict[Any, str] | None = None,
    ) -> StrategyMeeting:
        """A meeting made through the services, then its times set to the hand-chosen instants."""
        worker = self.worker
        meeting = services.meeting_start(
            actor=worker, children=children, threshold_at=threshold, threshold_reason="Injury seen at school."
        )
        for agency in also_invite:
            services.invitation_add(actor=worker, meeting=meeting, agency=agency, why="Father on licence")
        for agency in informed:
            invitation = Invitation.objects.get(meeting=meeting, agency=agency)
            services.invitation_inform(
                actor=worker, invitation=invitation, expected_version=invitation.version, information="Known to us."
            )
        if held is not None:
            meeting.refresh_from_db()
            voiceless = {c.pk for c in no_voice}
            services.meeting_record(
                actor=worker,
                meeting=meeting,
                expected_version=meeting.version,
                held_at=held,
                mode="meeting",
                information_shared="What each agency knows.",
                risk_analysis="Physical harm, escalating.",
                attended=[a.pk for a in attended],
                decisions={
                    str(mc.pk): {
                        "s47": "yes",
                        "investigation": "joint",
                        "reason": "Injury disclosed",
                        "voice_summary": "" if mc.child_id in voiceless else "Said she is frightened at home.",
                    }
                    for mc in meeting.children.all()
                },
                actions=[
                    {"text": f"Action {n}", "owner_agency": self.council, "owner_name": "SW", "due_on": due}
                    for n, (due, _) in enumerate(actions, start=1)
                ],
            )
            for action, (due, done) in zip(meeting.actions.order_by("text"), actions, strict=True):
                assert action.due_on == due
                if done is not None:
                    services.action_done(actor=worker, action=action, done_on=done)
        if completed is not None:
            meeting.refresh_from_db()
            services.meeting_complete(actor=worker, meeting=meeting, expected_version=meeting.version)
            StrategyMeeting.objects.filter(pk=meeting.pk).update(
                completed_at=completed, share_due_at=rules.share_due(completed, working_days=1)
            )
        if shared is not None:
            meeting.refresh_from_db()
            services.meeting_share(actor=worker, meeting=meeting)
            StrategyMeeting.objects.filter(pk=meeting.pk).update(shared_at=shared)
            Invitation.objects.filter(meeting=meeting).update(shared_at=shared)
            for agency in acknowledged:
                services.invitation_acknowledge(
                    actor=worker, invitation=Invitation.objects.get(meeting=meeting, agency=agency)
                )
        for child_pk, blank in (blank_voice_after or {}).items():
            # A record signed off before the voice had to be written (imported from the old system).
            MeetingChild.objects.filter(meeting=meeting, child_id=child_pk).update(voice_summary=blank)
        StrategyMeeting.objects.filter(pk=meeting.pk).update(
            threshold_at=threshold, convene_due_at=rules.convene_due(threshold, hours=24), held_at=held
        )
        meeting.refresh_from_db()
        return meeting


@pytest.fixture
def p() -> Partnership:
    return Partnership()


@pytest.fixture
def year(p: Partnership) -> dict[str, StrategyMeeting]:
    """Eight meetings whose threshold falls in March to October 2025 (London days), and two just outside."""
    m: dict[str, StrategyMeeting] = {}
    # M1 - spring clock change: threshold 12:00 GMT Sat 29 March; held 11:36 UTC (12:36 BST) Sun 30 March:
    #      23.6 real hours (the wall clock says 24h36m), due 12:00 UTC -> within. Signed off Mon 31 March 11:00 BST,
    #      share due Tue 1 April 11:00 BST (10:00 UTC); shared 09:00 UTC -> on time.
    m["M1"] = p.meeting(
        [p.child("Ava")],
        threshold=utc(2025, 3, 29, 12),
        held=utc(2025, 3, 30, 11, 36),
        attended=[p.council, p.police],
        informed=[p.health],
        completed=utc(2025, 3, 31, 10),
        shared=utc(2025, 4, 1, 9),
        acknowledged=[p.council, p.police, p.health],
        actions=[(date(2025, 4, 4), date(2025, 4, 3))],
    )
    # M2 - threshold 22:00 GMT Sat 29 March; held 08:00 UTC Mon 31 March: 34.0 hours -> late. Police neither came nor
    #      sent anything; the school sent information. Signed off 16:00 BST Mon, share due Tue 1 April 16:00 BST;
    #      shared Wed 2 April -> late. The child's voice was left blank (whitespace).
    bea = p.child("Bea", at_school=True)
    m["M2"] = p.meeting(
        [bea],
        threshold=utc(2025, 3, 29, 22),
        held=utc(2025, 3, 31, 8),
        attended=[p.council, p.health],
        informed=[p.school],
        completed=utc(2025, 3, 31, 15),
        shared=utc(2025, 4, 2, 9),
        acknowledged=[p.police, p.health],
        actions=[(date(2025, 4, 7), None)],
        blank_voice_after={bea.pk: "   "},
    )
    # M3 - siblings before Easter: threshold 09:00 BST Wed 16 April, held 15:30 BST: 6.5 hours -> within. Everyone came
    #      (police also sent information). Signed off Thu 17 April 15:00 BST; Good Friday 18 and Easter Monday 21 April
    #      are bank holidays, so the record is due Tue 22 April 15:00 BST (14:00 UTC); shared 13:00 UTC -> on time.
    #      One sibling's voice is blank.
    cal, cat = p.child("Cal", at_school=True), p.child("Cat", at_school=True)
    m["M3"] = p.meeting(
        [cal, cat],
        threshold=utc(2025, 4, 16, 8),
        held=utc(2025, 4, 16, 14, 30),
        attended=[p.council, p.police, p.health, p.school],
        informed=[p.police],
        completed=utc(2025, 4, 17, 14),
        shared=utc(2025, 4, 22, 13),
        acknowledged=[p.council, p.police, p.health, p.school],
        actions=[(date(2025, 4, 25), None)],
        blank_voice_after={cat.pk: ""},
    )
    # M4 - threshold 23:30 UTC Sat 31 May = 00:30 BST Sun 1 June (a June meeting in England); held exactly 24.0 hours
    #      later -> within (the target is "no later than"). Probation also invited, sent nothing. Signed off Mon 2 June
    #      10:00 BST, due Tue 3 June 10:00 BST; shared Mon 2 June -> on time.
    m["M4"] = p.meeting(
        [p.child("Dan")],
        threshold=utc(2025, 5, 31, 23, 30),
        held=utc(2025, 6, 1, 23, 30),
        also_invite=[p.probation],
        attended=[p.council, p.police],
        informed=[p.health],
        completed=utc(2025, 6, 2, 9),
        shared=utc(2025, 6, 2, 16),
        acknowledged=[p.council, p.police],
        actions=[(date(2025, 6, 10), date(2025, 6, 9))],
    )
    # M5 - held 30.0 hours after the threshold -> late; health neither came nor sent anything; the record is still
    #      being written (no voice yet). Two actions: 20 July (overdue) and 1 November (due today: not overdue).
    eve = p.child("Eve")
    m["M5"] = p.meeting(
        [eve],
        threshold=utc(2025, 7, 10, 9),
        held=utc(2025, 7, 11, 15),
        attended=[p.council, p.police],
        actions=[(date(2025, 7, 20), None), (date(2025, 11, 1), None)],
        no_voice=[eve],
    )
    # M6 - autumn clock change: threshold 12:00 BST Sat 25 October (11:00 UTC); held 10:00 GMT Sun 26 October: 23.0 real
    #      hours (the wall clock says 22h) -> within. Signed off Mon 27 October 12:00 GMT, due Tue 28 October 12:00 GMT;
    #      never shared, and by 1 November it is late.
    m["M6"] = p.meeting(
        [p.child("Fin", at_school=True)],
        threshold=utc(2025, 10, 25, 11),
        held=utc(2025, 10, 26, 10),
        attended=[p.council, p.police, p.health],
        informed=[p.school],
        completed=utc(2025, 10, 27, 12),
        actions=[(date(2025, 10, 31), None)],
    )
    # M7 - still being convened; due Fri 31 October 09:00 UTC: an open breach on 1 November.
    m["M7"] = p.meeting([p.child("Gus")], threshold=utc(2025, 10, 30, 9))
    # M8 - threshold 23:45 GMT Fri 31 October (last minutes of the period); due 1 November 23:45 UTC: not yet breached.
    m["M8"] = p.meeting([p.child("Hal")], threshold=utc(2025, 10, 31, 23, 45))
    # Outside the period: 23:30 GMT on Fri 28 February (held, with an overdue action), and 00:00 GMT on 1 November.
    m["X1"] = p.meeting(
        [p.child("Ida")],
        threshold=utc(2025, 2, 28, 23, 30),
        held=utc(2025, 3, 1, 1),
        attended=[p.council],
        actions=[(date(2025, 3, 5), None)],
    )
    m["X2"] = p.meeting([p.child("Jo")], threshold=utc(2025, 11, 1, 0, 0))
    return m


def row(agency: Agency, invited: int, attended: int, informed: int, attendance: float, information: float) -> tuple:
    return (agency.name, invited, attended, informed, attendance, information)


def rows(measures: StrategyMeasures) -> list[tuple]:
    return [
        (a.name, a.invited, a.attended, a.informed, a.attendance_rate, a.information_rate) for a in measures.agencies
    ]


def test_the_year_gives_the_hand_computed_figures(p: Partnership, year: dict[str, StrategyMeeting]) -> None:
    measures = strategy_measures(user=p.worker, start=START, end=END, now=NOW)

    # In the period: M1-M8 (X1 is 28 February and X2 is 1 November on the London calendar).
    assert measures.meetings == 8
    # Held: M1-M6.
    assert measures.held == 6
    # Hours to meeting: M1 23.6, M2 34.0, M3 6.5, M4 24.0, M5 30.0, M6 23.0 -> sorted 6.5, 23.0, 23.6, 24.0, 30.0, 34.0;
    # median (23.6 + 24.0) / 2 = 23.8; p90 nearest rank ceil(0.9 * 6) = 6th = 34.0.
    assert measures.hours_to_meeting_median == 23.8
    assert measures.hours_to_meeting_p90 == 34.0
    # Within 24 hours: M1, M3, M4 (exactly 24.0), M6 = 4 of 6 = 66.7%.
    assert measures.pct_within_target == 66.7
    # Over the held meetings M1-M6 (informed = sent information or attended):
    #   Health:    invited 6; attended M2 M3 M6 = 3 (50.0%); informed + M1 M4 = 5 (83.3%)
    #   Council:   invited 6; attended all 6 (100.0%); informed 6 (100.0%)
    #   Police:    invited 6; attended M1 M3 M4 M5 M6 = 5 (83.3%); informed 5 (M3's information as well counts once)
    #   School:    invited M2 M3 M6 = 3; attended M3 = 1 (33.3%); informed M2 M6 + M3 = 3 (100.0%)
    #   Probation: invited M4 = 1; attended 0 (0.0%); informed 0 (0.0%)
    assert rows(measures) == [
        row(p.health, 6, 3, 5, 50.0, 83.3),
        row(p.council, 6, 6, 6, 100.0, 100.0),
        row(p.police, 6, 5, 5, 83.3, 83.3),
        row(p.school, 3, 1, 3, 33.3, 100.0),
        row(p.probation, 1, 0, 0, 0.0, 0.0),
    ]
    assert measures.agencies[0].agency_id == p.health.pk
    # Signed off M1 M2 M3 M4 M6, all due by 1 November: on time M1, M3 (over Easter), M4 = 3 of 5 = 60.0%.
    assert measures.pct_shared_within_target == 60.0
    # Shared with: M1 3 agencies, M2 4, M3 4, M4 4 (with probation) = 15; acknowledged 3 + 2 + 4 + 2 = 11 -> 73.3%.
    assert measures.pct_acknowledged == 73.3
    # Children of signed-off meetings: M1 Ava, M2 Bea (blank), M3 Cal and Cat (blank), M4 Dan, M6 Fin = 6;
    # with a voice 4 -> 66.7%. (M5's Eve has no voice yet but her record is not signed off.)
    assert measures.pct_child_voice == 66.7
    # Not done and due before 1 November: M2 (7 April), M3 (25 April), M5 (20 July), M6 (31 October) = 4;
    # M5's action due today is not overdue, X1's is outside the period, M1's and M4's are done.
    assert measures.actions_overdue == 4
    # Still being convened past the deadline: M7 (M8 is due tonight, X2 is outside the period).
    assert measures.breaches_open == 1
    assert (measures.start, measures.end) == (START, END)


def test_the_whole_result_is_exactly_the_hand_computed_one(p: Partnership, year: dict[str, StrategyMeeting]) -> None:
    assert strategy_measures(user=p.worker, start=START, end=END, agency_id=p.probation.pk, now=NOW) == (
        StrategyMeasures(
            start=START,
            end=END,
            # Only M4 had probation invited: held exactly 24.0 hours after the threshold.
            meetings=1,
            held=1,
            hours_to_meeting_median=24.0,
            hours_to_meeting_p90=24.0,
            pct_within_target=100.0,
            agencies=(
                AgencyMeasures(p.health.pk, p.health.name, 1, 0, 1, 0.0, 100.0),
                AgencyMeasures(p.council.pk, p.council.name, 1, 1, 1, 100.0, 100.0),
                AgencyMeasures(p.police.pk, p.police.name, 1, 1, 1, 100.0, 100.0),
                AgencyMeasures(p.probation.pk, p.probation.name, 1, 0, 0, 0.0, 0.0),
            ),
            pct_shared_within_target=100.0,
            # Shared with 4 agencies, acknowledged by council and police.
            pct_acknowledged=50.0,
            pct_child_voice=100.0,
            actions_overdue=0,
            breaches_open=0,
        )
    )


def test_filtering_by_the_school_counts_only_the_meetings_it_was_invited_to(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    measures = strategy_measures(user=p.worker, start=START, end=END, agency_id=p.school.pk, now=NOW)
    # The school was invited to M2, M3 and M6 (its pupils), all held.
    assert (measures.meetings, measures.held) == (3, 3)
    # Hours 34.0, 6.5, 23.0 -> median 23.0; p90 rank ceil(2.7) = 3rd = 34.0; within M3 and M6 = 2 of 3.
    assert (measures.hours_to_meeting_median, measures.hours_to_meeting_p90) == (23.0, 34.0)
    assert measures.pct_within_target == 66.7
    # Over M2, M3, M6: health came to all three; police missed M2; the school came to M3 and informed the other two.
    assert rows(measures) == [
        row(p.health, 3, 3, 3, 100.0, 100.0),
        row(p.council, 3, 3, 3, 100.0, 100.0),
        row(p.police, 3, 2, 2, 66.7, 66.7),
        row(p.school, 3, 1, 3, 33.3, 100.0),
    ]
    # Shared on time: M3 only of M2, M3, M6 -> 33.3%. Acknowledged: M2 2 of 4, M3 4 of 4 -> 6 of 8 = 75.0%.
    assert measures.pct_shared_within_target == 33.3
    assert measures.pct_acknowledged == 75.0
    # Voices: Bea (blank), Cal, Cat (blank), Fin -> 2 of 4 = 50.0%. Overdue actions: M2, M3, M6.
    assert measures.pct_child_voice == 50.0
    assert (measures.actions_overdue, measures.breaches_open) == (3, 0)


def test_filtering_by_the_police_changes_nothing_because_they_are_invited_to_every_meeting(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    everything = strategy_measures(user=p.worker, start=START, end=END, now=NOW)
    assert strategy_measures(user=p.worker, start=START, end=END, agency_id=p.police.pk, now=NOW) == everything


def test_an_invited_agencys_practitioner_sees_the_same_meetings(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    assert strategy_measures(user=p.officer, start=START, end=END, now=NOW) == strategy_measures(
        user=p.worker, start=START, end=END, now=NOW
    )


def nothing(start: date = START, end: date = END) -> StrategyMeasures:
    return StrategyMeasures(
        start=start,
        end=end,
        meetings=0,
        held=0,
        hours_to_meeting_median=None,
        hours_to_meeting_p90=None,
        pct_within_target=None,
        agencies=(),
        pct_shared_within_target=None,
        pct_acknowledged=None,
        pct_child_voice=None,
        actions_overdue=0,
        breaches_open=0,
    )


def test_a_practitioner_of_an_agency_not_involved_sees_no_meetings(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    assert strategy_measures(user=p.outsider, start=START, end=END, now=NOW) == nothing()


def test_an_oversight_viewer_sees_the_figures_of_every_meeting(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    everything = strategy_measures(user=p.viewer, start=START, end=END, now=NOW)
    assert everything != nothing()
    assert everything.meetings == len(
        [m for m in year.values() if START <= london_date(m.threshold_at) <= END and m.state != "cancelled"]
    )


def test_an_agency_invited_nowhere_gives_nothing_and_never_divides_by_zero(
    p: Partnership, year: dict[str, StrategyMeeting]
) -> None:
    assert strategy_measures(user=p.worker, start=START, end=END, agency_id=p.youth.pk, now=NOW) == nothing()


def test_a_record_not_yet_due_is_not_counted_as_late(p: Partnership, year: dict[str, StrategyMeeting]) -> None:
    # At 11:00 UTC on Tue 28 October, M6's record is due at 12:00: not yet counted. M1, M3, M4 on time of 4 = 75.0%.
    # M7's deadline (31 October) has not passed, so no breach is open.
    earlier = strategy_measures(user=p.worker, start=START, end=END, now=utc(2025, 10, 28, 11))
    assert earlier.pct_shared_within_target == 75.0
    assert earlier.breaches_open == 0
    # An hour after M6's deadline it counts as late: 3 of 5.
    later = strategy_measures(user=p.worker, start=START, end=END, now=utc(2025, 10, 28, 12, 1))
    assert later.pct_shared_within_target == 60.0


def test_a_cancelled_meeting_is_not_counted(p: Partnership, year: dict[str, StrategyMeeting]) -> None:
    # M7 (the open breach) turns out not to need a meeting: it leaves the count and the breaches.
    StrategyMeeting.objects.filter(pk=year["M7"].pk).update(state=MeetingState.CANCELLED)
    measures = strategy_measures(user=p.worker, start=START, end=END, now=NOW)
    assert (measures.meetings, measures.breaches_open) == (7, 0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 28), ["X1"]),  # 23:30 GMT on 28 February
        (date(2025, 3, 1), []),
        (date(2025, 5, 31), []),  # 23:30 UTC on 31 May is already 1 June in England
        (date(2025, 6, 1), ["M4"]),
        (date(2025, 10, 31), ["M8"]),  # 23:45 GMT on 31 October
        (date(2025, 11, 1), ["X2"]),
    ],
)
def test_a_period_is_whole_london_days(
    p: Partnership, year: dict[str, StrategyMeeting], day: date, expected: list[str]
) -> None:
    assert strategy_measures(user=p.worker, start=day, end=day, now=NOW).meetings == len(expected)


def test_the_result_cannot_be_changed(p: Partnership) -> None:
    measures = strategy_measures(user=p.worker, start=START, end=END, now=NOW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        measures.meetings = 5  # type: ignore[misc]


def test_the_number_of_queries_does_not_grow_with_the_meetings(p: Partnership) -> None:
    def build(count: int) -> None:
        for n in range(count):
            threshold = utc(2025, 5, 1, 9) + timedelta(hours=7 * n)
            p.meeting(
                [p.child(f"Kid{n}", at_school=n % 2 == 0)],
                threshold=threshold,
                held=threshold + timedelta(hours=5),
                attended=[p.council, p.police],
                informed=[p.health],
                completed=threshold + timedelta(hours=9),
                shared=threshold + timedelta(hours=20),
                acknowledged=[p.police],
                actions=[(date(2025, 5, 25), None)],
            )

    def queries() -> int:
        user = User.objects.get(pk=p.worker.pk)  # a fresh user: memberships are read once, as in a request
        with CaptureQueriesContext(connection) as captured:
            measures = strategy_measures(user=user, start=START, end=END, now=NOW)
        assert measures.meetings == MeetingChild.objects.filter(meeting__threshold_at__lt=NOW).count()
        return len(captured)

    build(3)
    few = queries()
    build(27)
    assert StrategyMeeting.objects.count() == 30
    assert MeetingAction.objects.count() == 30
    many = queries()
    assert few == many
    assert many == 5  # memberships, meetings, invitations, children, overdue actions
