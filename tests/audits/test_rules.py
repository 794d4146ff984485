"""The pure rules of audits: the life of a round, grades and scores, the auditors' window, grading checks."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from partnership.audits import rules
from partnership.audits.models import DEFAULT_GRADE_SCALE, RoundState

ORDER = [RoundState.PLANNING, RoundState.SAMPLING, RoundState.AUDITING, RoundState.MODERATION, RoundState.COMPLETE]


@pytest.mark.parametrize(("current", "target"), list(product(ORDER, ORDER)))
def test_a_round_moves_only_one_step_forward(current: str, target: str) -> None:
    allowed = ORDER.index(target) == ORDER.index(current) + 1
    assert rules.can_move(current, target) is allowed
    assert (rules.transition_problem(current, target) is None) is allowed


def test_a_complete_round_says_it_can_no_longer_change() -> None:
    assert rules.transition_problem(RoundState.COMPLETE, RoundState.PLANNING) == (
        "The round is complete and can no longer change."
    )
    assert "cannot move to complete" in (rules.transition_problem(RoundState.PLANNING, RoundState.COMPLETE) or "")


def test_grades_score_from_four_for_outstanding_to_one_for_inadequate() -> None:
    scores = [rules.grade_score(grade, DEFAULT_GRADE_SCALE) for grade in DEFAULT_GRADE_SCALE]
    assert scores == [4, 3, 2, 1]
    assert rules.grade_score("Good", ["Good", "Not good"]) == 2
    with pytest.raises(ValueError, match="not a grade"):
        rules.grade_score("Excellent", DEFAULT_GRADE_SCALE)


def test_grades_sort_best_first_and_unknown_last() -> None:
    grades = ["Inadequate", "Unknown", "Outstanding", "Requires improvement", "Good"]
    ordered = sorted(grades, key=lambda g: rules.grade_sort_key(g, DEFAULT_GRADE_SCALE))
    assert ordered == ["Outstanding", "Good", "Requires improvement", "Inadequate", "Unknown"]


def test_grade_distribution_counts_each_grade_on_the_scale_in_order() -> None:
    got = rules.grade_distribution(["Good", "Good", "Inadequate", "Made up"], DEFAULT_GRADE_SCALE)
    assert [(row.grade, row.count, row.percent) for row in got] == [
        ("Outstanding", 0, 0.0),
        ("Good", 2, 66.7),
        ("Requires improvement", 0, 0.0),
        ("Inadequate", 1, 33.3),
    ]
    assert all(row.percent == 0.0 for row in rules.grade_distribution([], DEFAULT_GRADE_SCALE))


def test_average_score() -> None:
    assert rules.average_score(["Outstanding", "Inadequate", "Good"], DEFAULT_GRADE_SCALE) == pytest.approx(2.67)
    assert rules.average_score([], DEFAULT_GRADE_SCALE) is None


@pytest.mark.parametrize(
    ("today", "open_"),
    [(date(2026, 3, 31), False), (date(2026, 4, 1), True), (date(2026, 4, 30), True), (date(2026, 5, 1), False)],
)
def test_auditor_access_is_open_from_the_first_to_the_last_day(today: date, open_: bool) -> None:
    assert rules.access_open(starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 30), today=today) is open_


def test_grading_problems_name_every_missing_grade_reason_and_stray_section() -> None:
    errors = rules.grading_problems(
        section_numbers=[1, 2, 3],
        answers={1: ("Good", "Seen"), 2: ("Brilliant", ""), 9: ("Good", "x")},
        scale=DEFAULT_GRADE_SCALE,
        reason_name="rationale",
    )
    assert errors == {
        "section_2_grade": ["Choose a grade from the scale for section 2"],
        "section_2_rationale": ["Give the rationale for the grade of section 2"],
        "section_3_grade": ["Choose a grade for section 3"],
        "section_3_rationale": ["Give the rationale for the grade of section 3"],
        "__all__": ["The tool has no section 9"],
    }
    good = dict.fromkeys((1, 2, 3), ("Good", "Seen"))
    assert (
        rules.grading_problems(section_numbers=[1, 2, 3], answers=good, scale=DEFAULT_GRADE_SCALE, reason_name="x")
        == {}
    )
