"""The shape of a quarterly report's data: what the snapshot builder produces and every renderer reads.

A published report stores exactly this data as JSON with its SHA-256, beside its renderings, so the
report never changes after publication. Dates are ISO strings; counts are integers.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class PeriodData(TypedDict):
    label: str  # e.g. "2026-Q3"
    starts_on: str
    ends_on: str


class ThemeRow(TypedDict):
    theme: str  # "1. Priority Action – Strategy Meetings"
    red: int
    amber: int
    green: int
    blue: int
    none: int  # superseded: not rated
    total: int
    revised: int  # timescale revised


class ActionLine(TypedDict, total=False):
    reference: str
    title: str
    theme: str
    owner: str
    lead: str  # empty in the Cabinet summary
    brag: str | None  # "red" | "amber" | "green" | "blue" | None
    brag_reason: str
    status: str  # human label, e.g. "In progress"
    due: str
    original_due: str
    mitigation: str
    narrative: str  # the lead's latest update this period
    reason: str  # revision reason
    question: str  # decision needed / challenge
    evidence: list[dict[str, Any]]  # [{"name": str, "kind": "file" | "link", "sha256": str, "url": str}]
    scrutiny: list[str]  # scrutiny or audit activity done this period
    # [{"name": str, "unit": str, "baseline": ..., "target": ..., "values": [{"period": str, "value": ...}]}]; an
    # indicator linked to the action adds "indicator" (its key), "baseline_label", "brag", "brag_reason" and, on each
    # value, "suppressed" (a small number, value None) and "as_of" (the day the figure was computed or entered)
    measures: list[dict[str, Any]]


class ReportData(TypedDict):
    kind: str  # "quarterly" (for the executive) or "cabinet" (short, no personal data)
    title: str
    partnership: str  # e.g. "County Durham"
    inspection: str  # the inspection's title
    period: PeriodData
    previous_period: str | None  # label of the previous published period, if any
    as_at: str  # date the data was taken
    totals: ThemeRow  # theme = "All themes"
    brag_by_theme: list[ThemeRow]
    previous_totals: ThemeRow | None  # totals at the previous published report, for "progress since last quarter"
    updates: dict[str, int]  # {"requested": n, "submitted": n, "missing": n}
    moved: list[ActionLine]  # actions whose rating changed since the previous report (brag = now, question = "was X")
    exceptions: list[ActionLine]  # red and amber, with reason and mitigation
    revised_timescales: list[ActionLine]  # original vs current due date, with the revision reason
    completed: list[ActionLine]  # delivered and impact evidenced, with evidence
    scrutiny_done: list[ActionLine]  # actions with scrutiny or audit reported this period
    success_measures: list[ActionLine]  # actions with their measures (values once the measures issue supplies them)
    decisions_needed: list[ActionLine]  # claims of delivery, proposed revisions, missing updates escalated
    all_ratings: NotRequired[list[dict[str, Any]]]  # every action's rating, to compare with the next report
