"""Built-in audit-grade indicators: how the multi-agency moderation of case file audits graded practice.

A moderated case belongs to the period in which its grades were agreed (London days). "Good or better" means one
of the two best grades of the tool's scale (Outstanding or Good on the default scale). Every calculator aggregates
in SQL: a fixed number of queries whatever the number of audits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q

from partnership.audits.models import SectionKind
from partnership.audits.selectors import grade_scales_for_indicators, moderated_grades_for_indicators
from partnership.measures.definitions import OVERALL, Cell, Definition
from partnership.measures.rules import Period

AREA = "audits"
KIND = "section__kind"


def _good_or_better() -> set[str]:
    """The two best grades of every tool's scale."""
    return {grade for scale in grade_scales_for_indicators() for grade in scale[:2]}


def _agreed_in(period: Period) -> Q:
    start, end = period.instants
    return Q(moderation__moderated_at__gte=start, moderation__moderated_at__lt=end)


def _share_good(scope: Any, label: str, *, by_section: bool) -> list[Cell]:
    good = Q(grade__in=_good_or_better())
    totals = scope.aggregate(whole=Count("pk"), part=Count("pk", filter=good))
    cells = [Cell(OVERALL, "", label, totals["part"], totals["whole"])]
    if by_section:
        rows = {row[KIND]: row for row in scope.values(KIND).annotate(whole=Count("pk"), part=Count("pk", filter=good))}
        cells += [
            Cell("section", kind.value, kind.label, row["part"], row["whole"])
            for kind in SectionKind
            if (row := rows.get(kind.value)) is not None
        ]
    return cells


def grades_good_or_better(period: Period, now: datetime) -> list[Cell]:
    """Every section grade agreed at moderation in the period; by section."""
    scope = moderated_grades_for_indicators().filter(_agreed_in(period))
    return _share_good(scope, "All sections", by_section=True)


def overall_good_or_better(period: Period, now: datetime) -> list[Cell]:
    """The overall grade of each case moderated in the period."""
    scope = moderated_grades_for_indicators().filter(_agreed_in(period), section__kind=SectionKind.OVERALL)
    return _share_good(scope, "Overall grade", by_section=False)


def voice_good_or_better(period: Period, now: datetime) -> list[Cell]:
    """The voice of the child grade of each case moderated in the period."""
    scope = moderated_grades_for_indicators().filter(_agreed_in(period), section__kind=SectionKind.VOICE_OF_THE_CHILD)
    return _share_good(scope, "Voice of the child", by_section=False)


def _definition(**fields: Any) -> Definition:
    return Definition(source="computed", area=AREA, unit="percent", polarity="higher", **fields)


DEFINITIONS: list[Definition] = [
    _definition(
        key="audits-overall-good-or-better",
        name="Audited cases graded good or better overall",
        description=(
            "Of the cases whose multi-agency moderation agreed their grades in the period, the share whose overall "
            "grade was good or better: the audit's own judgement of whether practice changed."
        ),
        numerator="Moderated cases graded good or better overall",
        denominator="Cases moderated in the period",
        calculator=overall_good_or_better,
        display_order=410,
    ),
    _definition(
        key="audits-voice-good-or-better",
        name="Audited cases with the child's voice graded good or better",
        description=(
            "Of the cases moderated in the period, the share whose voice of the child section was graded good or "
            "better: whether the child's words, wishes and experience shaped the work."
        ),
        numerator="Moderated cases with the voice of the child graded good or better",
        denominator="Cases moderated in the period",
        calculator=voice_good_or_better,
        display_order=420,
    ),
    _definition(
        key="audits-sections-good-or-better",
        name="Audit section grades good or better",
        description=(
            "Of every section grade agreed at moderation in the period (recognition of risk, assessment, planning, "
            "joint working, voice of the child, impact and overall), the share that was good or better; by section."
        ),
        numerator="Section grades agreed as good or better",
        denominator="Section grades agreed in the period",
        calculator=grades_good_or_better,
        breakdowns=("section",),
        display_order=430,
    ),
]
