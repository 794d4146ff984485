"""Two people saving the same record at the same moment, on real threads: one save wins, the other is told, none lost.

Each thread reads the record on its own database connection, waits at a barrier until the other has read it too,
then saves through the real service (or the real API or web form). Exactly one save may win; the other must be
refused with the message a person sees, the stored record must be the winner's, its version must go up by one and
exactly one history row must be added. The outbox race checks that two delivery workers send every message once.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.access.services import api_token_create
from partnership.children import services as children_services
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_deliver_pending, outbox_enqueue
from partnership.frontdoor import services as frontdoor_services
from partnership.frontdoor.models import MashEnquiry
from partnership.frontdoor.views import STALE as FRONT_DOOR_STALE
from partnership.plans import services as plan_services
from partnership.plans.models import Action
from partnership.strategy import services as strategy_services
from partnership.strategy.models import StrategyMeeting
from tests.conftest import sign_in
from tests.factories import AgencyFactory, make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.plans.builders import build_plan, first_action
from tests.strategy.builders import build_meeting
from tests.trust import tally

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5
STALE_TEXT = "Someone else changed this record since you opened it."
API_STALE_DETAIL = "Someone else changed this action. Fetch it again and reapply your change."
ALREADY_DECIDED = "This enquiry has already been decided"


@dataclass
class Outcome:
    """What one thread's save came to: the value it returned, or the refusal a person would see."""

    won: bool
    refusal: str = ""
    value: Any = None


def race(*saves: Callable[[threading.Barrier], Any]) -> list[Outcome]:
    """Run each save on its own thread and connection; each reads, waits for the others at the barrier, then saves."""
    barrier = threading.Barrier(len(saves), timeout=30)
    outcomes: list[Outcome | BaseException | None] = [None] * len(saves)

    def run(index: int) -> None:
        try:
            outcomes[index] = Outcome(won=True, value=saves[index](barrier))
        except (StaleVersion, BusinessRuleError) as refusal:
            outcomes[index] = Outcome(won=False, refusal=refusal.message)
        except BaseException as error:  # noqa: BLE001 - handed back to the test, which fails with it
            barrier.abort()
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(saves))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a saving thread never finished"
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return [outcome for outcome in outcomes if isinstance(outcome, Outcome)]


def one_winner(outcomes: list[Outcome]) -> tuple[Outcome, Outcome]:
    """The single winning and single refused outcome of a two-way race."""
    winners = [outcome for outcome in outcomes if outcome.won]
    losers = [outcome for outcome in outcomes if not outcome.won]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    return winners[0], losers[0]


