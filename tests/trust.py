"""What the trust tests tried, counted and printed at the end of a run.

A test calls `tally(kind, n)` for each case it tries (a role against an object, a fuzzed request, a fault, a hostile
file) and `tally_endpoint(name)` for each URL it covered. The counts travel on the test's report, so they add up
across xdist workers, and a test that failed counts against its kind's outcome: a failed permission case is a leak, a
failed fuzz case a server error or a broken schema, a failed concurrency, fault or restore case lost or duplicated
data, a failed bad-input case something stored or sent that should not have been.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from typing import Any

import pytest

# kind: (what is counted, what a failure of such a test means)
KINDS: dict[str, tuple[str, str]] = {
    "role_object_cases": ("role × object cases tried, refusals checked to change nothing", "leaks"),
    "fuzz_cases": ("API requests fuzzed from the OpenAPI schema", "5xx or off-schema replies"),
    "concurrent_edits": ("concurrent edits raced on real threads", "lost updates"),
    "state_steps": ("workflow steps taken by stateful property tests", "broken invariants"),
    "faults": ("faults injected", "lost or duplicated records"),
    "restores": ("backups restored and compared", "lost or changed records"),
    "bad_files": ("malformed or hostile files tried", "bad files accepted or crashing"),
    "hostile_values": ("hostile values tried in forms and exports", "values stored or exported unsafely"),
    "security_checks": ("security checks (headers, deploy settings, dependencies)", "failed checks"),
}

_pending: list[tuple[str, Any]] = []
_totals: Counter[str] = Counter()
_failures: Counter[str] = Counter()
_endpoints: set[str] = set()


def tally(kind: str, n: int = 1) -> None:
    """Count n cases of a kind tried by the running test."""
    if kind not in KINDS:
        raise ValueError(f"Unknown trust count {kind!r}; add it to tests/trust.py KINDS")
    _pending.append(("trust", (kind, n)))


def tally_endpoint(name: str) -> None:
    """Record that the running test exercised the named URL pattern."""
    _pending.append(("trust-endpoint", name))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.failed):
        report.user_properties.extend(_pending)
        _pending.clear()
    elif report.when == "teardown":
        _pending.clear()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    kinds = set()
    for name, value in report.user_properties:
        if name == "trust":
            kind, n = value
            _totals[kind] += n
            kinds.add(kind)
        elif name == "trust-endpoint":
            _endpoints.add(value)
    if report.failed:
        for kind in kinds:
            _failures[kind] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _totals and not _endpoints:
        return
    write = terminalreporter.write_line
    terminalreporter.section("trust summary")
    if _endpoints:
        write(f"{len(_endpoints):>8,}  endpoints covered by the permission matrix")
    for kind, (counted, failure) in KINDS.items():
        if _totals[kind]:
            write(f"{_totals[kind]:>8,}  {counted}: {_failures[kind]:,} failing tests ({failure})")
    failed = sum(_failures.values())
    write(f"Trust: {'no failures' if not failed else f'{failed:,} failing tests'} among the cases above.")
