"""Every built-in calculator over one small hand-built partnership, counted by hand: the quarter January to March
2026, with records on both sides of its London edges (31 March 23:30 BST is in, 1 April 00:30 BST is out), a
deadline met to the minute, a re-referral exactly 365 days after the first, cancelled meetings, blank voices,
work not yet due, and exceptions resolved after the quarter ended. And the calculators' queries do not grow with
the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.children.models import Child
from partnership.core.clocks import LONDON
from partnership.encompass.models import EncompassException, Incident, IncidentChild, Notification, Setting
from partnership.frontdoor.models import Contact, Feedback, MashEnquiry, ResearchRequest
from partnership.measures.builtin import builtin_definitions
from partnership.measures.definitions import Cell, Definition
from partnership.measures.rules import period_containing, value_of
from partnership.strategy.models import Invitation, MeetingChild, MeetingState, StrategyMeeting
from tests.children.builders import build_child
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PERIOD = period_containing("quarter", datetime(2026, 2, 1).date())  # January to March 2026
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=LONDON)  # the morning after the quarter ended
AREAS = {"strategy", "frontdoor", "encompass"}
_numbers = count(1)


def at(text: str) -> datetime:
    """A London wall-clock time, written YYYY-MM-DD HH:MM."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def maybe(text: str | None) -> datetime | None:
    return at(text) if text else None


@dataclass
class World:
    council: Agency
    police: Agency
    health: Agency
    probation: Agency
    school: Agency
    worker: User
    children: dict[str, Child]
    setting: Setting


def make_world(*, council: Agency, police: Agency, health: Agency, probation: Agency, school: Agency) -> World:
    """The agencies, a social worker, twelve children named by a letter, and the school's Encompass setting."""
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    children = {name: build_child(agency=council, local_child_id=f"K-{name}", first_name=name) for name in "ABCDEFG"}
    children.update(
        {name: build_child(agency=council, local_child_id=f"K-{name}", first_name=name) for name in "VWXYZ"}
    )
    setting = Setting.objects.create(
        name=school.name, urn="114001", setting_type="community", phase="primary", agency=school
    )
    return World(council, police, health, probation, school, worker, children, setting)


@pytest.fixture
def world(council: Agency, police: Agency, health: Agency, probation: Agency, school: Agency) -> World:
    return make_world(council=council, police=police, health=health, probation=probation, school=school)


# ---------------------------------------------------------------- strategy meetings


def meeting(
    world: World,
    *,
    lead: Agency,
    threshold: str,
    held: str | None = None,
    completed: str | None = None,
    share_due: str | None = None,
    shared: str | None = None,
    state: str = MeetingState.SHARED,
    children: dict[str, tuple[str, str]] | None = None,
    invited: dict[Agency, tuple[bool | None, str | None]] | None = None,
) -> StrategyMeeting:
    """A meeting with its children (name: (Section 47 decision, voice)) and invitations (agency: (attended,
    information sent at))."""
    threshold_at = at(threshold)
    record = StrategyMeeting.objects.create(
        threshold_at=threshold_at,
        threshold_reason="Injury seen at school",
        recorded_by=world.worker,
        lead_agency=lead,
        convene_due_at=threshold_at + timedelta(hours=24),
        state=state,
        held_at=maybe(held),
        completed_at=maybe(completed),
        share_due_at=maybe(share_due),
        shared_at=maybe(shared),
    )
    for name, (s47, voice) in (children or {}).items():
        MeetingChild.objects.create(meeting=record, child=world.children[name], s47=s47, voice_summary=voice)
    for agency, (attended, information) in (invited or {}).items():
        Invitation.objects.create(
            meeting=record, agency=agency, why="Knows the family", attended=attended, information_at=maybe(information)
        )
    return record


