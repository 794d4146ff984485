"""Generated front door work: contacts with their children, MASH enquiries, research, decisions and feedback.

Repeat referrals come from families referred in the last year being contacted again; sibling groups come with
their household; the volume follows the seasons and the time of day follows who is calling.
"""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta

from django.conf import settings

from partnership.access.models import Agency, Role, User
from partnership.children.models import ChronologyEvent, EventType, Involvement, Significance
from partnership.core.clocks import london_date
from partnership.frontdoor import rules
from partnership.frontdoor.models import Contact, ContactState, Feedback, MashEnquiry, Outcome, ResearchRequest
from partnership.generation.chance import Chance
from partnership.generation.families import Family, FamilyBuilder, Kid
from partnership.generation.incidents import IncidentBuilder
from partnership.generation.meetings import MeetingBuilder
from partnership.generation.timing import daily_counts, time_of_day
from partnership.generation.world import Council
from partnership.generation.writer import RowWriter

SOURCES = ["6", "2A", "3A", "3B", "3E", "3F", "5D", "5A", "1A", "1C", "4", "9", "8"]
SOURCE_WEIGHTS = [30, 18, 4, 5, 3, 3, 6, 3, 6, 2, 3, 3, 2]
SOURCE_AGENCY = {
    "6": "police",
    "3A": "health",
    "3B": "health",
    "3E": "health",
    "3F": "health",
    "5D": "csc",
    "5A": "csc",
}
CONCERNS = {
    True: [
        "Police attended a domestic abuse incident at the home; the children were in the house.",
        "The mother disclosed controlling and violent behaviour by her partner.",
        "A child said at school that there is shouting and hitting at home most weekends.",
        "The father breached a non-molestation order by coming to the house.",
    ],
    False: [
        "Worry about neglect: the home is cold and there is little food.",
        "A child has missed many days of school and seems withdrawn.",
        "An injury whose explanation changed during the visit.",
        "Children said to be left alone at night.",
    ],
}
OUTCOMES = [Outcome.NO_FURTHER_ACTION, Outcome.ADVICE, Outcome.EARLY_HELP, Outcome.ASSESSMENT, Outcome.STRATEGY]
LEVELS = {
    Outcome.NO_FURTHER_ACTION: 1,
    Outcome.ADVICE: 1,
    Outcome.EARLY_HELP: 2,
    Outcome.ASSESSMENT: 3,
    Outcome.STRATEGY: 4,
}
REFERRALS = {Outcome.ASSESSMENT, Outcome.STRATEGY}
DECISION_HOURS = {"red": (1.5, 6.0), "amber": (3.0, 30.0), "green": (6.0, 60.0)}


