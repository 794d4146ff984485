"""Faults: the real worker (`partnership worker`, a separate process) killed with SIGKILL in the middle of delivering
the outbox, then started again, on a file SQLite database and on PostgreSQL.

The guarantee under test is the one `partnership.core.outbox` documents: nothing is lost; a message is handed over
once, except the one in flight when its worker died after the mail server accepted it, which is sent once more under
the same Message-ID after the claim's lease; a restarted worker leaves a message another worker claimed alone until
then. Kills land at each point of a delivery: claimed but not sent, during the hand-over, accepted by the mail server
but not returned, returned but not recorded — and once at whatever moment a slow batch has reached."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from partnership.core.models import OutboxMessage
from partnership.core.outbox import message_id_of, outbox_enqueue
from partnership.core.sweeper import sweep_once
from partnership.encompass import services as encompass
from tests.encompass.builders import at
from tests.system.faults_db import WRITE, counting_writes, row_counts, strike_points
from tests.system.test_faults_imports import INCIDENTS, encompass_world
from tests.trust import tally

REPO = Path(__file__).resolve().parents[2]
MESSAGES = 6
WAIT_SECONDS = 180.0


class WorkerWorld:
    """A database the worker processes share with the test, a journal of what the mail server got, and the worker."""

    def __init__(self, tmp_path: Path) -> None:
        self.journal = tmp_path / "mail.journal"
        self.journal.touch()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "DJANGO_SETTINGS_MODULE": "tests.system.faults_settings",
            "PARTNERSHIP_VAR_DIR": str(tmp_path / "var"),
            "PARTNERSHIP_EMAIL_BACKEND": "tests.system.faults_mail.JournallingBackend",
            "FAULTS_MAIL_JOURNAL": str(self.journal),
        }
        for message in range(MESSAGES):
            outbox_enqueue(
                kind="fault-test",
                dedupe_key=f"fault-test-{message}",
                to_address=f"person{message}@example.org",
                subject=f"Message {message}",
                body="A notification.",
            )
        self.expected = {message_id_of(row) for row in OutboxMessage.objects.all()}
        if connection.vendor == "sqlite":
            # The test database lives in memory; the workers need a file, so copy it (schema and rows) to one.
            self.sqlite_file = tmp_path / "worker.sqlite3"
            with sqlite3.connect(self.sqlite_file) as target:
                connection.ensure_connection()
                connection.connection.backup(target)
            self.env["DATABASE_URL"] = f"sqlite:///{self.sqlite_file}"
        else:
            db = connection.settings_dict
            password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
            self.env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def lines(self, event: str) -> list[str]:
        return [line.split(" ", 1)[1] for line in self.journal.read_text().splitlines() if line.startswith(event + " ")]

    def start(self, *, stall_at: str = "", delay: float = 0.05) -> subprocess.Popen[bytes]:
        """The worker's loop, with the journal points of faults_worker, stopping for good at `stall_at`."""
        env = {**self.env, "FAULTS_STALL_AT": stall_at, "FAULTS_MAIL_DELAY": str(delay)}
        command = [sys.executable, "-m", "tests.system.faults_worker", "--interval", "0.2"]
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run_once(self, *, lease: int) -> None:
        """The real `partnership worker --once`, no hooks, with the given claim lease."""
        env = {**self.env, "FAULTS_LEASE_SECONDS": str(lease), "FAULTS_MAIL_DELAY": "0"}
        command = [sys.executable, "-m", "partnership.cli", "worker", "--once"]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=WAIT_SECONDS, check=False)
        assert done.returncode == 0, done.stderr.decode()[-2000:]

    def unsent(self) -> set[str]:
        """The Message-IDs of the rows not yet recorded as sent, read from the workers' database."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2]
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.sqlite_file) as db:
                rows = db.execute("SELECT id FROM core_outboxmessage WHERE sent_at IS NULL").fetchall()
            return {f"<outbox.{uuid.UUID(row[0])}@{domain}>" for row in rows}
        return {message_id_of(row) for row in OutboxMessage.objects.filter(sent_at__isnull=True)}


def wait_until(condition: Callable[[], bool], worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:] if worker.stderr else "worker ended"
        assert time.monotonic() < deadline, "the worker did not reach the point in time"
        time.sleep(0.02)


def kill(worker: subprocess.Popen[bytes]) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("point", "in_doubt"),
    [
        ("claimed", False),  # claim committed, nothing handed over yet
        ("sending", False),  # during the hand-over: the mail server has not accepted it
        ("accepted", True),  # the mail server has it, the send call has not returned
        ("marking", True),  # the send returned, the row is not yet recorded as sent
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_at_each_point_of_a_delivery_loses_nothing_and_resends_only_what_was_in_doubt(
    tmp_path: Path, point: str, in_doubt: bool
) -> None:
    world = WorkerWorld(tmp_path)
    worker = world.start(stall_at=f"{point}:3")
    wait_until(lambda: len(world.lines(point)) == 3, worker)
    kill(worker)
    stuck = world.lines(point)[2]
    assert len(world.lines("accepted")) == (3 if point in {"accepted", "marking"} else 2)

    world.run_once(lease=300)  # restarted at once: the dead worker's claim still holds its message back
    assert world.unsent() == {stuck}
    world.run_once(lease=0)  # the lease has run out: the message in doubt is taken again
    world.run_once(lease=0)  # and a further cycle has nothing left to do
    assert world.unsent() == set()

    accepted = Counter(world.lines("accepted"))
    assert set(accepted) == world.expected, "a message was lost"
    twice = {message_id for message_id, times in accepted.items() if times > 1}
    assert twice == ({stuck} if in_doubt else set()), f"sent twice: {twice}"
    assert max(accepted.values()) <= 2
    tally("faults")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_at_an_unplanned_moment_of_a_slow_batch_delivers_everything_after_a_restart(
    tmp_path: Path,
) -> None:
    world = WorkerWorld(tmp_path)
    worker = world.start(delay=0.4)
    wait_until(lambda: len(world.lines("accepted")) >= 2, worker)
    kill(worker)
    world.run_once(lease=0)
    world.run_once(lease=0)
    assert world.unsent() == set()
    accepted = Counter(world.lines("accepted"))
    assert set(accepted) == world.expected
    assert sum(1 for times in accepted.values() if times > 1) <= 1  # at most the one in flight, under its own ID
    assert max(accepted.values()) <= 2
    tally("faults")


class KilledAtWrite:
    """An execute wrapper that stops the process (KeyboardInterrupt, which no job catches) at its n-th write: what
    was committed stays, the open transaction is rolled back, nothing after it runs."""

    def __init__(self, nth: int) -> None:
        self.nth = nth
        self.writes = 0

    def __call__(self, execute: Callable[..., object], sql: str, params: object, many: bool, context: object) -> object:
        if WRITE.match(sql):
            self.writes += 1
            if self.writes == self.nth:
                raise KeyboardInterrupt("sweeper killed")
        return execute(sql, params, many, context)


def sweep_until_quiet() -> None:
    for _ in range(5):
        results = sweep_once()
        if not any(value > 0 for value in results.values()):
            return
    raise AssertionError(f"the sweeper never settled: {results}")


def sent_keys() -> Counter[str]:
    """The dedupe key of every message the mail backend got, by the outbox row its Message-ID names."""
    keys = dict(OutboxMessage.objects.values_list("id", "dedupe_key"))
    return Counter(keys[uuid.UUID(m.extra_headers["Message-ID"][8:].partition("@")[0])] for m in mail.outbox)


def outbox_state() -> tuple[dict[str, int], set[str], int]:
    """Every table's row count, the dedupe keys queued, and how many are still unsent."""
    keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    return row_counts(), keys, OutboxMessage.objects.filter(sent_at__isnull=True).count()


