"""Generated case file audits: two rounds a year per council with the shipped domestic abuse tool, each sampling
twelve of the council's children who had a domestic abuse contact in the six months before, with returns from the
agencies involved, moderation and recommendations; the latest round may still be auditing at `now`.

The sample is drawn by the audits' own stratified sampler with a seed taken from the run's random source, and the
seed is stored on the round, so the same children come out of a redraw over the same candidates. Practice is graded
a little better in each round than in the one before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from statistics import median_high
from typing import Any

from partnership.access.models import Agency, Role, User
from partnership.audits import sampling, services
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ChosenBy,
    ModeratedGrade,
    Moderation,
    Recommendation,
    ReturnState,
    RoundAuditor,
    RoundCase,
    RoundState,
    SectionGrade,
    SectionKind,
    ToolSection,
)
from partnership.audits.selectors import NO_DECISION, involved_agency_ids
from partnership.audits.tools import DOMESTIC_ABUSE_TOOL
from partnership.children.models import Child
from partnership.core.clocks import add_months
from partnership.frontdoor.models import Contact, MashEnquiry, Outcome
from partnership.frontdoor.selectors import contact_children_for_audits
from partnership.generation.chance import Chance
from partnership.generation.families import Family
from partnership.generation.plans import at, offshoot
from partnership.generation.world import Council
from partnership.generation.writer import RowWriter, refresh_statistics

CASES = 12
MONTHS = 6
WINDOW_DAYS = 20
# Weights of Outstanding, Good, Requires improvement and Inadequate at the start of the generated years and at
# their end; a round in between is graded in proportion.
FIRST_WEIGHTS = (2.0, 28.0, 50.0, 20.0)
LAST_WEIGHTS = (6.0, 46.0, 40.0, 8.0)
WEAKER = {SectionKind.VOICE_OF_THE_CHILD, SectionKind.JOINT_WORKING}
RATIONALES = (
    "The record shows timely, joined-up work with the child at its centre.",
    "Good work on the whole; the gaps were small and put right quickly.",
    "Some good individual work, but it did not add up to a plan for the child.",
    "The child was not kept in view; risk was not followed up.",
)
LEARNING = (
    "The child's own words shaped the plan once every agency recorded them.",
    "School heard the next morning and was part of the plan from the start.",
    "Health history asked for at the front door changed the decision.",
    "Repeat incidents were each treated as the first; the pattern was missed.",
    "The strategy discussion went ahead without the agencies who knew the child best.",
    "The plan named services but not the change the child needed.",
)
RECOMMENDATIONS = (
    "Every agency records what the child said and how they seemed, not only what the adults said.",
    "Health and schools are invited to every strategy discussion where domestic abuse is the concern.",
    "Repeat incidents at the same address are looked at together before each decision.",
    "Plans name the change the child needs and who checks that it happened.",
)


def grade_weights(progress: float, kind: str) -> list[float]:
    """The weights of each grade, best first, for a section of a case graded `progress` (0 to 1) of the way through
    the generated years; the child's voice and joint working lag a little behind the rest."""
    weights = [first + (last - first) * progress for first, last in zip(FIRST_WEIGHTS, LAST_WEIGHTS, strict=True)]
    if kind in WEAKER:
        weights[1], weights[3] = weights[1] - 6.0, weights[3] + 6.0
    return weights


def domestic_abuse_tool() -> AuditTool:
    """The current version of the shipped domestic abuse tool, stored through the audits' service the first time."""
    tool = AuditTool.objects.filter(name=DOMESTIC_ABUSE_TOOL.name, is_current=True).first()
    return tool or services.tool_create_from_template(actor=None)


