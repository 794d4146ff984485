"""Every write of an audit round's life and its tools: planning, the sample, auditors, opening and completion."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import User
from partnership.audits import rules, sampling, selectors
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ChosenBy,
    ReturnState,
    RoundAuditor,
    RoundCase,
    RoundState,
    ToolQuestion,
    ToolSection,
)
from partnership.audits.tools import DOMESTIC_ABUSE_TOOL, ToolTemplate
from partnership.children.models import Child
from partnership.core.errors import BusinessRuleError
from partnership.core.versioning import save_if_current

Grades = dict[int, tuple[str, str]]


def _move(*, actor: User, audit_round: AuditRound, target: str, expected_version: int, fields: list[str]) -> None:
    problem = rules.transition_problem(audit_round.state, target)
    if problem:
        raise BusinessRuleError(problem, field="state")
    audit_round.state = target
    audit_round._history_user = actor  # type: ignore[attr-defined]
    save_if_current(audit_round, expected_version=expected_version, fields=["state", *fields])


def _check_sample_open(audit_round: AuditRound) -> None:
    if audit_round.state not in rules.SAMPLE_OPEN_STATES:
        raise BusinessRuleError("The sample is fixed once the round has opened for auditing.", field="sample")


@transaction.atomic
def tool_create_from_template(
    *, actor: User | None, template: ToolTemplate = DOMESTIC_ABUSE_TOOL, grade_scale: list[str] | None = None
) -> AuditTool:
    """Store a tool template as the new current version of its tool; rounds keep the version they used."""
    scale = [grade.strip() for grade in (grade_scale or list(template.grade_scale)) if grade.strip()]
    if len(scale) < 2 or len(set(scale)) != len(scale):
        raise BusinessRuleError("A grade scale needs at least two different grades, best first.", field="grade_scale")
    previous = AuditTool.objects.filter(name=template.name).order_by("-version_number").first()
    for older in AuditTool.objects.filter(name=template.name, is_current=True):
        older.is_current = False
        older._history_user = actor  # type: ignore[attr-defined]
        older.save(update_fields=["is_current", "updated_at"])
    tool = AuditTool(
        name=template.name,
        version_number=(previous.version_number + 1) if previous else 1,
        description=template.description,
        grade_scale=scale,
        created_by=actor,
    )
    tool._history_user = actor  # type: ignore[attr-defined]
    tool.save()
    for section in template.sections:
        stored = ToolSection.objects.create(tool=tool, number=section.number, title=section.title, kind=section.kind)
        ToolQuestion.objects.bulk_create(
            ToolQuestion(section=stored, number=q.number, text=q.text, guidance=q.guidance) for q in section.questions
        )
    return tool


@transaction.atomic
def round_create(
    *,
    actor: User,
    title: str,
    theme: str,
    tool: AuditTool,
    starts_on: date,
    ends_on: date,
    sample_criteria: dict[str, Any] | None = None,
    sample_size: int = 0,
) -> AuditRound:
    """Plan a round of audits on a theme with a tool, and the window in which its auditors may open the records."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Give the round a title"]
    if not theme.strip():
        errors["theme"] = ["Say what the round is about, for example domestic abuse"]
    if ends_on < starts_on:
        errors["ends_on"] = ["The round must end on or after the day it starts"]
    if not AuditTool.objects.filter(pk=tool.pk, is_current=True).exists():
        errors["tool"] = ["Choose the current version of the tool"]
    if sample_size < 0:
        errors["sample_size"] = ["The sample size cannot be negative"]
    if errors:
        raise BusinessRuleError("There is a problem with the round.", errors=errors)
    audit_round = AuditRound(
        title=title.strip(),
        theme=theme.strip(),
        tool=tool,
        starts_on=starts_on,
        ends_on=ends_on,
        sample_criteria=sample_criteria or {},
        sample_size=sample_size,
        created_by=actor,
    )
    audit_round._history_user = actor  # type: ignore[attr-defined]
    audit_round.save()
    return audit_round


