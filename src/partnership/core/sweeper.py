"""The once-a-minute sweeper: idempotent jobs that deliver notifications and act on passed deadlines.

Several workers may sweep at once (on several machines, against one PostgreSQL database): each job then runs in one
worker at a time, the others passing it by for that minute, held apart by a PostgreSQL advisory lock per job."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from partnership.core.outbox import outbox_deliver_pending

logger = logging.getLogger("partnership.worker")

# Each job is idempotent: running it twice in a row does nothing the second time.
SWEEP_JOBS: dict[str, Callable[[], int]] = {}
PASSED_BY = -2  # what a job "did" in a worker that found another worker running it


def register_sweep_job(name: str, job: Callable[[], int]) -> None:
    """Add a job to the sweeper; apps register theirs when they load."""
    SWEEP_JOBS[name] = job


def lock_key(name: str) -> int:
    """The advisory lock key of a job: the same number in every worker."""
    return zlib.crc32(f"partnership-sweep:{name}".encode())


@contextmanager
def one_worker_at_a_time(name: str) -> Iterator[bool]:
    """Whether this worker may run the job now: on PostgreSQL only while no other session holds its lock; on
    SQLite always (one machine, and its writes are serialised already)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
        row = cursor.fetchone()
    held = bool(row and row[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])


def sweep_once() -> dict[str, int]:
    """Run every registered deadline job, then deliver the outbox; return what each did (-1 failed, -2 passed by
    because another worker was running it)."""
    results: dict[str, int] = {}
    for name, job in SWEEP_JOBS.items():
        with one_worker_at_a_time(name) as mine:
            if not mine:
                results[name] = PASSED_BY
                continue
            try:
                results[name] = job()
            except Exception:
                logger.exception("Sweep job %s failed", name)
                results[name] = -1
    results["outbox"] = outbox_deliver_pending()
    return results
