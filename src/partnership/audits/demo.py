"""Loads the demo case file audits: two completed rounds on domestic abuse a year apart, and one in progress.

Everything goes through the audits services, acting as the demo audit lead (`admin`), with the demo `auditor` as
the independent auditor of every round. The first round, about thirteen months ago, graded practice much as the
inspection found it: mostly requires improvement, weakest on the child's voice and on joint working. Its
recommendations became two actions of the plan. The second, about a month ago, on the same theme, is clearly better.
The third is auditing now: some returns are in, some are still asked of the council, the police and the schools,
and the auditor has returns assigned to complete for the agencies with no demo user.

Dates are relative to today and every choice comes from a seeded generator. Which children a seed draws depends on
the children's ids (the sample is reproducible for the same candidates), so the names differ from load to load while
the grades, texts and states follow the same pattern.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median_high

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.audits import casework_services, services
from partnership.audits.models import AgencyReturn, AuditRound, AuditTool, RoundCase, SectionKind
from partnership.children.models import Child
from partnership.core.clocks import LONDON
from partnership.plans.models import Inspection, Theme

# Which demo person completes an agency's return; the auditor completes the others'.
RETURNERS = {"DCC CYPS": "socialworker", "Police": "police", "CDDFT": "health", "NPS": "probation"}
RETURNERS |= {"Wearside Primary": "keyadult", "LSCB": "auditor"}

# Weights of Outstanding, Good, Requires improvement, Inadequate by section kind ("" for the others).
Profile = dict[str, tuple[int, int, int, int]]
BEFORE: Profile = {
    "": (0, 2, 6, 2),
    SectionKind.VOICE_OF_THE_CHILD: (0, 1, 5, 4),
    SectionKind.JOINT_WORKING: (0, 1, 5, 4),
}
AFTER: Profile = {
    "": (1, 7, 3, 0),
    SectionKind.VOICE_OF_THE_CHILD: (1, 6, 4, 0),
    SectionKind.JOINT_WORKING: (1, 7, 3, 0),
}
NOW: Profile = {"": (1, 6, 4, 0), SectionKind.VOICE_OF_THE_CHILD: (0, 5, 5, 1), SectionKind.JOINT_WORKING: (1, 6, 3, 0)}

# What agencies wrote, by section kind: (when the work was good or better, when it was not).
RATIONALES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    SectionKind.RECOGNITION_OF_RISK: (
        (
            "Risk from the incident was recognised on the day and shared with school.",
            "The child was named as a victim in the incident log, not just as present.",
            "Previous incidents were pulled together and the pattern was seen early.",
        ),
        (
            "The incident was logged as standard risk although it was the third in a month.",
            "The child is listed as 'present' with nothing about the effect on them.",
            "Earlier call-outs to the address were not looked at before the decision.",
        ),
    ),
    SectionKind.ASSESSMENT: (
        (
            "The assessment used what police, school and health knew, and says so.",
            "Good analysis of what life is like at home, with the father's history weighed.",
            "The assessment was updated when the mother's situation changed.",
        ),
        (
            "The assessment repeats the referral and does not analyse it.",
            "Nothing on the perpetrator beyond his name.",
            "Health history was not asked for, so the assessment missed the midwife's concerns.",
        ),
    ),
    SectionKind.PLANNING_AND_INTERVENTION: (
        (
            "The plan is specific: who does what by when, and it was reviewed on time.",
            "Safety planning with mum was done and the school knew its part.",
            "Support from the IDVA started within a week and is in the plan.",
        ),
        (
            "The plan lists services but not what should change for the child.",
            "Actions were agreed but no one followed up when they slipped.",
            "No safety plan was made, though the mother asked for one.",
        ),
    ),
    SectionKind.JOINT_WORKING: (
        (
            "Police, school and health were at the strategy discussion and all contributed.",
            "The school was told the next morning and fed back what it saw.",
            "Information moved quickly between the MASH partners and was recorded.",
        ),
        (
            "School did not hear about the incident until a week later.",
            "Health were not invited to the strategy discussion.",
            "Each agency acted on its own; no one brought the information together.",
        ),
    ),
    SectionKind.VOICE_OF_THE_CHILD: (
        (
            "The child's own words are recorded and they shaped the plan.",
            "Direct work with the child was done in school, where they felt safe, and is written up.",
            "We recorded what the child said and how they seemed when they said it.",
        ),
        (
            "The child's wishes were recorded but not how they felt.",
            "The child was not seen alone; everything comes from mum.",
            "A single line: 'child happy at home'. Nothing from the child directly.",
        ),
    ),
    SectionKind.IMPACT: (
        (
            "School reports the child is settled and attendance is back up.",
            "No further incidents since the plan began, and mum says she feels safer.",
            "The child told school staff things are calmer at home.",
        ),
        (
            "Hard to see any difference for the child from what we did.",
            "The incidents carried on and the plan was not changed.",
            "The record does not say whether anything improved.",
        ),
    ),
    SectionKind.OVERALL: (
        (
            "Overall a timely, joined-up response with the child at its centre.",
            "Good practice overall; the gaps were small and put right.",
            "A well-coordinated response; the child was kept in view throughout.",
        ),
        (
            "Overall too slow to act and too focused on the adults.",
            "Some good individual work, but it did not add up to a plan for the child.",
            "The child was not kept at the centre of our work.",
        ),
    ),
}

RAISED = (
    "{agency} graded it {theirs}; raised to {agreed} once the other agencies' records showed what its work achieved.",
    "{agency}'s own {theirs} went up to {agreed}: its work was better than its record made it look.",
)
LOWERED = (
    "{agency} graded it {theirs}; lowered to {agreed} once all the records were read together.",
    "{agency} had {theirs}; the session agreed {agreed} because what it did was not followed through.",
)
AGREED = (
    "The agencies agreed the grade with no change.",
    "Every agency's grade matched; agreed as given.",
    "Agreed without discussion.",
)

LEARNING_BEFORE = (
    "Nobody asked the child what it was like at home; the adults' accounts filled the record.",
    "The school found out too late to help on the morning after the incident.",
    "Health held important history that no one asked for.",
    "Strategy discussions went ahead without the agencies who knew the child best.",
    "Repeat incidents were each treated as the first.",
    "Plans named services but not the change the child needed.",
)
LEARNING_AFTER = (
    "The child's words are now in every agency's record, and they shaped the plan.",
    "School heard the next morning and was part of the plan from the start.",
    "Health history was asked for at the front door and changed the decision.",
    "The strategy discussion had everyone round the table within a day.",
    "A stronger plan, though the impact on the child is still early to judge.",
    "The IDVA's work with mum and the school's work with the child fitted together.",
)


@dataclass(frozen=True)
class RoundPlan:
    """When a demo round happens, days relative to today, and how its practice was graded."""

    title: str
    theme: str
    seed: int
    size: int
    months: int
    drawn: int
    starts: int
    ends: int
    profile: Profile
    learning: Sequence[str] = ()
    moderated: int = 0
    completed: int = 0
    chosen_by_hand: Sequence[str] = ()  # local child IDs the lead adds to the sample before the draw
    chosen_stratum: str = "Raised by the strategy meeting chairs"


FRONT_DOOR = "Domestic abuse: children at the front door"
FIRST = RoundPlan(FRONT_DOOR, "Domestic abuse", 20251, 12, 12, -418, -416, -400, BEFORE, LEARNING_BEFORE, -398, -396)
SECOND = RoundPlan(
    FRONT_DOOR,
    "Domestic abuse",
    20262,
    8,
    6,
    -58,
    -56,
    -38,
    AFTER,
    LEARNING_AFTER,
    -36,
    -32,
    chosen_by_hand=("DEMO-1001", "DEMO-1002", "DEMO-1006", "DEMO-1009"),
    chosen_stratum="Open to children's social care",
)
THIRD = RoundPlan(
    "Domestic abuse: strategy meetings and the child's voice",
    "Domestic abuse",
    20273,
    8,
    6,
    -9,
    -7,
    21,
    NOW,
    chosen_by_hand=("DEMO-1003", "DEMO-1004"),
)


# Cases in an order that does not depend on their random ids, so the generators run the same way on every load.
CASE_ORDER = ("stratum", "child__last_name", "child__first_name", "child__date_of_birth")


def london_at(day: date, hour: int, minute: int = 0) -> datetime:
    """The moment of the day at the hour in England."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _pick(scale: Sequence[str], weights: tuple[int, int, int, int], rng: random.Random) -> int:
    return rng.choices(range(len(scale)), weights=weights[: len(scale)])[0]


