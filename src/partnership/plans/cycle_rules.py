"""Pure rules of the quarterly cycle: quarters, reminder days, what an update must hold, the review agenda."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import PurePath

from partnership.plans.models import Brag, DeliveryStatus, UpdateState
from partnership.plans.rules import add_months

QUARTER_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")

# File types accepted as evidence: documents, spreadsheets, presentations, images and plain data.
EVIDENCE_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".csv",
        ".txt",
        ".png",
        ".jpg",
        ".jpeg",
        ".msg",
        ".eml",
    }
)


def quarter_label(day: date) -> str:
    """The calendar quarter containing the day, as 2019-Q1."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(label: str) -> tuple[date, date]:
    """The first and last day of a quarter named like 2019-Q1."""
    match = QUARTER_LABEL.match(label)
    if not match:
        raise ValueError(f"A quarter is written like 2019-Q1, not {label!r}.")
    year, quarter = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def reminder_kind(*, today: date, deadline: date, days_before: tuple[int, ...], days_after: tuple[int, ...]) -> str:
    """'before' or 'after' when today is a reminder day for the deadline, else ''."""
    if (deadline - today).days in days_before:
        return "before"
    if (today - deadline).days in days_after:
        return "after"
    return ""


def update_problems(
    *,
    narrative: str,
    proposed_brag: str,
    brag_reason: str,
    proposed_due_date: date | None,
    revision_reason: str,
    proposed_status: str,
    submitting: bool,
) -> dict[str, list[str]]:
    """What is missing or wrong in a progress update; empty when it may be saved (or submitted)."""
    problems: dict[str, list[str]] = {}
    if submitting and not narrative.strip():
        problems["narrative"] = ["Describe what happened this quarter"]
    if proposed_brag in {Brag.RED, Brag.AMBER} and not brag_reason.strip():
        problems["brag_reason"] = ["Give the reason for a red or amber rating"]
    if proposed_brag == Brag.BLUE:
        problems["proposed_brag"] = ["Only the executive can confirm impact (blue)"]
    if proposed_due_date is not None and not revision_reason.strip():
        problems["proposed_revision_reason"] = ["Give the reason for asking for a new due date"]
    if proposed_status in {DeliveryStatus.IMPACT_EVIDENCED, DeliveryStatus.SUPERSEDED}:
        problems["proposed_status"] = ["Only the executive can confirm impact or supersede an action"]
    return problems


def agenda_reasons(
    *, rating: str | None, update_state: str | None, proposed_due_date: date | None, proposed_status: str
) -> list[str]:
    """Why an action belongs on the executive's agenda; empty when it does not."""
    reasons: list[str] = []
    if rating == Brag.RED:
        reasons.append("Red")
    elif rating == Brag.AMBER:
        reasons.append("Amber")
    if update_state in {UpdateState.REQUESTED, UpdateState.DRAFT, UpdateState.RETURNED}:
        reasons.append("Update missing")
    if proposed_due_date is not None:
        reasons.append("Revision proposed")
    if proposed_status == DeliveryStatus.DELIVERED:
        reasons.append("Claimed delivered")
    return reasons


def evidence_file_problem(*, name: str, size: int, max_bytes: int) -> str:
    """Why an uploaded evidence file is refused, or '' when it is acceptable."""
    if size <= 0:
        return "The file is empty"
    if size > max_bytes:
        return f"The file must be smaller than {max_bytes // (1024 * 1024)} MB"
    if PurePath(name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        return "The file must be a PDF, Word, Excel, PowerPoint, CSV, text, e-mail or image file"
    return ""
