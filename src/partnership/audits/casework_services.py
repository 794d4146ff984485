"""The casework of an audit round: agency returns and who completes them, moderation, and recommendations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.access.selectors import agency_ids_of
from partnership.audits import rules
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    AuditTool,
    ModeratedGrade,
    Moderation,
    Recommendation,
    ReturnState,
    RoundCase,
    RoundState,
    SectionGrade,
    ToolSection,
)
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.plans import services as plans_services
from partnership.plans.models import Action, Theme

Grades = dict[int, tuple[str, str]]

# A return may be assigned until the round moves to moderation.
ASSIGNABLE_STATES = frozenset({RoundState.PLANNING, RoundState.SAMPLING, RoundState.AUDITING})


def _check_grades(*, tool: AuditTool, grades: Grades, reason_name: str) -> list[ToolSection]:
    sections = list(tool.sections.order_by("number"))
    errors = rules.grading_problems(
        section_numbers=[s.number for s in sections], answers=grades, scale=tool.grade_scale, reason_name=reason_name
    )
    if errors:
        raise BusinessRuleError("Grade every section of the tool and give your reasons.", errors=errors)
    return sections


def _grades_write(
    *,
    actor: User,
    rows: QuerySet[Any],
    sections: list[ToolSection],
    grades: Grades,
    make: Callable[[ToolSection], Any],
    reason_field: str,
) -> None:
    """Write one grade and its reason per section, changing the rows already there (read in one query), with
    history by the actor."""
    existing = {row.section_id: row for row in rows}
    for section in sections:
        grade, reason = grades[section.number]
        row = existing.get(section.pk) or make(section)
        row.grade = grade
        setattr(row, reason_field, reason.strip())
        row._history_user = actor
        row.save()


@transaction.atomic
def return_submit(
    *, actor: User, agency_return: AgencyReturn, expected_version: int, grades: Grades, now: datetime | None = None
) -> AgencyReturn:
    """Submit an agency's audit of its own records: every section graded with a rationale, by someone of that
    agency or the auditor the return is assigned to."""
    audit_round = agency_return.round_case.round
    if agency_return.agency_id not in agency_ids_of(actor) and agency_return.assigned_to_id != actor.pk:
        raise BusinessRuleError("Only the agency's own staff or the assigned auditor can submit this return.")
    if audit_round.state != RoundState.AUDITING:
        raise BusinessRuleError("Returns can be submitted only while the round is auditing.")
    sections = _check_grades(tool=audit_round.tool, grades=grades, reason_name="rationale")
    agency_return.state = ReturnState.SUBMITTED
    agency_return.submitted_at = now or timezone.now()
    agency_return.submitted_by = actor
    agency_return._history_user = actor  # type: ignore[attr-defined]
    save_if_current(agency_return, expected_version=expected_version, fields=["state", "submitted_at", "submitted_by"])
    _grades_write(
        actor=actor,
        rows=SectionGrade.objects.filter(agency_return=agency_return),
        sections=sections,
        grades=grades,
        make=lambda section: SectionGrade(agency_return=agency_return, section=section),
        reason_field="rationale",
    )
    return agency_return


@transaction.atomic
def moderation_record(
    *,
    actor: User,
    round_case: RoundCase,
    grades: Grades,
    learning: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Moderation:
    """Record the grades the moderation agreed for each section of a case, with reasons, and what was learned;
    changing an earlier record needs the version that was read."""
    audit_round = round_case.round
    if audit_round.state != RoundState.MODERATION:
        raise BusinessRuleError("Grades can be agreed only while the round is in moderation.")
    sections = _check_grades(tool=audit_round.tool, grades=grades, reason_name="reason")
    moderation = Moderation.objects.filter(round_case=round_case).first()
    if moderation is None:
        moderation = Moderation(round_case=round_case, learning=learning.strip(), moderated_by=actor)
        moderation.moderated_at = now or timezone.now()
        moderation._history_user = actor  # type: ignore[attr-defined]
        moderation.save()
    else:
        if expected_version is None:
            raise BusinessRuleError("The case was moderated already; open it again to change the agreed grades.")
        moderation.learning, moderation.moderated_by = learning.strip(), actor
        moderation.moderated_at = now or timezone.now()
        moderation._history_user = actor  # type: ignore[attr-defined]
        save_if_current(
            moderation, expected_version=expected_version, fields=["learning", "moderated_by", "moderated_at"]
        )
    _grades_write(
        actor=actor,
        rows=ModeratedGrade.objects.filter(moderation=moderation),
        sections=sections,
        grades=grades,
        make=lambda section: ModeratedGrade(moderation=moderation, section=section),
        reason_field="reason",
    )
    return moderation


@transaction.atomic
def recommendation_add(
    *, actor: User, audit_round: AuditRound, text: str, owner_agency: Agency, round_case: RoundCase | None = None
) -> Recommendation:
    """Record what the round recommends should change, and the agency that owns it."""
    if audit_round.state not in (RoundState.MODERATION, RoundState.COMPLETE):
        raise BusinessRuleError("Recommendations come from the moderation of the round.")
    if not text.strip():
        raise BusinessRuleError("Say what should change.", field="text")
    if round_case is not None and round_case.round_id != audit_round.pk:
        raise BusinessRuleError("The case belongs to another round.", field="round_case")
    recommendation = Recommendation(
        round=audit_round, round_case=round_case, text=text.strip(), owner_agency=owner_agency, created_by=actor
    )
    recommendation._history_user = actor  # type: ignore[attr-defined]
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_to_action(
    *,
    actor: User,
    recommendation: Recommendation,
    expected_version: int,
    theme: Theme,
    reference: str,
    timescale_months: int,
    expected_impact: str,
    title: str = "",
) -> Action:
    """Make a recommendation an action in the plan, owned by the same agency, and link the two."""
    if recommendation.plan_action_id is not None:
        raise BusinessRuleError("The recommendation is already an action in the plan.")
    audit_round = recommendation.round
    action = plans_services.action_create(
        inspection=theme.inspection,
        theme=theme,
        reference=reference.strip(),
        title=(title.strip() or recommendation.text)[:300],
        description=f"From the case file audit round '{audit_round.title}': {recommendation.text}",
        timescale_months=timescale_months,
        expected_impact=expected_impact,
        owner_agency=recommendation.owner_agency,
        success_measures="A later audit round on the same theme shows better grades.",
    )
    recommendation.plan_action = action
    recommendation._history_user = actor  # type: ignore[attr-defined]
    save_if_current(recommendation, expected_version=expected_version, fields=["plan_action"])
    return action


@transaction.atomic
def return_assign(*, actor: User, agency_return: AgencyReturn, expected_version: int, assignee: User) -> AgencyReturn:
    """Assign an agency's return to a named auditor of the round or member of that agency, and e-mail them (the
    e-mail names no child)."""
    audit_round = agency_return.round_case.round
    if not actor.has_perm("audits.manage_rounds") and agency_return.agency_id not in agency_ids_of(actor):
        raise BusinessRuleError("Only the audit lead or the agency's own staff can assign this return.")
    if audit_round.state not in ASSIGNABLE_STATES:
        raise BusinessRuleError("Returns can be assigned only until the round moves to moderation.")
    if not assignee.is_active:
        raise BusinessRuleError("The person's account is disabled.", field="assignee")
    is_auditor = audit_round.auditors.filter(user=assignee).exists()
    if not is_auditor and agency_return.agency_id not in agency_ids_of(assignee):
        raise BusinessRuleError(
            "Choose an auditor of the round or a member of the agency asked for the return.", field="assignee"
        )
    agency_return.assigned_to = assignee
    agency_return._history_user = actor  # type: ignore[attr-defined]
    save_if_current(agency_return, expected_version=expected_version, fields=["assigned_to"])
    if assignee.email:
        link = django_settings.PARTNERSHIP_BASE_URL + reverse(
            "audits:return-detail", kwargs={"return_id": agency_return.pk}
        )
        outbox_enqueue(
            kind="audit-return-assigned",
            dedupe_key=f"audit-return-assigned:{agency_return.pk}:{assignee.pk}:{agency_return.version}",
            to_address=assignee.email,
            recipient=assignee,
            subject=f"Case file audit: a return for {agency_return.agency.name} is assigned to you",
            body=(
                f"You are asked to complete {agency_return.agency.name}'s return for one case of the audit round "
                f"'{audit_round.title}'. Sign in to read the case and grade each section of the tool: {link}\n"
            ),
        )
    return agency_return
