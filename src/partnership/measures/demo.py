"""Loads the demo measures of impact: the built-in indicators with illustrative baselines and targets, their values
computed from the demo's practice records, links to the plan's actions, and one indicator entered by hand.

The baselines are illustrative figures labelled as the inspection's (2018); the targets are set so that the
dashboard shows every rating: the priority action's convening figure and the acknowledgement of Encompass
notifications are red, research and joint decisions amber, the front door's decisions green. The training
indicator is entered each quarter by the demo action lead, Lee Lead.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from partnership.access.models import User
from partnership.audits.selectors import moderated_grades_for_indicators
from partnership.core.clocks import london_date
from partnership.encompass.selectors import notifications_for_indicators
from partnership.frontdoor.selectors import contacts_for_indicators
from partnership.measures.calculators_audits import DEFINITIONS as AUDIT_DEFINITIONS
from partnership.measures.computing import indicators_sync_builtin, values_compute, values_compute_range
from partnership.measures.models import ActionIndicator, Area, Indicator, IndicatorValue, Source
from partnership.measures.rules import PERIOD_MONTHS, period_containing, periods_between, value_of
from partnership.plans.models import Action
from partnership.strategy.selectors import meetings_for_indicators

INSPECTION = "Inspection, 2018"

# key: (baseline, target, amber margin as % of the target)
TARGETS: dict[str, tuple[str | None, str | None, str]] = {
    "strategy-convened-on-time": ("41", "95", "10"),
    "strategy-hours-to-meet": ("52", "24", "10"),
    "strategy-agency-contribution": ("64", "95", "10"),
    "strategy-record-shared-on-time": ("35", "100", "10"),
    "strategy-child-voice": ("22", "90", "10"),
    "strategy-s47-enquiries": (None, None, "10"),
    "frontdoor-contacts": (None, None, "10"),
    "frontdoor-decided-on-time": ("71", "95", "5"),
    "frontdoor-research-on-time": ("58", "95", "15"),
    "frontdoor-joint-decisions": ("30", "97", "15"),
    "frontdoor-feedback-given": ("45", "97", "15"),
    "frontdoor-referrals": (None, None, "10"),
    "frontdoor-re-referrals": ("26.5", "22.6", "10"),
    "encompass-notifications": (None, None, "10"),
    "encompass-sent-on-time": ("68", "98", "10"),
    "encompass-acknowledged-on-time": ("49", "98", "10"),
    "encompass-exceptions-unresolved": (None, "0", "10"),
    "encompass-hours-to-resolve": ("30", "12", "25"),
}

# plan action reference: the indicators that measure its success
LINKS: dict[str, tuple[str, ...]] = {
    "1.1": ("strategy-convened-on-time", "strategy-hours-to-meet"),
    "1.2": ("strategy-agency-contribution",),
    "1.4": ("strategy-record-shared-on-time",),
    "2.1": ("frontdoor-contacts", "frontdoor-decided-on-time", "frontdoor-referrals"),
    "2.3": ("frontdoor-joint-decisions",),
    "2.4": ("frontdoor-research-on-time",),
    "2.5": ("frontdoor-feedback-given",),
    "2.6": ("encompass-sent-on-time", "encompass-acknowledged-on-time", "encompass-exceptions-unresolved"),
    "2.7": ("frontdoor-re-referrals",),
    "5.1": ("strategy-child-voice",),
    "5.3": ("practitioners-trained-domestic-abuse",),
}

TRAINED_KEY = "practitioners-trained-domestic-abuse"
PRACTITIONERS = 420  # the partnership's practitioners expected to complete the training
TRAINED_SHARES = [31, 48, 66, 74]  # % trained at the end of each quarter of the plan, oldest first


def _first_practice_day(today: date) -> date:
    """The earliest London day of the demo's strategy meetings, contacts and Encompass incidents."""
    earliest = [
        meetings_for_indicators().aggregate(first=Min("threshold_at"))["first"],
        contacts_for_indicators().aggregate(first=Min("received_at"))["first"],
        notifications_for_indicators().aggregate(first=Min("incident_child__incident__occurred_at"))["first"],
    ]
    days = [london_date(instant) for instant in earliest if instant is not None]
    return min(days, default=today)


