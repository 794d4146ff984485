"""Backup and restore: a world of records, their history and the access log, backed up and restored into an empty
database, comes back identical table by table and row by row; wrong, damaged and clashing files are refused.

Tests that need one engine skip on the other: that is acceptable only because `make test` runs this whole suite on
SQLite and again on PostgreSQL, so each of them runs in CI."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Generator, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, User
from partnership.cli import main
from partnership.core.backup import (
    SQLITE_MAGIC,
    BackupRefused,
    backup_restore,
    backup_write,
    quoted,
    refuse_unless_empty,
    sqlite_connect,
)
from tests.test_url_matrix import build_world
from tests.trust import tally

SQLITE_ENGINE = "django.db.backends.sqlite3"


def only_on(vendor: str) -> None:
    # Runs in CI all the same: `make test` runs the suite once on SQLite and once on PostgreSQL.
    if connection.vendor != vendor:
        pytest.skip(f"needs {vendor}; `make test` runs this file on both engines")


@pytest.fixture
def _append_only_cleared_for_flush(transactional_db: None) -> Generator[None, None, None]:
    """Let the end-of-test flush empty SQLite's append-only tables: lift each trigger, empty its table, put it back.
    (It asks for the database first, so that it ends before the flush.)"""
    yield
    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush truncates, which row triggers do not see
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_%'")
        triggers = cursor.fetchall()
        for name, _table, _create in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        for table in {table for _name, table, _create in triggers}:
            cursor.execute(f"DELETE FROM {quoted(table)}")  # noqa: S608 - a table name SQLite listed
        for _name, _table, create in triggers:
            cursor.execute(create)


# The data migrations that write rows (the rest make tables and triggers); each is written to be run again.
DATA_MIGRATIONS = {
    "partnership.children.migrations.0002_dash_style_template": "add_template",
    "partnership.records.migrations.0002_default_retention_periods": "seed",
}


def test_every_data_migration_that_writes_rows_is_run_again_by_the_fixture() -> None:
    source = Path(import_module("partnership").__file__ or "").parent
    writers = {
        ".".join(path.relative_to(source.parent).with_suffix("").parts)
        for path in source.glob("*/migrations/0*.py")
        if "migrations.RunPython(" in path.read_text()
    }
    assert writers == set(DATA_MIGRATIONS)


@pytest.fixture
def _data_migration_rows(transactional_db: None) -> None:
    """Write again the rows the data migrations write: the risk checklist and the retention periods.

    A transactional test starts from whatever the last one's flush left, which has the content types but not these
    rows. (Serialized rollback would reload them, but it reloads the content types too, and those clash with the ones
    a plain transactional test's flush has made again.)"""
    from django.apps import apps

    for module, function in DATA_MIGRATIONS.items():
        getattr(import_module(module), function)(apps, None)


# Reading whole databases, engine by engine, to compare them


def database_rows(database: Mapping[str, Any]) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table of a database: its column names and all its rows, sorted, read without Django."""
    if database["ENGINE"] == SQLITE_ENGINE:
        reader = sqlite_connect(database["NAME"])
        try:
            names = [
                row[0]
                for row in reader.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            tables = {}
            for name in names:
                cursor = reader.execute(f"SELECT * FROM {quoted(name)}")  # noqa: S608 - a listed table name
                tables[name] = ([column[0] for column in cursor.description], sorted(cursor.fetchall(), key=repr))
            return tables
        finally:
            reader.close()
    from psycopg import sql

    from partnership.core.backup_postgres import postgres_connect

    with postgres_connect(database, autocommit=True) as reader:
        names = [
            row[0]
            for row in reader.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
        ]
        tables = {}
        for name in names:
            cursor = reader.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(name)))
            columns = [column.name for column in cursor.description or []]
            tables[name] = (columns, sorted(cursor.fetchall(), key=repr))
        sequences = reader.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
        ).fetchall()
        tables["(sequences)"] = (["sequencename", "last_value"], sorted(sequences, key=repr))
        return tables


def assert_identical(source: Mapping[str, Any], restored: Mapping[str, Any]) -> None:
    before, after = database_rows(source), database_rows(restored)
    assert sorted(after) == sorted(before)
    for table, (columns, rows) in before.items():
        assert after[table][0] == columns, table
        assert after[table][1] == rows, f"{table}: rows differ after the restore"


def assert_access_log_append_only(database: Mapping[str, Any]) -> None:
    if database["ENGINE"] == SQLITE_ENGINE:
        writer = sqlite_connect(database["NAME"])
        try:
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                writer.execute("UPDATE access_accessevent SET purpose = 'changed'")
        finally:
            writer.close()
        return
    import psycopg

    from partnership.core.backup_postgres import postgres_connect

    with (
        postgres_connect(database, autocommit=True) as writer,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        writer.execute("UPDATE access_accessevent SET purpose = 'changed'")


@pytest.fixture
def empty_database(tmp_path: Path) -> Generator[dict[str, Any], None, None]:
    """Settings of a separate, empty database of the test's engine: a new SQLite file, or a new PostgreSQL database."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {"ENGINE": SQLITE_ENGINE, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    from psycopg import sql

    from partnership.core.backup_postgres import postgres_connect

    name = f"{source['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with postgres_connect(source, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**source, "NAME": name}
    finally:
        with postgres_connect(source, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def build_records() -> Any:
    """A partnership of many record types, with history rows and access-log entries."""
    world = build_world("team_manager", audits=True)
    for child in (world.own_child, world.other_child):
        access_event_record(user=world.user, action=AccessEvent.Action.VIEW, object_type="child", object_id=child.pk)
    access_event_record(user=world.user, action=AccessEvent.Action.REFUSED, object_type="child", object_id="x")
    return world


# The key test


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_append_only_cleared_for_flush", "_data_migration_rows")
def test_a_restore_into_an_empty_database_brings_back_every_row_of_every_table(
    tmp_path: Path, empty_database: dict[str, Any]
) -> None:
    build_records()
    source = connection.settings_dict
    history = [name for name in connection.introspection.table_names() if "_historical" in name]
    with connection.cursor() as cursor:
        history_rows = 0
        for name in history:
            cursor.execute(f"SELECT count(*) FROM {quoted(name)}")  # noqa: S608 - a listed table name
            history_rows += cursor.fetchone()[0]
    assert history_rows > 10
    assert AccessEvent.objects.count() >= 3
    assert User.objects.count() >= 4
    file = tmp_path / "partnership.backup"

    written = backup_write(path=file)
    assert not file.with_name(file.name + ".part").exists()
    assert written.tables == {name: len(rows) for name, (_c, rows) in database_rows(source).items() if name[0] != "("}

    restored = backup_restore(path=file, database=empty_database)
    assert restored.tables == written.tables
    assert_identical(source, empty_database)
    assert_access_log_append_only(empty_database)
    tally("restores")

    with pytest.raises(BackupRefused, match="already holds records"):
        backup_restore(path=file, database=empty_database)
    backup_restore(path=file, database=empty_database, replace=True)
    assert_identical(source, empty_database)
    assert_access_log_append_only(empty_database)
    tally("restores")


# The command and its refusals


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_append_only_cleared_for_flush", "_data_migration_rows")
def test_the_commands_refuse_clashes_and_print_only_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    world = build_records()
    file = tmp_path / "partnership.backup"

    assert main(["backup", str(file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Backed up the partnership's {'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'}")
    assert " rows, of which " in out
    for private in (world.own_child.first_name, world.other_child.first_name, world.user.username):
        assert private not in out
    made = file.read_bytes()

    assert main(["backup", str(file)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert file.read_bytes() == made
    assert main(["backup", "--overwrite", str(file)]) == 0
    capsys.readouterr()

    # The test database itself holds records, so restoring over it is refused and changes nothing.
    users = User.objects.count()
    assert main(["restore", "--quiet", str(file)]) == 2
    err = capsys.readouterr().err
    assert "already holds records" in err and "--replace" in err
    assert err.count("\n") == 1
    assert User.objects.count() == users
    tally("restores")


@pytest.mark.django_db
def test_a_file_of_the_other_engine_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        expected = "is a PostgreSQL backup, but this installation uses SQLite"
    else:
        made = sqlite3.connect(other)
        made.execute("CREATE TABLE django_migrations (id integer)")
        made.commit()
        made.close()
        expected = "is a SQLite backup, but this installation uses PostgreSQL"
    assert main(["restore", str(other)]) == 2
    assert expected in capsys.readouterr().err
    tally("restores")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a backup\n", bytes(range(256)) * 40, SQLITE_MAGIC + bytes(5000), b"PGDMP" + bytes(5000)],
    ids=["empty", "text", "binary", "damaged-sqlite", "damaged-pg-dump"],
)
def test_a_garbage_or_damaged_file_is_refused_and_nothing_changes(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(content)
    target = {"ENGINE": SQLITE_ENGINE, "NAME": str(tmp_path / "target.sqlite3")}
    if content.startswith(b"PGDMP"):
        only_on("postgresql")
        target = dict(connection.settings_dict)
    if content.startswith(SQLITE_MAGIC) or not content.startswith(b"PGDMP"):
        with pytest.raises(BackupRefused) as refusal:
            backup_restore(path=garbage, database=target)
        assert "not a" in refusal.value.message or "damaged" in refusal.value.message
        assert not Path(target["NAME"]).exists() or Path(target["NAME"]).stat().st_size == 0
    else:
        users = User.objects.count()
        assert main(["restore", "--replace", str(garbage)]) == 2
        assert "not a readable PostgreSQL backup" in capsys.readouterr().err
        assert User.objects.count() == users
    tally("restores")


def test_records_are_told_apart_from_what_migrations_write() -> None:
    refuse_unless_empty({"django_migrations": 70, "auth_permission": 500, "children_riskquestion": 24}, replace=False)
    refuse_unless_empty({"access_user": 3}, replace=True)
    for table in ("access_user", "access_accessevent", "children_historicalchild"):
        with pytest.raises(BackupRefused, match=r"already holds records \(1 rows in 1 tables\)"):
            refuse_unless_empty({"django_migrations": 70, table: 1}, replace=False)


def test_a_backup_is_refused_where_it_cannot_be_written_and_leaves_no_part_file(tmp_path: Path) -> None:
    source = make_wal_database(tmp_path / "live.sqlite3")
    database = {"ENGINE": SQLITE_ENGINE, "NAME": str(source)}
    with pytest.raises(BackupRefused, match="There is no folder"):
        backup_write(path=tmp_path / "missing" / "b.sqlite3", database=database)
    with pytest.raises(BackupRefused, match="is a folder"):
        backup_write(path=tmp_path, database=database)
    with pytest.raises(BackupRefused, match="no SQLite database"):
        backup_write(path=tmp_path / "b.sqlite3", database={**database, "NAME": str(tmp_path / "none.sqlite3")})
    assert not (tmp_path / "none.sqlite3").exists()
    stale = tmp_path / "b.sqlite3.part"
    stale.write_bytes(b"left by a crash")
    summary = backup_write(path=tmp_path / "b.sqlite3", database=database)
    assert not stale.exists()
    assert summary.tables == {"django_migrations": 0, "ledger": 0}
    assert (tmp_path / "b.sqlite3").read_bytes().startswith(SQLITE_MAGIC)
    assert (tmp_path / "b.sqlite3").stat().st_mode & 0o777 == 0o600


# SQLite's online backup while another connection writes


def make_wal_database(path: Path) -> Path:
    made = sqlite3.connect(path)
    made.execute("PRAGMA journal_mode=WAL")
    made.execute("CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text, applied text)")
    made.execute("CREATE TABLE ledger (id integer PRIMARY KEY, batch integer NOT NULL, leg text NOT NULL)")
    made.commit()
    made.close()
    return path


def test_an_sqlite_backup_taken_while_another_connection_writes_is_whole_and_consistent(tmp_path: Path) -> None:
    live = make_wal_database(tmp_path / "live.sqlite3")
    stop = threading.Event()
    written: list[int] = []
    started = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(live, timeout=20)
        batch = 0
        while not stop.is_set() or batch < 50:
            batch += 1
            with writer:  # each transaction writes a debit and a credit: a backup must hold both or neither
                writer.execute("INSERT INTO ledger (batch, leg) VALUES (?, 'debit')", (batch,))
                writer.execute("INSERT INTO ledger (batch, leg) VALUES (?, 'credit')", (batch,))
            written.append(batch)
            if batch == 20:
                started.set()
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    assert started.wait(timeout=60)
    copies = []
    try:
        for number in range(5):
            copy = tmp_path / f"copy-{number}.sqlite3"
            backup_write(path=copy, database={"ENGINE": SQLITE_ENGINE, "NAME": str(live)})
            copies.append(copy)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    for copy in copies:
        assert not copy.with_name(copy.name + "-wal").exists()
        reader = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        legs = reader.execute("SELECT batch, count(*), group_concat(leg) FROM ledger GROUP BY batch").fetchall()
        reader.close()
        batches = [batch for batch, _n, _legs in legs]
        assert batches == list(range(1, len(batches) + 1)), "a committed transaction is missing from the copy"
        assert all(count == 2 for _b, count, _l in legs), "a transaction was copied by halves"
        assert len(batches) >= 20
        restored = {"ENGINE": SQLITE_ENGINE, "NAME": str(copy.with_suffix(".restored"))}
        backup_restore(path=copy, database=restored)
        assert_identical({"ENGINE": SQLITE_ENGINE, "NAME": str(copy)}, restored)
        tally("restores")
    assert len(written) >= 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_append_only_cleared_for_flush", "_data_migration_rows")
def test_a_backup_cut_short_is_refused_and_the_empty_target_stays_empty(
    tmp_path: Path, empty_database: dict[str, Any]
) -> None:
    build_records()
    whole = tmp_path / "whole.backup"
    backup_write(path=whole)
    cut = tmp_path / "cut.backup"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    with pytest.raises(BackupRefused, match=r"nothing was restored|damaged|not a readable"):
        backup_restore(path=cut, database=empty_database)
    assert not database_rows(empty_database) or set(database_rows(empty_database)) == {"(sequences)"}
    tally("restores")
