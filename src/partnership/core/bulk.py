"""Bulk inserts of rows already checked, without building a model instance for each: COPY on PostgreSQL, one
prepared statement run for many rows on SQLite. For imports of many thousands of rows in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5_000


def _written_fields(model: type[models.Model]) -> list[Any]:
    """The columns an insert names: every concrete field but an automatic integer key, which the database numbers."""
    return [
        field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField | models.BigAutoField)
    ]


def _column_values(fields: list[Any], row: dict[str, Any], *, fixed: dict[str, Any], now: datetime) -> list[Any]:
    values = []
    for field in fields:
        if field.attname in row:
            value = row[field.attname]
        elif field.name in row:
            value = row[field.name]
        elif field.attname in fixed:
            value = fixed[field.attname]
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            value = now
        else:
            value = field.get_default()
        values.append(field.get_db_prep_save(value, connection))
    return values


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, fixed: dict[str, Any], now: datetime
) -> int:
    """Insert rows given as field name → value into the model's table; `fixed` gives columns the same in every row
    (by attribute name, such as a parent's `annex_import_id`), fields missing from both take their defaults and the
    automatic timestamps take `now`. No signals and no history rows are written. Returns the rows inserted."""
    fields = _written_fields(model)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    prepared: Iterator[list[Any]] = (_column_values(fields, row, fixed=fixed, now=now) for row in rows)
    inserted = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
                    inserted += 1
            return inserted
        marks = ", ".join(["%s"] * len(fields))
        statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
        while batch := list(islice(prepared, BATCH)):
            cursor.executemany(statement, batch)
            inserted += len(batch)
    return inserted