def _rationale(kind: str, index: int, rng: random.Random) -> str:
    good, weak = RATIONALES[kind]
    return rng.choice(good if index <= 1 else weak)


@dataclass
class Loader:
    """The demo's people and dates while loading the rounds."""

    today: date
    lead: User
    auditor: User
    tool: AuditTool
    people: dict[str, User]
    kinds: dict[int, str]  # the kind of each section of the tool, by number

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def open_round(self, plan: RoundPlan) -> AuditRound:
        """Plan a round, draw its sample as it was on the day, add the auditor and ask the agencies for returns."""
        starts = self.day(plan.starts)
        title = plan.title if plan.completed == 0 else f"{plan.title} — {starts:%B %Y}"
        audit_round = services.round_create(
            actor=self.lead,
            title=title,
            theme=plan.theme,
            tool=self.tool,
            starts_on=starts,
            ends_on=self.day(plan.ends),
            sample_criteria={"months": plan.months},
            sample_size=plan.size,
        )
        for local_child_id in plan.chosen_by_hand:
            services.round_add_case_by_hand(
                actor=self.lead,
                audit_round=audit_round,
                child=Child.objects.get(local_child_id=local_child_id, merged_into__isnull=True),
                stratum=plan.chosen_stratum,
            )
            audit_round.refresh_from_db()
        services.round_draw_sample(
            actor=self.lead,
            audit_round=audit_round,
            expected_version=audit_round.version,
            size=plan.size,
            seed=plan.seed,
            now=london_at(self.day(plan.drawn), 10),
        )
        services.round_add_auditor(actor=self.lead, audit_round=audit_round, user=self.auditor, is_independent=True)
        services.round_open(actor=self.lead, audit_round=audit_round, expected_version=audit_round.version)
        return audit_round

    def returner(self, agency_return: AgencyReturn) -> User:
        """The demo person of the agency, or the auditor, assigned to the return through the service."""
        person = self.people.get(RETURNERS.get(agency_return.agency.short_name, ""), self.auditor)
        if person == self.auditor:
            casework_services.return_assign(
                actor=self.lead, agency_return=agency_return, expected_version=agency_return.version, assignee=person
            )
        return person

    def submit(
        self, agency_return: AgencyReturn, person: User, grades: dict[int, int], when: datetime, rng: random.Random
    ) -> None:
        """Submit an agency's return with a rationale for each section in the field's words."""
        answers = {
            number: (self.tool.grade_scale[index], _rationale(self.kinds[number], index, rng))
            for number, index in grades.items()
        }
        casework_services.return_submit(
            actor=person, agency_return=agency_return, expected_version=agency_return.version, grades=answers, now=when
        )