class FrontDoorBuilder:
    """Writes a council's contacts day by day, and what followed each of them up to `now`."""

    def __init__(
        self,
        chance: Chance,
        writer: RowWriter,
        council: Council,
        *,
        now: datetime,
        families: FamilyBuilder,
        meetings: MeetingBuilder,
        incidents: IncidentBuilder,
    ) -> None:
        self.chance, self.writer, self.council, self.now = chance, writer, council, now
        self.families, self.meetings, self.incidents = families, meetings, incidents
        self.referred: deque[tuple[datetime, Family]] = deque()
        self.known: list[Family] = []
        self.deadlines = rules.parse_deadlines(settings.PARTNERSHIP_MASH_RESEARCH_DEADLINES)
        self.researchers: dict[object, User] = {}
        viewers = council.people.get(Role.VIEWER, [])
        for key, user in zip(("police", "health", "probation", "domestic"), viewers, strict=False):
            self.researchers[council.agencies[key].id] = user
        for school in council.schools:
            self.researchers[school.agency.id] = school.key_adult

    def run(self, first: date, last: date, per_year: float) -> None:
        """Write every contact from the first day to the last."""
        for day, count in daily_counts(self.chance, first, last, per_year):
            for _ in range(count):
                source = self.chance.weighted(SOURCES, SOURCE_WEIGHTS)
                received = time_of_day(self.chance, day, police=source == "6")
                if received <= self.now:
                    self.contact(received, source)
            self.writer.progress.advance(1)

    def _family(self, received: datetime) -> Family:
        while self.referred and self.referred[0][0] < received - timedelta(days=365):
            self.referred.popleft()
        if self.referred and self.chance.chance(0.2):
            return self.chance.pick(self.referred)[1]
        if self.known and self.chance.chance(0.12):
            return self.chance.pick(self.known[-5_000:])
        family = self.families.build(received)
        self.known.append(family)
        return family

    def contact(self, received: datetime, source: str) -> None:
        """Write one contact and, as far as `now` allows, its enquiry, research, decision and what followed."""
        council, chance = self.council, self.chance
        family = self._family(received)
        kids = [kid for kid in family.kids if kid.born is None or kid.born <= received.date()] or family.kids
        if len(kids) > 1 and chance.chance(0.3):
            kids = [chance.pick(kids)]
        police = source == "6"
        abuse = chance.chance(0.85 if police else 0.35)
        risk = chance.weighted(["standard", "medium", "high"], [50, 35, 15]) if abuse else ""
        referrer_agency = self._referrer(source, kids)
        screener = chance.pick(council.people[Role.FRONT_DOOR])
        contact = Contact(
            id=chance.uuid(),
            received_at=received,
            source=source,
            referrer_name=f"{chance.pick(['A.', 'B.', 'C.', 'D.', 'J.', 'K.', 'M.', 'S.'])} Referrer",
            referrer_organisation=referrer_agency.name if referrer_agency else "",
            referrer_email=""
            if source == "9" or chance.chance(0.15)
            else f"referrer{chance.between(1, 999)}@example.org",
            referrer_agency=referrer_agency,
            concern=chance.pick(CONCERNS[abuse]),
            domestic_abuse=abuse,
            incident_at=received - timedelta(minutes=chance.between(20, 900)) if abuse and police else None,
            risk_level=risk,
            decision_due_at=rules.decision_due(
                received, working_days=settings.PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS
            ),
            recorded_by=screener,
            created_at=received,
            updated_at=received,
        )
        for kid in kids:
            self.writer.add(Contact.children.through(contact_id=contact.id, child_id=kid.id))
            self._event(kid, received, EventType.CONTACT, contact, referrer_agency or council.agencies["csc"], screener)
        if contact.incident_at is not None:
            self.incidents.build(contact, kids, family)
        opened = received + timedelta(minutes=chance.between(15, 180) if police else chance.between(20, 240))
        if opened > self.now:
            self.writer.add(contact)
            return
        contact.state = ContactState.ENQUIRY
        self._enquiry(contact, kids, family, opened, screener)
        self.writer.add(contact)

    def _referrer(self, source: str, kids: list[Kid]) -> Agency | None:
        if source in {"2A"}:
            schools = [kid.setting.agency for kid in kids if kid.setting is not None]
            return schools[0] if schools else None
        key = SOURCE_AGENCY.get(source)
        return self.council.agencies[key] if key else None

    def _event(self, kid: Kid, at: datetime, kind: str, record: Contact, agency: Agency, user: User) -> None:
        self.writer.add(
            ChronologyEvent(
                id=self.chance.uuid(),
                child_id=kid.id,
                occurred_at=at,
                event_type=kind,
                significance=Significance.SIGNIFICANT,
                summary=f"Contact to the front door: {record.concern}",
                source_agency=agency,
                recorded_by=user,
                source_type="contact",
                source_id=str(record.id),
                created_at=at,
                updated_at=at,
            )
        )

    def _enquiry(self, contact: Contact, kids: list[Kid], family: Family, opened: datetime, screener: User) -> None:
        chance, council = self.chance, self.council
        priority = (
            "red"
            if contact.risk_level == "high" and chance.chance(0.7)
            else chance.weighted(["red", "amber", "green"], [8, 52, 40])
        )
        enquiry = MashEnquiry(
            id=chance.uuid(),
            contact_id=contact.id,
            priority=priority,
            priority_reason={
                "red": "Injury or high risk; the person causing harm may be in the home.",
                "amber": "Repeated incidents affecting the children's care.",
                "green": "Worry without immediate risk; check what agencies know.",
            }[priority],
            screener=screener,
            created_at=opened,
            updated_at=opened,
        )
        due = rules.research_due(opened, priority, deadlines=self.deadlines)
        low, high = DECISION_HOURS[priority]
        deciding = opened + timedelta(hours=chance.uniform(low, high))
        if chance.chance(0.12):
            deciding = max(deciding, contact.decision_due_at) + timedelta(hours=chance.uniform(1, 30))
        decided = deciding if deciding <= self.now else None
        names = ["police", "health", "probation", "domestic"]
        asked = [council.agencies[key] for key in names[: chance.between(2, 4)]]
        schools = [kid.setting.agency for kid in kids if kid.setting is not None]
        if schools and chance.chance(0.6):
            asked.append(schools[0])
        returned_before: list[Agency] = []
        for agency in asked:
            roll = chance.random.random()
            returned = (opened + (due - opened) * chance.uniform(0.1, 0.95)) if roll < 0.85 else None
            if roll >= 0.85 and roll < 0.95:
                returned = due + timedelta(hours=chance.uniform(1, 20))
            if returned is not None and returned > self.now:
                returned = None
            after = decided is not None and returned is not None and returned > decided
            if returned is not None and not after:
                returned_before.append(agency)
            self.writer.add(
                ResearchRequest(
                    id=chance.uuid(),
                    enquiry_id=enquiry.id,
                    agency=agency,
                    due_at=due,
                    information="" if returned is None else "Known to the agency: see the chronology.",
                    nothing_known=returned is not None and chance.chance(0.3),
                    returned_at=returned,
                    returned_by=self.researchers.get(agency.id) if returned else None,
                    after_decision=after,
                    created_at=opened,
                    updated_at=returned or opened,
                )
            )
        if decided is not None:
            self._decide(contact, enquiry, kids, family, decided, returned_before)
        self.writer.add(enquiry)

    def _decide(
        self,
        contact: Contact,
        enquiry: MashEnquiry,
        kids: list[Kid],
        family: Family,
        decided: datetime,
        returned: list[Agency],
    ) -> None:
        chance, council = self.chance, self.council
        weights = [18, 20, 17, 37, 8]
        if contact.risk_level == "high":
            weights = [4, 6, 12, 50, 28]
        outcome = chance.weighted(OUTCOMES, weights)
        level = LEVELS[outcome] if outcome != Outcome.ADVICE else chance.between(1, 2)
        suggested = rules.suggested_level(risk_level=contact.risk_level, flag_codes=[])
        deciders = [council.agencies["csc"], *returned[: chance.between(0, 2)]]
        manager = chance.pick(council.people[Role.TEAM_MANAGER])
        enquiry.outcome, enquiry.need_level, enquiry.decided_at = outcome, level, decided
        enquiry.reasons = f"Agreed after reading the research: {outcome.label.lower()}."
        enquiry.decided_by = enquiry.screener
        enquiry.is_joint = rules.is_joint(agency.id for agency in deciders)
        enquiry.suggested_level = suggested
        enquiry.needs_confirmation = rules.needs_confirmation(level=level, suggested=suggested)
        enquiry.updated_at = decided
        if enquiry.needs_confirmation and decided < self.now - timedelta(days=2) and chance.chance(0.85):
            enquiry.confirmed_by, enquiry.confirmed_at = manager, decided + timedelta(hours=chance.uniform(1, 40))
            enquiry.confirmation_reason = "Reviewed: the family accepted support; the plan is proportionate."
        for agency in deciders:
            self.writer.add(MashEnquiry.decision_agencies.through(mashenquiry_id=enquiry.id, agency_id=agency.id))
        contact.state, contact.updated_at = ContactState.DECIDED, decided
        self._feedback(contact, decided, returned)
        if outcome in REFERRALS:
            family.last_referred = decided
            self.referred.append((decided, family))
        if outcome == Outcome.STRATEGY:
            enquiry.strategy_meeting_id = self.meetings.build(contact, kids, decided, enquiry.decided_by)
        elif outcome == Outcome.ASSESSMENT:
            worker = chance.pick(council.people[Role.SOCIAL_WORKER])
            for kid in kids:
                self.writer.add(
                    Involvement(
                        id=chance.uuid(),
                        child_id=kid.id,
                        agency=council.agencies["csc"],
                        practitioner=worker,
                        service="Child and family assessment",
                        started_on=london_date(decided),
                        ended_on=london_date(decided + timedelta(days=45))
                        if decided + timedelta(days=45) < self.now
                        else None,
                        created_at=decided,
                        updated_at=decided,
                    )
                )

    def _feedback(self, contact: Contact, decided: datetime, returned: list[Agency]) -> None:
        rows = []
        if contact.referrer_email:
            told = decided if self.chance.chance(0.92) else None
            rows.append((contact.referrer_agency, True, contact.referrer_email, told))
        elif contact.source != "9":
            rows.append((contact.referrer_agency, True, "", None))
        rows += [(agency, False, agency.contact_email, decided) for agency in returned]
        for agency, to_referrer, address, told in rows:
            self.writer.add(
                Feedback(
                    id=self.chance.uuid(),
                    contact_id=contact.id,
                    agency=agency,
                    to_referrer=to_referrer,
                    address=address,
                    told_at=told,
                    created_at=decided,
                    updated_at=decided,
                )
            )
