"""Loads the demo Operation Encompass: a county's schools and calendars, and two months of incidents.

Everything is invented. About 250 settings in County Durham (mostly primaries, 35 secondaries, special schools, two
pupil referral units, nurseries, two colleges and the council's elective home education team) with a key adult
each, but three: two still have none, and one named its key adult five days ago. The council's calendar has
Durham-like term dates (the half-terms are the gaps) and INSET days; six academies keep their own terms, and a free
school has said it keeps its own but has not loaded them, so its newest notifications have no deadline.

About 400 incidents a month for two months, mostly in the evenings and at weekends (55% standard, 35% medium, 10%
high risk), and about 1,200 notifications whose deadlines come from the real rule. Police type high risk incidents
in at once; most medium and standard ones arrive with the twice-daily police export, so a few miss the deadline,
and schools acknowledge medium and standard ones later: the inspection's finding. A handful were never acknowledged
and were chased and escalated. There are exceptions of every reason, most resolved within hours, some still open.

The history is written in bulk, for speed. The demo children's own incidents of the last two months (Larchfield,
Hazeldene, Thistleton, Morrowby) become incidents linked to the events already in their chronologies. The last
days' incidents go through the services, so routing, chronology events, e-mails, chasing and escalation run for
real; the key adult of Wearside Primary finds notifications due at the next school day and one past its deadline.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar, cast

from django.conf import settings as django_settings
from django.db import models, transaction
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, Membership, Role, User
from partnership.children.models import (
    Child,
    ChronologyEvent,
    Ethnicity,
    EventType,
    Gender,
    Involvement,
    RiskLevel,
    Significance,
)
from partnership.core.clocks import LONDON, london_date
from partnership.core.models import BaseModel, OutboxMessage
from partnership.encompass import calendar_rules, selectors, services
from partnership.encompass.models import (
    ChildStatus,
    Closure,
    ClosureKind,
    EducationKind,
    EncompassException,
    Enrolment,
    ExceptionReason,
    Incident,
    IncidentChild,
    Notification,
    Phase,
    Setting,
    SettingType,
    Term,
)
from partnership.encompass.rules import ChildEntry, age_on, is_school_age

SEED = 780  # notifications a month in the county whose inspection found them slow
WINDOW_DAYS = 61  # two months of history
HISTORY_ENDS_HOURS = 48  # the bulk history stops here; the last days go through the services
INCIDENTS_A_DAY = 12.4  # before the weekday weights: about 400 a month

# --- names and words -------------------------------------------------------------------------------------------

PLACE_STARTS = [
    "Ash", "Black", "Brack", "Bram", "Brock", "Cald", "Carr", "Cleve", "Cold", "Crag", "Dun", "Elm", "Fell",
    "Gars", "Hag", "Hare", "Haw", "Hen", "Hol", "Holm", "Horn", "Kel", "Kirk", "Lang", "Lin", "Lum", "Marl",
    "Nab", "Oak", "Pit", "Quarr", "Rams", "Raven", "Rook", "Rye", "Sand", "Scar", "Shaw", "Skel", "Sleet",
    "Stain", "Stock", "Thorn", "Tun", "Wal", "West", "Whin", "Wind", "Wol", "Yar",
]  # fmt: skip
PLACE_ENDS = [
    "burn", "dale", "field", "ley", "ton", "worth", "hope", "side", "moor", "wick", "gate", "holme", "den",
    "shaw", "law", "ridge", "well", "thorpe",
]  # fmt: skip
PLACE_EXTRAS = [" Colliery", " Village", " Moor", "-le-Wear", " Grange"]
SAINTS = [
    "St Bede's", "St Cuthbert's", "St Joseph's", "St Mary's", "St Patrick's", "St Godric's", "St Hild's",
    "St Oswald's", "St Wilfrid's", "St Chad's", "St Margaret's", "St Anne's", "St Michael's", "St Benet's",
    "St Leonard's", "St John's", "Our Lady of Mercy", "St Thomas More",
]  # fmt: skip
BOYS = [
    "Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo", "Logan",
    "Archie", "Theo", "Thomas", "James", "Joshua", "Henry", "William", "Max", "Lucas", "Ethan", "Arthur",
    "Mason", "Isaac", "Harrison", "Teddy", "Finley", "Daniel", "Riley", "Joseph", "Adam", "Reggie", "Samuel",
    "Jaxon", "Harley", "Toby", "Arlo", "Dylan", "Jude", "Rory", "Tommy", "Jake", "Louie", "Carter", "Jenson",
    "Bobby", "Frankie", "Ollie", "Albie", "Lewis", "Ronnie", "Kai", "Liam", "Tyler", "Connor", "Kian", "Callum",
    "Ryan", "Jayden", "Brandon", "Aiden", "Cameron", "Kyle", "Bailey", "Corey", "Declan", "Reece",
]  # fmt: skip
GIRLS = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya",
    "Willow", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Sofia",
    "Daisy", "Phoebe", "Sophie", "Alice", "Harper", "Matilda", "Ruby", "Maya", "Millie", "Isabelle", "Eva",
    "Luna", "Jessica", "Chloe", "Scarlett", "Layla", "Holly", "Lacey", "Megan", "Ellie", "Erin", "Katie", "Leah",
    "Abbie", "Caitlin", "Niamh", "Jasmine", "Paige", "Amber", "Hannah", "Lucy", "Molly", "Summer", "Darcie",
    "Eliza", "Harriet", "Thea", "Esme", "Lottie", "Nancy", "Aria", "Brooke", "Kayla",
]  # fmt: skip
SURNAMES = [
    "Robson", "Armstrong", "Charlton", "Dixon", "Hall", "Milburn", "Elliott", "Scott", "Thompson", "Bell",
    "Wilson", "Johnson", "Brown", "Smith", "Walker", "Young", "Allan", "Anderson", "Atkinson", "Bainbridge",
    "Bowes", "Brunskill", "Carr", "Chapman", "Coulson", "Cowan", "Cummings", "Dodds", "Emmerson", "Errington",
    "Fenwick", "Forster", "Gibson", "Graham", "Harrison", "Hedley", "Heslop", "Hodgson", "Hutchinson", "Kirkup",
    "Lamb", "Liddle", "Lowes", "Marshall", "McKenzie", "Middleton", "Nicholson", "Ord", "Parkin", "Pattinson",
    "Potts", "Raine", "Reed", "Richardson", "Ridley", "Robinson", "Routledge", "Shields", "Short", "Simpson",
    "Stephenson", "Stoker", "Storey", "Summerbell", "Surtees", "Swinburne", "Tate", "Thornton", "Turnbull",
    "Vasey", "Waugh", "Watson", "Wearmouth", "Wheatley", "Whitfield", "Wilkinson", "Wright", "Gowland",
    "Lumsden", "Maughan", "Oxley", "Peart", "Proud", "Rutherford", "Snowball", "Tweddle", "Walton", "Wardle",
    "Khan", "Hussain", "Kowalski", "Nowak", "Okafor", "Mensah", "Ahmed", "Begum",
]  # fmt: skip
ADULTS = [
    "Sarah", "Claire", "Helen", "Joanne", "Karen", "Lisa", "Michelle", "Nicola", "Rachel", "Emma", "Gemma",
    "Laura", "Louise", "Kate", "Julie", "Angela", "Paula", "Dawn", "Andrea", "Catherine", "Victoria", "Jennifer",
    "David", "Paul", "Mark", "Andrew", "Steven", "Michael", "Gary", "Ian", "Neil", "Simon", "Richard", "Chris",
    "Peter", "Stuart", "Graham", "Martin", "John", "Jonathan", "Amy", "Hannah", "Natalie", "Kirsty", "Lyndsey",
    "Alison", "Fiona", "Gillian", "Joanna", "Tom",
]  # fmt: skip
ETHNICITIES = (
    [Ethnicity.WBRI] * 88
    + [Ethnicity.WOTH] * 4
    + [Ethnicity.MWBC, Ethnicity.MWAS, Ethnicity.MOTH] * 2
    + [Ethnicity.APKN, Ethnicity.ABAN, Ethnicity.BAFR, Ethnicity.CHNE, Ethnicity.WROM, Ethnicity.NOBT]
)
OFFICERS = [
    "PC Laura Heslop", "PC Daniel Tweddle", "PC Aisha Khan", "PC Mark Robson", "PC Sarah Liddle",
    "PC Tom Pattinson", "PC Gemma Ord", "DC Craig Bainbridge", "PC Rachel Storey", "PC Lewis Hedley",
    "PC Hannah Dodds", "PC James Forster", "PS Nicola Raine", "PC Owen Maughan",
]  # fmt: skip
ELSEWHERE = {
    "primary": [
        "St Mary's RC Primary, Gateshead",
        "Fellview Primary School, Darlington",
        "Tynedale Community Primary, Northumberland",
        "Hartside Primary School, Sunderland",
    ],
    "secondary": [
        "Marske Bank School, Redcar and Cleveland",
        "Hartside Academy, Sunderland",
        "Priory Lane School, South Tyneside",
        "Kings Meadow Academy, Stockton-on-Tees",
    ],
}
PLACES = [
    "Family home, {area}",
    "Outside the family home, {area}",
    "Mother's flat, {area}",
    "Father's address, {area}",
    "Grandparents' home, {area}",
    "Street near the family home, {area}",
    "Ex-partner's address, {area}",
    "Car park, {area}",
]
PLACE_WEIGHTS = [12, 3, 3, 2, 1, 2, 1, 1]
CIRCUMSTANCES: dict[str, list[str]] = {
    RiskLevel.STANDARD: [
        "Verbal argument between the child's parents; no injuries. Both adults were calm when officers arrived.",
        "Shouting heard by a neighbour. The child's mother said it was an argument about money; no assault.",
        "Argument between the child's mother and her partner, who agreed to stay with a relative tonight.",
        "The child's father damaged a door during an argument and left before officers arrived.",
        "Verbal abuse by the child's mother's ex-partner at the door of the family home; he left when asked.",
    ],
    RiskLevel.MEDIUM: [
        "The child's mother said her partner pushed her; he had left before officers arrived.",
        "Argument in which the child's father threw a phone at the child's mother. He was arrested.",
        "The child's mother's ex-partner came to the house against a bail condition. Safeguarding referral made.",
        "Assault on the child's mother by her partner, who was arrested and bailed with conditions.",
        "Repeated threatening messages and a visit to the home by the child's mother's ex-partner.",
    ],
    RiskLevel.HIGH: [
        "Serious assault on the child's mother by her partner, who was arrested. DASH graded high; MARAC referral.",
        "The child's mother was strangled by her ex-partner, who was arrested. DASH graded high; IDVA referral.",
        "Threats to kill made to the child's mother with a knife. The partner was arrested; MARAC referral made.",
        "The child's father breached a non-molestation order and assaulted the child's mother. Arrested.",
    ],
}
CHILD_WORDS = [
    "I hid in my room with my little sister.",
    "Mam was crying and I didn't know what to do.",
    "I put my headphones on so I couldn't hear the shouting.",
    "I called the police because I was scared.",
    "I want it to stop.",
    "Can I still go to school tomorrow?",
    "I looked after my brother until the police came.",
    "Dad was shouting and threw the remote.",
    "I don't want to go back there tonight.",
    "I was asleep and woke up when the door banged.",
    "I'm worried about my mam.",
]
SUPPORT = [
    "Key adult checked in with the child at the start of the day; a quiet space offered at lunchtime.",
    "Class teacher told to be alert; the child was offered time with the learning mentor.",
    "Key adult spoke with the child's mother at drop-off; breakfast club place offered.",
    "The child met the school counsellor; their teacher knows to expect a tired day.",
    "Kept a discreet eye on the child; no concerns during the day. The key adult will check in again tomorrow.",
]
FOUND = "Found through the council's admissions team: attends {setting}."
NOT_FOUND = [
    "Not in education, employment or training: the youth support service was told instead.",
    "The family has just moved from Scotland; Police Scotland will tell the child's school there.",
    "Waiting for a school place: the council's admissions team and the family's health visitor were told.",
]
PASSED_ON = "Passed to the Encompass desk of the police force for {other}, to tell the school."
PHONED = (
    "Phoned the head teacher, who told the child's class teacher before school; the school was asked to name a "
    "key adult."
)
CONFIRMED = "The head teacher confirmed the school has the notification; the school is loading its term dates."

HOURS = [4, 3, 2.5, 1.5, 1, 0.8, 0.8, 1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 2, 2.5, 3, 4, 5, 6, 6.5, 6, 5]
WEEKDAYS = [0.9, 0.85, 0.85, 0.9, 1.2, 1.5, 1.3]  # Monday to Sunday
RISKS = [RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH]
RISK_WEIGHTS = [55, 35, 10]
# The chance a school acknowledges a notification sent on time before its deadline: the inspection's finding.
ON_TIME: dict[str, float] = {RiskLevel.HIGH: 0.99, RiskLevel.MEDIUM: 0.84, RiskLevel.STANDARD: 0.75}
# Police type a share of incidents in by hand, the rest come with the next police export.
TYPED: dict[str, float] = {RiskLevel.HIGH: 1.0, RiskLevel.MEDIUM: 0.4, RiskLevel.STANDARD: 0.3}
TYPED_MINUTES: dict[str, tuple[int, int]] = {
    RiskLevel.HIGH: (15, 90),
    RiskLevel.MEDIUM: (30, 300),
    RiskLevel.STANDARD: (60, 540),
}
EXPORTS = (time(6, 30), time(14, 0))

M = TypeVar("M", bound=BaseModel)


# --- the council's calendar ------------------------------------------------------------------------------------


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _friday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _nth_monday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (nth - 1))


def council_terms(year: int) -> list[tuple[str, date, date]]:
    """The council's six half-terms of the school year that starts in September of `year`, Durham-like: the
    autumn half-term is the week of October's last Monday, the spring one the week of February's third Monday and
    the summer one the week of the late May bank holiday; the Easter holiday follows the last Friday of March."""
    october, february, may = _last_monday(year, 10), _nth_monday(year + 1, 2, 3), _last_monday(year + 1, 5)
    return [
        (f"Autumn 1 {year}", _weekday_on_or_after(date(year, 9, 3)), october - timedelta(days=3)),
        (f"Autumn 2 {year}", october + timedelta(days=7), _friday_on_or_before(date(year, 12, 20))),
        (f"Spring 1 {year + 1}", _weekday_on_or_after(date(year + 1, 1, 5)), february - timedelta(days=3)),
        (f"Spring 2 {year + 1}", february + timedelta(days=7), _friday_on_or_before(date(year + 1, 3, 31))),
        (f"Summer 1 {year + 1}", _nth_monday(year + 1, 4, 2), may - timedelta(days=3)),
        (f"Summer 2 {year + 1}", may + timedelta(days=7), _weekday_on_or_before(date(year + 1, 7, 21))),
    ]


def academy_terms(year: int, variant: int) -> list[tuple[str, date, date]]:
    """An academy trust's own terms, a little different from the council's: a two-week October half-term and a
    later summer finish (variant 0), or a day earlier start and an earlier summer finish (variant 1)."""
    (a1, a1_first, a1_last), *middle, (s2, s2_first, s2_last) = council_terms(year)
    if variant == 0:
        return [
            (a1, a1_first, a1_last - timedelta(days=7)),
            *middle,
            (s2, s2_first, _weekday_on_or_after(s2_last + timedelta(days=1))),
        ]
    return [
        (a1, _weekday_on_or_before(a1_first - timedelta(days=1)), a1_last),
        *middle,
        (s2, s2_first, _friday_on_or_before(s2_last - timedelta(days=1))),
    ]


def _school_year(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


# --- helpers ---------------------------------------------------------------------------------------------------


@contextmanager
def _own_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created and updated times the demo gives its history instead of the present."""
    fields = [
        cast(models.DateTimeField, model._meta.get_field(name))  # type: ignore[type-arg]
        for model in model_classes
        for name in ("created_at", "updated_at")
    ]
    saved = [(one, one.auto_now, one.auto_now_add) for one in fields]
    for one in fields:
        one.auto_now = one.auto_now_add = False
    try:
        yield
    finally:
        for one, auto_now, auto_now_add in saved:
            one.auto_now, one.auto_now_add = auto_now, auto_now_add


