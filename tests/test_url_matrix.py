"""Every URL pattern has a declared expectation per role, and each role gets exactly that."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.access.models import AccessEvent, Agency, AgencyKind, Role
from partnership.access.services import api_token_create
from partnership.encompass.models import Closure, ClosureKind, EncompassException, Setting, SettingType, Term
from partnership.encompass.rules import ChildEntry
from partnership.frontdoor.models import Feedback
from partnership.measures.models import ActionIndicator, Indicator
from tests.audits.builders import build_audit_world
from tests.children.builders import build_child, build_risk_records
from tests.conftest import sign_in
from tests.encompass.builders import enrol, entry_for, make_child, notification_of, record_incident
from tests.encompass.conftest import AUTUMN_2026, SPRING_2027, build_setting, key_adult_of
from tests.factories import AgencyFactory, TeamFactory, make_person
from tests.formdata import date_fields
from tests.frontdoor.builders import build_contact, build_enquiry, build_override
from tests.measures.builders import make_indicator, put_value, quarter
from tests.permission_matrix import ALLOW, MATRIX, NOT_FOUND, REACHED, REDIRECT, SIGN_IN, Case
from tests.plans.builders import build_cycle, build_plan, first_action
from tests.strategy.builders import build_meeting
from tests.trust import tally, tally_endpoint


def url_names(resolvers: list[Any] | None = None, namespace: str = "") -> set[str]:
    """The names of every URL pattern in the project, with their namespaces."""
    names: set[str] = set()
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so it cannot be in the permission matrix"
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_pattern_has_a_declared_expectation_for_every_role() -> None:
    names = url_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL patterns without an entry in tests/permission_matrix.py: {missing}"
    assert not stale, f"Entries in the permission matrix for URLs that no longer exist: {stale}"
    for name, case in MATRIX.items():
        assert set(case.roles) == set(Role.values), f"{name} does not declare every role"
        if case.other_kwargs:
            assert set(case.other_roles) == set(Role.values), f"{name} does not declare every role for other agencies"


@pytest.fixture(autouse=True)
def _quick_report_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The matrix checks who may reach each page, not the documents, so published reports skip the renderers."""
    from partnership.reporting import renderers

    for name in ("render_pdf", "render_xlsx", "render_docx"):
        monkeypatch.setattr(renderers, name, lambda data, name=name: f"{name} of {data['title']}".encode())


TERMS_CSV = b"term_name,first_day,last_day\nAutumn 2026,2026-09-03,2026-12-18\nSpring 2027,2027-01-05,2027-03-26\n"


def build_encompass(*, agency: Agency) -> dict[str, Any]:
    """A school whose staff sign in under the agency and a school elsewhere, each with a key adult; an incident that
    tells both and leaves a child with no setting as an exception; and closed days of each school and the council."""
    for name, (first, last) in (("Autumn 2026", AUTUMN_2026), ("Spring 2027", SPRING_2027)):
        Term.objects.create(name=name, first_day=first, last_day=last)
    own_setting = Setting.objects.create(
        name="Own School", urn="100001", setting_type=SettingType.COMMUNITY, phase="primary", agency=agency
    )
    school_key_adult = key_adult_of(own_setting)
    other_setting = build_setting(name="Other School", urn="100002")
    key_adult_of(other_setting)
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=AgencyFactory(kind=AgencyKind.POLICE))
    own_pupil = make_child(by=officer, first_name="Robin", last_name="Own", date_of_birth=date(2017, 5, 1))
    other_pupil = make_child(by=officer, first_name="Sam", last_name="Other", date_of_birth=date(2016, 3, 2))
    enrol(own_pupil, own_setting)
    enrol(other_pupil, other_setting)
    unplaced = ChildEntry(first_name="Lee", last_name="Unplaced", date_of_birth=date(2015, 1, 9), present=False)
    incident = record_incident(by=officer, children=[entry_for(own_pupil), entry_for(other_pupil), unplaced])
    return {
        "incident": incident,
        "notification": notification_of(incident, own_setting),
        "other_notification": notification_of(incident, other_setting),
        "exception": EncompassException.objects.get(incident_child__incident=incident),
        "own_setting": own_setting,
        "other_setting": other_setting,
        "school_key_adult": school_key_adult,
        "own_closure": Closure.objects.create(setting=own_setting, day=date(2026, 12, 1), kind=ClosureKind.INSET),
        "other_closure": Closure.objects.create(setting=other_setting, day=date(2026, 12, 1), kind=ClosureKind.INSET),
        "council_closure": Closure.objects.create(setting=None, day=date(2026, 12, 1), kind=ClosureKind.HOLIDAY),
        "closure_data": {**date_fields("day", date(2026, 12, 2)), "kind": ClosureKind.UNEXPECTED, "reason": "Snow"},
        "new_child_data": {
            "child-first_name": "Kim",
            "child-last_name": "New",
            **date_fields("child-date_of_birth", date(2014, 6, 6)),
            "child-present": "yes",
        },
        "terms_file": lambda: SimpleUploadedFile("terms.csv", TERMS_CSV, content_type="text/csv"),
    }


