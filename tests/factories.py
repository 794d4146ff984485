"""Factories for test data, built through the same services the product uses where it matters."""

from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.models import Agency, AgencyKind, Membership, Role, Team, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"A{n}")
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.SOCIAL_WORKER


def make_person(
    role: str = Role.SOCIAL_WORKER,
    *,
    agency: Agency | None = None,
    team: Team | None = None,
    two_factor: bool = True,
    username: str | None = None,
) -> User:
    """A person with one membership and, by default, a confirmed authenticator."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, agency=agency or AgencyFactory(), team=team, role=role)
    if two_factor:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user
