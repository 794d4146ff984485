"""Built-in indicators of strategy meetings (the inspection's priority action) and their calculators.

A meeting belongs to the period in which its threshold was met (London days), except the Section 47 count, which
follows the day the meeting was held. Cancelled meetings are never counted. Every calculator aggregates in SQL:
a fixed number of queries whatever the number of meetings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from partnership.measures.definitions import OVERALL, Cell, Definition, median_hours
from partnership.measures.rules import Period
from partnership.strategy.models import S47Decision
from partnership.strategy.selectors import (
    invitations_for_indicators,
    meeting_children_for_indicators,
    meetings_for_indicators,
)

AREA = "strategy"
ALL = "All meetings"


def _meetings(period: Period) -> QuerySet[Any]:
    start, end = period.instants
    return meetings_for_indicators().filter(threshold_at__gte=start, threshold_at__lt=end)


def _rate_cells(
    scope: QuerySet[Any], *, counted: Q, by: tuple[str, str] | None, overall_label: str = ALL, breakdown: str = ""
) -> list[Cell]:
    """The overall cell and, when `by` names a key and label field, one cell per breakdown value: the rows of the
    scope are the denominator, those matching `counted` the numerator."""
    totals = scope.aggregate(whole=Count("pk"), part=Count("pk", filter=counted))
    cells = [Cell(OVERALL, "", overall_label, totals["part"], totals["whole"])]
    if by is not None:
        key_field, label_field = by
        rows = (
            scope.values(key_field, label_field)
            .annotate(whole=Count("pk"), part=Count("pk", filter=counted))
            .order_by(label_field, key_field)
        )
        cells += [Cell(breakdown, str(row[key_field]), row[label_field], row["part"], row["whole"]) for row in rows]
    return cells


def convened_on_time(period: Period, now: datetime) -> list[Cell]:
    """Meetings held no later than their convening deadline, of meetings held; by lead agency."""
    held = _meetings(period).filter(held_at__isnull=False)
    return _rate_cells(
        held,
        counted=Q(held_at__lte=F("convene_due_at")),
        by=("lead_agency_id", "lead_agency__name"),
        breakdown="agency",
    )


def hours_to_meet(period: Period, now: datetime) -> list[Cell]:
    """The median hours from the threshold being met to the meeting, over meetings held."""
    held = _meetings(period).filter(held_at__isnull=False)
    count, median = median_hours(held, since="threshold_at", until="held_at")
    return [Cell(OVERALL, "", ALL, None, count, median)]


def agency_contribution(period: Period, now: datetime) -> list[Cell]:
    """Invitations to meetings held where the agency attended or sent its information; by invited agency."""
    start, end = period.instants
    invitations = invitations_for_indicators().filter(
        meeting__threshold_at__gte=start, meeting__threshold_at__lt=end, meeting__held_at__isnull=False
    )
    return _rate_cells(
        invitations,
        counted=Q(attended=True) | Q(information_at__isnull=False),
        by=("agency_id", "agency__name"),
        overall_label="All agencies",
        breakdown="agency",
    )


def record_shared_on_time(period: Period, now: datetime) -> list[Cell]:
    """Signed-off meetings whose record was shared by its deadline, of those shared or already due at `now`."""
    decided = (
        _meetings(period)
        .filter(completed_at__isnull=False)
        .filter(Q(shared_at__isnull=False) | Q(share_due_at__lte=now))
    )
    return _rate_cells(decided, counted=Q(shared_at__isnull=False, shared_at__lte=F("share_due_at")), by=None)


def child_voice(period: Period, now: datetime) -> list[Cell]:
    """Children of signed-off meetings whose record carries the child's voice (not blank)."""
    start, end = period.instants
    children = meeting_children_for_indicators().filter(
        meeting__threshold_at__gte=start, meeting__threshold_at__lt=end, meeting__completed_at__isnull=False
    )
    return _rate_cells(children, counted=Q(voice_summary__regex=r"\S"), by=None, overall_label="All children")


def s47_enquiries(period: Period, now: datetime) -> list[Cell]:
    """Children for whom a meeting held in the period decided to start a Section 47 enquiry."""
    start, end = period.instants
    count = (
        meeting_children_for_indicators()
        .filter(meeting__held_at__gte=start, meeting__held_at__lt=end, s47=S47Decision.YES)
        .count()
    )
    return [Cell(OVERALL, "", "All children", count, None)]


def _definition(**fields: Any) -> Definition:
    return Definition(source="computed", area=AREA, is_priority=True, **fields)


DEFINITIONS: list[Definition] = [
    _definition(
        key="strategy-convened-on-time",
        name="Strategy meetings held within the convening target",
        description=(
            "Of the strategy meetings held whose threshold was met in the period, the share held no later than "
            "the convening deadline set when the threshold was met (24 hours by default)."
        ),
        numerator="Meetings held by their convening deadline",
        denominator="Meetings held",
        unit="percent",
        polarity="higher",
        calculator=convened_on_time,
        breakdowns=("agency",),
        display_order=10,
    ),
    _definition(
        key="strategy-hours-to-meet",
        name="Median hours from threshold to strategy meeting",
        description=(
            "The median time, in hours, from the moment reasonable cause to suspect significant harm was "
            "identified to the strategy meeting, over the meetings held whose threshold was met in the period."
        ),
        numerator="Median hours from threshold to meeting",
        denominator="Meetings held",
        unit="hours",
        polarity="lower",
        calculator=hours_to_meet,
        display_order=20,
    ),
    _definition(
        key="strategy-agency-contribution",
        name="Invited agencies that attended or sent information",
        description=(
            "Of the invitations to strategy meetings held, the share where the agency attended or, if it could "
            "not attend, sent what it knows."
        ),
        numerator="Invitations where the agency attended or sent information",
        denominator="Invitations to meetings held",
        unit="percent",
        polarity="higher",
        calculator=agency_contribution,
        breakdowns=("agency",),
        display_order=30,
    ),
    _definition(
        key="strategy-record-shared-on-time",
        name="Strategy meeting records shared within one working day",
        description=(
            "Of the signed-off strategy meeting records whose sharing deadline has passed or that have been "
            "shared, the share sent to every invited agency by the deadline."
        ),
        numerator="Records shared by their deadline",
        denominator="Signed-off records shared or due",
        unit="percent",
        polarity="higher",
        calculator=record_shared_on_time,
        display_order=40,
    ),
    _definition(
        key="strategy-child-voice",
        name="Children whose voice is in the strategy meeting record",
        description=(
            "Of the children discussed at strategy meetings whose record is signed off, the share whose record "
            "sets out what the child said, felt or wished."
        ),
        numerator="Children with their voice recorded",
        denominator="Children of signed-off meetings",
        unit="percent",
        polarity="higher",
        calculator=child_voice,
        display_order=50,
    ),
    _definition(
        key="strategy-s47-enquiries",
        name="Children with a Section 47 enquiry started at a strategy meeting",
        description=(
            "The number of children for whom a strategy meeting held in the period decided to start a Section 47 "
            "enquiry. A volume to read beside the other figures rather than a figure to push up or down."
        ),
        numerator="Children with a decision to start a Section 47 enquiry",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=s47_enquiries,
        display_order=60,
    ),
]
