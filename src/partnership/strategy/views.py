"""Pages of strategy meetings: the live list, the threshold, the meeting, its record, and each agency's part."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access.accesslog import access_event_record
from partnership.access.guards import require_permission, section_page, signed_in_user
from partnership.access.models import AccessEvent, Agency
from partnership.children import selectors as children_selectors
from partnership.core.clocks import add_months
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.frontend.listing import page_of
from partnership.frontend.tables import download_format, table_download
from partnership.strategy import rules, selectors, services, tables
from partnership.strategy.forms import (
    InformationForm,
    InviteForm,
    MeasuresForm,
    RecordForm,
    ReplyForm,
    ThresholdForm,
    moment,
)
from partnership.strategy.measures import strategy_measures
from partnership.strategy.models import MeetingState, StrategyMeeting

STALE = (
    "Someone else saved this record while you were editing it. Nothing you entered has been saved: "
    "check their changes and make yours again."
)


def _strategy_page(request: HttpRequest, permission: str = "strategy.view_meetings") -> None:
    section_page(request, "strategy", permission)


def _meeting(request: HttpRequest, meeting_id: Any, purpose: str) -> StrategyMeeting:
    _strategy_page(request)
    return selectors.meeting_get(user=request.user, meeting_id=meeting_id, purpose=purpose)


def _add_errors(form: Any, error: BusinessRuleError, renames: dict[str, str] | None = None) -> None:
    for field, field_messages in error.errors.items():
        field = (renames or {}).get(field, field)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _clocks(meeting: StrategyMeeting, now: Any) -> dict[str, Any]:
    convene = rules.Clock(due_at=meeting.convene_due_at, done_at=meeting.held_at, now=now)
    share = (
        rules.Clock(due_at=meeting.share_due_at, done_at=meeting.shared_at, now=now) if meeting.share_due_at else None
    )
    return {"convene": convene, "share": share}


def _download(request: HttpRequest, table: Any, file_format: str, name: str) -> HttpResponse:
    """A download of a list that names children, logged as an export."""
    access_event_record(
        user=request.user, action=AccessEvent.Action.EXPORT, object_type="strategymeeting", purpose=f"Downloaded {name}"
    )
    return table_download(table, file_format=file_format, name=name)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user's agency leads, with time left to convene and to share, and its invitations."""
    _strategy_page(request)
    state = request.GET.get("state", "")
    if state and state not in MeetingState.values:
        state = ""
    now = timezone.now()
    if file_format := download_format(request):
        rows = [(m, _clocks(m, now)) for m in selectors.meeting_register(user=request.user, state=state)]
        return _download(request, tables.meeting_table(rows), file_format, "strategy meetings")
    if file_format := download_format(request, which="invitations"):
        table = tables.invitation_table(list(selectors.invitations_for(user=request.user)))
        return _download(request, table, file_format, "strategy meeting invitations")
    page = page_of(request, selectors.meeting_register(user=request.user, state=state))
    meetings = list(page.object_list)
    return render(
        request,
        "strategy/meeting_list.html",
        {
            "rows": [(m, _clocks(m, now)) for m in meetings],
            "page": page,
            "states": MeetingState.choices,
            "state": state,
            "invitations": list(selectors.invitations_for(user=request.user)[:50]),
            "can_start": request.user.has_perm("strategy.start_meeting"),
        },
    )


