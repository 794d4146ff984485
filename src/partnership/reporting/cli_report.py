"""The `partnership report` command: write a published report, exactly as frozen, to a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from partnership.access.models import Role, User
from partnership.core.backup import size_text
from partnership.core.progress import TerminalProgress
from partnership.reporting.selectors import latest_report


def write_report(*, kind: str, period: str | None, fmt: str, output: Path, quiet: bool = False) -> int:
    """Write the latest published report of a kind (or the quarter's) in one format; 2 when there is none."""
    progress = TerminalProgress(quiet=quiet)
    progress.stage("Finding the published report")
    reader = User.objects.filter(memberships__role=Role.ADMIN, is_active=True).first()
    report = latest_report(user=reader, kind=kind, label=period) if reader else None
    if report is None:
        progress.close()
        quarter = f" for {period}" if period else ""
        print(f"No {kind} report has been published{quarter}.", file=sys.stderr)
        return 2
    progress.stage(f"Writing the {fmt}")
    if fmt == "json":
        output.write_text(
            json.dumps({"sha256": report.data_sha256, "data": report.data}, indent=2, ensure_ascii=False),
            encoding="utf-8",
        )
    elif fmt == "html":
        output.write_text(report.html, encoding="utf-8")
    else:
        output.write_bytes(bytes(getattr(report, fmt)))
    progress.close()
    print(f"Wrote the {report.get_kind_display().lower()} for {report.period.label} ({fmt}) to {output}")
    print(f"Published {report.published_at:%-d %B %Y}; data SHA-256 {report.data_sha256}")
    print(f"Wrote {output} ({size_text(output.stat().st_size)}) {progress.took()}.")
    return 0
