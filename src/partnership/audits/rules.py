"""Pure rules of case file audits: the life of a round, grades and their scores, and the auditors' window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from partnership.audits.models import RoundState

# The one way a round moves: each state has exactly one next state.
NEXT_STATE: dict[str, str] = {
    RoundState.PLANNING: RoundState.SAMPLING,
    RoundState.SAMPLING: RoundState.AUDITING,
    RoundState.AUDITING: RoundState.MODERATION,
    RoundState.MODERATION: RoundState.COMPLETE,
}

# States in which the sample may still change.
SAMPLE_OPEN_STATES = frozenset({RoundState.PLANNING, RoundState.SAMPLING})


def can_move(current: str, target: str) -> bool:
    """Whether a round in the current state may move to the target state (one step forward, never back)."""
    return NEXT_STATE.get(current) == target


def transition_problem(current: str, target: str) -> str | None:
    """Why a round cannot move from the current state to the target state, or None if it can."""
    if can_move(current, target):
        return None
    labels = dict(RoundState.choices)
    if current == RoundState.COMPLETE:
        return "The round is complete and can no longer change."
    return (
        f"A round that is {labels.get(current, current).lower()} cannot move to {labels.get(target, target).lower()}."
    )


def grade_score(grade: str, scale: Sequence[str]) -> int:
    """The score of a grade on a scale listed best first: the worst grade scores 1, the best the length of the scale."""
    if grade not in scale:
        raise ValueError(f"{grade!r} is not a grade on this scale.")
    return len(scale) - list(scale).index(grade)


def grade_sort_key(grade: str, scale: Sequence[str]) -> int:
    """A key that orders grades best first."""
    return list(scale).index(grade) if grade in scale else len(scale)


@dataclass(frozen=True)
class GradeCount:
    """How many times a grade was given, and what share of all grades that is."""

    grade: str
    count: int
    percent: float


def grade_distribution(grades: Iterable[str], scale: Sequence[str]) -> list[GradeCount]:
    """How many of each grade on the scale, best first, with percentages of the grades given."""
    counts = Counter(grade for grade in grades if grade in scale)
    total = sum(counts.values())
    return [
        GradeCount(grade=grade, count=counts[grade], percent=round(100 * counts[grade] / total, 1) if total else 0.0)
        for grade in scale
    ]


def average_score(grades: Iterable[str], scale: Sequence[str]) -> float | None:
    """The mean score of the grades on the scale, or None when there are none."""
    scores = [grade_score(grade, scale) for grade in grades if grade in scale]
    return round(sum(scores) / len(scores), 2) if scores else None


def access_open(*, starts_on: date, ends_on: date, today: date) -> bool:
    """Whether an auditor's access to the round's records is open on the day (both ends included)."""
    return starts_on <= today <= ends_on


def grading_problems(
    *, section_numbers: Sequence[int], answers: Mapping[int, tuple[str, str]], scale: Sequence[str], reason_name: str
) -> dict[str, list[str]]:
    """Every section left ungraded, graded off the scale, or without its written reason, keyed by form field."""
    errors: dict[str, list[str]] = {}
    for number in section_numbers:
        grade, reason = answers.get(number, ("", ""))
        if not grade:
            errors[f"section_{number}_grade"] = [f"Choose a grade for section {number}"]
        elif grade not in scale:
            errors[f"section_{number}_grade"] = [f"Choose a grade from the scale for section {number}"]
        if not reason.strip():
            errors[f"section_{number}_{reason_name}"] = [f"Give the {reason_name} for the grade of section {number}"]
    unknown = sorted(set(answers) - set(section_numbers))
    if unknown:
        errors["__all__"] = [f"The tool has no section {', '.join(str(n) for n in unknown)}"]
    return errors
