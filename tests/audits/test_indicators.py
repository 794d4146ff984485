"""The audit-grade indicators of the measures, checked against a small set of moderated cases counted by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from partnership.access.models import User
from partnership.audits.models import (
    AuditRound,
    AuditTool,
    ChosenBy,
    ModeratedGrade,
    Moderation,
    RoundCase,
    SectionKind,
)
from partnership.core.clocks import LONDON
from partnership.measures.builtin import builtin_definitions
from partnership.measures.rules import period_containing

pytestmark = pytest.mark.django_db

OUT, G, RI, INAD = "Outstanding", "Good", "Requires improvement", "Inadequate"
ORDER = [
    SectionKind.RECOGNITION_OF_RISK,
    SectionKind.ASSESSMENT,
    SectionKind.PLANNING_AND_INTERVENTION,
    SectionKind.JOINT_WORKING,
    SectionKind.VOICE_OF_THE_CHILD,
    SectionKind.IMPACT,
    SectionKind.OVERALL,
]
# The agreed grades of three cases, in the order above, and when they were agreed.
CASES = [
    ("2026-05-10 16:00", [OUT, RI, G, G, INAD, RI, G]),  # 4 of 7 good or better; overall good, voice not
    ("2026-06-30 23:30", [G, G, G, G, G, G, RI]),  # 6 of 7; overall not, voice good (still June in London)
    ("2026-07-02 10:00", [OUT, OUT, OUT, OUT, OUT, OUT, OUT]),  # next quarter: 7 of 7
]
# Hand counts for April to June 2026: (numerator, denominator) for the whole partnership, and by section.
EXPECTED_Q2 = {
    "audits-overall-good-or-better": (1, 2),
    "audits-voice-good-or-better": (1, 2),
    "audits-sections-good-or-better": (10, 14),
}
EXPECTED_Q2_SECTIONS = {
    "recognition_of_risk": (2, 2),
    "assessment": (1, 2),
    "planning_and_intervention": (2, 2),
    "joint_working": (2, 2),
    "voice_of_the_child": (1, 2),
    "impact": (1, 2),
    "overall": (1, 2),
}
EXPECTED_Q3 = {
    "audits-overall-good-or-better": (1, 1),
    "audits-voice-good-or-better": (1, 1),
    "audits-sections-good-or-better": (7, 7),
}


@pytest.fixture
def moderated(audit_round: AuditRound, tool: AuditTool, make_child, lead: User) -> None:
    sections = {section.kind: section for section in tool.sections.all()}
    for when, grades in CASES:
        case = RoundCase.objects.create(round=audit_round, child=make_child(), chosen_by=ChosenBy.RANDOM)
        moderation = Moderation.objects.create(
            round_case=case,
            moderated_by=lead,
            moderated_at=datetime.fromisoformat(when).replace(tzinfo=LONDON),
        )
        for kind, grade in zip(ORDER, grades, strict=True):
            ModeratedGrade.objects.create(moderation=moderation, section=sections[kind], grade=grade, reason="Agreed.")


def audit_definitions() -> dict[str, object]:
    return {definition.key: definition for definition in builtin_definitions() if definition.area == "audits"}


def test_every_audit_indicator_equals_the_hand_count(moderated) -> None:
    definitions = audit_definitions()
    assert set(definitions) == set(EXPECTED_Q2) == set(EXPECTED_Q3)
    now = datetime(2026, 11, 29, 12, 0, tzinfo=LONDON)
    for expected, day in ((EXPECTED_Q2, date(2026, 5, 1)), (EXPECTED_Q3, date(2026, 8, 1))):
        for key, counts in expected.items():
            cells = definitions[key].calculator(period_containing("quarter", day), now)  # type: ignore[attr-defined]
            overall = cells[0]
            assert (overall.breakdown, overall.numerator, overall.denominator) == ("", *counts), key


def test_section_grades_are_broken_down_by_section(moderated) -> None:
    definition = audit_definitions()["audits-sections-good-or-better"]
    cells = definition.calculator(  # type: ignore[attr-defined]
        period_containing("quarter", date(2026, 4, 1)), datetime(2026, 11, 29, tzinfo=LONDON)
    )
    by_section = {cell.key: (cell.numerator, cell.denominator) for cell in cells if cell.breakdown == "section"}
    assert by_section == EXPECTED_Q2_SECTIONS


def test_a_month_with_no_moderation_has_nothing_to_rate(moderated) -> None:
    definition = audit_definitions()["audits-overall-good-or-better"]
    cells = definition.calculator(  # type: ignore[attr-defined]
        period_containing("month", date(2026, 3, 1)), datetime(2026, 11, 29, tzinfo=LONDON)
    )
    assert [(cell.numerator, cell.denominator) for cell in cells] == [(0, 0)]


def test_a_tool_with_its_own_scale_counts_its_two_best_grades(moderated, tool: AuditTool) -> None:
    AuditTool.objects.filter(pk=tool.pk).update(grade_scale=["Strong", "Sound", "Weak"])
    ModeratedGrade.objects.filter(grade=G).update(grade="Sound")
    ModeratedGrade.objects.filter(grade=OUT).update(grade="Strong")
    definition = audit_definitions()["audits-sections-good-or-better"]
    cells = definition.calculator(  # type: ignore[attr-defined]
        period_containing("quarter", date(2026, 4, 1)), datetime(2026, 11, 29, tzinfo=LONDON)
    )
    assert (cells[0].numerator, cells[0].denominator) == (10, 14)


def test_the_number_of_queries_does_not_grow_with_the_audits(moderated, django_assert_max_num_queries) -> None:
    period = period_containing("year", date(2026, 5, 1))
    for definition in audit_definitions().values():
        with django_assert_max_num_queries(3):
            definition.calculator(period, datetime(2026, 11, 29, tzinfo=LONDON))  # type: ignore[attr-defined]
