"""Annex A import speed: a List 1 CSV of invented contacts imported through `annex_a_import` (what `partnership
import-annex-a` runs: reading, checking and writing) beside a raw insert of the same checked rows (`executemany` on
SQLite, COPY on PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.report_table import figure_row
from bench.timing import timed

ROWS = 20_000
GENDERS = ("a) Male", "b) Female")
SOURCES = ("6: Police", "2A", "3A", "1A")


def list_1_csv(rows: int, today: date) -> bytes:
    """A List 1 CSV of invented contacts, one child each, spread over the year before `today`."""
    lines = ["Child Unique ID,Gender,Ethnicity,Date of Birth,Date of Contact,Contact Source"]
    for number in range(rows):
        contact = today - timedelta(days=1 + number % 360)
        born = contact - timedelta(days=365 * (1 + number % 16) + number % 300)
        lines.append(
            f"BENCH{number:07d},{GENDERS[number % 2]},WBRI,{born:%d/%m/%Y},{contact:%d/%m/%Y},"
            f"{SOURCES[number % len(SOURCES)]}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _raw_insert(rows: list[dict[str, Any]], import_id: Any) -> None:
    """Insert the checked rows with one statement per batch: executemany, or COPY on PostgreSQL."""
    from django.db import connection, transaction

    from partnership.measures.models import List1Contact

    fields = [field for field in List1Contact._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    values = [
        [
            field.get_db_prep_value(import_id if field.name == "annex_import" else row.get(field.name), connection)
            for field in fields
        ]
        for row in rows
    ]
    table = List1Contact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for line in values:
                    copy.write_row(line)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)  # noqa: S608


def import_row(database: str, work: Path) -> dict[str, Any]:
    """The import's rows per second beside the raw insert's; the rows of both are deleted afterwards."""
    from django.db import connection
    from django.utils import timezone

    from partnership.core.clocks import london_date
    from partnership.measures.annex_a_importing import annex_a_check_file, annex_a_import
    from partnership.measures.models import AnnexAImport

    today = london_date(timezone.now())
    content = list_1_csv(ROWS, today)
    (work / "annex-a-list-1.csv").write_bytes(content)
    seconds, result = timed(
        lambda: annex_a_import(actor=None, stream=io.BytesIO(content), filename="annex-a-list-1.csv", list_number=1)
    )
    checked, _findings = annex_a_check_file(
        stream=io.BytesIO(content), filename="annex-a-list-1.csv", list_number=1, today=today
    )
    holder = AnnexAImport.objects.create(file_name="bench raw insert", imported_at=timezone.now(), is_current=False)
    raw_seconds, _nothing = timed(lambda: _raw_insert(checked[1].rows, holder.pk))
    written = result.rows[1]
    AnnexAImport.objects.filter(pk__in=[holder.pk, result.annex_import.pk]).delete()
    method = "COPY" if connection.vendor == "postgresql" else "executemany"
    return figure_row(
        section="import",
        name=f"Annex A List 1 import, {written:,} rows",
        database=database,
        figure={"seconds": round(seconds, 3), "rows_per_s": round(written / seconds)},
        reference={
            "name": f"raw {method}",
            "seconds": round(raw_seconds, 3),
            "rows_per_s": round(written / raw_seconds),
        },
        compared="seconds",
        note="import = read, check and write the CSV (annex_a_import); not the indicators computed after it",
    )
