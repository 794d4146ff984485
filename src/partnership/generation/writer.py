"""Writes generated rows in bulk: `bulk_create` on SQLite, `COPY` through psycopg 3 on PostgreSQL.

Generated rows carry their own `created_at` and `updated_at` (when the record would have been made), so the
fields' automatic timestamps are switched off while a batch is written, and switched back on after.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

from partnership.core.progress import Progress as Reporter
from partnership.core.progress import TerminalProgress

BATCH = 5_000
COPY_BATCH = 20_000


@contextmanager
def _own_timestamps(model: type[models.Model]) -> Iterator[None]:
    """Let rows keep the timestamps they were given, instead of the moment of writing."""
    switched = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            switched.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


# The reporter the generator's callers pass; `Progress(quiet=True)` shows nothing.
Progress = TerminalProgress


class RowWriter:
    """Buffers unsaved model instances per table and writes them in batches, counting rows per table; builders report
    their progress through its reporter."""

    def __init__(self, progress: Reporter) -> None:
        self.progress = progress
        self.pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.written: Counter[str] = Counter()
        self.copy = connection.vendor == "postgresql"

    def add(self, instance: models.Model) -> None:
        """Queue one row; its table is written when its batch is full."""
        model = type(instance)
        rows = self.pending[model]
        rows.append(instance)
        if len(rows) >= (COPY_BATCH if self.copy else BATCH):
            self.flush(model)

    def flush(self, model: type[models.Model] | None = None) -> None:
        """Write the queued rows of one table, or of every table."""
        for each in [model] if model is not None else list(self.pending):
            rows = self.pending.pop(each, [])
            if not rows:
                continue
            if self.copy:
                self._copy(each, rows)
            else:
                with _own_timestamps(each):
                    each.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
            self.written[each._meta.db_table] += len(rows)

    @property
    def total(self) -> int:
        """Rows written so far."""
        return sum(self.written.values())

    def _copy(self, model: type[models.Model], rows: list[models.Model]) -> None:
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (
                isinstance(field, models.AutoField | models.BigAutoField) and getattr(rows[0], field.attname) is None
            )
        ]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        connection.ensure_connection()
        raw: Any = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields])


def refresh_statistics(tables: list[str] | None = None) -> None:
    """Tell the database what the tables (or all of them) now hold, so its planner picks the indexes that suit them.
    Rows written in bulk leave the statistics of the empty tables behind: PostgreSQL's autovacuum catches up only
    after the run commits, and SQLite has none until asked. On SQLite the analysis samples each index."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            for table in tables or [""]:
                cursor.execute(f"ANALYZE {quote(table)}" if table else "ANALYZE")
        else:
            cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}" if tables else "ANALYZE")
