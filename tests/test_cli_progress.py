"""Progress and the ending summary of the long `partnership` commands, run in-process as a user would run them.

Under pytest stderr is not a terminal, so the commands write plain progress lines there (a stage's start, each tenth
of a known total, its end); the summary goes to stdout and its figures must match what the database holds.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.db import connection

from partnership.cli import main
from partnership.core.backup import size_text
from partnership.core.progress import SILENT, TerminalProgress, plural, seconds_text
from partnership.frontdoor.models import Contact
from partnership.measures.models import IndicatorValue, List1Contact, List3Referral, List4Assessment, List5Enquiry
from partnership.plans.models import Action, Finding, Inspection, ScrutinyActivity, Theme
from tests.core.test_backup import _append_only_cleared_for_flush  # noqa: F401 - a fixture
from tests.measures.test_annex_a_import import four_lists
from tests.plans.test_import_export import build_rich_plan, export_bytes, good_data, table_counts
from tests.records.test_subject_access import build_subject_world
from tests.trust import tally

SECONDS = r"in \d+\.\d s"


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is when a person runs the command."""

    def isatty(self) -> bool:
        return True


# The reporter on its own -------------------------------------------------------------------------------


def test_plain_lines_mark_the_start_each_tenth_and_the_end_of_a_stage() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress.stage("Checking rows", total=20)
    for _ in range(20):
        progress.advance(1)
    progress.stage("Writing")
    progress.advance(7)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "Checking rows: 0 of 20 rows",
        *(f"Checking rows: {n * 2} of 20 rows ({n * 10}%)" for n in range(1, 11)),
        "Writing …",
        "Writing: 7 rows",
    ]


def test_a_terminal_gets_a_tqdm_bar_and_quiet_or_silent_show_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    terminal = Terminal()
    progress = TerminalProgress(terminal)
    progress.stage("Writing List 1", total=3)
    progress.advance(3)
    progress.close()
    shown = terminal.getvalue()
    assert "Writing List 1" in shown and "3/3" in shown and "100%" in shown
    assert "\r" in shown  # redrawn in place, not a line per step

    quiet = Terminal()
    progress = TerminalProgress(quiet, quiet=True)
    progress.stage("Writing List 1", total=3)
    progress.advance(3)
    progress.close()
    assert quiet.getvalue() == ""
    SILENT.stage("Anything", total=1)
    SILENT.advance(1)
    SILENT.close()
    assert capsys.readouterr() == ("", "")


def test_the_summary_words() -> None:
    assert [plural(1, "theme"), plural(7, "theme"), plural(1204, "row")] == ["1 theme", "7 themes", "1,204 rows"]
    assert [seconds_text(0.44), seconds_text(59.94), seconds_text(187.2)] == ["0.4 s", "59.9 s", "3 min 7 s"]


# Imports ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_plan_shows_its_stages_and_a_summary_that_matches_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = good_data()
    rows = 1 + sum(len(sheet) for sheet in data.values() if isinstance(sheet, list))
    path = tmp_path / "plan.json"
    path.write_bytes(export_bytes(data, "json"))

    assert main(["import-plan", str(path)]) == 0
    out, err = capsys.readouterr()
    written = [Inspection, Theme, Finding, Action, ScrutinyActivity]
    records = sum(model.objects.count() for model in written)
    lines = err.splitlines()
    assert lines[:4] == [
        "Reading plan.json …",
        f"Checking rows: 0 of {rows} rows",
        f"Checking rows: {rows} of {rows} rows (100%)",
        f"Writing: 0 of {records} records",
    ]
    assert lines[-1] == f"Writing: {records} of {records} records (100%)"
    summary = out.splitlines()[-1]
    assert re.fullmatch(rf"Imported 3 actions in 2 themes \(2 findings\) from plan\.json {SECONDS}\.", summary)
    assert (Action.objects.count(), Theme.objects.count(), Finding.objects.count()) == (3, 2, 2)


