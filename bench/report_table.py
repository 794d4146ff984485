"""The shape of bench/results.json, the budgets of issue 11 held against the figures, and the printed table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bench.timing import ratio

SECTIONS = ("pages", "load", "indicators", "import", "report")
SHOWN = (
    ("p50_ms", "p50 {} ms"),
    ("p95_ms", "p95 {} ms"),
    ("ms", "{} ms"),
    ("per_indicator_ms", "{} ms per indicator"),
    ("seconds", "{} s"),
    ("rows_per_s", "{:,} rows/s"),
    ("requests_per_s", "{} req/s"),
    ("errors", "{} errors"),
)


def figure_row(
    *,
    section: str,
    name: str,
    database: str,
    figure: Mapping[str, Any],
    reference: Mapping[str, Any],
    compared: str,
    note: str = "",
) -> dict[str, Any]:
    """One figure beside its reference, with the ratio of the two values named `compared` (figure ÷ reference)."""
    if section not in SECTIONS:
        raise ValueError(f"Unknown section {section!r}.")
    return {
        "section": section,
        "name": name,
        "database": database,
        "figure": dict(figure),
        "reference": dict(reference),
        "compared": compared,
        "ratio": ratio(figure.get(compared), reference.get(compared)),
        "note": note,
    }


def describe(measure: Mapping[str, Any]) -> str:
    """A measure's numbers in words, such as "p50 12.5 ms, p95 20.1 ms"; its name, if any, comes first."""
    parts = [template.format(measure[key]) for key, template in SHOWN if measure.get(key) is not None]
    return ", ".join(parts) or "—"


def _worst(
    rows: Iterable[Mapping[str, Any]], read: Callable[[Mapping[str, Any]], float | None]
) -> tuple[float | None, str]:
    found = [(value, str(row["name"])) for row in rows if (value := read(row)) is not None]
    return max(found, key=lambda pair: pair[0]) if found else (None, "")


def _budget(
    name: str, target: str, measured: float | None, unit: str, met: Callable[[float], bool], where: str = ""
) -> dict[str, Any]:
    return {
        "budget": name,
        "target": target,
        "measured": measured,
        "unit": unit,
        "met": None if measured is None else met(measured),
        "where": where,
    }


def budgets(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each budget of issue 11 (set for county scale on a 2-core machine) with the worst figure measured, where,
    and whether it was met; a budget with no figure in this run is neither met nor missed (None)."""
    held: list[dict[str, Any]] = []
    for database in sorted({row["database"] for row in rows if row["section"] == "pages"}):
        pages = [row for row in rows if row["section"] == "pages" and row["database"] == database]
        slowest, where = _worst(pages, lambda row: row["figure"].get("p95_ms"))
        name = f"every listed page, single user ({database})"
        held.append(_budget(name, "p95 ≤ 150", slowest, "ms", lambda v: v <= 150, where))
        widest, where = _worst(pages, lambda row: row["ratio"])
        name = f"every listed page within 3× the bare view ({database})"
        held.append(_budget(name, "p95 ratio ≤ 3", widest, "×", lambda v: v <= 3, where))
    for row in (row for row in rows if row["section"] == "load"):
        name = f"pages at {row['figure'].get('users')} concurrent users ({row['database']})"
        held.append(_budget(name, "p95 ≤ 400", row["figure"].get("p95_ms"), "ms", lambda v: v <= 400))
    for row in rows:
        if row["section"] != "indicators" or (row.get("scope"), row.get("period_kind")) != ("all", "quarter"):
            continue
        seconds = None if row["figure"].get("ms") is None else round(row["figure"]["ms"] / 1000, 3)
        held.append(_budget(f"all indicators for a quarter ({row['database']})", "≤ 1", seconds, "s", lambda v: v <= 1))
    for row in (row for row in rows if row["section"] == "import"):
        speed = row["figure"].get("rows_per_s")
        held.append(_budget(f"Annex A import ({row['database']})", "≥ 20,000", speed, "rows/s", lambda v: v >= 20_000))
    for row in (row for row in rows if row["section"] == "report"):
        held.append(_budget("quarterly report PDF", "≤ 5", row["figure"].get("seconds"), "s", lambda v: v <= 5))
    return held


def results_document(
    *, machine: Mapping[str, Any], rows: list[dict[str, Any]], scale: str, notes: list[str]
) -> dict[str, Any]:
    """The whole of bench/results.json: the machine, date and commit, each figure with its reference and ratio, and
    the budgets met or missed."""
    return {
        "machine": dict(machine),
        "date": machine.get("date"),
        "git_commit": machine.get("git_commit"),
        "scale": scale,
        "notes": list(notes),
        "figures": rows,
        "budgets": budgets(rows),
    }


def _columns(table: list[list[str]]) -> list[str]:
    widths = [max(len(line[index]) for line in table) for index in range(len(table[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in table]


def table_lines(document: Mapping[str, Any]) -> list[str]:
    """The results as a readable table: each figure beside its reference and the ratio, then the budgets."""
    header = ["section", "figure", "db", "measured", "reference", "ratio"]
    table = [header]
    for row in document["figures"]:
        reference = describe(row["reference"])
        if row["reference"].get("name"):
            reference = f"{row['reference']['name']}: {reference}"
        shown_ratio = "—" if row["ratio"] is None else f"{row['ratio']:.2f}× ({row['compared'].removesuffix('_ms')})"
        table.append([row["section"], row["name"], row["database"], describe(row["figure"]), reference, shown_ratio])
    lines = _columns(table)
    lines.insert(1, "-" * len(lines[0]))
    noted = [row for row in document["figures"] if row.get("note")]
    if noted:
        lines += ["", "How each was measured"]
        lines += [f"  {row['name']} ({row['database']}): {row['note']}" for row in noted]
    lines += ["", f"Budgets of issue 11 (set for county scale; this run: {document['scale']})"]
    for budget in document["budgets"]:
        verdict = {True: "met", False: "MISSED", None: "not measured"}[budget["met"]]
        measured = "—" if budget["measured"] is None else f"{budget['measured']:,} {budget['unit']}"
        where = f", {budget['where']}" if budget.get("where") else ""
        lines.append(
            f"  {verdict:<12} {budget['budget']}: {budget['target']} {budget['unit']} (measured {measured}{where})"
        )
    lines += [f"Note: {note}" for note in document["notes"]]
    return lines