def build_strategy(world: World) -> None:
    w = world
    # M1, council: 6 hours, on time; record shared on time.
    meeting(
        w,
        lead=w.council,
        threshold="2026-01-05 09:00",
        held="2026-01-05 15:00",
        completed="2026-01-05 18:00",
        share_due="2026-01-06 18:00",
        shared="2026-01-06 10:00",
        children={"A": ("yes", "She said she is scared when they shout.")},
        invited={w.police: (True, None), w.health: (False, "2026-01-05 14:00"), w.school: (None, None)},
    )
    # M2, council: 48 hours, late; record shared late.
    meeting(
        w,
        lead=w.council,
        threshold="2026-01-12 10:00",
        held="2026-01-14 10:00",
        completed="2026-01-14 12:00",
        share_due="2026-01-15 12:00",
        shared="2026-01-16 09:00",
        children={"B": ("yes", ""), "C": ("no", "   \n ")},
        invited={w.police: (False, None), w.health: (True, None)},
    )
    # M3, police: held exactly at the 24-hour deadline (on time); signed off, never shared, long due.
    meeting(
        w,
        lead=w.police,
        threshold="2026-02-02 08:00",
        held="2026-02-03 08:00",
        completed="2026-02-03 12:00",
        share_due="2026-02-04 12:00",
        state=MeetingState.COMPLETED,
        children={"D": ("yes", "Wants to stay with his nan.")},
        invited={w.council: (True, None), w.health: (None, None)},
    )
    # M4, police: threshold on the last day (BST), 12 hours; signed off, sharing due after NOW.
    meeting(
        w,
        lead=w.police,
        threshold="2026-03-31 00:10",
        held="2026-03-31 12:10",
        completed="2026-03-31 14:00",
        share_due="2026-04-01 14:00",
        state=MeetingState.COMPLETED,
        children={"E": ("", "Likes school.")},
        invited={w.council: (True, None), w.school: (False, "2026-03-31 11:00")},
    )
    # M5: still being convened, threshold late on the last day of the quarter; nothing counts it yet.
    meeting(
        w,
        lead=w.council,
        threshold="2026-03-31 23:30",
        state=MeetingState.CONVENING,
        children={"F": ("", "Said nothing yet.")},
        invited={w.police: (None, "2026-03-31 23:50")},
    )
    # M6: cancelled, though it has a held time and a Section 47 decision: never counted.
    meeting(
        w,
        lead=w.council,
        threshold="2026-02-10 09:00",
        held="2026-02-10 12:00",
        completed="2026-02-10 13:00",
        state=MeetingState.CANCELLED,
        children={"G": ("yes", "A voice.")},
        invited={w.health: (True, None)},
    )
    # M7: threshold on New Year's Eve (outside), held on 1 January (inside): counts only for Section 47.
    meeting(
        w,
        lead=w.council,
        threshold="2025-12-31 23:30",
        held="2026-01-01 10:00",
        completed="2026-01-01 12:00",
        share_due="2026-01-02 12:00",
        shared="2026-01-01 13:00",
        children={"G": ("yes", "Wants it to stop.")},
        invited={w.police: (True, None)},
    )
    # M8: threshold at 00:30 BST on 1 April (23:30 UTC on 31 March), held that morning: outside everything.
    meeting(
        w,
        lead=w.council,
        threshold="2026-04-01 00:30",
        held="2026-04-01 08:00",
        children={"F": ("yes", "")},
        invited={w.health: (True, None)},
    )


# ---------------------------------------------------------------- front door


def contact(
    world: World,
    *,
    received: str,
    children: str = "",
    priority: str = "amber",
    decided: str | None = None,
    outcome: str = "",
    joint: bool = False,
    research: Sequence[tuple[Agency, str, str | None]] = (),
    feedback: Sequence[tuple[bool, str | None]] = (),
) -> Contact:
    """A contact received at `received` (decision due a day later) about the named children, with its enquiry,
    research (agency, due, returned) and feedback (to the referrer, told at)."""
    received_at = at(received)
    record = Contact.objects.create(
        received_at=received_at,
        source="2A",
        concern="Bruise seen at school",
        decision_due_at=received_at + timedelta(days=1),
        recorded_by=world.worker,
    )
    record.children.add(*[world.children[name] for name in children])
    enquiry = MashEnquiry.objects.create(
        contact=record,
        priority=priority,
        priority_reason="Injury",
        screener=world.worker,
        decided_at=maybe(decided),
        outcome=outcome,
        is_joint=joint,
    )
    for agency, due, returned in research:
        ResearchRequest.objects.create(enquiry=enquiry, agency=agency, due_at=at(due), returned_at=maybe(returned))
    for to_referrer, told in feedback:
        Feedback.objects.create(contact=record, to_referrer=to_referrer, told_at=maybe(told))
    return record