@login_required
def meeting_start(request: HttpRequest) -> HttpResponse:
    """Record that the threshold is met for a child and their siblings, and convene the meeting."""
    _strategy_page(request, "strategy.start_meeting")
    child_id = request.GET.get("child") or request.POST.get("child")
    if not child_id:
        return render(request, "strategy/meeting_start_choose.html")
    child = children_selectors.child_get(user=request.user, child_id=child_id, purpose="Convened a strategy meeting")
    household = [child, *children_selectors.household_members(child=child)["siblings"]]
    visible = children_selectors.visible_children(user=request.user).filter(pk__in=[c.pk for c in household])
    now = timezone.localtime()
    form = ThresholdForm(
        request.POST if request.method == "POST" else None,
        children=visible,
        initial={"children": [child.pk], "threshold_on": now.date(), "threshold_time": now.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_start(
                actor=signed_in_user(request),
                children=list(data["children"]),
                threshold_at=moment(data["threshold_on"], data["threshold_time"]),  # type: ignore[arg-type]
                threshold_reason=data["threshold_reason"],
            )
        except BusinessRuleError as error:
            _add_errors(form, error, {"threshold_at": "threshold_on"})
        else:
            messages.success(
                request,
                f"The meeting must be held by {timezone.localtime(meeting.convene_due_at):%H:%M on %-d %B %Y}. "
                f"{meeting.invitations.count()} agencies are invited.",
            )
            return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "strategy/meeting_start.html",
        {"form": form, "child": child, "hours": settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """A meeting: clocks, invited agencies and what each did, the information, decisions and actions."""
    meeting = _meeting(request, meeting_id, "Read a strategy meeting")
    runs = request.user.has_perm("strategy.run_meeting", meeting)
    invitations = list(selectors.meeting_invitations(meeting=meeting))
    own = selectors.invitation_get(user=request.user, meeting=meeting)
    children = list(selectors.meeting_children(meeting=meeting))
    icpc = {
        c.pk: rules.icpc_due(c.s47_started_on, working_days=settings.PARTNERSHIP_ICPC_WORKING_DAYS)
        for c in children
        if c.s47_started_on
    }
    return render(
        request,
        "strategy/meeting_detail.html",
        {
            "meeting": meeting,
            "clocks": _clocks(meeting, timezone.now()),
            "invitations": invitations,
            "own": own,
            "children": [(c, icpc.get(c.pk)) for c in children],
            "actions": list(selectors.meeting_actions(meeting=meeting)),
            "runs": runs,
            "invite_form": InviteForm(
                agencies=Agency.objects.filter(is_active=True).exclude(pk__in=[i.agency_id for i in invitations])
            ),
            "open": meeting.state in {MeetingState.CONVENING, MeetingState.HELD},
        },
    )


@login_required
@require_POST
def invitation_add(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Invite one more agency to the meeting."""
    meeting = _meeting(request, meeting_id, "Invited an agency to a strategy meeting")
    require_permission(request, "strategy.run_meeting", meeting, object_type="strategy_meeting")
    form = InviteForm(request.POST, agencies=Agency.objects.filter(is_active=True))
    if form.is_valid():
        try:
            services.invitation_add(
                actor=signed_in_user(request),
                meeting=meeting,
                agency=form.cleaned_data["agency"],
                why=form.cleaned_data["why"],
            )
        except BusinessRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{form.cleaned_data['agency']} is invited.")
    else:
        messages.error(request, "Choose the agency to invite.")
    return redirect("strategy:meeting-detail", meeting_id=meeting.pk)


@login_required
def meeting_record(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Write the meeting's record; it can be saved unfinished and signed off when complete."""
    meeting = _meeting(request, meeting_id, "Wrote a strategy meeting's record")
    require_permission(request, "strategy.run_meeting", meeting, object_type="strategy_meeting")
    if meeting.state not in {MeetingState.CONVENING, MeetingState.HELD}:
        messages.error(request, "The record is signed off and can no longer be changed.")
        return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    children = list(selectors.meeting_children(meeting=meeting))
    invitations = list(selectors.meeting_invitations(meeting=meeting))
    actions = list(selectors.meeting_actions(meeting=meeting))
    held = timezone.localtime(meeting.held_at) if meeting.held_at else None
    initial: dict[str, Any] = {
        "version": meeting.version,
        "held_on": held.date() if held else None,
        "held_time": held.strftime("%H:%M") if held else None,
        "mode": meeting.mode,
        "attended": [str(i.agency_id) for i in invitations if i.attended],
        "information_shared": meeting.information_shared
        or "\n\n".join(
            f"{i.agency.name}: {'Nothing known.' if i.nothing_known else i.information}"
            for i in invitations
            if i.informed
        ),
        "risk_analysis": meeting.risk_analysis,
    }
    yes_no = {True: "yes", False: "no", None: ""}
    heard = services.latest_voices(
        [c.child for c in children], on_or_before=timezone.localtime(meeting.held_at or timezone.now()).date()
    )
    for c in children:
        prefix = f"child_{c.pk}"
        initial |= {
            f"{prefix}_s47": c.s47,
            f"{prefix}_investigation": c.investigation,
            f"{prefix}_police_investigation": yes_no[c.police_investigation],
            f"{prefix}_medical": yes_no[c.medical],
            f"{prefix}_legal": yes_no[c.legal],
            f"{prefix}_immediate_safety": c.immediate_safety,
            f"{prefix}_reason": c.reason,
            f"{prefix}_voice_summary": c.voice_summary or heard[c.child_id],
        }
    for number, action in enumerate(actions[:5], start=1):
        initial |= {
            f"action_{number}_text": action.text,
            f"action_{number}_agency": action.owner_agency_id,
            f"action_{number}_person": action.owner_name,
            f"action_{number}_due": action.due_on,
        }
    form = RecordForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        meeting_children=children,
        invitations=invitations,
        agencies=Agency.objects.filter(is_active=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(
                actor=signed_in_user(request),
                meeting=meeting,
                expected_version=data["version"],
                held_at=moment(data["held_on"], data["held_time"]),
                mode=data["mode"],
                information_shared=data["information_shared"],
                risk_analysis=data["risk_analysis"],
                attended=data["attended"],
                decisions=form.decisions(),
                actions=form.actions(),
            )
        except StaleVersion:
            messages.error(request, STALE)
            return redirect("strategy:meeting-record", meeting_id=meeting.pk)
        except BusinessRuleError as error:
            _add_errors(form, error, {"held_at": "held_on"})
        else:
            messages.success(request, "The record is saved.")
            return redirect("strategy:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "strategy/meeting_record.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def meeting_complete(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Sign off the record; every required section must be filled in."""
    meeting = _meeting(request, meeting_id, "Signed off a strategy meeting's record")
    require_permission(request, "strategy.run_meeting", meeting, object_type="strategy_meeting")
    try:
        services.meeting_complete(
            actor=signed_in_user(request), meeting=meeting, expected_version=int(request.POST.get("version") or 0)
        )
    except StaleVersion:
        messages.error(request, STALE)
    except BusinessRuleError as error:
        problems = [message for field_messages in error.errors.values() for message in field_messages]
        messages.error(request, "The record cannot be signed off yet: " + "; ".join(problems) + ".")
    else:
        messages.success(request, "The record is signed off. Share it with every invited agency now.")
    return redirect("strategy:meeting-detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_share(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Share the signed-off record with every invited agency; sharing again sends nothing twice."""
    meeting = _meeting(request, meeting_id, "Shared a strategy meeting's record")
    require_permission(request, "strategy.run_meeting", meeting, object_type="strategy_meeting")
    try:
        sent = services.meeting_share(actor=signed_in_user(request), meeting=meeting)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"The record is shared with {sent} agencies." if sent else "The record was already shared."
        )
    return redirect("strategy:meeting-detail", meeting_id=meeting.pk)


@login_required
def invitation_detail(request: HttpRequest, meeting_id: str, invitation_id: str) -> HttpResponse:
    """An invited agency's part: its reply, the information it sends, and acknowledging the record."""
    meeting = _meeting(request, meeting_id, "Answered a strategy meeting invitation")
    invitation = meeting.invitations.select_related("agency").filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404()
    require_permission(request, "strategy.answer_invitation", invitation, object_type="strategy_invitation")
    which = request.POST.get("form") if request.method == "POST" else None
    reply = ReplyForm(
        request.POST if which == "reply" else None,
        initial={
            "version": invitation.version,
            "response": invitation.response if invitation.response != "pending" else None,
            "attendee_name": invitation.attendee_name,
            "attendee_role": invitation.attendee_role,
        },
    )
    information = InformationForm(
        request.POST if which == "information" else None,
        initial={
            "version": invitation.version,
            "information": invitation.information,
            "nothing_known": invitation.nothing_known,
        },
    )
    form = reply if which == "reply" else information
    if which in {"reply", "information"} and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if which == "reply":
                services.invitation_respond(
                    actor=signed_in_user(request), invitation=invitation, expected_version=version, **data
                )
            else:
                services.invitation_inform(
                    actor=signed_in_user(request), invitation=invitation, expected_version=version, **data
                )
        except StaleVersion:
            messages.error(request, STALE)
            return redirect("strategy:invitation", meeting_id=meeting.pk, invitation_id=invitation.pk)
        except BusinessRuleError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your reply is saved." if which == "reply" else "Your information is sent.")
            return redirect("strategy:invitation", meeting_id=meeting.pk, invitation_id=invitation.pk)
    return render(
        request,
        "strategy/invitation.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "reply_form": reply,
            "information_form": information,
            "children": list(selectors.meeting_children(meeting=meeting)),
            "actions": list(selectors.meeting_actions(meeting=meeting)),
        },
        status=400 if (reply.errors or information.errors) else 200,
    )


@login_required
@require_POST
def invitation_acknowledge(request: HttpRequest, meeting_id: str, invitation_id: str) -> HttpResponse:
    """Confirm the agency has received the record."""
    meeting = _meeting(request, meeting_id, "Acknowledged a strategy meeting's record")
    invitation = meeting.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404()
    require_permission(request, "strategy.answer_invitation", invitation, object_type="strategy_invitation")
    try:
        services.invitation_acknowledge(actor=signed_in_user(request), invitation=invitation)
    except BusinessRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Receipt of the record is acknowledged.")
    return redirect("strategy:invitation", meeting_id=meeting.pk, invitation_id=invitation.pk)


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    """How strategy meetings are doing against their targets, for any period and agency (figures only)."""
    section_page(request, "strategy-measures", "strategy.view_measures")
    today = timezone.localdate()
    form = MeasuresForm(request.GET or None)
    start, end, agency = add_months(today, -3), today, None
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        agency = form.cleaned_data["agency"]
    figures = strategy_measures(user=request.user, start=start, end=end, agency_id=agency.pk if agency else None)
    measure_tables = tables.measure_tables(figures, hours=settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS)
    for which, table in measure_tables.items():
        if file_format := download_format(request, which=which):
            return table_download(table, file_format=file_format)
    return render(
        request,
        "strategy/measures.html",
        {
            "form": form,
            "figures": figures,
            "agency": agency,
            "hours": settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS,
        },
        status=400 if form.errors else 200,
    )
