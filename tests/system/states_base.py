"""What every workflow state machine shares: a clean world per example, refusals that change nothing, counted steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine

from partnership.core.errors import BusinessRuleError, StaleVersion
from tests.test_url_matrix import fingerprint
from tests.trust import tally

BOUNDS = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class RollbackMachine(RuleBasedStateMachine):
    """A state machine whose example runs inside a savepoint that is rolled back at its end, so each starts clean."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def snapshot(self) -> Any:
        """Everything a refused step must leave as it was: by default every table's row count and version total;
        each workflow's machine adds what its rules care about."""
        return fingerprint()

    def attempt(self, call: Callable[[], Any], *, refused: bool | None = None) -> tuple[bool, Any]:
        """Take one step through a real service; a refusal must be a BusinessRuleError and must change nothing.

        `refused` says what the rules predict (None when they predict nothing); returns (done, value).
        """
        tally("state_steps")
        before = self.snapshot()
        try:
            value = call()
        except (BusinessRuleError, StaleVersion) as refusal:
            assert refusal.message, "a refusal must say why"
            assert self.snapshot() == before, "a refused step changed something"
            assert refused is not False, f"a step the rules allow was refused: {refusal.message} {errors_of(refusal)}"
            return False, refusal
        assert refused is not True, "a step the rules forbid was allowed"
        return True, value


def errors_of(refusal: Exception) -> dict[str, list[str]]:
    """The field messages of a refusal, for a failing assertion's text."""
    return getattr(refusal, "errors", {})
