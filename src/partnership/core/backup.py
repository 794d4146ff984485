"""Backs up the partnership's database to one file and restores such a file: SQLite by its online backup, PostgreSQL
by pg_dump and pg_restore. The file's first bytes say which engine made it; a restore never crosses engines."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partnership.core.progress import SILENT, Progress

SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_MAGIC = b"PGDMP"
SQLITE = "SQLite"
POSTGRESQL = "PostgreSQL"
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}

# Tables a freshly migrated, empty database already fills: Django's own bookkeeping and the rows that data
# migrations seed (children 0002: the DASH-style risk template; records 0002: the default retention periods).
# Rows anywhere else (people, records, their history, the access log) are records a restore would overwrite.
MIGRATION_FILLED_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "children_risktemplate",
        "children_riskquestion",
        "records_retentionperiod",
    }
)


class BackupRefused(Exception):
    """Raised when a backup or restore cannot or must not go ahead; the message is one line fit to print."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, or what a restore wrote: the engine, the file's size and each table's row count."""

    engine: str
    path: Path
    size: int
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def history_rows(self) -> int:
        return sum(count for name, count in self.tables.items() if "_historical" in name)

    def lines(self, *, restored: bool = False) -> list[str]:
        """What to print: the file and its size, then the tables and rows (no names of people, no values)."""
        what = "Restored" if restored else "Backed up"
        where = f"from {self.path}" if restored else f"to {self.path}"
        filled = sum(1 for count in self.tables.values() if count)
        return [
            f"{what} the partnership's {self.engine} database {where} ({size_text(self.size)}).",
            f"{len(self.tables):,} tables ({filled:,} holding rows), {self.rows:,} rows, "
            f"of which {self.history_rows:,} are history rows.",
        ]


def size_text(size: int) -> str:
    """A file size for people: bytes, kB, MB or GB (powers of 1,000)."""
    amount = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{size:,} bytes" if unit == "bytes" else f"{amount:,.1f} {unit}"
        amount /= 1000
    return f"{size:,} bytes"  # pragma: no cover - the loop always returns


def database_engine(database: Mapping[str, Any]) -> str:
    """The engine of a Django database setting, SQLite or PostgreSQL; any other is refused."""
    engine = ENGINES.get(str(database.get("ENGINE", "")))
    if engine is None:
        raise BackupRefused(f"Backups work on SQLite and PostgreSQL, not on {database.get('ENGINE')!r}.")
    return engine


def file_engine(path: Path) -> str:
    """The engine that made a backup file, from its first bytes; anything else is refused."""
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    with path.open("rb") as stream:
        head = stream.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(POSTGRES_MAGIC):
        return POSTGRESQL
    raise BackupRefused(
        f"{path} is not a Partnership backup: it is neither a SQLite database nor a PostgreSQL custom-format dump."
    )


def holds_records(tables: Mapping[str, int]) -> int:
    """How many rows of the tables are records, beyond what migrating an empty database writes."""
    return sum(count for name, count in tables.items() if name not in MIGRATION_FILLED_TABLES)


def refuse_unless_empty(tables: Mapping[str, int], *, replace: bool) -> None:
    """Refuse to restore over a database that holds records, unless the restore was asked to replace them."""
    records = holds_records(tables)
    if records and not replace:
        filled = sum(1 for name, count in tables.items() if count and name not in MIGRATION_FILLED_TABLES)
        raise BackupRefused(
            f"The database already holds records ({records:,} rows in {filled:,} tables); nothing was restored. "
            "Give --replace to overwrite them with the backup."
        )


def default_database() -> dict[str, Any]:
    """The settings of the database the service uses (under test, the test database)."""
    from django.db import connections

    return connections["default"].settings_dict


# SQLite


