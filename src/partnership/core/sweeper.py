"""The once-a-minute sweeper: idempotent jobs that deliver notifications and act on passed deadlines."""

from __future__ import annotations

import logging
from collections.abc import Callable

from partnership.core.outbox import outbox_deliver_pending

logger = logging.getLogger("partnership.worker")

# Each job is idempotent: running it twice in a row does nothing the second time.
SWEEP_JOBS: dict[str, Callable[[], int]] = {}


def register_sweep_job(name: str, job: Callable[[], int]) -> None:
    """Add a job to the sweeper; apps register theirs when they load."""
    SWEEP_JOBS[name] = job


def sweep_once() -> dict[str, int]:
    """Run every registered deadline job, then deliver the outbox; return what each did."""
    results: dict[str, int] = {}
    for name, job in SWEEP_JOBS.items():
        try:
            results[name] = job()
        except Exception:
            logger.exception("Sweep job %s failed", name)
            results[name] = -1
    results["outbox"] = outbox_deliver_pending()
    return results
