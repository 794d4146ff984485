"""A report's sections as headed tables: the one layout every renderer (HTML, PDF, Excel, Word) draws.

Pure functions of the report's data (see `snapshot_shape.ReportData`); nothing here touches the database. The
Cabinet summary never shows a lead's name, an update's narrative or the decisions needed, whatever the data holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnership.measures.rules import SUPPRESSED


class Change(int):
    """A difference between two counts, written with its sign: +2, -1, 0."""

    def __str__(self) -> str:
        return f"{int(self):+d}" if self else "0"


Cell = str | int | date

BRAG_WORDS: dict[str | None, str] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
    None: "Not rated",
    "": "Not rated",
}
COUNT_COLUMNS = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("blue", "Blue"),
    ("none", "Not rated"),
    ("total", "Total"),
    ("revised", "Timescale revised"),
]
BRAG_KEY = (
    "Red: overdue and not delivered. Amber: at risk. Green: on track or delivered. "
    "Blue: complete, with impact evidenced."
)
CABINET_PREFIX = "Cabinet summary"
FIRST_REPORT = "This is the first report."


@dataclass
class Table:
    """A table with a header row; `empty` is the sentence shown instead when it has no rows."""

    columns: list[str]
    rows: list[list[Cell]]
    empty: str = ""
    caption: str = ""
    numeric: bool = False  # every column after the first holds a count
    total_row: bool = False  # the last row is the total of the others
    compact: bool = False  # only as wide as it needs to be

    def date_columns(self) -> set[int]:
        """The positions of the columns that hold dates, which should not wrap."""
        return {number for row in self.rows for number, value in enumerate(row) if isinstance(value, date)}

    def text_rows(self) -> list[list[str]]:
        """The rows as text, dates written out in full."""
        return [[cell_text(value) for value in row] for row in self.rows]


@dataclass
class Section:
    """One section of a report: a heading, sentences, then its tables (or what they say when empty)."""

    key: str
    heading: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    chart: bool = False


def day(value: str | date | None) -> str:
    """A date (or an ISO date) as 1 March 2019."""
    if not value:
        return ""
    parsed = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{parsed.day} {parsed:%B %Y}"


def _date(value: str | None) -> date | str:
    return date.fromisoformat(value) if value else ""


def cell_text(value: Cell) -> str:
    """A table cell as text."""
    return day(value) if isinstance(value, date) else str(value)


def is_cabinet(data: Mapping[str, Any]) -> bool:
    """Whether the report is the Cabinet summary, which shows no personal data."""
    return data["kind"] == "cabinet"


def report_title(data: Mapping[str, Any]) -> str:
    """The report's title; the Cabinet summary's always says so first."""
    title = str(data["title"])
    if is_cabinet(data) and not title.startswith(CABINET_PREFIX):
        return f"{CABINET_PREFIX}: {title}"
    return title


def report_period(data: Mapping[str, Any]) -> str:
    """The quarter the report covers, e.g. 2019-Q2: 1 April 2019 to 30 June 2019."""
    period = data["period"]
    return f"{period['label']}: {day(period['starts_on'])} to {day(period['ends_on'])}"


def report_context(data: Mapping[str, Any]) -> str:
    """The sentence under the title: the inspection, the partnership and when the data was taken."""
    return f"{data['inspection']}. {data['partnership']}. Data as at {day(data['as_at'])}."


def _brag(line: Mapping[str, Any]) -> str:
    return BRAG_WORDS.get(line.get("brag"), str(line.get("brag") or "Not rated").capitalize())


def _people(personal: bool) -> list[str]:
    return ["Owner", "Lead"] if personal else ["Owner"]


def _who(line: Mapping[str, Any], personal: bool) -> list[Cell]:
    return [line.get("owner", ""), line.get("lead", "")] if personal else [line.get("owner", "")]


def _brag_section(data: Mapping[str, Any]) -> Section:
    themes = data["brag_by_theme"]
    rows: list[list[Cell]] = [[row["theme"], *(int(row[key]) for key, _ in COUNT_COLUMNS)] for row in themes]
    totals = data["totals"]
    rows.append([totals["theme"], *(int(totals[key]) for key, _ in COUNT_COLUMNS)])
    table = Table(
        ["Theme", *(label for _, label in COUNT_COLUMNS)],
        rows if themes else [],
        empty="There are no actions in the plan.",
        numeric=True,
        total_row=True,
        caption="Actions by theme and BRAG rating",
    )
    return Section("brag", "BRAG by theme", [table], notes=[BRAG_KEY] if themes else [], chart=bool(themes))


def _previous_rating(line: Mapping[str, Any]) -> str:
    was = str(line.get("question", ""))
    word = was.removeprefix("was ").strip()
    return BRAG_WORDS.get(word, word.capitalize()) if word else "Not known"


def _progress_section(data: Mapping[str, Any]) -> Section:
    totals, previous, updates = data["totals"], data.get("previous_totals"), data["updates"]
    updates_table = Table(
        ["Quarterly updates from action leads", "Number"],
        [
            [word, int(updates.get(key, 0))]
            for key, word in (("requested", "Requested"), ("submitted", "Submitted"), ("missing", "Missing"))
        ],
        numeric=True,
        compact=True,
    )
    if previous is None:
        return Section(
            "progress",
            "Progress since last quarter",
            [updates_table],
            notes=[f"{FIRST_REPORT} There is no earlier report to compare with."],
        )
    before = data.get("previous_period") or "the previous quarter"
    comparison = Table(
        ["Report", *(word for _, word in COUNT_COLUMNS)],
        [
            [f"Previous report ({before})", *(int(previous[key]) for key, _ in COUNT_COLUMNS)],
            [f"This report ({data['period']['label']})", *(int(totals[key]) for key, _ in COUNT_COLUMNS)],
            ["Change", *(Change(int(totals[key]) - int(previous[key])) for key, _ in COUNT_COLUMNS)],
        ],
        numeric=True,
        total_row=True,
        caption="Actions by BRAG rating, now and at the previous report",
    )
    moved = Table(
        ["Action", "Previous rating", "Rating now"],
        [
            [f"{m.get('reference', '')} {m.get('title', '')}".strip(), _previous_rating(m), _brag(m)]
            for m in data["moved"]
        ],
        empty="There are no actions whose rating changed since the previous report.",
        caption="Actions whose rating changed",
    )
    return Section(
        "progress",
        "Progress since last quarter",
        [comparison, updates_table, moved],
        notes=[f"Compared with the report for {before}."],
    )


def _evidence_text(items: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for item in items:
        details = [str(item.get("kind", ""))]
        if item.get("sha256"):
            details.append(f"SHA-256 {str(item['sha256'])[:12]}")
        if item.get("url"):
            details.append(str(item["url"]))
        lines.append(f"{item.get('name', '')} ({', '.join(d for d in details if d)})")
    return "\n".join(lines) or "No evidence recorded."


def _number(value: Any, unit: str) -> str:
    if value is None or value == "":
        return "Not set"
    if unit == "count":
        return str(value)
    return f"{value}%" if unit == "%" else f"{value} {unit}".strip()


def _figure(value: Mapping[str, Any], unit: str) -> str:
    """One quarter's figure of a measure: small numbers stay hidden in every rendering of the report."""
    if value.get("suppressed"):
        return SUPPRESSED
    if value.get("value") is None:
        return "No data"
    return _number(value.get("value"), unit)


