"""Sample quarterly report data in the exact shape the snapshot builder produces (ReportData), for renderer tests."""

from __future__ import annotations

import copy
from typing import Any

from partnership.reporting.snapshot_shape import ActionLine, ReportData, ThemeRow

THEMES = [
    "1. Priority Action – Strategy Meetings",
    "2. Front Door & MASH",
    "3. Safeguarding Practice & Workforce Development",
    "4. Leadership & Management",
    "5. Voice of the Child",
]
# Every personal name in the sample: the Cabinet summary must show none of them.
LEAD_NAMES = ["Sarah Whitfield", "Imran Qureshi", "Helen Armstrong", "Gareth Pryce", "Joanne Ellison"]
EXCEPTION_REASON = "Overdue since 31 March 2019 and not delivered"
REVISED_ORIGINAL_DUE = "2019-03-31"
REVISED_CURRENT_DUE = "2019-09-30"
EVIDENCE_SHA256 = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
FORMULA_TITLE = '=HYPERLINK("http://example.org") Audit of strategy meeting minutes'


def _row(theme: str, red: int, amber: int, green: int, blue: int, none: int = 0, revised: int = 0) -> ThemeRow:
    return ThemeRow(
        theme=theme,
        red=red,
        amber=amber,
        green=green,
        blue=blue,
        none=none,
        total=red + amber + green + blue + none,
        revised=revised,
    )


def _line(reference: str, title: str, theme: int, owner: str, lead: str, brag: str | None, **extra: Any) -> ActionLine:
    line = ActionLine(
        reference=reference,
        title=title,
        theme=THEMES[theme - 1],
        owner=owner,
        lead=lead,
        brag=brag,
        brag_reason=extra.pop("brag_reason", "On track"),
        status=extra.pop("status", "In progress"),
        due=extra.pop("due", "2019-06-30"),
        original_due=extra.pop("original_due", "2019-06-30"),
    )
    line.update(extra)  # type: ignore[typeddict-item]
    return line


