"""Shared fixtures of the children's records: a council, one of its social workers and a child they opened."""

from __future__ import annotations

from datetime import date

import pytest

from partnership.access.models import AgencyKind, Role
from partnership.children import services
from tests.factories import AgencyFactory, make_person


@pytest.fixture
def council():
    return AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Council", short_name="CSC")


@pytest.fixture
def worker(council):
    return make_person(Role.SOCIAL_WORKER, agency=council)


@pytest.fixture
def child(worker):
    return services.child_create(
        actor=worker, first_name="Robin", last_name="Hart", date_of_birth=date(2016, 2, 29), local_child_id="LC100"
    )