def _measure_name(measure: Mapping[str, Any]) -> str:
    """A measure's name, with its rating against the target when it is an indicator that has one."""
    name = str(measure.get("name", ""))
    if not measure.get("brag"):
        return name
    return f"{name}\nRating: {BRAG_WORDS[measure['brag']]}. {measure.get('brag_reason', '')}".rstrip()


def _measure_rows(line: Mapping[str, Any]) -> list[list[Cell]]:
    head: list[Cell] = [line.get("reference", ""), line.get("title", "")]
    measures = line.get("measures") or []
    if not measures:
        return [[*head, "No measure defined.", "Not set", "Not set", "No measure values yet."]]
    rows = []
    for measure in measures:
        unit = str(measure.get("unit") or "")
        values = "\n".join(f"{v.get('period', '')}: {_figure(v, unit)}" for v in measure.get("values") or [])
        rows.append(
            [
                *head,
                _measure_name(measure),
                _number(measure.get("baseline"), unit),
                _number(measure.get("target"), unit),
                values or "No measure values yet.",
            ]
        )
    return rows


def report_sections(data: Mapping[str, Any]) -> list[Section]:
    """The sections of a report, in order; the Cabinet summary has no lead names and no decisions needed."""
    personal = not is_cabinet(data)
    sections = [_brag_section(data), _progress_section(data)]
    sections.append(
        Section(
            "exceptions",
            "Exceptions",
            [
                Table(
                    ["Ref", "Action", *_people(personal), "Rating", "Due date", "Reason", "Mitigation"],
                    [
                        [
                            e.get("reference", ""),
                            e.get("title", ""),
                            *_who(e, personal),
                            _brag(e),
                            _date(e.get("due")),
                            e.get("brag_reason", ""),
                            e.get("mitigation") or "None given.",
                        ]
                        for e in data["exceptions"]
                    ],
                    empty="There are no exceptions this quarter.",
                )
            ],
        )
    )
    sections.append(
        Section(
            "revised",
            "Revised timescales",
            [
                Table(
                    ["Ref", "Action", *_people(personal), "Original due date", "Current due date", "Reason"],
                    [
                        [
                            r.get("reference", ""),
                            r.get("title", ""),
                            *_who(r, personal),
                            _date(r.get("original_due")),
                            _date(r.get("due")),
                            r.get("reason") or "None given.",
                        ]
                        for r in data["revised_timescales"]
                    ],
                    empty="There are no revised timescales.",
                )
            ],
        )
    )
    sections.append(
        Section(
            "completed",
            "Delivered and impact evidenced",
            [
                Table(
                    ["Ref", "Action", *_people(personal), "Status", "Evidence"],
                    [
                        [
                            c.get("reference", ""),
                            c.get("title", ""),
                            *_who(c, personal),
                            c.get("status", ""),
                            _evidence_text(c.get("evidence") or []),
                        ]
                        for c in data["completed"]
                    ],
                    empty="There are no delivered actions yet.",
                )
            ],
            notes=["Evidence files are identified by the first 12 characters of their SHA-256 fingerprint."]
            if data["completed"]
            else [],
        )
    )
    sections.append(
        Section(
            "scrutiny",
            "Scrutiny and audit",
            [
                Table(
                    ["Ref", "Action", *_people(personal), "Scrutiny or audit done this quarter"],
                    [
                        [
                            s.get("reference", ""),
                            s.get("title", ""),
                            *_who(s, personal),
                            "\n".join(s.get("scrutiny") or []),
                        ]
                        for s in data["scrutiny_done"]
                    ],
                    empty="There are no scrutiny or audit activities reported this quarter.",
                )
            ],
        )
    )
    sections.append(
        Section(
            "measures",
            "Success measures",
            [
                Table(
                    ["Ref", "Action", "Measure", "Baseline", "Target", "Values"],
                    [row for m in data["success_measures"] for row in _measure_rows(m)],
                    empty="There are no success measures recorded.",
                )
            ],
        )
    )
    if personal:
        sections.append(
            Section(
                "decisions",
                "Decisions needed",
                [
                    Table(
                        ["Ref", "Action", "Owner", "Lead", "Decision needed"],
                        [
                            [
                                d.get("reference", ""),
                                d.get("title", ""),
                                d.get("owner", ""),
                                d.get("lead", ""),
                                d.get("question", ""),
                            ]
                            for d in data["decisions_needed"]
                        ],
                        empty="There are no decisions needed this quarter.",
                    )
                ],
            )
        )
    return sections
