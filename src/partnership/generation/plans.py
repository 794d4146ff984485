"""Generated improvement plans: each council's inspection, findings, themes and actions, and the quarterly cycle up
to `now` (periods, the leads' updates and evidence, the executive's reviews, revisions of actions that slipped),
simulated with the services' rules: updates are asked of every action open when a period opens, a submitted update
sets its status on the action, and each review takes the agenda the rules give."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from partnership.access.models import Role, User
from partnership.core.clocks import london_date
from partnership.core.models import BaseModel
from partnership.generation.chance import Chance
from partnership.generation.timing import london_instant
from partnership.generation.world import Council
from partnership.generation.writer import RowWriter
from partnership.plans.cycle_rules import agenda_reasons, quarter_label
from partnership.plans.governance import OPEN_STATUSES
from partnership.plans.models import (
    Action,
    ActionRevision,
    Brag,
    DecisionKind,
    DeliveryStatus,
    EvidenceItem,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    ProgressUpdate,
    ReportingPeriod,
    ReviewDecision,
    ReviewMeeting,
    ScrutinyActivity,
    Theme,
    UpdateState,
)
from partnership.plans.rules import add_months, brag_rating, due_date_for_band, quarter_start

THEMES = [
    ("Leadership, governance and oversight", "Leaders know what difference the partnership makes for children."),
    ("The front door and sharing information", "The right agencies know about a child's worries in good time."),
    ("Assessment, planning and review", "Plans say who does what by when and what should change for the child."),
    ("The child's voice and lived experience", "What children say and show shapes the help they get."),
    ("Workforce, training and learning", "Staff in every agency have the skills and support to act on abuse."),
]
ACTIONS = [  # six a theme
    "Agree a partnership domestic abuse strategy with shared priorities",
    "Report performance on the plan to the executive every quarter",
    "Set up a multi-agency audit programme on domestic abuse",
    "Publish a threshold document agreed by every partner",
    "Name a senior lead for domestic abuse in each agency",
    "Bring the partnership's data on domestic abuse into one dashboard",
    "Review staffing of the MASH against the volume of contacts",
    "Agree timescales for decisions on contacts and monitor them daily",
    "Invite health and education to every strategy discussion on abuse",
    "Extend next-day notifications of incidents to early years settings",
    "Give the MASH police team access to the health records system",
    "Tell referrers what was decided within one working day",
    "Introduce a risk assessment of the person causing harm",
    "Review plans of children living with abuse every six weeks",
    "Check that safety plans are realistic and reviewed",
    "Add perpetrator programmes to the plans of children in need",
    "Make sure assessments draw on every agency's history",
    "Audit the quality of plans for children on child protection plans",
    "Record the child's own words in every agency's assessment",
    "Offer direct work with every child after a serious incident",
    "Use the child's experience as the first heading of each plan",
    "See children alone where it is safe and right for their age",
    "Ask children and families what difference the help made",
    "Make the young people's advisory group part of the executive",
    "Deliver multi-agency domestic abuse training to front-line staff",
    "Train designated safeguarding leads in Operation Encompass",
    "Run learning events on the findings of audits and reviews",
    "Introduce reflective supervision on domestic abuse cases",
    "Add domestic abuse to the induction of every agency's new starters",
    "Publish a seven-minute briefing after each audit round",
]
IMPACTS = [
    "Children living with domestic abuse are identified earlier and helped sooner.",
    "Decisions are timely and draw on what every agency knows.",
    "Plans reduce the risk to children, and audits grade them good or better.",
    "Children's experiences are visible in their records and shape their plans.",
    "Practitioners in every agency recognise abuse and act on it with confidence.",
]
FINDINGS = [
    ("S1", FindingKind.STRENGTH, "Leaders share a clear commitment to tackling domestic abuse.", "csc police health"),
    ("S2", FindingKind.STRENGTH, "Police tell schools about incidents by the next morning.", "police"),
    ("P1", FindingKind.PRIORITY_ACTION, "Too many contacts wait too long for a MASH decision.", "csc police"),
    ("P2", FindingKind.PRIORITY_ACTION, "Strategy discussions leave out health and education.", "csc health"),
    ("P3", FindingKind.PRIORITY_ACTION, "Risk from the person causing harm is not assessed.", "csc probation"),
    ("A1", FindingKind.AREA_FOR_IMPROVEMENT, "Children's own experiences are not recorded.", "csc health domestic"),
    ("A2", FindingKind.AREA_FOR_IMPROVEMENT, "Partners do not check whether children are safer.", "csc police"),
    ("A3", FindingKind.AREA_FOR_IMPROVEMENT, "Training on abuse does not reach every front line.", "health domestic"),
]
# The findings each theme answers, by reference; the first actions of a theme answer them in turn.
FOCUS = [["A2"], ["P1", "P2"], ["P3"], ["A1"], ["A3"]]
OWNERS = ["csc", "police", "health", "probation", "domestic"]
OWNER_WEIGHTS = [40, 20, 20, 8, 12]
NARRATIVES = {
    DeliveryStatus.NOT_STARTED: "Planning meeting held; the work starts next quarter once the lead is in post.",
    DeliveryStatus.IN_PROGRESS: "Work is under way: this quarter's milestones were met and partners took part.",
    DeliveryStatus.DELIVERED: "Delivered. Monitoring this quarter shows the change is in place in every team.",
}
IMPACT_NARRATIVE = "Delivered, and this quarter's dip sample shows the intended change in practice."
SLIP_REASON = "Recruitment to the posts this action depends on took longer than planned."
M = TypeVar("M", bound=BaseModel)


def offshoot(chance: Chance, purpose: str) -> Chance:
    """A random source of a builder's own, seeded from the run's without drawing from it, so the rows the other
    builders write (and the councils after this one) are the same with or without this builder."""
    digest = hashlib.sha256(f"{purpose}:{chance.random.getstate()!r}".encode()).digest()
    return Chance(int.from_bytes(digest[:16], "big"))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of a London time of day."""
    return london_instant(day, hour, minute)