def build_measures() -> dict[str, Any]:
    """An indicator of the priority action broken down by agency, with a whole-partnership value and a small cell."""
    indicator = make_indicator(key="matrix-indicator", is_priority=True, breakdowns=["agency"], baseline=50, target=80)
    put_value(indicator, quarter("2026-04-01"), 30, 40)
    put_value(indicator, quarter("2026-04-01"), 2, 3, breakdown="agency", key="own", label="Own agency")
    return {"indicator": indicator}


def build_measures_by_hand(*, user: Any, colleague: Any, action: Any) -> dict[str, Any]:
    """An indicator entered by hand that a colleague owns, one the user owns, and the matrix indicator measuring the
    action."""
    indicator = Indicator.objects.get(key="matrix-indicator")
    return {
        "manual_indicator": make_indicator(key="matrix-by-hand", source="manual", owner=colleague),
        "owned_indicator": make_indicator(key="matrix-owned", source="manual", owner=user),
        "indicator_link": ActionIndicator.objects.create(action=action, indicator=indicator, added_by=colleague),
    }


def needs_audits(name: str) -> bool:
    """Whether the URL is one of the case file audits', whose rounds are built only for those URLs."""
    return name.startswith(("audits:", "api:audit-round"))


def build_world(role: str, *, audits: bool = False) -> SimpleNamespace:
    """A person of the role in agency A, with a colleague and team there, and the same in agency B; with the audit
    rounds of both agencies' children when asked."""
    agency, other_agency = AgencyFactory(), AgencyFactory()
    own_team, other_team = TeamFactory(agency=agency), TeamFactory(agency=other_agency)
    user = make_person(role, agency=agency, team=own_team)
    own_person = make_person(agency=agency, team=own_team)
    other_person = make_person(agency=other_agency, team=other_team)
    own_token, _ = api_token_create(user=user, name="mine")
    other_token, _ = api_token_create(user=other_person, name="theirs")
    inspection = build_plan(actions=2, lead=user, owner=agency)
    action = first_action(inspection)
    other_action = inspection.actions.exclude(pk=action.pk).get()
    other_action.lead = other_person
    other_action.save()
    cycle = build_cycle(inspection=inspection, admin=make_person(Role.ADMIN), action=action, other_action=other_action)
    own_child = build_child(agency=agency, local_child_id="OWN-1")
    other_child = build_child(agency=other_agency, local_child_id="OTHER-1", first_name="Jo")
    own_meeting = build_meeting(child=own_child, agency=agency, by=own_person, invited=[agency])
    other_meeting = build_meeting(child=other_child, agency=other_agency, by=other_person, invited=[other_agency])
    own_contact = build_contact(child=own_child, by=own_person)
    enquiry = build_enquiry(contact=own_contact, by=own_person, agencies=[agency, other_agency])
    overridden = build_override(child=own_child, by=own_person)
    own_assessment, own_agreement = build_risk_records(child=own_child, agency=agency)
    other_assessment, other_agreement = build_risk_records(child=other_child, agency=other_agency)
    audit_world = (
        build_audit_world(user=user, agency=agency, own_child=own_child, other_child=other_child) if audits else {}
    )
    return SimpleNamespace(
        **cycle,
        **audit_world,
        **build_encompass(agency=agency),
        **build_measures(),
        **build_measures_by_hand(user=user, colleague=own_person, action=action),
        own_child=own_child,
        other_child=other_child,
        own_contact=own_contact,
        fresh_contact=build_contact(child=own_child, by=own_person, concern="Third contact"),
        overridden_contact=overridden,
        untold_feedback=Feedback.objects.create(contact=overridden, to_referrer=True),
        enquiry=enquiry,
        own_request=enquiry.requests.get(agency=agency),
        other_request=enquiry.requests.get(agency=other_agency),
        own_meeting=own_meeting,
        other_meeting=other_meeting,
        own_invitation=own_meeting.invitations.get(),
        other_invitation=other_meeting.invitations.get(),
        own_assessment=own_assessment,
        other_assessment=other_assessment,
        own_agreement=own_agreement,
        other_agreement=other_agreement,
        user=user,
        agency=agency,
        own_team=own_team,
        other_team=other_team,
        own_person=own_person,
        other_person=other_person,
        own_token=own_token,
        other_token=other_token,
        action=action,
        other_action=other_action,
        finding=inspection.findings.get(reference="P1"),
    )