def _quarterly() -> ReportData:
    rows = [
        _row(THEMES[0], 1, 1, 6, 2, revised=1),
        _row(THEMES[1], 0, 2, 9, 1, revised=2),
        _row(THEMES[2], 1, 0, 7, 3, none=1),
        _row(THEMES[3], 0, 1, 5, 2),
        _row(THEMES[4], 0, 0, 4, 1),
    ]
    totals = _row(
        "All themes",
        red=sum(row["red"] for row in rows),
        amber=sum(row["amber"] for row in rows),
        green=sum(row["green"] for row in rows),
        blue=sum(row["blue"] for row in rows),
        none=sum(row["none"] for row in rows),
        revised=sum(row["revised"] for row in rows),
    )
    return ReportData(
        kind="quarterly",
        title="Improvement plan progress, 2019-Q2",
        partnership="County Durham",
        inspection="Joint targeted area inspection: children living with domestic abuse",
        period={"label": "2019-Q2", "starts_on": "2019-04-01", "ends_on": "2019-06-30"},
        previous_period="2019-Q1",
        as_at="2019-07-05",
        totals=totals,
        brag_by_theme=rows,
        previous_totals=_row("All themes", 0, 3, 38, 2, revised=1),
        updates={"requested": 52, "submitted": 47, "missing": 5},
        moved=[
            _line(
                "1.3",
                "Police attend every initial strategy meeting",
                1,
                "Durham Constabulary",
                LEAD_NAMES[1],
                "red",
                question="was amber",
                brag_reason=EXCEPTION_REASON,
            ),
            _line(
                "3.2",
                "Domestic abuse training for all front-line staff",
                3,
                "Safeguarding Partnership",
                LEAD_NAMES[2],
                "blue",
                question="was green",
                status="Impact evidenced",
            ),
        ],
        exceptions=[
            _line(
                "1.3",
                "Police attend every initial strategy meeting",
                1,
                "Durham Constabulary",
                LEAD_NAMES[1],
                "red",
                brag_reason=EXCEPTION_REASON,
                due="2019-03-31",
                original_due="2019-03-31",
                mitigation="Interim rota of detective sergeants agreed from 1 July 2019.",
                narrative="Attendance rose to 82% in June.",
            ),
            _line(
                "2.4",
                "Feedback to referrers within 3 working days",
                2,
                "Children's Social Care",
                LEAD_NAMES[0],
                "amber",
                brag_reason="At risk: due within 30 days and not started",
                mitigation="Template letter drafted; MASH board to agree on 15 July.",
                narrative="",
            ),
        ],
        revised_timescales=[
            _line(
                "2.1",
                "Probation and YOS represented in the MASH",
                2,
                "National Probation Service",
                LEAD_NAMES[3],
                "green",
                due=REVISED_CURRENT_DUE,
                original_due=REVISED_ORIGINAL_DUE,
                reason="Recruitment of a seconded probation officer delayed until August.",
            ),
        ],
        completed=[
            _line(
                "3.2",
                "Domestic abuse training for all front-line staff",
                3,
                "Safeguarding Partnership",
                LEAD_NAMES[2],
                "blue",
                status="Impact evidenced",
                evidence=[
                    {
                        "name": "Training attendance register Q1–Q2",
                        "kind": "file",
                        "sha256": EVIDENCE_SHA256,
                        "url": "",
                    },
                    {
                        "name": "Post-training case file audit",
                        "kind": "link",
                        "sha256": "",
                        "url": "https://partnership.example.org/audits/17",
                    },
                ],
            ),
            _line(
                "5.1",
                FORMULA_TITLE,
                5,
                "Children's Social Care",
                LEAD_NAMES[4],
                "green",
                status="Delivered",
                evidence=[],
            ),
        ],
        scrutiny_done=[
            _line(
                "1.1",
                "Strategy meetings held within target",
                1,
                "Children's Social Care",
                LEAD_NAMES[0],
                "green",
                scrutiny=["Multi-agency audit of 20 strategy meetings in May 2019."],
            ),
        ],
        success_measures=[
            _line(
                "1.1",
                "Strategy meetings held within target",
                1,
                "Children's Social Care",
                LEAD_NAMES[0],
                "green",
                measures=[
                    {
                        "name": "Strategy meetings held within 3 working days",
                        "unit": "%",
                        "baseline": 61,
                        "target": 90,
                        "values": [{"period": "2019-Q1", "value": 72}, {"period": "2019-Q2", "value": 84}],
                    }
                ],
            ),
            _line(
                "2.4",
                "Feedback to referrers within 3 working days",
                2,
                "Children's Social Care",
                LEAD_NAMES[0],
                "amber",
                measures=[
                    {
                        "name": "Referrers told the outcome within 3 working days",
                        "unit": "%",
                        "baseline": None,
                        "target": 95,
                        "values": [],
                    }
                ],
            ),
        ],
        decisions_needed=[
            _line(
                "3.2",
                "Domestic abuse training for all front-line staff",
                3,
                "Safeguarding Partnership",
                LEAD_NAMES[2],
                "blue",
                question="Confirm delivered?",
            ),
            _line(
                "2.1",
                "Probation and YOS represented in the MASH",
                2,
                "National Probation Service",
                LEAD_NAMES[3],
                "green",
                question="Agree a new due date of 30 September 2019? Recruitment delayed.",
            ),
        ],
        all_ratings=[{"reference": "1.1", "brag": "green"}, {"reference": "1.3", "brag": "red"}],
    )


def _strip_leads(data: ReportData) -> ReportData:
    """The builder leaves leads out of the Cabinet summary; the sample keeps them in to prove renderers ignore them."""
    data["kind"] = "cabinet"
    data["title"] = "Cabinet summary: " + data["title"]
    return data


def sample_report(kind: str = "quarterly") -> ReportData:
    """A realistic report with every section filled in; kind "cabinet" is the Cabinet summary of the same quarter.

    The Cabinet variant deliberately still carries lead names and decisions, so tests prove the renderers omit them.
    """
    data = copy.deepcopy(_quarterly())
    return _strip_leads(data) if kind == "cabinet" else data


def empty_report(kind: str = "quarterly") -> ReportData:
    """The first report of a plan with no actions: every list empty and no previous totals."""
    data = sample_report(kind)
    data["brag_by_theme"] = []
    data["totals"] = _row("All themes", 0, 0, 0, 0)
    data["previous_totals"] = None
    data["previous_period"] = None
    data["updates"] = {"requested": 0, "submitted": 0, "missing": 0}
    for key in (
        "moved",
        "exceptions",
        "revised_timescales",
        "completed",
        "scrutiny_done",
        "success_measures",
        "decisions_needed",
    ):
        data[key] = []  # type: ignore[literal-required]
    data["all_ratings"] = []
    return data
