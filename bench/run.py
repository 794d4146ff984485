"""Times computing the measures of impact over the demo partnership: `make bench`.

Builds a fresh SQLite database under var/bench/, migrates it, loads the demo (timing each app's loader), then times
`values_compute` for every built-in indicator over one quarter and over one financial year of the demo's records:
five runs each, best and median, with the number of queries of one run. Prints a table and writes
bench/results.json. Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = ROOT / "var" / "bench" / "bench.sqlite3"
RESULTS = ROOT / "bench" / "results.json"
RUNS = 5


def _prepare_environment() -> None:
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _load_demo() -> dict[str, float]:
    """Migrate and load the demo in one transaction, timing each loader; return seconds by loader."""
    from django.core.management import call_command
    from django.db import transaction

    from partnership.demo import DEMO_LOADERS

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    seconds["migrate"] = time.perf_counter() - started
    with transaction.atomic():
        for loader in DEMO_LOADERS:
            started = time.perf_counter()
            loader()
            name = f"{loader.__module__.removeprefix('partnership.')}.{loader.__name__}"
            seconds[name] = time.perf_counter() - started
    return seconds


def _volume() -> dict[str, int]:
    from partnership.encompass.selectors import exceptions_for_indicators, notifications_for_indicators
    from partnership.frontdoor.selectors import contacts_for_indicators, research_for_indicators
    from partnership.measures.models import Indicator
    from partnership.strategy.selectors import invitations_for_indicators, meetings_for_indicators

    return {
        "strategy meetings": meetings_for_indicators().count(),
        "invitations": invitations_for_indicators().count(),
        "contacts": contacts_for_indicators().count(),
        "research requests": research_for_indicators().count(),
        "Encompass notifications": notifications_for_indicators().count(),
        "Encompass exceptions": exceptions_for_indicators().count(),
        "active computed indicators": Indicator.objects.filter(is_active=True, source="computed").count(),
    }


def _time_compute(kind: str) -> dict[str, object]:
    """Five runs of computing every indicator for the period of the kind that holds most of the demo's records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from partnership.core.clocks import london_date
    from partnership.measures.computing import values_compute
    from partnership.measures.rules import period_containing

    now = timezone.now()
    period = period_containing(kind, london_date(now) - timedelta(days=30))
    timings = []
    rows = 0
    for _run in range(RUNS):
        started = time.perf_counter()
        rows = values_compute(period=period, now=now)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        values_compute(period=period, now=now)
    return {
        "period": period.label,
        "rows written": rows,
        "best ms": round(min(timings) * 1000, 1),
        "median ms": round(statistics.median(timings) * 1000, 1),
        "queries": len(queries.captured_queries),
    }


def main() -> int:
    _prepare_environment()
    from django.db import connection

    loaders = _load_demo()
    volume = _volume()
    computing = {kind: _time_compute(kind) for kind in ("quarter", "year")}
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "database": f"{connection.vendor} {connection.Database.sqlite_version}",  # type: ignore[attr-defined]
        "runs": RUNS,
        "demo load seconds": {name: round(seconds, 3) for name, seconds in loaders.items()},
        "demo data": volume,
        "values_compute": computing,
    }

    print(f"Measures bench: {results['machine']}, Python {results['python']}, {results['database']}")
    print()
    print("Demo data")
    for name, number in volume.items():
        print(f"  {name:<28} {number:>8,}")
    print()
    print("Demo load (seconds)")
    for name, seconds in loaders.items():
        print(f"  {name:<34} {seconds:>8.3f}")
    print(f"  {'total (loaders)':<34} {sum(v for k, v in loaders.items() if k != 'migrate'):>8.3f}")
    print()
    print(f"values_compute, every built-in indicator, {RUNS} runs")
    header = f"  {'period':<8} {'covering':<14} {'rows':>6} {'best ms':>9} {'median ms':>10} {'queries':>8}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind, figures in computing.items():
        print(
            f"  {kind:<8} {figures['period']!s:<14} {figures['rows written']!s:>6} {figures['best ms']!s:>9} "
            f"{figures['median ms']!s:>10} {figures['queries']!s:>8}"
        )
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
