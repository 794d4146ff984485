"""Built-in indicators of Operation Encompass and their calculators.

Notifications and exceptions belong to the period in which the incident happened (London days). Every calculator
aggregates in SQL: a fixed number of queries whatever the number of notifications.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from partnership.children.models import RiskLevel
from partnership.encompass.selectors import exceptions_for_indicators, notifications_for_indicators
from partnership.measures.definitions import OVERALL, Cell, Definition, median_hours
from partnership.measures.rules import Period

AREA = "encompass"
RISK = "incident_child__incident__risk_level"


def _occurred_in(period: Period) -> Q:
    start, end = period.instants
    return Q(incident_child__incident__occurred_at__gte=start, incident_child__incident__occurred_at__lt=end)


def _by_risk(scope: QuerySet[Any], counted: Q | None, label: str) -> list[Cell]:
    """The overall cell and one cell per risk level found: the scope's rows are the denominator (or the count
    itself when nothing is `counted`), those matching `counted` the numerator."""
    part = Count("pk", filter=counted) if counted is not None else Count("pk")
    totals = scope.aggregate(whole=Count("pk"), part=part)
    rows = {row[RISK]: row for row in scope.values(RISK).annotate(whole=Count("pk"), part=part)}

    def cell(breakdown: str, key: str, name: str, row: dict[str, Any]) -> Cell:
        return Cell(breakdown, key, name, row["part"], row["whole"] if counted is not None else None)

    cells = [cell(OVERALL, "", label, totals)]
    cells += [
        cell("risk_level", level.value, level.label, row)
        for level in RiskLevel
        if (row := rows.get(level.value)) is not None
    ]
    return cells


def notifications(period: Period, now: datetime) -> list[Cell]:
    """Notifications to settings after incidents in the period; by the incident's risk level."""
    return _by_risk(notifications_for_indicators().filter(_occurred_in(period)), None, "All notifications")


def sent_on_time(period: Period, now: datetime) -> list[Cell]:
    """Notifications issued no later than the start of the setting's next school day; by risk level."""
    return _by_risk(
        notifications_for_indicators().filter(_occurred_in(period)),
        Q(deadline_at__isnull=False, issued_at__lte=F("deadline_at")),
        "All notifications",
    )


def acknowledged_on_time(period: Period, now: datetime) -> list[Cell]:
    """Notifications acknowledged by the deadline, of those acknowledged or already due at `now`; by risk level."""
    due = (
        notifications_for_indicators()
        .filter(_occurred_in(period))
        .filter(Q(deadline_at__lte=now) | Q(acknowledged_at__isnull=False))
    )
    return _by_risk(due, Q(deadline_at__isnull=False, acknowledged_at__lte=F("deadline_at")), "All notifications due")


def exceptions_unresolved(period: Period, now: datetime) -> list[Cell]:
    """Children of incidents in the period whose exception was still unresolved at the period's end, or at `now` if
    that is sooner (an exception raised just after the end for an incident before it counts: the child waited)."""
    cutoff = min(period.instants[1], now)
    count = (
        exceptions_for_indicators()
        .filter(_occurred_in(period), incident_child__incident__occurred_at__lt=cutoff)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=cutoff))
        .count()
    )
    return [Cell(OVERALL, "", "All exceptions", count, None)]


def hours_to_resolve(period: Period, now: datetime) -> list[Cell]:
    """The median hours from an exception being raised to its resolution, over exceptions resolved."""
    resolved = exceptions_for_indicators().filter(_occurred_in(period), resolved_at__isnull=False)
    count, median = median_hours(resolved, since="created_at", until="resolved_at")
    return [Cell(OVERALL, "", "All exceptions resolved", None, count, median)]


def _definition(**fields: Any) -> Definition:
    return Definition(source="computed", area=AREA, **fields)


DEFINITIONS: list[Definition] = [
    _definition(
        key="encompass-notifications",
        name="Operation Encompass notifications",
        description=(
            "The number of notifications sent to schools, colleges and nurseries after domestic abuse incidents "
            "in the period, one for each child and setting. A measure of demand, to read beside the timeliness."
        ),
        numerator="Notifications after incidents in the period",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=notifications,
        breakdowns=("risk_level",),
        display_order=210,
    ),
    _definition(
        key="encompass-sent-on-time",
        name="Encompass notifications sent before the next school day",
        description=(
            "Of the notifications after incidents in the period, the share the police issued before the start "
            "of the setting's next school day."
        ),
        numerator="Notifications issued by the deadline",
        denominator="Notifications",
        unit="percent",
        polarity="higher",
        calculator=sent_on_time,
        breakdowns=("risk_level",),
        display_order=220,
    ),
    _definition(
        key="encompass-acknowledged-on-time",
        name="Encompass notifications acknowledged before the school day",
        description=(
            "Of the notifications after incidents in the period that have been acknowledged or are already due, "
            "the share the setting's key adult acknowledged before the start of the next school day."
        ),
        numerator="Notifications acknowledged by the deadline",
        denominator="Notifications acknowledged or due",
        unit="percent",
        polarity="higher",
        calculator=acknowledged_on_time,
        breakdowns=("risk_level",),
        display_order=230,
    ),
    _definition(
        key="encompass-exceptions-unresolved",
        name="Encompass exceptions unresolved at the end of the period",
        description=(
            "The number of children from incidents in the period whom the system could not route to a setting "
            "and who were still waiting for someone to resolve it at the end of the period (or today, for the "
            "current period)."
        ),
        numerator="Exceptions unresolved",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=exceptions_unresolved,
        display_order=240,
    ),
    _definition(
        key="encompass-hours-to-resolve",
        name="Median hours to resolve an Encompass exception",
        description=(
            "The median time, in hours, from an exception being raised to its resolution, over the exceptions "
            "for incidents in the period that have been resolved."
        ),
        numerator="Median hours to resolve",
        denominator="Exceptions resolved",
        unit="hours",
        polarity="lower",
        calculator=hours_to_resolve,
        display_order=250,
    ),
]
