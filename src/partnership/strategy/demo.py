"""Loads the demo strategy meetings: 22 invented meetings over the last six weeks about the demo children.

Every meeting is written through the strategy services acting as the demo people, then its timestamps are moved
back to when things happened (the services stamp the present). The meetings are about the households with
domestic abuse in their chronologies, siblings together, and vary as the seed found:

- most are held well within the convening target; four are held late (one over a weekend);
- the police attend most; health sometimes only sends information; a school, nursery or health visitor sometimes
  neither replies nor attends; probation attends or informs where it manages the person causing harm;
- most records are signed off and shared within a working day, three are shared late, one is signed off but not
  yet shared, two are held with the record still being written, and three are still being convened (one past its
  deadline);
- a few agreed actions are overdue, and some agencies have not acknowledged the record.

Every name is made up. Hours and days come from the settings, so no text names a target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import Child, ChronologyEvent, EventType, VoiceEntry
from partnership.children.selectors import voice_entries
from partnership.core.clocks import LONDON, is_working_day, london_date
from partnership.core.models import OutboxMessage
from partnership.strategy import rules, scheduling, services
from partnership.strategy.models import (
    Invitation,
    MeetingAction,
    MeetingChild,
    Mode,
    Response,
    StrategyMeeting,
)

# The demo person who acts for each agency; agencies with no demo person reply through the MASH.
ACTS_FOR = {
    "DCC CYPS": "socialworker",
    "Police": "police",
    "CDDFT": "health",
    "NPS": "probation",
    "Wearside Primary": "keyadult",
}
CHAIR = "manager"
ROOM = "Meeting room 2, Annand House, Durham"
DIAL_IN = "https://teams.example.org/l/meetup-join/strategy-"
SW = "Sam Socialworker"
TM = "Morgan Manager"


# --- what a meeting is made of ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """An agency's reply to its invitation; an empty response is an agency that never replied."""

    response: str = ""
    name: str = ""
    role: str = ""
    information: str = ""
    nothing_known: bool = False


def attends(name: str, role: str, information: str = "") -> Reply:
    return Reply(Response.ATTENDING, name, role, information)


def sends(information: str) -> Reply:
    return Reply(Response.SENDING_INFORMATION, information=information)


SILENT = Reply()
NOTHING_KNOWN = Reply(Response.SENDING_INFORMATION, nothing_known=True)

AMY = attends("DS Amy Kerr", "detective sergeant, safeguarding unit")
ROB = attends("DS Rob Heslop", "detective sergeant, child abuse investigation team")
LISA = attends("DI Lisa Brabin", "detective inspector, safeguarding unit")
JOANNE = attends("PS Joanne Elstob", "police sergeant, MASH")
JULIE = attends("Julie Tweddle", "named nurse for safeguarding children")
SARAH = attends("Sarah Gowland", "safeguarding midwife")
KIM = attends("Kim Keyadult", "designated safeguarding lead")
TOM = attends("Tom Alderson", "assistant head and designated safeguarding lead")
HELEN = attends("Helen Curry", "headteacher and designated safeguarding lead")
LYNNE = attends("Lynne Parkin", "nursery manager and designated safeguarding lead")
BECKY = attends("Becky Thornton", "independent domestic violence adviser")
GARY = attends("Gary Lumsden", "senior probation officer")

# What an attending agency sends before the meeting when the meeting's text gives nothing more particular.
BEFORE_THE_MEETING = {
    "DCC CYPS": "Children's social care records checked: the plans, assessments and earlier strategy meetings are "
    "summarised for the chair.",
    "Police": "Checks on both adults and the address completed: the incident log, the police national computer and "
    "local intelligence.",
    "CDDFT": "Health records checked for each child and the mother; anything new is in the chronology.",
    "Wearside Primary": "Attendance and wellbeing checked; the key adult will bring what the children have said.",
    "Riverside Academy": "Attendance and behaviour checked with the head of year; no injuries seen.",
    "St Aidan's": "Attendance checked with the class teacher; no injuries seen.",
    "BA Nursery": "Attendance and the nursery's observations checked; no injuries seen.",
    "Harbour": "The IDVA has spoken to the mother and updated her safety plan.",
    "NPS": "The offender manager's record checked, including licence conditions.",
    "YOS": "The case manager's record checked.",
}

DEFAULT_REPLIES = {
    "DCC CYPS": attends(SW, "social worker, Families First North"),
    "Police": AMY,
    "CDDFT": sends(
        "Health records checked: no attendances or injuries recorded since the last contact; immunisations up to date."
    ),
    "Wearside Primary": KIM,
    "Riverside Academy": sends("Checked with the form tutor: attendance is steady and there are no new concerns."),
    "St Aidan's": sends("Checked with the class teacher: no new concerns in school."),
    "BA Nursery": sends("Attendance checked: no injuries or new concerns seen at nursery."),
    "Harbour": sends("The IDVA is in touch with the mother and will update her safety plan."),
    "NPS": sends("Checked with the offender manager: nothing new known about contact with the family."),
    "YOS": sends("Checked with the case manager: appointments kept; nothing new to share."),
}


@dataclass(frozen=True)
class Decision:
    s47: str
    investigation: str = ""
    police: bool | None = None
    medical: bool | None = False
    legal: bool | None = False
    safety: str = ""
    reason: str = ""


def yes(reason: str, safety: str = "", *, joint: bool = True, medical: bool = False, legal: bool = False) -> Decision:
    return Decision("yes", "joint" if joint else "single", joint, medical, legal, safety, reason)


def no(reason: str, *, police: bool = False) -> Decision:
    return Decision("no", "", police, False, False, "", reason)


@dataclass(frozen=True)
class Act:
    """An action: due and done are days after the meeting ("icpc": the conference deadline); done None is open."""

    text: str
    agency: str
    owner: str
    due: int | str
    done: int | None = None


@dataclass(frozen=True)
class Week:
    """Threshold on a weekday (0 Monday) some weeks before this week, held some days later."""

    weeks_ago: int
    weekday: int
    at: str
    held_days: int
    held_at: str


@dataclass(frozen=True)
class AfterIncident:
    """Threshold some hours after one of the child's recent domestic abuse incidents (0: the earliest in six weeks)."""

    child: str
    index: int
    after_hours: float
    held_after_hours: float
    fallback: Week


@dataclass(frozen=True)
class Recent:
    """Held on a recent working day, the threshold some hours before."""

    held_working_days_ago: int
    held_at: str
    hours_before: float


@dataclass(frozen=True)
class HoursAgo:
    """Threshold met some hours ago; not held yet."""

    hours: float


CONVENING, HELD, COMPLETED, SHARED, LATE = "convening", "held", "completed", "shared", "late"


@dataclass(frozen=True)
class Spec:
    children: tuple[str, ...]
    when: Week | AfterIncident | Recent | HoursAgo
    stage: str
    reason: str
    replies: dict[str, Reply] = field(default_factory=dict)
    information: str = ""
    risk: str = ""
    decisions: dict[str, Decision | None] = field(default_factory=dict)
    actions: tuple[Act, ...] = ()
    voices: dict[str, str] = field(default_factory=dict)
    unacknowledged: tuple[str, ...] = ()
    mode: str = Mode.MEETING
    recorded_by: str = "socialworker"
    complete_after: float = 3.0
    share_after: float = 1.5
    late_by: float = 20.0


def _decisions(children: tuple[str, ...], decision: Decision) -> dict[str, Decision | None]:
    return dict.fromkeys(children, decision)


# --- the meetings ---------------------------------------------------------------------------------------------

