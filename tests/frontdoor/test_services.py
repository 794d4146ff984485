"""The front door's services: contacts kept and checked, MASH research on the clock, joint decisions, threshold checks,
the hand-over to a strategy meeting, feedback and chasing late research."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children import services as children_services
from partnership.children.models import Child, ChronologyEvent, EventType
from partnership.core.clocks import add_working_hours
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.frontdoor import selectors, services
from partnership.frontdoor.models import (
    Contact,
    ContactSource,
    ContactState,
    Feedback,
    MashEnquiry,
    Outcome,
    ResearchRequest,
)
from partnership.strategy.models import MeetingChild, StrategyMeeting

pytestmark = pytest.mark.django_db


def record(actor: User, **overrides: Any) -> Contact:
    """A contact from a school an hour ago, about the given children (or none)."""
    data: dict[str, Any] = {
        "received_at": timezone.now() - timedelta(hours=1),
        "source": ContactSource.SCHOOL,
        "concern": "Bruise on the arm seen at school; the child said her dad did it.",
        "referrer_name": "Ms Head",
        "referrer_organisation": "Hilltop Primary School",
        "referrer_email": "dsl@hilltop.example",
    }
    data.update(overrides)
    return services.contact_record(actor=actor, **data)


def open_enquiry(actor: User, contact: Contact, agencies: list[Agency], priority: str = "amber", **kw: Any) -> Any:
    return services.enquiry_open(
        actor=actor, contact=contact, priority=priority, reason="Injury disclosed by the child", agencies=agencies, **kw
    )


def decide(actor: User, enquiry: MashEnquiry, **overrides: Any) -> MashEnquiry:
    data: dict[str, Any] = {
        "expected_version": enquiry.version,
        "outcome": Outcome.ASSESSMENT,
        "need_level": 3,
        "reasons": "Injury disclosed; police hold two call-outs to the address.",
        "agencies": [],
    }
    data.update(overrides)
    return services.enquiry_decide(actor=actor, enquiry=enquiry, **data)


def request_of(enquiry: MashEnquiry, agency: Agency) -> ResearchRequest:
    return ResearchRequest.objects.get(enquiry=enquiry, agency=agency)


def outbox(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("to_address"))


# Contacts


def test_a_contact_with_no_child_identified_is_kept_as_unresolved(screener: User) -> None:
    contact = record(screener, children=[], child_details="A girl of about 8 at Hilltop Primary, called Amy")
    contact.refresh_from_db()
    assert contact.child_details == "A girl of about 8 at Hilltop Primary, called Amy"
    assert contact.children.count() == 0
    assert contact.state == ContactState.NEW
    assert list(selectors.contact_queue(user=screener, unresolved=True)) == [contact]


def test_a_contact_with_no_child_and_nothing_known_of_them_is_refused(screener: User) -> None:
    with pytest.raises(BusinessRuleError) as refused:
        record(screener, children=[], child_details="   ")
    assert "child_details" in refused.value.errors
    assert not Contact.objects.exists()


def test_the_same_contact_twice_is_caught_and_kept_only_when_confirmed_new(screener: User, child: Child) -> None:
    first = record(screener, children=[child], received_at=timezone.now() - timedelta(hours=5))
    # Same source, referrer and concern (case and spacing aside) three hours later.
    again = {
        "children": [child],
        "received_at": first.received_at + timedelta(hours=3),
        "referrer_name": " ms head ",
        "concern": "Bruise on the arm seen at school;  the child said her dad did it. ",
    }
    with pytest.raises(BusinessRuleError) as refused:
        record(screener, **again)
    assert set(refused.value.errors) == {"not_a_duplicate"}
    assert Contact.objects.count() == 1

    second = record(screener, **again, not_a_duplicate=True)
    assert second.pk != first.pk
    assert second.possible_duplicate_of == first
    assert Contact.objects.count() == 2


def test_a_similar_contact_from_another_source_or_a_day_later_is_not_a_duplicate(screener: User, child: Child) -> None:
    first = record(screener, children=[child])
    other_source = record(screener, children=[child], source=ContactSource.POLICE)
    next_week = record(screener, children=[child], received_at=first.received_at - timedelta(days=7))
    assert other_source.possible_duplicate_of is None
    assert next_week.possible_duplicate_of is None


def test_a_contact_goes_into_the_childs_chronology(screener: User, child: Child) -> None:
    contact = record(screener, children=[child])
    event = ChronologyEvent.objects.get(child=child, event_type=EventType.CONTACT)
    assert (event.source_type, event.source_id) == ("contact", str(contact.pk))
    assert event.occurred_at == contact.received_at
    assert "Bruise on the arm" in event.summary
    # Linking the same child again adds nothing.
    services.contact_add_child(actor=screener, contact=contact, child=child)
    assert ChronologyEvent.objects.filter(child=child, event_type=EventType.CONTACT).count() == 1


def test_the_decision_is_due_one_working_day_after_the_contact(screener: User, child: Child) -> None:
    # Maundy Thursday 17 April 2025 11:00 BST: Good Friday and Easter Monday are bank holidays.
    contact = record(screener, children=[child], received_at=datetime(2025, 4, 17, 10, tzinfo=UTC))
    contact.refresh_from_db()
    assert contact.decision_due_at == datetime(2025, 4, 22, 10, tzinfo=UTC)


# MASH enquiries and research


@pytest.mark.parametrize(
    ("priority", "due"),
    [
        # Friday 10 January 2025 15:00 GMT.
        ("red", datetime(2025, 1, 10, 19, tzinfo=UTC)),  # 4 clock hours: 19:00 the same evening
        ("amber", datetime(2025, 1, 15, 15, tzinfo=UTC)),  # 24 working hours: 2 + 8 + 8 + 6 -> Wednesday 15:00
        ("green", datetime(2025, 1, 13, 15, tzinfo=UTC)),  # 72 clock hours: Monday 15:00
    ],
)
def test_an_enquiry_asks_each_agency_to_research_by_the_deadline_of_its_priority(
    screener: User, child: Child, police: Agency, health: Agency, probation: Agency, priority: str, due: datetime
) -> None:
    contact = record(screener, children=[child])
    opened = datetime(2025, 1, 10, 15, tzinfo=UTC)
    enquiry = open_enquiry(screener, contact, [police, health, probation], priority=priority, now=opened)
    assert (enquiry.priority, enquiry.screener) == (priority, screener)
    requests = list(enquiry.requests.all())
    assert {r.agency_id for r in requests} == {police.pk, health.pk, probation.pk}
    assert {r.due_at for r in requests} == {due}
    assert due == (opened + timedelta(hours=4) if priority == "red" else due)
    if priority == "amber":
        assert due == add_working_hours(opened, 24)
    messages = outbox("mash-research")
    assert [m.to_address for m in messages] == ["mash@health.example", "mash@police.example", "mash@probation.example"]
    assert len({m.dedupe_key for m in messages}) == 3
    contact.refresh_from_db()
    assert contact.state == ContactState.ENQUIRY


def test_an_enquiry_needs_an_identified_child(screener: User, police: Agency) -> None:
    contact = record(screener, children=[], child_details="A boy at Hilltop Primary")
    with pytest.raises(BusinessRuleError):
        open_enquiry(screener, contact, [police])
    assert not MashEnquiry.objects.exists()
    assert not outbox("mash-research")


def test_an_enquiry_needs_a_priority_and_a_reason(screener: User, child: Child, police: Agency) -> None:
    contact = record(screener, children=[child])
    with pytest.raises(BusinessRuleError) as refused:
        services.enquiry_open(actor=screener, contact=contact, priority="purple", reason=" ", agencies=[police])
    assert {"priority", "reason"} <= set(refused.value.errors)
    assert not MashEnquiry.objects.exists()


def test_a_return_records_who_and_when(screener: User, child: Child, police: Agency, health: Agency) -> None:
    officer = screener  # any researcher; the service records the actor
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police, health])
    before = timezone.now()
    returned = services.research_return(
        actor=officer, request=request_of(enquiry, police), information="  Two call-outs in March.  "
    )
    returned.refresh_from_db()
    assert returned.information == "Two call-outs in March."
    assert returned.returned_by == officer
    assert returned.returned_at is not None
    assert before <= returned.returned_at <= timezone.now()
    assert (returned.nothing_known, returned.after_decision) == (False, False)


def test_nothing_known_is_a_return(screener: User, child: Child, health: Agency) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [health])
    returned = services.research_return(
        actor=screener, request=request_of(enquiry, health), information="", nothing_known=True
    )
    returned.refresh_from_db()
    assert returned.nothing_known is True
    assert returned.returned_at is not None


def test_an_empty_return_is_refused(screener: User, child: Child, health: Agency) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [health])
    with pytest.raises(BusinessRuleError) as refused:
        services.research_return(actor=screener, request=request_of(enquiry, health), information="  ")
    assert "information" in refused.value.errors
    assert request_of(enquiry, health).returned_at is None


def test_a_second_return_is_refused_and_the_first_kept(screener: User, child: Child, police: Agency) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    services.research_return(actor=screener, request=request_of(enquiry, police), information="Known to police.")
    with pytest.raises(BusinessRuleError):
        services.research_return(actor=screener, request=request_of(enquiry, police), information="Something else.")
    assert request_of(enquiry, police).information == "Known to police."


def test_two_researchers_returning_at_once_one_is_refused_and_nothing_overwritten(
    screener: User, child: Child, police: Agency
) -> None:
    # Two police researchers open the same request before either saves.
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    first, second = request_of(enquiry, police), request_of(enquiry, police)
    services.research_return(actor=screener, request=first, information="Two call-outs in March.")
    with pytest.raises(BusinessRuleError):
        services.research_return(actor=screener, request=second, information="Nothing on our systems.")
    assert request_of(enquiry, police).information == "Two call-outs in March."


def test_a_return_after_the_decision_is_kept_and_flagged(
    screener: User, child: Child, police: Agency, health: Agency
) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police, health])
    decide(screener, enquiry)
    late = services.research_return(actor=screener, request=request_of(enquiry, health), information="GP concerns.")
    late.refresh_from_db()
    assert late.after_decision is True
    assert late.information == "GP concerns."


# Decisions


def test_a_decision_with_no_reasons_is_refused(screener: User, child: Child, police: Agency) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    with pytest.raises(BusinessRuleError) as refused:
        decide(screener, enquiry, reasons="   ")
    assert "reasons" in refused.value.errors
    stored = MashEnquiry.objects.get(pk=enquiry.pk)
    assert (stored.decided_at, stored.outcome, stored.version) == (None, "", enquiry.version)
    assert Contact.objects.get(pk=enquiry.contact_id).state == ContactState.ENQUIRY


def test_two_screeners_deciding_at_once_one_is_refused_and_nothing_overwritten(
    screener: User, manager: User, child: Child, police: Agency, health: Agency
) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    mine = MashEnquiry.objects.get(pk=enquiry.pk)
    theirs = MashEnquiry.objects.get(pk=enquiry.pk)
    decide(screener, mine, expected_version=enquiry.version, outcome=Outcome.ASSESSMENT, agencies=[police])
    with pytest.raises(StaleVersion):
        decide(
            manager,
            theirs,
            expected_version=enquiry.version,
            outcome=Outcome.NO_FURTHER_ACTION,
            need_level=1,
            reasons="Nothing to follow up.",
            agencies=[health],
        )
    stored = MashEnquiry.objects.get(pk=enquiry.pk)
    assert (stored.outcome, stored.need_level, stored.decided_by) == (Outcome.ASSESSMENT, 3, screener)
    assert stored.version == enquiry.version + 1
    assert {a.pk for a in stored.decision_agencies.all()} == {screener.memberships.get().agency_id, police.pk}
    # Only the first decision told anyone.
    assert Feedback.objects.filter(contact=enquiry.contact).count() == 1


def test_a_decision_by_one_agency_alone_is_not_joint(
    screener: User, council: Agency, child: Child, police: Agency
) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    decided = decide(screener, enquiry, agencies=[council])
    decided.refresh_from_db()
    assert decided.is_joint is False
    assert list(decided.decision_agencies.all()) == [council]


def test_a_decision_with_another_agency_is_joint(screener: User, council: Agency, child: Child, police: Agency) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police])
    decided = decide(screener, enquiry, agencies=[police])
    decided.refresh_from_db()
    assert decided.is_joint is True
    assert {a.pk for a in decided.decision_agencies.all()} == {council.pk, police.pk}


def test_a_high_risk_domestic_abuse_contact_graded_low_needs_a_managers_confirmation(
    screener: User, manager: User, child: Child, police: Agency
) -> None:
    contact = record(
        screener,
        children=[child],
        source=ContactSource.POLICE,
        referrer_name="PC Smith",
        domestic_abuse=True,
        incident_at=timezone.now() - timedelta(hours=5),
        risk_level="high",
    )
    enquiry = open_enquiry(screener, contact, [police], priority="red")
    decided = decide(screener, enquiry, outcome=Outcome.EARLY_HELP, need_level=2, agencies=[police])
    decided.refresh_from_db()
    assert (decided.suggested_level, decided.needs_confirmation) == (3, True)
    assert list(selectors.decisions_for_audit(user=manager)) == [decided]
    assert list(selectors.decisions_for_audit(user=screener)) == [decided]


def test_a_decision_at_the_suggested_level_needs_no_confirmation(screener: User, child: Child) -> None:
    contact = record(screener, children=[child], domestic_abuse=True, risk_level="high")
    decided = decide(screener, open_enquiry(screener, contact, []), need_level=3)
    decided.refresh_from_db()
    assert (decided.suggested_level, decided.needs_confirmation) == (3, False)
    assert not selectors.decisions_for_audit(user=screener).exists()
    with pytest.raises(BusinessRuleError):
        services.decision_confirm(actor=screener, enquiry=decided, reason="Fine")


def test_confirming_a_lower_level_needs_a_reason_and_a_manager(screener: User, manager: User, child: Child) -> None:
    contact = record(screener, children=[child], domestic_abuse=True, risk_level="high")
    decided = decide(screener, open_enquiry(screener, contact, []), outcome=Outcome.EARLY_HELP, need_level=2)
    # Only a manager may confirm (the view checks this permission).
    assert not screener.has_perm("frontdoor.confirm_decision")
    assert manager.has_perm("frontdoor.confirm_decision")
    with pytest.raises(BusinessRuleError) as refused:
        services.decision_confirm(actor=manager, enquiry=decided, reason="  ")
    assert "reason" in refused.value.errors
    assert MashEnquiry.objects.get(pk=decided.pk).confirmed_at is None

    services.decision_confirm(actor=manager, enquiry=decided, reason="Mother has left; father in custody.")
    stored = MashEnquiry.objects.get(pk=decided.pk)
    assert stored.confirmed_by == manager
    assert stored.confirmation_reason == "Mother has left; father in custody."
    assert stored.confirmed_at is not None
    # It stays listed for audit, confirmed ones after those still waiting.
    assert list(selectors.decisions_for_audit(user=manager)) == [stored]
    with pytest.raises(BusinessRuleError):
        services.decision_confirm(actor=manager, enquiry=stored, reason="Again")


def test_a_strategy_outcome_opens_a_strategy_meeting_with_the_children_and_the_research(
    screener: User, child: Child, police: Agency, health: Agency, probation: Agency
) -> None:
    sibling = children_services.child_create(
        actor=screener, first_name="Sam", last_name="Example", date_of_birth=date(2019, 2, 3), local_child_id="C-2"
    )
    contact = record(screener, children=[child, sibling])
    enquiry = open_enquiry(screener, contact, [police, health, probation], priority="red")
    services.research_return(actor=screener, request=request_of(enquiry, police), information="Two call-outs.")
    services.research_return(actor=screener, request=request_of(enquiry, health), information="", nothing_known=True)
    decided = decide(
        screener, enquiry, outcome=Outcome.STRATEGY, need_level=4, reasons="Disclosure of assault.", agencies=[police]
    )
    decided.refresh_from_db()
    meeting = StrategyMeeting.objects.get()
    assert decided.strategy_meeting_id == meeting.pk
    assert set(MeetingChild.objects.filter(meeting=meeting).values_list("child_id", flat=True)) == {
        child.pk,
        sibling.pk,
    }
    assert "Disclosure of assault." in meeting.threshold_reason
    assert contact.concern in meeting.threshold_reason
    assert "Durham Constabulary: Two call-outs." in meeting.threshold_reason
    assert "County Durham Health: nothing known" in meeting.threshold_reason
    assert "Probation" not in meeting.threshold_reason  # nothing returned yet
    assert meeting.threshold_at == decided.decided_at


def test_other_outcomes_open_no_strategy_meeting(screener: User, child: Child) -> None:
    decided = decide(screener, open_enquiry(screener, record(screener, children=[child]), []))
    assert decided.strategy_meeting_id is None
    assert not StrategyMeeting.objects.exists()


# Feedback


def test_the_referrer_and_each_agency_that_returned_research_are_told(
    screener: User, child: Child, police: Agency, health: Agency, probation: Agency
) -> None:
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police, health, probation])
    services.research_return(actor=screener, request=request_of(enquiry, police), information="Two call-outs.")
    services.research_return(actor=screener, request=request_of(enquiry, health), information="", nothing_known=True)
    decide(screener, enquiry, agencies=[police, health])

    feedback = list(Feedback.objects.filter(contact=enquiry.contact).order_by("address"))
    assert [(f.address, f.to_referrer, f.agency_id) for f in feedback] == [
        ("dsl@hilltop.example", True, None),
        ("mash@health.example", False, health.pk),
        ("mash@police.example", False, police.pk),
    ]
    assert all(f.told_at is not None for f in feedback)
    messages = outbox("mash-outcome")
    assert [m.to_address for m in messages] == [f.address for f in feedback]
    assert {m.dedupe_key for m in messages} == {f"mash-outcome:{f.pk}" for f in feedback}
    assert all("Child and family assessment" in m.body for m in messages)
    assert not selectors.untold_outcomes(user=screener).exists()


def test_with_no_one_to_write_to_the_outcome_is_listed_as_untold_until_recorded(screener: User, child: Child) -> None:
    contact = record(screener, children=[child], referrer_email="", referrer_phone="0191 000 0000")
    decide(screener, open_enquiry(screener, contact, []))
    untold = list(selectors.untold_outcomes(user=screener))
    assert [(f.contact_id, f.to_referrer, f.told_at) for f in untold] == [(contact.pk, True, None)]
    assert not outbox("mash-outcome")

    services.feedback_record(actor=screener, feedback=untold[0])
    assert not selectors.untold_outcomes(user=screener).exists()


def test_a_referrer_with_no_email_is_still_listed_as_untold_when_agencies_were_told(
    screener: User, child: Child, police: Agency
) -> None:
    # The referrer left only a phone number; the police returned research and are told by e-mail. The referrer must
    # still be told (by phone), so their untold outcome has to be listed.
    contact = record(screener, children=[child], referrer_email="", referrer_phone="0191 000 0000")
    enquiry = open_enquiry(screener, contact, [police])
    services.research_return(actor=screener, request=request_of(enquiry, police), information="Known.")
    decide(screener, enquiry, agencies=[police])
    assert [m.to_address for m in outbox("mash-outcome")] == ["mash@police.example"]
    untold = list(selectors.untold_outcomes(user=screener))
    assert [(f.contact_id, f.to_referrer) for f in untold] == [(contact.pk, True)]


# Chasing late research


def test_late_research_is_chased_once_and_never_for_a_decided_enquiry(
    screener: User, child: Child, police: Agency, health: Agency, probation: Agency
) -> None:
    sibling = children_services.child_create(
        actor=screener, first_name="Sam", last_name="Example", date_of_birth=date(2019, 2, 3), local_child_id="C-2"
    )
    opened = timezone.now() - timedelta(hours=6)
    enquiry = open_enquiry(screener, record(screener, children=[child]), [police, health, probation], "red", now=opened)
    services.research_return(actor=screener, request=request_of(enquiry, health), information="Known to the GP.")
    # Another red enquiry, decided although its research is late: no chase.
    decided = open_enquiry(
        screener,
        record(screener, children=[sibling], concern="Another matter", referrer_name="Mr Other"),
        [police],
        "red",
        now=opened,
    )
    decide(screener, decided)
    # A green enquiry, not yet due.
    not_due = open_enquiry(
        screener,
        record(screener, children=[child], concern="A third matter", referrer_name="Dr Who"),
        [police],
        "green",
        now=opened,
    )

    assert services.research_chase_sweep() == 2
    chases = outbox("mash-research-chase")
    assert [m.to_address for m in chases] == ["mash@police.example", "mash@probation.example"]
    assert request_of(enquiry, police).chased_at is not None
    assert request_of(decided, police).chased_at is None
    assert request_of(not_due, police).chased_at is None
    assert request_of(enquiry, health).chased_at is None

    assert services.research_chase_sweep() == 0
    assert len(outbox("mash-research-chase")) == 2
