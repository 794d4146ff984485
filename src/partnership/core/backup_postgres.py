"""PostgreSQL backups: pg_dump in custom format under one exported snapshot, restored by pg_restore through psql in a
single transaction. The connection travels in PG* environment variables, never on a command line."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from partnership.core.backup import BackupRefused, refuse_unless_empty

TIMEOUT_SECONDS = 6 * 60 * 60

# Everything of the partnership's schema, to drop before a restore writes it again (an empty migrated schema, or
# records the restore was told to replace). Extensions' own functions are left alone.
_DROP_STATEMENTS = """
SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE;', schemaname, viewname)
  FROM pg_views WHERE schemaname = current_schema()
UNION ALL
SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE;', schemaname, tablename)
  FROM pg_tables WHERE schemaname = current_schema()
UNION ALL
SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE;', schemaname, sequencename)
  FROM pg_sequences WHERE schemaname = current_schema()
UNION ALL
SELECT format('DROP FUNCTION IF EXISTS %s CASCADE;', p.oid::regprocedure)
  FROM pg_proc p
 WHERE p.pronamespace = current_schema()::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def postgres_tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, or the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if not candidates:
        raise BackupRefused(f"The PostgreSQL client program {name} is not installed; install postgresql-client.")
    return candidates[0]


def postgres_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """The environment for pg_dump, pg_restore and psql: this process's, with the database's PG* variables."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    options = database.get("OPTIONS") or {}
    pairs = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
    }
    environment.update({key: str(value) for key, value in pairs.items() if value})
    return environment


def postgres_connect(database: Mapping[str, Any], *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A plain psycopg connection to the database the settings name."""
    options = database.get("OPTIONS") or {}
    parameters = {
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "dbname": database.get("NAME"),
        "sslmode": options.get("sslmode"),
    }
    try:
        conninfo = make_conninfo("", **{key: str(value) for key, value in parameters.items() if value})
        return psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.OperationalError as error:
        raise BackupRefused("Could not connect to the PostgreSQL database; check DATABASE_URL.") from error


def postgres_tables(connection: psycopg.Connection[Any]) -> dict[str, int]:
    """Every table of the connection's schema with its row count, by name."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).fetchall()
    ]
    counts = {}
    for name in names:
        row = connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def _error_line(text: str) -> str:
    """The first error a client program printed, without the DETAIL lines that may quote values."""
    for line in text.splitlines():
        if "ERROR" in line or "error" in line:
            return line.strip()[:200]
    return "no reason given"


def postgres_backup(*, database: Mapping[str, Any], part: Path) -> dict[str, int]:
    """Dump the database in custom format to the part file, counting each table in the same snapshot as the dump."""
    pg_dump = postgres_tool("pg_dump")
    connection = postgres_connect(database)
    try:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        row = connection.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = str(row[0]) if row else ""
        tables = postgres_tables(connection)
        result = subprocess.run(  # noqa: S603 - a PostgreSQL client program, arguments as a list, no shell
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={part}"],
            env=postgres_environment(database),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            raise BackupRefused(f"pg_dump failed; nothing was written: {_error_line(result.stderr)}")
        return tables
    finally:
        connection.rollback()
        connection.close()


def postgres_restore(*, path: Path, database: Mapping[str, Any], replace: bool) -> dict[str, int]:
    """Restore a custom-format dump into the database in one transaction, over an empty schema or (asked) records."""
    pg_restore, psql = postgres_tool("pg_restore"), postgres_tool("psql")
    environment = postgres_environment(database)
    listing = subprocess.run(  # noqa: S603 - a PostgreSQL client program, arguments as a list, no shell
        [pg_restore, "--list", str(path)], capture_output=True, timeout=600, check=False, env=environment
    )
    if listing.returncode != 0:
        raise BackupRefused(f"{path} is not a readable PostgreSQL backup: pg_restore cannot read its contents.")
    with postgres_connect(database, autocommit=True) as connection:
        refuse_unless_empty(postgres_tables(connection), replace=replace)
        drops = [str(row[0]) for row in connection.execute(_DROP_STATEMENTS).fetchall()]
    # pg_restore writes the whole script first (a file cut short fails here, before anything is touched); then psql
    # waits a while at most for a running service's locks, drops the old schema and loads the script, all in one
    # transaction: a failure part-way leaves the database exactly as it was. The script is private and deleted.
    first = "SET LOCAL lock_timeout = '30s'; " + " ".join(drops)
    with tempfile.NamedTemporaryFile(prefix="partnership-restore-", suffix=".sql") as script:
        load_command = [psql, "-X", "-q", "--no-password", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        load_command += ["-c", first, "-f", script.name]
        read = subprocess.run(  # noqa: S603 - a PostgreSQL client program, arguments as a list, no shell
            [pg_restore, "--no-owner", "--no-acl", f"--file={script.name}", str(path)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        if read.returncode != 0:
            raise BackupRefused(f"pg_restore could not read {path}; nothing was restored: {_error_line(read.stderr)}")
        loaded = subprocess.run(  # noqa: S603 - a PostgreSQL client program, arguments as a list, no shell
            load_command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    if loaded.returncode != 0:
        raise BackupRefused(f"The restore failed and was rolled back; nothing changed: {_error_line(loaded.stderr)}")
    with postgres_connect(database, autocommit=True) as connection:
        return postgres_tables(connection)