LARCHFIELD = ("Ella Larchfield", "Jack Larchfield", "Lola Cawthorne")
WRENFOLD = ("Mia Wrenfold", "Leo Wrenfold", "Ava Tollerby")
HAZELDENE = ("Tyler Hazeldene", "Sienna Hazeldene")
FERNSIDE = ("Poppy Ketterley", "Alfie Ketterley", "Unborn Fernside")
ASHCOMBE = ("Theo Ashcombe", "Isla Ashcombe", "Unborn Ashcombe")
PENNYFEATHER = ("Ruby Pennyfeather", "Oscar Stainthorpe", "Daisy Stainthorpe")
THISTLETON = ("Noah Thistleton", "Evie Thistleton", "Archie Thistleton")
ROOKWOOD = ("Jayden Rookwood", "Amelia Rookwood", "Rosie Rookwood")


def _specs() -> list[Spec]:
    hazeldene_1 = yes(
        "A third incident this year, with Sienna present and Tyler stepping in: reasonable cause to suspect both "
        "children are suffering significant emotional harm. Joint, as the police are investigating the assault.",
        "Shaun is not to return to the address while the investigation continues; Donna will call 999 if he does.",
    )
    wrenfold_1 = yes(
        "Repeated breaches of the order after a MARAC, with threats the children have seen: reasonable cause to "
        "suspect significant emotional harm to all three. Joint with the police, who are investigating the breach.",
        "Natalie and the children will stay with Natalie's sister until Craig's bail conditions are set.",
    )
    larchfield_1 = yes(
        "Jack's injury and his account, with repeated bail breaches by a man who has been violent in front of the "
        "children: reasonable cause to suspect significant harm to all three. Joint enquiry.",
        "The police will arrest Dean for the bail breach. The children stay with Kerry, who has a safety plan with "
        "her IDVA.",
    )
    pennyfeather_1 = yes(
        "A further licence breach with a weapon, seen by Oscar, by a man convicted of strangling Gemma: reasonable "
        "cause to suspect significant harm to all three children. Joint with the police.",
        "Ryan's recall to prison is requested; Gemma will call 999 if he comes to the house.",
    )
    fernside_1 = yes(
        "An assault on a pregnant woman by a man who moved back against the agreement, with Poppy and Alfie at "
        "home: reasonable cause to suspect significant harm to all three, the unborn baby included.",
        "Liam has agreed to leave today; Leanne and the children will go to her mother's if he comes back.",
    )
    thistleton_1 = yes(
        "A fourth incident in a year, after a MARAC, while the children are on child protection plans: the plans "
        "are not keeping them safe. Joint enquiry with the police.",
        "Gavin is remanded; if bailed, his conditions must keep him away from the address.",
    )
    wrenfold_2 = yes(
        "The enquiry begun after the last meeting continues and now includes Craig's approach to Leo at school: "
        "the risk to all three children is rising. Joint with the police.",
        "Schools and nursery have Craig's photograph and bail conditions; only Natalie or her sister collect.",
    )
    larchfield_2 = yes(
        "A further assault in breach of bail, with Ella hurt: the child protection plans are not keeping the "
        "children safe. Joint enquiry, and legal advice on pre-proceedings.",
        "Dean is remanded in custody. Kerry is applying for a non-molestation order with her IDVA's help.",
        legal=True,
    )
    hazeldene_2 = yes(
        "A fourth incident in a year; Tyler again had to call for help. Reasonable cause to suspect significant "
        "harm to both children. Joint, as the police are investigating.",
        "Shaun is bailed to another address and must not come to the street.",
    )
    ashcombe_2 = yes(
        "A man convicted of assaulting Jade is trying to find the family through Theo, in breach of a restraining "
        "order, weeks before the baby is due: reasonable cause to suspect significant harm to all three.",
        "Carol takes Theo to and from school; a marker is on the address; Jade will call 999 if Kyle comes near.",
    )
    thistleton_2 = yes(
        "Gavin is ignoring his bail conditions and Claire did not call the police: the children are not protected. "
        "Joint enquiry.",
        "Police to arrest Gavin for the bail breach today; Claire's IDVA will review the safety plan with her.",
    )
    fernside_2 = yes(
        "Poppy's injury and her account that her father pushed her, with Liam still visiting: reasonable cause to "
        "suspect significant harm to Poppy, Alfie and the unborn baby. Joint enquiry and legal advice.",
        "Liam is not to visit while the enquiry continues; Leanne agreed to stay at her mother's.",
        legal=True,
    )
    pennyfeather_3 = yes(
        "Threats from prison to come for the children, who are frightened: reasonable cause to suspect significant "
        "emotional harm. Single agency: the prison and probation are dealing with the phone.",
        "Prison security have seized the phone; Ryan's calls are monitored.",
        joint=False,
    )
    return [
        Spec(
            children=HAZELDENE,
            when=AfterIncident("Tyler Hazeldene", 0, 1.2, 14.0, Week(5, 1, "23:15", 1, "13:15")),
            stage=SHARED,
            recorded_by="frontdoor",
            reason="Police report of last night's incident: Shaun Garside smashed the television and bruised Donna "
            "Hazeldene's arm. Sienna was awake and crying; Tyler was at home. Shaun is on licence.",
            replies={
                "Police": attends(
                    AMY.name,
                    AMY.role,
                    "Shaun Garside arrested for criminal damage and assault, released under investigation. Two "
                    "earlier incidents at the address this year.",
                ),
                "CDDFT": sends(
                    "Sienna's health visiting record: development on track. Donna attended the walk-in centre with "
                    "bruising in the summer and said she fell."
                ),
                "Riverside Academy": SILENT,
                "YOS": sends("Tyler is keeping to his referral order. He told his case manager he is 'sick of it'."),
                "BA Nursery": attends(LYNNE.name, LYNNE.role, "Sienna was tired and clingy at nursery this morning."),
                "NPS": attends(
                    GARY.name, GARY.role, "Shaun is on licence; this incident will be considered for recall."
                ),
            },
            information="Police: Shaun arrested and released under investigation; two earlier incidents this year.\n"
            "Probation: Shaun on licence; recall being considered.\nNursery: Sienna tired and clingy.\n"
            "Youth justice: Tyler engaging but low. Health: bruising to Donna in the summer.",
            risk="The incidents are more frequent and Tyler is putting himself between Shaun and his mother. Sienna "
            "is exposed to the violence at night. Donna has not yet been able to keep Shaun away.",
            decisions=_decisions(HAZELDENE, hazeldene_1),
            actions=(
                Act("Joint visit to see Tyler and Sienna and speak to Donna", "DCC CYPS", SW, 1, 1),
                Act("Consider recall of Shaun's licence and tell the social worker", "NPS", GARY.name, 3, 2),
                Act("Arrange the initial child protection conference", "DCC CYPS", TM, "icpc", 12),
                Act("Ask Riverside Academy for Tyler's attendance and behaviour record", "DCC CYPS", SW, 2),
            ),
            voices={
                "Tyler Hazeldene": "Not seen alone: Tyler would not talk to the officers on the night. The social "
                "worker will see him alone at school tomorrow."
            },
            unacknowledged=("Riverside Academy",),
            complete_after=4.0,
            share_after=0.8,
        ),
        Spec(
            children=WRENFOLD,
            when=Week(5, 1, "09:20", 0, "15:30"),
            stage=SHARED,
            reason="Natalie Wrenfold told the police that Craig Tollerby waited outside the house overnight and sent "
            "threatening messages, in breach of the non-molestation order. Mia found the messages and is frightened.",
            replies={
                "Police": attends(
                    ROB.name,
                    ROB.role,
                    "Craig arrested this morning for breach of the order; his phone seized. DASH graded high risk.",
                ),
                "CDDFT": sends("No health concerns recorded for the children; Ava's last review found none."),
                "Riverside Academy": attends(
                    TOM.name, TOM.role, "Mia's attendance this term is 88%. She told her tutor she had not slept."
                ),
                "St Aidan's": sends("Leo comes to breakfast club every day; staff have seen no injuries."),
                "BA Nursery": SILENT,
            },
            information="Police: Craig arrested for breach of the order; high risk.\nRiverside Academy: Mia's "
            "attendance falling and she is not sleeping.\nSt Aidan's: Leo settled at breakfast club.\nHealth: no "
            "concerns. The nursery did not reply.",
            risk="A man who has threatened to kill Natalie keeps breaching the order. The children are frightened and "
            "Mia is taking responsibility for her mother's safety. The written agreement puts everything on Natalie.",
            decisions=_decisions(WRENFOLD, wrenfold_1),
            actions=(
                Act("Joint visit: see each child and speak to Natalie", "DCC CYPS", SW, 1, 1),
                Act("Tell the MARAC coordinator of the repeat incident", "Police", ROB.name, 2, 2),
                Act("Rewrite the written agreement so it puts actions on Craig, not only Natalie", "DCC CYPS", SW, 7),
                Act("Bring the review child protection conference forward", "DCC CYPS", TM, 10, 8),
            ),
            unacknowledged=("BA Nursery",),
        ),
        Spec(
            children=ASHCOMBE,
            when=Week(5, 3, "08:45", 0, "13:15"),
            stage=SHARED,
            mode=Mode.CALL,
            recorded_by="frontdoor",
            reason="A neighbour called the police at 02:00: a man was banging on Jade Ashcombe's door and shouting. "
            "The neighbour thought it was Kyle Penrose, who is subject to a restraining order. Jade is pregnant.",
            replies={
                "Police": attends(
                    JOANNE.name,
                    JOANNE.role,
                    "CCTV and his employer show Kyle Penrose was at work in Sunderland at the time. The man was a "
                    "visitor who went to the wrong door; words of advice given.",
                ),
                "CDDFT": attends(
                    SARAH.name,
                    SARAH.role,
                    "Jade attended her antenatal appointment yesterday: no injuries, no "
                    "disclosures, the pregnancy is going well.",
                ),
                "Riverside Academy": sends("Theo's attendance is 97% and he is doing well."),
            },
            information="Police: not Kyle; a visitor at the wrong door, words of advice given.\nMidwifery: Jade well, "
            "no disclosures.\nSchools: both children settled and attending.",
            risk="The restraining order is being kept and Jade acts protectively. The children slept through the "
            "noise. No new risk from Kyle.",
            decisions=_decisions(
                ASHCOMBE,
                no(
                    "The police have established the man was not Kyle and no one was hurt. The restraining order is "
                    "working and Jade acted protectively: no reasonable cause to suspect significant harm. The child "
                    "in need plan continues."
                ),
            ),
            actions=(
                Act("Tell Jade the outcome and review her safety plan", "DCC CYPS", SW, 1, 1),
                Act("Keep the marker on the address", "Police", JOANNE.name, 1, 0),
            ),
            voices={
                "Theo Ashcombe": "Not seen: Theo was asleep when police attended; to be seen at school tomorrow.",
                "Isla Ashcombe": "Not seen: Isla was asleep when police attended; her key adult will check in "
                "with her at school.",
                "Unborn Ashcombe": "Unborn: Jade said she wants the baby born into a calm home and is glad the "
                "order is in place.",
            },
            complete_after=1.5,
            share_after=0.5,
        ),
        Spec(
            children=LARCHFIELD,
            when=Week(4, 0, "10:40", 1, "17:10"),
            stage=SHARED,
            reason="Kerry Larchfield told her IDVA that Dean Cawthorne has been coming to the house at night despite "
            "his bail conditions. Jack has a bruise on his upper arm; he told his teacher 'Dean grabbed me'.",
            replies={
                "Police": attends(
                    AMY.name,
                    AMY.role,
                    "Dean is on bail not to contact Kerry. Two neighbours' calls about shouting this month were not "
                    "linked to the family until today.",
                ),
                "CDDFT": attends(
                    JULIE.name, JULIE.role, "Lola's health visitor saw her at home three weeks ago with no concerns."
                ),
                "Wearside Primary": attends(
                    KIM.name,
                    KIM.role,
                    "Jack showed the bruise to his teacher at 09:15 and said Dean grabbed him. Ella has been tired "
                    "and tearful this week.",
                ),
                "Harbour": attends(
                    BECKY.name, BECKY.role, "Kerry is frightened of Dean and wants help to keep him away."
                ),
            },
            information="Held outside the target: the paediatrician could not see Jack until the next afternoon and "
            "the meeting waited for the findings.\nPolice: bail breaches; neighbours' calls now linked.\nSchool: "
            "Jack's disclosure and bruise; Ella tearful.\nHealth: child protection medical consistent with a grab "
            "injury.\nIDVA: Kerry wants help to keep Dean away.",
            risk="Dean is ignoring his bail and has now hurt Jack. The children are on child protection plans and "
            "the plans are not keeping them safe at night.",
            decisions={
                "Ella Larchfield": larchfield_1,
                "Jack Larchfield": yes(larchfield_1.reason, larchfield_1.safety, medical=True),
                "Lola Cawthorne": larchfield_1,
            },
            actions=(
                Act("Child protection medical for Jack", "CDDFT", "Dr Neha Varma, community paediatrician", 0, 0),
                Act("Arrest Dean Cawthorne for breach of bail", "Police", AMY.name, 1, 2),
                Act("Refer back to MARAC as a repeat", "Harbour", BECKY.name, 5, 4),
                Act("Bring the review child protection conference forward", "DCC CYPS", TM, 10, 9),
            ),
            complete_after=16.5,
            share_after=1.0,
        ),
        Spec(
            children=PENNYFEATHER,
            when=Week(4, 1, "08:50", 0, "14:00"),
            stage=LATE,
            reason="Ryan Stainthorpe, released again on licence last week, came to Gemma Pennyfeather's house drunk "
            "and threatened her with a bottle. Oscar saw it from the stairs; Ruby called the police.",
            replies={
                "Police": attends(ROB.name, ROB.role, "Ryan arrested at the scene; the bottle seized."),
                "NPS": attends(
                    "Priya Probation",
                    "probation officer",
                    "Ryan was re-released on licence nine days ago with a condition not to contact Gemma or the "
                    "children. Recall requested this morning.",
                ),
                "CDDFT": sends(
                    "Daisy was seen recently at the urgent care centre with a chest infection. Nothing else."
                ),
                "Riverside Academy": TOM,
                "Wearside Primary": sends("Oscar told his key adult he does not want to see his dad. He is settled."),
                "BA Nursery": SILENT,
            },
            information="Police: Ryan arrested at the scene.\nProbation: licence condition breached; recall "
            "requested.\nSchools: Ruby in school, upset; Oscar settled but frightened of his father.\nHealth: nothing "
            "of note. The nursery did not reply.",
            risk="Ryan has strangled Gemma before and breached his licence within days of release, with a weapon. "
            "Ruby is again protecting her mother and siblings.",
            decisions=_decisions(PENNYFEATHER, pennyfeather_1),
            actions=(
                Act("Joint visit: see each child alone", "DCC CYPS", SW, 1, 1),
                Act("Confirm Ryan's recall and tell the social worker", "NPS", "Priya Probation", 1, 1),
                Act("Arrange the initial child protection conference", "DCC CYPS", TM, "icpc", 14),
                Act("Confirm Daisy's attendance and anything she has said", "BA Nursery", LYNNE.name, 3, 4),
            ),
            voices={
                "Daisy Stainthorpe": "Not seen: Daisy was asleep when police attended; to be seen at nursery tomorrow."
            },
            unacknowledged=("BA Nursery", "CDDFT"),
            complete_after=2.5,
            late_by=20.0,
        ),
        Spec(
            children=FERNSIDE,
            when=Week(4, 3, "15:20", 1, "10:00"),
            stage=SHARED,
            reason="Leanne Fernside came to her antenatal appointment with bruising to her face. She told the "
            "midwife that Liam Ketterley had moved back in and hit her. Poppy and Alfie were at home.",
            replies={
                "Police": attends(
                    AMY.name,
                    AMY.role,
                    "No call to the police this time. Liam has a caution for assaulting Leanne; the incident in the "
                    "summer was not charged.",
                ),
                "CDDFT": attends(
                    SARAH.name,
                    SARAH.role,
                    "Bruising to the left cheek. Leanne said Liam moved back in three weeks ago. The pregnancy is "
                    "progressing well.",
                ),
                "BA Nursery": attends(
                    LYNNE.name, LYNNE.role, "Poppy comes two days a week. She told staff 'Daddy shouts at Mammy'."
                ),
            },
            information="Midwifery: bruising seen, Liam back in the house.\nPolice: previous caution; the summer "
            "incident not charged.\nNursery: Poppy's attendance low; she spoke of shouting at home.",
            risk="Liam has moved back against the written agreement and assaulted a pregnant woman. Poppy and Alfie "
            "are very young and cannot protect themselves; the pre-birth conference is overdue.",
            decisions=_decisions(FERNSIDE, fernside_1),
            actions=(
                Act("Joint visit, and see Poppy at nursery", "DCC CYPS", SW, 1, 1),
                Act("Ask Leanne whether she will make a statement", "Police", AMY.name, 3, 4),
                Act("Book the pre-birth conference", "DCC CYPS", TM, 5),
            ),
            voices={
                "Unborn Fernside": "Unborn: Leanne said she wants to keep the baby safe and is frightened of what "
                "Liam will do when it is born."
            },
            complete_after=5.0,
            share_after=2.0,
        ),
        Spec(
            children=ROOKWOOD,
            when=Week(3, 0, "11:15", 0, "16:00"),
            stage=SHARED,
            recorded_by="frontdoor",
            reason="The children's mother and her partner fought on the doorstep of the grandparents' house late last "
            "night. Amelia saw it from the window. Dennis Rookwood called the police.",
            replies={
                "Police": attends(
                    JOANNE.name,
                    JOANNE.role,
                    "Both adults arrested for a public order offence and released. Pauline and Dennis did not let "
                    "them in.",
                ),
                "CDDFT": NOTHING_KNOWN,
                "St Aidan's": attends(
                    HELEN.name, HELEN.role, "Amelia was quiet and told her teacher about the fight; Rosie knew nothing."
                ),
            },
            information="Police: both adults arrested and released; the grandparents kept them out.\nSchool: Amelia "
            "upset, Rosie unaware.\nHealth: nothing known.",
            risk="The grandparents protected the children. The mother's contact needs review, but the children were "
            "safe indoors throughout.",
            decisions=_decisions(
                ROOKWOOD,
                no(
                    "The grandparents acted protectively and the children were safe indoors. No reasonable cause to "
                    "suspect significant harm: support continues under the child in need plan.",
                    police=True,
                ),
            ),
            actions=(
                Act("Review the mother's contact arrangements with Pauline and Dennis", "DCC CYPS", SW, 5, 6),
                Act("Check in with Amelia this week", "St Aidan's", HELEN.name, 3, 2),
            ),
            unacknowledged=("CDDFT",),
            complete_after=1.0,
            share_after=0.6,
        ),
        Spec(
            children=THISTLETON,
            when=AfterIncident("Noah Thistleton", 0, 1.5, 12.0, Week(3, 2, "22:30", 1, "10:30")),
            stage=SHARED,
            recorded_by="frontdoor",
            reason="Police attended last night: Gavin Thistleton came home drunk and pushed Claire to the floor. All "
            "three children were at home; Archie hid in the wardrobe. The children are on child protection plans.",
            replies={
                "Police": attends(
                    LISA.name,
                    LISA.role,
                    "Gavin charged with assault and remanded to court; the police will oppose bail to the address.",
                ),
                "CDDFT": sends("No attendances since Archie's A&E visit; all three are of school age."),
                "Riverside Academy": attends(TOM.name, TOM.role, "Noah came in today and said he is 'done with it'."),
                "Wearside Primary": attends(
                    KIM.name, KIM.role, "Evie and Archie arrived late and tired; Archie asked if his dad would be home."
                ),
                "Harbour": sends(
                    "Claire wants Gavin to leave and will support the prosecution. A repeat MARAC referral is made."
                ),
            },
            information="Police: Gavin charged and remanded.\nSchools: all three children tired and worried.\nIDVA: "
            "Claire supports the prosecution; repeat MARAC referral.\nHealth: nothing new.",
            risk="The violence continues after a MARAC and while the children are on plans. Archie is hiding and "
            "Noah is angry and withdrawn.",
            decisions=_decisions(THISTLETON, thistleton_1),
            actions=(
                Act("See Noah, Evie and Archie alone at school", "DCC CYPS", SW, 1, 1),
                Act("Repeat referral to MARAC", "Police", LISA.name, 2, 2),
                Act("Bring the review child protection conference forward", "DCC CYPS", TM, 10, 9),
                Act("Legal gateway meeting to consider pre-proceedings", "DCC CYPS", TM, 14, 13),
            ),
            complete_after=3.0,
            share_after=1.0,
        ),
        Spec(
            children=WRENFOLD,
            when=Week(3, 2, "13:00", 1, "08:30"),
            stage=SHARED,
            mode=Mode.CALL,
            reason="Craig Tollerby, released on bail, went to Leo's school gate at home time. Staff kept Leo inside; "
            "Craig left before the police arrived.",
            replies={
                "Police": attends(
                    ROB.name, ROB.role, "Craig arrested this morning for breach of bail and remanded to court."
                ),
                "CDDFT": NOTHING_KNOWN,
                "Riverside Academy": sends("Mia is in school and working well with her mentor."),
                "St Aidan's": attends(
                    HELEN.name,
                    HELEN.role,
                    "Craig stood at the gate at 15:15 calling for Leo. Leo was kept inside until his mother came.",
                ),
                "BA Nursery": LYNNE,
            },
            information="Police: Craig remanded for breach of bail.\nSt Aidan's: Leo kept safe inside.\nRiverside: Mia "
            "attending. Nursery: Ava settled.",
            risk="Craig is now approaching the children directly. The schools acted well; the risk at collection "
            "times is high.",
            decisions=_decisions(WRENFOLD, wrenfold_2),
            actions=(
                Act(
                    "Give every school and the nursery Craig's photograph and bail conditions", "Police", ROB.name, 1, 1
                ),
                Act("Update the safety plan with Natalie for school collections", "DCC CYPS", SW, 2, 3),
            ),
            unacknowledged=("Riverside Academy",),
            complete_after=2.0,
            share_after=3.0,
        ),
        Spec(
            children=LARCHFIELD,
            when=Week(2, 5, "10:15", 2, "11:00"),
            stage=SHARED,
            reason="Police were called to Kerry Larchfield's house late on Friday: Dean Cawthorne was there in breach "
            "of bail and Ella hurt her wrist when he pushed past her. The out-of-hours team visited this morning.",
            replies={
                "Police": attends(AMY.name, AMY.role, "Dean remanded in custody for the bail breach and an assault."),
                "CDDFT": attends(
                    JULIE.name,
                    JULIE.role,
                    "Ella was seen at urgent care: a sprained wrist, consistent with her account.",
                ),
                "Wearside Primary": KIM,
                "Harbour": sends("Kerry wants a non-molestation order and has been helped to apply."),
            },
            information="Held on Monday: the out-of-hours team made the children safe at the weekend but the meeting "
            "was not convened until the office reopened.\nPolice: Dean remanded.\nHealth: Ella's sprain consistent "
            "with her account.\nIDVA: non-molestation order being sought.",
            risk="A third serious incident in weeks. Dean is remanded for now, but the plans have not protected the "
            "children and Ella has been hurt.",
            decisions=_decisions(LARCHFIELD, larchfield_2),
            actions=(
                Act("Help Kerry apply for a non-molestation order", "Harbour", BECKY.name, 3, 2),
                Act("Legal planning meeting", "DCC CYPS", TM, 5, 4),
                Act("Update the child protection plans", "DCC CYPS", SW, 7, 6),
            ),
            unacknowledged=("Harbour",),
            complete_after=4.5,
            share_after=1.2,
        ),
        Spec(
            children=("Ruby Pennyfeather",),
            when=Week(2, 1, "14:30", 1, "09:45"),
            stage=SHARED,
            reason="Ruby Pennyfeather told her head of year that her 19-year-old boyfriend slaps her and makes her "
            "send him pictures. She was missing overnight once this month.",
            replies={
                "Police": attends(
                    ROB.name, ROB.role, "The boyfriend is known for drugs offences; images investigation begun."
                ),
                "CDDFT": sends("Ruby is not known to sexual health services locally. Nothing else known."),
                "Riverside Academy": attends(
                    TOM.name, TOM.role, "Ruby disclosed to her head of year and showed bruising to her upper arm."
                ),
                "NPS": sends("Nothing known about the boyfriend. Ryan remains in prison after recall."),
            },
            information="School: Ruby's disclosure and bruising.\nPolice: boyfriend known; images being investigated."
            "\nHealth and probation: nothing known.",
            risk="An adult is physically abusing and sexually exploiting a 14-year-old. Ruby sees him as her "
            "boyfriend and may go missing to see him.",
            decisions={
                "Ruby Pennyfeather": yes(
                    "Physical abuse and sexual exploitation of a 14-year-old by an adult: reasonable cause to "
                    "suspect significant harm. Joint with the police.",
                    "A child abduction warning notice to the boyfriend; Ruby stays with her mother.",
                ),
            },
            actions=(
                Act("Serve a child abduction warning notice on the boyfriend", "Police", ROB.name, 1, 1),
                Act("Refer Ruby to the exploitation team and complete the screening tool", "DCC CYPS", SW, 3, 3),
                Act("Return home interview after any missing episode", "DCC CYPS", SW, 5, 5),
            ),
            unacknowledged=("NPS",),
            complete_after=3.5,
            share_after=1.0,
        ),
        Spec(
            children=HAZELDENE,
            when=AfterIncident("Tyler Hazeldene", 1, 6.0, 4.5, Week(2, 3, "08:40", 0, "13:10")),
            stage=LATE,
            recorded_by="frontdoor",
            reason="Tyler Hazeldene called 999 in the early hours: Shaun Garside came home drunk and threatened Donna. "
            "Shaun was arrested and bailed to another address.",
            replies={
                "Police": AMY,
                "NPS": attends(GARY.name, GARY.role, "Shaun's licence recall has been requested."),
                "YOS": attends(
                    "Chris Wardle", "youth justice case manager", "Tyler has kept every appointment this month."
                ),
                "CDDFT": SILENT,
                "Riverside Academy": sends("Tyler came to school late and was quiet; no injuries seen."),
                "BA Nursery": sends("Sienna is at nursery and settled."),
            },
            information="Police: Shaun arrested and bailed away from the address.\nProbation: recall requested.\n"
            "Youth justice and school: Tyler coping but withdrawn. The health visitor did not reply.",
            risk="A fourth incident in a year; Tyler is acting as his mother's protector and Sienna is very young.",
            decisions=_decisions(HAZELDENE, hazeldene_2),
            actions=(
                Act("See Tyler alone and record his views", "DCC CYPS", SW, 1, 2),
                Act("Confirm the outcome of the recall request", "NPS", GARY.name, 2, 2),
                Act("Health visitor to see Sienna at home", "CDDFT", "Jo Pryor, health visitor", 5, 4),
            ),
            voices={
                "Tyler Hazeldene": "Not seen alone: Tyler spoke only to the call handler. He will be seen alone at "
                "school tomorrow."
            },
            unacknowledged=("CDDFT", "Riverside Academy"),
            complete_after=2.0,
            late_by=6.0,
        ),
        Spec(
            children=ASHCOMBE,
            when=Week(1, 0, "19:30", 2, "09:30"),
            stage=LATE,
            reason="Theo Ashcombe told his teacher that Kyle Penrose has been messaging him on social media, asking "
            "where the family lives and saying he will 'sort Jade out'. Kyle is subject to a restraining order.",
            replies={
                "Police": attends(JOANNE.name, JOANNE.role, "Messages captured. Kyle to be arrested for the breach."),
                "CDDFT": SARAH,
                "Riverside Academy": attends(
                    TOM.name, TOM.role, "Theo showed the messages to his tutor and asked not to go home on the bus."
                ),
                "Wearside Primary": sends("Isla is happy in school; no concerns."),
            },
            information="Held late: the police wanted the messages captured first, and the delay was not escalated."
            "\nPolice: breach of the restraining order; arrest planned.\nSchool: Theo frightened.\nMidwifery: baby "
            "due within weeks; Jade well.",
            risk="Kyle is trying to find the family through Theo weeks before the baby is due. The order protects "
            "them only if it is enforced.",
            decisions=_decisions(ASHCOMBE, ashcombe_2),
            actions=(
                Act("Arrest Kyle Penrose for breach of the restraining order", "Police", JOANNE.name, 1, 1),
                Act("Safety planning with Theo, including his social media", "DCC CYPS", SW, 2, 3),
                Act("Review the birth plan with Jade", "CDDFT", SARAH.name, 5, 5),
            ),
            unacknowledged=("Wearside Primary",),
            complete_after=4.5,
            late_by=21.0,
        ),
        Spec(
            children=THISTLETON,
            when=Week(1, 1, "09:40", 0, "12:45"),
            stage=SHARED,
            mode=Mode.CALL,
            reason="Evie Thistleton told her key adult that Gavin came to the house on Saturday despite his bail "
            "conditions and shouted at Claire through the letterbox. Claire did not call the police.",
            replies={
                "Police": attends(
                    LISA.name, LISA.role, "Gavin's bail keeps him out of the street; he will be arrested."
                ),
                "CDDFT": NOTHING_KNOWN,
                "Riverside Academy": SILENT,
                "Wearside Primary": attends(KIM.name, KIM.role, "Evie told me at 08:50; Archie was quiet all morning."),
                "Harbour": BECKY,
            },
            information="School: Evie's disclosure.\nPolice: bail breach; arrest planned.\nIDVA: Claire frightened "
            "to call the police. Riverside Academy did not reply.",
            risk="Gavin is ignoring his bail and Claire is too frightened to report it; the children are carrying "
            "the secret.",
            decisions=_decisions(THISTLETON, thistleton_2),
            actions=(
                Act("Arrest Gavin for breach of bail", "Police", LISA.name, 0, 0),
                Act("Review Claire's safety plan with her", "Harbour", BECKY.name, 2, 2),
                Act("Tell Riverside Academy and ask them to check in with Noah", "DCC CYPS", SW, 1),
            ),
            unacknowledged=("Riverside Academy",),
            complete_after=2.5,
            share_after=0.7,
        ),
        Spec(
            children=FERNSIDE,
            when=Week(1, 2, "15:20", 2, "10:10"),
            stage=SHARED,
            reason="Poppy Ketterley arrived at nursery with a bruise on her cheek. Leanne said Poppy fell, but Poppy "
            "told staff 'Daddy pushed me'. Liam is still visiting the house.",
            replies={
                "Police": ROB,
                "CDDFT": attends("Jo Pryor", "health visitor", "Alfie seen at home last week; no marks seen."),
                "BA Nursery": attends(
                    LYNNE.name,
                    LYNNE.role,
                    "A 2 cm bruise on Poppy's left cheek, body-mapped at 09:10. Poppy said 'Daddy pushed me'.",
                ),
            },
            information="Held outside the target: the chair was on leave and no cover was arranged.\nNursery: "
            "bruise and Poppy's words.\nHealth: child protection medical found the bruise consistent with a push "
            "against furniture.\nPolice: Liam to be interviewed.",
            risk="A young child injured, with her own account, and a father who keeps returning. The baby is due "
            "within weeks and the pre-birth conference is still not booked.",
            decisions={
                "Poppy Ketterley": yes(fernside_2.reason, fernside_2.safety, medical=True, legal=True),
                "Alfie Ketterley": fernside_2,
                "Unborn Fernside": fernside_2,
            },
            actions=(
                Act("Child protection medical for Poppy", "CDDFT", "Dr Neha Varma, community paediatrician", 0, 0),
                Act("Book the pre-birth conference now", "DCC CYPS", TM, 3),
                Act("Legal planning meeting: pre-proceedings", "DCC CYPS", TM, 5, 4),
            ),
            complete_after=3.0,
            share_after=0.5,
        ),
        Spec(
            children=ROOKWOOD,
            when=Week(1, 3, "16:20", 1, "09:30"),
            stage=SHARED,
            reason="Jayden Rookwood was punched by his mother's partner in the street after he refused to let him "
            "into the grandparents' house. Amelia and Rosie were at home.",
            replies={
                "Police": sends(
                    "No officer free to attend: the partner is arrested for assaulting Jayden and bail will keep him "
                    "away from the street. The officer in the case will ring the social worker after the meeting."
                ),
                "CDDFT": sends("Jayden was seen at the minor injuries unit: bruising to his cheek, no fracture."),
                "St Aidan's": sends("Amelia and Rosie were in school today and well."),
            },
            information="Police (by e-mail, no officer free to attend): the partner arrested.\nHealth: Jayden's "
            "bruising, no fracture.\nSchool: the girls well.",
            risk="The mother's partner is now violent towards the children. The grandparents remain protective.",
            decisions={
                "Jayden Rookwood": yes(
                    "Jayden was assaulted by an adult who knows where the children live: reasonable cause to "
                    "suspect significant harm. Joint, as the police are investigating.",
                    "Bail conditions keep the partner away from the street.",
                ),
                "Amelia Rookwood": no(
                    "Amelia was indoors and safe with her grandparents: her needs are met under the child in need plan."
                ),
                "Rosie Rookwood": no(
                    "Rosie was indoors and safe with her grandparents: her needs are met under the child in need plan."
                ),
            },
            actions=(
                Act("See Jayden alone", "DCC CYPS", SW, 1, 1),
                Act("Review the mother's contact and the grandparents' safety plan", "DCC CYPS", SW, 5, 4),
            ),
            unacknowledged=("St Aidan's",),
            complete_after=2.0,
            share_after=1.0,
        ),
        # The record is still being written: decisions in part, the children's voice not yet recorded.
        Spec(
            children=WRENFOLD,
            when=Recent(2, "14:30", 5.4),
            stage=HELD,
            reason="Natalie Wrenfold rang the social worker: a friend of Craig Tollerby has been sitting outside the "
            "house in a car and photographing the children. Mia is refusing to go to school.",
            replies={
                "Police": ROB,
                "CDDFT": NOTHING_KNOWN,
                "Riverside Academy": TOM,
                "St Aidan's": SILENT,
                "BA Nursery": sends("Ava attended all week and is settled."),
            },
            information="Police: the car's owner is traced to Craig's friend.\nRiverside: Mia absent two days.",
            risk="Draft: Craig may be using others to watch the family while he is remanded.",
            decisions={"Mia Wrenfold": wrenfold_2, "Leo Wrenfold": wrenfold_2, "Ava Tollerby": None},
            actions=(Act("Speak to the car's owner", "Police", ROB.name, 1),),
        ),
        Spec(
            children=HAZELDENE,
            when=Recent(1, "13:25", 4.6),
            stage=HELD,
            reason="Donna Hazeldene told the police that Shaun Garside came to the house last night in breach of his "
            "bail and took her phone. Sienna was at home.",
            replies={
                "Police": AMY,
                "NPS": GARY,
                "YOS": SILENT,
                "CDDFT": sends("The health visitor saw Sienna last week; no injuries."),
                "Riverside Academy": SILENT,
                "BA Nursery": LYNNE,
            },
            information="Police: Shaun is being sought for the bail breach.\nProbation: recall decision due.",
            decisions={"Sienna Hazeldene": hazeldene_2, "Tyler Hazeldene": None},
            mode=Mode.CALL,
        ),
        # Signed off, not shared yet.
        Spec(
            children=PENNYFEATHER,
            when=Recent(1, "11:00", 18.8),
            stage=COMPLETED,
            reason="Gemma Pennyfeather told the police that Ryan Stainthorpe has been phoning the children from "
            "prison on a borrowed phone and told Oscar he will 'come for them' when he is released.",
            replies={
                "Police": JOANNE,
                "NPS": attends("Priya Probation", "probation officer", "Prison security told; the phone is seized."),
                "CDDFT": NOTHING_KNOWN,
                "Riverside Academy": sends("Ruby is attending; she told her tutor about the calls."),
                "Wearside Primary": KIM,
                "BA Nursery": sends("Daisy is settled at nursery."),
            },
            information="Probation: the phone seized; calls to be monitored.\nSchools: Ruby and Oscar upset by the "
            "calls.",
            risk="Ryan is still trying to frighten the children from prison; his release date is months away.",
            decisions=_decisions(PENNYFEATHER, pennyfeather_3),
            actions=(
                Act("See Oscar and Ruby about the calls", "DCC CYPS", SW, 1),
                Act("Confirm Ryan's calls are monitored and tell the social worker", "NPS", "Priya Probation", 3),
            ),
            complete_after=4.5,
        ),
        # Being convened.
        Spec(
            children=LARCHFIELD,
            when=HoursAgo(4.0),
            stage=CONVENING,
            reason="Kerry Larchfield told her IDVA that Dean Cawthorne's brother came to the house and threatened her "
            "about giving evidence against Dean. Ella answered the door to him.",
            replies={
                "DCC CYPS": DEFAULT_REPLIES["DCC CYPS"],
                "Police": AMY,
                "Wearside Primary": sends("Ella told her key adult about the visit; she is frightened."),
            },
        ),
        Spec(
            children=THISTLETON,
            when=HoursAgo(15.0),
            stage=CONVENING,
            reason="Claire Thistleton told the police that Gavin took Archie from outside school and would not bring "
            "him back for three hours. Archie says his dad had been drinking.",
            replies={
                "DCC CYPS": DEFAULT_REPLIES["DCC CYPS"],
                "Police": LISA,
                "CDDFT": sends("Nothing new known since the last meeting."),
                "Wearside Primary": KIM,
            },
        ),
        Spec(
            children=FERNSIDE,
            when=HoursAgo(27.0),
            stage=CONVENING,
            reason="Leanne Fernside, late in her pregnancy, was taken to the maternity unit with abdominal pain after "
            "Liam Ketterley kicked her. The police took Poppy and Alfie to their grandmother's.",
            replies={
                "DCC CYPS": DEFAULT_REPLIES["DCC CYPS"],
                "Police": ROB,
                "CDDFT": attends(SARAH.name, SARAH.role, "Leanne and the baby are being monitored on the ward."),
            },
        ),
    ]


