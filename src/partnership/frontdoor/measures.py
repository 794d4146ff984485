"""Figures on the front door: volume, referrals, timeliness of decisions and research, joint working, feedback,
re-referrals and threshold overrides, so the partnership can show whether the MASH keeps up with its demand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnership.access.selectors import is_partnership_wide
from partnership.core.clocks import LONDON, add_months, london_date
from partnership.frontdoor.models import Contact, Feedback, Outcome, Priority, ResearchRequest
from partnership.frontdoor.selectors import visible_contacts

REFERRAL_OUTCOMES = (Outcome.ASSESSMENT, Outcome.STRATEGY)
PRIORITY_ORDER = {value: position for position, value in enumerate(Priority.values)}


@dataclass(frozen=True)
class ResearchMeasures:
    """One agency's research for enquiries of one priority: how much was asked, returned, and returned on time."""

    agency_id: Any
    name: str
    priority: str
    requested: int
    returned: int
    returned_on_time: int
    pct_on_time: float | None


@dataclass(frozen=True)
class WeekVolume:
    """The contacts received in one week (Monday to Sunday in England) and how many were decided within target."""

    week_start: date
    contacts: int
    decided_within_target: int


@dataclass(frozen=True)
class FrontdoorMeasures:
    """The front door figures for contacts received on the London days start to end."""

    start: date
    end: date
    contacts: int
    referrals: int
    contacts_per_10k: float | None
    referrals_per_10k: float | None
    pct_decided_within_target: float | None
    research: tuple[ResearchMeasures, ...]
    pct_joint: float | None
    pct_feedback_given: float | None
    re_referrals: int
    threshold_overrides: int
    overrides_unconfirmed: int
    unresolved_contacts: int
    weeks: tuple[WeekVolume, ...]