def _case_grades(loader: Loader, profile: Profile, rng: random.Random) -> dict[int, int]:
    """The grade the practice in a case deserved, section by section; the overall grade follows the others, held
    back by the weaker ones (the worse of the two middle grades)."""
    grades = {
        number: _pick(loader.tool.grade_scale, profile.get(kind, profile[""]), rng)
        for number, kind in loader.kinds.items()
        if kind != SectionKind.OVERALL
    }
    for number, kind in loader.kinds.items():
        if kind == SectionKind.OVERALL:
            grades[number] = median_high(grades.values())
    return dict(sorted(grades.items()))


def _agency_view(agreed: dict[int, int], scale_size: int, rng: random.Random) -> dict[int, int]:
    """An agency's own grades: mostly those the case deserved, sometimes a grade either side."""
    own = {}
    for number, index in agreed.items():
        step = rng.choice((-1, 1)) if rng.random() < 0.22 else 0
        own[number] = min(max(index + step, 0), scale_size - 1)
    return own


def _moderate(
    loader: Loader,
    case: RoundCase,
    agreed: dict[int, int],
    given: dict[str, dict[int, int]],
    when: datetime,
    learning: str,
    rng: random.Random,
) -> None:
    """Agree each section's grade for a case, saying why any agency's own grade moved, and what was learned."""
    scale, kinds = loader.tool.grade_scale, loader.kinds
    answers = {}
    for number, index in agreed.items():
        moved = [(name, grades[number]) for name, grades in given.items() if grades[number] != index]
        if moved:
            name, theirs = moved[0]
            wording = RAISED if theirs > index else LOWERED  # the scale runs best first
            reason = rng.choice(wording).format(agency=name, theirs=scale[theirs], agreed=scale[index])
        else:
            reason = rng.choice(AGREED)
        answers[number] = (scale[index], f"{_rationale(kinds[number], index, rng)} {reason}")
    casework_services.moderation_record(actor=loader.lead, round_case=case, grades=answers, learning=learning, now=when)


