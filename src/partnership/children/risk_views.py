"""Pages of risk assessments from a configurable template, and of written agreements with a family."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.children import risk, risk_selectors, rules, selectors
from partnership.children.models import Child
from partnership.children.risk_forms import AgreementForm, RiskAssessmentForm
from partnership.core.errors import BusinessRuleError
from partnership.frontend.pages import form_page

VOICES_SHOWN = 3


def _child(request: HttpRequest, child_id: Any, purpose: str, permission: str = "children.view_child") -> Child:
    """The child's record if the user may see it and do this (404 otherwise), with the view logged."""
    section_page(request, "children", "children.find_child")
    child = selectors.child_get(user=request.user, child_id=child_id, purpose=purpose)
    require_permission(request, permission, child, object_type="child")
    return child


def _back(child: Child) -> dict[str, Any]:
    return {"back_url": reverse("children:child-detail", kwargs={"child_id": child.pk}), "caption": str(child)}


def _move_error(error: BusinessRuleError, key: str, to: str | None) -> BusinessRuleError:
    """The same error with the messages of one key shown against a field of the form instead."""
    if key not in error.errors or to is None:
        return error
    errors = dict(error.errors)
    errors[to] = [*errors.pop(key), *errors.get(to, [])]
    return BusinessRuleError(error.message, errors=errors)


@login_required
def risk_assessment_create(request: HttpRequest, child_id: str) -> HttpResponse:
    """Complete a risk assessment from a template: every question answered, scored, and professional judgement."""
    child = _child(request, child_id, "Completed a risk assessment", "children.add_to_record")
    templates = list(risk_selectors.templates_active())
    template = risk_selectors.template_for(code=request.GET.get("template", ""))
    questions = list(template.questions.all())  # type: ignore[attr-defined]
    form = RiskAssessmentForm(
        request.POST or None,
        questions=questions,
        victims=risk_selectors.adult_victims(child=child),
        initial={"assessed_on": timezone.localdate(), "judgement_level": ""},
    )

    def save(data: dict[str, Any]) -> Any:
        try:
            return risk.risk_assessment_record(
                actor=signed_in_user(request),
                child=child,
                template=template,
                answers=form.answers(),
                comments=form.comments(),
                assessed_on=data["assessed_on"],
                judgement_level=data["judgement_level"],
                judgement_reason=data["judgement_reason"],
                adult_victim=data.get("adult_victim"),
            )
        except BusinessRuleError as error:
            raise _move_error(error, "answers", form.first_unanswered() or "answer_1") from error

    return form_page(
        request,
        form,
        title=template.name,
        button="Save the assessment",
        save=save,
        done=lambda assessment: (
            reverse("children:risk-detail", kwargs={"child_id": child.pk, "assessment_id": assessment.pk}),
            f"The assessment is saved: {assessment.get_level_display().lower()} risk.",
        ),
        template="children/risk_form.html",
        context={
            **_back(child),
            "child": child,
            "risk_template": template,
            "other_templates": [t for t in templates if t.pk != template.pk],
        },
    )


@login_required
def risk_assessment_detail(request: HttpRequest, child_id: str, assessment_id: str) -> HttpResponse:
    """A risk assessment: score and band, judgement, level, MARAC criteria, every answer and the child's voice."""
    child = _child(request, child_id, "Read a risk assessment")
    assessment = risk_selectors.assessment_get(user=request.user, assessment_id=assessment_id, child=child)
    answers = risk_selectors.assessment_answers(assessment=assessment)
    return render(
        request,
        "children/risk_detail.html",
        {
            "child": child,
            "assessment": assessment,
            "answers": answers,
            "yes_count": sum(1 for a in answers if a.answer == "yes"),
            "criteria": [rules.MARAC_CRITERIA_LABELS.get(code, code) for code in assessment.marac_criteria],
            "voices": list(selectors.voice_entries(child=child)[:VOICES_SHOWN]),
        },
    )


@login_required
def agreement_create(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a written agreement: who, in the family and the agencies, has agreed to do what."""
    child = _child(request, child_id, "Recorded a written agreement", "children.add_to_record")
    form = AgreementForm(
        request.POST or None,
        adults=risk_selectors.household_adults(child=child),
        agencies=risk_selectors.agencies_active(),
        initial={"made_on": timezone.localdate()},
    )

    def save(data: dict[str, Any]) -> Any:
        try:
            return risk.agreement_create(
                actor=signed_in_user(request),
                child=child,
                made_on=data["made_on"],
                review_on=data["review_on"],
                commitments=form.commitments(),
            )
        except BusinessRuleError as error:
            raise _move_error(error, "commitments", "commitment_0_text") from error

    return form_page(
        request,
        form,
        title="Record a written agreement",
        button="Save the agreement",
        save=save,
        done=lambda agreement: (
            reverse("children:agreement-detail", kwargs={"child_id": child.pk, "agreement_id": agreement.pk}),
            "The written agreement is saved.",
        ),
        template="children/agreement_form.html",
        context={**_back(child), "child": child},
    )


@login_required
def agreement_detail(request: HttpRequest, child_id: str, agreement_id: str) -> HttpResponse:
    """A written agreement's commitments, warning when every one falls on the adult victim."""
    child = _child(request, child_id, "Read a written agreement")
    agreement = risk_selectors.agreement_get(user=request.user, agreement_id=agreement_id, child=child)
    commitments = list(agreement.commitments.all())  # type: ignore[attr-defined]
    return render(
        request,
        "children/agreement_detail.html",
        {
            "child": child,
            "agreement": agreement,
            "commitments": commitments,
            "burden": rules.agreement_burden_flag([c.responsible for c in commitments]),
        },
    )
