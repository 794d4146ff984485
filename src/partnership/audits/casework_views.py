"""Pages of the audit casework: agency returns, a case and the auditor's view of its record, moderation, and the
recommendations that become plan actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access import selectors as access_selectors
from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.access.models import AccessEvent
from partnership.audits import casework_services, selectors, tables
from partnership.audits.casework_forms import (
    ActionForm,
    AssignForm,
    GradesForm,
    ModerationForm,
    RecommendationForm,
    ReturnForm,
)
from partnership.audits.models import AgencyReturn, ReturnState, RoundCase, RoundState
from partnership.children import selectors as children_selectors
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.frontend.pages import STALE_MESSAGE, form_page
from partnership.plans import selectors as plans_selectors
from partnership.plans.models import Theme


def _audits(request: HttpRequest) -> None:
    section_page(request, "audits", "audits.view_rounds")


def _add_errors(form: Any, error: BusinessRuleError) -> None:
    for field, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _may_open_record(request: HttpRequest, case: RoundCase) -> bool:
    """Whether the user audits the case's round while its window is open, and so may open the child's record."""
    return case.child_id in selectors.auditable_child_ids(request.user, timezone.localdate())


# Returns


@login_required
def return_list(request: HttpRequest) -> HttpResponse:
    """The returns asked of the user's agencies or assigned to them, those still to submit first."""
    _audits(request)
    returns = sorted(
        selectors.returns_for(user=request.user, open_only=False),
        key=lambda r: (r.state != ReturnState.REQUESTED, r.round_case.round.title, r.agency.name, str(r.pk)),
    )
    access_event_record(
        user=request.user,
        action=AccessEvent.Action.LIST,
        object_type="audit_return",
        purpose="Listed the case file audit returns asked of them",
    )
    return tables.return_list_download(request, returns) or render(
        request, "audits/return_list.html", {"returns": returns}
    )


def _return_page(request: HttpRequest, agency_return: AgencyReturn, form: ReturnForm) -> HttpResponse:
    case = agency_return.round_case
    audit_round = case.round
    can_submit = audit_round.state == RoundState.AUDITING and request.user.has_perm(
        "audits.submit_return", agency_return
    )
    return render(
        request,
        "audits/return_detail.html",
        {
            "agency_return": agency_return,
            "case": case,
            "child": case.child,
            "audit_round": audit_round,
            "grades": list(selectors.return_grades(agency_return=agency_return)),
            "form": form,
            "can_submit": can_submit,
            "can_assign": audit_round.state == RoundState.AUDITING
            and (
                request.user.has_perm("audits.manage_rounds")
                or agency_return.agency_id in access_selectors.agency_ids_of(request.user)
            ),
            "may_open_record": _may_open_record(request, case),
        },
        status=400 if form.errors else 200,
    )


@login_required
def return_detail(request: HttpRequest, return_id: str) -> HttpResponse:
    """An agency's return for a case: each section of the tool with its questions, graded with a rationale."""
    _audits(request)
    agency_return = selectors.return_get(
        user=request.user, return_id=return_id, purpose="Audited the agency's records for a case file audit return"
    )
    tool = agency_return.round_case.round.tool
    sections = selectors.tool_sections(tool=tool)
    if request.method != "POST":
        initial: dict[str, Any] = {"version": agency_return.version}
        for row in selectors.return_grades(agency_return=agency_return):
            initial[f"section_{row.section.number}_grade"] = row.grade
            initial[f"section_{row.section.number}_rationale"] = row.rationale
        return _return_page(
            request, agency_return, ReturnForm(initial=initial, sections=sections, scale=tool.grade_scale)
        )
    require_permission(request, "audits.submit_return", agency_return, object_type="audit_return")
    form = ReturnForm(request.POST, sections=sections, scale=tool.grade_scale)
    if form.is_valid():
        try:
            casework_services.return_submit(
                actor=signed_in_user(request),
                agency_return=agency_return,
                expected_version=form.cleaned_data["version"],
                grades=form.grades(),
            )
        except StaleVersion:
            messages.error(request, STALE_MESSAGE.format(noun="return"))
            return redirect("audits:return-detail", return_id=agency_return.pk)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The return of {agency_return.agency.name} is submitted.")
            return redirect("audits:return-detail", return_id=agency_return.pk)
    return _return_page(request, agency_return, form)


