"""Optimistic locking: a stale save is refused and nothing is overwritten."""

from __future__ import annotations

import pytest

from partnership.access.models import Agency
from partnership.core.errors import StaleVersion
from partnership.core.versioning import save_if_current
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_the_second_of_two_saves_from_the_same_version_is_refused() -> None:
    agency = AgencyFactory(name="Original")
    first, second = Agency.objects.get(pk=agency.pk), Agency.objects.get(pk=agency.pk)
    first.name = "First edit"
    save_if_current(first, expected_version=1, fields=["name"])
    second.name = "Second edit"
    with pytest.raises(StaleVersion):
        save_if_current(second, expected_version=1, fields=["name"])
    stored = Agency.objects.get(pk=agency.pk)
    assert stored.name == "First edit"
    assert stored.version == 2


def test_a_caller_holding_an_old_version_number_is_refused_before_writing() -> None:
    agency = AgencyFactory()
    agency.name = "Changed"
    with pytest.raises(StaleVersion):
        save_if_current(agency, expected_version=7, fields=["name"])
    assert Agency.objects.get(pk=agency.pk).version == 1
