"""The bench database of one pass: built afresh from the demo (or the county generator), and signed-in sessions
made directly for every demo person so pages can be asked for without typing two-factor codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = Path(sys.executable).parent / "partnership"
FORBIDDEN_DATABASES = ("partnership", "test_partnership")


def postgres_name_allowed(url: str) -> bool:
    """Whether a PostgreSQL URL names a database the bench may wipe: never `partnership` nor `test_partnership*`."""
    name = urlsplit(url).path.lstrip("/")
    return bool(name) and name != FORBIDDEN_DATABASES[0] and not name.startswith(FORBIDDEN_DATABASES[1])


def sqlite_reset(path: Path) -> None:
    """Delete the SQLite file of an earlier run and its journal files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def postgres_reset() -> None:
    """Empty the PostgreSQL bench database (its public schema) before migrating it afresh."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def load_data(*, scale: str, environment: dict[str, str]) -> tuple[dict[str, float], list[str]]:
    """Migrate and load the demo, then the county generator when asked for and present; return seconds per step
    and notes for the report."""
    import time

    from django.core.management import call_command

    from partnership.demo import demo_load

    seconds: dict[str, float] = {}
    notes: list[str] = []
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    seconds["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    demo_load()
    seconds["demo"] = time.perf_counter() - started
    if scale == "county":
        if not (ROOT / "src" / "partnership" / "generation" / "run.py").exists():
            notes.append("BENCH_SCALE=county asked for, but `partnership generate` is not there: demo data only.")
            return seconds, notes
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [str(PARTNERSHIP), "generate", "--scale", "county", "--seed", "1", "--into-existing"],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        seconds["generate county"] = time.perf_counter() - started
        if done.returncode != 0:
            notes.append(
                f"`partnership generate --scale county` failed ({done.returncode}): {done.stderr.strip()[-300:]}"
            )
        else:
            notes.append("County data from `partnership generate --scale county --seed 1`, on top of the demo.")
    return seconds, notes


def signed_in_cookies() -> dict[str, str]:
    """A session cookie value for every active demo person with an authenticator, signed in and past two-factor,
    made as the sign-in pages make them."""
    import time

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnership.access.services import session_register
    from partnership.access.session_keys import LAST_SEEN_AT, SIGNED_IN_AT

    cookies: dict[str, str] = {}
    backend = "django.contrib.auth.backends.ModelBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        raise RuntimeError(f"The sessions name {backend}, which the settings no longer list.")
    for device in TOTPDevice.objects.filter(confirmed=True, user__is_active=True).select_related("user"):
        user = device.user
        store = SessionStore()
        now = time.time()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store[SIGNED_IN_AT] = now
        store[LAST_SEEN_AT] = now
        store.create()
        session_register(user=user, session_key=store.session_key or "")
        cookies[user.username] = store.session_key or ""
    return cookies


def server_environment(database_url: str) -> dict[str, str]:
    """The environment the pass, its servers and its commands share: the bench database, demo mode on."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PARTNERSHIP_DEMO": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    }


def page_objects() -> dict[str, Any]:
    """Ids of records the detail pages show: an action, a few children, an audit round."""
    from partnership.audits.models import AuditRound
    from partnership.children.models import Child
    from partnership.plans.models import Action

    return {
        "action": Action.objects.order_by("created_at").values_list("pk", flat=True).first(),
        "children": list(Child.objects.order_by("created_at").values_list("pk", flat=True)[:8]),
        "round": AuditRound.objects.order_by("created_at").values_list("pk", flat=True).first(),
    }
