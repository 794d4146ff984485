"""Pure rules of strategy meetings: the clocks, what a complete record needs, and the measures' arithmetic."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from partnership.core.clocks import add_working_days, working_day_deadline


def convene_due(threshold_at: datetime, *, hours: int) -> datetime:
    """When the meeting must be held by: a duration target, counted in UTC."""
    return threshold_at.astimezone(UTC) + timedelta(hours=hours)


def share_due(completed_at: datetime, *, working_days: int) -> datetime:
    """When the signed-off record must reach every invited agency: working days on the England calendar."""
    return working_day_deadline(completed_at, working_days)


def icpc_due(s47_started_on: date, *, working_days: int = 15) -> date:
    """The last day for the initial child protection conference after the strategy discussion that began the S47."""
    return add_working_days(s47_started_on, working_days)


@dataclass(frozen=True)
class Clock:
    """Where a deadline stands: time left (negative once breached) and whether it was met."""

    due_at: datetime
    done_at: datetime | None
    now: datetime

    @property
    def seconds_left(self) -> float:
        return ((self.done_at or self.now) - self.due_at).total_seconds() * -1

    @property
    def breached(self) -> bool:
        return self.seconds_left < 0

    @property
    def words(self) -> str:
        """Plain words for the clock, e.g. '5 hours 20 minutes left' or 'overdue by 2 hours'."""
        seconds = abs(self.seconds_left)
        hours, minutes = int(seconds // 3600), int(seconds % 3600 // 60)
        span = f"{hours} hour{'s' if hours != 1 else ''} {minutes} minute{'s' if minutes != 1 else ''}"
        if self.done_at is not None:
            return f"met with {span} to spare" if not self.breached else f"late by {span}"
        return f"{span} left" if not self.breached else f"overdue by {span}"


def completion_problems(
    *,
    held_at: datetime | None,
    threshold_at: datetime,
    mode: str,
    information_shared: str,
    risk_analysis: str,
    children: Sequence[Mapping[str, Any]],
    attendees: int,
    actions: int,
) -> dict[str, list[str]]:
    """What stops a meeting's record being signed off, by field; empty when it is complete."""
    problems: dict[str, list[str]] = {}
    if held_at is None:
        problems["held_at"] = ["Enter when the meeting was held"]
    elif held_at < threshold_at:
        problems["held_at"] = ["The meeting cannot be before the threshold was met"]
    if not mode:
        problems["mode"] = ["Say whether it was a meeting or phone calls"]
    if attendees == 0:
        problems["attendees"] = ["Record who attended"]
    if not information_shared.strip():
        problems["information_shared"] = ["Record the information each agency shared"]
    if not risk_analysis.strip():
        problems["risk_analysis"] = ["Write the risk analysis"]
    for child in children:
        name = child["name"]
        if not child.get("s47"):
            problems.setdefault("decisions", []).append(f"Record whether a Section 47 enquiry starts for {name}")
        elif not str(child.get("reason") or "").strip():
            problems.setdefault("decisions", []).append(f"Give the reason for the decisions about {name}")
        if child.get("s47") == "yes" and not child.get("investigation"):
            problems.setdefault("decisions", []).append(f"Say whether the enquiry for {name} is single or joint")
        if not str(child.get("voice") or "").strip():
            problems.setdefault("voice", []).append(f"Record the voice of {name}, or why it could not be heard")
    if actions == 0:
        problems["actions"] = ["Record at least one action with its owner and due date"]
    return problems


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The value below which the given fraction of values fall (nearest-rank), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))  # 0.55 * 100 is 55.00000000000001 in floats
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle values for an even count), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to count."""
    return round(100 * numerator / denominator, 1) if denominator else None