def _run_completed(loader: Loader, plan: RoundPlan) -> AuditRound:
    """A round from its plan to its completion: every return submitted, every case moderated."""
    audit_round = loader.open_round(plan)
    rng = random.Random(plan.seed)
    size = len(loader.tool.grade_scale)
    cases = list(audit_round.cases.order_by(*CASE_ORDER))
    agreed = {case.pk: _case_grades(loader, plan.profile, rng) for case in cases}
    given: dict[object, dict[str, dict[int, int]]] = {case.pk: {} for case in cases}
    span = plan.ends - plan.starts - 2
    returns = AgencyReturn.objects.filter(round_case__round=audit_round).select_related("agency", "round_case")
    for agency_return in returns.order_by(*[f"round_case__{field}" for field in CASE_ORDER], "agency__name"):
        own = _agency_view(agreed[agency_return.round_case_id], size, rng)
        given[agency_return.round_case_id][agency_return.agency.short_name] = own
        when = london_at(loader.day(plan.starts + 1 + rng.randrange(span)), rng.randrange(9, 17), rng.randrange(60))
        loader.submit(agency_return, loader.returner(agency_return), own, when, rng)
    services.round_begin_moderation(actor=loader.lead, audit_round=audit_round, expected_version=audit_round.version)
    for number, case in enumerate(cases):
        when = london_at(loader.day(plan.moderated + number * 2 // len(cases)), 10 + number % 6, 15)
        learning = plan.learning[number % len(plan.learning)]
        _moderate(loader, case, agreed[case.pk], given[case.pk], when, learning, rng)
    return audit_round


def _recommend(loader: Loader, audit_round: AuditRound, items: Sequence[tuple[str, str, str | None, int]]) -> None:
    """Recommendations of a round, owned by agencies; those with a reference become actions under a plan theme."""
    agencies = {agency.short_name: agency for agency in Agency.objects.filter(short_name__in=[i[1] for i in items])}
    cases = list(audit_round.cases.order_by(*CASE_ORDER))
    inspection = Inspection.objects.order_by("created_at").first()
    themes = {theme.number: theme for theme in Theme.objects.filter(inspection=inspection)}
    for number, (text, owner, reference, theme_number) in enumerate(items):
        recommendation = casework_services.recommendation_add(
            actor=loader.lead,
            audit_round=audit_round,
            text=text,
            owner_agency=agencies[owner],
            round_case=cases[number] if number % 2 == 0 and cases else None,
        )
        if reference is not None and theme_number in themes:
            casework_services.recommendation_to_action(
                actor=loader.lead,
                recommendation=recommendation,
                expected_version=recommendation.version,
                theme=themes[theme_number],
                reference=reference,
                timescale_months=12,
                expected_impact="The next audit round on domestic abuse grades this section good or better.",
            )


FIRST_RECOMMENDATIONS = (
    ("Every agency records the child's own words and how the child seemed, not only what the adults said.",
     "DCC CYPS", "AUD1", 5),
    ("Police tell the child's school and health visitor about each domestic abuse incident by the next morning, "
     "and the MASH records who was told.", "Police", "AUD2", 2),
    ("Health and schools are invited to every strategy discussion where domestic abuse is the concern.",
     "DCC CYPS", None, 1),
    ("Harbour's IDVA shares what it knows of the children in the household with the allocated social worker.",
     "Harbour", None, 3),
)  # fmt: skip
SECOND_RECOMMENDATIONS = (
    ("Record what the child felt as well as what they said, using the partnership's direct work prompts.",
     "CDDFT", "AUD3", 5),
    ("Share this round's learning at the practitioners' forum and in the next newsletter.", "LSCB", None, 3),
)  # fmt: skip


def _run_in_progress(loader: Loader, plan: RoundPlan) -> AuditRound:
    """The round auditing now: about half the returns are in; the council and the police still owe at least one."""
    audit_round = loader.open_round(plan)
    rng = random.Random(plan.seed)
    size = len(loader.tool.grade_scale)
    seen: dict[str, int] = {}
    deserved: dict[object, dict[int, int]] = {}
    returns = AgencyReturn.objects.filter(round_case__round=audit_round).select_related("agency", "round_case")
    for agency_return in returns.order_by(*[f"round_case__{field}" for field in CASE_ORDER], "agency__name"):
        person = loader.returner(agency_return)
        name = agency_return.agency.short_name
        owner = name if person != loader.auditor else "auditor"
        seen[owner] = seen.get(owner, 0) + 1
        if seen[owner] == 1 or (seen[owner] > 2 and rng.random() < 0.4):
            continue  # each demo person's first return is still open, their second is in, the rest by chance
        case_id = agency_return.round_case_id
        deserved.setdefault(case_id, _case_grades(loader, plan.profile, rng))
        own = _agency_view(deserved[case_id], size, rng)
        when = london_at(loader.day(rng.randrange(plan.starts + 1, 0)), rng.randrange(9, 17), rng.randrange(60))
        loader.submit(agency_return, person, own, when, rng)
    return audit_round


def load() -> None:
    """Create the demo audit tool and three rounds of case file audits through the services."""
    people = {user.username: user for user in User.objects.filter(username__in=[*RETURNERS.values(), "admin"])}
    lead = people["admin"]
    tool = services.tool_create_from_template(actor=lead)
    kinds = {section.number: section.kind for section in tool.sections.all()}
    loader = Loader(
        today=timezone.localdate(), lead=lead, auditor=people["auditor"], tool=tool, people=people, kinds=kinds
    )

    first = _run_completed(loader, FIRST)
    _recommend(loader, first, FIRST_RECOMMENDATIONS)
    services.round_complete(
        actor=lead, audit_round=first, expected_version=first.version, now=london_at(loader.day(FIRST.completed), 16)
    )
    second = _run_completed(loader, SECOND)
    _recommend(loader, second, SECOND_RECOMMENDATIONS)
    services.round_complete(
        actor=lead, audit_round=second, expected_version=second.version, now=london_at(loader.day(SECOND.completed), 16)
    )
    _run_in_progress(loader, THIRD)