def contacts_for_figures(*, user: Any) -> QuerySet[Contact]:
    """The contacts whose figures the user may see: every contact for the partnership's oversight roles (figures
    only, never a child's name), else the contacts the user may open."""
    if user is not None and user.is_authenticated and is_partnership_wide(user):
        return Contact.objects.all()
    return visible_contacts(user=user)


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _rate(numerator: int, denominator: int) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to count."""
    return round(100 * numerator / denominator, 1) if denominator else None


def _per_10k(count: int) -> float | None:
    population = settings.PARTNERSHIP_CHILD_POPULATION
    return round(count * 10000 / population, 1) if population else None


def _year_before(instant: datetime) -> datetime:
    """The same time of day on the same day twelve months earlier, on the London calendar."""
    local = instant.astimezone(LONDON)
    return datetime.combine(add_months(local.date(), -12), local.time(), tzinfo=LONDON)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def frontdoor_measures(*, user: Any, start: date, end: date, now: datetime | None = None) -> FrontdoorMeasures:
    """The front door figures over the contacts received on the London days start to end that the user may count.

    Counted this way, with a fixed number of queries whatever the number of contacts:
    - referrals: contacts decided with the outcome child and family assessment or strategy discussion;
    - decided within target over decided contacts: decided_at no later than the contact's decision_due_at;
    - research rows per agency and priority over the requests for the period's contacts; on time means returned
      no later than due_at, counted over requests returned or already due by now (one still open before its
      deadline is neither on time nor late yet);
    - joint decisions, threshold overrides (needs_confirmation) and those still unconfirmed over decided enquiries;
    - feedback given: feedback rows with told_at over all feedback rows of the period's contacts;
    - re-referrals: referrals about a child who had another referral decided in the twelve months before this
      contact was received (the earlier one may fall before the period);
    - unresolved: contacts with no child linked;
    - weeks: every week (Monday start) from start's week to end's week, with the contacts received and decided
      within target.
    """
    now = now or timezone.now()
    everything = contacts_for_figures(user=user)
    period = everything.filter(
        received_at__gte=_london_midnight(start), received_at__lt=_london_midnight(end + timedelta(days=1))
    )
    rows = list(
        period.values(
            "pk",
            "received_at",
            "decision_due_at",
            "enquiry__outcome",
            "enquiry__decided_at",
            "enquiry__is_joint",
            "enquiry__needs_confirmation",
            "enquiry__confirmed_at",
        )
    )
    ids = period.values("pk")
    links = Contact.children.through.objects.filter(contact_id__in=ids)
    children_of: dict[Any, set[Any]] = defaultdict(set)
    for contact_id, child_id in links.values_list("contact_id", "child_id"):
        children_of[contact_id].add(child_id)

    referral_ids = {
        row["pk"] for row in rows if row["enquiry__decided_at"] and row["enquiry__outcome"] in REFERRAL_OUTCOMES
    }
    earlier: dict[Any, list[tuple[Any, datetime]]] = defaultdict(list)
    for child_id, contact_id, decided_at in Contact.children.through.objects.filter(
        child_id__in=links.values("child_id"),
        contact_id__in=everything.values("pk"),
        contact__enquiry__outcome__in=REFERRAL_OUTCOMES,
        contact__enquiry__decided_at__gte=_year_before(_london_midnight(start)),
        contact__enquiry__decided_at__lt=_london_midnight(end + timedelta(days=1)),
    ).values_list("child_id", "contact_id", "contact__enquiry__decided_at"):
        if decided_at is not None:
            earlier[child_id].append((contact_id, decided_at))

    decided = within = joint = overrides = unconfirmed = unresolved = re_referrals = 0
    weekly: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        week = weekly[_week_start(london_date(row["received_at"]))]
        week[0] += 1
        unresolved += not children_of.get(row["pk"])
        decided_at = row["enquiry__decided_at"]
        if decided_at is None:
            continue
        decided += 1
        on_time = decided_at <= row["decision_due_at"]
        within += on_time
        week[1] += on_time
        joint += bool(row["enquiry__is_joint"])
        if row["enquiry__needs_confirmation"]:
            overrides += 1
            unconfirmed += row["enquiry__confirmed_at"] is None
        if row["pk"] in referral_ids:
            since = _year_before(row["received_at"])
            re_referrals += any(
                other != row["pk"] and since <= other_decided < row["received_at"]
                for child_id in children_of.get(row["pk"], ())
                for other, other_decided in earlier.get(child_id, ())
            )

    per_agency: dict[tuple[Any, str], dict[str, Any]] = {}
    for request in ResearchRequest.objects.filter(enquiry__contact_id__in=ids).values(
        "agency_id", "agency__name", "enquiry__priority", "due_at", "returned_at"
    ):
        counts = per_agency.setdefault(
            (request["agency_id"], request["enquiry__priority"]),
            {"name": request["agency__name"], "requested": 0, "returned": 0, "on_time": 0, "counted": 0},
        )
        returned_at = request["returned_at"]
        counts["requested"] += 1
        counts["returned"] += returned_at is not None
        counts["on_time"] += returned_at is not None and returned_at <= request["due_at"]
        counts["counted"] += returned_at is not None or request["due_at"] <= now

    feedback = Feedback.objects.filter(contact_id__in=ids).aggregate(
        rows=Count("id"), told=Count("id", filter=Q(told_at__isnull=False))
    )

    weeks = []
    week_start = _week_start(start)
    while week_start <= end:
        contacts_in_week, within_in_week = weekly.get(week_start, (0, 0))
        weeks.append(WeekVolume(week_start, contacts_in_week, within_in_week))
        week_start += timedelta(days=7)

    return FrontdoorMeasures(
        start=start,
        end=end,
        contacts=len(rows),
        referrals=len(referral_ids),
        contacts_per_10k=_per_10k(len(rows)),
        referrals_per_10k=_per_10k(len(referral_ids)),
        pct_decided_within_target=_rate(within, decided),
        research=tuple(
            ResearchMeasures(
                agency_id=agency_id,
                name=counts["name"],
                priority=priority,
                requested=counts["requested"],
                returned=counts["returned"],
                returned_on_time=counts["on_time"],
                pct_on_time=_rate(counts["on_time"], counts["counted"]),
            )
            for (agency_id, priority), counts in sorted(
                per_agency.items(), key=lambda item: (item[1]["name"], PRIORITY_ORDER.get(item[0][1], 99))
            )
        ),
        pct_joint=_rate(joint, decided),
        pct_feedback_given=_rate(feedback["told"], feedback["rows"]),
        re_referrals=re_referrals,
        threshold_overrides=overrides,
        overrides_unconfirmed=unconfirmed,
        unresolved_contacts=unresolved,
        weeks=tuple(weeks),
    )