@pytest.mark.django_db
def test_quiet_turns_progress_off_but_keeps_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(export_bytes(good_data(), "yaml"))
    assert main(["import-plan", "--quiet", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[-1].startswith("Imported 3 actions in 2 themes (2 findings) from plan.yaml in ")


@pytest.mark.django_db
def test_a_failed_import_keeps_its_problem_report_and_says_nothing_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = good_data()
    data["Actions"][0]["Timescale months"] = 4
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(data, "xlsx"))
    before = table_counts()

    assert main(["import-plan", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == ""
    assert "Writing" not in err
    assert lines[-3:-1] == [
        "The file was not imported; nothing was written. 1 problem:",
        "Sheet Actions, row 2, column Timescale months: timescale must be 3, 6, 9 or 12 months, not 4",
    ]
    assert re.fullmatch(rf"Nothing was written: 1 problem in plan\.xlsx, {SECONDS}\.", lines[-1])
    assert table_counts() == before
    tally("bad_files", 1)


@pytest.mark.django_db
def test_import_annex_a_counts_the_rows_it_checks_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annex-a.xlsx"
    path.write_bytes(four_lists().getvalue())
    assert main(["import-annex-a", str(path)]) == 0
    out, err = capsys.readouterr()
    held = {1: List1Contact, 3: List3Referral, 4: List4Assessment, 5: List5Enquiry}
    counts = {number: model.objects.count() for number, model in held.items()}
    assert all(counts.values())
    for number, count in counts.items():
        assert f"Reading and checking List {number}: {count} rows" in err
        assert f"Writing List {number}: {count} of {count} rows (100%)" in err
    assert "Computing the Annex A indicators: " in err
    summary = out.splitlines()[-1]
    assert re.fullmatch(rf"Imported {sum(counts.values())} rows in 4 lists from annex-a\.xlsx {SECONDS}\.", summary)


# Exports and other writers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_plan_summary_gives_the_rows_the_file_and_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inspection, _admin = build_rich_plan()
    output = tmp_path / "plan.xlsx"
    assert main(["export-plan", "-o", str(output)]) == 0
    out, err = capsys.readouterr()
    actions = Action.objects.filter(inspection=inspection).count()
    assert f"Actions: {actions:,}" in out.splitlines()[-1]
    assert "Reading the plan …" in err and "Writing xlsx: " in err and "(100%)" in err
    size = output.stat().st_size
    assert re.search(rf"to {re.escape(str(output))} \({size / 1000:,.1f} kB\) {SECONDS}\.$", out.strip())
    assert Inspection.objects.count() == 1


# No serialized rollback: reloading the migration-time rows into a database that a plain transactional test's flush
# refilled clashes on django_content_type, and a backup's progress lines do not need those rows.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_append_only_cleared_for_flush")
def test_backup_names_its_stage_and_sums_up_the_file_and_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "partnership.backup"
    assert main(["backup", str(file)]) == 0
    out, err = capsys.readouterr()
    engine = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    assert err == f"Copying the {engine} database, checking the copy and counting its rows …\n"
    assert f"({size_text(file.stat().st_size)})" in out.splitlines()[0]
    assert re.fullmatch(rf"Backup done {SECONDS}\.", out.splitlines()[-1])


@pytest.mark.django_db
def test_subject_access_sums_up_the_records_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    world = build_subject_world()
    out_file = tmp_path / "request.zip"
    assert main(["subject-access", str(world.child.pk), "--out", str(out_file)]) == 0
    out, err = capsys.readouterr()
    assert "Gathering the records held about the child: 0 of " in err
    assert "Writing the zip with the access log …" in err
    assert re.search(r"Wrote \d+ records? of \d+ kinds? and \d+ history rows? to .*request\.zip \(", out)
    assert main(["subject-access", "--quiet", str(world.child.pk), "--out", str(out_file)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.django_db
def test_measures_compute_counts_periods_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["measures-compute", "--period", "month", "--from", "2026-01-01", "--to", "2026-03-31"]
    assert main(arguments) == 0
    out, err = capsys.readouterr()
    assert "Computing month values: 0 of 3 periods" in err
    assert "Computing month values: 3 of 3 periods (100%)" in err
    written = IndicatorValue.objects.count()
    assert re.fullmatch(rf"Computed {written:,} values? for 3 periods {SECONDS}\.", out.splitlines()[-1])


@pytest.mark.django_db
def test_generation_reports_each_stage_and_the_days_of_contacts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--scale", "demo", "--seed", "3", "--until", "2026-03-31", "--years", "1"]) == 0
    out, err = capsys.readouterr()
    for stage in ("School terms", "Council 1 of 1: agencies, people and schools", "Council 1 of 1: case file audits"):
        assert f"{stage} …" in err
    assert "Council 1 of 1: contacts, families, meetings and incidents: 365 of 365 days (100%)" in err
    assert "Statistics for the query planner …" in err
    contacts = re.search(r"frontdoor_contact\s+([\d,]+)", out)
    assert contacts is not None and int(contacts.group(1).replace(",", "")) == Contact.objects.count() > 0
