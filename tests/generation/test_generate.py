"""`partnership generate`: the same seed writes the same rows, the apps read them, and the measures compute."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.children.models import Child
from partnership.core.clocks import LONDON
from partnership.encompass.selectors import visible_notifications
from partnership.frontdoor.models import Contact, MashEnquiry
from partnership.frontdoor.selectors import contact_get, contact_queue, visible_contacts
from partnership.generation import run
from partnership.generation.run import GenerationRefused, check, generate
from partnership.generation.writer import Progress
from partnership.measures.calculators_frontdoor import re_referrals
from partnership.measures.computing import indicators_sync_builtin, values_compute_range
from partnership.measures.models import IndicatorValue
from partnership.measures.rules import period_containing
from partnership.strategy.models import StrategyMeeting
from partnership.strategy.selectors import meeting_list

UNTIL = date(2026, 3, 31)
SPRING_CHANGE = date(2026, 3, 29)


def _snapshot(seed: int) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """Generate the demo scale inside a savepoint that is rolled back; return its counts and first rows."""
    with transaction.atomic():
        summary = generate(scale="demo", seed=seed, until=UNTIL, progress=Progress(quiet=True))
        first: list[tuple[Any, ...]] = list(
            Contact.objects.order_by("received_at", "id").values_list("id", "received_at", "source", "state")[:20]
        )
        first += list(Child.objects.order_by("local_child_id").values_list("id", "first_name", "date_of_birth")[:20])
        transaction.set_rollback(True)
    return summary.rows, first


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_and_another_seed_differs() -> None:
    counts, first = _snapshot(seed=7)
    assert counts["frontdoor_contact"] > 2_000
    assert (counts, first) == _snapshot(seed=7)
    other_counts, other_first = _snapshot(seed=8)
    assert other_first != first
    assert other_counts != counts


@pytest.mark.django_db
def test_generated_records_are_read_by_the_apps_and_measured() -> None:
    generate(scale="demo", seed=3, until=UNTIL, progress=Progress(quiet=True))
    front_door = User.objects.filter(memberships__role=Role.FRONT_DOOR).first()
    manager = User.objects.filter(memberships__role=Role.TEAM_MANAGER).first()
    officer = User.objects.filter(memberships__role=Role.ENCOMPASS_OFFICER).first()
    contacts = visible_contacts(user=front_door)
    assert contacts.count() == Contact.objects.count()
    assert contact_queue(user=front_door).count() < 60  # only the last day or two is still open
    some = contacts.order_by("received_at").first()
    assert some is not None and contact_get(user=front_door, contact_id=some.pk, purpose="test").pk == some.pk
    assert meeting_list(user=manager).count() == StrategyMeeting.objects.count() > 100
    assert visible_notifications(user=officer).count() > 500
    assert (
        MashEnquiry.objects.filter(decided_at__lt=datetime(2026, 3, 28, tzinfo=UTC), contact__state="enquiry").count()
        == 0
    )

    indicators_sync_builtin()
    written = values_compute_range(
        kind="quarter", first=date(2025, 4, 1), last=UNTIL, now=datetime(2026, 4, 1, tzinfo=UTC)
    )
    assert written > 0
    assert IndicatorValue.objects.filter(period_start=date(2026, 1, 1)).exists()

    quarter = period_containing("quarter", date(2026, 2, 1))
    cell = re_referrals(quarter, datetime(2026, 4, 1, tzinfo=UTC))[0]
    assert cell.denominator and cell.denominator > 200
    assert 0.12 <= (cell.numerator or 0) / cell.denominator <= 0.35  # England: 22.6%


@pytest.mark.django_db
def test_each_contact_falls_on_one_london_day_across_the_spring_clock_change() -> None:
    generate(scale="demo", seed=5, until=UNTIL, progress=Progress(quiet=True))
    received = list(Contact.objects.values_list("received_at", flat=True))
    day_starts = {
        day: datetime.combine(day, datetime.min.time(), tzinfo=LONDON).astimezone(UTC)
        for day in (SPRING_CHANGE + timedelta(days=offset) for offset in range(-1, 2))
    }
    spring_start, next_start = day_starts[SPRING_CHANGE], day_starts[SPRING_CHANGE + timedelta(days=1)]
    assert next_start - spring_start == timedelta(hours=23)
    in_window = [moment for moment in received if spring_start <= moment < next_start]
    on_day = [moment for moment in received if moment.astimezone(LONDON).date() == SPRING_CHANGE]
    assert sorted(in_window) == sorted(on_day)
    assert all(moment.astimezone(LONDON).hour != 1 for moment in on_day)  # 01:00-01:59 does not exist that day
    assert sum(1 for moment in received if moment.astimezone(LONDON).date() <= UNTIL) == len(received)


@pytest.mark.django_db
def test_national_scale_is_refused_on_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "connection", SimpleNamespace(vendor="sqlite"))
    with pytest.raises(GenerationRefused, match="PostgreSQL"):
        check(scale="national", into_existing=False)
    monkeypatch.setattr(run, "connection", SimpleNamespace(vendor="postgresql"))
    check(scale="national", into_existing=False)  # allowed on PostgreSQL


@pytest.mark.django_db
def test_a_database_with_records_is_refused_unless_asked() -> None:
    Agency.objects.create(name="A real agency", kind=AgencyKind.POLICE)
    with pytest.raises(GenerationRefused, match="--into-existing"):
        check(scale="demo", into_existing=False)
    check(scale="demo", into_existing=True)


@pytest.mark.django_db
def test_a_run_leaves_the_planner_statistics_of_what_it_wrote() -> None:
    from django.db import connection

    generate(scale="demo", seed=4, until=UNTIL, progress=Progress(quiet=True))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx = %s",
                ["frontdoor_contact", "contact_received_idx"],
            )
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", ["frontdoor_contact"])
        found = cursor.fetchone()
    assert found is not None
    rows, written = int(float(str(found[0]).split()[0])), Contact.objects.count()
    assert written > 2_000 and abs(rows - written) <= written // 10  # SQLite samples: an estimate, not a count