@pytest.mark.django_db
def test_the_sweeper_killed_at_any_write_of_a_run_is_rerun_to_the_same_end_as_one_clean_run(
    police, council, settings
) -> None:
    settings.PARTNERSHIP_OUTBOX_LEASE_SECONDS = 0  # the killed run's claims are taken again at once
    officer = encompass_world(police)
    encompass.incidents_import(actor=officer, text=INCIDENTS, now=at("2026-11-16 07:00"))
    with transaction.atomic(), counting_writes() as writes:
        mail.outbox.clear()
        sweep_until_quiet()
        clean, sent_once = outbox_state(), sent_keys()
        transaction.set_rollback(True)
    assert len(writes) >= 4 and len(sent_once) >= 2 and clean[2] == 0
    assert set(sent_once.values()) == {1}
    for nth in strike_points(len(writes)):
        with transaction.atomic():
            mail.outbox.clear()
            killer = KilledAtWrite(nth + 1)
            with connection.execute_wrapper(killer), pytest.raises(KeyboardInterrupt):
                sweep_once()
            sweep_until_quiet()  # the worker started again
            assert outbox_state() == clean, f"killed at write {nth + 1}: a different end"
            sent = sent_keys()
            assert set(sent) == set(sent_once), f"killed at write {nth + 1}: a notification lost"
            assert sum(times - 1 for times in sent.values()) <= 1, f"killed at write {nth + 1}: sent twice {sent}"
            transaction.set_rollback(True)
        tally("faults")


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_whose_database_connection_is_cut_recovers_by_itself(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite is a file in the worker's own process: there is no server connection to cut
    world = WorkerWorld(tmp_path)
    worker = world.start()
    try:
        wait_until(lambda: world.unsent() == set(), worker)
        ours = connection.connection.info.backend_pid
        with psycopg.connect(world.env["DATABASE_URL"], autocommit=True) as other:
            cut = other.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
                [ours],
            ).fetchone()
        assert cut is not None and cut[0] >= 1
        outbox_enqueue(kind="fault-test", dedupe_key="after-the-cut", to_address="a@example.org", subject="S", body="B")
        late = message_id_of(OutboxMessage.objects.get(dedupe_key="after-the-cut"))
        wait_until(lambda: late in world.lines("accepted"), worker)
        assert worker.poll() is None
    finally:
        kill(worker)
    assert set(Counter(world.lines("accepted")).values()) == {1}
    tally("faults")