def sqlite_connect(name: str | Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection to a database file, a read-only one, or a `file:` URI (an in-memory test database)."""
    text = str(name)
    if text.startswith("file:"):
        return sqlite3.connect(text, uri=True, timeout=20)
    if read_only:
        return sqlite3.connect(f"{Path(text).resolve().as_uri()}?mode=ro", uri=True, timeout=20)
    return sqlite3.connect(text, timeout=20)


def quoted(name: str) -> str:
    """A table name quoted as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(connection: sqlite3.Connection) -> dict[str, int]:
    """Every table of a SQLite database (but SQLite's own) with its row count, by name."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: connection.execute(f"SELECT count(*) FROM {quoted(name)}").fetchone()[0] for name in names}  # noqa: S608 - a table name SQLite listed, quoted


def _sqlite_check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not a readable SQLite database ({error}).") from error
    if result != "ok":
        raise BackupRefused(f"{path} is damaged: SQLite's check of it failed.")
    if "django_migrations" not in tables:
        raise BackupRefused(f"{path} is a SQLite database but not a Partnership backup (it has no migrations table).")


def _sqlite_backup(*, database: Mapping[str, Any], part: Path) -> dict[str, int]:
    name = str(database["NAME"])
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupRefused(f"There is no SQLite database at {name} to back up.")
    source = sqlite_connect(name)
    target = sqlite_connect(part)
    try:
        # One step copies every page under one read snapshot, so writers carrying on (WAL) never tear the copy.
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, with no -wal beside it
        _sqlite_check(target, part)
        return sqlite_tables(target)
    finally:
        target.close()
        source.close()


def _sqlite_restore(*, path: Path, database: Mapping[str, Any], replace: bool) -> dict[str, int]:
    source = sqlite_connect(path, read_only=True)
    try:
        _sqlite_check(source, path)
        name = str(database["NAME"])
        if not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        target = sqlite_connect(name)
        try:
            refuse_unless_empty(sqlite_tables(target), replace=replace)
            try:
                source.backup(target)
            except sqlite3.OperationalError as error:
                raise BackupRefused(f"SQLite could not write the database ({error}); nothing was restored.") from error
            return sqlite_tables(target)
        finally:
            target.close()
    finally:
        source.close()


# Both engines


def _write_atomically(path: Path, *, overwrite: bool, write: Any) -> None:
    if path.is_dir():
        raise BackupRefused(f"{path} is a folder; name the backup file to write.")
    if path.exists() and not overwrite:
        raise BackupRefused(f"{path} already exists; nothing was written. Give --overwrite to replace it.")
    if not path.parent.is_dir():
        raise BackupRefused(f"There is no folder {path.parent} to write the backup in.")
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # readable by its owner only, from the start
    try:
        write(part)
        with part.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def backup_write(
    *,
    path: Path,
    overwrite: bool = False,
    database: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> BackupSummary:
    """Write a backup of the database to a file, all at once or not at all, and say what it holds."""
    database = database or default_database()
    engine = database_engine(database)
    tables: dict[str, int] = {}
    progress = progress or SILENT

    def write(part: Path) -> None:
        progress.stage(f"Copying the {engine} database, checking the copy and counting its rows")
        if engine == SQLITE:
            tables.update(_sqlite_backup(database=database, part=part))
        else:
            from partnership.core.backup_postgres import postgres_backup

            tables.update(postgres_backup(database=database, part=part))

    _write_atomically(path, overwrite=overwrite, write=write)
    progress.close()
    return BackupSummary(engine=engine, path=path, size=path.stat().st_size, tables=tables)


def backup_restore(
    *,
    path: Path,
    replace: bool = False,
    database: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> BackupSummary:
    """Restore a backup file into the database, refusing another engine's file and a database holding records."""
    database = database or default_database()
    engine = database_engine(database)
    progress = progress or SILENT
    progress.stage("Checking the backup file")
    made_by = file_engine(path)
    if made_by != engine:
        raise BackupRefused(
            f"{path} is a {made_by} backup, but this installation uses {engine}; restore it into a {made_by} database."
        )
    progress.stage(f"Restoring into the {engine} database and counting its rows")
    if engine == SQLITE:
        tables = _sqlite_restore(path=path, database=database, replace=replace)
    else:
        from partnership.core.backup_postgres import postgres_restore

        tables = postgres_restore(path=path, database=database, replace=replace)
    progress.close()
    return BackupSummary(engine=engine, path=path, size=path.stat().st_size, tables=tables)
