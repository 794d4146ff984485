"""A generated council's partnership: its agencies, teams, practitioners with unusable passwords, and schools."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from partnership.access.models import Agency, AgencyKind, Membership, Role, Team, User
from partnership.encompass.models import Phase, Setting, SettingType
from partnership.generation.chance import Chance
from partnership.generation.writer import RowWriter

PLACE_STARTS = ["Ash", "Brack", "Cold", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivy", "King"]
PLACE_STARTS += ["Long", "Mar", "North", "Oak", "Pen", "Red", "Stan", "Thorn", "Upper", "West"]
PLACE_ENDS = ["shire", "ford", "ley", "mouth", "bury", "ham", "ton", "wick"]
FIRST_NAMES = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Grace", "Freya", "Sophia", "Aisha", "Zara"]
FIRST_NAMES += [
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Charlie",
    "Musa",
    "Theo",
    "Finn",
]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Johnson", "Roberts", "Walker"]
LAST_NAMES += ["Wright", "Robinson", "Thompson", "White", "Hughes", "Khan", "Ali", "Patel", "Edwards", "Green"]
LAST_NAMES += ["Hall", "Wood", "Harris", "Clarke", "Jackson", "Turner", "Hill", "Moore", "Cooper", "Ward"]
PHASES = [(Phase.PRIMARY, 0.62), (Phase.SECONDARY, 0.18), (Phase.NURSERY, 0.1), (Phase.ALL_THROUGH, 0.04)]
PHASES += [(Phase.SIXTEEN_PLUS, 0.06)]


def place_name(index: int) -> str:
    """The invented place name of the council with this number (160 of them)."""
    return PLACE_STARTS[index % len(PLACE_STARTS)] + PLACE_ENDS[(index // len(PLACE_STARTS)) % len(PLACE_ENDS)]


@dataclass
class School:
    """A school as the generator needs it: its setting, agency and key adult."""

    setting: Setting
    agency: Agency
    key_adult: User


@dataclass
class Council:
    """One council's partnership: its agencies by kind, its people by role, its schools."""

    code: str
    place: str
    agencies: dict[str, Agency] = field(default_factory=dict)
    people: dict[str, list[User]] = field(default_factory=dict)
    schools: list[School] = field(default_factory=list)
    home_education: Setting | None = None


