"""Writes of risk assessments scored by a configurable template, and of written agreements with who must act."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.access.selectors import current_membership
from partnership.children import risk_selectors, rules, services
from partnership.children.models import (
    AdultRole,
    Answer,
    Child,
    Commitment,
    EventType,
    HouseholdAdult,
    Responsible,
    RiskAnswer,
    RiskAssessment,
    RiskTemplate,
    Significance,
    WrittenAgreement,
)
from partnership.core.clocks import LONDON, london_date
from partnership.core.errors import BusinessRuleError

MARAC_WINDOW_MONTHS = 12
ESCALATION_WINDOW_MONTHS = 12


def _actor_agency(actor: User) -> Agency:
    membership = current_membership(actor)
    if membership is None:
        raise BusinessRuleError("Your account is not in an agency, so you cannot add to a child's record.")
    return membership.agency


def _numbers(numbers: list[int]) -> str:
    """Question numbers as people write them: '3', '3 and 7', '3, 7 and 12'."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _in_household(child: Child, adult: HouseholdAdult) -> bool:
    return child.household_id is not None and adult.household_id == child.household_id


def _incident_counts(*, child: Child, assessed_on: date) -> tuple[int, bool]:
    """Incidents in the 12 calendar months up to the assessment, and whether one followed the latest MARAC within
    12 months of it (events after the assessment day are not counted)."""
    incidents: list[date] = []
    maracs: list[date] = []
    for event in risk_selectors.incident_and_marac_events(child=child):
        day = london_date(event.occurred_at)
        if day > assessed_on:
            continue
        (maracs if event.event_type == EventType.MARAC else incidents).append(day)
    in_window = sum(1 for day in incidents if rules.within_months(day, assessed_on, ESCALATION_WINDOW_MONTHS))
    repeat = False
    if maracs:
        latest = max(maracs)
        repeat = any(latest < day and rules.within_months(latest, day, MARAC_WINDOW_MONTHS) for day in incidents)
    return in_window, repeat


def _event_moment(day: date) -> datetime:
    """The instant a chronology event is placed at for a day: midday in England, or now if that is still to come."""
    return min(datetime.combine(day, time(12, 0), tzinfo=LONDON), timezone.now())


def _criteria_words(criteria: list[str]) -> str:
    return ", ".join(rules.MARAC_CRITERIA_LABELS[code].split(":")[0].lower() for code in criteria)


@transaction.atomic
def risk_assessment_record(
    *,
    actor: User,
    child: Child,
    template: RiskTemplate,
    answers: dict[int, str],
    comments: dict[int, str] | None = None,
    assessed_on: date,
    judgement_level: str = "",
    judgement_reason: str = "",
    adult_victim: HouseholdAdult | None = None,
) -> RiskAssessment:
    """Score a completed risk assessment by its template, apply professional judgement and record the MARAC criteria."""
    comments = comments or {}
    questions = list(template.questions.order_by("number"))  # type: ignore[attr-defined]
    known = {question.number for question in questions}
    errors: dict[str, list[str]] = {}

    missing = [q.number for q in questions if not answers.get(q.number)]
    if missing:
        errors.setdefault("answers", []).append(
            f"Answer every question. Not answered: question{'s' if len(missing) > 1 else ''} {_numbers(missing)}"
        )
    unknown = sorted(number for number in answers if number not in known)
    if unknown:
        errors.setdefault("answers", []).append(
            f"Question{'s' if len(unknown) > 1 else ''} {_numbers(unknown)} {'are' if len(unknown) > 1 else 'is'} "
            "not in this checklist"
        )
    if any(value and value not in Answer.values for value in answers.values()):
        errors.setdefault("answers", []).append("Answer each question with yes, no or not known")
    if any(len(text or "") > 500 for text in comments.values()):
        errors.setdefault("comments", []).append("A comment must be 500 characters or fewer")
    if assessed_on > timezone.localdate():
        errors.setdefault("assessed_on", []).append("The date of the assessment must be today or in the past")
    if adult_victim is not None and (
        not _in_household(child, adult_victim) or adult_victim.role != AdultRole.ADULT_VICTIM
    ):
        errors.setdefault("adult_victim", []).append(
            "Choose an adult of the child's household who is recorded as an adult victim"
        )

    yes = [q for q in questions if answers.get(q.number) == Answer.YES]
    score = sum(q.weight for q in yes)
    try:
        score_level = rules.level_for_score(score, template.bands)
    except ValueError as error:
        raise BusinessRuleError(f"The checklist '{template.name}' is not set up correctly: {error}") from error
    if score_level not in rules.LEVELS:
        raise BusinessRuleError(f"The checklist '{template.name}' uses a level this service does not know.")

    if judgement_level and judgement_level not in rules.LEVELS:
        errors.setdefault("judgement_level", []).append("Choose standard, medium or high, or no judgement")
    elif judgement_level and rules.LEVELS.index(judgement_level) < rules.LEVELS.index(score_level):
        errors.setdefault("judgement_level", []).append(
            "Professional judgement can raise the level the score gives, never lower it"
        )
    if judgement_level and not judgement_reason.strip():
        errors.setdefault("judgement_reason", []).append("Give the reason for your professional judgement")
    if errors:
        raise BusinessRuleError("There is a problem with the risk assessment.", errors=errors)

    incidents, repeat = _incident_counts(child=child, assessed_on=assessed_on)
    criteria = rules.marac_criteria(
        score_level=score_level,
        judgement_level=judgement_level,
        incidents_last_12_months=incidents,
        incident_within_12_months_of_marac=repeat,
    )
    level = rules.final_level(score_level, judgement_level)
    assessment = RiskAssessment(
        child=child,
        template=template,
        adult_victim=adult_victim,
        assessed_on=assessed_on,
        agency=_actor_agency(actor),
        assessed_by=actor,
        score=score,
        score_level=score_level,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason.strip(),
        level=level,
        marac_criteria=criteria,
    )
    assessment._history_user = actor  # type: ignore[attr-defined]
    assessment.save()
    RiskAnswer.objects.bulk_create(
        RiskAnswer(
            assessment=assessment,
            question=question,
            answer=answers[question.number],
            comment=(comments.get(question.number) or "").strip(),
        )
        for question in questions
    )

    score_words = f"{len(yes)} of {len(questions)} yes" + (f", score {score}" if score != len(yes) else "")
    summary = f"{template.name}: {level} ({score_words})."
    if level != score_level:
        summary += f" Professional judgement raised it from {score_level}."
    if criteria:
        summary += f" MARAC referral criteria met: {_criteria_words(criteria)}."
    services.event_add(
        actor=actor,
        child=child,
        occurred_at=_event_moment(assessed_on),
        event_type=EventType.ASSESSMENT,
        summary=summary,
        significance=Significance.SERIOUS if level == "high" else Significance.SIGNIFICANT,
        source_type="risk_assessment",
        source_id=str(assessment.pk),
    )
    return assessment


