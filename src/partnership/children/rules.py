"""Pure rules of the children's records: identifiers, cumulative risk flags, unborn children, risk scoring, agreements.

Nothing here reads the database: callers pass plain values, so every rule can be tested on its own.
Windows of months are on the Europe/London calendar: an incident at 23:30 UTC on a summer evening happened on
the next day in England.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from partnership.core.clocks import add_months, london_date

LEVELS = ("standard", "medium", "high")


@dataclass(frozen=True)
class Flag:
    """A cumulative-risk flag on a child's record, with the events that raised it."""

    code: str
    title: str
    detail: str
    event_ids: tuple[Any, ...] = field(default=())


@dataclass(frozen=True)
class Occurrence:
    """One chronology event as the rules see it: its id, type and the instant it happened."""

    id: Any
    event_type: str
    occurred_at: datetime


# --- identifiers ---------------------------------------------------------------------------------------------


def nhs_number_is_valid(value: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    if len(value) != 10 or not (value.isascii() and value.isdigit()):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def normalised_nhs_number(value: str) -> str:
    """The NHS number without the spaces people type in it."""
    return "".join(value.split())


# --- windows -------------------------------------------------------------------------------------------------


def within_months(earlier: date, later: date, months: int) -> bool:
    """Whether the later day falls within the given number of calendar months of the earlier one (inclusive).

    From 29 February the window ends on 28 February the next year, the last day that month has.
    """
    return earlier <= later <= add_months(earlier, months)


# --- cumulative risk -----------------------------------------------------------------------------------------

INCIDENT = "domestic_abuse_incident"
MARAC = "marac"


def _days(events: Iterable[Occurrence], event_type: str) -> list[tuple[date, Occurrence]]:
    return sorted(((london_date(e.occurred_at), e) for e in events if e.event_type == event_type), key=lambda p: p[0])


def _recent(pairs: list[tuple[date, Occurrence]], today: date | None, months: int) -> list[tuple[date, Occurrence]]:
    """The pairs on or after the start of the window ending today (all of them when no day is given)."""
    if today is None:
        return pairs
    start = add_months(today, -months)
    return [pair for pair in pairs if pair[0] >= start]


def escalation_flag(
    events: Sequence[Occurrence], *, count: int = 3, months: int = 12, today: date | None = None
) -> Flag | None:
    """A third (or later) domestic abuse incident within 12 months: escalation, even if each was graded standard.

    Given today, only a pattern whose incidents all fall in the last 12 months counts: the flag is about now.
    """
    incidents = _recent(_days(events, INCIDENT), today, months)
    best: list[tuple[date, Occurrence]] = []
    for end in range(len(incidents)):
        window = [pair for pair in incidents[: end + 1] if within_months(pair[0], incidents[end][0], months)]
        if len(window) >= count and len(window) >= len(best):
            best = window
    if not best:
        return None
    first, last = best[0][0], best[-1][0]
    return Flag(
        code="escalation",
        title=f"{len(best)} domestic abuse incidents within {months} months",
        detail=f"Incidents from {first:%-d %B %Y} to {last:%-d %B %Y}. Consider a MARAC referral for escalation.",
        event_ids=tuple(pair[1].id for pair in best),
    )


def repeat_after_marac_flag(
    events: Sequence[Occurrence], *, months: int = 12, today: date | None = None
) -> Flag | None:
    """A new domestic abuse incident within 12 months of a MARAC: a repeat case for the MARAC.

    Given today, only an incident in the last 12 months counts.
    """
    maracs = _days(events, MARAC)
    incidents = _recent(_days(events, INCIDENT), today, months)
    for marac_day, marac in reversed(maracs):
        after = [pair for pair in incidents if marac_day < pair[0] and within_months(marac_day, pair[0], months)]
        if after:
            return Flag(
                code="repeat_after_marac",
                title=f"New incident within {months} months of a MARAC",
                detail=f"MARAC on {marac_day:%-d %B %Y}; incident on {after[-1][0]:%-d %B %Y}. Refer back as a repeat.",
                event_ids=(marac.id, *(pair[1].id for pair in after)),
            )
    return None


def unborn_with_harm_flag(*, is_unborn: bool, people_causing_harm: Sequence[str]) -> Flag | None:
    """An unborn child in a household where a person causing harm lives."""
    if not is_unborn or not people_causing_harm:
        return None
    return Flag(
        code="unborn_with_harm",
        title="Unborn child in a household with a person causing harm",
        detail=f"Person causing harm: {', '.join(people_causing_harm)}. Consider a pre-birth assessment early.",
    )


def no_voice_flag(
    *, open_since: date | None, latest_voice_on: date | None, today: date, months: int = 3
) -> Flag | None:
    """A child open to children's social care for the period with no recorded voice in it."""
    if open_since is None:
        return None
    window_start = add_months(today, -months)
    if open_since > window_start:
        return None
    if latest_voice_on is not None and latest_voice_on >= window_start:
        return None
    said = f"last recorded on {latest_voice_on:%-d %B %Y}" if latest_voice_on else "never recorded"
    return Flag(
        code="no_voice",
        title=f"No voice of the child recorded in {months} months",
        detail=f"Open since {open_since:%-d %B %Y}; the child's voice was {said}.",
    )


def agreement_burden_flag(responsible: Sequence[str]) -> Flag | None:
    """A written agreement whose commitments fall only on the adult victim."""
    if not responsible or set(responsible) != {"adult_victim"}:
        return None
    return Flag(
        code="agreement_burden",
        title="Agreement puts every commitment on the adult victim",
        detail="Add what the person causing harm and the agencies will do; the victim cannot carry safety alone.",
    )


# --- unborn children -----------------------------------------------------------------------------------------

TERM_WEEKS = 40


@dataclass(frozen=True)
class UnbornTimeline:
    """Where an unborn child is in the pregnancy, and the dates the partnership's procedures set."""

    gestation_weeks: int
    gestation_days: int
    referral_by: date
    conference_by: date
    referral_overdue: bool
    conference_overdue: bool


def unborn_timeline(
    *,
    expected: date,
    today: date,
    referral_weeks: int,
    conference_weeks: int,
    referred: bool,
    conference_held: bool,
) -> UnbornTimeline:
    """Weeks of gestation from the expected date of birth (40 weeks), and the referral and conference deadlines."""
    conception_start = expected - timedelta(weeks=TERM_WEEKS)
    days = (today - conception_start).days
    referral_by = conception_start + timedelta(weeks=referral_weeks)
    conference_by = conception_start + timedelta(weeks=conference_weeks)
    return UnbornTimeline(
        gestation_weeks=max(days, 0) // 7,
        gestation_days=max(days, 0) % 7,
        referral_by=referral_by,
        conference_by=conference_by,
        referral_overdue=not referred and today > referral_by,
        conference_overdue=not conference_held and today > conference_by,
    )


# --- risk scoring --------------------------------------------------------------------------------------------


def level_for_score(score: int, bands: Sequence[Sequence[Any]]) -> str:
    """The level of a score from the template's bands: the band with the highest lowest-score not above it."""
    ordered = sorted(((int(low), str(level)) for low, level in bands), key=lambda band: band[0])
    if not ordered or score < ordered[0][0]:
        raise ValueError("The template's bands must start at or below every possible score.")
    return [level for low, level in ordered if low <= score][-1]


def final_level(score_level: str, judgement_level: str = "") -> str:
    """Professional judgement may raise the level the score gives, never lower it."""
    if not judgement_level:
        return score_level
    return max(score_level, judgement_level, key=LEVELS.index)


def marac_criteria(
    *,
    score_level: str,
    judgement_level: str,
    incidents_last_12_months: int,
    incident_within_12_months_of_marac: bool,
) -> list[str]:
    """Which MARAC referral criteria are met: visible high risk, professional judgement, escalation, repeat."""
    met = []
    if score_level == "high":
        met.append("visible_high_risk")
    if judgement_level == "high" and score_level != "high":
        met.append("professional_judgement")
    if incidents_last_12_months >= 3:
        met.append("escalation")
    if incident_within_12_months_of_marac:
        met.append("repeat")
    return met


MARAC_CRITERIA_LABELS = {
    "visible_high_risk": "Visible high risk: the score is in the high band",
    "professional_judgement": "Professional judgement: the practitioner judges the risk high",
    "escalation": "Potential escalation: three or more incidents in 12 months",
    "repeat": "Repeat: a new incident within 12 months of the last MARAC",
}


# --- duplicates ----------------------------------------------------------------------------------------------


def same_name(a_first: str, a_last: str, b_first: str, b_last: str) -> bool:
    """Whether two names are the same once case and surrounding spaces are ignored."""
    return (a_first.strip().casefold(), a_last.strip().casefold()) == (
        b_first.strip().casefold(),
        b_last.strip().casefold(),
    )