def build_frontdoor(world: World) -> None:
    w = world
    # Earlier history, all before the quarter: B's referral 365 days and 6 hours before C1's decision (too long
    # ago), B's advice (not a referral), and D's referral exactly 365 days before C5's decision (a re-referral).
    contact(w, received="2025-01-05 10:00", children="B", decided="2025-01-06 08:59", outcome="assessment")
    contact(w, received="2025-11-01 10:00", children="B", decided="2025-11-01 16:00", outcome="advice")
    contact(w, received="2025-01-01 10:00", children="D", decided="2025-01-02 10:00", outcome="assessment")
    # C1: A and B, decided on time, jointly, for an assessment: two child referrals.
    contact(
        w,
        received="2026-01-06 09:00",
        children="AB",
        decided="2026-01-06 15:00",
        outcome="assessment",
        joint=True,
        research=[
            (w.police, "2026-01-07 09:00", "2026-01-06 12:00"),
            (w.health, "2026-01-07 09:00", "2026-01-08 10:00"),
        ],
        feedback=[(True, "2026-01-06 16:00"), (False, "2026-01-06 16:05")],
    )
    # C2: C, red, decided late, not jointly, no further action.
    contact(
        w,
        received="2026-01-20 10:00",
        children="C",
        priority="red",
        decided="2026-01-22 10:00",
        outcome="nfa",
        research=[(w.police, "2026-01-20 14:00", "2026-01-20 14:00"), (w.probation, "2026-01-20 14:00", None)],
        feedback=[(True, None)],
    )
    # C3: A again, green, decided exactly at its deadline, jointly, for a strategy discussion: A's re-referral.
    contact(
        w,
        received="2026-02-15 11:00",
        children="A",
        priority="green",
        decided="2026-02-16 11:00",
        outcome="strategy",
        joint=True,
        research=[(w.health, "2026-02-18 11:00", "2026-02-17 09:00")],
        feedback=[(True, "2026-02-16 12:00")],
    )
    # C4: nobody identified yet, received 23:30 BST on the last day; undecided; police research not yet due.
    contact(
        w,
        received="2026-03-31 23:30",
        research=[(w.police, "2026-04-01 12:00", None), (w.health, "2026-04-01 12:00", "2026-04-01 08:00")],
        feedback=[(True, None)],
    )
    # C5: D, received on New Year's Eve (outside), decided on 2 January for an assessment: a referral in the quarter.
    contact(
        w,
        received="2025-12-31 23:45",
        children="D",
        decided="2026-01-02 10:00",
        outcome="assessment",
        research=[(w.police, "2026-01-01 09:00", "2026-01-02 09:00")],
        feedback=[(True, "2026-01-02 11:00")],
    )
    # C6: E, received 00:30 BST on 1 April and decided that morning: outside everything.
    contact(w, received="2026-04-01 00:30", children="E", decided="2026-04-01 08:00", outcome="assessment")


# ---------------------------------------------------------------- Operation Encompass


def incident(
    world: World,
    *,
    occurred: str,
    risk: str,
    notified: dict[str, tuple[str | None, str, str | None]] | None = None,
    exceptions: dict[str, tuple[str, str | None]] | None = None,
) -> Incident:
    """An incident with notifications (child: (deadline, issued, acknowledged)) and exceptions (child: (raised,
    resolved))."""
    record = Incident.objects.create(
        police_reference=f"DUR-{next(_numbers):06d}",
        occurred_at=at(occurred),
        place="The family home",
        risk_level=risk,
        officer_name="PC 1234 Example",
        recorded_by=world.worker,
    )
    for name, (deadline, issued, acknowledged) in (notified or {}).items():
        child = IncidentChild.objects.create(incident=record, child=world.children[name], present=True)
        Notification.objects.create(
            incident_child=child,
            setting=world.setting,
            deadline_at=maybe(deadline),
            issued_at=at(issued),
            issued_by=world.worker,
            acknowledged_at=maybe(acknowledged),
        )
    for name, (raised, resolved) in (exceptions or {}).items():
        child = IncidentChild.objects.create(
            incident=record, child=world.children[name], present=True, status="exception"
        )
        exception = EncompassException.objects.create(
            incident_child=child, reason="no_setting", resolved_at=maybe(resolved)
        )
        EncompassException.objects.filter(pk=exception.pk).update(created_at=at(raised))
    return record


