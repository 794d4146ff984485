"""The `partnership` command: deploy check, tokens, demo codes, the worker and the demo loader."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from partnership.access.models import ApiToken, User
from partnership.cli import main
from partnership.core.models import OutboxMessage
from partnership.core.outbox import outbox_enqueue
from partnership.demo import demo_current_code, demo_load
from tests.conftest import current_code
from tests.factories import make_person

PARTNERSHIP = str(Path(sys.executable).parent / "partnership")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PARTNERSHIP, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run_cli(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "PARTNERSHIP_ENV": "production",
            "PARTNERSHIP_SECRET_KEY": secrets.token_urlsafe(60),
            "PARTNERSHIP_ALLOWED_HOSTS": "partnership.example.org",
            "PARTNERSHIP_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"PARTNERSHIP_ENV": "production", "PARTNERSHIP_VAR_DIR": str(tmp_path)}
    env_without_key = {k: v for k, v in {**os.environ, **env}.items() if k != "PARTNERSHIP_SECRET_KEY"}
    result = subprocess.run(
        [PARTNERSHIP, "manage", "check"], capture_output=True, text=True, env=env_without_key, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "PARTNERSHIP_SECRET_KEY must be set" in result.stderr


def test_otp_command_is_refused_outside_demo_mode(tmp_path: Path) -> None:
    result = run_cli("otp", "admin", env={"PARTNERSHIP_DEMO": "0", "PARTNERSHIP_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "only in demo mode" in result.stderr


@pytest.mark.django_db
def test_token_create_prints_a_working_token_once(capsys: pytest.CaptureFixture[str]) -> None:
    user = make_person()
    assert main(["token", "create", user.username, "--name", "Nightly export"]) == 0
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Nightly export"
    assert raw.startswith(token.prefix)
    assert main(["token", "create", "nobody"]) == 2


@pytest.mark.django_db
def test_demo_loads_one_person_per_role_once_and_gives_their_current_code() -> None:
    assert demo_load() is True
    assert demo_load() is False
    for username in [
        "admin",
        "executive",
        "lead",
        "frontdoor",
        "socialworker",
        "manager",
        "encompass",
        "keyadult",
        "auditor",
        "viewer",
    ]:
        user = User.objects.get(username=username)
        assert user.memberships.count() == 1
        assert demo_current_code(username) == current_code(user)
    assert demo_current_code("newstarter") is None


@pytest.mark.django_db
def test_worker_cycle_delivers_each_notification_once() -> None:
    person = make_person()
    outbox_enqueue(
        kind="test", dedupe_key="k1", to_address="a@example.org", subject="Hello", body="Body", recipient=person
    )
    outbox_enqueue(
        kind="test", dedupe_key="k1", to_address="a@example.org", subject="Hello", body="Body", recipient=person
    )
    assert OutboxMessage.objects.count() == 1
    assert main(["worker", "--once"]) == 0
    assert main(["worker", "--once"]) == 0
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().sent_at is not None


def test_serve_with_workers_answers_from_several_production_processes(tmp_path: Path) -> None:
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "PARTNERSHIP_VAR_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [PARTNERSHIP, "serve", "--workers", "2", "--threads", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        answer = None
        for _attempt in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    answer = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert answer == {"status": "ok", "database": "ok"}
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) == 2  # the arbiter keeps two worker processes
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert b"Booting worker" in output


def test_serve_refuses_a_negative_number_of_workers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--workers", "-1"]) == 2
    assert "--workers must be 0" in capsys.readouterr().err
