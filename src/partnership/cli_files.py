"""The `partnership` commands that read or write files and figures: plan and Annex A imports and exports, measures."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from partnership.cli_progress import file_and_size, progress_for
from partnership.core.progress import plural


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    import django

    django.setup()


def _date_options(options: argparse.Namespace) -> dict[str, date | None] | None:
    """`--from` and `--to` read as dates, or None (the problem printed) when one is not written YYYY-MM-DD."""
    dates: dict[str, date | None] = {}
    for name, text in (("--from", options.first), ("--to", options.last)):
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            print(f"{name} must be a date written YYYY-MM-DD, such as 2026-04-01, not {text!r}.", file=sys.stderr)
            return None
    return dates


def cmd_import_plan(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.plans.importing import PlanImportError, plan_import_file

    path = Path(options.file)
    if not path.is_file():
        print(f"There is no file at {path}.", file=sys.stderr)
        return 2
    progress = progress_for(options)
    try:
        with path.open("rb") as stream:
            result = plan_import_file(stream=stream, filename=path.name, progress=progress)
    except PlanImportError as error:
        progress.close()
        count = len(error.problems)
        print(
            f"The file was not imported; nothing was written. {count} problem{'s' if count != 1 else ''}:",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"Nothing was written: {plural(count, 'problem')} in {path.name}, {progress.took()}.", file=sys.stderr)
        return 1
    for line in result.summary_lines():
        print(line)
    print(
        f"Imported {plural(result.actions, 'action')} in {plural(result.themes, 'theme')} "
        f"({plural(result.findings, 'finding')}) from {path.name} {progress.took()}."
    )
    return 0


def cmd_export_plan(options: argparse.Namespace) -> int:
    setup_django()
    import io
    import uuid

    from partnership.plans.exporting import FORMATS, inspection_latest, plan_export
    from partnership.plans.models import Inspection

    output = Path(options.output)
    suffix = output.suffix.lstrip(".").lower()
    file_format = options.format or {"yml": "yaml"}.get(suffix, suffix if suffix in FORMATS else "xlsx")
    if options.inspection:
        try:
            inspection = Inspection.objects.filter(pk=uuid.UUID(options.inspection)).first()
        except ValueError:
            inspection = None
        if inspection is None:
            print(f"There is no inspection with the id {options.inspection}.", file=sys.stderr)
            return 2
    else:
        inspection = inspection_latest()
        if inspection is None:
            print("There is no inspection to export.", file=sys.stderr)
            return 2
    buffer = io.BytesIO()
    progress = progress_for(options)
    rows = plan_export(inspection=inspection, file_format=file_format, stream=buffer, progress=progress)
    output.write_bytes(buffer.getvalue())
    print(f"Exported the plan for {inspection.title!r} to {output} ({file_format}).")
    counts = ", ".join(f"{sheet}: {count:,}" for sheet, count in rows.items())
    print(f"Wrote {plural(sum(rows.values()), 'row')} ({counts}) to {file_and_size(output)} {progress.took()}.")
    return 0


def cmd_measures_compute(options: argparse.Namespace) -> int:
    dates = _date_options(options)
    if dates is None:
        return 2
    setup_django()
    from django.utils import timezone

    from partnership.core.clocks import add_months, london_date
    from partnership.measures.computing import indicators_sync_builtin, values_compute_range
    from partnership.measures.rules import PERIOD_MONTHS, periods_between

    now = timezone.now()
    last = dates["--to"] or london_date(now)
    first = dates["--from"] or add_months(last, -12)
    if first > last:
        print(f"--from ({first}) must not be after --to ({last}).", file=sys.stderr)
        return 2
    progress = progress_for(options)
    indicators_sync_builtin()
    total_periods = total_written = 0
    for kind in [options.period] if options.period else list(PERIOD_MONTHS):
        periods = periods_between(kind, first, last)
        written = values_compute_range(kind=kind, first=first, last=last, now=now, progress=progress)
        total_periods, total_written = total_periods + len(periods), total_written + written
        print(
            f"{kind}: {len(periods)} period{'s' if len(periods) != 1 else ''} from {periods[0].label} "
            f"to {periods[-1].label}, {written:,} value{'s' if written != 1 else ''} written."
        )
    print(f"Computed {plural(total_written, 'value')} for {plural(total_periods, 'period')} {progress.took()}.")
    return 0


def cmd_import_annex_a(options: argparse.Namespace) -> int:
    path = Path(options.file)
    if not path.is_file():
        print(f"There is no file at {path}.", file=sys.stderr)
        return 2
    setup_django()
    from partnership.measures.annex_a_importing import AnnexAImportError, annex_a_import
    from partnership.measures.calculators_annex_a import DEFINITIONS
    from partnership.measures.computing import indicators_sync_builtin, values_compute
    from partnership.measures.rules import PERIOD_MONTHS, periods_between

    progress = progress_for(options)
    try:
        with path.open("rb") as stream:
            result = annex_a_import(
                actor=None, stream=stream, filename=path.name, list_number=options.list, progress=progress
            )
    except AnnexAImportError as error:
        progress.close()
        print(error.message, file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        for warning in error.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        count = len(error.problems)
        print(f"Nothing was written: {plural(count, 'problem')} in {path.name}, {progress.took()}.", file=sys.stderr)
        return 1
    for line in result.summary_lines():
        print(line)
    first, last = result.annex_import.first_date, result.annex_import.last_date
    if first is not None and last is not None:
        indicators_sync_builtin()
        keys = [definition.key for definition in DEFINITIONS]
        periods = [period for kind in PERIOD_MONTHS for period in periods_between(kind, first, last)]
        progress.stage("Computing the Annex A indicators", total=len(periods), unit="periods")
        written = 0
        for period in periods:
            written += values_compute(period=period, keys=keys)
            progress.advance(1)
        progress.close()
        print(
            f"Annex A indicators computed for {len(periods)} periods (months, quarters and years): {written:,} values."
        )
    rows = sum(result.rows.values())
    print(f"Imported {plural(rows, 'row')} in {plural(len(result.rows), 'list')} from {path.name} {progress.took()}.")
    return 0


def cmd_export_annex_a(options: argparse.Namespace) -> int:
    import io
    from datetime import timedelta

    dates = _date_options(options)
    if dates is None:
        return 2
    output = Path(options.output)
    if output.suffix.lower() != ".xlsx":
        print(f"The file to write must end in .xlsx, not {output.name!r}.", file=sys.stderr)
        return 2
    setup_django()
    from django.utils import timezone

    from partnership.core.clocks import add_months, london_date
    from partnership.measures.annex_a_exporting import annex_a_export

    last = dates["--to"] or london_date(timezone.now())
    first = dates["--from"] or add_months(last, -6) + timedelta(days=1)
    if first > last:
        print(f"--from ({first}) must not be after --to ({last}).", file=sys.stderr)
        return 2
    buffer = io.BytesIO()
    progress = progress_for(options)
    exported = annex_a_export(stream=buffer, first=first, last=last, progress=progress)
    output.write_bytes(buffer.getvalue())
    for line in exported.summary_lines():
        print(line)
    print(f"Written to {output}.")
    rows, lists = plural(sum(exported.rows.values()), "row"), plural(len(exported.rows), "list")
    print(f"Wrote {rows} in {lists} to {file_and_size(output)} {progress.took()}.")
    return 0
