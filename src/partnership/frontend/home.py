"""What the home page offers each role: links to the parts of the service their work needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from partnership.access.delivery_selectors import undelivered_count
from partnership.access.models import Role


@dataclass(frozen=True)
class HomeLink:
    """A link on the home page with the sentence that says what it is for."""

    title: str
    url_name: str
    description: str
    roles: frozenset[str]


HOME_LINKS: list[HomeLink] = [
    HomeLink(
        "Front door",
        "frontdoor:queue",
        "Contacts by deadline, MASH enquiries and the research each agency owes, joint decisions.",
        frozenset({Role.FRONT_DOOR, Role.TEAM_MANAGER}),
    ),
    HomeLink(
        "MASH research",
        "frontdoor:research-list",
        "What the MASH has asked your agency to check in its records, and by when.",
        frozenset({Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT}),
    ),
    HomeLink(
        "Front door measures",
        "frontdoor:measures",
        "Contacts and referrals, decisions on time, research on time by agency, joint decisions, feedback.",
        frozenset({Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER}),
    ),
    HomeLink(
        "Strategy meetings",
        "strategy:meeting-list",
        "Meetings your agency leads or is invited to: time left to convene and share, replies and records.",
        frozenset({Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT}),
    ),
    HomeLink(
        "Strategy meeting measures",
        "strategy:measures",
        "Time to convene, attendance and information by agency, records shared and acknowledged, the child's voice.",
        frozenset(Role.values) - {Role.ACTION_LEAD},
    ),
    HomeLink(
        "Operation Encompass",
        "encompass:dashboard",
        "Record incidents and tell each child's school before the next school day; exceptions and late notifications.",
        frozenset({Role.ENCOMPASS_OFFICER}),
    ),
    HomeLink(
        "Encompass notifications",
        "encompass:inbox",
        "Children at your school after a domestic abuse incident: acknowledge each and record the support offered.",
        frozenset({Role.KEY_ADULT}),
    ),
    HomeLink(
        "Encompass measures",
        "encompass:measures",
        "Notifications sent and acknowledged before the next school day by risk level, and exceptions resolved.",
        frozenset({Role.ENCOMPASS_OFFICER, Role.TEAM_MANAGER, Role.ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER}),
    ),
    HomeLink(
        "Schools and calendars",
        "encompass:setting-list",
        "Schools and other settings, their key adults, term dates and closures.",
        frozenset({Role.ADMIN, Role.ENCOMPASS_OFFICER}),
    ),
    HomeLink(
        "Children",
        "children:child-list",
        "The children your agency works with: chronology, the child's voice, risk and cumulative-risk flags.",
        frozenset({Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT}),
    ),
    HomeLink(
        "Your actions",
        "plans:my-actions",
        "The improvement plan actions you lead: record progress and evidence.",
        frozenset({Role.ACTION_LEAD}),
    ),
    HomeLink(
        "Improvement plan",
        "plans:overview",
        "The inspection's findings, the plan's actions by theme and their ratings, and what is off track.",
        frozenset(Role.values),
    ),
    HomeLink(
        "Measures of impact",
        "measures:dashboard",
        "Whether practice is changing: each indicator against its baseline and target, the priority action's first.",
        frozenset(Role.values),
    ),
    HomeLink(
        "Coverage of the findings",
        "plans:coverage",
        "Which findings each action answers, and what is missing.",
        frozenset({Role.ADMIN, Role.EXECUTIVE}),
    ),
    HomeLink(
        "Case file audits",
        "audits:round-list",
        "Multi-agency audit rounds: the sample, your agency's returns, moderated grades and recommendations.",
        frozenset(Role.values),
    ),
    HomeLink(
        "Audit results",
        "audits:results",
        "Grades by section, agency and round, and whether practice is getting better from one round to the next.",
        frozenset(Role.values) - {Role.ACTION_LEAD},
    ),
    HomeLink(
        "Agencies and teams",
        "access:agency-list",
        "The partnership's agencies, their teams and contacts.",
        frozenset(Role.values),
    ),
    HomeLink(
        "People",
        "access:person-list",
        "Accounts in your agency: roles, two-factor and access.",
        frozenset({Role.ADMIN, Role.TEAM_MANAGER}),
    ),
    HomeLink(
        "Access log",
        "access:access-log",
        "Who looked at which record, when and why, and every refusal.",
        frozenset({Role.ADMIN}),
    ),
    HomeLink(
        "Subject access requests",
        "records:subject-access-find",
        "Find a child, see everything every agency holds about them and who looked at it, and download it all.",
        frozenset({Role.ADMIN}),
    ),
    HomeLink(
        "Retention review",
        "records:retention-review",
        "Records past the periods the partnership keeps them for: keep each for longer or delete it, with a reason.",
        frozenset({Role.ADMIN}),
    ),
    HomeLink(
        "Your account",
        "access:account",
        "Two-factor authentication, recovery codes and API tokens.",
        frozenset(Role.values),
    ),
]


def home_sections(user: Any, roles: set[str]) -> list[dict[str, str]]:
    """The home page links the person's roles allow, in order; first, messages that could not be delivered."""
    sections = [
        {"title": link.title, "href": reverse(link.url_name), "description": link.description}
        for link in HOME_LINKS
        if roles & link.roles
    ]
    undelivered = undelivered_count(user=user) if roles & {Role.ADMIN, Role.TEAM_MANAGER} else 0
    if undelivered:
        sections.insert(0, _undelivered_card(undelivered))
    return sections


def _undelivered_card(count: int) -> dict[str, str]:
    """The home page card that tells a manager how many of their teams' messages could not be delivered."""
    noun = "message" if count == 1 else "messages"
    return {
        "title": "Messages that could not be delivered",
        "href": reverse("access:undelivered-list"),
        "description": f"{count} {noun} caused by people in your teams could not be delivered: see why and try again.",
    }
