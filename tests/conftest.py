"""Shared fixtures: people of every role, and clients signed in with two-factor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.models import Agency, AgencyKind, Role, Team, User
from partnership.access.session_keys import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import AgencyFactory, TeamFactory, make_person

pytest_plugins = ["tests.trust", "tests.oidc_fixtures"]


@pytest.fixture(autouse=True)
def _fast_passwords_and_quiet_mail(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _reset_axes(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("django_db") is None:
        return
    from axes.utils import reset

    reset()


def current_code(user: User) -> str:
    """The code the person's authenticator app would show now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)).zfill(6)


def sign_in(client: Client, user: User) -> Client:
    """Put the client in the state of a person who signed in with password and two-factor just now."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = timezone.now().timestamp()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session.save()
    return client


@pytest.fixture
def signed_in() -> Callable[..., Client]:
    """Make a client signed in as a new person of the given role."""

    def make(role: str = "social_worker", **kwargs: object) -> Client:
        user = kwargs.pop("user", None) or make_person(role, **kwargs)  # type: ignore[arg-type]
        client = Client()
        sign_in(client, user)  # type: ignore[arg-type]
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


# Agencies of a partnership, for the practice apps' tests


@pytest.fixture
def council() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
        name="Durham Children's Services",
        short_name="CSC",
        contact_email="mash@durham.example",
    )


@pytest.fixture
def police() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.POLICE, name="Durham Constabulary", short_name="Police", contact_email="mash@police.example"
    )


@pytest.fixture
def health() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.HEALTH, name="County Durham Health", short_name="Health", contact_email="mash@health.example"
    )


@pytest.fixture
def probation() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.PROBATION,
        name="Probation Service North East",
        short_name="Probation",
        contact_email="mash@probation.example",
    )


@pytest.fixture
def school() -> Agency:
    return AgencyFactory(
        kind=AgencyKind.EDUCATION,
        name="Hilltop Primary School",
        short_name="Hilltop",
        contact_email="dsl@hilltop.example",
    )


@pytest.fixture
def team(council: Agency) -> Team:
    return TeamFactory(agency=council, name="Locality North")


@pytest.fixture
def manager(council: Agency, team: Team) -> User:
    return make_person(Role.TEAM_MANAGER, agency=council, team=team)