@login_required
def return_assign(request: HttpRequest, return_id: str) -> HttpResponse:
    """Assign an agency's return to a named auditor of the round or member of the agency."""
    _audits(request)
    agency_return = selectors.return_get(
        user=request.user, return_id=return_id, purpose="Assigned a case file audit return"
    )
    if agency_return.agency_id not in access_selectors.agency_ids_of(request.user):
        require_permission(request, "audits.manage_rounds", agency_return, object_type="audit_return")
    actor = signed_in_user(request)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        people=selectors.return_assignee_choices(agency_return=agency_return),
        initial={"version": agency_return.version, "assignee": agency_return.assigned_to_id},
    )
    back = reverse("audits:return-detail", kwargs={"return_id": agency_return.pk})
    return form_page(
        request,
        form,
        title="Assign the return",
        button="Assign the return",
        save=lambda data: casework_services.return_assign(
            actor=actor, agency_return=agency_return, expected_version=data["version"], assignee=data["assignee"]
        ),
        done=lambda done: (
            back,
            f"The return is assigned to {done.assigned_to.get_full_name() or done.assigned_to.username}, "
            "who is sent an e-mail.",
        ),
        noun="return",
        context={
            "back_url": back,
            "caption": f"Return of {agency_return.agency.name}, {agency_return.round_case.round.title}",
        },
    )


# A case, the auditor's view of the child's record, and moderation


def _grade_grid(sections: list[Any], returns: list[AgencyReturn], moderation: Any) -> list[dict[str, Any]]:
    """For each section, each agency's grade (or None) in the order of the returns, and the agreed grade."""
    given = {(row.agency_return_id, row.section_id): row for r in returns for row in r.grades.all()}
    agreed = {row.section_id: row for row in moderation.grades.all()} if moderation else {}
    rows = []
    for section in sections:
        cells = [given.get((r.pk, section.pk)) for r in returns]
        rows.append(
            {
                "section": section,
                "cells": cells,
                "by_agency": list(zip(returns, cells, strict=True)),
                "agreed": agreed.get(section.pk),
            }
        )
    return rows


def _openable_return_ids(request: HttpRequest, returns: list[AgencyReturn]) -> set[Any]:
    """Of a case's returns, those the user may open: every one for the audit lead, else those asked of their
    agencies or assigned to them while the round is auditing (as `selectors.return_get` allows)."""
    ids = {r.pk for r in returns}
    if request.user.has_perm("audits.manage_rounds"):
        return ids
    mine = selectors.returns_for(user=request.user, open_only=False).filter(pk__in=ids)
    return set(mine.values_list("pk", flat=True))


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    """A case of a round: the child, each agency's grades by section, the agreed grades, learning and
    recommendations."""
    _audits(request)
    case = selectors.round_case_get(user=request.user, case_id=case_id, purpose="Read a case of a case file audit")
    audit_round = case.round
    returns = list(selectors.case_returns(round_case=case))
    moderation = selectors.moderation_of(round_case=case)
    return render(
        request,
        "audits/case_detail.html",
        {
            "case": case,
            "child": case.child,
            "audit_round": audit_round,
            "returns": returns,
            "openable_return_ids": _openable_return_ids(request, returns),
            "moderation": moderation,
            "grid": _grade_grid(selectors.tool_sections(tool=audit_round.tool), returns, moderation),
            "recommendations": list(selectors.case_recommendations(round_case=case)),
            "may_open_record": _may_open_record(request, case),
            "may_moderate": audit_round.state == RoundState.MODERATION
            and request.user.has_perm("audits.moderate", audit_round),
            "may_recommend": audit_round.state in (RoundState.MODERATION, RoundState.COMPLETE)
            and request.user.has_perm("audits.recommend", audit_round),
        },
    )


@login_required
def case_record(request: HttpRequest, case_id: str) -> HttpResponse:
    """The auditor's read-only view of the sampled child's record: details, chronology newest first, the voice."""
    _audits(request)
    case = selectors.round_case_get(
        user=request.user, case_id=case_id, purpose="Opened a case to audit the child's record"
    )
    child = selectors.audit_child_get(
        user=request.user, child_id=case.child_id, purpose=f"Audited the record in round {case.round.title}"
    )
    return render(
        request,
        "audits/case_record.html",
        {
            "case": case,
            "child": child,
            "audit_round": case.round,
            "events": list(children_selectors.chronology_for_audits(child=child)),
            "voices": list(children_selectors.voice_entries(child=child)),
        },
    )


