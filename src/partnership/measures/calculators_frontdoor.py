"""Built-in indicators of the front door and the MASH, and their calculators.

Contacts belong to the period in which they were received (London days); referrals, to the period in which the
decision was made. Every calculator aggregates in SQL: a fixed number of queries whatever the number of contacts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from partnership.frontdoor.measures import REFERRAL_OUTCOMES
from partnership.frontdoor.models import Priority
from partnership.frontdoor.selectors import (
    contact_children_for_indicators,
    contacts_for_indicators,
    feedback_for_indicators,
    research_for_indicators,
)
from partnership.measures.definitions import OVERALL, Cell, Definition
from partnership.measures.rules import Period

AREA = "frontdoor"
RE_REFERRAL_DAYS = 365


def _received_in(period: Period, prefix: str = "") -> Q:
    start, end = period.instants
    return Q(**{f"{prefix}received_at__gte": start, f"{prefix}received_at__lt": end})


def _overall(scope: QuerySet[Any], counted: Q, label: str) -> Cell:
    totals = scope.aggregate(whole=Count("pk"), part=Count("pk", filter=counted))
    return Cell(OVERALL, "", label, totals["part"], totals["whole"])


def _child_referrals(period: Period) -> QuerySet[Any]:
    """One row per child of each contact decided in the period with an outcome that makes it a referral."""
    start, end = period.instants
    return contact_children_for_indicators().filter(
        contact__enquiry__decided_at__gte=start,
        contact__enquiry__decided_at__lt=end,
        contact__enquiry__outcome__in=REFERRAL_OUTCOMES,
    )


def contacts(period: Period, now: datetime) -> list[Cell]:
    """Contacts about children: one for each child linked to a contact received in the period."""
    count = contact_children_for_indicators().filter(_received_in(period, "contact__")).count()
    return [Cell(OVERALL, "", "All contacts", count, None)]


def decided_on_time(period: Period, now: datetime) -> list[Cell]:
    """Contacts received in the period and decided, decided no later than their decision deadline."""
    decided = contacts_for_indicators().filter(_received_in(period), enquiry__decided_at__isnull=False)
    return [_overall(decided, Q(enquiry__decided_at__lte=F("decision_due_at")), "All decided contacts")]


def research_on_time(period: Period, now: datetime) -> list[Cell]:
    """Research requests for the period's contacts returned by their deadline, of those returned or already due;
    by agency and by the enquiry's priority."""
    requests = (
        research_for_indicators()
        .filter(_received_in(period, "enquiry__contact__"))
        .filter(Q(returned_at__isnull=False) | Q(due_at__lte=now))
    )
    counted = Q(returned_at__isnull=False, returned_at__lte=F("due_at"))
    cells = [_overall(requests, counted, "All research requests")]
    by_agency = (
        requests.values("agency_id", "agency__name")
        .annotate(whole=Count("pk"), part=Count("pk", filter=counted))
        .order_by("agency__name", "agency_id")
    )
    cells += [
        Cell("agency", str(row["agency_id"]), row["agency__name"], row["part"], row["whole"]) for row in by_agency
    ]
    by_priority = {
        row["enquiry__priority"]: row
        for row in requests.values("enquiry__priority").annotate(whole=Count("pk"), part=Count("pk", filter=counted))
    }
    cells += [
        Cell("priority", priority.value, priority.label, row["part"], row["whole"])
        for priority in Priority
        if (row := by_priority.get(priority.value)) is not None
    ]
    return cells


def joint_decisions(period: Period, now: datetime) -> list[Cell]:
    """Decided enquiries on the period's contacts that were decided jointly with the agencies."""
    decided = contacts_for_indicators().filter(_received_in(period), enquiry__decided_at__isnull=False)
    return [_overall(decided, Q(enquiry__is_joint=True), "All decided enquiries")]


