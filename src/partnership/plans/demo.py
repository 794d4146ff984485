"""Loads the demo improvement plan: the source document's inspection, findings and themes, and illustrative actions.

The plan's dates are moved so that it runs in the present: it started eight months ago, so the screens
show every rating, revised timescales and actions falling due.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.plans import services
from partnership.plans.demo_content import ACTIONS, FINDINGS, GROUPS, THEMES
from partnership.plans.models import Action, Brag, DeliveryGroup, DeliveryStatus, Finding, Theme
from partnership.plans.rules import add_months, quarter_start

DEMO_NOTE = (
    "Demo: the findings are those of the July 2018 inspection in County Durham, as the Cabinet report of "
    "12 December 2018 states them. The actions are illustrative, and the plan's dates are moved so that it "
    "runs in the present."
)


def _plan_start(today: date) -> date:
    """The last month of the quarter a year before this one, so three quarters have been reported."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return add_months(this_quarter, -10)


def load() -> None:
    """Create the demo inspection, its findings, themes, delivery groups and an illustrative plan in every state."""
    today = timezone.localdate()
    lead_user = User.objects.get(username="lead")
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}

    inspection = services.inspection_create(
        title="Joint targeted area inspection of the multi-agency response to domestic abuse in Durham",
        kind="jtai",
        area="County Durham",
        fieldwork_start=date(2018, 7, 9),
        fieldwork_end=date(2018, 7, 13),
        letter_date=date(2018, 9, 4),
        inspectorates=[
            "Ofsted",
            "Care Quality Commission",
            "HMI Constabulary and Fire and Rescue Services",
            "HMI Probation",
        ],
        deep_dive_theme="Children of all ages living with and experiencing domestic abuse",
        plan_start=_plan_start(today),
        notes=DEMO_NOTE,
    )
    themes: dict[int, Theme] = {
        number: services.theme_create(inspection=inspection, number=number, title=title, description=description)
        for number, title, description in THEMES
    }
    chair = User.objects.get(username="executive")
    groups: dict[str, DeliveryGroup] = {
        name: services.delivery_group_create(name=name, description=description, chair=chair)
        for name, description in GROUPS
    }
    findings: dict[str, Finding] = {}
    for position, (reference, kind, text, agency_names, source) in enumerate(FINDINGS, start=1):
        findings[reference] = services.finding_create(
            inspection=inspection,
            reference=reference,
            kind=kind,
            text=text,
            source_reference=source,
            agencies=[agencies[name] for name in agency_names],
            position=position,
        )
    for (
        reference,
        theme_number,
        title,
        finding_refs,
        owner,
        lead_name,
        is_lead_user,
        band,
        impact,
        measures,
        scrutiny,
        _state,
    ) in ACTIONS:
        kind, _, owner_key = owner.partition(":")
        services.action_create(
            inspection=inspection,
            theme=themes[theme_number],
            reference=reference,
            title=title,
            findings=[findings[ref] for ref in finding_refs],
            owner_agency=agencies[owner_key] if kind == "agency" else None,
            owner_group=groups[owner_key] if kind == "group" else None,
            lead=lead_user if is_lead_user else None,
            lead_name=lead_name,
            timescale_months=band,
            expected_impact=impact,
            success_measures=measures,
            scrutiny=[scrutiny],
            is_illustrative=True,
        )


def load_states() -> None:
    """Bring each demo action to its state today: delivered, revised, overdue, at risk, set by hand or on track."""
    today = timezone.localdate()
    executive = User.objects.get(username="executive")
    for reference, *_rest, state in ACTIONS:
        _set_state(Action.objects.get(reference=reference), state, today=today, executive=executive)


def _progress(
    action: Action, *, actor: User, status: str, note: str, when: date, override: str = "", override_reason: str = ""
) -> None:
    services.action_record_progress(
        actor=actor,
        action=action,
        expected_version=action.version,
        status=status,
        progress_note=note,
        brag_override=override,
        brag_override_reason=override_reason,
        may_confirm_impact=True,
    )
    # The demo dates the update as if it had been recorded on that day.
    recorded = timezone.make_aware(datetime(when.year, when.month, when.day, 10, 0))
    Action.objects.filter(pk=action.pk).update(progress_updated_at=recorded)
    action.refresh_from_db()


def _set_state(action: Action, state: str, *, today: date, executive: User) -> None:
    this_quarter = max(quarter_start(today), today - timedelta(days=12))
    last_quarter = today - timedelta(days=110)
    if state == "blue":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IMPACT_EVIDENCED,
            when=last_quarter,
            note="Delivered on time. The latest audit and monthly figures show the intended change in practice; "
            "the executive confirmed the impact.",
        )
    elif state == "delivered":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.DELIVERED,
            when=this_quarter,
            note="Delivered. The first figures are encouraging; the next audit will test the impact.",
        )
    elif state == "red":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IN_PROGRESS,
            when=last_quarter,
            note="Started, but the work has stalled while staff were recruited.",
        )
    elif state in {"revised-green", "revised-amber"}:
        new_due = add_months(today, 3) if state == "revised-green" else today + timedelta(days=18)
        services.action_revise(
            actor=executive,
            action=action,
            expected_version=action.version,
            current_due_date=new_due,
            reason="The executive agreed a later date: the work depends on a restructure that was delayed.",
        )
        action.refresh_from_db()
        when = this_quarter if state == "revised-green" else last_quarter
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IN_PROGRESS,
            when=when,
            note="Work under way to the revised timescale.",
        )
    elif state == "progress":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IN_PROGRESS,
            when=this_quarter,
            note="On track: the work is under way and the first milestones are met.",
        )
    elif state == "stale":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IN_PROGRESS,
            when=last_quarter,
            note="Planning complete; delivery to start next quarter.",
        )
    elif state == "override-amber":
        _progress(
            action,
            actor=executive,
            status=DeliveryStatus.IN_PROGRESS,
            when=this_quarter,
            override=Brag.AMBER,
            override_reason="Practice weeks are running, but the last audit found no improvement yet.",
            note="Two practice weeks held; grades unchanged so far.",
        )
