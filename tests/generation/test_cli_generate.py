"""The `partnership generate` command line: what it refuses and what it prints."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from partnership.cli import main
from partnership.generation import run


@pytest.mark.django_db
def test_national_scale_on_sqlite_is_refused_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever database the suite runs on, the command sees SQLite, so it must refuse before writing anything.
    monkeypatch.setattr(run, "connection", SimpleNamespace(vendor="sqlite"))
    assert main(["generate", "--scale", "national"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


def test_a_wrong_until_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--scale", "demo", "--until", "31/03/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.django_db
def test_demo_scale_prints_rows_per_table_and_the_rate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--scale", "demo", "--seed", "2", "--until", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "frontdoor_contact " in out
    assert "rows/s" in out
