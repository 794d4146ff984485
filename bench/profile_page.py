"""Profile one page of the bench database: its queries with their times, slowest first, and the query plan of the
slowest. For finding why a page misses its budget; not run by `make bench`.

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/profile_page.py frontdoor /front-door/
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(username: str, path: str, repeat: int = 3) -> int:
    """GET the path as the demo person `repeat` times and print the queries of the last request."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    os.environ.setdefault("PARTNERSHIP_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from bench.database import signed_in_cookies

    cookies = signed_in_cookies()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[username]
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        for _ in range(repeat):
            reset_queries()
            started = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - started
            count = len(connection.queries)
            print(f"{response.status_code} {path} as {username}: {took * 1000:.1f} ms, {count} queries")
        queries = sorted(connection.queries, key=lambda query: -float(query["time"]))
    for query in queries[:8]:
        print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:600]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