def build_encompass(world: World) -> None:
    w = world
    # I1, high: A sent and acknowledged on time; X's exception resolved in 6 hours.
    incident(
        w,
        occurred="2026-01-09 19:00",
        risk="high",
        notified={"A": ("2026-01-12 08:45", "2026-01-09 21:00", "2026-01-12 08:00")},
        exceptions={"X": ("2026-01-09 21:00", "2026-01-10 03:00")},
    )
    # I2, medium: B sent and acknowledged late; C sent on time, never acknowledged (long due); Y resolved in 12
    # hours; Z still open.
    incident(
        w,
        occurred="2026-02-06 22:00",
        risk="medium",
        notified={
            "B": ("2026-02-09 08:45", "2026-02-09 09:00", "2026-02-09 10:00"),
            "C": ("2026-02-09 08:45", "2026-02-07 07:00", None),
        },
        exceptions={"Y": ("2026-02-07 07:00", "2026-02-07 19:00"), "Z": ("2026-02-07 07:00", None)},
    )
    # I3, standard, 21:00 BST on the last day: D sent on time, due after NOW (INSET day next), not acknowledged;
    # E's setting has no calendar (no deadline); W's exception resolved after the quarter ended (10 hours).
    incident(
        w,
        occurred="2026-03-31 21:00",
        risk="standard",
        notified={"D": ("2026-04-02 08:45", "2026-03-31 22:00", None), "E": (None, "2026-03-31 23:00", None)},
        exceptions={"W": ("2026-03-31 22:00", "2026-04-01 08:00")},
    )
    # I4 at 00:30 BST on 1 April and I5 on New Year's Eve: outside the quarter.
    incident(
        w,
        occurred="2026-04-01 00:30",
        risk="high",
        notified={"F": ("2026-04-01 08:45", "2026-04-01 01:00", "2026-04-01 08:00")},
    )
    incident(
        w,
        occurred="2025-12-31 22:00",
        risk="medium",
        notified={"G": ("2026-01-05 08:45", "2026-01-01 10:00", None)},
        exceptions={"V": ("2026-01-01 09:00", None)},
    )


# ---------------------------------------------------------------- the hand count

# Each row: (breakdown, key, numerator, denominator, value). An agency's key is written as its fixture name.
Row = tuple[str, str, int | None, int | None, str | None]

