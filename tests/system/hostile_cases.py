"""The bad files tried on each import, as (case name, file name, content, words the refusal must contain)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from partnership.encompass.import_checking import COLUMNS as INCIDENT_COLUMNS
from partnership.measures.models.annex_a import LIST_SPECS
from partnership.plans.import_reading import MAX_UNPACKED_BYTES as PLAN_MAX_UNPACKED
from tests.measures.test_annex_a_checking import GOOD as ANNEX_GOOD
from tests.plans.test_import_export import good_data, write_file
from tests.system.hostile_files import (
    FORMULAS,
    PNG,
    POUNDS,
    csv_text,
    damaged_zip,
    empty_zip,
    encodings,
    xlsx,
    zip_bomb,
)

Case = tuple[str, str, "bytes | Callable[[], bytes]", str]
MB = 1024 * 1024
NOT_XLSX = "could not be read as an Excel workbook"


def plan_bytes(data: dict[str, Any], file_format: str) -> bytes:
    return write_file(data, file_format).read()


def _plan_with(sheet: str, column: str, value: Any) -> dict[str, Any]:
    data = good_data()
    target = data[sheet] if sheet == "Plan" else data[sheet][0]
    target[column] = value
    return data


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    lines += ["Plan: {Title: *a9}", "Actions: *a9"]
    return "\n".join(lines).encode()


def plan_cases() -> list[Case]:
    """Every way a plan file can be wrong, each with the words its refusal must use."""
    header_only = {name: [[*rows[0]]] if isinstance(rows, list) else [["Field", "Value"]] for name, rows in {
        "Plan": {}, **{name: [list(good_data()[name][0])] for name in ("Themes", "Findings", "Actions", "Links")}
    }.items()}  # fmt: skip
    renamed = good_data()
    renamed["Actions"] = [{("Titel" if k == "Title" else k): v for k, v in row.items()} for row in renamed["Actions"]]
    text = json.dumps(_plan_with("Plan", "Notes", POUNDS), default=date.isoformat, ensure_ascii=False)
    cases: list[Case] = [
        ("empty xlsx", "plan.xlsx", b"", NOT_XLSX),
        ("empty json", "plan.json", b"", "could not be read as JSON"),
        ("header only", "plan.xlsx", xlsx(header_only), "the field is missing"),
        ("wrong header", "plan.xlsx", plan_bytes(renamed, "xlsx"), "Title"),
        ("text for a number", "plan.xlsx", plan_bytes(_plan_with("Actions", "Timescale months", "soon"), "xlsx"),
         "'soon' is not a whole number"),
        ("text for a date", "plan.xlsx", plan_bytes(_plan_with("Plan", "Plan start", "next week"), "xlsx"),
         "bad date 'next week'"),
        ("number for a date", "plan.json", plan_bytes(_plan_with("Plan", "Plan start", 45000.5), "json"),
         "bad date"),
        ("list for text", "plan.json", plan_bytes(_plan_with("Actions", "Title", ["a", "b"]), "json"),
         "expected text"),
        ("zip bomb", "plan.xlsx", partial(zip_bomb, PLAN_MAX_UNPACKED + MB), "unpacks to more than 100 MB"),
        ("damaged zip", "plan.xlsx", damaged_zip(), NOT_XLSX),
        ("empty zip", "plan.xlsx", empty_zip(), NOT_XLSX),
        ("PNG named xlsx", "plan.xlsx", PNG, NOT_XLSX),
        ("xlsx named json", "plan.json", plan_bytes(good_data(), "xlsx"), "it is not UTF-8 text"),
        ("xlsx named yaml", "plan.yaml", plan_bytes(good_data(), "xlsx"), "it is not UTF-8 text"),
        ("UTF-16 json", "plan.json", encodings(text)["utf-16"], "it is not UTF-8 text"),
        ("Windows-1252 json", "plan.json", encodings(text)["cp1252"], "it is not UTF-8 text"),
        ("unknown suffix", "plan.csv", b"Field,Value\r\nTitle,x\r\n", "must be an Excel workbook (.xlsx), YAML"),
        ("NUL in a cell", "plan.json", plan_bytes(_plan_with("Actions", "Title", "A\x00B"), "json"),
         "null character"),
        ("NUL bytes in the file", "plan.yaml", b"Plan:\x00\x00\n", "could not be read as YAML"),
        ("extremely long line", "plan.json", plan_bytes(_plan_with("Plan", "Title", "x" * 2 * MB), "json"),
         "longer than"),
        ("deeply nested json", "plan.json", b"[" * 200_000 + b"]" * 200_000, "could not be read as JSON"),
        ("yaml code tag", "plan.yaml", b"Plan: !!python/object/apply:os.system ['echo hacked']\n",
         "could not be read as YAML"),
        ("yaml billion laughs", "plan.yaml", _billion_laughs(), "expected text"),
        ("not a mapping", "plan.json", b"[1, 2, 3]", "does not hold a mapping"),
    ]  # fmt: skip
    for number, formula in enumerate(FORMULAS):
        if formula.startswith("="):  # only '=' makes a real formula cell; the others are text (tried below)
            data = _plan_with("Actions", "Title" if number % 2 else "Expected impact", formula)
            cases.append((f"formula cell {number}", "plan.xlsx", plan_bytes(data, "xlsx"), "formulas are not accepted"))
    return cases


# ---------------------------------------------------------------- Annex A


def annex_rows(number: int, *changes: dict[str, Any]) -> list[list[Any]]:
    """A list's heading row and one good row per change given (or one good row)."""
    headings = [column.heading for column in LIST_SPECS[number].columns]
    rows = [{**ANNEX_GOOD[number], "Child Unique ID": f"C{n}", **change} for n, change in enumerate(changes or [{}])]
    return [headings, *[[row.get(name, "") for name in headings] for row in rows]]


