"""Pure rules of the front door: the clocks, the suggested level of need, and what makes a decision joint."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from partnership.core.clocks import add_working_hours, working_day_deadline

UNITS = {"clock", "working"}


def parse_deadlines(text: str) -> dict[str, tuple[float, str]]:
    """Read the research deadlines setting, e.g. 'red:4:clock,amber:24:working,green:72:clock'."""
    deadlines: dict[str, tuple[float, str]] = {}
    for part in text.split(","):
        priority, hours, unit = (piece.strip() for piece in part.split(":"))
        if unit not in UNITS:
            raise ValueError(f"A research deadline is counted in clock or working hours, not {unit!r}.")
        deadlines[priority] = (float(hours), unit)
    return deadlines


def decision_due(received_at: datetime, *, working_days: int) -> datetime:
    """When the decision on next steps is due: working days on the England calendar after the contact."""
    return working_day_deadline(received_at, working_days)


def research_due(opened_at: datetime, priority: str, *, deadlines: Mapping[str, tuple[float, str]]) -> datetime:
    """When an agency's research is due: clock hours (red may run through the night) or working hours."""
    hours, unit = deadlines[priority]
    if unit == "clock":
        return opened_at.astimezone(UTC) + timedelta(hours=hours)  # real hours, whatever the clocks do
    return add_working_hours(opened_at, hours)


HIGH_FLAGS = frozenset({"escalation", "repeat_after_marac", "unborn_with_harm"})


def suggested_level(*, risk_level: str, flag_codes: Iterable[str]) -> int | None:
    """The lowest level of need the evidence suggests: a high risk or a serious flag suggests level 3 or more."""
    codes = set(flag_codes)
    if risk_level == "high" or codes & HIGH_FLAGS:
        return 3
    if risk_level == "medium" or codes:
        return 2
    return None


def needs_confirmation(*, level: int | None, suggested: int | None) -> bool:
    """A decision below the suggested level needs a manager's confirmation with a reason."""
    return level is not None and suggested is not None and level < suggested


def is_joint(agency_ids: Iterable[object]) -> bool:
    """A decision is joint when at least two agencies took part in it."""
    return len(set(agency_ids)) >= 2