EXPECTED: dict[str, list[Row]] = {
    # Held, threshold in the quarter: M1 on time, M2 late, M3 on time (to the minute), M4 on time = 3 of 4.
    # Council led M1, M2 (1 of 2); police led M3, M4 (2 of 2). M5 not held, M6 cancelled, M7/M8 outside.
    "strategy-convened-on-time": [
        ("", "", 3, 4, "75.00"),
        ("agency", "council", 1, 2, "50.00"),
        ("agency", "police", 2, 2, "100.00"),
    ],
    # Hours to meet: M1 6, M4 12, M3 24, M2 48; the median of four is (12 + 24) / 2 = 18.
    "strategy-hours-to-meet": [("", "", None, 4, "18.00")],
    # Invitations to M1–M4: M1 police attended, health sent information, school nothing; M2 police nothing,
    # health attended; M3 council attended, health nothing; M4 council attended, school sent information: 3 + 2 +
    # 2 + 2 = 9 invitations, 6 of them attended or informed.
    # By agency (names in order): council 2 of 2, health 2 of 3, police 1 of 2, school (Hilltop) 1 of 2.
    "strategy-agency-contribution": [
        ("", "", 6, 9, "66.67"),
        ("agency", "health", 2, 3, "66.67"),
        ("agency", "council", 2, 2, "100.00"),
        ("agency", "police", 1, 2, "50.00"),
        ("agency", "school", 1, 2, "50.00"),
    ],
    # Signed off: M1 shared on time, M2 shared late, M3 not shared and due 4 February (late); M4 due after NOW,
    # left out = 1 of 3.
    "strategy-record-shared-on-time": [("", "", 1, 3, "33.33")],
    # Children of signed-off meetings: A (voice), B (blank), C (only spaces), D (voice), E (voice) = 3 of 5.
    "strategy-child-voice": [("", "", 3, 5, "60.00")],
    # Held in the quarter with a Section 47 decision: A (M1), B (M2), D (M3), G (M7, held 1 January) = 4;
    # C decided no, E undecided, G in M6 cancelled, F in M8 held in April.
    "strategy-s47-enquiries": [("", "", 4, None, "4.00")],
    # Children of contacts received in the quarter: C1 A and B, C2 C, C3 A, C4 nobody = 4.
    "frontdoor-contacts": [("", "", 4, None, "4.00")],
    # Received and decided: C1 on time, C2 late, C3 exactly at the deadline = 2 of 3 (C4 undecided).
    "frontdoor-decided-on-time": [("", "", 2, 3, "66.67")],
    # Research for C1–C4 returned or due: C1 police on time, health late; C2 police on time (to the minute),
    # probation never (late); C3 health on time; C4 health returned on time (police not yet due) = 4 of 6.
    # By agency: health 2 of 3, police 2 of 2, probation 0 of 1. By priority: red (C2) 1 of 2, amber (C1, C4)
    # 2 of 3, green (C3) 1 of 1.
    "frontdoor-research-on-time": [
        ("", "", 4, 6, "66.67"),
        ("agency", "health", 2, 3, "66.67"),
        ("agency", "police", 2, 2, "100.00"),
        ("agency", "probation", 0, 1, "0.00"),
        ("priority", "red", 1, 2, "50.00"),
        ("priority", "amber", 2, 3, "66.67"),
        ("priority", "green", 1, 1, "100.00"),
    ],
    # Decided enquiries of the quarter's contacts: C1 joint, C2 not, C3 joint = 2 of 3.
    "frontdoor-joint-decisions": [("", "", 2, 3, "66.67")],
    # Feedback of C1–C4: C1 two told, C2 not told, C3 told, C4 not told = 3 of 5.
    "frontdoor-feedback-given": [("", "", 3, 5, "60.00")],
    # Decided in the quarter as referrals: C5 D (2 January), C1 A and B, C3 A = 4; C2 was no further action.
    "frontdoor-referrals": [("", "", 4, None, "4.00")],
    # Of those: C3 A (referred by C1 on 6 January) and C5 D (referred exactly 365 days before) = 2 of 4; C1 A has
    # nothing before, C1 B's referral was 365 days and 6 hours before and its advice is no referral.
    "frontdoor-re-referrals": [("", "", 2, 4, "50.00")],
    # Notifications after incidents in the quarter: I1 A (high), I2 B and C (medium), I3 D and E (standard) = 5.
    "encompass-notifications": [
        ("", "", 5, None, "5.00"),
        ("risk_level", "standard", 2, None, "2.00"),
        ("risk_level", "medium", 2, None, "2.00"),
        ("risk_level", "high", 1, None, "1.00"),
    ],
    # Issued by the deadline: A yes, B no, C yes, D yes, E no (no deadline) = 3 of 5.
    "encompass-sent-on-time": [
        ("", "", 3, 5, "60.00"),
        ("risk_level", "standard", 1, 2, "50.00"),
        ("risk_level", "medium", 1, 2, "50.00"),
        ("risk_level", "high", 1, 1, "100.00"),
    ],
    # Acknowledged or due at NOW: A on time, B late, C never (late) = 1 of 3; D not yet due and E without a
    # deadline are left out, so standard has no cell.
    "encompass-acknowledged-on-time": [
        ("", "", 1, 3, "33.33"),
        ("risk_level", "medium", 0, 2, "0.00"),
        ("risk_level", "high", 1, 1, "100.00"),
    ],
    # Unresolved at the quarter's end (NOW is later): Z open, W resolved on 1 April = 2 (V's incident is outside).
    "encompass-exceptions-unresolved": [("", "", 2, None, "2.00")],
    # Resolved: X 6 hours, W 10 hours, Y 12 hours; the median of three is 10.
    "encompass-hours-to-resolve": [("", "", None, 3, "10.00")],
}


def _computed(definition: Definition, world: World) -> list[Row]:
    assert definition.calculator is not None, definition.key
    cells: list[Cell] = definition.calculator(PERIOD, NOW)
    names = {
        str(agency.pk): name
        for name, agency in [
            ("council", world.council),
            ("police", world.police),
            ("health", world.health),
            ("probation", world.probation),
            ("school", world.school),
        ]
    }
    rows = []
    for cell in cells:
        value = cell.value if cell.value is not None else value_of(definition.unit, cell.numerator, cell.denominator)
        key = names.get(cell.key, cell.key) if cell.breakdown == "agency" else cell.key
        rows.append((cell.breakdown, key, cell.numerator, cell.denominator, None if value is None else str(value)))
    return rows


def _practice_definitions() -> list[Definition]:
    return [definition for definition in builtin_definitions() if definition.area in AREAS]