def feedback_given(period: Period, now: datetime) -> list[Cell]:
    """Outcomes of the period's contacts to be told to the referrer or an agency that have been told."""
    rows = feedback_for_indicators().filter(_received_in(period, "contact__"))
    return [_overall(rows, Q(told_at__isnull=False), "All outcomes to tell")]


def referrals(period: Period, now: datetime) -> list[Cell]:
    """Referrals of children: one for each child of a contact decided in the period as a referral."""
    return [Cell(OVERALL, "", "All referrals", _child_referrals(period).count(), None)]


def re_referrals(period: Period, now: datetime) -> list[Cell]:
    """Child referrals in the period where the same child had another referral decided in the 365 days before."""
    decided_at = OuterRef("contact__enquiry__decided_at")
    earlier = contact_children_for_indicators().filter(
        child_id=OuterRef("child_id"),
        contact__enquiry__outcome__in=REFERRAL_OUTCOMES,
        contact__enquiry__decided_at__lt=decided_at,
        contact__enquiry__decided_at__gte=ExpressionWrapper(
            decided_at - timedelta(days=RE_REFERRAL_DAYS), output_field=DateTimeField()
        ),
    )
    return [_overall(_child_referrals(period), Q(Exists(earlier)), "All referrals")]


def _definition(**fields: Any) -> Definition:
    return Definition(source="computed", area=AREA, **fields)


DEFINITIONS: list[Definition] = [
    _definition(
        key="frontdoor-contacts",
        name="Contacts about children",
        description=(
            "The number of contacts to the front door in the period, counted once for each child a contact is "
            "about. A measure of demand."
        ),
        numerator="Children named in contacts received",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=contacts,
        display_order=110,
    ),
    _definition(
        key="frontdoor-decided-on-time",
        name="Contacts decided within one working day",
        description=(
            "Of the contacts received in the period and decided, the share decided no later than the decision "
            "deadline set when the contact arrived (one working day by default)."
        ),
        numerator="Contacts decided by their deadline",
        denominator="Contacts received and decided",
        unit="percent",
        polarity="higher",
        calculator=decided_on_time,
        display_order=120,
    ),
    _definition(
        key="frontdoor-research-on-time",
        name="MASH research returned on time",
        description=(
            "Of the research asked of partner agencies for the period's contacts that has come back or is already "
            "due, the share returned by the deadline of the enquiry's priority."
        ),
        numerator="Research requests returned by their deadline",
        denominator="Research requests returned or due",
        unit="percent",
        polarity="higher",
        calculator=research_on_time,
        breakdowns=("agency", "priority"),
        display_order=130,
    ),
    _definition(
        key="frontdoor-joint-decisions",
        name="MASH decisions made jointly",
        description=(
            "Of the MASH enquiries on the period's contacts that have been decided, the share decided jointly with "
            "the agencies that shared information."
        ),
        numerator="Enquiries decided jointly",
        denominator="Enquiries decided",
        unit="percent",
        polarity="higher",
        calculator=joint_decisions,
        display_order=140,
    ),
    _definition(
        key="frontdoor-feedback-given",
        name="Referrers and agencies told the outcome",
        description=(
            "Of the people and agencies to be told the outcome of the period's contacts, the share who have been told."
        ),
        numerator="Outcomes told",
        denominator="Outcomes to tell",
        unit="percent",
        polarity="higher",
        calculator=feedback_given,
        display_order=150,
    ),
    _definition(
        key="frontdoor-referrals",
        name="Referrals of children to children's social care",
        description=(
            "The number of referrals in the period: one for each child of a contact decided in the period with a "
            "child and family assessment or a strategy discussion."
        ),
        numerator="Children referred",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=referrals,
        display_order=160,
    ),
    _definition(
        key="frontdoor-re-referrals",
        name="Re-referrals within 12 months",
        description=(
            "Of the referrals of children in the period, the share where the same child had another referral "
            "decided in the 365 days before."
        ),
        numerator="Referrals of a child referred in the 365 days before",
        denominator="Referrals of children",
        unit="percent",
        polarity="lower",
        calculator=re_referrals,
        display_order=170,
    ),
]
