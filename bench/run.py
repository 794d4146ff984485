"""`make bench`: every figure beside its reference measured in the same run on the same machine (issue 11).

One pass per database, each in its own process on a freshly built bench database: SQLite always (var/bench/), and
PostgreSQL when BENCH_POSTGRES_URL names a bench database (never `partnership` or `test_partnership*`). A pass
times the busiest pages against a bare view served the same way, a bounded locust run (first pass only), the
indicators against hand-written SQL, the Annex A import against a raw insert and the quarterly PDF (first pass
only). BENCH_SCALE=county adds `partnership generate --scale county` data. The results go to bench/results.json
and a table. Benchmarks never fail on speed: the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.database import postgres_name_allowed  # noqa: E402 - the harness runs as a script
from bench.report_table import results_document, table_lines  # noqa: E402

WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results.json"
SQLITE = WORK / "bench.sqlite3"


def _git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{' (with uncommitted changes)' if dirty else ''}"


def machine() -> dict[str, Any]:
    """The machine, Python, date and commit the figures belong to."""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "git_commit": _git_commit(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def run_pass(name: str, url: str, *, first: bool, scale: str) -> dict[str, Any]:
    """One database pass, inside this process (started by main with --pass); return its rows and notes."""
    os.environ["DATABASE_URL"] = url
    os.environ["PARTNERSHIP_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench import database, imports, indicators, load, pages, reports
    from bench.servers import REFERENCE_SETTINGS, Server

    environment = database.server_environment(url)
    if _keeping():
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        seconds, notes = {}, [f"{name}: the data of an earlier run kept (BENCH_KEEP=1), migrated, not loaded again."]
    else:
        if connection.vendor == "postgresql":
            database.postgres_reset()
        seconds, notes = database.load_data(scale=scale, environment=environment)
    cookies = database.signed_in_cookies()
    product = Server(environment=environment, log_path=WORK / f"server-{name}.log")
    reference = Server(
        environment=environment, log_path=WORK / f"reference-{name}.log", settings_module=REFERENCE_SETTINGS
    )
    rows: list[dict[str, Any]] = []
    try:
        product.start()
        reference.start()
        page_rows, page_notes = pages.time_pages(
            pages=pages.busiest_pages(database.page_objects()),
            port=product.port,
            reference_port=reference.port,
            cookies=cookies,
            database=name,
        )
        rows += page_rows
        notes += page_notes
        if first:
            people = load.load_plan(page_rows, cookies)
            seconds_of_load = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
            rows.append(
                load.load_run(
                    port=product.port,
                    reference_port=reference.port,
                    people=people,
                    seconds=seconds_of_load,
                    work=WORK,
                    database=name,
                )
            )
    finally:
        product.stop()
        reference.stop()
    rows += indicators.indicator_rows(name)
    rows.append(imports.import_row(name, WORK))
    if first:
        report = reports.report_row(name)
        if report is None:
            notes.append("No quarterly report is published in the bench database: the PDF was not timed.")
        else:
            rows.append(report)
    version = (
        getattr(connection, "pg_version", "")
        if connection.vendor == "postgresql"
        else getattr(getattr(connection, "Database", None), "sqlite_version", "")
    )
    return {
        "rows": rows,
        "notes": notes,
        "database": f"{connection.vendor} {version}",
        "data load seconds": {step: round(value, 2) for step, value in seconds.items()},
    }


def _keeping() -> bool:
    """Whether to time the data an earlier run left in the bench databases (BENCH_KEEP=1) instead of loading it."""
    return os.environ.get("BENCH_KEEP", "") == "1"


def _passes() -> tuple[list[tuple[str, str]], list[str]]:
    notes: list[str] = []
    passes = [("sqlite", f"sqlite:///{SQLITE}")]
    postgres = os.environ.get("BENCH_POSTGRES_URL", "")
    if postgres and postgres_name_allowed(postgres):
        passes.append(("postgresql", postgres))
    elif postgres:
        notes.append("BENCH_POSTGRES_URL names a database the bench must never wipe: PostgreSQL skipped.")
    else:
        notes.append("PostgreSQL not measured: set BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench.")
    return passes, notes


def main() -> int:
    """Run every pass in its own process, then write bench/results.json and print the table."""
    WORK.mkdir(parents=True, exist_ok=True)
    scale = os.environ.get("BENCH_SCALE", "demo")
    passes, notes = _passes()
    if scale not in {"demo", "county"}:
        notes.append(f"BENCH_SCALE={scale} is not known (demo or county): demo data used.")
        scale = "demo"
    if scale == "demo":
        notes.append(
            "Demo data only: the budgets are set for county scale. BENCH_SCALE=county adds "
            "`partnership generate --scale county --seed 1` where that command exists."
        )
    rows: list[dict[str, Any]] = []
    databases: dict[str, Any] = {}
    for index, (name, url) in enumerate(passes):
        if name == "sqlite" and not (_keeping() and SQLITE.exists()):
            from bench.database import sqlite_reset

            sqlite_reset(SQLITE)
        output = WORK / f"pass-{name}.json"
        output.unlink(missing_ok=True)
        print(f"Bench pass on {name} ({scale} data) ...", flush=True)
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--pass", name, url, str(output), "first" if index == 0 else "later", scale],
            cwd=ROOT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or not output.exists():
            notes.append(f"The {name} pass stopped ({done.returncode}); its figures are missing.")
            continue
        found = json.loads(output.read_text(encoding="utf-8"))
        rows += found.pop("rows")
        notes += found.pop("notes")
        databases[name] = {**found, "pass seconds": round(time.perf_counter() - started, 1)}
    document = results_document(machine={**machine(), "databases": databases}, rows=rows, scale=scale, notes=notes)
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print()
    print(f"Partnership bench, {document['date']}, {document['machine']['system']}, {document['machine']['cpus']} CPUs")
    for name, found in databases.items():
        print(
            f"  {name}: {found['database']}; data load {found['data load seconds']} s; pass {found['pass seconds']} s"
        )
    print()
    print("\n".join(table_lines(document)))
    print()
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--pass":
        _flag, pass_name, pass_url, pass_output, position, pass_scale = sys.argv[1:]
        found = run_pass(pass_name, pass_url, first=position == "first", scale=pass_scale)
        Path(pass_output).write_text(json.dumps(found, ensure_ascii=False, default=str), encoding="utf-8")
        sys.exit(0)
    sys.exit(main())
