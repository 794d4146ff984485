"""The declared expectation of every URL in the project for every role: allowed, 404 or sign-in.

Every URL pattern must have an entry here; tests/test_url_matrix.py fails when one is missing.
Later issues add their URLs to MATRIX.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from partnership.access.models import Role

ALLOW = "allow"  # 2xx, or a redirect that is not to the sign-in page
NOT_FOUND = "404"
SIGN_IN = "sign-in"  # a page redirects to sign-in; the API answers 401
REDIRECT = "redirect"  # any redirect (pages that send a signed-in person elsewhere)
REACHED = "reached"  # let through to the business rules, which may still refuse the step (a 4xx other than 401/404)

EVERY_ROLE = dict.fromkeys(Role.values, ALLOW)


def only(*roles: str) -> dict[str, str]:
    """Allowed for the given roles, 404 for every other."""
    return {role: (ALLOW if role in roles else NOT_FOUND) for role in Role.values}


def every(expectation: str) -> dict[str, str]:
    """The same expectation for every role."""
    return dict.fromkeys(Role.values, expectation)


@dataclass
class Case:
    """How to call one URL and what each role should get."""

    roles: dict[str, str]
    kwargs: Callable[[Any], dict[str, Any]] = lambda world: {}
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = lambda world: {}
    anonymous: str = SIGN_IN
    headers: Callable[[Any], dict[str, str]] = lambda world: {}
    # The same URL aimed at another agency's object, with what each role should get then.
    other_kwargs: Callable[[Any], dict[str, Any]] | None = None
    other_roles: dict[str, str] = field(default_factory=dict)


PRACTICE = (Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT)
OPENERS = (Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
FRONT = (Role.FRONT_DOOR, Role.TEAM_MANAGER)
OFFICER = Role.ENCOMPASS_OFFICER
# Roles that read every audit round, even one that asks nothing of their agency.
ROUND_READERS = (Role.ADMIN, Role.EXECUTIVE, Role.VIEWER)


def child_case(roles: tuple[str, ...], *, other: tuple[str, ...] = (Role.FRONT_DOOR,)) -> Case:
    """A page of a child's record: allowed for roles whose agency is involved; for another agency's child only
    the roles that see every record (the front door)."""
    return Case(
        roles=only(*roles),
        kwargs=lambda w: {"child_id": w.own_child.pk},
        other_kwargs=lambda w: {"child_id": w.other_child.pk},
        other_roles=only(*(role for role in other if role in roles)),
    )


def meeting_case(roles: tuple[str, ...], *, method: str = "get") -> Case:
    """A page of a strategy meeting led by the user's agency; another agency's meeting is never found."""
    return Case(
        roles=only(*roles),
        method=method,
        kwargs=lambda w: {"meeting_id": w.own_meeting.pk},
        other_kwargs=lambda w: {"meeting_id": w.other_meeting.pk},
        other_roles=every(NOT_FOUND),
    )


def undelivered_message(*, sender: Any) -> Any:
    """A message caused by the person that delivery gave up on, for the undelivered-messages pages."""
    from django.utils import timezone

    from partnership.core.models import OutboxMessage

    return OutboxMessage.objects.create(
        kind="update-request",
        dedupe_key=f"matrix-undelivered:{sender.pk}:{OutboxMessage.objects.count()}",
        to_address="nobody@example.invalid",
        subject="Update due",
        body="Please update the action.",
        sender=sender,
        failed_at=timezone.now(),
        last_error="The e-mail address is not a valid one; correct it and try again.",
    )


MATRIX: dict[str, Case] = {
    # Public and sign-in pages
    "frontend:healthz": Case(roles=EVERY_ROLE, anonymous=ALLOW),
    "frontend:accessibility": Case(roles=EVERY_ROLE, anonymous=ALLOW),
    "frontend:privacy": Case(roles=EVERY_ROLE, anonymous=ALLOW),
    "api-schema": Case(roles=EVERY_ROLE, anonymous=ALLOW),
    "access:sign-in": Case(roles=every(REDIRECT), anonymous=ALLOW),
    # Single sign-on: with it not set up (as here) both send everyone back to the sign-in page.
    "access:oidc-start": Case(roles=every(REDIRECT), anonymous=REDIRECT),
    "access:oidc-callback": Case(roles=every(REDIRECT), anonymous=REDIRECT),
    "access:two-factor": Case(roles=every(REDIRECT), anonymous=SIGN_IN),
    "access:two-factor-setup": Case(roles=every(REDIRECT), anonymous=SIGN_IN),
    "access:recovery-codes": Case(roles=every(REDIRECT), anonymous=REDIRECT),
    "access:sign-out": Case(roles=every(REDIRECT), method="post", anonymous=REDIRECT),
    # Everyone signed in
    "frontend:home": Case(roles=EVERY_ROLE),
    "access:account": Case(roles=EVERY_ROLE),
    "access:recovery-codes-regenerate": Case(roles=EVERY_ROLE, method="post"),
    "access:token-create": Case(roles=EVERY_ROLE),
    "access:token-revoke": Case(
        roles=EVERY_ROLE,
        method="post",
        kwargs=lambda w: {"token_id": w.own_token.pk},
        other_kwargs=lambda w: {"token_id": w.other_token.pk},
        other_roles=every(NOT_FOUND),
    ),
    "access:agency-list": Case(roles=EVERY_ROLE),
    "access:team-detail": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"team_id": w.own_team.pk},
        other_kwargs=lambda w: {"team_id": w.other_team.pk},
        other_roles=only(Role.ADMIN),
    ),
    "access:person-list": Case(roles=only(Role.ADMIN, Role.TEAM_MANAGER)),
    "access:person-detail": Case(
        roles=only(Role.ADMIN, Role.TEAM_MANAGER),
        kwargs=lambda w: {"person_id": w.own_person.pk},
        other_kwargs=lambda w: {"person_id": w.other_person.pk},
        other_roles=only(Role.ADMIN),
    ),
    "access:person-disable": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"person_id": w.own_person.pk},
        data=lambda w: {"reason": "Left the agency"},
    ),
    "access:person-enable": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"person_id": w.own_person.pk},
        data=lambda w: {"reason": "Returned"},
    ),
    "access:access-log": Case(roles=only(Role.ADMIN)),
    # Undelivered messages: a team manager sees those caused by people in their team; an administrator every one
    "access:undelivered-list": Case(roles=only(Role.ADMIN, Role.TEAM_MANAGER)),
    "access:undelivered-retry": Case(
        roles=only(Role.ADMIN, Role.TEAM_MANAGER),
        method="post",
        kwargs=lambda w: {"message_id": undelivered_message(sender=w.own_person).pk},
        other_kwargs=lambda w: {"message_id": undelivered_message(sender=w.other_person).pk},
        other_roles=only(Role.ADMIN),
    ),
    # Subject access requests: the partnership administrator only, for any agency's child
    "records:subject-access-find": Case(roles=only(Role.ADMIN)),
    **{
        name: Case(
            roles=only(Role.ADMIN),
            kwargs=lambda w: {"child_id": w.own_child.pk},
            other_kwargs=lambda w: {"child_id": w.other_child.pk},
            other_roles=only(Role.ADMIN),
        )
        for name in ("records:subject-access-detail", "records:subject-access-download")
    },
    # Retention review: the partnership administrator only; a refused decision or period change deletes nothing
    "records:retention-review": Case(roles=only(Role.ADMIN)),
    "records:retention-periods": Case(roles=only(Role.ADMIN)),
    "records:retention-decisions": Case(roles=only(Role.ADMIN)),
    "records:retention-period-edit": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"record_type": "child"},
        data=lambda w: {"version": 1, "years": 30, "clock": "birth", "reason": "Longer for looked-after children"},
    ),
    "records:retention-decide": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"record_type": "child", "record_id": w.own_child.pk},
        other_kwargs=lambda w: {"record_type": "child", "record_id": w.other_child.pk},
        other_roles=only(Role.ADMIN),
        data=lambda w: {"action": "delete", "reason": "Past retention", "confirm": "True"},
    ),
    # The improvement plan: everyone reads it; the administrator builds it; the executive revises; leads record progress
    "plans:overview": Case(roles=EVERY_ROLE),
    "plans:action-list": Case(roles=EVERY_ROLE),
    "plans:my-actions": Case(roles=EVERY_ROLE),
    "plans:action-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"action_id": w.action.pk}),
    "plans:finding-list": Case(roles=EVERY_ROLE),
    "plans:finding-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"finding_id": w.finding.pk}),
    "plans:coverage": Case(roles=EVERY_ROLE),
    "plans:export": Case(roles=EVERY_ROLE),
    "plans:action-create": Case(roles=only(Role.ADMIN)),
    "plans:action-edit": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"action_id": w.action.pk}),
    "plans:action-revise": Case(roles=only(Role.ADMIN, Role.EXECUTIVE), kwargs=lambda w: {"action_id": w.action.pk}),
    "plans:action-progress": Case(
        roles=only(Role.ADMIN, Role.ACTION_LEAD),
        kwargs=lambda w: {"action_id": w.action.pk},
        other_kwargs=lambda w: {"action_id": w.other_action.pk},
        other_roles=only(Role.ADMIN),
    ),
    "plans:finding-create": Case(roles=only(Role.ADMIN)),
    "plans:finding-edit": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"finding_id": w.finding.pk}),
    "plans:theme-create": Case(roles=only(Role.ADMIN)),
    "plans:inspection-create": Case(roles=only(Role.ADMIN)),
    "plans:import": Case(roles=only(Role.ADMIN)),
    # The quarterly cycle: the administrator opens and closes quarters; leads write their own updates;
    # the executive reviews; evidence and the audit pack are for governance roles (and a lead's own evidence).
    "plans:period-list": Case(roles=EVERY_ROLE),
    "plans:period-open": Case(roles=only(Role.ADMIN)),
    "plans:period-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"period_id": w.period.pk}),
    "plans:period-close": Case(roles=only(Role.ADMIN), method="post", kwargs=lambda w: {"period_id": w.period.pk}),
    "plans:update-edit": Case(
        roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.ACTION_LEAD),
        kwargs=lambda w: {"update_id": w.update.pk},
        other_kwargs=lambda w: {"update_id": w.other_update.pk},
        other_roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR),
    ),
    "plans:evidence-add": Case(
        roles=only(Role.ADMIN, Role.ACTION_LEAD),
        method="post",
        kwargs=lambda w: {"update_id": w.update.pk},
        data=lambda w: {"kind": "link", "url": "https://example.org/a", "description": "Minutes"},
        other_kwargs=lambda w: {"update_id": w.other_update.pk},
        other_roles=only(Role.ADMIN),
    ),
    "plans:evidence-download": Case(
        roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.ACTION_LEAD),
        kwargs=lambda w: {"evidence_id": w.evidence.pk},
        other_kwargs=lambda w: {"evidence_id": w.other_evidence.pk},
        other_roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR),
    ),
    "plans:review-list": Case(roles=EVERY_ROLE),
    "plans:review-create": Case(roles=only(Role.ADMIN, Role.EXECUTIVE)),
    "plans:review-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"review_id": w.review.pk}),
    "plans:review-minutes": Case(roles=only(Role.ADMIN, Role.EXECUTIVE), kwargs=lambda w: {"review_id": w.review.pk}),
    "plans:review-time": Case(roles=only(Role.ADMIN, Role.EXECUTIVE), kwargs=lambda w: {"review_id": w.review.pk}),
    # The review's calendar file, for whoever may read the review (one with no time redirects to its page).
    "plans:review-calendar": Case(roles=EVERY_ROLE, kwargs=lambda w: {"review_id": w.review.pk}),
    "plans:review-decide": Case(
        roles=only(Role.ADMIN, Role.EXECUTIVE),
        kwargs=lambda w: {"review_id": w.review.pk, "item_id": w.review_item.pk},
    ),
    "plans:audit-pack": Case(roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR)),
    "reporting:report-list": Case(roles=EVERY_ROLE),
    "reporting:report-publish": Case(roles=only(Role.ADMIN)),
    "reporting:report-download": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"report_id": w.cabinet_report.pk, "fmt": "json"},
        other_kwargs=lambda w: {"report_id": w.quarterly_report.pk, "fmt": "pdf"},
        other_roles=only(Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR),
    ),
    # Children's records: need-to-know by agency involvement; the front door sees every child
    "children:child-list": Case(roles=only(*PRACTICE)),
    "children:child-find": Case(roles=only(*PRACTICE)),
    "children:child-create": Case(roles=only(*OPENERS)),
    "children:child-detail": child_case(PRACTICE),
    "children:chronology": child_case(PRACTICE),
    "children:chronology-export": child_case(PRACTICE),
    "children:voice-list": child_case(PRACTICE),
    "children:event-create": child_case(PRACTICE),
    "children:voice-create": child_case(PRACTICE),
    "children:involvement-create": child_case(PRACTICE),
    "children:household-edit": child_case(PRACTICE),
    "children:child-edit": child_case(OPENERS),
    "children:child-merge": child_case((Role.TEAM_MANAGER,), other=()),
    "children:break-glass": Case(
        roles=only(*PRACTICE),
        method="post",
        kwargs=lambda w: {"child_id": w.other_child.pk},
        data=lambda w: {"reason": "Child at A&E tonight with an injury; need to know who is involved"},
    ),
    # Strategy meetings: the lead agency runs them, invited agencies answer; oversight roles see figures only
    "strategy:meeting-list": Case(roles=only(*PRACTICE)),
    "strategy:meeting-start": Case(roles=only(*OPENERS)),
    "strategy:measures": Case(roles=only(*(set(Role.values) - {Role.ACTION_LEAD}))),
    "strategy:meeting-detail": meeting_case(PRACTICE),
    "strategy:meeting-record": meeting_case(OPENERS),
    "strategy:meeting-schedule": meeting_case(OPENERS),
    # The meeting's calendar file: for whoever may read the meeting (a meeting with no time redirects to its page).
    "strategy:meeting-calendar": meeting_case(PRACTICE),
    "strategy:meeting-complete": meeting_case(OPENERS, method="post"),
    "strategy:meeting-share": meeting_case(OPENERS, method="post"),
    "strategy:invitation-add": meeting_case(OPENERS, method="post"),
    "strategy:invitation": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"meeting_id": w.own_meeting.pk, "invitation_id": w.own_invitation.pk},
        other_kwargs=lambda w: {"meeting_id": w.other_meeting.pk, "invitation_id": w.other_invitation.pk},
        other_roles=every(NOT_FOUND),
    ),
    "strategy:invitation-acknowledge": Case(
        roles=only(*PRACTICE),
        method="post",
        kwargs=lambda w: {"meeting_id": w.own_meeting.pk, "invitation_id": w.own_invitation.pk},
        other_kwargs=lambda w: {"meeting_id": w.other_meeting.pk, "invitation_id": w.other_invitation.pk},
        other_roles=every(NOT_FOUND),
    ),
    # Front door and MASH: front door staff and managers; partners see the research asked of their agency
    "frontdoor:queue": Case(roles=only(*FRONT)),
    "frontdoor:contact-create": Case(roles=only(*FRONT)),
    "frontdoor:checks": Case(roles=only(*FRONT)),
    "frontdoor:measures": Case(
        roles=only(*FRONT, Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER),
    ),
    "frontdoor:contact-detail": Case(roles=only(*FRONT), kwargs=lambda w: {"contact_id": w.own_contact.pk}),
    "frontdoor:contact-link-child": Case(
        roles=only(*FRONT),
        method="post",
        kwargs=lambda w: {"contact_id": w.own_contact.pk},
        data=lambda w: {"local_child_id": "OWN-1"},
    ),
    "frontdoor:enquiry-open": Case(
        roles=only(*FRONT),
        method="post",
        kwargs=lambda w: {"contact_id": w.fresh_contact.pk},
        data=lambda w: {"priority": "green", "reason": "Low-level concern", "agencies": [w.agency.pk]},
    ),
    "frontdoor:enquiry-decide": Case(
        roles=only(*FRONT),
        method="post",
        kwargs=lambda w: {"contact_id": w.own_contact.pk},
        data=lambda w: {"version": w.enquiry.version, "outcome": "advice", "need_level": 1, "reasons": "Advice given"},
    ),
    "frontdoor:decision-confirm": Case(
        roles=only(Role.TEAM_MANAGER),
        method="post",
        kwargs=lambda w: {"contact_id": w.overridden_contact.pk},
        data=lambda w: {"reason": "Family already well supported by early help"},
    ),
    "frontdoor:research-list": Case(roles=only(*PRACTICE)),
    "frontdoor:feedback-told": Case(
        roles=only(*FRONT), method="post", kwargs=lambda w: {"feedback_id": w.untold_feedback.pk}
    ),
    "frontdoor:research-return": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"request_id": w.own_request.pk},
        other_kwargs=lambda w: {"request_id": w.other_request.pk},
        other_roles=every(NOT_FOUND),
    ),
    # Operation Encompass: police officers record incidents and resolve exceptions; a school's key adult reads and
    # acknowledges their own school's notifications and records its closures; the administrator keeps the settings
    "encompass:dashboard": Case(roles=only(OFFICER)),
    "encompass:incident-create": Case(roles=only(OFFICER)),
    "encompass:incident-import": Case(roles=only(OFFICER)),
    "encompass:import-template": Case(roles=only(OFFICER)),
    "encompass:incident-detail": Case(roles=only(OFFICER), kwargs=lambda w: {"incident_id": w.incident.pk}),
    "encompass:incident-add-child": Case(
        roles=only(OFFICER),
        method="post",
        kwargs=lambda w: {"incident_id": w.incident.pk},
        data=lambda w: w.new_child_data,
    ),
    "encompass:exception-resolve": Case(roles=only(OFFICER), kwargs=lambda w: {"exception_id": w.exception.pk}),
    "encompass:inbox": Case(roles=only(Role.KEY_ADULT)),
    "encompass:notification-detail": Case(
        roles=only(OFFICER, Role.KEY_ADULT),
        kwargs=lambda w: {"notification_id": w.notification.pk},
        other_kwargs=lambda w: {"notification_id": w.other_notification.pk},
        other_roles=only(OFFICER),
    ),
    "encompass:notification-acknowledge": Case(
        roles=only(Role.KEY_ADULT),
        method="post",
        kwargs=lambda w: {"notification_id": w.notification.pk},
        other_kwargs=lambda w: {"notification_id": w.other_notification.pk},
        other_roles=every(NOT_FOUND),
    ),
    "encompass:notification-support": Case(
        roles=only(Role.KEY_ADULT),
        method="post",
        kwargs=lambda w: {"notification_id": w.notification.pk},
        data=lambda w: {"version": w.notification.version, "support_offered": "Check-in with the class teacher"},
        other_kwargs=lambda w: {"notification_id": w.other_notification.pk},
        other_roles=every(NOT_FOUND),
    ),
    "encompass:notification-resend": Case(
        roles=only(OFFICER), method="post", kwargs=lambda w: {"notification_id": w.notification.pk}
    ),
    "encompass:setting-list": Case(roles=only(OFFICER, Role.ADMIN)),
    "encompass:setting-create": Case(roles=only(Role.ADMIN)),
    "encompass:setting-detail": Case(
        roles=only(OFFICER, Role.ADMIN, Role.KEY_ADULT),
        kwargs=lambda w: {"setting_id": w.own_setting.pk},
        other_kwargs=lambda w: {"setting_id": w.other_setting.pk},
        other_roles=only(OFFICER, Role.ADMIN),
    ),
    "encompass:setting-update": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"setting_id": w.own_setting.pk},
        data=lambda w: {"version": w.own_setting.version, "key_adult": w.school_key_adult.pk, "is_active": "on"},
    ),
    "encompass:closure-add": Case(
        roles=only(Role.ADMIN, Role.KEY_ADULT),
        method="post",
        kwargs=lambda w: {"setting_id": w.own_setting.pk},
        data=lambda w: w.closure_data,
        other_kwargs=lambda w: {"setting_id": w.other_setting.pk},
        other_roles=only(Role.ADMIN),
    ),
    "encompass:closure-remove": Case(
        roles=only(Role.ADMIN, Role.KEY_ADULT),
        method="post",
        kwargs=lambda w: {"setting_id": w.own_setting.pk, "closure_id": w.own_closure.pk},
        other_kwargs=lambda w: {"setting_id": w.other_setting.pk, "closure_id": w.other_closure.pk},
        other_roles=only(Role.ADMIN),
    ),
    "encompass:terms-import": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"setting_id": w.own_setting.pk},
        data=lambda w: {"file": w.terms_file()},
    ),
    "encompass:council-calendar": Case(roles=only(OFFICER, Role.ADMIN)),
    "encompass:council-terms-import": Case(
        roles=only(Role.ADMIN), method="post", data=lambda w: {"file": w.terms_file()}
    ),
    "encompass:council-closure-add": Case(roles=only(Role.ADMIN), method="post", data=lambda w: w.closure_data),
    "encompass:council-closure-remove": Case(
        roles=only(Role.ADMIN), method="post", kwargs=lambda w: {"closure_id": w.council_closure.pk}
    ),
    "encompass:measures": Case(
        roles=only(OFFICER, Role.TEAM_MANAGER, Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER)
    ),
    # Measures of impact: aggregate figures every member reads (small numbers suppressed per role)
    "measures:dashboard": Case(roles=EVERY_ROLE),
    "measures:dashboard-csv": Case(roles=EVERY_ROLE),
    "measures:dashboard-xlsx": Case(roles=EVERY_ROLE),
    "measures:indicator-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"key": w.indicator.key}),
    "measures:indicator-csv": Case(roles=EVERY_ROLE, kwargs=lambda w: {"key": w.indicator.key}),
    "measures:indicator-xlsx": Case(roles=EVERY_ROLE, kwargs=lambda w: {"key": w.indicator.key}),
    # Measures kept by hand: the administrator adds indicators, sets targets and links them to actions; the named
    # owner of an indicator entered by hand (and the administrator) enters its values
    "measures:indicator-create": Case(roles=only(Role.ADMIN)),
    "measures:indicator-target": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"key": w.indicator.key}),
    "measures:indicator-edit": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"key": w.manual_indicator.key}),
    "measures:indicator-retire": Case(
        roles=only(Role.ADMIN),
        method="post",
        kwargs=lambda w: {"key": w.indicator.key},
        data=lambda w: {"version": w.indicator.version},
    ),
    "measures:value-add": Case(
        roles=only(Role.ADMIN),
        kwargs=lambda w: {"key": w.manual_indicator.key},
        other_kwargs=lambda w: {"key": w.owned_indicator.key},
        other_roles=EVERY_ROLE,
    ),
    "measures:action-link": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"action_id": w.action.pk}),
    "measures:action-unlink": Case(
        roles=only(Role.ADMIN), method="post", kwargs=lambda w: {"link_id": w.indicator_link.pk}
    ),
    "api:indicators-list": Case(roles=EVERY_ROLE),
    "api:indicators-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"key": w.indicator.key}),
    # API
    "api:encompass-notification-list": Case(roles=EVERY_ROLE),
    "api:encompass-notification-detail": Case(
        roles=only(OFFICER, Role.KEY_ADULT),
        kwargs=lambda w: {"pk": w.notification.pk},
        other_kwargs=lambda w: {"pk": w.other_notification.pk},
        other_roles=only(OFFICER),
    ),
    "api:encompass-notification-acknowledge": Case(
        roles=only(Role.KEY_ADULT),
        method="post",
        kwargs=lambda w: {"pk": w.notification.pk},
        other_kwargs=lambda w: {"pk": w.other_notification.pk},
        other_roles=every(NOT_FOUND),
    ),
    "api:contact-list": Case(roles=EVERY_ROLE),
    "api:contact-detail": Case(roles=only(*FRONT), kwargs=lambda w: {"pk": w.own_contact.pk}),
    "api:mash-enquiry-list": Case(roles=EVERY_ROLE),
    "api:mash-enquiry-detail": Case(roles=only(*FRONT), kwargs=lambda w: {"pk": w.enquiry.pk}),
    "api:strategy-meeting-list": Case(roles=EVERY_ROLE),
    "api:strategy-meeting-detail": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"pk": w.own_meeting.pk},
        other_kwargs=lambda w: {"pk": w.other_meeting.pk},
        other_roles=every(NOT_FOUND),
    ),
    "api:child-list": Case(roles=EVERY_ROLE),
    "api:child-detail": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"pk": w.own_child.pk},
        other_kwargs=lambda w: {"pk": w.other_child.pk},
        other_roles=only(Role.FRONT_DOOR),
    ),
    "api:me": Case(roles=EVERY_ROLE),
    "api:agency-list": Case(roles=EVERY_ROLE),
    "api:agency-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"pk": w.agency.pk}),
    "api:inspection-list": Case(roles=EVERY_ROLE),
    "api:inspection-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"pk": w.action.inspection_id}),
    "api:finding-list": Case(roles=EVERY_ROLE),
    "api:finding-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"pk": w.finding.pk}),
    "api:action-list": Case(roles=EVERY_ROLE),
    "api:action-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"pk": w.action.pk}),
    # Risk assessments and written agreements: like the rest of the child's record
    "children:risk-create": child_case(PRACTICE),
    "children:agreement-create": child_case(PRACTICE),
    "children:risk-detail": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"child_id": w.own_child.pk, "assessment_id": w.own_assessment.pk},
        other_kwargs=lambda w: {"child_id": w.other_child.pk, "assessment_id": w.other_assessment.pk},
        other_roles=only(Role.FRONT_DOOR),
    ),
    "children:agreement-detail": Case(
        roles=only(*PRACTICE),
        kwargs=lambda w: {"child_id": w.own_child.pk, "agreement_id": w.own_agreement.pk},
        other_kwargs=lambda w: {"child_id": w.other_child.pk, "agreement_id": w.other_agreement.pk},
        other_roles=only(Role.FRONT_DOOR),
    ),
    # Case file audits: the lead runs rounds; agencies audit their own records; auditors see their round's children
    "audits:round-list": Case(roles=EVERY_ROLE),
    "audits:round-create": Case(roles=only(Role.ADMIN)),
    "audits:round-detail": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"round_id": w.auditing_round.pk},
        other_kwargs=lambda w: {"round_id": w.planning_round.pk},
        other_roles=only(*ROUND_READERS),
    ),
    **{
        name: Case(roles=only(Role.ADMIN), kwargs=lambda w: {"round_id": w.planning_round.pk})
        for name in ("audits:round-sample", "audits:round-add-case", "audits:round-add-auditor", "audits:round-open")
    },
    "audits:round-begin-moderation": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"round_id": w.auditing_round.pk}),
    "audits:round-complete": Case(roles=only(Role.ADMIN), kwargs=lambda w: {"round_id": w.moderating_round.pk}),
    "audits:tool-list": Case(roles=EVERY_ROLE),
    "audits:tool-create": Case(roles=only(Role.ADMIN)),
    "audits:tool-detail": Case(roles=EVERY_ROLE, kwargs=lambda w: {"tool_id": w.audit_tool.pk}),
    "audits:return-list": Case(roles=EVERY_ROLE),
    "audits:return-detail": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"return_id": w.own_return.pk},
        other_kwargs=lambda w: {"return_id": w.other_return.pk},
        other_roles=only(Role.ADMIN),
    ),
    "audits:return-assign": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"return_id": w.own_return.pk},
        other_kwargs=lambda w: {"return_id": w.other_return.pk},
        other_roles=only(Role.ADMIN),
    ),
    "audits:case-detail": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"case_id": w.own_case.pk},
        other_kwargs=lambda w: {"case_id": w.other_case.pk},
        other_roles=only(Role.ADMIN, Role.AUDITOR),
    ),
    "audits:case-record": Case(
        roles=only(Role.AUDITOR),
        kwargs=lambda w: {"case_id": w.own_case.pk},
        other_kwargs=lambda w: {"case_id": w.other_case.pk},
        other_roles=only(Role.AUDITOR),
    ),
    "audits:case-moderate": Case(
        roles=only(Role.ADMIN, Role.AUDITOR),
        kwargs=lambda w: {"case_id": w.agreed_case.pk},
        other_kwargs=lambda w: {"case_id": w.other_agreed_case.pk},
        other_roles=only(Role.ADMIN, Role.AUDITOR),
    ),
    "audits:recommendation-create": Case(
        roles=only(Role.ADMIN, Role.AUDITOR), kwargs=lambda w: {"round_id": w.moderating_round.pk}
    ),
    "audits:recommendation-action": Case(
        roles=only(Role.ADMIN), kwargs=lambda w: {"recommendation_id": w.recommendation.pk}
    ),
    "audits:results": Case(roles=EVERY_ROLE),
    **{
        name: Case(
            roles=EVERY_ROLE,
            kwargs=lambda w: {"round_id": w.auditing_round.pk},
            other_kwargs=lambda w: {"round_id": w.planning_round.pk},
            other_roles=only(*ROUND_READERS),
        )
        for name in ("audits:round-results", "audits:round-report-pdf", "audits:round-report-xlsx")
    },
    "api:audit-round-list": Case(roles=EVERY_ROLE),
    "api:audit-round-detail": Case(
        roles=EVERY_ROLE,
        kwargs=lambda w: {"pk": w.auditing_round.pk},
        other_kwargs=lambda w: {"pk": w.planning_round.pk},
        other_roles=only(*ROUND_READERS),
    ),
    **{
        f"api:audit-round-{step}": Case(
            roles={**only(Role.ADMIN), Role.ADMIN: REACHED},
            method="post",
            kwargs=lambda w, attribute=attribute: {"pk": getattr(w, attribute).pk},
            headers=lambda w, attribute=attribute: {"HTTP_IF_MATCH": f'"{getattr(w, attribute).version}"'},
        )
        for step, attribute in (
            ("draw-sample", "planning_round"),
            ("open", "planning_round"),
            ("begin-moderation", "auditing_round"),
            ("complete", "moderating_round"),
        )
    },
}
