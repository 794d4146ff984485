"""Fuzz every API operation from its OpenAPI schema as a person of each role, and signed out.

Each role gets a world with records its agency may and may not see (the permission matrix's world); every operation
is tried with a bounded number of valid, invalid and aimed-at-known-records requests. No reply may be a server
error or differ from the schema, and a record the matrix refuses to the role must answer 404 whatever the method.
Signed out, every operation answers 401 and gives nothing away.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.urls import Resolver404, resolve
from hypothesis import given, settings
from schemathesis.core.failures import FailureGroup

from partnership.access.models import Role
from partnership.access.services import api_token_create
from tests.system.fuzz_api import (
    AIMED_EXAMPLES,
    CHECKS,
    FUZZ_SETTINGS,
    Targets,
    aimed_parameters,
    assert_refused,
    bearer,
    case_strategy,
    one_connection,
    operations,
    targets_for,
)
from tests.test_url_matrix import build_world
from tests.trust import tally


def fuzz_operation(
    operation: Any, *, headers: dict[str, str], targets: Targets, check: Callable[[Any, Any], None], examples: int = 0
) -> None:
    """Run the bounded cases of one operation, then valid requests aimed at each known record on its path; each reply
    is checked by `check` and against the schema."""
    sent = 0

    def cases(strategy: Any, count: int) -> None:
        @settings(FUZZ_SETTINGS, max_examples=count)
        @given(case=strategy)
        def run(case: Any) -> None:
            nonlocal sent
            response = case.call(headers=headers)
            sent += 1
            check(case, response)
            case.validate_response(response, checks=CHECKS, headers=headers)

        run()

    try:
        cases(case_strategy(operation), examples or FUZZ_SETTINGS.max_examples)
        for parameters in aimed_parameters(operation, targets):
            cases(operation.as_strategy(path_parameters=parameters), AIMED_EXAMPLES)
    finally:
        tally("fuzz_cases", sent)


def fuzz_every_operation(**kwargs: Any) -> None:
    """Fuzz each operation in turn, collecting failures so that one run names every broken operation."""
    failures: list[str] = []
    with one_connection():
        for operation in operations():
            try:
                fuzz_operation(operation, **kwargs)
            except (Exception, FailureGroup) as error:  # noqa: BLE001 - collected, then reported together below
                failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_operation_answers_each_role_within_its_schema_and_refuses_other_records(role: str) -> None:
    world = build_world(role, audits=True)
    targets = targets_for(world, role)
    _, token = api_token_create(user=world.user, name="Fuzzing")
    fuzz_every_operation(
        headers=bearer(token), targets=targets, check=lambda case, response: assert_refused(case, response, targets)
    )
    assert targets.refusals_tried or not targets.refused, "no case aimed at a record the role may not see"


def names_an_endpoint(path: str) -> bool:
    """Whether the (percent-encoded) path matches one of the project's URL patterns."""
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


def assert_refused_signed_out(case: Any, response: Any) -> None:
    """A signed-out request gets 401 with a problem document and none of the records' fields; an address that is no
    endpoint at all (a path parameter outside its pattern) gets 404 before any view runs."""
    label = f"{case.method} {case.formatted_path}"
    expected = 401 if names_an_endpoint(case.formatted_path) else 404
    assert response.status_code == expected, f"{label}: expected {expected} signed out, got {response.status_code}"
    body = json.loads(response.content or b"{}")
    assert set(body) <= {"type", "title", "status", "detail"}, f"{label}: a refusal carried data: {body}"


@pytest.mark.django_db
def test_every_operation_refuses_a_signed_out_caller() -> None:
    world = build_world(Role.VIEWER, audits=True)
    fuzz_every_operation(
        headers={},
        targets=targets_for(world, Role.VIEWER),
        check=assert_refused_signed_out,
        examples=4,
    )