def test_every_practice_indicator_matches_the_hand_count(world: World) -> None:
    build_strategy(world)
    build_frontdoor(world)
    build_encompass(world)
    definitions = _practice_definitions()
    assert {definition.key for definition in definitions} == set(EXPECTED), "a definition without a hand count"
    for definition in definitions:
        assert _computed(definition, world) == EXPECTED[definition.key], definition.key


def test_each_cell_has_a_label_and_breakdowns_are_the_ones_declared(world: World) -> None:
    build_strategy(world)
    build_frontdoor(world)
    build_encompass(world)
    for definition in _practice_definitions():
        assert definition.calculator is not None
        cells = definition.calculator(PERIOD, NOW)
        assert cells[0].breakdown == ""
        assert all(cell.label for cell in cells)
        assert {cell.breakdown for cell in cells[1:]} <= set(definition.breakdowns)
        assert len({(cell.breakdown, cell.key) for cell in cells}) == len(cells)
    contribution = {d.key: d for d in _practice_definitions()}["strategy-agency-contribution"].calculator
    assert contribution is not None
    agency_labels = [cell.label for cell in contribution(PERIOD, NOW)[1:]]
    assert agency_labels == sorted(agency_labels)
    assert "Hilltop Primary School" in agency_labels


def test_an_empty_period_gives_an_overall_cell_with_nothing_counted(world: World) -> None:
    for definition in _practice_definitions():
        assert definition.calculator is not None
        cells = definition.calculator(PERIOD, NOW)
        assert len(cells) == 1, definition.key
        overall = cells[0]
        assert overall.numerator in (0, None)
        assert overall.value is None
        assert value_of(definition.unit, overall.numerator, overall.denominator) in (None, Decimal(0))


def test_exceptions_unresolved_in_the_current_period_are_counted_at_now(world: World) -> None:
    build_encompass(world)
    calculator = next(d for d in _practice_definitions() if d.key == "encompass-exceptions-unresolved").calculator
    assert calculator is not None
    # On 7 February at 12:00, Y (resolved at 19:00) and Z were both unresolved; X was resolved on 10 January and
    # W's incident had not happened yet.
    assert calculator(PERIOD, at("2026-02-07 12:00"))[0].numerator == 2
    # At 20:00 that day, only Z.
    assert calculator(PERIOD, at("2026-02-07 20:00"))[0].numerator == 1


# ---------------------------------------------------------------- queries do not grow with the data


def _more_of_everything(world: World, copies: int) -> None:
    """Copies of the quarter's records, each with a new agency invited, asked to research and a new risk mix."""
    for number in range(copies):
        agency = Agency.objects.create(kind=AgencyKind.HEALTH, name=f"Trust {number}", short_name=f"T{number}")
        day = f"2026-02-{10 + number % 15:02d}"
        meeting(
            world,
            lead=agency,
            threshold=f"{day} 09:00",
            held=f"{day} 12:00",
            completed=f"{day} 13:00",
            share_due=f"{day} 18:00",
            shared=f"{day} 17:00",
            children={"A": ("yes", "Voice"), "B": ("no", "")},
            invited={agency: (True, None), world.police: (False, None)},
        )
        contact(
            world,
            received=f"{day} 09:00",
            children="AB",
            priority=["red", "amber", "green"][number % 3],
            decided=f"{day} 12:00",
            outcome="assessment",
            research=[(agency, f"{day} 11:00", f"{day} 10:00")],
            feedback=[(True, f"{day} 13:00")],
        )
        incident(
            world,
            occurred=f"{day} 20:00",
            risk=["standard", "medium", "high"][number % 3],
            notified={"C": ("2026-03-02 08:45", f"{day} 21:00", f"{day} 22:00")},
            exceptions={"D": (f"{day} 21:00", f"{day} 23:00")},
        )


def _queries(world: World) -> dict[str, int]:
    counts = {}
    for definition in _practice_definitions():
        assert definition.calculator is not None
        with CaptureQueriesContext(connection) as queries:
            definition.calculator(PERIOD, NOW)
        counts[definition.key] = len(queries.captured_queries)
    return counts


def test_the_queries_of_each_calculator_do_not_grow_with_the_data(world: World) -> None:
    build_strategy(world)
    build_frontdoor(world)
    build_encompass(world)
    few = _queries(world)
    _more_of_everything(world, 12)
    many = _queries(world)
    assert many == few
    assert max(few.values()) <= 3
