"""Fault injection at the database: a connection that goes away after a given number of statements, and a count of
every table's rows to prove that a failure wrote nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import OperationalError, connection

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
INJECTED = "server closed the connection unexpectedly (injected fault)"


class GoneAway:
    """An execute wrapper: lets `allowed` statements through (only writes are counted with `writes_only`), then the
    database is gone and every later statement fails with `error`, as after a real outage, until the block ends."""

    def __init__(self, allowed: int, *, writes_only: bool = False, error: type[Exception] = OperationalError) -> None:
        self.allowed = allowed
        self.writes_only = writes_only
        self.error = error
        self.counted = 0
        self.gone = False
        self.refused = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.gone and (not self.writes_only or WRITE.match(sql)):
            self.counted += 1
            self.gone = self.counted > self.allowed
        if self.gone:
            self.refused += 1
            raise self.error(INJECTED)
        return execute(sql, params, many, context)


@contextmanager
def database_gone_after(allowed: int, **options: Any) -> Iterator[GoneAway]:
    """The default database goes away after `allowed` statements (or writes) inside the block."""
    fault = GoneAway(allowed, **options)
    with connection.execute_wrapper(fault):
        yield fault


@contextmanager
def counting_writes() -> Iterator[list[str]]:
    """Collect the write statements run inside the block (to know where a fault can strike)."""
    writes: list[str] = []

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield writes


def row_counts() -> dict[str, int]:
    """The number of rows in every table of every installed model, history and access log included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using("default").count()
    return counts


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The tables whose row count differs, with the counts before and after."""
    return {table: (before[table], after[table]) for table in before if before[table] != after.get(table)}


def table_contents() -> dict[str, int]:
    """A fingerprint of every row of every table, so that a half-applied update shows as well as a stray insert."""
    contents = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            rows = sorted(repr(row) for row in model._base_manager.using("default").values_list())
            contents[model._meta.db_table] = hash(tuple(rows))
    return contents


def strike_points(total: int, most: int = 12) -> list[int]:
    """Where to strike among `total` writes: before each one when they are few, else `most` spread evenly."""
    if total <= most:
        return list(range(total))
    return sorted({round(i * (total - 1) / (most - 1)) for i in range(most)})
