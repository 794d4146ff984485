"""The demo children: the cumulative-risk flags fall as designed and each demo person sees only their children."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Q
from django.utils import timezone

from partnership.access import demo as access_demo
from partnership.access.models import User
from partnership.children import demo as children_demo
from partnership.children import selectors
from partnership.children.models import Child, Involvement

pytestmark = pytest.mark.django_db

DESIGNED_AT_LEAST = {
    "escalation": 3,
    "repeat_after_marac": 2,
    "unborn_with_harm": 2,
    "no_voice": 4,
    "agreement_burden": 2,
}


@pytest.fixture
def demo() -> list[Child]:
    access_demo.load()
    children_demo.load()
    return list(Child.objects.filter(merged_into__isnull=True))


def test_every_flag_is_raised_on_the_designed_children_and_some_children_have_none(demo: list[Child]) -> None:
    flags = selectors.flags_for_children(demo)
    counts = Counter(flag.code for found in flags.values() for flag in found)
    for code, least in DESIGNED_AT_LEAST.items():
        assert counts[code] >= least, (code, counts)
    assert sum(1 for found in flags.values() if not found) >= 8
    by_name = {f"{c.first_name} {c.last_name}": [f.code for f in flags[c.pk]] for c in demo}
    assert by_name["Unborn Ashcombe"] == []  # the father who caused harm has left the household
    assert "no_voice" not in by_name["Unborn Fernside"]


def test_the_unborn_children_are_at_the_designed_stages(demo: list[Child]) -> None:
    timelines = {c.last_name: selectors.unborn_timeline(child=c) for c in demo if c.is_unborn}
    assert {name: t.gestation_weeks for name, t in timelines.items() if t} == {
        "Calderwood": 12,
        "Quillan": 20,
        "Fernside": 31,
        "Ashcombe": 34,
    }
    assert timelines["Quillan"] and timelines["Quillan"].referral_overdue
    assert timelines["Fernside"] and timelines["Fernside"].conference_overdue
    assert timelines["Ashcombe"] and not timelines["Ashcombe"].conference_overdue


def test_the_social_worker_and_the_key_adult_see_only_the_children_their_agency_works_with(
    demo: list[Child],
) -> None:
    socialworker = User.objects.get(username="socialworker")
    keyadult = User.objects.get(username="keyadult")
    seen_by_worker = set(selectors.visible_children(user=socialworker).values_list("pk", flat=True))
    assert len(seen_by_worker) > 20
    assert {c.pk for c in demo} - seen_by_worker, "some children are known only to other agencies"

    today = timezone.localdate()
    pupils = set(
        Involvement.objects.filter(agency__short_name="Wearside Primary", started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("child_id", flat=True)
    )
    assert len(pupils) >= 6
    assert set(selectors.visible_children(user=keyadult).values_list("pk", flat=True)) == pupils
    leo = next(c for c in demo if c.first_name == "Leo")  # left Wearside Primary for St Aidan's
    assert leo.pk not in pupils
