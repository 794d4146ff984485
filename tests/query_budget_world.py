"""More of every kind of record the matrix world's user can see, so a page's query count can be measured twice."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from partnership.access.models import AccessEvent
from partnership.access.services import api_token_create
from partnership.audits.models import AgencyReturn, RoundCase
from partnership.children.models import Child, ChronologyEvent, Involvement, VoiceEntry
from partnership.encompass.models import Closure, ClosureKind
from partnership.measures.models import ActionIndicator
from partnership.plans import services as plan_services
from partnership.plans.governance import evidence_add_link
from partnership.plans.models import Action, ProgressUpdate
from partnership.strategy.models import Invitation, MeetingChild
from tests.audits.builders import build_audit_world
from tests.children.builders import build_child, build_risk_records
from tests.encompass.builders import enrol, entry_for, make_child, record_incident
from tests.factories import AgencyFactory, TeamFactory, make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.measures.builders import make_indicator, put_value, quarter
from tests.strategy.builders import build_meeting

MORE = 3
_numbers = count(1)


def _chronology(child: Child, world: SimpleNamespace) -> None:
    """Events and the child's voice recorded by the user's agency and another agency."""
    now = timezone.now()
    for hours, agency in enumerate((world.agency, world.other_team.agency, world.agency), start=1):
        ChronologyEvent.objects.create(
            child=child,
            occurred_at=now - timedelta(hours=hours),
            event_type="contact",
            summary="Seen at school with a bruise",
            source_agency=agency,
            recorded_by=world.own_person,
        )
    VoiceEntry.objects.create(
        child=child,
        words="I like it at nan's",
        method="conversation",
        gathered_on=timezone.localdate(),
        gathered_by="Social worker",
        agency=world.agency,
        recorded_by=world.own_person,
    )


def _grow_children(world: SimpleNamespace) -> list[Child]:
    """Children the user's agency works with, each with a chronology, a contact, an enquiry and a meeting."""
    children = []
    for _ in range(MORE):
        number = next(_numbers)
        child = build_child(agency=world.agency, local_child_id=f"GROW-{number}", first_name=f"Grown{number}")
        Involvement.objects.create(
            child=child, agency=world.other_team.agency, service="Also known", started_on=timezone.localdate()
        )
        _chronology(child, world)
        build_risk_records(child=child, agency=world.agency)
        contact = build_contact(child=child, by=world.own_person, concern="Another worry")
        build_enquiry(contact=contact, by=world.own_person, agencies=[world.agency, world.other_team.agency])
        meeting = build_meeting(child=child, agency=world.agency, by=world.own_person, invited=[world.agency])
        Invitation.objects.create(meeting=meeting, agency=world.other_team.agency, why="Knows the family")
        MeetingChild.objects.create(meeting=world.own_meeting, child=child)
        children.append(child)
    _chronology(world.own_child, world)
    build_risk_records(child=world.own_child, agency=world.agency)
    for _ in range(MORE):
        contact = build_contact(child=world.own_child, by=world.own_person, concern="Yet another worry")
        contact.children.add(*children)
    extra_agency: Any = AgencyFactory()
    Invitation.objects.create(meeting=world.own_meeting, agency=extra_agency, why="Knows the family")
    return children


def _grow_encompass(world: SimpleNamespace) -> None:
    """Incidents that tell the user's school about more children, with their exceptions and closures."""
    officer = world.incident.recorded_by
    for index in range(MORE):
        pupils = []
        for _ in range(2):
            number = next(_numbers)
            pupil = make_child(
                by=officer, first_name=f"Pupil{number}", last_name="Grown", date_of_birth=date(2016, 1, 1)
            )
            enrol(pupil, world.own_setting)
            enrol(pupil, world.other_setting)
            pupils.append(pupil)
        record_incident(by=officer, children=[*map(entry_for, pupils)], occurred=f"2026-11-1{index} 18:30")
        day = date(2027, 1, 5) + timedelta(days=next(_numbers))
        Closure.objects.create(setting=world.own_setting, day=day, kind=ClosureKind.INSET)
        Closure.objects.create(setting=None, day=day, kind=ClosureKind.HOLIDAY)


def _grow_plan(world: SimpleNamespace) -> None:
    """Actions led by the user, each with an update this quarter, evidence, scrutiny and a linked indicator."""
    inspection = world.action.inspection
    theme = world.action.theme
    for _ in range(MORE):
        number = next(_numbers)
        finding = plan_services.finding_create(
            inspection=inspection, reference=f"G{number}", kind="area_for_improvement", text="Grown finding"
        )
        action = plan_services.action_create(
            inspection=inspection,
            theme=theme,
            reference=f"9.{number}",
            title=f"Grown action {number}",
            timescale_months=6,
            expected_impact="Better practice",
            owner_agency=world.agency,
            lead=world.user,
            findings=[finding, world.finding],
        )
        update = ProgressUpdate.objects.create(period=world.period, action=action, requested_from=world.user)
        evidence_add_link(actor=world.user, update=update, url="https://example.org/g", description="Minutes")
        plan_services.scrutiny_add(action=action, activity="Audit of records", who="Audit team")
        ActionIndicator.objects.create(action=action, indicator=world.indicator, added_by=world.own_person)
    for action in Action.objects.filter(pk__in=[world.action.pk, world.other_action.pk]):
        plan_services.scrutiny_add(action=action, activity="Dip sample", who="Managers")


def _grow_measures(world: SimpleNamespace) -> None:
    """More indicators with values, and more breakdown cells and quarters of the matrix indicator."""
    for index in range(MORE):
        indicator = make_indicator(is_priority=index == 0, breakdowns=["agency"], owner=world.user, source="manual")
        put_value(indicator, quarter("2026-04-01"), 5, 10)
        put_value(world.indicator, quarter("2026-04-01"), 4, 9, breakdown="agency", key=f"grown-{index}")
        put_value(world.indicator, quarter(f"2025-{1 + 3 * index:02d}-01"), 20, 40)


def _grow_people(world: SimpleNamespace) -> None:
    """Colleagues, teams, agencies, tokens and access events."""
    for _ in range(MORE):
        colleague = make_person(agency=world.agency, team=world.own_team)
        new_team: Any = TeamFactory(agency=world.agency)
        make_person(agency=world.agency, team=new_team)
        AgencyFactory()
        api_token_create(user=world.user, name=f"grown-{next(_numbers)}")
        AccessEvent.objects.create(
            user=colleague, agency=world.agency, action=AccessEvent.Action.VIEW, object_type="child", object_id="1"
        )


def _grow_audits(world: SimpleNamespace, children: list[Child]) -> None:
    """Another set of rounds, and more cases with returns of the user's agency in the existing rounds."""
    build_audit_world(user=world.user, agency=world.agency, own_child=children[0], other_child=world.other_child)
    for audit_round in (world.auditing_round, world.moderating_round):
        for child in children:
            case = RoundCase.objects.create(round=audit_round, child=child, chosen_by="by_hand", stratum="Grown")
            AgencyReturn.objects.create(round_case=case, agency=world.agency)
            AgencyReturn.objects.create(round_case=case, agency=world.other_team.agency)


def grow(world: SimpleNamespace) -> None:
    """Add more of every kind of record the world's user can see: children, contacts, meetings, notifications,
    actions and updates, indicators, people and (when the world has them) audit rounds."""
    children = _grow_children(world)
    _grow_encompass(world)
    _grow_plan(world)
    _grow_measures(world)
    _grow_people(world)
    if hasattr(world, "auditing_round"):
        _grow_audits(world, children)
