"""Auditors see only the children of their round, only while its window is open; every view is logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from partnership.access.models import AccessEvent, Agency, Role, User
from partnership.audits import selectors, services
from partnership.audits.models import AuditRound, AuditTool
from partnership.children.models import Child
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled(lead: User, auditor: User, audit_round: AuditRound, make_child: Callable[..., Child]) -> Child:
    child = make_child()
    services.round_add_case_by_hand(actor=lead, audit_round=audit_round, child=child)
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=auditor)
    return child


def _events(action: str, object_id: object) -> int:
    return AccessEvent.objects.filter(action=action, object_id=str(object_id)).count()


def test_an_auditor_opens_a_sampled_child_in_the_window_and_the_view_is_logged(
    auditor: User, audit_round: AuditRound, sampled: Child
) -> None:
    today = timezone.localdate()
    assert selectors.auditable_child_ids(auditor, today) == {sampled.pk}
    child = selectors.audit_child_get(user=auditor, child_id=sampled.pk, purpose="Case file audit")
    assert child == sampled
    event = AccessEvent.objects.get(action=AccessEvent.Action.VIEW, object_id=str(sampled.pk))
    assert (event.user, event.object_type, event.purpose) == (auditor, "child", "Case file audit")


def test_an_auditor_cannot_open_a_child_outside_the_sample(
    auditor: User, sampled: Child, make_child: Callable[..., Child]
) -> None:
    outside = make_child()
    with pytest.raises(Http404):
        selectors.audit_child_get(user=auditor, child_id=outside.pk, purpose="Case file audit")
    assert _events(AccessEvent.Action.REFUSED, outside.pk) == 1
    assert _events(AccessEvent.Action.VIEW, outside.pk) == 0


@pytest.mark.parametrize("offset", [-2, 31])
def test_an_auditor_cannot_open_a_sampled_child_before_or_after_the_window(
    auditor: User, sampled: Child, offset: int
) -> None:
    day = timezone.localdate() + timedelta(days=offset)
    assert selectors.auditable_child_ids(auditor, day) == set()
    with pytest.raises(Http404):
        selectors.audit_child_get(user=auditor, child_id=sampled.pk, purpose="Case file audit", today=day)
    assert _events(AccessEvent.Action.REFUSED, sampled.pk) == 1
    assert _events(AccessEvent.Action.VIEW, sampled.pk) == 0


def test_the_last_day_of_the_window_is_still_open(auditor: User, audit_round: AuditRound, sampled: Child) -> None:
    assert selectors.auditable_child_ids(auditor, audit_round.ends_on) == {sampled.pk}
    assert selectors.auditable_child_ids(auditor, audit_round.ends_on + timedelta(days=1)) == set()


def test_another_rounds_auditor_and_other_roles_cannot_open_the_sampled_child(
    lead: User, tool: AuditTool, sampled: Child
) -> None:
    other_auditor = make_person(Role.AUDITOR)
    other = services.round_create(
        actor=lead,
        title="Neglect",
        theme="Neglect",
        tool=tool,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=5),
    )
    services.round_add_auditor(actor=lead, audit_round=other, user=other_auditor, is_independent=True)
    for person in (other_auditor, lead, make_person(Role.VIEWER)):
        with pytest.raises(Http404):
            selectors.audit_child_get(user=person, child_id=sampled.pk, purpose="Case file audit")
    assert _events(AccessEvent.Action.REFUSED, sampled.pk) == 3


def test_an_auditors_access_ends_when_the_round_completes(
    auditor: User, audit_round: AuditRound, sampled: Child
) -> None:
    AuditRound.objects.filter(pk=audit_round.pk).update(state="complete")
    assert selectors.auditable_child_ids(auditor, timezone.localdate()) == set()
    assert not selectors.round_cases(user=auditor, audit_round=audit_round).exists()


def test_an_independent_auditor_gets_the_same_access(lead: User, audit_round: AuditRound, sampled: Child) -> None:
    independent = make_person(Role.AUDITOR)
    services.round_add_auditor(actor=lead, audit_round=audit_round, user=independent, is_independent=True)
    assert selectors.audit_child_get(user=independent, child_id=sampled.pk, purpose="Independent audit") == sampled


def test_rounds_and_cases_are_filtered_to_what_each_person_may_see(
    lead: User,
    auditor: User,
    screener: User,
    police: Agency,
    audit_round: AuditRound,
    sampled: Child,
) -> None:
    audit_round.refresh_from_db()
    services.round_open(actor=lead, audit_round=audit_round, expected_version=audit_round.version)
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    viewer = make_person(Role.VIEWER)
    assert list(selectors.visible_rounds(user=auditor)) == [audit_round]
    assert list(selectors.visible_rounds(user=viewer)) == [audit_round]
    assert list(selectors.visible_rounds(user=screener)) == [audit_round]
    assert list(selectors.visible_rounds(user=officer)) == []
    with pytest.raises(Http404):
        selectors.round_get(user=officer, round_id=audit_round.pk)

    assert [c.child for c in selectors.round_cases(user=auditor, audit_round=audit_round)] == [sampled]
    assert [c.child for c in selectors.round_cases(user=screener, audit_round=audit_round)] == [sampled]
    assert list(selectors.round_cases(user=viewer, audit_round=audit_round)) == []

    case = audit_round.cases.get()
    assert selectors.round_case_get(user=auditor, case_id=case.pk, purpose="Audit") == case
    assert AccessEvent.objects.filter(action="view", object_type="audit_case", object_id=str(case.pk)).count() == 1
    with pytest.raises(Http404):
        selectors.round_case_get(user=viewer, case_id=case.pk, purpose="Audit")

    (council_return,) = selectors.returns_for(user=screener)
    assert selectors.return_get(user=screener, return_id=council_return.pk, purpose="Audit") == council_return
    with pytest.raises(Http404):
        selectors.return_get(user=officer, return_id=council_return.pk, purpose="Audit")
    assert _events(AccessEvent.Action.REFUSED, council_return.pk) == 1


def test_permissions_of_the_audit_policies(
    lead: User, auditor: User, screener: User, audit_round: AuditRound, sampled: Child
) -> None:
    viewer = make_person(Role.VIEWER)
    assert lead.has_perm("audits.manage_rounds") and not auditor.has_perm("audits.manage_rounds")
    assert auditor.has_perm("audits.moderate", audit_round) and not viewer.has_perm("audits.moderate", audit_round)
    assert lead.has_perm("audits.make_action") and not auditor.has_perm("audits.make_action")
    assert viewer.has_perm("audits.view_all_rounds") and not screener.has_perm("audits.view_all_rounds")
