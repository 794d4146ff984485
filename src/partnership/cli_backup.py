"""The `partnership backup` and `partnership restore` commands: the whole database to one file and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from partnership.cli_files import setup_django
from partnership.cli_progress import add_quiet, progress_for


def cmd_backup(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.core.backup import BackupRefused, backup_write

    progress = progress_for(options)
    try:
        summary = backup_write(path=Path(options.file), overwrite=options.overwrite, progress=progress)
    except BackupRefused as refusal:
        progress.close()
        print(refusal.message, file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    print(f"Backup done {progress.took()}.")
    return 0


def cmd_restore(options: argparse.Namespace) -> int:
    setup_django()
    from partnership.core.backup import BackupRefused, backup_restore

    progress = progress_for(options)
    try:
        summary = backup_restore(path=Path(options.file), replace=options.replace, progress=progress)
    except BackupRefused as refusal:
        progress.close()
        print(refusal.message, file=sys.stderr)
        return 2
    for line in summary.lines(restored=True):
        print(line)
    print(f"Restore done {progress.took()}.")
    return 0


def add_backup_commands(commands: Any) -> None:
    """Register `backup` and `restore` on the `partnership` command's subcommands."""
    backup = commands.add_parser(
        "backup", help="write the whole database to one file (SQLite online backup, or pg_dump on PostgreSQL)"
    )
    backup.add_argument("file", help="the backup file to write")
    backup.add_argument("--overwrite", action="store_true", help="replace the file if it already exists")
    add_quiet(backup)
    backup.set_defaults(func=cmd_backup)

    restore = commands.add_parser("restore", help="restore a backup file made by `partnership backup` of this engine")
    restore.add_argument("file", help="the backup file to restore")
    restore.add_argument(
        "--replace", action="store_true", help="restore even though the database already holds records, losing them"
    )
    add_quiet(restore)
    restore.set_defaults(func=cmd_restore)
