"""A bounded locust run on loopback with mixed roles (fixed users, fixed seconds, headless), against the pages and
then, the same way, against the bare view: requests per second, p95 and errors, read from locust's CSV summary."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.database import ROOT
from bench.pages import COOKIE
from bench.report_table import figure_row

LOCUST = Path(sys.executable).parent / "locust"
USERS = 20


def load_plan(rows: list[dict[str, Any]], cookies: dict[str, str]) -> list[dict[str, Any]]:
    """The people of the load run and, for each, the timed pages they were let into as (path, label) pairs."""
    people: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        people.setdefault(row["person"], []).append((row["path"], row["name"]))
    return [{"session": cookies[username], "paths": paths} for username, paths in sorted(people.items())]


def read_summary(stats_csv: Path) -> dict[str, Any]:
    """Requests per second, p50, p95 and error count of the "Aggregated" line of locust's stats CSV."""
    with stats_csv.open(newline="", encoding="utf-8") as stream:
        for line in csv.DictReader(stream):
            if line["Name"] == "Aggregated":
                return {
                    "requests_per_s": round(float(line["Requests/s"]), 1),
                    "p50_ms": float(line["50%"]),
                    "p95_ms": float(line["95%"]),
                    "errors": int(line["Failure Count"]),
                    "requests": int(line["Request Count"]),
                }
    raise ValueError(f"{stats_csv} has no Aggregated line.")


def _run(*, host: str, people: list[dict[str, Any]], seconds: int, work: Path, name: str) -> dict[str, Any]:
    plan = work / f"load-{name}.json"
    plan.write_text(json.dumps({"cookie": COOKIE, "people": people}), encoding="utf-8")
    prefix = work / f"locust-{name}"
    subprocess.run(  # noqa: S603
        [
            str(LOCUST),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan)},
        cwd=ROOT,
        check=False,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=seconds + 120,
    )
    return {"users": USERS, "duration_s": seconds, **read_summary(Path(f"{prefix}_stats.csv"))}


def load_run(
    *, port: int, reference_port: int, people: list[dict[str, Any]], seconds: int, work: Path, database: str
) -> dict[str, Any]:
    """The locust run against the pages beside the same run against the bare view, as one figure row."""
    pages = _run(host=f"http://127.0.0.1:{port}", people=people, seconds=seconds, work=work, name="pages")
    bare_people = [{**person, "paths": [("/ok/", "bare view")]} for person in people]
    bare = _run(host=f"http://127.0.0.1:{reference_port}", people=bare_people, seconds=seconds, work=work, name="bare")
    return figure_row(
        section="load",
        name=f"locust, {USERS} users, {len(people)} people, {seconds} s",
        database=database,
        figure=pages,
        reference={"name": "bare view", **bare},
        compared="p95_ms",
    )