def _first_audit_day(today: date) -> date:
    """The earliest London day on which the demo's case file audits agreed grades at moderation."""
    first = moderated_grades_for_indicators().aggregate(first=Min("moderation__moderated_at"))["first"]
    return today if first is None else london_date(first)


def _trained_indicator(lead: User) -> Indicator:
    indicator = Indicator(
        key=TRAINED_KEY,
        name="Practitioners trained in domestic abuse awareness",
        description=(
            "Of the partnership's practitioners who work with children and families, the share who have completed "
            "the multi-agency domestic abuse awareness course, from the training team's register."
        ),
        numerator="Practitioners who completed the course",
        denominator="Practitioners expected to complete it",
        unit="percent",
        polarity="higher",
        source=Source.MANUAL,
        area=Area.OTHER,
        owner=lead,
        display_order=500,
        baseline=Decimal(TRAINED_SHARES[0]),
        baseline_label="Plan's first quarter",
        target=Decimal(80),
        amber_within=Decimal(10),
    )
    indicator._history_user = lead  # type: ignore[attr-defined]
    indicator.save()
    return indicator


def _enter_trained_values(indicator: Indicator, lead: User, plan_start: date, today: date) -> None:
    """One value a quarter, entered by the lead a week after each finished quarter of the plan."""
    finished = periods_between("quarter", plan_start, period_containing("quarter", today).start - timedelta(days=1))
    for period, share in zip(finished[-len(TRAINED_SHARES) :], TRAINED_SHARES, strict=False):
        trained = PRACTITIONERS * share // 100
        value = IndicatorValue(
            indicator=indicator,
            period_kind="quarter",
            period_start=period.start,
            period_end=period.end,
            numerator=trained,
            denominator=PRACTITIONERS,
            value=value_of("percent", trained, PRACTITIONERS),
            as_of=min(period.end + timedelta(days=7), today),
            is_current=True,
            source=Source.MANUAL,
            entered_by=lead,
            note="From the training team's register of course completions.",
        )
        value._history_user = lead  # type: ignore[attr-defined]
        value.save()


def load() -> None:
    """Sync the built-in indicators, set their demo baselines and targets, compute every month, quarter and year
    of the demo's practice records, link indicators to the plan's actions and add an indicator entered by hand."""
    now = timezone.now()
    today = london_date(now)
    admin = User.objects.get(username="admin")
    lead = User.objects.get(username="lead")

    indicators_sync_builtin()
    for indicator in Indicator.objects.filter(key__in=list(TARGETS)):
        baseline, target, amber_within = TARGETS[indicator.key]
        indicator.baseline = None if baseline is None else Decimal(baseline)
        indicator.baseline_label = INSPECTION if baseline is not None else ""
        indicator.target = None if target is None else Decimal(target)
        indicator.amber_within = Decimal(amber_within)
        indicator._history_user = admin  # type: ignore[attr-defined]
        indicator.save(update_fields=["baseline", "baseline_label", "target", "amber_within", "updated_at"])

    first = _first_practice_day(today)
    for kind in PERIOD_MONTHS:
        values_compute_range(kind=kind, first=first, last=today, now=now)
    audits_first = _first_audit_day(today)
    if audits_first < first:  # the audit rounds reach back further than the practice records: their periods too
        audit_keys = [definition.key for definition in AUDIT_DEFINITIONS]
        for kind in PERIOD_MONTHS:
            for period in periods_between(kind, audits_first, first - timedelta(days=1)):
                values_compute(period=period, keys=audit_keys, now=now)

    actions = {
        action.reference: action
        for action in Action.objects.filter(reference__in=list(LINKS)).select_related("inspection")
    }
    trained = _trained_indicator(lead)
    plan_start = min((action.inspection.plan_start for action in actions.values()), default=today)
    _enter_trained_values(trained, lead, plan_start, today)

    indicators = {indicator.key: indicator for indicator in Indicator.objects.all()}
    for reference, keys in LINKS.items():
        action = actions.get(reference)
        if action is None:
            continue
        for key in keys:
            link = ActionIndicator(action=action, indicator=indicators[key], added_by=admin)
            link._history_user = admin  # type: ignore[attr-defined]
            link.save()