class CouncilBuilder:
    """Writes a council's agencies, teams, people and settings, and remembers them for the practice to use."""

    def __init__(self, chance: Chance, writer: RowWriter, start: datetime) -> None:
        self.chance = chance
        self.writer = writer
        self.start = start
        self.urn = 100_000

    def _agency(self, council: Council, key: str, name: str, short: str, kind: str, teams: list[str]) -> Agency:
        agency = Agency(
            id=self.chance.uuid(),
            name=name,
            short_name=short[:40],
            kind=kind,
            contact_email=f"{key}.{council.code}@example.org".lower(),
            created_at=self.start,
            updated_at=self.start,
        )
        self.writer.add(agency)
        council.agencies[key] = agency
        for team in teams:
            self.writer.add(
                Team(id=self.chance.uuid(), agency=agency, name=team, created_at=self.start, updated_at=self.start)
            )
        return agency

    def _person(self, council: Council, agency: Agency, role: str, title: str, number: int) -> User:
        first, last = self.chance.pick(FIRST_NAMES), self.chance.pick(LAST_NAMES)
        username = f"{council.code}-{role}-{number}".lower()
        user = User(
            id=self.chance.uuid(),
            username=username,
            password=UNUSABLE_PASSWORD_PREFIX + f"{self.chance.random.getrandbits(160):040x}",
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            job_title=title,
            date_joined=self.start,
        )
        self.writer.add(user)
        self.writer.add(
            Membership(
                id=self.chance.uuid(), user=user, agency=agency, role=role, created_at=self.start, updated_at=self.start
            )
        )
        council.people.setdefault(role, []).append(user)
        return user

    def build(self, index: int, *, contacts_per_year: int, schools: int) -> Council:
        """Write one council's partnership and return it."""
        place = place_name(index)
        council = Council(code=f"G{index + 1:03d}", place=place)
        csc = self._agency(
            council,
            "csc",
            f"{place} Council Children's Services",
            f"{place} CS",
            AgencyKind.CHILDRENS_SOCIAL_CARE,
            ["MASH", "Assessment", "Locality North", "Locality South"],
        )
        police = self._agency(
            council,
            "police",
            f"{place} Police",
            f"{place} Police",
            AgencyKind.POLICE,
            ["MASH police team", "Encompass desk"],
        )
        health = self._agency(
            council,
            "health",
            f"{place} NHS Foundation Trust",
            f"{place} NHS",
            AgencyKind.HEALTH,
            ["Safeguarding children team", "Health visiting and school nursing"],
        )
        probation = self._agency(
            council, "probation", f"{place} Probation Service", f"{place} Probation", AgencyKind.PROBATION, ["Office"]
        )
        domestic = self._agency(
            council,
            "domestic",
            f"{place} Domestic Abuse Service",
            f"{place} DA",
            AgencyKind.DOMESTIC_ABUSE_SERVICE,
            ["IDVA service"],
        )
        staff = max(3, contacts_per_year // 2_500)
        for number in range(staff):
            self._person(council, csc, Role.FRONT_DOOR, "MASH social worker", number + 1)
        for number in range(staff * 2):
            self._person(council, csc, Role.SOCIAL_WORKER, "Social worker", number + 1)
        for number in range(max(2, staff // 2)):
            self._person(council, csc, Role.TEAM_MANAGER, "Team manager", number + 1)
        for number in range(max(2, staff // 2)):
            self._person(council, police, Role.ENCOMPASS_OFFICER, "Police Encompass officer", number + 1)
        for agency, title in ((police, "MASH police researcher"), (health, "Safeguarding nurse")):
            self._person(council, agency, Role.VIEWER, title, len(council.people.get(Role.VIEWER, [])) + 1)
        for agency, title in ((probation, "Probation officer"), (domestic, "IDVA")):
            self._person(council, agency, Role.VIEWER, title, len(council.people.get(Role.VIEWER, [])) + 1)
        council.home_education = self._setting(
            council, f"{place} Elective Home Education team", SettingType.HOME_EDUCATION, Phase.NOT_APPLICABLE, 0
        ).setting
        for number in range(schools):
            phase = self.chance.weighted([p for p, _w in PHASES], [w for _p, w in PHASES])
            kind = self.chance.weighted([SettingType.COMMUNITY, SettingType.ACADEMY, SettingType.VOLUNTARY], [4, 4, 2])
            label = {Phase.NURSERY: "Nursery School", Phase.SIXTEEN_PLUS: "Sixth Form College"}.get(
                phase, f"{phase.label} School"
            )
            name = (
                f"{self.chance.pick(LAST_NAMES)} {label}"
                if kind != SettingType.ACADEMY
                else f"{self.chance.pick(LAST_NAMES)} Academy"
            )
            council.schools.append(self._setting(council, f"{name} ({place} {number + 1})", kind, phase, number + 1))
        return council

    def _setting(self, council: Council, name: str, kind: str, phase: str, number: int) -> School:
        agency = self._agency(council, f"school{number}", name, name[:40], AgencyKind.EDUCATION, ["Safeguarding"])
        title = (
            "Elective home education officer" if kind == SettingType.HOME_EDUCATION else "Designated safeguarding lead"
        )
        key_adult = self._person(council, agency, Role.KEY_ADULT, title, number)
        self.urn += 1
        setting = Setting(
            id=self.chance.uuid(),
            name=name,
            urn=f"{council.code[1:]}{self.urn % 100_000:05d}",
            setting_type=kind,
            phase=phase,
            agency=agency,
            key_adult=key_adult,
            opens_at=None if kind == SettingType.HOME_EDUCATION else time(8, 45),
            created_at=self.start,
            updated_at=self.start,
        )
        self.writer.add(setting)
        return School(setting=setting, agency=agency, key_adult=key_adult)


def academic_terms(first_year: int, last_year: int) -> list[tuple[str, datetime, datetime]]:
    """The council default half terms of each school year that starts from first_year to last_year."""
    terms = []
    for year in range(first_year, last_year + 1):
        for name, (month, day), length in (
            ("Autumn 1", (9, 3), 52),
            ("Autumn 2", (11, 3), 46),
            ("Spring 1", (1, 6), 40),
            ("Spring 2", (2, 24), 38),
            ("Summer 1", (4, 21), 38),
            ("Summer 2", (6, 2), 50),
        ):
            start = datetime(year if month >= 9 else year + 1, month, day)
            terms.append((f"{name} {year}/{(year + 1) % 100:02d}", start, start + timedelta(days=length)))
    return terms
