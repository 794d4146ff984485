"""The strategy meeting's workflow as a state machine: convene, invite, reply, record, sign off, share, deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.utils import timezone
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from partnership.core.models import OutboxMessage
from partnership.strategy import rules, services
from partnership.strategy.models import Invitation, MeetingChild, MeetingState, Response, StrategyMeeting
from tests.system.states_base import RollbackMachine

MOVES = {
    (MeetingState.CONVENING, MeetingState.HELD),
    (MeetingState.HELD, MeetingState.COMPLETED),
    (MeetingState.COMPLETED, MeetingState.SHARED),
}
RECORD_FIELDS = ("held_at", "mode", "information_shared", "risk_analysis", "completed_at", "signed_off_by_id")
TEXT = st.sampled_from(["", "  ", "Bruising seen by the school nurse", "Said he is scared at home"])
MOSTLY_FRESH = st.sampled_from([False, False, False, True])
PICK = st.integers(min_value=0, max_value=4)


class StrategyWorkflow(RollbackMachine):
    """One strategy meeting about one child, run by its chair with four partner agencies and one not yet invited."""

    world: ClassVar[dict[str, Any]] = {}
    reached: ClassVar[set[str]] = set()  # the states some example reached, so a test can tell it went deep

    def __init__(self) -> None:
        super().__init__()
        self.chair = self.world["chair"]
        self.agencies = self.world["agencies"]
        threshold = timezone.now() - timedelta(hours=3)
        self.meeting = services.meeting_start(
            actor=self.chair, children=[self.world["child"]], threshold_at=threshold, threshold_reason="Injury seen"
        )
        fresh = self.fresh()
        self.seen = (fresh.version, fresh.history.count(), fresh.state)
        self.unversioned_saves = 0
        self.signed_off: dict[str, Any] | None = None

    def fresh(self) -> StrategyMeeting:
        return StrategyMeeting.objects.get(pk=self.meeting.pk)

    def invitation(self, pick: int) -> Invitation | None:
        invitations = list(Invitation.objects.filter(meeting=self.meeting).order_by("agency__name"))
        return invitations[pick % len(invitations)] if invitations else None

    def snapshot(self) -> Any:
        return (
            StrategyMeeting.objects.filter(pk=self.meeting.pk).values().get(),
            list(Invitation.objects.filter(meeting=self.meeting).order_by("pk").values()),
            list(MeetingChild.objects.filter(meeting=self.meeting).values()),
            list(self.meeting.actions.values("text", "due_on")),
            self.meeting.history.count(),
            OutboxMessage.objects.count(),
        )

    @rule(pick=PICK, response=st.sampled_from(Response.values), named=st.booleans())
    def agency_replies(self, pick: int, response: str, named: bool) -> None:
        invitation = self.invitation(pick)
        assert invitation is not None
        self.attempt(
            lambda: services.invitation_respond(
                actor=self.chair,
                invitation=invitation,
                expected_version=invitation.version,
                response=response,
                attendee_name="Sergeant Example" if named else "",
                attendee_role="Detective sergeant" if named else "",
            ),
            refused=response == Response.PENDING or (response == Response.ATTENDING and not named),
        )

    @rule(pick=PICK, information=TEXT, nothing_known=st.booleans())
    def agency_informs(self, pick: int, information: str, nothing_known: bool) -> None:
        invitation = self.invitation(pick)
        assert invitation is not None
        self.attempt(
            lambda: services.invitation_inform(
                actor=self.chair,
                invitation=invitation,
                expected_version=invitation.version,
                information=information,
                nothing_known=nothing_known,
            ),
            refused=not information.strip() and not nothing_known,
        )

    @rule(pick=PICK)
    def invite_another_agency(self, pick: int) -> None:
        agency = self.agencies[pick % len(self.agencies)]
        closed = self.fresh().state in {MeetingState.COMPLETED, MeetingState.SHARED}
        invited = Invitation.objects.filter(meeting=self.meeting, agency=agency).exists()
        self.attempt(
            lambda: services.invitation_add(
                actor=self.chair, meeting=self.fresh(), agency=agency, why="Knows the family"
            ),
            refused=closed or invited,
        )

    @rule(
        held=st.sampled_from(["none", "after", "before_threshold", "future"]),
        attended=st.sets(PICK, max_size=3),
        stranger=st.booleans(),
        s47=st.sampled_from(["", "yes", "no"]),
        reason=TEXT,
        investigation=st.sampled_from(["", "single", "joint"]),
        voice=TEXT,
        action=st.sampled_from(["none", "complete", "incomplete"]),
        stale=MOSTLY_FRESH,
    )
    def chair_records(self, **step: Any) -> None:
        meeting = self.fresh()
        held_at = {
            "none": None,
            "after": meeting.threshold_at + timedelta(hours=1),
            "before_threshold": meeting.threshold_at - timedelta(hours=1),
            "future": timezone.now() + timedelta(days=1),
        }[step["held"]]
        invited = {str(i.agency_id) for i in meeting.invitations.all()}
        attended = sorted({str(self.agencies[p % len(self.agencies)].pk) for p in step["attended"]} & invited)
        uninvited = [str(a.pk) for a in self.agencies if str(a.pk) not in invited]
        stranger = step["stranger"] and bool(uninvited)
        if stranger:
            attended.append(uninvited[0])
        child = meeting.children.get()
        decision = {"s47": step["s47"], "reason": step["reason"], "investigation": step["investigation"]}
        decision["voice_summary"] = step["voice"]
        actions = []
        if step["action"] != "none":
            actions.append(
                {
                    "text": "Visit the child at school",
                    "owner_agency": self.agencies[0],
                    "owner_name": "Alex Example" if step["action"] == "complete" else "",
                    "due_on": timezone.localdate() + timedelta(days=2),
                }
            )
        closed = meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED, MeetingState.CANCELLED}
        forbidden = (
            closed
            or step["stale"]
            or step["held"] in {"before_threshold", "future"}
            or stranger
            or (bool(step["s47"]) and not step["reason"].strip())
            or step["action"] == "incomplete"
        )
        self.attempt(
            lambda: services.meeting_record(
                actor=self.chair,
                meeting=meeting,
                expected_version=meeting.version - (1 if step["stale"] else 0),
                held_at=held_at,
                mode="meeting",
                information_shared="Police: two call-outs; health: missed appointments",
                risk_analysis="Risk of further injury",
                attended=attended,
                decisions={str(child.pk): decision},
                actions=actions,
            ),
            refused=forbidden,
        )

    @rule(s47=st.sampled_from(["yes", "no"]))
    def chair_writes_a_full_record(self, s47: str) -> None:
        meeting = self.fresh()
        child = meeting.children.get()
        self.attempt(
            lambda: services.meeting_record(
                actor=self.chair,
                meeting=meeting,
                expected_version=meeting.version,
                held_at=meeting.threshold_at + timedelta(hours=2),
                mode="call",
                information_shared="Each agency's checks",
                risk_analysis="Likely significant harm",
                attended=[str(i.agency_id) for i in meeting.invitations.filter(is_required=True)],
                decisions={
                    str(child.pk): {"s47": s47, "reason": "Injury", "investigation": "joint", "voice_summary": "Scared"}
                },
                actions=[
                    {
                        "text": "Joint visit",
                        "owner_agency": self.agencies[0],
                        "owner_name": "Alex Example",
                        "due_on": timezone.localdate() + timedelta(days=1),
                    }
                ],
            ),
            refused=meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED, MeetingState.CANCELLED},
        )

    @rule()
    def chair_signs_off(self) -> None:
        meeting = self.fresh()
        children = [
            {
                "name": str(c.child),
                "s47": c.s47,
                "investigation": c.investigation,
                "reason": c.reason,
                "voice": c.voice_summary,
            }
            for c in meeting.children.select_related("child")
        ]
        problems = rules.completion_problems(
            held_at=meeting.held_at,
            threshold_at=meeting.threshold_at,
            mode=meeting.mode,
            information_shared=meeting.information_shared,
            risk_analysis=meeting.risk_analysis,
            children=children,
            attendees=meeting.invitations.filter(attended=True).count(),
            actions=meeting.actions.count(),
        )
        closed = meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED, MeetingState.CANCELLED}
        done, _ = self.attempt(
            lambda: services.meeting_complete(actor=self.chair, meeting=meeting, expected_version=meeting.version),
            refused=closed or bool(problems),
        )
        if done:
            self.signed_off = StrategyMeeting.objects.filter(pk=meeting.pk).values(*RECORD_FIELDS).get()

    @rule()
    def chair_shares(self) -> None:
        meeting = self.fresh()
        unshared = meeting.invitations.filter(shared_at__isnull=True).count()
        done, sent = self.attempt(
            lambda: services.meeting_share(actor=self.chair, meeting=meeting),
            refused=meeting.state not in {MeetingState.COMPLETED, MeetingState.SHARED},
        )
        if done:
            assert sent == unshared, "sharing sends to each agency not yet sent to, and to no one twice"

    @rule(pick=PICK)
    def agency_acknowledges(self, pick: int) -> None:
        invitation = self.invitation(pick)
        assert invitation is not None
        self.attempt(
            lambda: services.invitation_acknowledge(actor=self.chair, invitation=invitation),
            refused=invitation.shared_at is None,
        )

    @rule(hours=st.sampled_from([1, 21, 25, 60]))
    def deadlines_are_swept(self, hours: int) -> None:
        now = self.fresh().threshold_at + timedelta(hours=hours)
        flags = ("convene_reminded_at", "convene_escalated_at", "share_escalated_at")
        before = StrategyMeeting.objects.filter(pk=self.meeting.pk).values(*flags).get()
        self.attempt(lambda: services.deadlines_sweep(now=now), refused=False)
        after = StrategyMeeting.objects.filter(pk=self.meeting.pk).values(*flags).get()
        self.unversioned_saves += sum(before[f] != after[f] for f in flags)
        _, again = self.attempt(lambda: services.deadlines_sweep(now=now), refused=False)
        assert again == 0, "a second sweep at the same moment sends nothing"

    @precondition(lambda self: self.seen[0] > 1)
    @rule()
    def stale_sign_off(self) -> None:
        meeting = self.fresh()
        self.attempt(
            lambda: services.meeting_complete(actor=self.chair, meeting=meeting, expected_version=meeting.version - 1),
            refused=True,
        )

    @invariant()
    def saves_versions_and_history_agree(self) -> None:
        meeting = self.fresh()
        versions, rows = meeting.version - self.seen[0], meeting.history.count() - self.seen[1]
        assert versions in {0, 1}
        assert rows == versions + self.unversioned_saves, "each save adds exactly one history row"
        if meeting.state != self.seen[2]:
            assert (self.seen[2], meeting.state) in MOVES, (self.seen[2], meeting.state)
        self.seen, self.unversioned_saves = (meeting.version, meeting.history.count(), meeting.state), 0
        event(f"meeting {meeting.state}")
        self.reached.add(f"meeting {meeting.state}")

    @invariant()
    def the_clocks_hold(self) -> None:
        meeting = self.fresh()
        assert meeting.convene_due_at == rules.convene_due(
            meeting.threshold_at, hours=settings.PARTNERSHIP_STRATEGY_CONVENE_HOURS
        )
        if meeting.state in {MeetingState.COMPLETED, MeetingState.SHARED}:
            assert meeting.completed_at is not None and meeting.signed_off_by_id == self.chair.pk
            assert meeting.share_due_at == rules.share_due(
                meeting.completed_at, working_days=settings.PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS
            )
            assert StrategyMeeting.objects.filter(pk=meeting.pk).values(*RECORD_FIELDS).get() == self.signed_off
        else:
            assert meeting.completed_at is None and meeting.share_due_at is None

    @invariant()
    def sharing_reaches_everyone_once(self) -> None:
        meeting = self.fresh()
        for invitation in meeting.invitations.select_related("agency"):
            sent = OutboxMessage.objects.filter(dedupe_key=f"strategy-record:{invitation.pk}").count()
            assert sent == (1 if invitation.shared_at and invitation.agency.contact_email else 0)
            assert invitation.acknowledged_at is None or invitation.shared_at is not None
            if meeting.state == MeetingState.SHARED:
                assert invitation.shared_at is not None
            invites = OutboxMessage.objects.filter(dedupe_key=f"strategy-invitation:{invitation.pk}").count()
            assert invites == (1 if invitation.agency.contact_email else 0)