# --- writing the meetings -------------------------------------------------------------------------------------


class _Loader:
    def __init__(self) -> None:
        self.now = timezone.now()
        self.today = london_date(self.now)
        self.window_start = datetime.combine(self.today - timedelta(days=42), time.min, tzinfo=LONDON)
        self.users = {user.username: user for user in User.objects.all()}
        self.agencies = {agency.short_name: agency for agency in Agency.objects.all()}
        self.children = {f"{c.first_name} {c.last_name}": c for c in Child.objects.filter(merged_into__isnull=True)}
        self.reminder = timedelta(hours=settings.PARTNERSHIP_STRATEGY_REMINDER_HOURS)
        self.share_days = settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS
        self.fallback_voice = 0

    # --- when ---

    def _local(self, day: date, at: str) -> datetime:
        hour, minute = (int(part) for part in at.split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=LONDON)

    def _working_days_ago(self, count: int) -> date:
        day = self.today
        while count:
            day -= timedelta(days=1)
            count -= is_working_day(day)
        return day

    def _week(self, when: Week) -> tuple[datetime, datetime]:
        monday = self.today - timedelta(days=self.today.weekday() + 7 * when.weeks_ago)
        day = monday + timedelta(days=when.weekday)
        return self._local(day, when.at), self._local(day + timedelta(days=when.held_days), when.held_at)

    def times(self, when: Week | AfterIncident | Recent | HoursAgo) -> tuple[datetime, datetime | None]:
        """When the threshold was met and when the meeting was held (None: not yet)."""
        if isinstance(when, HoursAgo):
            return self.now - timedelta(hours=when.hours), None
        if isinstance(when, Recent):
            held = self._local(self._working_days_ago(when.held_working_days_ago), when.held_at)
            return held - timedelta(hours=when.hours_before), held
        if isinstance(when, AfterIncident):
            incidents = list(
                ChronologyEvent.objects.filter(
                    child=self.children[when.child],
                    event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
                    occurred_at__gte=self.window_start,
                    occurred_at__lt=self.now - timedelta(days=2),
                ).order_by("occurred_at")
            )
            if len(incidents) > when.index:
                threshold = incidents[when.index].occurred_at + timedelta(hours=when.after_hours)
                return threshold, threshold + timedelta(hours=when.held_after_hours)
            return self._week(when.fallback)
        return self._week(when)

    def office(self, moment: datetime, agency: str, limit: datetime | None) -> datetime:
        """The moment, or the next working morning when it falls out of hours (the police work round the clock);
        never after the limit."""
        local = moment.astimezone(LONDON)
        if agency == "Police" or (8 <= local.hour < 19 and is_working_day(local.date())):
            return moment
        day = local.date() + timedelta(days=1 if local.hour >= 19 else 0)
        while limit is None and not is_working_day(day):
            day += timedelta(days=1)
        morning = datetime.combine(day, time(8, 5 + local.minute % 50), tzinfo=LONDON)
        return morning if limit is None else max(min(morning, limit), moment)

    def clamp(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=1))

    # --- who ---

    def actor(self, agency: str) -> User:
        return self.users[ACTS_FOR.get(agency, "frontdoor")]

    def voice(self, child: Child, day: date) -> str:
        """The child's voice as the chair had it on the day: from the record, else why it could not be heard."""
        if not VoiceEntry.objects.filter(child=child, gathered_on__gt=day).exists():
            heard = services.latest_voice(child)
        else:
            entries = voice_entries(child=child).filter(gathered_on__lte=day)[:2]
            heard = " ".join(
                f"“{e.words}” ({e.get_method_display().lower()}, {e.gathered_on:%-d %B %Y})" for e in entries
            )
        if heard:
            return heard
        if child.date_of_birth is None:
            return "Unborn: the mother's wishes and feelings for the baby were heard by the social worker."
        if (day - child.date_of_birth).days < 3 * 365:
            return (
                "Too young to say: seen by the officers at the house, clean and settled with their mother. The "
                "health visitor will see them this week."
            )
        self.fallback_voice += 1
        return [
            "Not seen: the child was asleep when police attended; to be seen at school tomorrow.",
            "Seen briefly by the officers; the child was quiet and did not want to talk. To be seen alone at school "
            "tomorrow.",
            "Not seen: the child was staying with a relative. The social worker will see them alone tomorrow.",
        ][self.fallback_voice % 3]

    # --- one meeting ---

    def meeting(self, spec: Spec, number: int) -> StrategyMeeting:
        threshold, held = self.times(spec.when)
        children = [self.children[name] for name in spec.children]
        meeting = services.meeting_start(
            actor=self.users[spec.recorded_by],
            children=children,
            threshold_at=threshold,
            threshold_reason=spec.reason,
            chair=self.users[CHAIR],
        )
        invitations = list(meeting.invitations.select_related("agency").order_by("-is_required", "agency__name"))
        until = held or self.now
        span = until - threshold
        stamps: dict[str, dict[str, datetime]] = {}
        attended = []
        for index, invitation in enumerate(invitations):
            short = invitation.agency.short_name
            default = SILENT if spec.stage == CONVENING else DEFAULT_REPLIES.get(short, SILENT)
            reply = spec.replies.get(short, default)
            marks = stamps.setdefault(short, {})
            fraction = (0.04, 0.08, 0.13, 0.2, 0.27, 0.34, 0.41)[index % 7]
            if reply.response:
                invitation = services.invitation_respond(
                    actor=self.actor(short),
                    invitation=invitation,
                    expected_version=invitation.version,
                    response=reply.response,
                    attendee_name=reply.name,
                    attendee_role=reply.role,
                )
                marks["responded_at"] = self.office(threshold + span * fraction, short, until - timedelta(minutes=20))
                if reply.response == Response.ATTENDING:
                    attended.append(invitation.agency_id)
            information = reply.information
            if reply.response == Response.ATTENDING and not information:
                information = BEFORE_THE_MEETING.get(short, "")
            if information or reply.nothing_known:
                services.invitation_inform(
                    actor=self.actor(short),
                    invitation=invitation,
                    expected_version=invitation.version,
                    information=information,
                    nothing_known=reply.nothing_known,
                )
                informed = threshold + span * (fraction + 0.4)
                marks["information_at"] = max(
                    self.office(informed, short, until - timedelta(minutes=10)), marks.get("responded_at", informed)
                )
        completed = shared = None
        record_at = None
        if held is not None:
            held_day = london_date(held)
            decisions = {}
            for part in meeting.children.select_related("child"):
                name = f"{part.child.first_name} {part.child.last_name}"
                decision = spec.decisions.get(name)
                if decision is None:
                    continue
                decisions[str(part.pk)] = {
                    "s47": decision.s47,
                    "investigation": decision.investigation,
                    "police_investigation": decision.police,
                    "medical": decision.medical,
                    "legal": decision.legal,
                    "immediate_safety": decision.safety,
                    "reason": decision.reason,
                    "voice_summary": ""
                    if spec.stage == HELD
                    else spec.voices.get(name) or self.voice(part.child, held_day),
                }
            services.meeting_record(
                actor=self.users[CHAIR],
                meeting=meeting,
                expected_version=meeting.version,
                held_at=held,
                mode=spec.mode if is_working_day(held_day) else Mode.CALL,
                information_shared=spec.information,
                risk_analysis=spec.risk,
                attended=attended,
                decisions=decisions,
                actions=[
                    {
                        "text": act.text,
                        "owner_agency": self.agencies[act.agency],
                        "owner_name": act.owner,
                        "due_on": rules.icpc_due(held_day)
                        if act.due == "icpc"
                        else held_day + timedelta(days=int(act.due)),
                    }
                    for act in spec.actions
                ],
            )
            record_at = self.clamp(held + timedelta(hours=1))
        if spec.stage in {COMPLETED, SHARED, LATE} and held is not None:
            services.meeting_complete(actor=self.users[CHAIR], meeting=meeting, expected_version=meeting.version)
            completed = self.clamp(held + timedelta(hours=spec.complete_after))
        share_due = rules.share_due(completed, working_days=self.share_days) if completed else None
        if spec.stage in {SHARED, LATE} and completed is not None and share_due is not None:
            services.meeting_share(actor=self.users["socialworker"], meeting=meeting)
            if spec.stage == LATE:
                shared = self.clamp(self.office(share_due + timedelta(hours=spec.late_by), "", None))
            else:
                shared = min(completed + timedelta(hours=spec.share_after), share_due - timedelta(minutes=30))
            for index, invitation in enumerate(meeting.invitations.select_related("agency")):
                short = invitation.agency.short_name
                after = timedelta(hours=(0.6, 1.5, 3.0, 5.0, 19.0, 26.0)[(index + number) % 6])
                acknowledged = self.office(shared + after, "", None)
                if short in spec.unacknowledged or acknowledged > self.now:
                    continue
                services.invitation_acknowledge(actor=self.actor(short), invitation=invitation)
                stamps[short]["acknowledged_at"] = acknowledged
        if held is not None:
            for action in meeting.actions.select_related("owner_agency"):
                act = next(a for a in spec.actions if a.text == action.text)
                if act.done is not None and london_date(held) + timedelta(days=act.done) <= self.today:
                    services.action_done(
                        actor=self.actor(action.owner_agency.short_name),
                        action=action,
                        done_on=london_date(held) + timedelta(days=act.done),
                    )
        if held is None:
            self.book(meeting, number)
        self.backdate(meeting, threshold, held, record_at, completed, share_due, shared, stamps)
        if held is not None:  # a held meeting had its time, place and dial-in link booked beforehand
            StrategyMeeting.objects.filter(pk=meeting.pk).update(
                scheduled_for=held, location=ROOM, dial_in_link=f"{DIAL_IN}{number}", calendar_sequence=0
            )
        return meeting

    def book(self, meeting: StrategyMeeting, number: int) -> None:
        """Give a meeting still being convened a time before its deadline (or soon, once it is overdue)."""
        starts = max(meeting.convene_due_at - timedelta(hours=2), self.now + timedelta(hours=1, minutes=15))
        starts = starts.replace(minute=starts.minute // 15 * 15, second=0, microsecond=0)  # on the quarter hour
        scheduling.meeting_schedule(
            actor=self.users[CHAIR],
            meeting=meeting,
            expected_version=meeting.version,
            starts_at=starts,
            duration_minutes=60,
            location=ROOM,
            dial_in_link=f"{DIAL_IN}{number}",
            mode=Mode.MEETING,
        )

    # --- moving the services' timestamps back to when things happened ---

    def backdate(
        self,
        meeting: StrategyMeeting,
        threshold: datetime,
        held: datetime | None,
        record_at: datetime | None,
        completed: datetime | None,
        share_due: datetime | None,
        shared: datetime | None,
        stamps: dict[str, dict[str, datetime]],
    ) -> None:
        opened = threshold + timedelta(minutes=6)
        convening_until = held or self.now
        reminded_at = meeting.convene_due_at - self.reminder
        reminded = reminded_at + timedelta(minutes=2) if reminded_at < convening_until else None
        escalated = meeting.convene_due_at + timedelta(minutes=2) if meeting.convene_due_at < convening_until else None
        share_escalated = (
            share_due + timedelta(minutes=2) if share_due is not None and share_due < (shared or self.now) else None
        )
        last = max(moment for moment in (opened, record_at, completed, shared) if moment is not None)
        StrategyMeeting.objects.filter(pk=meeting.pk).update(
            created_at=opened,
            updated_at=last,
            completed_at=completed,
            share_due_at=share_due,
            shared_at=shared,
            convene_reminded_at=reminded if reminded and reminded <= self.now else None,
            convene_escalated_at=escalated if escalated and escalated <= self.now else None,
            share_escalated_at=share_escalated if share_escalated and share_escalated <= self.now else None,
        )
        MeetingChild.objects.filter(meeting=meeting).update(
            created_at=opened, updated_at=completed or record_at or opened
        )
        if record_at is not None:
            for action in MeetingAction.objects.filter(meeting=meeting):
                done = (
                    datetime.combine(action.done_on, time(16, 0), tzinfo=LONDON) if action.done_on is not None else None
                )
                MeetingAction.objects.filter(pk=action.pk).update(
                    created_at=record_at, updated_at=self.clamp(max(done, record_at)) if done else record_at
                )
        for invitation in meeting.invitations.select_related("agency"):
            marks = stamps.get(invitation.agency.short_name, {})
            pending_at_reminder = all(
                marks.get(name) is None or marks[name] > reminded_at for name in ("responded_at", "information_at")
            )
            chased = reminded if reminded and reminded <= self.now and pending_at_reminder else None
            moments = [opened, *marks.values(), *(m for m in (record_at, shared) if m is not None)]
            has_person = invitation.agency.short_name in ACTS_FOR
            Invitation.objects.filter(pk=invitation.pk).update(
                created_at=opened,
                updated_at=max(moments),
                responded_at=marks.get("responded_at"),
                information_at=marks.get("information_at"),
                chased_at=chased,
                shared_at=shared,
                acknowledged_at=marks.get("acknowledged_at"),
                acknowledged_by=invitation.acknowledged_by if has_person else None,
            )
            OutboxMessage.objects.filter(dedupe_key=f"strategy-invitation:{invitation.pk}").update(
                created_at=opened, sent_at=opened + timedelta(minutes=1)
            )
            if shared is not None:
                OutboxMessage.objects.filter(dedupe_key=f"strategy-record:{invitation.pk}").update(
                    created_at=shared, sent_at=shared + timedelta(minutes=1)
                )
        events = ChronologyEvent.objects.filter(source_type="strategy_meeting", source_id=str(meeting.pk))
        events.filter(occurred_at=threshold).update(created_at=opened, updated_at=opened)
        if completed is not None:
            events.exclude(occurred_at=threshold).update(created_at=completed, updated_at=completed)


def load() -> None:
    """Create the demo strategy meetings through the services and move their timestamps back."""
    loader = _Loader()
    for number, spec in enumerate(_specs()):
        loader.meeting(spec, number)