def call(client: Client, name: str, case: Case, kwargs: dict[str, Any], world: SimpleNamespace):
    url = reverse(name, kwargs=kwargs)
    method = getattr(client, case.method)
    headers = case.headers(world)
    return method(url, case.data(world), **headers) if case.method == "post" else method(url, **headers)


def check(response: Any, expectation: str, *, name: str, is_api: bool) -> None:
    status = response.status_code
    location = response.get("Location", "")
    sent_to_sign_in = location.split("?")[0] == reverse("access:sign-in")
    if expectation == ALLOW:
        assert status < 400, f"{name}: expected allowed, got {status}"
        assert not sent_to_sign_in, f"{name}: expected allowed, was sent to sign in"
    elif expectation == NOT_FOUND:
        assert status == 404, f"{name}: expected 404, got {status}"
    elif expectation == SIGN_IN:
        if is_api:
            assert status == 401, f"{name}: expected 401, got {status}"
        else:
            assert status == 302 and sent_to_sign_in, f"{name}: expected sign-in, got {status} {location}"
    elif expectation == REDIRECT:
        assert status == 302, f"{name}: expected a redirect, got {status}"
    elif expectation == REACHED:
        assert status not in (401, 403, 404) and status < 500, f"{name}: expected to reach the rules, got {status}"
        assert not sent_to_sign_in, f"{name}: expected to reach the rules, was sent to sign in"


CASES = [(name, role) for name in sorted(MATRIX) for role in Role.values]

# Written by any request, refused or not: the access log, sign-in lockout records and the session.
BOOKKEEPING = {
    "access.accessevent",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "sessions.session",
}


def fingerprint() -> dict[str, tuple[int, int]]:
    """Each table's row count and the sum of its version column where it has one: what a refused request must leave
    as it was."""
    prints: dict[str, tuple[int, int]] = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in BOOKKEEPING:
            continue
        rows = model._default_manager.all()
        has_version = any(field.name == "version" for field in model._meta.concrete_fields)
        prints[label] = (rows.count(), rows.aggregate(total=Sum("version"))["total"] or 0 if has_version else 0)
    return prints


def refused(expectation: str, method: str) -> bool:
    return method != "get" and expectation in (NOT_FOUND, SIGN_IN)


def call_checked(client: Client, name: str, case: Case, kwargs: dict[str, Any], world: Any, expectation: str) -> Any:
    """Call the URL; when the call is a refused change, check it changed nothing."""
    before = fingerprint() if refused(expectation, case.method) else None
    response = call(client, name, case, kwargs, world)
    if before is not None:
        after = fingerprint()
        changed = sorted(label for label in before if before[label] != after[label])
        assert not changed, f"{name}: a refused {case.method.upper()} changed {changed}"
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES)
def test_each_role_gets_what_the_matrix_declares(name: str, role: str) -> None:
    case = MATRIX[name]
    world = build_world(role, audits=needs_audits(name))
    client = sign_in(Client(), world.user)
    tally_endpoint(name)
    tally("role_object_cases", 1 if case.other_kwargs is None else 2)
    check(
        call_checked(client, name, case, case.kwargs(world), world, case.roles[role]),
        case.roles[role],
        name=name,
        is_api=name.startswith("api:"),
    )
    if case.other_kwargs is not None:
        expectation = case.other_roles[role]
        refusals_before = AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count()
        check(
            call_checked(client, name, case, case.other_kwargs(world), world, expectation),
            expectation,
            name=f"{name} (other agency)",
            is_api=name.startswith("api:"),
        )
        if expectation == NOT_FOUND:
            assert AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count() == refusals_before + 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_get_what_the_matrix_declares(name: str) -> None:
    case = MATRIX[name]
    world = build_world(Role.VIEWER, audits=needs_audits(name))
    tally_endpoint(name)
    tally("role_object_cases")
    check(
        call_checked(Client(), name, case, case.kwargs(world), world, case.anonymous),
        case.anonymous,
        name=name,
        is_api=name.startswith("api:"),
    )
