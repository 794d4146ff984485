"""The sweeper: every job runs, a failing one does not stop the others, and with several workers on PostgreSQL a
job runs in one worker at a time."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from partnership.core import sweeper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    ran: list[str] = []

    def counted() -> int:
        ran.append("counted")
        return 3

    def broken() -> int:
        raise RuntimeError("the job broke")

    monkeypatch.setattr(sweeper, "SWEEP_JOBS", {"counted": counted, "broken": broken})
    yield ran


def test_every_job_runs_and_a_failure_is_reported_not_raised(jobs: list[str]) -> None:
    results = sweeper.sweep_once()
    assert results["counted"] == 3 and results["broken"] == -1 and "outbox" in results
    assert jobs == ["counted"]


def test_a_job_another_worker_is_running_is_passed_by_on_postgresql(jobs: list[str]) -> None:
    if connection.vendor != "postgresql":
        assert sweeper.sweep_once()["counted"] == 3  # one machine: nothing to hold apart
        return
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        dbname=settings["NAME"],
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [sweeper.lock_key("counted")])
        assert sweeper.sweep_once()["counted"] == sweeper.PASSED_BY
        assert jobs == []
        other.execute("SELECT pg_advisory_unlock(%s)", [sweeper.lock_key("counted")])
        assert sweeper.sweep_once()["counted"] == 3
        assert jobs == ["counted"]
        # The worker let go of its lock when the job ended: another session can take it at once.
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [sweeper.lock_key("counted")]).fetchone() == (True,)
    finally:
        other.close()
