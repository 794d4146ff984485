"""Generated families: households of siblings with the adults around them, where the children go to school, and
which agencies work with them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from partnership.children.models import AdultRole, Child, Ethnicity, Gender, Household, HouseholdAdult, Involvement
from partnership.encompass.models import EducationKind, Enrolment, Phase, Setting
from partnership.generation.chance import Chance
from partnership.generation.world import FIRST_NAMES, LAST_NAMES, Council
from partnership.generation.writer import RowWriter

ETHNICITIES = [Ethnicity.WBRI, Ethnicity.WOTH, Ethnicity.MWBC, Ethnicity.MWAS, Ethnicity.APKN, Ethnicity.AIND]
ETHNICITIES += [Ethnicity.BAFR, Ethnicity.BCRB, Ethnicity.ABAN, Ethnicity.OOTH, Ethnicity.NOBT]
ETHNICITY_WEIGHTS = [72, 5, 3, 2, 4, 2, 3, 1, 2, 2, 4]
SIBLINGS = [1, 2, 3, 4]
SIBLING_WEIGHTS = [45, 32, 16, 7]
SCHOOL_PHASES = {
    Phase.NURSERY: (2, 4),
    Phase.PRIMARY: (4, 11),
    Phase.SECONDARY: (11, 16),
    Phase.ALL_THROUGH: (4, 16),
    Phase.SIXTEEN_PLUS: (16, 18),
}


@dataclass
class Kid:
    """A generated child as the practice needs it: its id, birth date and where it is educated."""

    id: uuid.UUID
    born: date | None
    setting: Setting | None
    kind: str


@dataclass
class Family:
    """A generated household: its children and the last time any of them was referred."""

    id: uuid.UUID
    kids: list[Kid] = field(default_factory=list)
    last_referred: datetime | None = None


class FamilyBuilder:
    """Writes households, their adults and children, enrolments and health involvements."""

    def __init__(self, chance: Chance, writer: RowWriter, council: Council) -> None:
        self.chance = chance
        self.writer = writer
        self.council = council
        self.number = 0
        self.by_phase: dict[str, list[Setting]] = {}
        for school in council.schools:
            self.by_phase.setdefault(school.setting.phase, []).append(school.setting)

    def _setting_for(self, age: int) -> Setting | None:
        phases = [phase for phase, (low, high) in SCHOOL_PHASES.items() if low <= age < high and phase in self.by_phase]
        return self.chance.pick(self.by_phase[self.chance.pick(phases)]) if phases else None

    def build(self, when: datetime) -> Family:
        """Write a new household known to the partnership from `when`, with one to four children."""
        self.number += 1
        code = self.council.code
        created = when
        household = Household(
            id=self.chance.uuid(), reference=f"{code}-H{self.number:07d}", created_at=created, updated_at=created
        )
        self.writer.add(household)
        family = Family(id=household.id)
        last_name = self.chance.pick(LAST_NAMES)
        today = when.date()
        mother_born = today - timedelta(days=self.chance.between(19 * 365, 45 * 365))
        for first, role, born in (
            (self.chance.pick(FIRST_NAMES[:12]), AdultRole.ADULT_VICTIM, mother_born),
            (
                self.chance.pick(FIRST_NAMES[12:]),
                AdultRole.PERSON_CAUSING_HARM,
                mother_born - timedelta(days=self.chance.between(0, 3000)),
            ),
        ):
            self.writer.add(
                HouseholdAdult(
                    id=self.chance.uuid(),
                    household=household,
                    first_name=first,
                    last_name=last_name,
                    date_of_birth=born,
                    role=role,
                    is_parent=True,
                    created_at=created,
                    updated_at=created,
                )
            )
        ethnicity = self.chance.weighted(ETHNICITIES, ETHNICITY_WEIGHTS)
        oldest = min(17 * 365, (today - mother_born).days - 16 * 365)
        for place in range(self.chance.weighted(SIBLINGS, SIBLING_WEIGHTS)):
            family.kids.append(self._child(household, last_name, ethnicity, today, created, oldest, place))
        return family

    def _child(
        self,
        household: Household,
        last_name: str,
        ethnicity: str,
        today: date,
        created: datetime,
        oldest: int,
        place: int,
    ) -> Kid:
        unborn = self.chance.chance(0.02)
        born = None if unborn else today - timedelta(days=self.chance.between(30, max(60, oldest)))
        expected = today + timedelta(days=self.chance.between(20, 200)) if unborn else None
        gender = (
            self.chance.weighted([Gender.MALE, Gender.FEMALE, Gender.NOT_KNOWN], [49, 49, 2])
            if born
            else Gender.NOT_KNOWN
        )
        first = (
            "Unborn" if unborn else self.chance.pick(FIRST_NAMES[12:] if gender == Gender.MALE else FIRST_NAMES[:12])
        )
        serial = self.chance.random.getrandbits(32)
        child = Child(
            id=self.chance.uuid(),
            first_name=first,
            last_name=last_name,
            date_of_birth=born,
            expected_date_of_birth=expected,
            gender=gender,
            ethnicity=ethnicity,
            nhs_number=f"{9_000_000_000 + serial % 999_999_999:010d}" if born else "",
            local_child_id=f"{household.reference}-{place + 1}",
            household=household,
            created_at=created,
            updated_at=created,
        )
        self.writer.add(child)
        age = (today - born).days // 365 if born else -1
        setting, kind = None, ""
        health = self.council.agencies["health"]
        service = "Midwifery" if born is None else ("Health visiting" if age < 5 else "School nursing")
        self.writer.add(
            Involvement(
                id=self.chance.uuid(),
                child=child,
                agency=health,
                service=service,
                started_on=born or today,
                created_at=created,
                updated_at=created,
            )
        )
        if age >= 2:
            kind = self.chance.weighted(
                [EducationKind.ATTENDS, EducationKind.HOME_EDUCATED, EducationKind.OUT_OF_AREA], [92, 3, 5]
            )
            setting = self._setting_for(age) if kind == EducationKind.ATTENDS else None
            if kind == EducationKind.HOME_EDUCATED:
                setting = self.council.home_education
            if kind == EducationKind.ATTENDS and setting is None:
                kind = ""
            if kind:
                self.writer.add(
                    Enrolment(
                        id=self.chance.uuid(),
                        child=child,
                        kind=kind,
                        setting=setting,
                        other_setting="A school in a neighbouring area" if kind == EducationKind.OUT_OF_AREA else "",
                        started_on=today - timedelta(days=self.chance.between(30, 700)),
                        created_at=created,
                        updated_at=created,
                    )
                )
            if setting is not None and kind == EducationKind.ATTENDS:
                self.writer.add(
                    Involvement(
                        id=self.chance.uuid(),
                        child=child,
                        agency=setting.agency,
                        service="Education",
                        started_on=today - timedelta(days=self.chance.between(30, 700)),
                        created_at=created,
                        updated_at=created,
                    )
                )
        return Kid(id=child.id, born=born, setting=setting, kind=kind)