def _stamp(obj: M, created: datetime, updated: datetime | None = None) -> M:
    obj.created_at, obj.updated_at = created, updated or created
    return obj


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def _minutes(low: float, high: float, rng: random.Random) -> timedelta:
    return timedelta(seconds=round(60 * rng.uniform(low, high)))


@dataclass
class _Family:
    """Children living together, who are all named in each incident at their home."""

    kids: list[Child]
    area: str
    last_incident: datetime | None = None


@dataclass
class _Routed:
    """What routing one child of an incident produced, before it is written."""

    incident_child: IncidentChild
    notifications: list[Notification] = field(default_factory=list)
    exceptions: list[EncompassException] = field(default_factory=list)
    not_required: str = ""


@dataclass
class _Scenario:
    """One of the last days' incidents, recorded through the services."""

    kids: list[Child]
    risk: str
    deadline: str = ""  # "ahead" for a deadline still to come, "missed" for one long past, "" for any
    acknowledge: bool = False
    new_child: tuple[str, str, date] | None = None


class _Demo:
    """Builds the demo history in memory and writes it in bulk, with times counted back from now."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.now = timezone.now().replace(microsecond=0)
        self.today = london_date(self.now)
        self.start = _local(self.today - timedelta(days=WINDOW_DAYS), time(0))
        self.history_end = self.now - timedelta(hours=HISTORY_ENDS_HOURS)
        self.chase = timedelta(hours=django_settings.PARTNERSHIP_ENCOMPASS_CHASE_HOURS)
        self.escalate = timedelta(hours=django_settings.PARTNERSHIP_ENCOMPASS_ESCALATE_HOURS)
        users = {u.username: u for u in User.objects.filter(username__in=["admin", "encompass", "keyadult"])}
        self.admin, self.officer, self.keyadult = users["admin"], users["encompass"], users["keyadult"]
        members = Membership.objects.filter(user__in=[self.admin, self.officer]).select_related("agency")
        self.agency_of = {m.user_id: m.agency for m in members}
        self.police = self.agency_of[self.officer.pk]
        self.taken_urns: set[int] = set()
        self.taken_names = {name.casefold() for name in Agency.objects.values_list("name", flat=True)}
        self.reference_numbers: dict[date, int] = {}
        self.child_number = 0
        # the rows written at the end
        self.children: list[Child] = []
        self.involvements: list[Involvement] = []
        self.enrolments: list[Enrolment] = []
        self.incidents: list[Incident] = []
        self.incident_children: list[IncidentChild] = []
        self.notifications: list[Notification] = []
        self.exceptions: list[EncompassException] = []
        self.events: list[ChronologyEvent] = []
        self.linked_events: list[ChronologyEvent] = []
        # what the routing reads
        self.enrolled: dict[Any, list[Enrolment]] = {}
        self.families: list[_Family] = []
        self.no_key_adult_until: dict[Any, datetime | None] = {}
        self.own_terms_since: dict[Any, datetime] = {}
        self.notices: dict[tuple[Any, datetime], ChronologyEvent] = {}
        self.plans: list[_Scenario] = []

    # --- settings -----------------------------------------------------------------------------------------------

    def urn(self, low: int, high: int) -> str:
        while (number := self.rng.randint(low, high)) in self.taken_urns:
            pass
        self.taken_urns.add(number)
        return str(number)

    def places(self, count: int) -> list[str]:
        names = sorted({start + end for start in PLACE_STARTS for end in PLACE_ENDS if start[-2:] != end[0] * 2})
        self.rng.shuffle(names)
        return [name + (self.rng.choice(PLACE_EXTRAS) if self.rng.random() < 0.08 else "") for name in names[:count]]

    def key_adult(self, setting: Setting, title: str, users: list[User], members: list[Membership]) -> User:
        """A key adult who has not signed in yet: a person at the school, with an e-mail address."""
        first, last = self.rng.choice(ADULTS), self.rng.choice(SURNAMES)
        suffix = "d" if title.startswith("Deputy") else ""
        user = User(
            username=f"{first}.{last}.{setting.urn}{suffix}".lower(),
            email=f"{first}.{last}.{setting.urn}{suffix}@example.org".lower(),
            first_name=first,
            last_name=last,
            job_title=title,
        )
        user.set_unusable_password()
        users.append(user)
        members.append(Membership(user=user, agency=setting.agency, role=Role.KEY_ADULT))
        return user

    def build_settings(self) -> None:
        """The county's settings: the four demo schools' agencies become settings, the others are new."""
        rng = self.rng
        places = self.places(240)
        specs: list[tuple[str, str, str, str, str]] = []  # name, type, phase, group, area

        def add(name: str, setting_type: str, phase: str, group: str, area: str) -> None:
            if name.casefold() not in self.taken_names:
                self.taken_names.add(name.casefold())
                specs.append((name, setting_type, phase, group, area))

        primary, secondary = Phase.PRIMARY, Phase.SECONDARY
        for place in places[:196]:
            roll = rng.random()
            if roll < 0.55:
                kind = rng.choice(["Primary School", "Primary School", "Community Primary School"])
                add(f"{place} {kind}", SettingType.COMMUNITY, primary, "primary", place)
            elif roll < 0.65:
                add(
                    f"{rng.choice(SAINTS)} RC Primary School, {place}", SettingType.VOLUNTARY, primary, "primary", place
                )
            elif roll < 0.75:
                add(f"{place} CofE Primary School", SettingType.VOLUNTARY, primary, "primary", place)
            else:
                kind = rng.choice(["Primary Academy", "Academy"])
                add(f"{place} {kind}", SettingType.ACADEMY, primary, "primary", place)
        for place in places[196:230]:
            roll = rng.random()
            if roll < 0.6:
                kind = rng.choice(["Academy", "School"])
                add(f"{place} {kind}", SettingType.ACADEMY, secondary, "secondary", place)
            elif roll < 0.88:
                add(f"{place} Community College", SettingType.COMMUNITY, secondary, "secondary", place)
            else:
                name = f"{rng.choice(SAINTS)} Catholic School, {place}"
                add(name, SettingType.VOLUNTARY, secondary, "secondary", place)
        for place in places[230:235]:
            kind = rng.choice(["Hall School", "Park School"])
            add(f"{place} {kind}", SettingType.SPECIAL, Phase.ALL_THROUGH, "special", place)
        add(f"{places[235]} Learning Centre", SettingType.ALTERNATIVE, Phase.NOT_APPLICABLE, "pru", places[235])
        add(f"{places[236]} Pupil Referral Unit", SettingType.ALTERNATIVE, Phase.NOT_APPLICABLE, "pru", places[236])
        for place in places[237:240]:
            add(f"{place} Nursery School", SettingType.EARLY_YEARS, Phase.NURSERY, "nursery", place)
        add(f"{places[3]} Children's Centre Nursery", SettingType.EARLY_YEARS, Phase.NURSERY, "nursery", places[3])
        add("Wearvale College", SettingType.COLLEGE, Phase.SIXTEEN_PLUS, "college", places[4])
        add("Dales and Coast College", SettingType.COLLEGE, Phase.SIXTEEN_PLUS, "college", places[5])
        add(f"{places[6]} Grange School", SettingType.INDEPENDENT, Phase.ALL_THROUGH, "independent", places[6])
        add(f"{places[7]} Preparatory School", SettingType.INDEPENDENT, primary, "independent", places[7])
        add("Wharton Dene Free School", SettingType.ACADEMY, primary, "primary", "Wharton Dene")
        add("Elective Home Education Team", SettingType.HOME_EDUCATION, Phase.NOT_APPLICABLE, "home", "")

        existing: dict[str, tuple[str, str, str, str]] = {  # the demo's schools: short name, type, phase, group, area
            "Wearside Primary": (SettingType.COMMUNITY, primary, "primary", "Wearside"),
            "Riverside Academy": (SettingType.ACADEMY, secondary, "secondary", "Riverside"),
            "St Aidan's": (SettingType.VOLUNTARY, primary, "primary", "Bishop Auckland"),
            "BA Nursery": (SettingType.EARLY_YEARS, Phase.NURSERY, "nursery", "Bishop Auckland"),
        }
        demo_agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=list(existing))}
        urn_ranges: dict[str, tuple[int, int]] = {
            SettingType.ACADEMY: (136000, 149999),
            SettingType.COLLEGE: (130000, 130999),
            SettingType.INDEPENDENT: (110000, 110999),
            SettingType.ALTERNATIVE: (131000, 131999),
            SettingType.HOME_EDUCATION: (900000, 900999),
        }
        agencies: list[Agency] = []
        made: list[tuple[Setting, str, str]] = []
        for short, (setting_type, phase, group, area) in existing.items():
            agency = demo_agencies[short]
            urn = self.urn(*urn_ranges.get(setting_type, (114000, 114999)))
            setting = Setting(name=agency.name, urn=urn, setting_type=setting_type, phase=phase, agency=agency)
            made.append((setting, group, area))
        for name, setting_type, phase, group, area in specs:
            urn = self.urn(*urn_ranges.get(setting_type, (114000, 114999)))
            agency = Agency(
                name=name,
                short_name=name.replace(" School", "")[:40],
                kind=AgencyKind.EDUCATION,
                contact_email=f"office.{urn}@example.org",
            )
            agencies.append(agency)
            made.append(
                (Setting(name=name, urn=urn, setting_type=setting_type, phase=phase, agency=agency), group, area)
            )
        Agency.objects.bulk_create(agencies)

        self.settings = [setting for setting, _g, _a in made]
        self.area = {setting.pk: area for setting, _g, area in made}
        self.groups: dict[str, list[Setting]] = {}
        for setting, group, _a in made:
            self.groups.setdefault(group, []).append(setting)
        by_name = {s.name: s for s in self.settings}
        self.wearside = by_name["Wearside Primary School"]
        self.riverside = by_name["Riverside Academy"]
        self.free_school = by_name["Wharton Dene Free School"]
        self.home_team = by_name["Elective Home Education Team"]
        self.weight = {s.pk: rng.uniform(0.5, 2) for s in self.groups["primary"]}
        self.weight[self.wearside.pk], self.weight[self.free_school.pk] = 5.0, 2.0

        # Calendars: a few open at other times, six academies keep their own terms, and the free school said a week
        # ago that it keeps its own, but has not loaded them.
        demo_schools = {s.pk for s, _g, _a in made[:4]}
        ordinary = [s for s in self.groups["primary"] + self.groups["secondary"] if s.pk not in demo_schools]
        ordinary.remove(self.free_school)
        for setting in [s for s in ordinary if s.phase == secondary][:3]:
            setting.opens_at = time(8, 30)
        for setting in [s for s in ordinary if s.phase == primary][:2]:
            setting.opens_at = time(8, 50)
        academies = [s for s in ordinary if s.setting_type == SettingType.ACADEMY and s.opens_at is None]
        self.own_terms = academies[:4] + [s for s in academies if s.phase == secondary][:2]
        for setting in self.own_terms:
            setting.own_terms = True
        self.free_school.own_terms = True
        self.own_terms_since[self.free_school.pk] = _local(self.today - timedelta(days=8), time(15, 20))

        # Key adults, in bulk; three primaries had none, and one of them named its key adult five days ago.
        users: list[User] = []
        members: list[Membership] = []
        self.lacking = [
            s for s in ordinary if s.phase == primary and s.setting_type == SettingType.COMMUNITY and not s.opens_at
        ][10:13]
        for setting in self.settings:
            if setting in self.lacking[:2]:
                continue
            if setting is self.wearside:
                setting.key_adult = self.keyadult
            else:
                title = (
                    "Elective home education officer" if setting.is_home_education else "Designated safeguarding lead"
                )
                setting.key_adult = self.key_adult(setting, title, users, members)
            if setting is self.wearside or rng.random() < 0.3:
                setting.deputy = self.key_adult(setting, "Deputy designated safeguarding lead", users, members)
        for setting in self.lacking[:2]:
            self.no_key_adult_until[setting.pk] = None
        self.no_key_adult_until[self.lacking[2].pk] = _local(self.today - timedelta(days=5), time(10, 40))
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(members)
        Setting.objects.bulk_create(self.settings)
        self.primaries = [s for s in self.groups["primary"] if s.pk not in self.no_key_adult_until]

    def build_calendars(self) -> None:
        """The council's terms and INSET days, the academies' own terms, and a few closures of single schools."""
        first_year = min(2025, _school_year(self.start.date()))
        last_year = max(2026, _school_year(self.today) + (1 if self.today.month >= 6 else 0))
        terms: list[Term] = []
        closures: list[Closure] = []
        for year in range(first_year, last_year + 1):
            council = council_terms(year)
            terms += [Term(name=name, first_day=first, last_day=last) for name, first, last in council]
            closures += [  # INSET days at the start of autumn 2, spring 1 and summer 2
                Closure(day=council[index][1], kind=ClosureKind.INSET, reason="INSET day", recorded_by=self.admin)
                for index in (1, 2, 5)
            ]
            for number, setting in enumerate(self.own_terms):
                terms += [
                    Term(setting=setting, name=name, first_day=first, last_day=last)
                    for name, first, last in academy_terms(year, number % 2)
                ]
        council_calendar = calendar_rules.SchoolCalendar(
            terms=tuple(sorted((t.first_day, t.last_day) for t in terms if t.setting is None)),
            closed_days=frozenset(c.day for c in closures),
            opens_at=selectors.default_opens_at(),
        )
        open_days = [
            day
            for day in (self.today - timedelta(days=back) for back in range(3, WINDOW_DAYS))
            if calendar_rules.is_open(council_calendar, day)
        ]
        candidates = [s for s in self.primaries + self.groups["secondary"] if s.key_adult and not s.own_terms]
        for kind, reason in [
            (ClosureKind.UNEXPECTED, "Heating failure: the school closed for the day"),
            (ClosureKind.UNEXPECTED, "Burst water main: no water on site"),
            (ClosureKind.INSET, "INSET day (staff training)"),
            (ClosureKind.HOLIDAY, "An extra day's holiday given by the governors"),
        ]:
            if open_days:
                setting = self.rng.choice(candidates)
                day = self.rng.choice(open_days)
                closures.append(
                    Closure(setting=setting, day=day, kind=kind, reason=reason, recorded_by=setting.key_adult)
                )
        Term.objects.bulk_create(terms)
        Closure.objects.bulk_create(closures)
        self.calendars = selectors.calendars_for(self.settings)
        free = self.calendars[self.free_school.pk]
        self.before_own_terms = calendar_rules.with_overrides(
            council_calendar, closed_days=free.closed_days, opens_at=self.free_school.opens_at
        )

    # --- children and where they are educated -------------------------------------------------------------------

    def enrol(
        self, child: Child, kind: str, started: date, setting: Setting | None = None, *, other: str = "", at: datetime
    ) -> Enrolment:
        enrolment = Enrolment(child=child, kind=kind, setting=setting, other_setting=other, started_on=started)
        self.enrolled.setdefault(child.pk, []).append(_stamp(enrolment, at))
        self.enrolments.append(enrolment)
        return enrolment

    def new_child(self, first: str, last: str, girl: bool, born: date, known: datetime) -> Child:
        """A child first known to the police at an incident, as the services open one."""
        self.child_number += 1
        child = Child(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            gender=Gender.FEMALE if girl else Gender.MALE,
            ethnicity=self.rng.choice(ETHNICITIES),
            local_child_id=f"DEMO-E{self.child_number:05d}",
            created_by=self.officer,
        )
        self.children.append(_stamp(child, known))
        involvement = Involvement(
            child=child,
            agency=self.police,
            practitioner=self.officer,
            service="Police: Operation Encompass",
            started_on=london_date(known),
        )
        self.involvements.append(_stamp(involvement, known))
        return child

    def family(self, known: datetime, *, mode: str = "") -> _Family:
        """A new family: the children's ages and where each is educated. A family in `mode` home educates, or in
        `mode` away sends its children to school in another area."""
        rng = self.rng
        ages = [rng.choice([3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 16, 17])]
        size = rng.choices([1, 2, 3, 4], weights=[45, 33, 16, 6])[0]
        while len(ages) < size and ages[-1] > 3:
            ages.append(max(3, ages[-1] - rng.randint(1, 5)))
        groups = self.groups
        primary = rng.choices(groups["primary"], weights=[self.weight[s.pk] for s in groups["primary"]])[0]
        secondary, nursery = rng.choice(groups["secondary"]), rng.choice(groups["nursery"])
        surname = rng.choice(SURNAMES)
        school_year = _school_year(self.today)
        kids: list[Child] = []
        for number, age in enumerate(ages):
            girl = rng.random() < 0.5
            first = rng.choice(GIRLS if girl else BOYS)
            last = surname if number == 0 or rng.random() < 0.8 else rng.choice(SURNAMES)
            born = self.today - timedelta(days=365 * age + rng.randint(0, 364))
            child = self.new_child(first, last, girl, born, known)
            kids.append(child)
            year_age = age_on(born, date(school_year, 8, 31))
            joined = min(date(school_year - rng.randint(0, 2), 9, 1), self.start.date() - timedelta(days=1))
            at = self.start - timedelta(days=40)

            def attends(setting: Setting, *, child: Child = child, joined: date = joined, at: datetime = at) -> None:
                self.enrol(child, EducationKind.ATTENDS, joined, setting, at=at)

            roll = rng.random()
            if mode == "home" and year_age >= 4:
                self.enrol(child, EducationKind.HOME_EDUCATED, joined, at=at)
            elif mode == "away" and year_age >= 4:
                other = rng.choice(ELSEWHERE["primary" if year_age <= 10 else "secondary"])
                self.enrol(child, EducationKind.OUT_OF_AREA, joined, other=other, at=at)
            elif mode:
                continue
            elif year_age <= 3:
                if roll < 0.45:
                    attends(nursery)
            elif roll < 0.012:
                continue  # no setting recorded: an officer has to find it
            elif roll < 0.03:
                attends(rng.choice(groups["special"]))
            elif year_age <= 10:
                attends(primary if roll > 0.035 else rng.choice(groups["independent"]))
            elif year_age <= 15:
                if roll < 0.045:
                    attends(rng.choice(groups["pru"]))
                else:
                    attends(secondary)
                    if roll < 0.065:  # dual registered: the unit and the school are both told
                        attends(rng.choice(groups["pru"]))
            elif roll < 0.5:
                attends(secondary)
            elif roll < 0.95:
                attends(rng.choice(groups["college"]))
        family = _Family(kids=kids, area=self.area[primary.pk])
        self.families.append(family)
        return family

    def demo_children(self) -> None:
        """Enrol the demo children where their records say they go to school, and two teenagers at a college and
        a pupil referral unit."""
        by_agency = {s.agency_id: s for s in self.settings}
        at = self.start - timedelta(days=40)
        involvements = Involvement.objects.filter(agency_id__in=list(by_agency)).select_related("child")
        for involvement in involvements.order_by("child__local_child_id", "started_on"):
            enrolment = self.enrol(
                involvement.child,
                EducationKind.ATTENDS,
                involvement.started_on,
                by_agency[involvement.agency_id],
                at=at,
            )
            enrolment.ended_on = involvement.ended_on
        extra = {"DEMO-1023": "pru", "DEMO-1036": "college"}
        for child in Child.objects.filter(local_child_id__in=list(extra)).order_by("local_child_id"):
            setting = self.groups[extra[child.local_child_id]][0]
            self.enrol(child, EducationKind.ATTENDS, date(_school_year(self.today), 9, 1), setting, at=at)

    # --- routing and what happened next -------------------------------------------------------------------------

    def reference(self, occurred: datetime) -> str:
        day = london_date(occurred)
        number = self.reference_numbers.get(day, self.rng.randint(40, 160)) + self.rng.randint(1, 9)
        self.reference_numbers[day] = number
        return f"DHM-{day:%y%m%d}-{number:04d}"

    def recorded(self, occurred: datetime, risk: str) -> tuple[datetime, bool]:
        """When police recorded an incident: typed in by hand, or with the next police export."""
        if self.rng.random() < TYPED[risk]:
            return occurred + _minutes(*TYPED_MINUTES[risk], self.rng), False
        local = (occurred + timedelta(minutes=30)).astimezone(LONDON)
        day = local.date()
        runs = [_local(day + timedelta(days=d), run) for d in (0, 1) for run in EXPORTS]
        return next(run for run in runs if run >= local) + _minutes(0, 12, self.rng), True

    def calendar_at(self, setting: Setting, at: datetime) -> calendar_rules.SchoolCalendar:
        since = self.own_terms_since.get(setting.pk)
        return self.before_own_terms if since is not None and at < since else self.calendars[setting.pk]

    def lacks_key_adult(self, setting: Setting, at: datetime) -> bool:
        if setting.pk not in self.no_key_adult_until:
            return False
        until = self.no_key_adult_until[setting.pk]
        return until is None or at < until

    def exception(self, routed: _Routed, reason: str, detail: str, setting: Setting | None, at: datetime) -> None:
        exception = EncompassException(
            incident_child=routed.incident_child, reason=reason, detail=detail[:300], setting=setting
        )
        routed.exceptions.append(_stamp(exception, at))

    def issue(self, routed: _Routed, setting: Setting, at: datetime, actor: User) -> Notification | None:
        """The notification to a setting, as services._issue makes it: held when the setting has no key adult."""
        for notification in routed.notifications:
            if notification.setting_id == setting.pk:
                return notification
        if self.lacks_key_adult(setting, at):
            self.exception(routed, ExceptionReason.NO_KEY_ADULT, f"{setting.name} has no key adult", setting, at)
            return None
        incident = routed.incident_child.incident
        deadline = calendar_rules.next_open_day_start(self.calendar_at(setting, at), incident.occurred_at)
        notification = Notification(
            incident_child=routed.incident_child, setting=setting, deadline_at=deadline, issued_at=at, issued_by=actor
        )
        routed.notifications.append(_stamp(notification, at))
        if deadline is None:
            detail = f"{setting.name}'s calendar has no school day ahead: load its term dates"
            self.exception(routed, ExceptionReason.NO_SCHOOL_DAY, detail, setting, at)
        return notification

    def route(self, incident: Incident, child: Child, present: bool, words: str, at: datetime) -> _Routed:
        """Tell each setting the child attends, as services._route does, or keep the child as an exception."""
        incident_child = _stamp(IncidentChild(incident=incident, child=child, present=present, child_words=words), at)
        routed = _Routed(incident_child)
        day = london_date(incident.occurred_at)
        targets: list[Setting] = []
        for enrolment in self.enrolled.get(child.pk, []):
            if enrolment.started_on > day or (enrolment.ended_on is not None and enrolment.ended_on < day):
                continue
            if enrolment.kind == EducationKind.ATTENDS and enrolment.setting is not None:
                targets.append(enrolment.setting)
            elif enrolment.kind == EducationKind.HOME_EDUCATED:
                targets.append(self.home_team)
            else:
                self.exception(routed, ExceptionReason.OUT_OF_AREA, enrolment.other_setting, None, at)
        if not targets and not routed.exceptions:
            age = age_on(cast(date, child.date_of_birth), day)
            youngest = django_settings.PARTNERSHIP_ENCOMPASS_MIN_AGE
            oldest = django_settings.PARTNERSHIP_ENCOMPASS_MAX_AGE
            if not is_school_age(age, youngest=youngest, oldest=oldest):
                routed.not_required = f"Aged {age}: not of school age, and no setting is recorded"
                return routed
            self.exception(routed, ExceptionReason.NO_SETTING, f"Aged {age}, with no setting recorded", None, at)
        for setting in dict.fromkeys(targets):
            self.issue(routed, setting, at, self.officer)
        return routed

    def setting_for(self, age: int, *, family_school: Setting | None = None) -> Setting:
        if age <= 3:
            return self.rng.choice(self.groups["nursery"])
        if age <= 10:
            return family_school or self.rng.choice(self.primaries)
        return self.rng.choice(self.groups["secondary"] if age <= 15 else self.groups["college"])

    def resolve(self, routed: _Routed, *, always: bool, found_at: Setting | None = None) -> None:
        """Resolve the child's exceptions as officers did: most within hours, the newest often not yet."""
        rng = self.rng
        incident_child = routed.incident_child
        incident = incident_child.incident
        for exception in list(routed.exceptions):
            opened = exception.created_at
            if exception.reason == ExceptionReason.NO_KEY_ADULT:
                until = self.no_key_adult_until.get(exception.setting_id)
                if until is not None and exception.setting is not None:
                    if until <= self.now:  # sent when the school named its key adult
                        notification = self.issue(routed, exception.setting, until, self.admin)
                        named = exception.setting.key_adult
                        who = named.get_full_name() if named else "a key adult"
                        text = f"Sent when {who} was named for {exception.setting.name}."
                        self.close(exception, until, self.admin, text, notification)
                    continue
            chance = 1.0 if always else (0.93 if opened < self.now - timedelta(days=5) else 0.4)
            if exception.reason == ExceptionReason.NO_SCHOOL_DAY:
                chance = 0.25
            if rng.random() >= chance:
                continue
            if exception.reason == ExceptionReason.NO_SETTING:
                at = opened + _minutes(90, 1700, rng)
                if at > self.now:
                    continue
                day = london_date(incident.occurred_at)
                age = age_on(cast(date, incident_child.child.date_of_birth), day)
                if rng.random() < (0.6 if age >= 16 else 0.15) and not always:
                    self.close(exception, at, self.officer, rng.choice(NOT_FOUND))
                    continue
                setting = self.setting_for(age, family_school=found_at)
                self.enrol(incident_child.child, EducationKind.ATTENDS, day, setting, at=at)
                notification = self.issue(routed, setting, at, self.officer)
                self.close(exception, at, self.officer, FOUND.format(setting=setting.name), notification)
            elif exception.reason == ExceptionReason.OUT_OF_AREA:
                at = opened + _minutes(30, 480, rng)
                if at <= self.now:
                    self.close(exception, at, self.officer, PASSED_ON.format(other=exception.detail))
            elif exception.reason == ExceptionReason.NO_KEY_ADULT:
                at = opened + _minutes(30, 300, rng)
                if at <= self.now:
                    self.close(exception, at, self.officer, PHONED)
            else:
                at = opened + _minutes(120, 1200, rng)
                held = next((n for n in routed.notifications if n.setting_id == exception.setting_id), None)
                if at <= self.now:
                    self.close(exception, at, self.officer, CONFIRMED, held)

    def close(
        self,
        exception: EncompassException,
        at: datetime,
        actor: User,
        resolution: str,
        notification: Notification | None = None,
    ) -> None:
        exception.resolved_at, exception.resolved_by, exception.resolution = at, actor, resolution
        exception.notification = notification
        exception.updated_at, exception.version = at, 2

    def before(self, issued: datetime, deadline: datetime) -> datetime:
        """When a key adult acknowledged in time: soon, in school hours or (often) in a long holiday; otherwise
        first thing on the day."""
        rng = self.rng
        window = (deadline - issued).total_seconds() / 60
        if window <= 20:
            return issued + _minutes(window * 0.3, window * 0.9, rng)
        if window > 4 * 24 * 60 and rng.random() < 0.6:
            return issued + _minutes(60, 2880, rng)
        local = issued.astimezone(LONDON)
        if local.weekday() < 5 and 8 <= local.hour < 16 and window < 30 * 60:
            return issued + _minutes(10, min(240, window - 5), rng)
        return deadline - _minutes(5, min(80, window - 5), rng)

    def acknowledge(self, notification: Notification, risk: str, *, never: bool) -> None:
        """Whether and when the school acknowledged, offered support, was chased and was escalated."""
        rng = self.rng
        setting = notification.setting
        issued, deadline = notification.issued_at, notification.deadline_at
        acknowledged: datetime | None = None
        if deadline is None:
            if rng.random() < 0.6:
                acknowledged = issued + _minutes(60, 1200, rng)
        elif never:
            acknowledged = None
        elif issued < deadline and rng.random() < ON_TIME[risk]:
            acknowledged = self.before(issued, deadline)
        else:
            late = rng.choices([(10, 180), (180, 480), (1200, 1800)], weights=[60, 30, 10])[0]
            acknowledged = max(deadline, issued) + _minutes(*late, rng)
        if acknowledged is not None and acknowledged > self.now:
            acknowledged = None
        changed = [issued]
        if acknowledged is not None:
            notification.acknowledged_at = acknowledged
            deputy = setting.deputy if rng.random() < 0.25 else None
            notification.acknowledged_by = deputy or setting.key_adult or setting.deputy
            notification.version += 1
            changed.append(acknowledged)
            support_at = acknowledged + _minutes(30, 360, rng)
            if rng.random() < 0.5 and support_at <= self.now:
                notification.support_offered = rng.choice(SUPPORT)
                notification.support_recorded_at = support_at
                notification.version += 1
                changed.append(support_at)
        if deadline is not None:
            for hours, attribute in ((self.chase, "chased_at"), (self.escalate, "escalated_at")):
                due = deadline + hours + timedelta(seconds=rng.randint(5, 55))
                if due <= self.now and (acknowledged is None or acknowledged > due):
                    setattr(notification, attribute, due)
                    changed.append(due)
            if acknowledged is not None and acknowledged > deadline + timedelta(hours=2) and rng.random() < 0.3:
                notification.resent_count, notification.version = 1, notification.version + 1
        notification.updated_at = max(changed)

    # --- incidents ----------------------------------------------------------------------------------------------

    def incident(
        self,
        occurred: datetime,
        risk: str,
        entries: list[tuple[Child, bool, str]],
        *,
        place: str,
        circumstances: str,
        demo: list[ChronologyEvent] | None = None,
        found_at: Setting | None = None,
    ) -> None:
        """One incident of the history, routed and settled as the services and the schools would have."""
        rng = self.rng
        at, imported = self.recorded(occurred, risk)
        at = min(at, self.now - timedelta(minutes=5))
        incident = Incident(
            police_reference=self.reference(occurred),
            occurred_at=occurred,
            place=place,
            risk_level=risk,
            circumstances=circumstances,
            officer_name=rng.choice(OFFICERS),
            recorded_by=self.officer,
            imported=imported,
        )
        self.incidents.append(_stamp(incident, at))
        label = RiskLevel(risk).label.lower()
        for child, present, words in entries:
            routed = self.route(incident, child, present, words, at)
            self.resolve(routed, always=demo is not None, found_at=found_at)
            never = demo is None and rng.random() < 0.012 and occurred < self.now - timedelta(days=4)
            for notification in routed.notifications:
                self.acknowledge(notification, risk, never=never and notification.setting != self.free_school)
            self.write(routed)
            event = next((e for e in demo or [] if e.child_id == child.pk), None)
            if event is not None:  # the demo child's chronology already has the incident: link it
                event.source_type, event.source_id = "encompass_incident", str(incident.pk)
                self.linked_events.append(event)
                continue
            summary = (
                f"Domestic abuse incident attended by police ({label} risk, {incident.police_reference}); "
                f"the child was {'present' if present else 'not present'}."
            )
            significance = Significance.SERIOUS if risk == RiskLevel.HIGH else Significance.SIGNIFICANT
            kind = EventType.DOMESTIC_ABUSE_INCIDENT
            self.event(child, occurred, kind, significance, summary, incident, self.officer, at)

    def event(
        self,
        child: Child,
        occurred: datetime,
        kind: str,
        significance: str,
        summary: str,
        source: Incident | Notification,
        actor: User,
        at: datetime,
    ) -> None:
        """A chronology event as the services write one, by the officer (or administrator) who acted."""
        event = ChronologyEvent(
            child=child,
            occurred_at=occurred,
            event_type=kind,
            significance=significance,
            summary=summary,
            source_agency=self.agency_of.get(actor.pk, self.police),
            recorded_by=actor,
            source_type="encompass_notification" if isinstance(source, Notification) else "encompass_incident",
            source_id=str(source.pk),
        )
        self.events.append(_stamp(event, at))

    def write(self, routed: _Routed) -> None:
        """Keep the child's rows, with its status, and a chronology event for each notification."""
        incident_child = routed.incident_child
        if any(e.resolved_at is None for e in routed.exceptions):
            incident_child.status = ChildStatus.EXCEPTION
        elif routed.notifications:
            incident_child.status = ChildStatus.NOTIFIED
        else:
            incident_child.status = ChildStatus.NOT_REQUIRED
            incident_child.status_reason = routed.not_required or "Resolved without a notification"
        changes = [incident_child.created_at] + [e.resolved_at for e in routed.exceptions if e.resolved_at]
        incident_child.updated_at = max(changes)
        self.incident_children.append(incident_child)
        self.notifications += routed.notifications
        self.exceptions += routed.exceptions
        incident = incident_child.incident
        for notification in routed.notifications:
            notice = self.notices.pop((incident_child.child_id, incident.occurred_at), None)
            if notice is not None:  # the demo child's chronology already says the school was told
                notice.occurred_at = notification.issued_at
                notice.source_type, notice.source_id = "encompass_notification", str(notification.pk)
                self.linked_events.append(notice)
                continue
            summary = f"{notification.setting.name} told of incident {incident.police_reference} (Operation Encompass)."
            kind, routine, at = EventType.ENCOMPASS_NOTIFICATION, Significance.ROUTINE, notification.issued_at
            actor = cast(User, notification.issued_by)
            self.event(incident_child.child, at, kind, routine, summary, notification, actor, at)

    def demo_incidents(self) -> None:
        """The demo children's incidents of the last two months, from the events already in their chronologies."""
        events = ChronologyEvent.objects.filter(
            event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
            source_type="",
            occurred_at__gte=self.start,
            occurred_at__lte=self.now - timedelta(hours=3),
        ).select_related("child")
        groups: dict[tuple[datetime, str], list[ChronologyEvent]] = {}
        for event in events.order_by("occurred_at", "child__local_child_id"):
            groups.setdefault((event.occurred_at, event.summary), []).append(event)
        notices = list(
            ChronologyEvent.objects.filter(
                event_type=EventType.ENCOMPASS_NOTIFICATION, source_type="", occurred_at__gte=self.start
            ).order_by("occurred_at")
        )
        found_at = self.primaries[7]  # where the officer finds the Morrowby children's school
        for (occurred, summary), found in groups.items():
            risk = RiskLevel.HIGH if any(e.significance == Significance.SERIOUS for e in found) else RiskLevel.MEDIUM
            for notice in notices:
                later = notice.occurred_at - occurred
                if timedelta(0) < later < timedelta(days=4) and any(e.child_id == notice.child_id for e in found):
                    self.notices.setdefault((notice.child_id, occurred), notice)
            entries = [(event.child, True, "") for event in found]
            schools = [e.setting for event in found for e in self.enrolled.get(event.child_id, []) if e.setting]
            area = self.area[schools[0].pk] if schools else "Bishop Auckland"
            place = f"Family home, {area}"
            self.incident(occurred, risk, entries, place=place, circumstances=summary, demo=found, found_at=found_at)

    def history(self) -> None:
        """Two months of incidents up to two days ago, mostly in the evenings and at weekends."""
        rng = self.rng
        times: list[datetime] = []
        day = self.start.date()
        while day <= london_date(self.history_end):
            count = round(INCIDENTS_A_DAY * WEEKDAYS[day.weekday()] * rng.uniform(0.8, 1.2))
            hours = rng.choices(range(24), weights=HOURS, k=count)
            times += sorted(_local(day, time(hour, rng.randint(0, 59))) for hour in hours)
            day += timedelta(days=1)
        for occurred in times:
            if not self.start <= occurred <= self.history_end:
                continue
            risk = rng.choices(RISKS, weights=RISK_WEIGHTS)[0]
            again = [f for f in self.families if f.last_incident and f.last_incident < occurred - timedelta(days=4)]
            if again and rng.random() < 0.15:
                family = rng.choice(again)
            else:
                roll = rng.random()
                mode = "home" if roll < 0.015 else "away" if roll < 0.03 else ""
                family = self.family(occurred + timedelta(minutes=20), mode=mode)
            family.last_incident = occurred
            entries = []
            for kid in family.kids:
                present = rng.random() < 0.75
                old_enough = age_on(cast(date, kid.date_of_birth), occurred.date()) >= 5
                words = rng.choice(CHILD_WORDS) if present and old_enough and rng.random() < 0.35 else ""
                entries.append((kid, present, words))
            place = rng.choices(PLACES, weights=PLACE_WEIGHTS)[0].format(area=family.area)
            self.incident(occurred, risk, entries, place=place, circumstances=rng.choice(CIRCUMSTANCES[risk]))

    def save(self) -> None:
        with _own_timestamps(Child, Involvement, Enrolment, Incident, IncidentChild, Notification):
            Child.objects.bulk_create(self.children)
            Involvement.objects.bulk_create(self.involvements)
            Enrolment.objects.bulk_create(self.enrolments)
            Incident.objects.bulk_create(self.incidents)
            IncidentChild.objects.bulk_create(self.incident_children)
            Notification.objects.bulk_create(self.notifications)
        with _own_timestamps(EncompassException, ChronologyEvent):
            EncompassException.objects.bulk_create(self.exceptions)
            ChronologyEvent.objects.bulk_create(self.events)
        ChronologyEvent.objects.bulk_update(self.linked_events, ["occurred_at", "source_type", "source_id"])

    # --- the last days, through the services --------------------------------------------------------------------

    def kid(
        self, age: int, *, setting: Setting | None = None, kind: str = "", other: str = "", surname: str = ""
    ) -> Child:
        rng = self.rng
        girl = rng.random() < 0.5
        known = self.start - timedelta(days=rng.randint(30, 400))
        born = self.today - timedelta(days=365 * age + rng.randint(20, 340))
        child = self.new_child(rng.choice(GIRLS if girl else BOYS), surname or rng.choice(SURNAMES), girl, born, known)
        joined = date(_school_year(self.today) - 1, 9, 1)
        if setting is not None:
            self.enrol(child, EducationKind.ATTENDS, joined, setting, at=known)
        elif kind:
            self.enrol(child, kind, joined, other=other, at=known)
        return child

    def scenarios(self) -> list[_Scenario]:
        """The last days' incidents: three due at the next school day and one long past its deadline at Wearside
        Primary, and one of each kind of routing."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        own = next(s for s in self.own_terms if s.phase == Phase.SECONDARY)
        early = next(s for s in self.primaries if s.opens_at is not None)
        secondary = rng.choice([s for s in self.groups["secondary"] if not s.own_terms])
        return [
            _Scenario(
                [
                    self.kid(7, setting=self.wearside, surname=surname),
                    self.kid(13, setting=self.riverside, surname=surname),
                ],
                RiskLevel.MEDIUM,
                "ahead",
            ),
            _Scenario([self.kid(5, setting=self.wearside), self.kid(3)], RiskLevel.STANDARD, "ahead"),
            _Scenario([self.kid(9, setting=self.wearside)], RiskLevel.HIGH, "ahead"),
            _Scenario([self.kid(10, setting=self.wearside)], RiskLevel.STANDARD, "missed"),
            _Scenario([self.kid(8, setting=self.lacking[0])], RiskLevel.MEDIUM),
            _Scenario([self.kid(9, kind=EducationKind.OUT_OF_AREA, other=ELSEWHERE["primary"][0])], RiskLevel.STANDARD),
            _Scenario(
                [self.kid(12, kind=EducationKind.HOME_EDUCATED), self.kid(8, kind=EducationKind.HOME_EDUCATED)],
                RiskLevel.MEDIUM,
                acknowledge=True,
            ),
            _Scenario([self.kid(6, setting=self.free_school)], RiskLevel.STANDARD),
            _Scenario([self.kid(13, setting=own)], RiskLevel.HIGH, acknowledge=True),
            _Scenario([self.kid(14, setting=secondary)], RiskLevel.MEDIUM, acknowledge=True),
            _Scenario([self.kid(6, setting=early)], RiskLevel.HIGH, acknowledge=True),
            _Scenario(
                [], RiskLevel.STANDARD, new_child=("Brooklyn", "Weatherall", self.today - timedelta(days=365 * 11 + 40))
            ),
        ]

    def when(self, scenario: _Scenario, taken: list[datetime]) -> datetime:
        """An incident time in the last days, preferably in the evening, whose deadline at Wearside Primary is
        still ahead, long past, or either; apart from the other recent incidents."""
        calendar = self.calendars[self.wearside.pk]
        reach = timedelta(days=WINDOW_DAYS - 1 if scenario.deadline == "missed" else 3)  # in a long holiday, far
        moments: list[datetime] = []
        moment = (self.now - timedelta(minutes=12)).replace(second=0)
        while moment > self.now - reach and not (scenario.deadline and len(moments) >= 60):
            deadline = calendar_rules.next_open_day_start(calendar, moment)
            fits = {
                "ahead": deadline is not None and deadline > self.now,
                "missed": deadline is not None and deadline < self.now - self.escalate - timedelta(hours=1),
                "": True,
            }[scenario.deadline]
            if fits and all(abs(moment - other) > timedelta(minutes=90) for other in taken):
                moments.append(moment)
            moment -= timedelta(minutes=20)
        evening = [m for m in moments if m.astimezone(LONDON).hour in {17, 18, 19, 20, 21, 22, 23, 0, 1}]
        pool = evening or moments
        if scenario.deadline:
            pool = pool[:30]  # the most recent that fit
        return self.rng.choice(pool) if pool else self.now - timedelta(hours=1)

    def recent(self) -> None:
        """The last days' incidents, recorded through the services as the police desk records them."""
        rng = self.rng
        taken: list[datetime] = []
        made: list[tuple[Incident, datetime]] = []
        for scenario in self.plans:
            occurred = self.when(scenario, taken)
            taken.append(occurred)
            at = occurred + min(_minutes(20, 120, rng), (self.now - occurred) - timedelta(minutes=2))
            entries = [
                ChildEntry(
                    first_name=kid.first_name,
                    last_name=kid.last_name,
                    date_of_birth=kid.date_of_birth,
                    present=rng.random() < 0.8,
                    child_words=rng.choice(CHILD_WORDS) if rng.random() < 0.5 else "",
                    local_child_id=kid.local_child_id,
                )
                for kid in scenario.kids
            ]
            if scenario.new_child:
                first, last, born = scenario.new_child
                entries.append(ChildEntry(first_name=first, last_name=last, date_of_birth=born, present=True))
            area = rng.choice([self.area[s.pk] for s in self.primaries])
            incident = services.incident_record(
                actor=self.officer,
                police_reference=self.reference(occurred),
                occurred_at=occurred,
                place=rng.choices(PLACES, weights=PLACE_WEIGHTS)[0].format(area=area),
                risk_level=scenario.risk,
                officer_name=rng.choice(OFFICERS),
                circumstances=rng.choice(CIRCUMSTANCES[scenario.risk]),
                children=entries,
                now=at,
            )
            made.append((incident, at))
            if scenario.acknowledge:
                for notification in Notification.objects.filter(incident_child__incident=incident).select_related(
                    "setting__key_adult"
                ):
                    deadline = notification.deadline_at
                    if deadline is None or deadline > self.now or notification.setting.key_adult is None:
                        continue
                    services.notification_acknowledge(
                        actor=notification.setting.key_adult,
                        notification=notification,
                        now=self.before(notification.issued_at, deadline),
                    )
        for incident, at in made:
            self.backdate(incident, at)
        services.notification_chase_sweep(now=self.now)
        for notification in Notification.objects.filter(incident_child__incident__in=[i for i, _a in made]):
            for attribute, hours, kind in (
                ("chased_at", self.chase, "encompass-chase"),
                ("escalated_at", self.escalate, "encompass-escalation"),
            ):
                if getattr(notification, attribute) is None or notification.deadline_at is None:
                    continue
                due = notification.deadline_at + hours + timedelta(seconds=rng.randint(5, 55))
                Notification.objects.filter(pk=notification.pk).update(**{attribute: due, "updated_at": due})
                OutboxMessage.objects.filter(dedupe_key__startswith=f"{kind}:{notification.pk}:").update(
                    created_at=due, sent_at=due + timedelta(minutes=1)
                )

    def backdate(self, incident: Incident, at: datetime) -> None:
        """Put the rows the services wrote just now back at the time the incident was recorded."""
        Incident.objects.filter(pk=incident.pk).update(created_at=at, updated_at=at)
        IncidentChild.objects.filter(incident=incident).update(created_at=at, updated_at=at)
        ChronologyEvent.objects.filter(source_type="encompass_incident", source_id=str(incident.pk)).update(
            created_at=at, updated_at=at
        )
        for child in Child.objects.filter(encompass_incidents__incident=incident, created_at__gt=self.now):
            Child.objects.filter(pk=child.pk).update(created_at=at, updated_at=at)
            Involvement.objects.filter(child=child).update(started_on=london_date(at), created_at=at, updated_at=at)
        for notification in Notification.objects.filter(incident_child__incident=incident):
            updated = notification.acknowledged_at or at
            Notification.objects.filter(pk=notification.pk).update(created_at=at, updated_at=updated)
            ChronologyEvent.objects.filter(source_type="encompass_notification", source_id=str(notification.pk)).update(
                created_at=at, updated_at=at
            )
            OutboxMessage.objects.filter(dedupe_key__startswith=f"encompass-notification:{notification.pk}:").update(
                created_at=at, sent_at=at + timedelta(minutes=1)
            )
        for exception in EncompassException.objects.filter(incident_child__incident=incident):
            EncompassException.objects.filter(pk=exception.pk).update(created_at=at, updated_at=at)
            OutboxMessage.objects.filter(dedupe_key=f"encompass-exception:{exception.pk}").update(
                created_at=at, sent_at=at + timedelta(minutes=1)
            )


@transaction.atomic
def load() -> None:
    """Create the demo schools, calendars, children's enrolments and two months of incidents; once."""
    if Setting.objects.exists():
        return
    demo = _Demo()
    demo.build_settings()
    demo.build_calendars()
    demo.demo_children()
    demo.plans = demo.scenarios()
    demo.demo_incidents()
    demo.history()
    demo.save()
    demo.recent()
