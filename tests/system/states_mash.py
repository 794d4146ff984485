"""The front door's MASH workflow as a state machine: contact, enquiry, agency research, decision, feedback."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.utils import timezone
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from partnership.core.models import OutboxMessage
from partnership.frontdoor import rules, services
from partnership.frontdoor.models import (
    Contact,
    ContactState,
    Feedback,
    MashEnquiry,
    NeedLevel,
    Outcome,
    Priority,
    ResearchRequest,
)
from partnership.strategy.models import StrategyMeeting
from tests.system.states_base import RollbackMachine

MOVES = {(ContactState.NEW, ContactState.ENQUIRY), (ContactState.ENQUIRY, ContactState.DECIDED)}
TEXT = st.sampled_from(["", "  ", "Police attended a domestic incident", "Known to the health visitor"])
PICK = st.integers(min_value=0, max_value=5)


class MashWorkflow(RollbackMachine):
    """Contacts about one child through screening, research by partner agencies, the joint decision and feedback."""

    world: ClassVar[dict[str, Any]] = {}
    reached: ClassVar[set[str]] = set()  # the states some example reached, so a test can tell it went deep

    def __init__(self) -> None:
        super().__init__()
        self.screener, self.manager = self.world["screener"], self.world["manager"]
        self.agencies, self.child = self.world["agencies"], self.world["child"]
        self.contacts: list[Contact] = []
        self.states: dict[Any, str] = {}
        self.enquiry_versions: dict[Any, int] = {}
        first = services.contact_record(
            actor=self.screener,
            received_at=timezone.now() - timedelta(hours=2),
            source="2A",
            concern="Child said she was hit at home",
            children=[self.child],
            referrer_name="Ms Teacher",
        )
        self.contacts.append(first)

    def contact(self, pick: int) -> Contact | None:
        return Contact.objects.get(pk=self.contacts[pick % len(self.contacts)].pk) if self.contacts else None

    def snapshot(self) -> Any:
        return (
            list(Contact.objects.order_by("pk").values()),
            list(MashEnquiry.objects.order_by("pk").values()),
            list(ResearchRequest.objects.order_by("pk").values()),
            Feedback.objects.count(),
            OutboxMessage.objects.count(),
            StrategyMeeting.objects.count(),
            MashEnquiry.history.count(),
        )

    @rule(
        concern=st.sampled_from(["", "Bruise seen at school", "Domestic incident reported by police"]),
        identified=st.booleans(),
        risk=st.sampled_from(["", "standard", "high"]),
        domestic_abuse=st.booleans(),
        not_a_duplicate=st.booleans(),
        email=st.booleans(),
    )
    def contact_arrives(self, **step: Any) -> None:
        received = timezone.now() - timedelta(minutes=30)
        repeat = services.likely_duplicate(
            source="2A", referrer_name="Ms Teacher", concern=step["concern"], received_at=received
        )
        done, contact = self.attempt(
            lambda: services.contact_record(
                actor=self.screener,
                received_at=received,
                source="2A",
                concern=step["concern"],
                children=[self.child] if step["identified"] else [],
                child_details="" if step["identified"] else "A boy of about 6 at Hilltop Primary",
                referrer_name="Ms Teacher",
                referrer_email="teacher@hilltop.example" if step["email"] else "",
                domestic_abuse=step["domestic_abuse"],
                risk_level=step["risk"],
                not_a_duplicate=step["not_a_duplicate"],
            ),
            refused=(
                not step["concern"].strip()
                or (bool(step["risk"]) and not step["domestic_abuse"])
                or (repeat is not None and not step["not_a_duplicate"])
            ),
        )
        if done:
            self.contacts.append(contact)
            assert contact.possible_duplicate_of_id == (repeat.pk if repeat else None)

    @rule(pick=PICK)
    def child_is_identified(self, pick: int) -> None:
        contact = self.contact(pick)
        if contact is not None:
            self.attempt(lambda: services.contact_add_child(actor=self.screener, contact=contact, child=self.child))

    @rule(pick=PICK, priority=st.sampled_from(["", *Priority.values]), reason=TEXT, agencies=st.sets(PICK, max_size=3))
    def enquiry_opens(self, pick: int, priority: str, reason: str, agencies: set[int]) -> None:
        contact = self.contact(pick)
        if contact is None:
            return
        asked = [self.agencies[p % len(self.agencies)] for p in sorted(agencies)]
        done, enquiry = self.attempt(
            lambda: services.enquiry_open(
                actor=self.screener, contact=contact, priority=priority, reason=reason, agencies=asked
            ),
            refused=(
                not priority
                or not reason.strip()
                or not contact.children.exists()
                or MashEnquiry.objects.filter(contact=contact).exists()
            ),
        )
        if done:
            assert enquiry.requests.count() == len(set(asked))
            self.enquiry_versions[enquiry.pk] = enquiry.version

    @rule(pick=PICK, agency=PICK, information=TEXT, nothing_known=st.booleans())
    def agency_returns_research(self, pick: int, agency: int, information: str, nothing_known: bool) -> None:
        requests = list(ResearchRequest.objects.order_by("created_at", "agency__name"))
        if not requests:
            return
        request = requests[(pick * 7 + agency) % len(requests)]
        decided = MashEnquiry.objects.filter(pk=request.enquiry_id, decided_at__isnull=False).exists()
        done, _ = self.attempt(
            lambda: services.research_return(
                actor=self.screener, request=request, information=information, nothing_known=nothing_known
            ),
            refused=(not information.strip() and not nothing_known) or request.returned_at is not None,
        )
        if done:
            assert ResearchRequest.objects.get(pk=request.pk).after_decision == decided

    @rule(
        pick=PICK,
        outcome=st.sampled_from(["", *Outcome.values]),
        level=st.sampled_from([0, *NeedLevel.values]),
        reasons=TEXT,
        agencies=st.sets(PICK, max_size=2),
        stale=st.sampled_from([False, False, False, True]),
    )
    def mash_decides(self, **step: Any) -> None:
        contact = self.contact(step["pick"])
        enquiry = MashEnquiry.objects.filter(contact=contact).first() if contact else None
        if enquiry is None:
            return
        joining = [self.agencies[p % len(self.agencies)] for p in step["agencies"]]
        done, _ = self.attempt(
            lambda: services.enquiry_decide(
                actor=self.screener,
                enquiry=enquiry,
                expected_version=enquiry.version - (1 if step["stale"] else 0),
                outcome=step["outcome"],
                need_level=step["level"],
                reasons=step["reasons"],
                agencies=joining,
            ),
            refused=(
                not step["outcome"]
                or not step["level"]
                or not step["reasons"].strip()
                or enquiry.decided_at is not None
                or step["stale"]
            ),
        )
        if done:
            decided = MashEnquiry.objects.get(pk=enquiry.pk)
            assert decided.version == self.enquiry_versions[enquiry.pk] + 1, "one decision, one new version"
            self.enquiry_versions[enquiry.pk] = decided.version
            assert decided.is_joint == rules.is_joint({a.pk for a in joining} | {self.world["own_agency"].pk})

    @rule(pick=PICK, reason=TEXT)
    def manager_confirms(self, pick: int, reason: str) -> None:
        contact = self.contact(pick)
        enquiry = MashEnquiry.objects.filter(contact=contact).first() if contact else None
        if enquiry is None:
            return
        self.attempt(
            lambda: services.decision_confirm(actor=self.manager, enquiry=enquiry, reason=reason),
            refused=not enquiry.needs_confirmation or enquiry.confirmed_at is not None or not reason.strip(),
        )

    @rule(hours=st.sampled_from([1, 30, 80]))
    def late_research_is_chased(self, hours: int) -> None:
        now = timezone.now() + timedelta(hours=hours)
        self.attempt(lambda: services.research_chase_sweep(now=now), refused=False)
        _, again = self.attempt(lambda: services.research_chase_sweep(now=now), refused=False)
        assert again == 0, "a second sweep at the same moment chases no one"

    @invariant()
    def contacts_move_forward_only(self) -> None:
        for contact in Contact.objects.all():
            previous = self.states.get(contact.pk, ContactState.NEW)
            if contact.state != previous:
                assert (previous, contact.state) in MOVES, (previous, contact.state)
            self.states[contact.pk] = contact.state
            event(f"contact {contact.state}")
            self.reached.add(f"contact {contact.state}")
            enquiry = MashEnquiry.objects.filter(contact=contact).first()
            assert (enquiry is None) == (contact.state == ContactState.NEW)
            if enquiry is not None:
                assert contact.children.exists(), "an enquiry is only opened about an identified child"
                assert (enquiry.decided_at is not None) == (contact.state == ContactState.DECIDED)

    @invariant()
    def decisions_are_consistent(self) -> None:
        for enquiry in MashEnquiry.objects.all():
            assert enquiry.version == (2 if enquiry.decided_at else 1)
            # One row per save: opened, decided, then the meeting linked and the manager's confirmation if any.
            extra = (1 if enquiry.strategy_meeting_id else 0) + (1 if enquiry.confirmed_at else 0)
            assert enquiry.history.count() == enquiry.version + extra
            if enquiry.decided_at is None:
                assert not enquiry.outcome and enquiry.need_level is None and enquiry.confirmed_at is None
                continue
            assert enquiry.outcome in Outcome.values and enquiry.reasons.strip()
            assert enquiry.is_joint == rules.is_joint(enquiry.decision_agencies.values_list("pk", flat=True))
            assert enquiry.needs_confirmation == rules.needs_confirmation(
                level=enquiry.need_level, suggested=enquiry.suggested_level
            )
            assert enquiry.confirmed_at is None or enquiry.needs_confirmation
            assert (enquiry.strategy_meeting_id is not None) == (enquiry.outcome == Outcome.STRATEGY)
            returned = enquiry.requests.filter(returned_at__isnull=False, returned_at__lte=enquiry.decided_at)
            told = Feedback.objects.filter(contact=enquiry.contact, to_referrer=False).count()
            assert told == returned.count(), "every agency that researched before the decision hears the outcome"
            assert Feedback.objects.filter(contact=enquiry.contact, to_referrer=True).count() == 1

    @invariant()
    def research_is_returned_and_chased_once(self) -> None:
        for request in ResearchRequest.objects.all():
            chases = OutboxMessage.objects.filter(dedupe_key=f"mash-research-chase:{request.pk}").count()
            assert chases == (1 if request.chased_at and request.agency.contact_email else 0)
            assert request.returned_at is None or request.returned_by_id is not None
