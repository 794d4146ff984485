"""The API's own schema loaded in-process, and what each role must never be given when the fuzzer aims at known
records: the helpers of tests/system/test_api_fuzz.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.permission_matrix import MATRIX, NOT_FOUND

SCHEMA_PATH = "/api/schema/"

# What every fuzzed reply is held to: no server error, a documented status, a documented content type, headers
# and a body that match the schema of that status.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Deterministic in CI: the same cases on every run and no example database left behind. No deadline, because every
# case is a real request against the database and its time says nothing about correctness. No health check is
# suppressed: none fires for these bounded cases, and one that starts to should be looked at, not silenced.
FUZZ_SETTINGS = settings(max_examples=8, derandomize=True, database=None, deadline=None)
# Valid requests sent to each known record's path, per operation on that path.
AIMED_EXAMPLES = 2


@contextmanager
def one_connection() -> Iterator[None]:
    """Keep the test's transaction across in-process WSGI requests, as Django's own test client does: Django closes
    'old' database connections when each request starts and finishes, which would end the test's transaction (on
    PostgreSQL; SQLite's in-memory test database ignores the close). Nested uses leave the signals alone."""
    disconnected = request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        if disconnected:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@cache
def api_schema() -> Any:
    """The OpenAPI schema as the running application serves it, loaded through WSGI without a server."""
    with one_connection():
        return schemathesis.openapi.from_wsgi(SCHEMA_PATH, WSGIHandler())


def operations() -> list[Any]:
    """Every operation of the schema; a schema Schemathesis cannot read fails here rather than being skipped."""
    return [result.ok() for result in api_schema().get_all_operations()]


def bearer(token: str) -> dict[str, str]:
    """The header the API expects a personal token in."""
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Targets:
    """The permission matrix's API records, own agency's and another's, and the paths the role must get 404 for."""

    paths: set[str] = field(default_factory=set)  # concrete paths of known records
    refused: set[str] = field(default_factory=set)  # of those, the ones this role may not see
    refusals_tried: int = 0  # requests that aimed at a refused path


def targets_for(world: SimpleNamespace, role: str) -> Targets:
    """The API records of the permission matrix, own agency's and another's, with what this role must get."""
    targets = Targets()
    for name, case in MATRIX.items():
        if not name.startswith("api:"):
            continue
        for kwargs_of, expectations in ((case.kwargs, case.roles), (case.other_kwargs, case.other_roles)):
            kwargs = kwargs_of(world) if kwargs_of is not None else {}
            if not kwargs:
                continue
            path = reverse(name, kwargs=kwargs)
            targets.paths.add(path)
            if expectations[role] == NOT_FOUND:
                targets.refused.add(path)
    return targets


def aimed_parameters(operation: Any, targets: Targets) -> list[dict[str, str]]:
    """The path parameters that make the operation's path one of the known records' paths."""
    names = [parameter.name for parameter in operation.path_parameters]
    if len(names) != 1:
        return []
    name = names[0]
    prefix, _, suffix = operation.path.partition(f"{{{name}}}")
    aimed = []
    for path in sorted(targets.paths):
        value = path[len(prefix) : len(path) - len(suffix)]
        if path == f"{prefix}{value}{suffix}" and value and "/" not in value:
            aimed.append({name: value})
    return aimed


def case_strategy(operation: Any) -> st.SearchStrategy[Any]:
    """Valid and deliberately invalid requests drawn from the schema."""
    return st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))


def assert_refused(case: Any, response: Any, targets: Targets) -> None:
    """A path the matrix says the role may not see answers 404 to every method, never data."""
    path = case.formatted_path
    if path in targets.refused:
        targets.refusals_tried += 1
        assert response.status_code == 404, (
            f"{case.method} {path}: expected 404 for a record the role may not see, got {response.status_code}"
        )