def _blank(row: dict[str, Any]) -> bool:
    return not any(
        (
            str(row.get("text") or "").strip(),
            row.get("responsible"),
            row.get("responsible_adult"),
            row.get("responsible_agency"),
        )
    )


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    child: Child,
    made_on: date,
    review_on: date | None = None,
    commitments: list[dict[str, Any]],
) -> WrittenAgreement:
    """Record a written agreement and who has agreed to do what; empty rows are ignored."""
    errors: dict[str, list[str]] = {}
    if made_on > timezone.localdate():
        errors["made_on"] = ["The date the agreement was made must be today or in the past"]
    if review_on is not None and review_on <= made_on:
        errors["review_on"] = ["The review date must be after the date the agreement was made"]

    rows = [(index, row) for index, row in enumerate(commitments) if not _blank(row)]
    if not rows:
        errors["commitments"] = ["Add at least one commitment: what will be done and who must do it"]
    for index, row in rows:
        prefix, label = f"commitment_{index}", f"Commitment {index + 1}"
        responsible = row.get("responsible") or ""
        adult: HouseholdAdult | None = row.get("responsible_adult")
        if not str(row.get("text") or "").strip():
            errors[f"{prefix}_text"] = [f"{label}: say what will be done"]
        if responsible not in Responsible.values:
            errors[f"{prefix}_responsible"] = [f"{label}: choose who must do it"]
        elif responsible == Responsible.AGENCY and row.get("responsible_agency") is None:
            errors[f"{prefix}_responsible_agency"] = [f"{label}: choose the agency that must do it"]
        if adult is not None:
            if not _in_household(child, adult):
                errors[f"{prefix}_responsible_adult"] = [f"{label}: choose an adult of the child's household"]
            elif (
                responsible in (Responsible.ADULT_VICTIM, Responsible.PERSON_CAUSING_HARM) and adult.role != responsible
            ):
                errors[f"{prefix}_responsible_adult"] = [
                    f"{label}: {adult} is not recorded in the household as {Responsible(responsible).label.lower()}"
                ]
    if errors:
        raise BusinessRuleError("There is a problem with the written agreement.", errors=errors)

    agreement = WrittenAgreement(
        child=child, made_on=made_on, review_on=review_on, recorded_by=actor, agency=_actor_agency(actor)
    )
    agreement._history_user = actor  # type: ignore[attr-defined]
    agreement.save()
    for _index, row in rows:
        commitment = Commitment(
            agreement=agreement,
            text=str(row["text"]).strip(),
            responsible=row["responsible"],
            responsible_adult=row.get("responsible_adult"),
            responsible_agency=row.get("responsible_agency"),
        )
        commitment._history_user = actor  # type: ignore[attr-defined]
        commitment.save()
    return agreement