@login_required
def case_moderate(request: HttpRequest, case_id: str) -> HttpResponse:
    """Agree each section's grade beside every agency's grade, with reasons, and record what was learned."""
    _audits(request)
    case = selectors.round_case_get(user=request.user, case_id=case_id, purpose="Moderated a case of a case file audit")
    audit_round = case.round
    require_permission(request, "audits.moderate", audit_round, object_type="audit_round")
    if audit_round.state != RoundState.MODERATION:
        messages.error(request, "Grades can be agreed only while the round is in moderation.")
        return redirect("audits:case-detail", case_id=case.pk)
    tool = audit_round.tool
    sections = selectors.tool_sections(tool=tool)
    moderation = selectors.moderation_of(round_case=case)
    if request.method == "POST":
        form: GradesForm = ModerationForm(request.POST, sections=sections, scale=tool.grade_scale)
        if form.is_valid():
            try:
                casework_services.moderation_record(
                    actor=signed_in_user(request),
                    round_case=case,
                    grades=form.grades(),
                    learning=form.cleaned_data["learning"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion:
                messages.error(request, STALE_MESSAGE.format(noun="moderation"))
                return redirect("audits:case-moderate", case_id=case.pk)
            except BusinessRuleError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "The agreed grades are recorded.")
                return redirect("audits:case-detail", case_id=case.pk)
    else:
        initial: dict[str, Any] = {}
        if moderation is not None:
            initial = {"version": moderation.version, "learning": moderation.learning}
            for row in moderation.grades.all():
                initial[f"section_{row.section.number}_grade"] = row.grade
                initial[f"section_{row.section.number}_reason"] = row.reason
        form = ModerationForm(initial=initial, sections=sections, scale=tool.grade_scale)
    returns = list(selectors.case_returns(round_case=case))
    grid = _grade_grid(sections, returns, None)
    return render(
        request,
        "audits/case_moderate.html",
        {
            "case": case,
            "child": case.child,
            "audit_round": audit_round,
            "form": form,
            "returns": returns,
            "rows": [(fields, row) for fields, row in zip(form.section_fields(), grid, strict=True)],
            "moderation": moderation,
        },
        status=400 if form.errors else 200,
    )


# Recommendations


@login_required
def recommendation_create(request: HttpRequest, round_id: str) -> HttpResponse:
    """Record what the round recommends should change and the agency that owns it, from one case or the round."""
    _audits(request)
    audit_round = selectors.round_get(user=request.user, round_id=round_id)
    require_permission(request, "audits.recommend", audit_round, object_type="audit_round")
    actor = signed_in_user(request)
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        agencies=access_selectors.agency_list(user=request.user),
        initial={"case": request.GET.get("case", "")},
    )

    def save(data: dict[str, Any]) -> Any:
        round_case = None
        if data.get("case"):
            round_case = selectors.round_cases(user=actor, audit_round=audit_round).filter(pk=data["case"]).first()
            if round_case is None:
                raise BusinessRuleError("The case is not one of this round's cases.", field="round_case")
        return casework_services.recommendation_add(
            actor=actor,
            audit_round=audit_round,
            text=data["text"],
            owner_agency=data["owner_agency"],
            round_case=round_case,
        )

    back = reverse("audits:round-detail", kwargs={"round_id": audit_round.pk})
    return form_page(
        request,
        form,
        title="Add a recommendation",
        button="Add the recommendation",
        save=save,
        done=lambda _recommendation: (back, "The recommendation is recorded."),
        noun="recommendation",
        context={
            "back_url": back,
            "caption": audit_round.title,
            "intro": "Say what the partnership should change, and which agency will lead the change. "
            + ("It is recorded against the case you came from." if request.GET.get("case") else ""),
        },
    )


@login_required
def recommendation_action(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    """Make a recommendation an action in the plan, or show the action it already became."""
    _audits(request)
    recommendation = selectors.recommendation_get(user=request.user, recommendation_id=recommendation_id)
    require_permission(request, "audits.make_action", recommendation.round, object_type="audit_round")
    if recommendation.plan_action_id is not None:
        return render(request, "audits/recommendation_action.html", {"recommendation": recommendation})
    inspection = plans_selectors.current_inspection(user=request.user)
    themes = (
        plans_selectors.theme_list(user=request.user, inspection=inspection) if inspection else Theme.objects.none()
    )
    actor = signed_in_user(request)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        themes=themes,
        initial={"version": recommendation.version},
    )
    return form_page(
        request,
        form,
        title="Make this an action in the plan",
        button="Make it an action",
        save=lambda data: casework_services.recommendation_to_action(
            actor=actor,
            recommendation=recommendation,
            expected_version=data["version"],
            theme=data["theme"],
            reference=data["reference"],
            timescale_months=data["timescale_months"],
            expected_impact=data["expected_impact"],
            title=data["title"],
        ),
        done=lambda action: (
            reverse("plans:action-detail", kwargs={"action_id": action.pk}),
            f"The recommendation is now action {action.reference} in the plan",
        ),
        noun="recommendation",
        context={
            "back_url": reverse("audits:round-detail", kwargs={"round_id": recommendation.round_id}),
            "caption": recommendation.round.title,
            "intro": f"The recommendation: {recommendation.text} (owned by {recommendation.owner_agency.name})."
            + ("" if inspection else " There is no plan yet: add the inspection and its themes first."),
        },
    )