class AuditBuilder:
    """Writes a council's audit rounds, two a year, and everything recorded in them up to `now`."""

    def __init__(
        self, chance: Chance, writer: RowWriter, council: Council, *, now: datetime, families: Iterable[Family]
    ) -> None:
        self.chance = offshoot(chance, f"audits:{council.code}")
        self.writer, self.council, self.now = writer, council, now
        self.children = {kid.id for family in families for kid in family.kids}
        self.lead = council.people[Role.TEAM_MANAGER][0]
        self.auditor = council.people[Role.TEAM_MANAGER][-1]
        viewers = council.people.get(Role.VIEWER, [])
        self.returners: dict[Any, list[User]] = {council.agencies["csc"].id: council.people[Role.SOCIAL_WORKER]}
        for key, viewer in zip(("police", "health", "probation", "domestic"), viewers, strict=False):
            self.returners[council.agencies[key].id] = [viewer]
        for school in council.schools:
            self.returners[school.agency.id] = [school.key_adult]
        self.rounds: list[AuditRound] = []

    def run(self, first: date, last: date) -> list[AuditRound]:
        """Write a round every six months from the first day to the last, where the round has begun by `now`."""
        self.writer.flush()  # the sample is drawn from the contacts written so far, read by their indexes
        refresh_statistics([model._meta.db_table for model in (Contact, Contact.children.through, MashEnquiry, Child)])
        tool = domestic_abuse_tool()
        sections = list(tool.sections.order_by("number"))
        span = max((last - first).days, 1)
        number = 1
        while (starts := add_months(first, MONTHS * number) - timedelta(days=14)) <= last:
            if at(starts - timedelta(days=2), 10) <= self.now:
                self._round(tool, sections, starts, min((starts - first).days / span, 1.0))
            number += 1
        return self.rounds

    def _candidates(self, drawn: datetime) -> list[tuple[uuid.UUID, str]]:
        """The council's children with a domestic abuse contact in the months before the draw, each in the stratum
        of the outcome of their latest front door decision, as the audits' own sampler stratifies them."""
        since = add_months(drawn.date(), -MONTHS)
        abused: set[uuid.UUID] = set()
        latest: dict[uuid.UUID, tuple[datetime, str]] = {}
        rows = contact_children_for_audits(since=at(since, 0), until=drawn)
        for row in rows.filter(contact__recorded_by__in=self.council.people[Role.FRONT_DOOR]):
            child = row["child_id"]
            if child not in self.children:
                continue
            if row["contact__domestic_abuse"]:
                abused.add(child)
            outcome, received = row["contact__enquiry__outcome"], row["contact__received_at"]
            if outcome and (child not in latest or received > latest[child][0]):
                latest[child] = (received, outcome)
        labels = dict(Outcome.choices)
        return sorted(
            (
                (child, labels.get(latest[child][1], NO_DECISION) if child in latest else NO_DECISION)
                for child in abused
            ),
            key=lambda pair: str(pair[0]),
        )

    def _round(self, tool: AuditTool, sections: Sequence[ToolSection], starts: date, progress: float) -> None:
        chance = self.chance
        drawn, ends = at(starts - timedelta(days=2), 10), starts + timedelta(days=WINDOW_DAYS)
        candidates = self._candidates(drawn)
        if not candidates:
            return
        seed = chance.between(1, 2**31 - 1)
        planned = at(starts - timedelta(days=16), 11)
        audit_round = AuditRound(
            id=chance.uuid(),
            title=f"Children living with domestic abuse — {starts:%B %Y}",
            theme="Domestic abuse",
            tool=tool,
            starts_on=starts,
            ends_on=ends,
            sample_criteria={"months": MONTHS},
            seed=seed,
            sample_size=CASES,
            created_by=self.lead,
            created_at=planned,
            updated_at=at(starts, 9),
        )
        self.writer.add(
            RoundAuditor(id=chance.uuid(), round=audit_round, user=self.auditor, created_at=drawn, updated_at=drawn)
        )
        cases = []
        for child, stratum in sampling.draw_sample(candidates, CASES, seed):
            case = RoundCase(
                id=chance.uuid(),
                round=audit_round,
                child_id=child,
                chosen_by=ChosenBy.RANDOM,
                stratum=stratum,
                created_at=drawn,
                updated_at=drawn,
            )
            self.writer.add(case)
            cases.append(case)
        involved = involved_agency_ids(
            child_ids=[case.child_id for case in cases], since=add_months(starts, -MONTHS), until=ends
        )
        moderating = at(ends + timedelta(days=1), 9) <= self.now
        agencies: list[Agency] = []
        for number, case in enumerate(cases):
            agreed = self._deserved(sections, tool.grade_scale, progress)
            given = self._returns(case, sections, tool.grade_scale, agreed, involved[case.child_id], starts, agencies)
            if moderating:
                when = at(ends + timedelta(days=1 + number * 3 // len(cases)), 10 + number % 6, 15)
                self._moderate(case, sections, tool.grade_scale, agreed, given, when, number)
        audit_round.state = RoundState.AUDITING
        if moderating:
            audit_round.state = RoundState.MODERATION
            audit_round.updated_at = at(ends + timedelta(days=4), 12)
            self._recommend(audit_round, agencies, audit_round.updated_at)
        completed = at(ends + timedelta(days=6), 16)
        if moderating and completed <= self.now:
            audit_round.state, audit_round.completed_at, audit_round.updated_at = (
                RoundState.COMPLETE,
                completed,
                completed,
            )
        self.writer.add(audit_round)
        self.rounds.append(audit_round)

    def _deserved(self, sections: Sequence[ToolSection], scale: Sequence[str], progress: float) -> dict[int, int]:
        """The grade (as a place on the scale, best first) the practice in a case deserved, section by section; the
        overall grade follows the others, held back by the weaker ones."""
        places = range(len(scale))
        grades = {
            section.number: self.chance.weighted(places, grade_weights(progress, section.kind)[: len(scale)])
            for section in sections
            if section.kind != SectionKind.OVERALL
        }
        for section in sections:
            if section.kind == SectionKind.OVERALL:
                grades[section.number] = median_high(grades.values())
        return grades

    def _returns(
        self,
        case: RoundCase,
        sections: Sequence[ToolSection],
        scale: Sequence[str],
        agreed: dict[int, int],
        involved: set[Any],
        starts: date,
        asked_so_far: list[Agency],
    ) -> dict[Agency, dict[int, int]]:
        """Ask one to three of the agencies involved with the child (or the police and the council) for a return;
        each grades its own work, mostly as the case deserved, sometimes a grade either side."""
        chance, council = self.chance, self.council
        pool = {council.agencies["csc"].id, council.agencies["police"].id, *involved}
        known = sorted((agency for agency in self._agencies() if agency.id in pool), key=lambda agency: agency.name)
        asked = chance.random.sample(known, min(chance.between(1, 3), len(known)))
        given: dict[Agency, dict[int, int]] = {}
        for agency in sorted(asked, key=lambda agency: agency.name):
            people = self.returners.get(agency.id) or [self.auditor]
            person = chance.pick(people)
            opened = at(starts, 9)
            submitted = at(starts + timedelta(days=chance.between(1, WINDOW_DAYS - 2)), chance.between(9, 16))
            agency_return = AgencyReturn(
                id=chance.uuid(),
                round_case=case,
                agency=agency,
                assigned_to=self.auditor if person == self.auditor else None,
                created_at=opened,
                updated_at=opened,
            )
            own = {
                number: min(max(place + (chance.pick((-1, 1)) if chance.chance(0.22) else 0), 0), len(scale) - 1)
                for number, place in agreed.items()
            }
            if submitted > self.now:
                self.writer.add(agency_return)  # still to come: the round is auditing
                continue
            agency_return.state, agency_return.submitted_by = ReturnState.SUBMITTED, person
            agency_return.submitted_at = agency_return.updated_at = submitted
            self.writer.add(agency_return)
            given[agency] = own
            if agency not in asked_so_far:
                asked_so_far.append(agency)
            for section in sections:
                self.writer.add(
                    SectionGrade(
                        id=chance.uuid(),
                        agency_return=agency_return,
                        section=section,
                        grade=scale[own[section.number]],
                        rationale=RATIONALES[min(own[section.number], len(RATIONALES) - 1)],
                        created_at=submitted,
                        updated_at=submitted,
                    )
                )
        return given

    def _agencies(self) -> list[Agency]:
        return [*self.council.agencies.values()]

    def _moderate(
        self,
        case: RoundCase,
        sections: Sequence[ToolSection],
        scale: Sequence[str],
        agreed: dict[int, int],
        given: dict[Agency, dict[int, int]],
        when: datetime,
        number: int,
    ) -> None:
        """Agree each section's grade for a case, saying why any agency's own grade moved, and what was learned."""
        moderation = Moderation(
            id=self.chance.uuid(),
            round_case=case,
            learning=LEARNING[number % len(LEARNING)],
            moderated_by=self.lead,
            moderated_at=when,
            created_at=when,
            updated_at=when,
        )
        self.writer.add(moderation)
        for section in sections:
            place = agreed[section.number]
            moved = [(agency, own[section.number]) for agency, own in given.items() if own[section.number] != place]
            reason = "The agencies agreed the grade with no change."
            if moved:
                agency, theirs = moved[0]
                reason = (
                    f"{agency.short_name or agency.name} graded it {scale[theirs]}; agreed {scale[place]} together."
                )
            self.writer.add(
                ModeratedGrade(
                    id=self.chance.uuid(),
                    moderation=moderation,
                    section=section,
                    grade=scale[place],
                    reason=f"{RATIONALES[min(place, len(RATIONALES) - 1)]} {reason}",
                    created_at=when,
                    updated_at=when,
                )
            )

    def _recommend(self, audit_round: AuditRound, agencies: list[Agency], when: datetime) -> None:
        """Two recommendations of the round, each owned by an agency that sent returns."""
        owners = agencies or [self.council.agencies["csc"]]
        for text in self.chance.random.sample(RECOMMENDATIONS, 2):
            self.writer.add(
                Recommendation(
                    id=self.chance.uuid(),
                    round=audit_round,
                    text=text,
                    owner_agency=self.chance.pick(owners),
                    created_by=self.lead,
                    created_at=when,
                    updated_at=when,
                )
            )
