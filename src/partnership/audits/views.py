"""Pages of the audit lead: the rounds, planning one, its sample and auditors, the steps of its life, and the tools."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from partnership.access.accesslog import access_event_record
from partnership.access.guards import section_page, signed_in_user
from partnership.access.models import AccessEvent
from partnership.audits import selectors, services, tables
from partnership.audits.forms import AddCaseForm, AuditorForm, RoundForm, SampleForm, ToolForm, VersionForm
from partnership.audits.models import AuditRound, RoundState
from partnership.audits.tools import TOOL_TEMPLATES
from partnership.core.errors import BusinessRuleError
from partnership.frontend.pages import form_page


def _reader(request: HttpRequest) -> None:
    section_page(request, "audits", "audits.view_rounds")


def _lead(request: HttpRequest) -> None:
    section_page(request, "audits", "audits.manage_rounds")


def _round_url(audit_round: AuditRound) -> str:
    return reverse("audits:round-detail", kwargs={"round_id": audit_round.pk})


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# The rounds


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds the user may open, the returns their agency still has to make, and the lead's next steps."""
    _reader(request)
    return tables.round_list_download(request) or render(
        request,
        "audits/round_list.html",
        {
            "rounds": list(selectors.rounds_with_case_counts(user=request.user)),
            "returns": list(selectors.returns_for(user=request.user)),
            "is_lead": request.user.has_perm("audits.manage_rounds"),
        },
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    """Plan a round: its title, theme, tool, the auditors' window and the sample it will draw."""
    _lead(request)
    actor = signed_in_user(request)
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        tools=selectors.tool_list(user=actor),
        initial={"months": 6},
    )
    return form_page(
        request,
        form,
        title="Plan a round",
        button="Plan the round",
        save=lambda data: services.round_create(
            actor=actor,
            title=data["title"],
            theme=data["theme"],
            tool=data["tool"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            sample_criteria={"months": data["months"]},
            sample_size=data["sample_size"],
        ),
        done=lambda audit_round: (_round_url(audit_round), "The round is planned. Draw its sample next."),
        noun="round",
        context={"back_url": reverse("audits:round-list"), "caption": "Case file audits"},
    )


@login_required
def round_detail(request: HttpRequest, round_id: str) -> HttpResponse:
    """A round: its criteria and window, the sample the user may see, auditors, recommendations and the next step."""
    _reader(request)
    audit_round = selectors.round_get(user=request.user, round_id=round_id)
    cases = list(selectors.round_case_rows(user=request.user, audit_round=audit_round))
    if cases:
        access_event_record(
            user=request.user,
            action=AccessEvent.Action.LIST,
            object_type="audit_round",
            object_id=audit_round.pk,
            purpose="Listed the sampled children of a case file audit round",
        )
    may_moderate = audit_round.state == RoundState.MODERATION and request.user.has_perm("audits.moderate", audit_round)
    return render(
        request,
        "audits/round_detail.html",
        {
            "audit_round": audit_round,
            "cases": cases,
            "strata": selectors.round_strata(audit_round=audit_round),
            "progress": selectors.round_progress(audit_round=audit_round),
            "auditors": list(selectors.round_auditors(audit_round=audit_round)),
            "recommendations": list(selectors.recommendations(audit_round=audit_round)),
            "months": audit_round.sample_criteria.get("months") or selectors.DEFAULT_MONTHS,
            "is_lead": request.user.has_perm("audits.manage_rounds"),
            "may_make_action": request.user.has_perm("audits.make_action"),
            "may_moderate": may_moderate,
        },
    )


# The sample and the auditors


@login_required
def round_sample(request: HttpRequest, round_id: str) -> HttpResponse:
    """Draw (or draw again) the round's random sample, with a seed so the same sample can be drawn again."""
    _lead(request)
    actor = signed_in_user(request)
    audit_round = selectors.round_get(user=actor, round_id=round_id)
    months = audit_round.sample_criteria.get("months") or selectors.DEFAULT_MONTHS
    form = SampleForm(
        request.POST if request.method == "POST" else None,
        initial={"version": audit_round.version, "size": audit_round.sample_size or None, "months": months},
    )

    def save(data: dict[str, Any]) -> Any:
        return services.round_draw_sample(
            actor=actor,
            audit_round=audit_round,
            expected_version=data["version"],
            size=data["size"],
            seed=data["seed"],
            criteria={**audit_round.sample_criteria, "months": data["months"]},
        )

    return form_page(
        request,
        form,
        title="Draw the sample",
        button="Draw the sample",
        save=save,
        done=lambda cases: (
            _round_url(audit_round),
            f"{_plural(len(cases), 'case was', 'cases were')} drawn at random with seed {audit_round.seed}.",
        ),
        noun="round",
        context={
            "back_url": _round_url(audit_round),
            "caption": audit_round.title,
            "intro": (
                "Children with domestic abuse recorded in the months you choose are drawn at random, spread across "
                "the outcomes of their front door decisions. Drawing again replaces the cases drawn before; cases "
                "chosen by hand are kept."
            ),
        },
    )


@login_required
def round_add_case(request: HttpRequest, round_id: str) -> HttpResponse:
    """Add a child's case to the sample by hand, found by the council's local child ID."""
    _lead(request)
    actor = signed_in_user(request)
    audit_round = selectors.round_get(user=actor, round_id=round_id)
    form = AddCaseForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> Any:
        child = selectors.child_for_sample(user=actor, local_child_id=data["local_child_id"])
        if child is None:
            raise BusinessRuleError("No child has that local ID", field="local_child_id")
        try:
            return services.round_add_case_by_hand(
                actor=actor, audit_round=audit_round, child=child, stratum=data["stratum"]
            )
        except BusinessRuleError as error:
            renamed = {("local_child_id" if k == "child" else k): v for k, v in error.errors.items()}
            raise BusinessRuleError(error.message, errors=renamed) from error

    return form_page(
        request,
        form,
        title="Add a case by hand",
        button="Add the case",
        save=save,
        done=lambda case: (_round_url(audit_round), "The case is added to the sample."),
        noun="round",
        context={"back_url": _round_url(audit_round), "caption": audit_round.title},
    )


@login_required
def round_add_auditor(request: HttpRequest, round_id: str) -> HttpResponse:
    """Make a person an auditor of the round, from inside the partnership or independent of it."""
    _lead(request)
    actor = signed_in_user(request)
    audit_round = selectors.round_get(user=actor, round_id=round_id)
    form = AuditorForm(
        request.POST if request.method == "POST" else None, people=selectors.auditor_candidates(user=actor)
    )
    return form_page(
        request,
        form,
        title="Add an auditor",
        button="Add the auditor",
        save=lambda data: services.round_add_auditor(
            actor=actor, audit_round=audit_round, user=data["user"], is_independent=data["is_independent"]
        ),
        done=lambda auditor: (
            _round_url(audit_round),
            f"{auditor.user.get_full_name() or auditor.user.username} is an auditor of the round.",
        ),
        noun="round",
        context={
            "back_url": _round_url(audit_round),
            "caption": audit_round.title,
            "intro": (
                f"An auditor may open the records of the round's sampled children from "
                f"{audit_round.starts_on:%-d %B %Y} to {audit_round.ends_on:%-d %B %Y}, and takes part in moderation."
            ),
        },
    )


# The steps of a round's life


def _step_page(
    request: HttpRequest, round_id: str, *, title: str, button: str, service: Any, done: str, explain: Any
) -> HttpResponse:
    """A confirmation page for one step of a round: what will happen, then the step on POST."""
    _lead(request)
    actor = signed_in_user(request)
    audit_round = selectors.round_get(user=actor, round_id=round_id)
    progress = selectors.round_progress(audit_round=audit_round)
    form = VersionForm(request.POST if request.method == "POST" else None, initial={"version": audit_round.version})
    return form_page(
        request,
        form,
        title=title,
        button=button,
        save=lambda data: service(actor=actor, audit_round=audit_round, expected_version=data["version"]),
        done=lambda result: (_round_url(audit_round), done),
        noun="round",
        template="audits/round_step.html",
        context={
            "back_url": _round_url(audit_round),
            "caption": audit_round.title,
            "audit_round": audit_round,
            "explanation": explain(audit_round, progress),
        },
    )


@login_required
def round_open(request: HttpRequest, round_id: str) -> HttpResponse:
    """Open the round for auditing: each involved agency is asked to audit its own records of each case."""

    def explain(audit_round: AuditRound, progress: dict[str, int]) -> list[str]:
        return [
            f"The sample has {_plural(progress['cases'], 'case', 'cases')} and is fixed once the round opens.",
            "Each agency involved with each child will be asked to audit its own records.",
            f"Auditors may open the records from {audit_round.starts_on:%-d %B %Y} to {audit_round.ends_on:%-d %B %Y}.",
        ]

    return _step_page(
        request,
        round_id,
        title="Open the round for auditing",
        button="Open for auditing",
        service=services.round_open,
        done="The round is open for auditing: the agencies are asked for their returns.",
        explain=explain,
    )


@login_required
def round_begin_moderation(request: HttpRequest, round_id: str) -> HttpResponse:
    """Move the round to moderation once every agency has submitted its return."""

    def explain(audit_round: AuditRound, progress: dict[str, int]) -> list[str]:
        waiting = progress["returns_waiting"]
        lines = [
            "The agencies' returns are brought together and the moderators agree one grade per section of each case.",
            "No more returns can be submitted after this.",
        ]
        if waiting:
            lines.insert(0, f"{_plural(waiting, 'return is', 'returns are')} still to be submitted.")
        else:
            lines.insert(0, f"All {_plural(progress['returns_asked'], 'return is', 'returns are')} submitted.")
        return lines

    return _step_page(
        request,
        round_id,
        title="Begin moderation",
        button="Begin moderation",
        service=services.round_begin_moderation,
        done="The round is in moderation.",
        explain=explain,
    )


@login_required
def round_complete(request: HttpRequest, round_id: str) -> HttpResponse:
    """Close the round once every case has agreed grades; the auditors' access ends with it."""

    def explain(audit_round: AuditRound, progress: dict[str, int]) -> list[str]:
        missing = progress["cases_unmoderated"]
        lines = ["The round can no longer change, and its auditors can no longer open the children's records."]
        if missing:
            lines.insert(0, f"{_plural(missing, 'case still needs', 'cases still need')} agreed grades.")
        else:
            lines.insert(0, "Every case has agreed grades.")
        return lines

    return _step_page(
        request,
        round_id,
        title="Complete the round",
        button="Complete the round",
        service=services.round_complete,
        done="The round is complete.",
        explain=explain,
    )


# The tools


@login_required
def tool_list(request: HttpRequest) -> HttpResponse:
    """Every version of every audit tool, the current ones marked."""
    _reader(request)
    return tables.tool_list_download(request) or render(
        request,
        "audits/tool_list.html",
        {
            "tools": list(selectors.tool_list(user=request.user, current_only=False)),
            "is_lead": request.user.has_perm("audits.manage_rounds"),
        },
    )


@login_required
def tool_detail(request: HttpRequest, tool_id: str) -> HttpResponse:
    """A version of an audit tool: its sections, questions and guidance, grade scale and other versions."""
    _reader(request)
    tool = selectors.tool_get(user=request.user, tool_id=tool_id)
    return render(
        request,
        "audits/tool_detail.html",
        {
            "tool": tool,
            "sections": selectors.tool_sections(tool=tool),
            "versions": list(selectors.tool_versions(user=request.user, tool=tool)),
        },
    )


@login_required
def tool_create(request: HttpRequest) -> HttpResponse:
    """Make a new current version of a tool from its shipped template, with an optional grade scale of its own."""
    _lead(request)
    actor = signed_in_user(request)
    form = ToolForm(
        request.POST if request.method == "POST" else None, initial={"template": next(iter(TOOL_TEMPLATES))}
    )
    return form_page(
        request,
        form,
        title="Make a new version of a tool",
        button="Make the new version",
        save=lambda data: services.tool_create_from_template(
            actor=actor, template=TOOL_TEMPLATES[data["template"]], grade_scale=form.grades()
        ),
        done=lambda tool: (
            reverse("audits:tool-detail", kwargs={"tool_id": tool.pk}),
            f"Version {tool.version_number} of the tool is now current. Rounds already planned keep their version.",
        ),
        noun="tool",
        context={
            "back_url": reverse("audits:tool-list"),
            "caption": "Audit tools",
            "intro": (
                "The new version is made from the tool's shipped sections and questions and becomes the current one "
                "for new rounds."
            ),
        },
    )