@transaction.atomic
def round_draw_sample(
    *,
    actor: User,
    audit_round: AuditRound,
    expected_version: int,
    size: int,
    seed: int | None = None,
    criteria: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> list[RoundCase]:
    """Draw (or redraw) the round's random sample from the children meeting its criteria, stratified by front door
    outcome; the seed is stored so the same sample can be drawn again. Cases chosen by hand are kept."""
    _check_sample_open(audit_round)
    if size < 1:
        raise BusinessRuleError("Draw a sample of at least one case.", field="size")
    criteria = dict(criteria if criteria is not None else audit_round.sample_criteria)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    by_hand = set(audit_round.cases.filter(chosen_by=ChosenBy.BY_HAND).values_list("child_id", flat=True))
    candidates = [pair for pair in selectors.sample_candidates(criteria, now=now) if pair[0] not in by_hand]
    if not candidates:
        raise BusinessRuleError("No children meet the criteria of the sample.", field="criteria")
    audit_round.cases.filter(chosen_by=ChosenBy.RANDOM).delete()
    drawn = sampling.draw_sample(candidates, size, seed)
    cases = [
        RoundCase(round=audit_round, child_id=child_id, chosen_by=ChosenBy.RANDOM, stratum=stratum)
        for child_id, stratum in drawn
    ]
    for case in cases:
        case._history_user = actor  # type: ignore[attr-defined]
        case.save()
    audit_round.seed, audit_round.sample_size, audit_round.sample_criteria = seed, size, criteria
    fields = ["seed", "sample_size", "sample_criteria"]
    if audit_round.state == RoundState.PLANNING:
        _move(
            actor=actor,
            audit_round=audit_round,
            target=RoundState.SAMPLING,
            expected_version=expected_version,
            fields=fields,
        )
    else:
        audit_round._history_user = actor  # type: ignore[attr-defined]
        save_if_current(audit_round, expected_version=expected_version, fields=fields)
    return cases


@transaction.atomic
def round_add_case_by_hand(*, actor: User, audit_round: AuditRound, child: Child, stratum: str = "") -> RoundCase:
    """Add a child's case to the round's sample by hand."""
    _check_sample_open(audit_round)
    if child.merged_into_id is not None:
        raise BusinessRuleError("This record was merged into another; choose the record it was kept in.", field="child")
    if audit_round.cases.filter(child=child).exists():
        raise BusinessRuleError("The child is already in the sample.", field="child")
    case = RoundCase(
        round=audit_round, child=child, chosen_by=ChosenBy.BY_HAND, stratum=stratum.strip() or "Chosen by hand"
    )
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    if audit_round.state == RoundState.PLANNING:
        audit_round.state = RoundState.SAMPLING
        audit_round._history_user = actor  # type: ignore[attr-defined]
        save_if_current(audit_round, expected_version=audit_round.version, fields=["state"])
    return case


@transaction.atomic
def round_add_auditor(
    *, actor: User, audit_round: AuditRound, user: User, is_independent: bool = False
) -> RoundAuditor:
    """Make a person an auditor of the round: they may open its sampled children while its window is open."""
    if audit_round.state == RoundState.COMPLETE:
        raise BusinessRuleError("The round is complete and can no longer change.", field="user")
    if not user.is_active:
        raise BusinessRuleError("The person's account is disabled.", field="user")
    if audit_round.auditors.filter(user=user).exists():
        raise BusinessRuleError("The person is already an auditor of this round.", field="user")
    auditor = RoundAuditor(round=audit_round, user=user, is_independent=is_independent)
    auditor._history_user = actor  # type: ignore[attr-defined]
    auditor.save()
    return auditor


@transaction.atomic
def round_open(*, actor: User, audit_round: AuditRound, expected_version: int) -> list[AgencyReturn]:
    """Open the round for auditing: ask every agency involved in each sampled case to audit its own records."""
    cases = list(audit_round.cases.all())
    if audit_round.state in rules.SAMPLE_OPEN_STATES and not cases:
        raise BusinessRuleError("Draw the sample or choose cases before opening the round.", field="sample")
    months = int(audit_round.sample_criteria.get("months") or selectors.DEFAULT_MONTHS)
    since = audit_round.starts_on - timedelta(days=round(months * 365.25 / 12))
    _move(
        actor=actor, audit_round=audit_round, target=RoundState.AUDITING, expected_version=expected_version, fields=[]
    )
    involved = selectors.involved_agency_ids(
        child_ids=[case.child_id for case in cases], since=since, until=audit_round.ends_on
    )
    created = []
    for case in cases:
        for agency_id in sorted(involved[case.child_id], key=str):
            agency_return = AgencyReturn(round_case=case, agency_id=agency_id)
            agency_return._history_user = actor  # type: ignore[attr-defined]
            agency_return.save()
            created.append(agency_return)
    return created


@transaction.atomic
def round_begin_moderation(*, actor: User, audit_round: AuditRound, expected_version: int) -> AuditRound:
    """Move the round to multi-agency moderation once every agency has submitted its return."""
    waiting = AgencyReturn.objects.filter(round_case__round=audit_round).exclude(state=ReturnState.SUBMITTED)
    if audit_round.state == RoundState.AUDITING and waiting.exists():
        raise BusinessRuleError(f"{waiting.count()} agency returns are still to be submitted.", field="state")
    _move(
        actor=actor, audit_round=audit_round, target=RoundState.MODERATION, expected_version=expected_version, fields=[]
    )
    return audit_round


@transaction.atomic
def round_complete(
    *, actor: User, audit_round: AuditRound, expected_version: int, now: datetime | None = None
) -> AuditRound:
    """Close the round once every case has agreed grades; its auditors' access ends with it."""
    if audit_round.state == RoundState.MODERATION:
        missing = audit_round.cases.filter(moderation__isnull=True).count()
        if missing:
            raise BusinessRuleError(f"{missing} cases still need agreed grades.", field="state")
    audit_round.completed_at = now or timezone.now()
    _move(
        actor=actor,
        audit_round=audit_round,
        target=RoundState.COMPLETE,
        expected_version=expected_version,
        fields=["completed_at"],
    )
    return audit_round


@transaction.atomic
def round_update(
    *,
    actor: User,
    audit_round: AuditRound,
    expected_version: int,
    title: str | None = None,
    theme: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> AuditRound:
    """Change a round's title, theme or access window, as the audit lead, unless the round is complete."""
    if audit_round.state == RoundState.COMPLETE:
        raise BusinessRuleError("The round is complete and can no longer change.")
    title = audit_round.title if title is None else title.strip()
    theme = audit_round.theme if theme is None else theme.strip()
    starts_on = starts_on or audit_round.starts_on
    ends_on = ends_on or audit_round.ends_on
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Give the round a title"]
    if not theme:
        errors["theme"] = ["Say what the round is about, for example domestic abuse"]
    if ends_on < starts_on:
        errors["ends_on"] = ["The round must end on or after the day it starts"]
    if errors:
        raise BusinessRuleError("There is a problem with the round.", errors=errors)
    audit_round.title, audit_round.theme, audit_round.starts_on, audit_round.ends_on = title, theme, starts_on, ends_on
    audit_round._history_user = actor  # type: ignore[attr-defined]
    save_if_current(audit_round, expected_version=expected_version, fields=["title", "theme", "starts_on", "ends_on"])
    return audit_round