@pytest.fixture(autouse=True)
def _threads_share_a_database_file(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """Race on a database file, as the service runs, not on SQLite's shared-memory test database.

    In shared memory a second writer is refused at once ("database table is locked") instead of waiting its turn
    as it does on a file in WAL mode, so for these tests the memory database is copied to a file and every thread
    connects to that; the memory database is kept open meanwhile and used again afterwards. PostgreSQL needs nothing.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    memory_name = connection.settings_dict["NAME"]
    keeper = sqlite3.connect(memory_name, uri=True)
    copy = sqlite3.connect(tmp_path / "race.sqlite3")
    keeper.backup(copy)
    copy.close()
    connection.settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
    connection.close()  # closes the memory connection now that the name is a file's (a memory one is never closed)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keeper.close()


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = []
    settings.PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS = 1
    settings.PARTNERSHIP_MASH_RESEARCH_DEADLINES = "red:4:clock,amber:24:working,green:72:clock"
    settings.PARTNERSHIP_BASE_URL = "https://partnership.example"


def test_two_people_recording_progress_on_one_action_at_once_lose_nothing() -> None:
    lead = make_person(Role.ACTION_LEAD)
    admin = make_person(Role.ADMIN)
    action = first_action(build_plan(actions=1, lead=lead))

    def progress(actor: User, note: str) -> Callable[[threading.Barrier], Any]:
        def save(barrier: threading.Barrier) -> str:
            mine = Action.objects.get(pk=action.pk)
            barrier.wait()
            plan_services.action_record_progress(
                actor=actor, action=mine, expected_version=mine.version, status="in_progress", progress_note=note
            )
            return note

        return save

    for round_number in range(ROUNDS):
        before = Action.objects.get(pk=action.pk)
        history = before.history.count()
        winner, loser = one_winner(
            race(progress(lead, f"Lead's note {round_number}"), progress(admin, f"Admin's note {round_number}"))
        )
        tally("concurrent_edits")
        assert loser.refusal == STALE_TEXT
        after = Action.objects.get(pk=action.pk)
        assert after.progress_note == winner.value
        assert after.version == before.version + 1
        assert after.history.count() == history + 1
        assert after.history.first().progress_note == winner.value  # type: ignore[union-attr]


def api_client(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="race")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_two_api_clients_patching_one_action_at_once_get_one_200_and_one_412() -> None:
    lead = make_person(Role.ACTION_LEAD)
    admin = make_person(Role.ADMIN)
    action = first_action(build_plan(actions=1, lead=lead))
    url = f"/api/v1/actions/{action.pk}/"
    clients = {"lead": api_client(lead), "admin": api_client(admin)}

    def patch(who: str, note: str) -> Callable[[threading.Barrier], Any]:
        def save(barrier: threading.Barrier) -> Any:
            client = clients[who]
            etag = client.get(url)["ETag"]
            barrier.wait()
            response = client.patch(
                url, {"status": "in_progress", "progress_note": note}, "application/json", HTTP_IF_MATCH=etag
            )
            if response.status_code == 412:
                raise StaleVersion(response.json()["detail"])
            assert response.status_code == 200, response.content
            return (note, etag, response["ETag"])

        return save

    for round_number in range(ROUNDS):
        before = Action.objects.get(pk=action.pk)
        history = before.history.count()
        winner, loser = one_winner(race(patch("lead", f"Lead {round_number}"), patch("admin", f"Admin {round_number}")))
        tally("concurrent_edits")
        assert loser.refusal == API_STALE_DETAIL
        note, sent, answered = winner.value
        assert (sent, answered) == (f'"{before.version}"', f'"{before.version + 1}"')
        after = Action.objects.get(pk=action.pk)
        assert (after.progress_note, after.version) == (note, before.version + 1)
        assert after.history.count() == history + 1


def test_two_people_writing_one_strategy_meeting_record_at_once_lose_nothing(
    council: Agency, police: Agency, health: Agency
) -> None:
    chair = make_person(Role.SOCIAL_WORKER, agency=council)
    colleague = make_person(Role.TEAM_MANAGER, agency=council)
    child = children_services.child_create(
        actor=chair,
        first_name="Robin",
        last_name="Example",
        date_of_birth=timezone.localdate() - timedelta(days=2000),
        local_child_id="C-1",
    )
    meeting = build_meeting(child=child, agency=council, by=chair, invited=[council, police, health])

    def record(actor: User, analysis: str, attended: list[Agency]) -> Callable[[threading.Barrier], Any]:
        def save(barrier: threading.Barrier) -> tuple[str, set[Any]]:
            mine = StrategyMeeting.objects.get(pk=meeting.pk)
            barrier.wait()
            strategy_services.meeting_record(
                actor=actor,
                meeting=mine,
                expected_version=mine.version,
                held_at=timezone.now() - timedelta(minutes=30),
                mode="meeting",
                information_shared=f"Shared, as {actor.get_full_name()} wrote it",
                risk_analysis=analysis,
                attended=[agency.pk for agency in attended],
                decisions={},
                actions=[],
            )
            return analysis, {agency.pk for agency in attended}

        return save

    for round_number in range(ROUNDS):
        before = StrategyMeeting.objects.get(pk=meeting.pk)
        history = before.history.count()
        winner, loser = one_winner(
            race(
                record(chair, f"Chair's analysis {round_number}", [council, police]),
                record(colleague, f"Manager's analysis {round_number}", [council, health]),
            )
        )
        tally("concurrent_edits")
        assert loser.refusal == STALE_TEXT
        analysis, attended = winner.value
        after = StrategyMeeting.objects.get(pk=meeting.pk)
        assert after.risk_analysis == analysis
        assert set(after.invitations.filter(attended=True).values_list("agency_id", flat=True)) == attended
        assert after.version == before.version + 1
        assert after.history.count() == history + 1


def _decision_race_world(council: Agency, police: Agency) -> tuple[User, User, Any]:
    first = make_person(Role.FRONT_DOOR, agency=council)
    second = make_person(Role.FRONT_DOOR, agency=council)
    child = children_services.child_create(
        actor=first,
        first_name="Sam",
        last_name="Example",
        date_of_birth=timezone.localdate() - timedelta(days=3000),
        local_child_id="C-2",
    )
    return first, second, child


def test_two_screeners_deciding_one_contact_at_once_through_the_service_lose_nothing(
    council: Agency, police: Agency
) -> None:
    first, second, child = _decision_race_world(council, police)

    def decide(actor: User, enquiry_id: Any, outcome: str) -> Callable[[threading.Barrier], Any]:
        def save(barrier: threading.Barrier) -> str:
            mine = MashEnquiry.objects.get(pk=enquiry_id)
            barrier.wait()
            frontdoor_services.enquiry_decide(
                actor=actor,
                enquiry=mine,
                expected_version=mine.version,
                outcome=outcome,
                need_level=2 if outcome == "early_help" else 1,
                reasons=f"Decided by {actor.username}",
                agencies=[police],
            )
            return outcome

        return save

    for round_number in range(ROUNDS):
        contact = build_contact(child=child, by=first, concern=f"Concern {round_number}")
        enquiry = build_enquiry(contact=contact, by=first, agencies=[police])
        winner, loser = one_winner(race(decide(first, enquiry.pk, "early_help"), decide(second, enquiry.pk, "nfa")))
        tally("concurrent_edits")
        assert loser.refusal == STALE_TEXT
        after = MashEnquiry.objects.get(pk=enquiry.pk)
        assert after.outcome == winner.value
        assert after.decided_by == (first if winner.value == "early_help" else second)
        assert after.version == enquiry.version + 1
        assert MashEnquiry.history.filter(id=enquiry.pk).count() == 2  # created, then the one decision
        assert after.contact.state == "decided"


def test_two_screeners_deciding_one_contact_at_once_through_the_web_form_lose_nothing(
    council: Agency, police: Agency
) -> None:
    first, second, child = _decision_race_world(council, police)
    clients = {first.pk: sign_in(Client(), first), second.pk: sign_in(Client(), second)}

    def decide(actor: User, contact_id: Any, outcome: str) -> Callable[[threading.Barrier], Any]:
        def save(barrier: threading.Barrier) -> str:
            client = clients[actor.pk]
            page = client.get(reverse("frontdoor:contact-detail", kwargs={"contact_id": contact_id})).content.decode()
            found = re.search(r'name="version" value="(\d+)"', page)
            assert found, "the decision form carries the version it was read at"
            barrier.wait()
            url = reverse("frontdoor:enquiry-decide", kwargs={"contact_id": contact_id})
            answer = client.post(
                url,
                {"version": found.group(1), "outcome": outcome, "need_level": 1, "reasons": f"By {actor.username}"},
                follow=True,
            )
            text = answer.content.decode()
            for refusal in (FRONT_DOOR_STALE, ALREADY_DECIDED):
                if refusal in text:
                    raise BusinessRuleError(refusal)
            assert answer.redirect_chain and answer.status_code == 200, text[:500]
            return outcome

        return save

    for round_number in range(ROUNDS):
        contact = build_contact(child=child, by=first, concern=f"Web concern {round_number}")
        enquiry = build_enquiry(contact=contact, by=first, agencies=[police])
        winner, loser = one_winner(race(decide(first, contact.pk, "early_help"), decide(second, contact.pk, "nfa")))
        tally("concurrent_edits")
        assert loser.refusal in {FRONT_DOOR_STALE, ALREADY_DECIDED}
        after = MashEnquiry.objects.get(pk=enquiry.pk)
        assert after.outcome == winner.value
        assert after.version == enquiry.version + 1
        assert MashEnquiry.history.filter(id=enquiry.pk).count() == 2


def test_two_delivery_workers_at_once_send_every_message_exactly_once() -> None:
    agency = AgencyFactory(kind=AgencyKind.POLICE, contact_email="mash@police.example")
    for round_number in range(ROUNDS):
        mail.outbox.clear()
        for number in range(12):
            outbox_enqueue(
                kind="race",
                dedupe_key=f"race:{round_number}:{number}",
                to_address=agency.contact_email,
                subject=f"Message {round_number}.{number}",
                body="A test message.",
            )

        def deliver(barrier: threading.Barrier) -> int:
            barrier.wait()
            return outbox_deliver_pending()

        outcomes = race(deliver, deliver)
        tally("concurrent_edits")
        assert sum(outcome.value for outcome in outcomes) == 12
        subjects = sorted(message.subject for message in mail.outbox)
        assert subjects == sorted(f"Message {round_number}.{number}" for number in range(12))
        rows = OutboxMessage.objects.filter(kind="race", dedupe_key__startswith=f"race:{round_number}:")
        assert rows.filter(sent_at__isnull=True).count() == 0
        assert set(rows.values_list("attempts", flat=True)) == {1}
