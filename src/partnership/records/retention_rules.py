"""When a record passes its retention period, and what a valid period or decision is: pure, no database."""

from __future__ import annotations

from datetime import date, timedelta

from partnership.records.models import Clock, DecisionAction, RecordType

# What each type of record may be counted from.
ALLOWED_CLOCKS: dict[str, tuple[str, ...]] = {
    RecordType.CHILD: (Clock.BIRTH, Clock.OPENED),
    RecordType.NFA_CONTACT: (Clock.DECIDED, Clock.RECEIVED),
    RecordType.SENT_EMAIL: (Clock.SENT,),
}
MAX_PERIOD_YEARS = 100
MAX_KEEP_YEARS = 25


def anniversary(start: date, years: int) -> date:
    """The day `years` years after `start`; a 29 February start falls on 1 March in a year that is not a leap year,
    as a person born on 29 February comes of age in England and Wales."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without one
        return date(start.year + years, 3, 1)


def retention_ends(start: date, years: int) -> date:
    """The first day a record counted from `start` is past its retention period of `years` years."""
    return anniversary(start, years)


def is_past_retention(start: date, years: int, today: date) -> bool:
    """Whether the record is past retention on `today`: from the day the period ends, that day included."""
    return today >= retention_ends(start, years)


def days_past(start: date, years: int, today: date) -> int:
    """How many days the record has been past retention (0 on the day it ends; negative before)."""
    return (today - retention_ends(start, years)).days


def latest_start_past(today: date, years: int) -> date:
    """The latest start date whose record is past retention on `today`: a record is past retention exactly when its
    start is on or before this day, so the database can be asked with one comparison."""
    try:
        candidate = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February and the year `years` back has none
        candidate = date(today.year - years, 2, 28)
    # A 29 February start ends on 1 March; step back while the candidate's period has not yet ended.
    while retention_ends(candidate, years) > today:
        candidate -= timedelta(days=1)
    return candidate


def keep_until(decided_on: date, years: int) -> date:
    """The day a record kept for `years` more years comes back for review, counted from the decision."""
    return anniversary(decided_on, years)


def is_kept(until: date | None, today: date) -> bool:
    """Whether a keep decision still hides the record from the review on `today`."""
    return until is not None and today < until


def period_errors(*, record_type: str, years: int | None, clock: str, reason: str) -> dict[str, list[str]]:
    """What is wrong with a retention period, by field; empty when it is valid."""
    errors: dict[str, list[str]] = {}
    if years is None or not 1 <= years <= MAX_PERIOD_YEARS:
        errors["years"] = [f"Enter a whole number of years from 1 to {MAX_PERIOD_YEARS}"]
    if clock not in ALLOWED_CLOCKS.get(record_type, ()):
        errors["clock"] = ["Choose what the period is counted from, from the choices for this type of record"]
    if not reason.strip():
        errors["reason"] = ["Say why the partnership keeps this type of record for this long"]
    return errors


def decision_errors(*, action: str, keep_years: int | None, reason: str) -> dict[str, list[str]]:
    """What is wrong with a decision on a record past retention, by field; empty when it is valid."""
    errors: dict[str, list[str]] = {}
    if action not in DecisionAction.values:
        errors["action"] = ["Choose whether to keep the record for longer or delete it"]
    if action == DecisionAction.KEEP and (keep_years is None or not 1 <= keep_years <= MAX_KEEP_YEARS):
        errors["keep_years"] = [f"Enter how many more years to keep the record, from 1 to {MAX_KEEP_YEARS}"]
    if not reason.strip():
        errors["reason"] = ["Give the reason for the decision"]
    return errors
