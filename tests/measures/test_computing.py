"""Loading the built-in indicators and computing their values: sync keeps the partnership's own targets, computing
twice on a day changes nothing, a later day adds a new current snapshot and keeps the old one, the daily sweep runs
once a London day, and the `partnership measures-compute` command."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.access.models import Agency, Role
from partnership.cli import main
from partnership.core.sweeper import SWEEP_JOBS
from partnership.measures.builtin import builtin_definitions
from partnership.measures.computing import (
    indicators_sync_builtin,
    measures_daily_sweep,
    values_compute,
    values_compute_range,
)
from partnership.measures.models import Indicator, IndicatorValue
from partnership.measures.rules import period_containing, periods_between, value_of
from partnership.measures.selectors import current_values, values_as_of
from partnership.strategy.models import StrategyMeeting
from tests.factories import make_person
from tests.measures.test_calculators import (
    NOW,
    PERIOD,
    World,
    at,
    build_encompass,
    build_frontdoor,
    build_strategy,
    make_world,
)

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 4, 1)
DAY_TWO = date(2026, 4, 2)


@pytest.fixture
def world(council: Agency, police: Agency, health: Agency, probation: Agency, school: Agency) -> World:
    """The hand-counted partnership of the calculator tests, with the built-in indicators loaded."""
    built = make_world(council=council, police=police, health=health, probation=probation, school=school)
    build_strategy(built)
    build_frontdoor(built)
    build_encompass(built)
    indicators_sync_builtin()
    return built


def snapshot() -> list[tuple[Any, ...]]:
    """Every stored value, every field that matters, in a stable order."""
    return sorted(
        IndicatorValue.objects.values_list(
            "pk",
            "indicator__key",
            "period_kind",
            "period_start",
            "period_end",
            "breakdown",
            "breakdown_key",
            "breakdown_label",
            "numerator",
            "denominator",
            "value",
            "as_of",
            "is_current",
            "source",
            "entered_by",
            "note",
        ),
        key=str,
    )


# ---------------------------------------------------------------- sync


def test_sync_loads_every_built_in_once_and_keeps_the_partnerships_own_settings() -> None:
    definitions = builtin_definitions()
    assert indicators_sync_builtin() == len(definitions)
    assert indicators_sync_builtin() == 0  # idempotent
    for definition in definitions:
        indicator = Indicator.objects.get(key=definition.key)
        assert indicator.is_builtin and indicator.calculator == definition.key
        assert (indicator.name, indicator.unit, indicator.polarity, indicator.area, indicator.source) == (
            definition.name,
            definition.unit,
            definition.polarity,
            definition.area,
            definition.source,
        )
        assert indicator.breakdowns == list(definition.breakdowns)

    lead = make_person(Role.ACTION_LEAD)
    local = {
        "baseline": Decimal("41.00"),
        "baseline_label": "Inspection, 2018",
        "target": Decimal("95.00"),
        "amber_within": Decimal("5.00"),
        "owner": lead,
        "is_active": False,
    }
    Indicator.objects.filter(key="strategy-convened-on-time").update(name="Renamed by mistake", **local)
    assert indicators_sync_builtin() == 1
    assert indicators_sync_builtin() == 0
    indicator = Indicator.objects.get(key="strategy-convened-on-time")
    assert indicator.name == next(d.name for d in definitions if d.key == "strategy-convened-on-time")
    assert {name: getattr(indicator, name) for name in local} == local


def test_sync_records_history() -> None:
    indicators_sync_builtin()
    indicator = Indicator.objects.get(key="frontdoor-contacts")
    assert indicator.history.count() == 1  # type: ignore[attr-defined]


# ---------------------------------------------------------------- computing


def test_computing_stores_every_cell_with_its_value(world: World) -> None:
    written = values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    rows = list(IndicatorValue.objects.select_related("indicator"))
    assert written == len(rows) > len(builtin_definitions())
    assert all(row.is_current and row.source == "computed" and row.as_of == DAY_ONE for row in rows)
    assert all(
        (row.period_kind, row.period_start, row.period_end) == (PERIOD.kind, PERIOD.start, PERIOD.end) for row in rows
    )
    for row in rows:
        if row.indicator.unit in ("percent", "count"):
            assert row.value == value_of(row.indicator.unit, row.numerator, row.denominator)
    median = IndicatorValue.objects.get(indicator__key="strategy-hours-to-meet")
    assert (median.numerator, median.denominator, median.value) == (None, 4, Decimal("18.00"))
    police = IndicatorValue.objects.get(
        indicator__key="strategy-convened-on-time", breakdown="agency", breakdown_key=str(world.police.pk)
    )
    assert (police.breakdown_label, police.numerator, police.denominator) == ("Durham Constabulary", 2, 2)


def test_computing_twice_on_a_day_leaves_exactly_the_same_rows(world: World) -> None:
    first = values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        second = values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    assert first == second
    assert snapshot() == before
    table = IndicatorValue._meta.db_table
    writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT")) and table in q["sql"]]
    assert not [sql for sql in writes if "is_current" in sql and "CASE" in sql]  # unchanged rows are not rewritten


def test_recomputing_the_same_day_replaces_that_days_figures(world: World) -> None:
    values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    before = IndicatorValue.objects.get(indicator__key="strategy-record-shared-on-time")
    # M3's record turns out to have been shared on the morning it was due.
    StrategyMeeting.objects.filter(threshold_at=at("2026-02-02 08:00")).update(shared_at=at("2026-02-04 09:00"))
    values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    after = IndicatorValue.objects.get(indicator__key="strategy-record-shared-on-time")
    assert (before.numerator, before.denominator) == (1, 3)
    assert (after.pk, after.numerator, after.denominator, after.value, after.as_of) == (
        before.pk,
        2,
        3,
        Decimal("66.67"),
        DAY_ONE,
    )


def test_a_later_day_adds_a_current_snapshot_and_keeps_the_old_one(world: World) -> None:
    values_compute(period=PERIOD, now=NOW, as_of=DAY_ONE)
    # Overnight the police return the research not yet due, on time, and the only probation request is removed.
    request = world.police.research_requests.get(returned_at__isnull=True)
    request.returned_at = at("2026-04-01 11:00")
    request.save()
    world.probation.research_requests.all().delete()
    values_compute(period=PERIOD, now=NOW + timedelta(days=1), as_of=DAY_TWO)

    indicator = Indicator.objects.get(key="frontdoor-research-on-time")
    overall = current_values(indicator=indicator, period_kind="quarter")
    assert [(row.as_of, row.numerator, row.denominator) for row in overall] == [(DAY_TWO, 5, 6)]
    old = values_as_of(indicator=indicator, period=PERIOD, as_of=DAY_ONE)
    assert [(row.as_of, row.numerator, row.denominator, row.is_current) for row in old] == [(DAY_ONE, 4, 6, False)]
    new = values_as_of(indicator=indicator, period=PERIOD, as_of=DAY_TWO)
    assert [(row.numerator, row.denominator) for row in new] == [(5, 6)]

    # The probation cell is gone from the current figures but kept, not current, in the first day's snapshot.
    probation = IndicatorValue.objects.filter(
        indicator=indicator, breakdown="agency", breakdown_key=str(world.probation.pk)
    )
    assert [(row.as_of, row.is_current) for row in probation] == [(DAY_ONE, False)]
    agencies_now = current_values(indicator=indicator, period_kind="quarter", breakdown="agency")
    assert str(world.probation.pk) not in {row.breakdown_key for row in agencies_now}
    first_day_agencies = values_as_of(indicator=indicator, period=PERIOD, as_of=DAY_ONE, breakdown="agency")
    assert str(world.probation.pk) in {row.breakdown_key for row in first_day_agencies}
    assert not IndicatorValue.objects.filter(as_of=DAY_ONE, is_current=True).exists()


def test_only_active_indicators_and_the_keys_asked_for_are_computed(world: World) -> None:
    Indicator.objects.filter(key="frontdoor-contacts").update(is_active=False)
    values_compute(period=PERIOD, now=NOW, keys=["frontdoor-contacts", "frontdoor-referrals"])
    assert set(IndicatorValue.objects.values_list("indicator__key", flat=True)) == {"frontdoor-referrals"}


def test_a_range_computes_every_period_of_the_kind(world: World) -> None:
    months = periods_between("month", date(2026, 1, 15), date(2026, 3, 2))
    written = values_compute_range(kind="month", first=date(2026, 1, 15), last=date(2026, 3, 2), now=NOW)
    starts = set(IndicatorValue.objects.values_list("period_start", flat=True))
    assert starts == {month.start for month in months} == {date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)}
    assert written == IndicatorValue.objects.count()
    january = IndicatorValue.objects.get(
        indicator__key="strategy-convened-on-time", period_start=date(2026, 1, 1), breakdown=""
    )
    assert (january.numerator, january.denominator) == (1, 2)  # M1 on time, M2 late


# ---------------------------------------------------------------- the daily sweep


def test_the_daily_sweep_runs_once_a_london_day(world: World) -> None:
    Indicator.objects.all().delete()  # the sweep loads the built-ins itself
    morning = at("2026-04-01 06:00")
    assert measures_daily_sweep(now=morning) > 0
    assert Indicator.objects.filter(is_builtin=True).count() == len(builtin_definitions())
    computed = set(IndicatorValue.objects.filter(breakdown="").values_list("period_kind", "period_start").distinct())
    assert computed == {
        ("month", date(2026, 4, 1)),
        ("month", date(2026, 3, 1)),
        ("quarter", date(2026, 4, 1)),
        ("quarter", date(2026, 1, 1)),
        ("year", date(2026, 4, 1)),
        ("year", date(2025, 4, 1)),
    }
    before = snapshot()
    assert measures_daily_sweep(now=at("2026-04-01 06:01")) == 0
    assert measures_daily_sweep(now=at("2026-04-01 23:59")) == 0
    assert snapshot() == before
    assert measures_daily_sweep(now=at("2026-04-02 00:01")) > 0
    assert set(IndicatorValue.objects.filter(is_current=True).values_list("as_of", flat=True)) == {DAY_TWO}


def test_the_daily_sweep_is_registered() -> None:
    job = SWEEP_JOBS["measures-daily"]
    # An overall cell for each of six periods for each indicator computed from Partnership's own records, with
    # nothing to count; the Annex A indicators have no rows until a council's lists are imported.
    computed = [definition for definition in builtin_definitions() if definition.source == "computed"]
    assert job() == len(computed) * 6
    assert job() == 0


# ---------------------------------------------------------------- the command


def test_the_command_computes_a_chosen_kind_between_two_dates(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measures-compute", "--period", "quarter", "--from", "2026-01-01", "--to", "2026-03-31"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    written = IndicatorValue.objects.count()
    assert out[:-1] == [f"quarter: 1 period from Jan–Mar 2026 to Jan–Mar 2026, {written} values written."]
    assert out[-1].startswith(f"Computed {written} values for 1 period in ")
    assert set(IndicatorValue.objects.values_list("period_kind", "period_start").distinct()) == {
        ("quarter", date(2026, 1, 1))
    }


def test_the_command_by_default_computes_every_kind_over_the_last_year(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["measures-compute"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["month", "quarter", "year"]
    assert lines[-1].startswith("Computed ")
    assert lines[0].startswith("month: 13 periods from ")
    assert IndicatorValue.objects.filter(period_kind="year").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "--from must be a date written YYYY-MM-DD, such as 2026-04-01, not '2026-13-01'."),
        (["--to", "yesterday"], "--to must be a date written YYYY-MM-DD"),
        (["--from", "2026-04-01", "--to", "2026-03-31"], "--from (2026-04-01) must not be after --to (2026-03-31)."),
    ],
)
def test_the_command_refuses_bad_dates_clearly(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["measures-compute", *arguments]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert not IndicatorValue.objects.exists()


def test_the_period_of_the_command_must_be_a_known_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["measures-compute", "--period", "week"])
    assert "invalid choice" in capsys.readouterr().err


def test_the_quarter_computed_matches_period_containing() -> None:
    assert period_containing("quarter", DAY_ONE - timedelta(days=1)) == PERIOD