def annex_csv(number: int, *changes: dict[str, Any]) -> bytes:
    return csv_text([[str(cell) for cell in row] for row in annex_rows(number, *changes)]).encode("utf-8")


def annex_cases() -> list[Case]:
    """Every way an Annex A file can be wrong."""
    from partnership.measures.annex_a_importing import MAX_UNPACKED_BYTES

    headings = annex_rows(1)[0]
    cases: list[Case] = [
        ("empty xlsx", "annex-a.xlsx", b"", NOT_XLSX),
        ("empty csv", "annex-a-list-1.csv", b"", "the heading row lacks"),
        ("header only xlsx", "annex-a.xlsx", xlsx({"List 1": [headings]}), "the list has no rows"),
        ("wrong headers", "annex-a-list-1.csv", b"name,when\r\nA,01/01/2026\r\n", "the heading row lacks"),
        ("missing header", "annex-a-list-1.csv", csv_text([headings[1:], ["x"] * (len(headings) - 1)]).encode(),
         "the heading row lacks"),
        ("text for a date", "annex-a-list-1.csv", annex_csv(1, {"Date of Contact": "yesterday"}), "is not a date"),
        ("number for a date", "annex-a.xlsx", xlsx({"List 1": annex_rows(1, {"Date of Contact": 45000})}),
         "is the number 45000, not a date"),
        ("text for a count", "annex-a-list-3.csv", annex_csv(3, {"Number of Referrals in Last 12 Months": "lots"}),
         "must be a whole number"),
        ("zip bomb", "annex-a.xlsx", partial(zip_bomb, MAX_UNPACKED_BYTES + MB), "unpacks to more than 512 MB"),
        ("damaged zip", "annex-a.xlsx", damaged_zip(), NOT_XLSX),
        ("PNG named xlsx", "annex-a.xlsx", PNG, NOT_XLSX),
        ("xlsx named csv", "annex-a-list-1.csv", xlsx({"List 1": annex_rows(1)}), "the heading row lacks"),
        ("UTF-16 csv", "annex-a-list-1.csv", annex_csv(1).decode().encode("utf-16"), "the heading row lacks"),
        ("no list named", "annex-a.csv", annex_csv(1), "Say which list the CSV file holds"),
        ("unknown suffix", "annex-a.txt", annex_csv(1), "must be an Excel workbook (.xlsx) or a CSV file"),
        ("NUL in a cell", "annex-a-list-1.csv", annex_csv(1, {"Child Unique ID": "C\x001"}), "control character"),
        ("extremely long cell", "annex-a-list-1.csv", annex_csv(1, {"Child Unique ID": "C" * 300_000}),
         "could not be read"),
        ("long ID", "annex-a-list-1.csv", annex_csv(1, {"Child Unique ID": "C" * 65}), "longer than 64 characters"),
    ]  # fmt: skip
    for number, formula in enumerate(FORMULAS[:2]):
        book = xlsx({"List 1": annex_rows(1, {"Child Unique ID": formula})}, formulas=True)
        cases.append((f"formula cell {number}", "annex-a.xlsx", book, "Annex A needs values, not formulas"))
        cases.append((f"formula in csv {number}", "annex-a-list-1.csv", annex_csv(1, {"Child Unique ID": formula}),
                      "Annex A needs values, not formulas"))  # fmt: skip
    return cases


# ---------------------------------------------------------------- Operation Encompass

