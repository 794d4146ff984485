"""Computing the indicators: every built-in indicator for a quarter and a year through `values_compute`, and three
representative indicators through their calculators beside hand-written SQL giving the same numbers.

The hand-written three: contacts about children received in the period (frontdoor `contacts`), strategy meetings
held by their convening deadline overall and by lead agency (strategy `convened_on_time`), and children for whom a
meeting held in the period started a Section 47 enquiry (strategy `s47_enquiries`). For the three, the ratio
compares the total time of the three calculators with the total time of the three SQL statements. For all the
indicators, which have no hand-written twin, the ratio compares the mean time per indicator of `values_compute`
(computing and storing) with the mean time per statement of the three hand-written ones.
"""

from __future__ import annotations

import statistics
import uuid
from datetime import timedelta
from functools import partial
from typing import Any

from bench.report_table import figure_row
from bench.timing import repeated

RUNS = 5


def _tables() -> dict[str, str]:
    from partnership.access.models import Agency
    from partnership.frontdoor.models import Contact
    from partnership.strategy.models import MeetingChild, StrategyMeeting

    return {
        "contact": Contact._meta.db_table,
        "contact_child": Contact.children.through._meta.db_table,
        "meeting": StrategyMeeting._meta.db_table,
        "meeting_child": MeetingChild._meta.db_table,
        "agency": Agency._meta.db_table,
    }


def hand_written_sql(start: Any, end: Any) -> list[tuple[str, str, list[Any]]]:
    """The three statements with their parameters, one per indicator, for the period's instants."""
    from django.db import connection

    from partnership.strategy.models import MeetingState, S47Decision

    tables = _tables()
    low, high = (connection.ops.adapt_datetimefield_value(instant) for instant in (start, end))
    cancelled = MeetingState.CANCELLED.value
    return [
        (
            "contacts",
            f"SELECT COUNT(*) FROM {tables['contact_child']} link JOIN {tables['contact']} contact "  # noqa: S608
            "ON contact.id = link.contact_id WHERE contact.received_at >= %s AND contact.received_at < %s",
            [low, high],
        ),
        (
            "convened_on_time",
            f"SELECT agency.id, agency.name, COUNT(*), SUM(CASE WHEN meeting.held_at <= meeting.convene_due_at "  # noqa: S608
            f"THEN 1 ELSE 0 END) FROM {tables['meeting']} meeting JOIN {tables['agency']} agency "
            "ON agency.id = meeting.lead_agency_id WHERE meeting.state <> %s AND meeting.held_at IS NOT NULL "
            "AND meeting.threshold_at >= %s AND meeting.threshold_at < %s GROUP BY agency.id, agency.name",
            [cancelled, low, high],
        ),
        (
            "s47_enquiries",
            f"SELECT COUNT(*) FROM {tables['meeting_child']} child JOIN {tables['meeting']} meeting "  # noqa: S608
            "ON meeting.id = child.meeting_id WHERE meeting.state <> %s AND child.s47 = %s "
            "AND meeting.held_at >= %s AND meeting.held_at < %s",
            [cancelled, S47Decision.YES.value, low, high],
        ),
    ]


def _first_of_a_day(period: Any, now: Any) -> None:
    """Compute every indicator as the first computation of a new day (every row written afresh, as the daily sweep
    does), inside a transaction that is rolled back so the bench database keeps its own current values."""
    from django.db import transaction

    from partnership.core.clocks import london_date
    from partnership.measures.computing import values_compute

    with transaction.atomic():
        values_compute(period=period, now=now, as_of=london_date(now) + timedelta(days=1))
        transaction.set_rollback(True)


def _sql_numbers(start: Any, end: Any) -> dict[str, Any]:
    from django.db import connection

    numbers: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for name, sql, parameters in hand_written_sql(start, end):
            cursor.execute(sql, parameters)
            rows = cursor.fetchall()
            if name == "convened_on_time":
                whole = sum(int(row[2]) for row in rows)
                part = sum(int(row[3] or 0) for row in rows)
                numbers[name] = (
                    part,
                    whole,
                    sorted((str(uuid.UUID(str(row[0]))), int(row[3] or 0), int(row[2])) for row in rows),
                )
            else:
                numbers[name] = int(rows[0][0])
    return numbers


def _orm_numbers(period: Any, now: Any) -> dict[str, Any]:
    from partnership.measures.calculators_frontdoor import contacts
    from partnership.measures.calculators_strategy import convened_on_time, s47_enquiries

    overall, *agencies = convened_on_time(period, now)
    return {
        "contacts": contacts(period, now)[0].numerator,
        "convened_on_time": (
            overall.numerator,
            overall.denominator,
            sorted((cell.key, cell.numerator, cell.denominator) for cell in agencies),
        ),
        "s47_enquiries": s47_enquiries(period, now)[0].numerator,
    }


def indicator_rows(database: str) -> list[dict[str, Any]]:
    """For a quarter and a year: all indicators through `values_compute` (reference: the three hand-written
    statements), and the three calculators beside the same three in hand-written SQL, with whether they agree."""
    from django.utils import timezone

    from partnership.core.clocks import london_date
    from partnership.measures.builtin import builtin_definitions
    from partnership.measures.computing import indicators_sync_builtin, values_compute
    from partnership.measures.models import Indicator
    from partnership.measures.rules import period_containing

    indicators_sync_builtin()
    computed = Indicator.objects.filter(
        is_active=True, calculator__in=[d.key for d in builtin_definitions() if d.calculator is not None]
    ).count()
    now = timezone.now()
    rows: list[dict[str, Any]] = []
    for kind in ("quarter", "year"):
        period = period_containing(kind, london_date(now) - timedelta(days=30))
        start, end = period.instants
        written = values_compute(period=period, now=now)
        every = repeated(partial(_first_of_a_day, period, now), RUNS)
        orm = repeated(partial(_orm_numbers, period, now), RUNS)
        sql = repeated(partial(_sql_numbers, start, end), RUNS)
        numbers = _sql_numbers(start, end)
        agree = _orm_numbers(period, now) == numbers
        on_time, held = numbers["convened_on_time"][:2]
        found = f"contacts {numbers['contacts']}, on time {on_time} of {held} meetings, S47 {numbers['s47_enquiries']}"
        every_ms, orm_ms, sql_ms = (statistics.median(times) * 1000 for times in (every, orm, sql))
        rows.append(
            {"scope": "all", "period_kind": kind}
            | figure_row(
                section="indicators",
                name=f"all {computed} indicators, {kind} {period.label} ({written} values)",
                database=database,
                figure={"ms": round(every_ms, 2), "per_indicator_ms": round(every_ms / max(computed, 1), 3)},
                reference={"name": "3 in hand-written SQL", "per_indicator_ms": round(sql_ms / 3, 3)},
                compared="per_indicator_ms",
                note=f"median of {RUNS}, each the first computation of a day (rolled back); ratio of the mean time "
                "per indicator",
            )
        )
        rows.append(
            {"scope": "three", "period_kind": kind}
            | figure_row(
                section="indicators",
                name=f"3 calculators, {kind} {period.label} (numbers {'agree' if agree else 'DIFFER'})",
                database=database,
                figure={"ms": round(orm_ms, 3)},
                reference={"name": "the same 3 in hand-written SQL", "ms": round(sql_ms, 3)},
                compared="ms",
                note=f"{found}; median of {RUNS}; ratio of the total time",
            )
        )
    return rows
