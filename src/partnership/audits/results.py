"""The figures of case file audits: how the moderation graded practice in a round, by section and by agency, and
whether practice improves from round to round. Grades only, never a child; a fixed number of queries per round.

Small numbers: a reader who is not the audit lead, an auditor of the round or of an agency asked for returns in it
sees a round's shares only when at least 5 of its cases were moderated; otherwise "fewer than 5 cases".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from partnership.audits import grade_counts, rules, selectors
from partnership.audits.models import AuditRound, SectionKind
from partnership.audits.rules import GradeCount

FEWEST_SHOWN = 5
FEWER_THAN_5 = "fewer than 5 cases"


def good_or_better_grades(scale: Sequence[str]) -> list[str]:
    """The grades that count as good or better: those at or above the second of the scale (the top two)."""
    return list(scale[:2])


def good_or_better_percent(distribution: Sequence[GradeCount], scale: Sequence[str]) -> float | None:
    """The share of the grades given that are good or better, in per cent, or None when none were given."""
    total = sum(item.count for item in distribution)
    if not total:
        return None
    good = sum(item.count for item in distribution if item.grade in good_or_better_grades(scale))
    return round(100 * good / total, 1)


def _expanded(counts: dict[str, int]) -> list[str]:
    return [grade for grade, count in counts.items() for _ in range(count)]


def percent_text(value: float | None) -> str:
    """A share as the page shows it."""
    return "–" if value is None else f"{value:g}%"


@dataclass(frozen=True)
class Figures:
    """The grades of one group (a section, an agency, a kind of section) on the tool's scale."""

    distribution: list[GradeCount]
    grades: int
    good_percent: float | None
    average: float | None

    @property
    def good_text(self) -> str:
        return percent_text(self.good_percent)


def figures(counts: dict[str, int], scale: Sequence[str]) -> Figures:
    """The distribution, number, good-or-better share and average score of grades counted by grade."""
    grades = _expanded(counts)
    distribution = rules.grade_distribution(grades, scale)
    return Figures(
        distribution=distribution,
        grades=sum(item.count for item in distribution),
        good_percent=good_or_better_percent(distribution, scale),
        average=rules.average_score(grades, scale),
    )


@dataclass(frozen=True)
class SectionResult:
    """The agreed grades of one section of the tool in a round."""

    number: int
    title: str
    kind: str
    kind_label: str
    figures: Figures


@dataclass(frozen=True)
class AgencyResult:
    """An agency's own grades in its returns, and how often the moderation agreed a different grade."""

    agency_id: Any
    name: str
    cases: int
    figures: Figures
    compared: int
    changed: int

    @property
    def shift_percent(self) -> float | None:
        return round(100 * self.changed / self.compared, 1) if self.compared else None

    @property
    def shift_text(self) -> str:
        return percent_text(self.shift_percent)


@dataclass(frozen=True)
class RoundResults:
    """A round's figures as one reader may see them; `shown` is False when small numbers are hidden from them."""

    audit_round: AuditRound
    scale: list[str]
    moderated_cases: int
    shown: bool
    sections: list[SectionResult]
    agencies: list[AgencyResult]

    @property
    def hidden_text(self) -> str:
        return FEWER_THAN_5


def may_show(*, moderated_cases: int, insider: bool) -> bool:
    """Whether a round's shares may be shown to a reader: always to an insider, else from 5 moderated cases."""
    return insider or moderated_cases >= FEWEST_SHOWN