INCIDENT = {
    "police_reference": "DUR-900", "occurred_at": "2026-11-13 18:30", "place": "The family home",
    "risk_level": "medium", "officer": "PC 1 Example", "circumstances": "Shouting heard", "child_first_name": "Robin",
    "child_last_name": "Example", "child_date_of_birth": "2017-05-01", "child_local_id": "", "child_nhs_number": "",
    "child_present": "yes", "child_words": "",
}  # fmt: skip


def incidents_csv(*changes: dict[str, str], columns: tuple[str, ...] = INCIDENT_COLUMNS) -> str:
    rows = [{**INCIDENT, "police_reference": f"DUR-9{n:02}", **change} for n, change in enumerate(changes or [{}])]
    return csv_text([list(columns), *[[row.get(name, "") for name in columns] for row in rows]])


def incident_cases() -> list[Case]:
    """Every way a police export of incidents can be wrong (as bytes, as uploaded)."""
    cases: list[tuple[str, str, bytes | str, str]] = [
        ("header only", "incidents.csv", ",".join(INCIDENT_COLUMNS) + "\r\n", "the file has no incidents"),
        ("wrong headers", "incidents.csv", "ref,when\r\nX,2026-01-01\r\n", "the heading row lacks"),
        ("text for a date", "incidents.csv", incidents_csv({"occurred_at": "last night"}), "occurred_at is not a date"),
        ("bad date of birth", "incidents.csv", incidents_csv({"child_date_of_birth": "31/02/2017"}),
         "child_date_of_birth is not a date"),
        ("PNG named csv", "incidents.csv", PNG, "saved as UTF-8"),
        ("xlsx named csv", "incidents.csv", xlsx({"Sheet": [list(INCIDENT_COLUMNS)]}), "saved as UTF-8"),
        ("UTF-16", "incidents.csv", encodings(incidents_csv({"place": POUNDS}))["utf-16"], "saved as UTF-8"),
        ("Windows-1252", "incidents.csv", encodings(incidents_csv({"place": POUNDS}))["cp1252"], "saved as UTF-8"),
        ("NUL in a cell", "incidents.csv", incidents_csv({"place": "Home\x00"}), "saved as UTF-8"),
        ("extremely long cell", "incidents.csv", incidents_csv({"circumstances": "x" * 300_000}), "could not be read"),
        ("long reference", "incidents.csv", incidents_csv({"police_reference": "R" * 41}), "longer than 40"),
        ("long place", "incidents.csv", incidents_csv({"place": "P" * 201}), "longer than 200"),
        ("long officer", "incidents.csv", incidents_csv({"officer": "O" * 201}), "longer than 200"),
        ("long child name", "incidents.csv", incidents_csv({"child_first_name": "N" * 101}), "longer than 100"),
        ("long NHS number", "incidents.csv", incidents_csv({"child_nhs_number": "1" * 30}), "NHS number"),
        ("too many rows", "incidents.csv", incidents_csv(*[{"police_reference": "DUR-1"}] * 20_001),
         "more than 20000 rows"),
    ]  # fmt: skip
    return [(name, file, data.encode() if isinstance(data, str) else data, words) for name, file, data, words in cases]


def terms_cases() -> list[Case]:
    """Every way a CSV of term dates can be wrong."""
    good = "term_name,first_day,last_day\r\nAutumn,2026-09-03,2026-12-18\r\n"
    cases: list[tuple[str, str, bytes | str, str]] = [
        ("header only", "terms.csv", "term_name,first_day,last_day\r\n", "the file has no term dates"),
        ("wrong headers", "terms.csv", "a,b\r\nx,y\r\n", "a column is missing or extra"),
        ("text for a date", "terms.csv", good.replace("2026-12-18", "Christmas"), "last_day is not a date"),
        ("PNG named csv", "terms.csv", PNG, "saved as UTF-8"),
        ("UTF-16", "terms.csv", good.encode("utf-16"), "saved as UTF-8"),
        ("Windows-1252", "terms.csv", good.replace("Autumn", "Autumn £ \u2019").encode("cp1252"), "saved as UTF-8"),
        ("NUL in a cell", "terms.csv", good.replace("Autumn", "Aut\x00umn"), "saved as UTF-8"),
        ("extremely long cell", "terms.csv", good.replace("Autumn", "A" * 300_000), "could not be read"),
        ("long name", "terms.csv", good.replace("Autumn", "A" * 101), "longer than 100"),
    ]  # fmt: skip
    return [(name, file, data.encode() if isinstance(data, str) else data, words) for name, file, data, words in cases]


def content_of(case: Case) -> bytes:
    """The bytes of a case's file (a zip bomb is made only when a test asks for it)."""
    content = case[2]
    return content() if callable(content) else content
