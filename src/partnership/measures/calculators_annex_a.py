"""Built-in indicators computed from the Ofsted Annex A lists the council imports, and their calculators.

Each calculator reads only the current import of its list, and gives no figure for a period the list's dates do
not reach (no import, or every date before or after the period), so a missing file never shows as nought.
A row belongs to the period that holds its date (contact, referral, Section 47 start, conference or
authorisation), a London day, period start and end included. Every calculator aggregates in SQL: a fixed number
of queries whatever the number of rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Model, Q, QuerySet

from partnership.measures.definitions import OVERALL, Cell, Definition
from partnership.measures.models import List1Contact, List3Referral, List4Assessment, List5Enquiry
from partnership.measures.rules import Period

AREA = "casework"


def _current(model: type[Model], number: int) -> QuerySet[Any]:
    return model._default_manager.filter(**{f"annex_import__list_{number}_current": True})


def _rows(model: type[Model], number: int, date_field: str, period: Period) -> QuerySet[Any] | None:
    """The current import's rows of the list whose date falls on the period's days; None when the list's dates do
    not reach the period (no current list, or all its dates before or after the period)."""
    current = _current(model, number)
    reach = current.aggregate(first=Min(date_field), last=Max(date_field))
    if reach["first"] is None or reach["first"] > period.end or reach["last"] < period.start:
        return None
    return current.filter(**{f"{date_field}__range": (period.start, period.end)})


def _count(model: type[Model], number: int, date_field: str, period: Period, label: str) -> list[Cell]:
    rows = _rows(model, number, date_field, period)
    return [] if rows is None else [Cell(OVERALL, "", label, rows.count(), None)]


def _rate(scope: QuerySet[Any] | None, counted: Q, label: str) -> list[Cell]:
    if scope is None:
        return []
    totals = scope.aggregate(whole=Count("pk"), part=Count("pk", filter=counted))
    return [Cell(OVERALL, "", label, totals["part"], totals["whole"])]


def contacts(period: Period, now: datetime) -> list[Cell]:
    """List 1 rows (one per child per contact) dated in the period."""
    return _count(List1Contact, 1, "contact_date", period, "All contacts")


def referrals(period: Period, now: datetime) -> list[Cell]:
    """List 3 rows (one per child per referral) dated in the period."""
    return _count(List3Referral, 3, "referral_date", period, "All referrals")


def re_referrals(period: Period, now: datetime) -> list[Cell]:
    """List 3 rows dated in the period whose child has another List 3 referral in the 365 days before."""
    return _rate(_rows(List3Referral, 3, "referral_date", period), Q(is_re_referral=True), "All referrals")


def s47_enquiries(period: Period, now: datetime) -> list[Cell]:
    """List 5 rows whose Section 47 enquiry started in the period."""
    return _count(List5Enquiry, 5, "s47_start_date", period, "All children")


def icpc_on_time(period: Period, now: datetime) -> list[Cell]:
    """List 5 conferences held in the period, held within the working days allowed after the Section 47 start."""
    allowed = settings.PARTNERSHIP_ICPC_WORKING_DAYS
    held = _rows(List5Enquiry, 5, "icpc_date", period)
    return _rate(held, Q(icpc_working_days__lte=allowed), "All initial conferences")


def assessments_on_time(period: Period, now: datetime) -> list[Cell]:
    """List 4 assessments authorised in the period, authorised within the working days allowed after the start."""
    allowed = settings.PARTNERSHIP_ASSESSMENT_WORKING_DAYS
    done = _rows(List4Assessment, 4, "authorised_date", period)
    return _rate(done, Q(working_days__lte=allowed), "All authorised assessments")


def _definition(**fields: Any) -> Definition:
    return Definition(source="imported", area=AREA, **fields)


DEFINITIONS: list[Definition] = [
    _definition(
        key="annex-a-contacts",
        name="Contacts about children (Annex A)",
        description=(
            "The number of contacts in the period as the council's case-management system records them in Annex A "
            "List 1: one for each child a contact is about. To read beside the front door's own count."
        ),
        numerator="List 1 rows dated in the period",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=contacts,
        display_order=310,
    ),
    _definition(
        key="annex-a-referrals",
        name="Referrals of children (Annex A)",
        description=(
            "The number of referrals to children's social care in the period, one for each child, from Annex A List 3."
        ),
        numerator="List 3 rows dated in the period",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=referrals,
        display_order=320,
    ),
    _definition(
        key="annex-a-re-referrals",
        name="Re-referrals within 12 months (Annex A)",
        description=(
            "Of the referrals in Annex A List 3 dated in the period, the share whose child has another referral in "
            "the same list in the 365 days before. The list must reach back a year before the period for this to "
            "count every re-referral."
        ),
        numerator="Referrals of a child referred in the 365 days before",
        denominator="Referrals in the period",
        unit="percent",
        polarity="lower",
        calculator=re_referrals,
        display_order=330,
    ),
    _definition(
        key="annex-a-s47-enquiries",
        name="Section 47 enquiries started (Annex A)",
        description=(
            "The number of children whose Section 47 enquiry, started at a strategy discussion, began in the "
            "period, from Annex A List 5."
        ),
        numerator="List 5 rows with the enquiry started in the period",
        denominator="",
        unit="count",
        polarity="lower",
        calculator=s47_enquiries,
        display_order=340,
    ),
    _definition(
        key="annex-a-icpc-within-15-days",
        name="Initial child protection conferences within 15 working days (Annex A)",
        description=(
            "Of the initial child protection conferences in Annex A List 5 held in the period, the share held "
            "within 15 working days (England and Wales bank holidays excluded) of the strategy discussion that "
            "started the Section 47 enquiry."
        ),
        numerator="Conferences held within 15 working days of the Section 47 start",
        denominator="Conferences held in the period",
        unit="percent",
        polarity="higher",
        calculator=icpc_on_time,
        display_order=350,
    ),
    _definition(
        key="annex-a-assessments-within-45-days",
        name="Assessments authorised within 45 working days (Annex A)",
        description=(
            "Of the child and family assessments in Annex A List 4 authorised in the period, the share authorised "
            "within 45 working days of their start."
        ),
        numerator="Assessments authorised within 45 working days of the start",
        denominator="Assessments authorised in the period",
        unit="percent",
        polarity="higher",
        calculator=assessments_on_time,
        display_order=360,
    ),
]