@dataclass
class Track:
    """An action on its way through the quarters: its lead, whether and how far it slips, when it is delivered."""

    action: Action
    lead: User
    slips: int
    delivered_on: date
    late_start: bool
    revised: bool = False
    confirmed: bool = False


Pair = tuple[Track, ProgressUpdate]


class PlanBuilder:
    """Writes a council's improvement plan and its quarterly cycle up to `now`."""

    def __init__(self, chance: Chance, writer: RowWriter, council: Council, *, now: datetime) -> None:
        self.chance = offshoot(chance, f"plans:{council.code}")
        self.writer, self.council, self.now = writer, council, now
        self.executive = council.people[Role.TEAM_MANAGER][0]
        viewers = council.people.get(Role.VIEWER, [])  # of the police, health, probation and the abuse service
        police = council.people.get(Role.ENCOMPASS_OFFICER, [])[:1] + viewers[:1]
        self.leads = {"csc": council.people[Role.TEAM_MANAGER], "police": police}
        self.leads |= {key: viewers[place : place + 1] for place, key in enumerate(OWNERS[2:], start=1)}
        self.tracks: list[Track] = []

    def run(self, plan_start: date) -> Inspection:
        """Write the plan that starts on the day, then every quarter whose period has opened by `now`."""
        inspection = self._inspection(plan_start)
        self._actions(inspection, self._themes(inspection), self._findings(inspection))
        quarter = quarter_start(plan_start)
        while any(track.action.status in OPEN_STATUSES for track in self.tracks):
            opens = add_months(quarter, 3)
            if at(opens, 9) > self.now:
                break
            self._quarter(inspection, quarter, opens)
            quarter = opens
        for track in self.tracks:
            self.writer.add(track.action)
        return inspection

    def _add(self, row: M, when: datetime) -> M:
        """Queue a finished row with an id of its own, made and last changed at `when`."""
        row.id, row.created_at, row.updated_at = self.chance.uuid(), when, when
        self.writer.add(row)
        return row

    def _inspection(self, plan_start: date) -> Inspection:
        letter = plan_start - timedelta(days=self.chance.between(28, 56))
        fieldwork = letter - timedelta(days=self.chance.between(35, 49))
        inspection = Inspection(
            kind=InspectionKind.JTAI,
            title=f"Joint targeted area inspection of {self.council.place}: children living with domestic abuse",
            area=self.council.place,
            fieldwork_start=fieldwork,
            fieldwork_end=fieldwork + timedelta(days=4),
            letter_date=letter,
            inspectorates=["Ofsted", "Care Quality Commission", "HMICFRS", "HMI Probation"],
            deep_dive_theme="Children living with domestic abuse",
            plan_start=plan_start,
        )
        return self._add(inspection, at(letter + timedelta(days=7), 10))

    def _findings(self, inspection: Inspection) -> list[Finding]:
        findings = []
        for position, (reference, kind, text, owners) in enumerate(FINDINGS, start=1):
            paragraph = f"Paragraph {position * 3 + self.chance.between(0, 2)}"
            finding = Finding(inspection=inspection, reference=reference, kind=kind, text=text, position=position)
            finding.source_reference = paragraph
            self._add(finding, inspection.created_at)
            for key in owners.split():
                self.writer.add(
                    Finding.agencies.through(finding_id=finding.id, agency_id=self.council.agencies[key].id)
                )
            findings.append(finding)
        return findings

    def _themes(self, inspection: Inspection) -> list[Theme]:
        return [
            self._add(
                Theme(inspection=inspection, number=number, title=title, description=words), inspection.created_at
            )
            for number, (title, words) in enumerate(THEMES, start=1)
        ]

    def _actions(self, inspection: Inspection, themes: list[Theme], findings: list[Finding]) -> None:
        chance = self.chance
        by_reference = {finding.reference: finding for finding in findings}
        per_theme = len(ACTIONS) // len(themes)
        for index, title in enumerate(ACTIONS):
            theme, position = themes[index // per_theme], index % per_theme
            focus = [by_reference[reference] for reference in FOCUS[theme.number - 1]]
            answers = [focus[position]] if position < len(focus) else [chance.pick(focus)]
            priority = answers[0].kind == FindingKind.PRIORITY_ACTION and position < len(focus)
            band = 3 if priority else chance.weighted([3, 6, 9, 12], [20, 35, 25, 20])
            due = due_date_for_band(plan_start=inspection.plan_start, months=band)
            owner = chance.weighted(OWNERS, OWNER_WEIGHTS)
            lead = chance.pick(self.leads[owner] or self.leads["csc"])
            action = Action(
                id=chance.uuid(),
                inspection=inspection,
                theme=theme,
                reference=f"{theme.number}.{position + 1}",
                title=title,
                description=f"Answers {', '.join(finding.reference for finding in answers)} of the inspection letter.",
                owner_agency=self.council.agencies[owner],
                lead=lead,
                lead_name=lead.get_full_name(),
                timescale_months=band,
                original_due_date=due,
                current_due_date=due,
                expected_impact=IMPACTS[theme.number - 1],
                success_measures="A dip sample each quarter and the next audit round show the change.",
                created_at=inspection.created_at,
                updated_at=inspection.created_at,
            )
            for finding in answers:
                self.writer.add(Action.findings.through(action_id=action.id, finding_id=finding.id))
            activity = "Dip sample of ten cases by the audit sub-group"
            scrutiny = ScrutinyActivity(action=action, activity=activity, who=action.lead_name, when="Quarterly")
            self._add(scrutiny, inspection.created_at)
            slips = 0 if priority else chance.weighted([0, 3, 6], [75, 17, 8])  # priority actions are held to time
            delivered = max(due - timedelta(days=chance.between(0, 40)), inspection.plan_start + timedelta(days=20))
            self.tracks.append(Track(action, lead, slips, delivered, late_start=chance.chance(0.2)))

    def _quarter(self, inspection: Inspection, quarter: date, opens: date) -> None:
        due = opens + timedelta(days=20)
        closed_at = at(due + timedelta(days=5), 17)
        closed = closed_at <= self.now
        period = ReportingPeriod(
            inspection=inspection,
            label=quarter_label(quarter),
            starts_on=quarter,
            ends_on=opens - timedelta(days=1),
            updates_due_on=due,
            opened_at=at(opens, 9),
            opened_by=self.executive,
        )
        if closed:
            period.closed_at, period.closed_by = closed_at, self.executive
        self._add(period, at(opens, 9))
        period.updated_at = period.closed_at or at(opens, 9)
        updates = [
            (track, self._update(period, track)) for track in self.tracks if track.action.status in OPEN_STATUSES
        ]
        held = due + timedelta(days=8)
        if closed and at(held, 14) <= self.now:
            self._review(inspection, period, updates, held)
        for _track, update in updates:
            self.writer.add(update)

    def _update(self, period: ReportingPeriod, track: Track) -> ProgressUpdate:
        chance, action = self.chance, track.action
        opened = period.opened_at or self.now
        update = ProgressUpdate(id=chance.uuid(), period=period, action=action, requested_from=track.lead)
        update.created_at = update.updated_at = opened
        day = period.updates_due_on + timedelta(days=chance.between(-17, 3))
        submitted = at(day, chance.between(9, 16), chance.between(0, 59))
        if chance.chance(0.06) or submitted > self.now:
            if period.closed_at is not None:
                update.escalated_at = update.updated_at = period.closed_at
            return update
        self._content(update, track, day)
        update.state, update.submitted_at, update.submitted_by = UpdateState.SUBMITTED, submitted, track.lead
        update.updated_at = submitted
        action.status, action.progress_note = update.proposed_status, update.narrative
        action.progress_updated_at = action.updated_at = submitted
        if update.proposed_status == DeliveryStatus.DELIVERED:
            described = f"{'Impact audit' if track.confirmed else 'Delivery report'}, {period.label}"
            url = f"https://intranet.example.org/{self.council.code.lower()}/plan/{action.reference}"
            evidence = EvidenceItem(update=update, kind=EvidenceItem.Kind.LINK, description=described, url=url)
            evidence.added_by = track.lead
            self._add(evidence, submitted)
        return update

    def _content(self, update: ProgressUpdate, track: Track, day: date) -> None:
        """What the lead reports: delivery, impact, a slip with a new date asked for, or progress with its rating."""
        action = track.action
        update.proposed_status, update.proposed_brag = DeliveryStatus.IN_PROGRESS, Brag.GREEN
        if track.confirmed:
            update.proposed_status, update.narrative = DeliveryStatus.DELIVERED, IMPACT_NARRATIVE
        elif track.delivered_on <= update.period.ends_on and (track.revised or not track.slips):
            update.proposed_status = DeliveryStatus.DELIVERED
        elif track.slips and not track.revised and action.current_due_date <= day + timedelta(days=60):
            update.proposed_due_date = add_months(action.current_due_date, track.slips)
            update.proposed_revision_reason = SLIP_REASON
            update.proposed_brag = Brag.RED if action.current_due_date < day else Brag.AMBER
        elif action.status == DeliveryStatus.NOT_STARTED and track.late_start and not action.progress_updated_at:
            update.proposed_status = DeliveryStatus.NOT_STARTED
        if update.proposed_status != DeliveryStatus.DELIVERED and action.current_due_date < day:
            update.proposed_brag = Brag.RED
        elif update.proposed_status != DeliveryStatus.DELIVERED and action.current_due_date <= day + timedelta(days=30):
            update.proposed_brag = Brag.AMBER if update.proposed_brag == Brag.GREEN else update.proposed_brag
        if update.proposed_brag != Brag.GREEN:
            update.brag_reason = "Progress is slower than planned and the due date is close or past."
            update.mitigation = "Extra capacity agreed by the lead agency; the delivery group checks monthly."
        update.narrative = update.narrative or NARRATIVES[update.proposed_status]
        update.scrutiny_done = "Dip sample of ten cases by the audit sub-group." if self.chance.chance(0.4) else ""

    def _review(self, inspection: Inspection, period: ReportingPeriod, updates: list[Pair], held: date) -> None:
        chance = self.chance
        decided = at(held, 11, chance.between(0, 59))
        title = f"Partnership executive review of {period.label}"
        meeting = ReviewMeeting(id=chance.uuid(), inspection=inspection, period=period, title=title, held_on=held)
        meeting.created_by, meeting.created_at, meeting.updated_at = (
            self.executive,
            at(held - timedelta(days=7), 10),
            decided,
        )
        counts = dict.fromkeys(DecisionKind.values, 0)
        items = 0
        for track, update in updates:
            action = track.action
            rating = brag_rating(
                status=action.status,
                current_due_date=action.current_due_date,
                today=held,
                progress_updated_on=london_date(action.progress_updated_at) if action.progress_updated_at else None,
                period_start=quarter_start(held),
            )
            reasons = agenda_reasons(
                rating=rating.colour,
                update_state=update.state,
                proposed_due_date=update.proposed_due_date,
                proposed_status=update.proposed_status,
            )
            if not reasons:
                continue
            items += 1
            item = ReviewDecision(id=chance.uuid(), meeting=meeting, action=action, update=update, reasons=reasons)
            item.created_at = item.updated_at = meeting.created_at
            if update.state == UpdateState.SUBMITTED:
                self._decide(item, track, update, decided)
                counts[item.decision] += 1
            self.writer.add(item)
        meeting.minutes = (
            f"The executive reviewed {items} exceptions for {period.label}: {counts[DecisionKind.REVISE]} revised, "
            f"{counts[DecisionKind.CONFIRM_DELIVERED]} confirmed delivered, {counts[DecisionKind.CONFIRM_IMPACT]} "
            "with impact evidenced. Leads of missing updates are to report to the next meeting."
        )
        self.writer.add(meeting)

    def _decide(self, item: ReviewDecision, track: Track, update: ProgressUpdate, decided: datetime) -> None:
        """Carry out the executive's decision on one submitted update, as the review services would."""
        action, chance = track.action, self.chance
        item.decided_by, item.decided_at, item.updated_at = self.executive, decided, decided
        update.updated_at = decided
        if update.proposed_due_date is not None:
            item.decision, item.note = DecisionKind.REVISE, "Agreed: the new date is realistic."
            old, new = action.current_due_date, update.proposed_due_date
            changes = {"current_due_date": [old.isoformat(), new.isoformat()]}
            revision = ActionRevision(action=action, revised_by=self.executive, reason=SLIP_REASON, changes=changes)
            self._add(revision, decided)
            item.revision, action.current_due_date, action.updated_at = revision, new, decided
            track.revised = True
            track.delivered_on = new - timedelta(days=chance.between(0, 40))
        elif update.proposed_status == DeliveryStatus.DELIVERED and (not track.confirmed or chance.chance(0.85)):
            impact = track.confirmed  # delivery is confirmed first; impact a quarter or more later, with evidence
            item.decision = DecisionKind.CONFIRM_IMPACT if impact else DecisionKind.CONFIRM_DELIVERED
            item.note = "Impact evidenced by the audit." if impact else "Delivery confirmed; report impact next."
            action.status = DeliveryStatus.IMPACT_EVIDENCED if impact else DeliveryStatus.DELIVERED
            action.progress_note, action.progress_updated_at, action.updated_at = item.note, decided, decided
            update.state, track.confirmed = UpdateState.ACCEPTED, True
        elif chance.chance(0.1):
            item.decision, item.note = DecisionKind.CHALLENGE, "What is holding this up, and what help is needed?"
            update.state, update.returned_question = UpdateState.RETURNED, item.note
        else:
            item.decision, item.note = DecisionKind.ACCEPT, "Accepted; keep the executive informed."
            update.state = UpdateState.ACCEPTED
