"""The children's list as a downloadable table, with the same columns as the page."""

from __future__ import annotations

from typing import Any

from partnership.core.spreadsheets import Cell, Table

CHILD_HEADINGS = ("Name", "Date of birth", "Expected date of birth", "Local child ID", "Risk flags")


def child_table(rows: list[tuple[Any, list[Any]]]) -> Table:
    """Each child the reader may see (name, dates, local ID) with their cumulative-risk flags."""
    cells: list[list[Cell]] = [
        [
            f"{child.first_name} {child.last_name}",
            child.date_of_birth,
            None if child.date_of_birth else child.expected_date_of_birth,
            child.local_child_id,
            "; ".join(flag.title for flag in flags) or "None",
        ]
        for child, flags in rows
    ]
    return Table(title="Children", header=CHILD_HEADINGS, rows=cells)