def round_results(*, user: Any, audit_round: AuditRound) -> RoundResults:
    """The agreed grades of each section and each agency's own grades in a round the user may already see."""
    scale = list(audit_round.tool.grade_scale)
    moderated = grade_counts.moderated_case_count(audit_round=audit_round)
    insider = audit_round.pk in grade_counts.insider_round_ids(user=user, rounds=[audit_round])
    by_section: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in grade_counts.moderated_grade_counts(audit_round=audit_round):
        by_section[row["section_id"]][row["grade"]] = row["count"]
    sections = [
        SectionResult(
            number=section.number,
            title=section.title,
            kind=section.kind,
            kind_label=section.get_kind_display(),
            figures=figures(by_section.get(section.pk, {}), scale),
        )
        for section in selectors.tool_sections(tool=audit_round.tool)
    ]
    return RoundResults(
        audit_round=audit_round,
        scale=scale,
        moderated_cases=moderated,
        shown=may_show(moderated_cases=moderated, insider=insider),
        sections=sections,
        agencies=_agencies(audit_round, scale),
    )


def _agencies(audit_round: AuditRound, scale: list[str]) -> list[AgencyResult]:
    names: dict[Any, str] = {}
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    compared: dict[Any, int] = defaultdict(int)
    changed: dict[Any, int] = defaultdict(int)
    for row in grade_counts.return_grade_counts(audit_round=audit_round):
        agency_id = row["agency_return__agency_id"]
        names[agency_id] = row["agency_return__agency__name"]
        counts[agency_id][row["grade"]] = row["count"]
        compared[agency_id] += row["compared"]
        changed[agency_id] += row["changed"]
    cases = grade_counts.returning_case_counts(audit_round=audit_round)
    return [
        AgencyResult(
            agency_id=agency_id,
            name=name,
            cases=cases.get(agency_id, 0),
            figures=figures(counts[agency_id], scale),
            compared=compared[agency_id],
            changed=changed[agency_id],
        )
        for agency_id, name in sorted(names.items(), key=lambda pair: pair[1])
    ]


@dataclass(frozen=True)
class KindFigure:
    """One kind of section in one round of the trend, and the change in points from the previous round."""

    kind: str
    label: str
    figures: Figures | None
    change: float | None

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "–"
        return f"{self.change:+g} points" if self.change else "no change"


@dataclass(frozen=True)
class TrendRow:
    """One completed round in the trend across rounds."""

    audit_round: AuditRound
    moderated_cases: int
    shown: bool
    kinds: list[KindFigure]

    def kind(self, kind: str) -> KindFigure | None:
        return next((item for item in self.kinds if item.kind == kind), None)

    @property
    def overall(self) -> KindFigure | None:
        return self.kind(SectionKind.OVERALL)


def kind_figures(*, rounds: list[AuditRound], user: Any) -> list[TrendRow]:
    """Per kind of section, the good-or-better share and average score of each of the rounds (in the order given),
    with the change from the round before in points; one query per kind of figure, whatever the number of rounds."""
    counts: dict[tuple[Any, str], dict[str, int]] = defaultdict(dict)
    for row in grade_counts.grade_counts_by_kind(rounds=rounds):
        counts[(row["moderation__round_case__round_id"], row["section__kind"])][row["grade"]] = row["count"]
    moderated = grade_counts.moderated_case_counts(rounds=rounds)
    insiders = grade_counts.insider_round_ids(user=user, rounds=rounds)
    trend: list[TrendRow] = []
    previous: dict[str, float | None] = {}
    for audit_round in rounds:
        cases = moderated.get(audit_round.pk, 0)
        shown = may_show(moderated_cases=cases, insider=audit_round.pk in insiders)
        kinds = []
        for kind in SectionKind:
            found = counts.get((audit_round.pk, kind.value))
            result = figures(found, list(audit_round.tool.grade_scale)) if found and shown else None
            now = result.good_percent if result else None
            before = previous.get(kind.value)
            change = round(now - before, 1) if now is not None and before is not None else None
            kinds.append(KindFigure(kind=kind.value, label=kind.label, figures=result, change=change))
            previous[kind.value] = now
        trend.append(TrendRow(audit_round=audit_round, moderated_cases=cases, shown=shown, kinds=kinds))
    return trend


def trend(*, user: Any) -> list[TrendRow]:
    """Every completed round the user may open, oldest first, with its figures per kind of section."""
    return kind_figures(rounds=list(grade_counts.completed_rounds(user=user)), user=user)
