"""The `partnership` command: demo, serve, worker, token, otp, import-plan, export-plan, generate, assets, `manage`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from partnership.cli_backup import add_backup_commands
from partnership.cli_files import (
    cmd_export_annex_a,
    cmd_export_plan,
    cmd_import_annex_a,
    cmd_import_plan,
    cmd_measures_compute,
    setup_django,
)
from partnership.cli_progress import add_quiet, progress_for


def _manage(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnership manage", *args])


def cmd_manage(options: argparse.Namespace) -> int:
    _manage(options.args)
    return 0


def cmd_serve(options: argparse.Namespace) -> int:
    if options.workers < 0:
        print(f"--workers must be 0 (one development process) or more, not {options.workers}.", file=sys.stderr)
        return 2
    if not options.workers:
        _manage(["runserver", f"{options.host}:{options.port}", "--noreload"])
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.config.settings")
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "partnership serve",
        f"--bind={options.host}:{options.port}",
        f"--workers={options.workers}",
        "--worker-class=gthread",
        f"--threads={options.threads}",
        "partnership.config.wsgi:application",
    ]
    run()
    return 0


def cmd_demo(options: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from partnership.demo import demo_load, demo_sign_in_lines

    if settings.PRODUCTION:
        print("Refused: the demo partnership and its shared password are never loaded in production.", file=sys.stderr)
        return 2
    progress = progress_for(options)
    progress.stage("Migrating the database")
    call_command("migrate", interactive=False, verbosity=0)
    progress.stage("Loading the demo partnership")
    loaded = demo_load(reset=options.reset)
    progress.close()
    print("The demo partnership is loaded." if loaded else "The demo partnership was already loaded.")
    print(f"Ready {progress.took()}.")
    print()
    for line in demo_sign_in_lines():
        print(line)
    print()
    if options.no_serve:
        return 0
    print(f"Serving on http://{options.host}:{options.port}/  (Ctrl+C to stop)")
    sys.stdout.flush()
    _manage(["runserver", f"{options.host}:{options.port}", "--noreload"])
    return 0


def cmd_worker(options: argparse.Namespace) -> int:
    setup_django()
    from django.db import DatabaseError, close_old_connections, connection

    from partnership.core.sweeper import sweep_once

    while True:
        if not connection.in_atomic_block:  # a caller's open transaction keeps its connection
            close_old_connections()  # a connection the database dropped is replaced, so the worker recovers by itself
        try:
            done = sweep_once()
        except DatabaseError as error:
            print(f"Worker cycle stopped: the database is unavailable ({type(error).__name__}).", file=sys.stderr)
            if options.once:
                return 1
        else:
            if options.once:
                print(f"Worker cycle done: {done}")
                return 0
        time.sleep(options.interval)


def cmd_token(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.access.models import User
    from partnership.access.services import api_token_create

    user = User.objects.filter(username=options.username, is_active=True).first()
    if user is None:
        print(f"No active account is called {options.username!r}.", file=sys.stderr)
        return 2
    _token, raw = api_token_create(user=user, name=options.name)
    print(raw)
    return 0


def cmd_otp(options: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from partnership.demo import demo_current_code

    if not settings.DEMO_MODE:
        print("Refused: `partnership otp` works only in demo mode.", file=sys.stderr)
        return 2
    code = demo_current_code(options.username)
    if code is None:
        print(f"{options.username!r} has no authenticator set up.", file=sys.stderr)
        return 2
    print(code)
    return 0


def cmd_report(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.reporting.cli_report import write_report

    return write_report(
        kind=options.kind, period=options.period, fmt=options.format, output=Path(options.output), quiet=options.quiet
    )


def cmd_generate(options: argparse.Namespace) -> int:
    from datetime import date

    try:
        until = date.fromisoformat(options.until) if options.until else None
    except ValueError:
        print(f"--until must be a date written YYYY-MM-DD, such as 2026-03-31, not {options.until!r}.", file=sys.stderr)
        return 2
    setup_django()
    from django.core.management import call_command

    from partnership.generation.run import GenerationRefused, generate

    call_command("migrate", interactive=False, verbosity=0)
    progress = progress_for(options)
    try:
        summary = generate(
            scale=options.scale,
            seed=options.seed,
            years=options.years,
            until=until,
            into_existing=options.into_existing,
            progress=progress,
        )
    except GenerationRefused as error:
        progress.close()
        print(str(error), file=sys.stderr)
        return 2
    print(f"Generated the {options.scale} partnership (seed {options.seed}):")
    for line in summary.lines():
        print(line)
    return 0


def cmd_retention_review(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.records.retention_selectors import past_retention_counts

    for period, count in past_retention_counts():
        print(f"{count:>8}  {period.get_record_type_display()} (kept {period.years} years)")
    return 0


def cmd_assets(options: argparse.Namespace) -> int:
    from partnership.frontend.assets import build_assets

    target = build_assets(node_modules=Path(options.node_modules).resolve())
    print(f"GOV.UK Frontend assets copied to {target}")
    return 0


def cmd_subject_access(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.children.models import Child
    from partnership.cli_progress import file_and_size
    from partnership.core.progress import plural
    from partnership.records.subject_access import subject_access_command, summary_counts

    progress = progress_for(options)
    problem = subject_access_command(child_id=options.child_id, output=Path(options.out), progress=progress)
    progress.close()
    print(
        problem or f"Everything held about the child was written to {options.out}.",
        file=sys.stderr if problem else sys.stdout,
    )
    if not problem:
        counts = summary_counts(Child.objects.get(pk=options.child_id))
        records = sum(count.total for count in counts if count.key != "history")
        history = sum(count.total for count in counts if count.key == "history")
        print(
            f"Wrote {plural(records, 'record')} of {plural(len(counts) - 1, 'kind')} "
            f"and {plural(history, 'history row')} to {file_and_size(Path(options.out))} {progress.took()}."
        )
    return 2 if problem else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnership", description="Partnership: the safeguarding partnership's service."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="migrate, load the demo partnership and serve it")
    demo.add_argument("--no-serve", action="store_true", help="load the demo without serving it")
    demo.add_argument("--reset", action="store_true", help="delete the demo data and load it again")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", default="8000")
    add_quiet(demo)
    demo.set_defaults(func=cmd_demo)

    serve = commands.add_parser("serve", help="serve the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes of the production server (gunicorn), e.g. 2 per core; 0 runs Django's own single process",
    )
    serve.add_argument("--threads", type=int, default=4, help="threads in each production worker process")
    serve.set_defaults(func=cmd_serve)

    worker = commands.add_parser("worker", help="deliver notifications and run the deadline sweepers")
    worker.add_argument("--once", action="store_true", help="run one cycle and stop")
    worker.add_argument("--interval", type=float, default=60.0, help="seconds between cycles")
    worker.set_defaults(func=cmd_worker)

    token = commands.add_parser("token", help="personal API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token for a person and print it once")
    create.add_argument("username")
    create.add_argument("--name", default="Created on the command line")
    create.set_defaults(func=cmd_token)

    otp = commands.add_parser("otp", help="print a demo user's current two-factor code (demo mode only)")
    otp.add_argument("username")
    otp.set_defaults(func=cmd_otp)

    import_plan = commands.add_parser(
        "import-plan", help="import an improvement plan from an xlsx, YAML or JSON file, whole or not at all"
    )
    import_plan.add_argument("file", help="the plan file: .xlsx, .yaml, .yml or .json")
    add_quiet(import_plan)
    import_plan.set_defaults(func=cmd_import_plan)

    export_plan = commands.add_parser("export-plan", help="export an improvement plan to an xlsx, YAML or JSON file")
    export_plan.add_argument("--format", choices=["xlsx", "yaml", "json"], help="default: from the file name, or xlsx")
    export_plan.add_argument("-o", "--output", required=True, help="the file to write")
    export_plan.add_argument("--inspection", help="the inspection's id (default: the latest inspection)")
    add_quiet(export_plan)
    export_plan.set_defaults(func=cmd_export_plan)

    report = commands.add_parser("report", help="write a published report (the latest, or a quarter's) to a file")
    report.add_argument("kind", choices=["quarterly", "cabinet"])
    report.add_argument("--period", help="the quarter, such as 2026-Q2; by default the latest published")
    report.add_argument("--format", choices=["pdf", "xlsx", "docx", "html", "json"], default="pdf")
    report.add_argument("-o", "--output", required=True, help="the file to write")
    add_quiet(report)
    report.set_defaults(func=cmd_report)

    measures_compute = commands.add_parser(
        "measures-compute", help="compute the built-in indicators' values (default: every period of the last year)"
    )
    measures_compute.add_argument("--period", choices=["month", "quarter", "year"], help="default: all three")
    measures_compute.add_argument("--from", dest="first", help="YYYY-MM-DD (default: a year before --to)")
    measures_compute.add_argument("--to", dest="last", help="YYYY-MM-DD (default: today)")
    add_quiet(measures_compute)
    measures_compute.set_defaults(func=cmd_measures_compute)

    import_annex_a = commands.add_parser(
        "import-annex-a", help="import Ofsted Annex A Lists 1, 3, 4 and 5 from an xlsx or CSV file, whole or not at all"
    )
    import_annex_a.add_argument("file", help="a workbook with sheets 'List 1', 'List 3' ..., or a CSV of one list")
    import_annex_a.add_argument(
        "--list", type=int, choices=[1, 3, 4, 5], help="the list a CSV file holds (default: from the file name)"
    )
    add_quiet(import_annex_a)
    import_annex_a.set_defaults(func=cmd_import_annex_a)

    export_annex_a = commands.add_parser(
        "export-annex-a", help="write Annex A Lists 1, 3, 4 and 5 from Partnership's records to an xlsx file"
    )
    export_annex_a.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    export_annex_a.add_argument("--from", dest="first", help="YYYY-MM-DD (default: six months before --to)")
    export_annex_a.add_argument("--to", dest="last", help="YYYY-MM-DD (default: today)")
    add_quiet(export_annex_a)
    export_annex_a.set_defaults(func=cmd_export_annex_a)

    generate = commands.add_parser("generate", help="write a synthetic partnership at scale, the same for a seed")
    generate.add_argument("--scale", choices=["demo", "county", "region", "national"], required=True)
    generate.add_argument("--years", type=int, help="default: 1 for demo, 5 for county, 3 for region, 2 for national")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--until", help="the last day of the records, YYYY-MM-DD (default: today)")
    generate.add_argument(
        "--into-existing", action="store_true", help="write into a database that already holds records"
    )
    add_quiet(generate)
    generate.set_defaults(func=cmd_generate)

    subject = commands.add_parser(
        "subject-access", help="write everything held about a child, and its access log, to a zip"
    )
    subject.add_argument("child_id", metavar="CHILD_UUID")
    subject.add_argument("--out", required=True, help="the .zip file to write")
    add_quiet(subject)
    subject.set_defaults(func=cmd_subject_access)

    add_backup_commands(commands)

    assets = commands.add_parser("assets", help="copy GOV.UK Frontend from node_modules into the static folder")
    assets.add_argument("--node-modules", default="node_modules")
    assets.set_defaults(func=cmd_assets)

    retention = commands.add_parser("retention-review", help="print how many records of each type are past retention")
    retention.set_defaults(func=cmd_retention_review)

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    return int(options.func(options) or 0)


if __name__ == "__main__":
    sys.exit(main())
