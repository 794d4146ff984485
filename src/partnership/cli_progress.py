"""What the long `partnership` commands share: the `--quiet` option, their progress reporter and the summary's words."""

from __future__ import annotations

import argparse
from pathlib import Path

from partnership.core.progress import TerminalProgress


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Give a long command the `--quiet` option, which turns its progress off but keeps its summary."""
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="show no progress on stderr (the summary is still printed)"
    )


def progress_for(options: argparse.Namespace) -> TerminalProgress:
    """The progress reporter for a command: on stderr, a bar on a terminal, plain lines elsewhere, none when quiet."""
    return TerminalProgress(quiet=bool(getattr(options, "quiet", False)))


def file_and_size(path: Path) -> str:
    """A written file's name and size, such as "plan.xlsx (12.3 kB)"."""
    from partnership.core.backup import size_text

    return f"{path} ({size_text(path.stat().st_size)})"
