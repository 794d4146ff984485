"""Shared fixtures of Operation Encompass: the police officer, a school with its key adult and deputy, the council's
term dates and home education team, and a child who attends the school."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnership.access.models import Agency, Role, User
from partnership.children import services as children_services
from partnership.children.models import Child
from partnership.encompass.models import Enrolment, Setting, SettingType, Term
from tests.factories import make_person

AUTUMN_2026 = (date(2026, 9, 3), date(2026, 12, 18))
SPRING_2027 = (date(2027, 1, 5), date(2027, 3, 26))


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_ENCOMPASS_DAY_STARTS = "08:45"
    settings.PARTNERSHIP_ENCOMPASS_CHASE_HOURS = 1
    settings.PARTNERSHIP_ENCOMPASS_ESCALATE_HOURS = 6
    settings.PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL = "encompass@council.example"
    settings.PARTNERSHIP_ENCOMPASS_MIN_AGE = 4
    settings.PARTNERSHIP_ENCOMPASS_MAX_AGE = 17
    settings.PARTNERSHIP_BASE_URL = "https://partnership.example"


@pytest.fixture
def council_terms() -> list[Term]:
    """The council's autumn 2026 and spring 2027 terms, which every school follows unless it keeps its own."""
    return [
        Term.objects.create(name="Autumn 2026", first_day=AUTUMN_2026[0], last_day=AUTUMN_2026[1]),
        Term.objects.create(name="Spring 2027", first_day=SPRING_2027[0], last_day=SPRING_2027[1]),
    ]


def build_setting(*, name: str, urn: str, setting_type: str = SettingType.COMMUNITY, phase: str = "primary") -> Setting:
    """A setting with its agency, and no key adult yet."""
    agency = Agency.objects.create(name=name, kind="education", contact_email=f"office@{urn}.example")
    return Setting.objects.create(name=name, urn=urn, setting_type=setting_type, phase=phase, agency=agency)


def key_adult_of(setting: Setting, *, deputy: bool = False) -> User:
    """A key adult (or deputy) of the setting, named on it, with an e-mail address."""
    person = make_person(Role.KEY_ADULT, agency=setting.agency)
    person.email = f"{person.username}@{setting.urn}.example"
    person.save(update_fields=["email"])
    if deputy:
        setting.deputy = person
    else:
        setting.key_adult = person
    setting.save(update_fields=["key_adult", "deputy"])
    return person


@pytest.fixture
def officer(police: Agency) -> User:
    person = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    person.email = "encompass.officer@police.example"
    person.save(update_fields=["email"])
    return person


@pytest.fixture
def hilltop(council_terms: list[Term]) -> Setting:
    return build_setting(name="Hilltop Primary School", urn="114001")


@pytest.fixture
def key_adult(hilltop: Setting) -> User:
    return key_adult_of(hilltop)


@pytest.fixture
def deputy(hilltop: Setting) -> User:
    return key_adult_of(hilltop, deputy=True)


@pytest.fixture
def riverside(council_terms: list[Term]) -> Setting:
    setting = build_setting(name="Riverside Academy", urn="139002", setting_type=SettingType.ACADEMY, phase="secondary")
    key_adult_of(setting)
    return setting


@pytest.fixture
def home_education(council_terms: list[Term]) -> Setting:
    setting = build_setting(
        name="Elective Home Education Team",
        urn="900001",
        setting_type=SettingType.HOME_EDUCATION,
        phase="not_applicable",
    )
    key_adult_of(setting)
    return setting


@pytest.fixture
def pupil(officer: User, hilltop: Setting, key_adult: User, council: Agency) -> Child:
    """Robin, aged 9, who attends Hilltop; the council is involved with her."""
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    child = children_services.child_create(
        actor=worker, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), local_child_id="C-1"
    )
    Enrolment.objects.create(child=child, setting=hilltop, started_on=date(2021, 9, 1))
    return child
